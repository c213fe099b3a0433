//! The summary's charts, drawn with filled rectangles: a progress bar and horizontal bars
//! stacked by risk.

use hashira_core::{Lang, RiskCounts};

use super::layout::{CONTENT_W, Layout, MARGIN_X, PAGE_W};
use super::style::{BAND_FILL, INK, MUTED, NAVY, Style, risk_colour, risk_text_colour};
use crate::counts::{RISKS, count_of};
use crate::i18n::{self, texts};

/// One bar: a set (bold, flush left) or a pillar under it (indented).
pub(crate) struct ChartRow {
    pub(crate) name: String,
    pub(crate) is_set: bool,
    pub(crate) counts: RiskCounts,
}

/// A bar across the content width filled to `percent`.
pub(crate) fn progress_bar(layout: &mut Layout, percent: u32) {
    let done_w = CONTENT_W * percent as f32 / 100.0;
    layout.fill_rect(MARGIN_X, layout.y, CONTENT_W, 7.0, BAND_FILL);
    layout.fill_rect(MARGIN_X, layout.y, done_w, 7.0, NAVY);
    layout.y += 20.0;
}

/// The small bold line above a chart, kept with the chart's first rows.
pub(crate) fn caption(layout: &mut Layout, text: &str) {
    let style = Style::new(8.0, true, MUTED);
    layout.ensure(style.line_height() + 24.0);
    layout.text(MARGIN_X, layout.y, text, style);
    layout.y += style.line_height() + 3.0;
}

const LABEL_W: f32 = 150.0;
const TOTAL_W: f32 = 34.0;
const BAR_X: f32 = MARGIN_X + LABEL_W + 6.0;

/// A horizontal stacked bar per row, segments in [`RISKS`] order, all on one scale (the
/// largest question count fills the width); the total is printed at the right.
pub(crate) fn bar_chart(layout: &mut Layout, rows: &[ChartRow], lang: Lang, legend: bool) {
    let fonts = layout.fonts;
    let bar_w = CONTENT_W - LABEL_W - 6.0 - TOTAL_W;
    let bar_h = 13.0;
    let row_h = 19.0;
    let max = rows
        .iter()
        .map(|r| r.counts.questions)
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    for row in rows {
        layout.ensure(row_h);
        let style = if row.is_set {
            Style::new(8.4, true, INK)
        } else {
            Style::new(8.0, false, MUTED)
        };
        let indent = if row.is_set { 0.0 } else { 10.0 };
        let name = fonts.fitted_line(&row.name, LABEL_W - indent, style.size, style.bold);
        let top = layout.y;
        layout.text(
            MARGIN_X + indent,
            top + (bar_h - style.size) / 2.0,
            &name,
            style,
        );
        // Track, then one segment per risk.
        layout.fill_rect(BAR_X, top, bar_w, bar_h, BAND_FILL);
        let mut x = BAR_X;
        for risk in RISKS {
            let n = count_of(&row.counts, risk);
            if n == 0 {
                continue;
            }
            let w = bar_w * n as f32 / max;
            layout.fill_rect(x, top, w, bar_h, risk_colour(risk));
            let label = n.to_string();
            let label_style = Style::new(7.2, true, risk_text_colour(risk));
            let lw = fonts.width(&label, label_style.size, true);
            if lw + 3.0 < w {
                layout.text(
                    x + (w - lw) / 2.0,
                    top + (bar_h - 7.2) / 2.0,
                    &label,
                    label_style,
                );
            }
            x += w;
        }
        let total = row.counts.questions.to_string();
        let ts = Style::new(8.0, false, INK);
        let tw = fonts.width(&total, ts.size, false);
        layout.text(
            PAGE_W - MARGIN_X - tw,
            top + (bar_h - ts.size) / 2.0,
            &total,
            ts,
        );
        layout.y += row_h;
    }
    if legend {
        risk_legend(layout, lang);
    } else {
        layout.y += 6.0;
    }
}

/// A colour swatch and short name per risk, under the bars.
fn risk_legend(layout: &mut Layout, lang: Lang) {
    let fonts = layout.fonts;
    layout.ensure(16.0);
    let mut x = BAR_X;
    let style = Style::new(7.6, false, INK);
    let legend = Style::new(7.6, true, MUTED);
    let lw = fonts.width(texts(lang).legend, legend.size, true);
    layout.text(BAR_X - lw - 8.0, layout.y + 1.0, texts(lang).legend, legend);
    for risk in RISKS {
        let top = layout.y + 1.0;
        layout.fill_rect(x, top, 9.0, 9.0, risk_colour(risk));
        let label = i18n::risk_short(lang, risk);
        layout.text(x + 12.0, top + 0.5, label, style);
        x += 12.0 + fonts.width(label, style.size, false) + 14.0;
    }
    layout.y += 20.0;
}
