//! The cover page and its table of contents. The cover states whether the review is a draft
//! and the workbook's integrity check; names too long for it are cut with "…" (they are
//! printed whole in the workload section).

use hashira_core::Risk;
use hashira_core::question_set::version_label;

use crate::i18n::{Texts, join_list};
use crate::model::ReportModel;
use crate::render::draw;
use crate::render::layout::{BOTTOM, CONTENT_W, Layout, MARGIN_X, PAGE_W};
use crate::render::style::{
    INK, MUTED, NAVY, RULE, SMALL_INK_STYLE, Style, WARNING, WARNING_FILL, risk_colour,
};
use crate::render::table::{Cell, property_table, property_value_width};

/// Lines the workload name and client may take under the cover's title.
const COVER_NAME_LINES: usize = 3;
/// Lines a long value may take in the cover's table (the contents must still fit below).
const COVER_VALUE_LINES: usize = 2;

/// The cover page; returns where the table of contents goes.
pub(crate) fn cover(layout: &mut Layout, model: &ReportModel, t: &Texts) -> f32 {
    layout.fill_rect(0.0, 0.0, PAGE_W, 14.0, NAVY);
    layout.y = 120.0;
    layout.title(t.title, Style::new(22.0, true, NAVY), 1.35);
    layout.y += 4.0;
    layout.fill_rect(MARGIN_X, layout.y, 64.0, 3.0, risk_colour(Risk::Medium));
    layout.y += 18.0;
    let name_style = Style::new(15.0, true, INK);
    for line in fitted(layout, &model.cover.workload_name, CONTENT_W, name_style) {
        layout.text(MARGIN_X, layout.y, &line, name_style);
        layout.y += name_style.size * 1.4;
    }
    if !model.cover.client_organization.is_empty() {
        layout.y += 2.0;
        let style = Style::new(11.5, false, MUTED);
        for line in fitted(layout, &model.cover.client_organization, CONTENT_W, style) {
            layout.text(MARGIN_X, layout.y, &line, style);
            layout.y += style.line_height();
        }
    }
    layout.y += 14.0;
    status(layout, model, t);
    layout.y += 12.0;

    let sets = model
        .cover
        .sets
        .iter()
        .map(|s| format!("{} ({}) {}", s.title, s.id, version_label(&s.version)))
        .collect::<Vec<_>>()
        .join("\n");
    let value_w = property_value_width();
    let cut = |layout: &Layout, text: &str| {
        layout
            .fonts
            .fitted_lines(text, value_w, SMALL_VALUE.size, false, COVER_VALUE_LINES)
            .join("\n")
    };
    let mut rows = vec![
        (t.workload_name, cut(layout, &model.cover.workload_name)),
        (
            t.client_organization,
            cut(layout, &model.cover.client_organization),
        ),
        (t.reviewers, join_list(&model.cover.reviewers, model.lang)),
        (
            t.review_date,
            model.cover.review_date.clone().unwrap_or_default(),
        ),
        (t.question_sets, sets),
        (t.workbook_file, model.cover.workbook_file_name.clone()),
        (t.workbook_sha256, model.cover.workbook_sha256.clone()),
        (t.generated_at, model.generated_at.clone()),
        (t.confidentiality, cut(layout, &model.label)),
    ];
    // As of a milestone: the milestone, and its record's hash instead of the file's.
    let m = crate::i18n::milestone_texts(model.lang);
    if let Some(mark) = &model.milestone {
        let at = rows
            .iter()
            .position(|(k, _)| *k == t.workbook_sha256)
            .unwrap_or(0);
        rows[at] = (m.record_sha256, mark.content_sha256.clone());
        rows.insert(at, (m.milestone, cut(layout, &mark.as_of)));
    }
    let rows = rows
        .into_iter()
        .map(|(key, value)| {
            // The hash in small print, like the evidence hashes.
            let value = if key == t.workbook_sha256 || key == m.record_sha256 {
                Cell::new(value).style(SMALL_INK_STYLE)
            } else {
                Cell::new(value)
            };
            (key.to_string(), value)
        })
        .collect();
    property_table(layout, t, rows);
    layout.y += 14.0;
    layout.y
}

