//! The section "changes since milestone X" (after the summary, when asked for): the diff's
//! counts, the changed questions with each change on its own line, the workload properties,
//! WG decisions and improvement items that changed, and the risk trend over milestones (a
//! stacked bar per milestone and the review now, per set). Every figure is the model's.

use hashira_core::Risk;

use crate::i18n::{Texts, milestone_texts, risk_short};
use crate::model::{ChangesSection, ReportModel};
use crate::render::charts::{ChartRow, bar_chart, caption};
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X};
use crate::render::style::{BODY, BODY_STYLE, MUTED_BODY_STYLE, NAVY, SMALL_STYLE, Style, WARNING};
use crate::render::table::{Align, Cell, columns};

pub(crate) fn changes(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let Some(c) = &model.changes else {
        return;
    };
    let lang = model.lang;
    let m = milestone_texts(lang);
    layout.paragraph(MARGIN_X, CONTENT_W, &c.intro, MUTED_BODY_STYLE);
    layout.y += 6.0;

    let cols = columns(&[("", 4.0, Align::Left), (m.count, 1.0, Align::Right)]);
    let rows: Vec<Vec<Cell>> = c
        .summary_rows
        .iter()
        .map(|(label, n)| vec![Cell::new(label.clone()), Cell::new(n.to_string()).bold()])
        .collect();
    layout.table(MARGIN_X, &cols, &rows, true);
    layout.y += 8.0;

    let nothing =
        c.questions.is_empty() && c.workload.is_empty() && c.wg.is_empty() && c.items.is_empty();
    if nothing {
        layout.paragraph(MARGIN_X, CONTENT_W, m.no_changes, BODY_STYLE);
        layout.y += 6.0;
    }
    questions(layout, c, t, lang);
    if !c.workload.is_empty() {
        layout.heading(m.workload_changes, 11.0, NAVY, 40.0);
        let cols = columns(&[
            ("", 1.4, Align::Left),
            (m.before, 2.0, Align::Left),
            (m.after, 2.0, Align::Left),
        ]);
        let rows: Vec<Vec<Cell>> = c
            .workload
            .iter()
            .map(|(label, before, after)| {
                vec![
                    Cell::new(label.clone()).bold(),
                    Cell::new(before.clone()),
                    Cell::new(after.clone()),
                ]
            })
            .collect();
        layout.table(MARGIN_X, &cols, &rows, true);
        layout.y += 8.0;
    }
    if !c.wg.is_empty() {
        layout.heading(m.wg_changes, 11.0, NAVY, 30.0);
        for line in &c.wg {
            layout.bullet(MARGIN_X + 2.0, CONTENT_W - 2.0, "•", NAVY, line, BODY_STYLE);
        }
        layout.y += 8.0;
    }
    if !c.items.is_empty() {
        layout.heading(m.item_changes, 11.0, NAVY, 40.0);
        for item in &c.items {
            let style = Style::new(BODY, true, if item.overdue { WARNING } else { NAVY });
            layout.paragraph(
                MARGIN_X + 2.0,
                CONTENT_W - 2.0,
                &format!("{}  {}", item.name, item.title),
                style,
            );
            for line in &item.changes {
                layout.bullet(
                    MARGIN_X + 12.0,
                    CONTENT_W - 12.0,
                    "•",
                    NAVY,
                    line,
                    BODY_STYLE,
                );
            }
            if !item.by.is_empty() {
                layout.paragraph(MARGIN_X + 26.0, CONTENT_W - 26.0, &item.by, SMALL_STYLE);
            }
            layout.gap(4.0);
        }
        layout.y += 4.0;
    }
    trend(layout, c, lang);
}

/// The changed questions as a table: label, title with each change under it, risk before and
/// after, who and when.
fn questions(layout: &mut Layout, c: &ChangesSection, t: &Texts, lang: hashira_core::Lang) {
    if c.questions.is_empty() {
        return;
    }
    let m = milestone_texts(lang);
    layout.heading(m.changed_questions, 11.0, NAVY, 50.0);
    let cols = columns(&[
        (t.question, 0.9, Align::Left),
        (m.what_changed, 4.0, Align::Left),
        (m.before, 0.8, Align::Center),
        (m.after, 0.8, Align::Center),
        (m.by_when, 1.3, Align::Left),
    ]);
    let risk = |r: Option<Risk>| match r {
        Some(r) => Cell::risk(lang, r),
        None => Cell::new(m.nothing),
    };
    let rows: Vec<Vec<Cell>> = c
        .questions
        .iter()
        .map(|q| {
            let mut text = q.title.clone();
            for line in &q.changes {
                text.push_str("\n・");
                text.push_str(line);
            }
            vec![
                Cell::new(format!("{}\n{}", q.label, q.set_id)).bold(),
                Cell::new(text),
                risk(q.risk_before),
                risk(q.risk_after),
                Cell::new(q.by.clone()).style(SMALL_STYLE),
            ]
        })
        .collect();
    layout.table(MARGIN_X, &cols, &rows, true);
    layout.y += 8.0;
}

/// A stacked bar per milestone (and now), per set: HIGH, MEDIUM, NONE, N/A, unanswered.
fn trend(layout: &mut Layout, c: &ChangesSection, lang: hashira_core::Lang) {
    if c.trend.iter().all(|s| s.points.is_empty()) {
        return;
    }
    let m = milestone_texts(lang);
    layout.heading(m.trend, 11.0, NAVY, 60.0);
    layout.paragraph(MARGIN_X, CONTENT_W, m.trend_intro, MUTED_BODY_STYLE);
    layout.y += 4.0;
    let last = c.trend.len().saturating_sub(1);
    for (index, set) in c.trend.iter().enumerate() {
        if set.points.is_empty() {
            continue;
        }
        caption(layout, &set.caption);
        let rows: Vec<ChartRow> = set
            .points
            .iter()
            .map(|p| ChartRow {
                name: format!(
                    "{}  ({} {} / {} {})",
                    p.label,
                    risk_short(lang, Risk::High),
                    p.counts.high,
                    risk_short(lang, Risk::Medium),
                    p.counts.medium
                ),
                is_set: false,
                counts: p.counts,
            })
            .collect();
        bar_chart(layout, &rows, lang, index == last);
    }
}