/// The property table's body text, for cutting its long values.
const SMALL_VALUE: Style = crate::render::style::BODY_STYLE;

/// `text` in at most [`COVER_NAME_LINES`] lines of `width`, cut with "…".
fn fitted(layout: &Layout, text: &str, width: f32, style: Style) -> Vec<String> {
    layout
        .fonts
        .fitted_lines(text, width, style.size, style.bold, COVER_NAME_LINES)
}

/// The draft mark (while the review is incomplete) and the integrity check's result, boxed
/// under the title: red when either needs the reader's attention.
fn status(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let mut lines: Vec<(String, bool)> = Vec::new();
    if model.is_draft() {
        lines.push((t.draft_mark.to_string(), true));
        lines.push(((t.completeness)(&model.summary.totals), true));
    }
    let integrity = &model.integrity;
    if let Some(mark) = &model.milestone {
        lines.push((mark.as_of.clone(), false));
        lines.push((mark.integrity.clone(), !integrity.passed));
        if mark.vouched_for && !integrity.passed {
            lines.push(((t.integrity_failed)(integrity.problems.len()), true));
        }
    } else if integrity.passed {
        lines.push(((t.integrity_passed)(integrity.audit_head.as_ref()), false));
    } else {
        lines.push(((t.integrity_failed)(integrity.problems.len()), true));
    }
    let warn = lines.iter().any(|(_, w)| *w);
    let style = Style::new(10.0, true, NAVY);
    let lh = style.line_height();
    let wrapped: Vec<(Vec<String>, bool)> = lines
        .into_iter()
        .map(|(text, w)| {
            let lines = layout.fonts.wrap(&text, CONTENT_W - 16.0, style.size, true);
            (lines, w)
        })
        .collect();
    let n: usize = wrapped.iter().map(|(l, _)| l.len()).sum();
    let h = n as f32 * lh + 10.0;
    let top = layout.y;
    if warn {
        layout.fill_rect(MARGIN_X, top, CONTENT_W, h, WARNING_FILL);
    }
    layout.fill_rect(MARGIN_X, top, 3.0, h, if warn { WARNING } else { NAVY });
    layout.y += 5.0;
    for (lines, w) in wrapped {
        let style = Style::new(style.size, true, if w { WARNING } else { NAVY });
        for line in lines {
            layout.text(
                MARGIN_X + 10.0,
                layout.y + (lh - style.size) / 2.0,
                &line,
                style,
            );
            layout.y += lh;
        }
    }
    layout.y = top + h;
}

/// The table of contents on the cover, drawn once the section pages are known.
pub(crate) fn contents(layout: &mut Layout, top: f32, toc: &[(String, usize)], t: &Texts) {
    let fonts = layout.fonts;
    let Some(first) = layout.pages.first_mut() else {
        return;
    };
    let heading = Style::new(11.0, true, NAVY);
    draw::text(
        first,
        fonts,
        MARGIN_X,
        top + heading.size,
        t.contents,
        heading,
    );
    let mut y = top + 24.0;
    let style = Style::new(9.5, false, INK);
    for (title, page) in toc {
        if y > BOTTOM - 12.0 {
            break;
        }
        let number = page.to_string();
        let nw = fonts.width(&number, style.size, false);
        let title = fonts.fitted_line(title, CONTENT_W - 60.0, style.size, false);
        let tw = fonts.width(&title, style.size, false);
        draw::text(first, fonts, MARGIN_X + 8.0, y, &title, style);
        draw::text(first, fonts, PAGE_W - MARGIN_X - nw, y, &number, style);
        // Dotted leader.
        let mut x = MARGIN_X + 8.0 + tw + 6.0;
        while x < PAGE_W - MARGIN_X - nw - 6.0 {
            draw::fill_rect(first, x, y - 1.8, 0.9, 0.9, RULE);
            x += 4.0;
        }
        y += 17.0;
    }
}
