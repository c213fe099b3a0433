//! Part 1, the summary: progress (and, for a draft, what is missing), risk bars per set and
//! per pillar, the counts table, and the list of high and medium risks. Every figure is
//! printed as the model holds it (the core's `RiskCounts`); nothing is added up here.

use hashira_core::question_set::version_label;
use hashira_core::{Lang, Risk, RiskCounts};

use crate::i18n::{self, Texts};
use crate::model::{ReportModel, Summary};
use crate::render::charts::{ChartRow, bar_chart, caption, progress_bar};
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X};
use crate::render::style::{BODY, BODY_STYLE, NAVY, SMALL_STYLE, Style, WARNING, risk_colour};
use crate::render::table::{Align, Cell, columns};

pub(crate) fn summary(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let lang = model.lang;
    let s = &model.summary;
    layout.heading(t.progress, 11.0, NAVY, 30.0);
    let line = (t.progress_line)(&s.totals);
    layout.paragraph(MARGIN_X, CONTENT_W, &line, BODY_STYLE);
    layout.y += 3.0;
    progress_bar(layout, s.totals.progress_percent);
    if !s.complete {
        incomplete(layout, s, t);
    }

    layout.heading(t.risk_chart, 11.0, NAVY, 60.0);
    caption(layout, t.by_set);
    bar_chart(layout, &set_rows(s), lang, false);
    caption(layout, t.by_pillar);
    bar_chart(layout, &pillar_rows(s), lang, true);

    layout.heading(t.risk_by_set, 11.0, NAVY, 50.0);
    counts_table(layout, s, t, lang);

    layout.heading(t.high_medium_risks, 11.0, NAVY, 40.0);
    if !s.complete {
        // Never "no high or medium risks" while the risk of some questions is unknown.
        let text = (t.risks_not_final)(s.totals.unanswered);
        layout.paragraph(MARGIN_X, CONTENT_W, &text, WARNING_STYLE);
        layout.y += 4.0;
        if s.risks.is_empty() {
            return;
        }
    } else if s.risks.is_empty() {
        layout.paragraph(MARGIN_X, CONTENT_W, t.no_high_medium, BODY_STYLE);
        return;
    }
    let cols = columns(&[
        (t.risk, 1.0, Align::Center),
        (t.question, 0.9, Align::Left),
        ("", 4.2, Align::Left),
        (t.set, 1.2, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = s
        .risks
        .iter()
        .map(|r| {
            vec![
                Cell::risk(lang, r.risk),
                Cell::new(r.label.clone()).bold(),
                Cell::new(r.title.clone()),
                Cell::new(r.set_id.clone()).style(SMALL_STYLE),
            ]
        })
        .collect();
    layout.table(MARGIN_X, &cols, &rows, true);
}

const WARNING_STYLE: Style = Style::new(BODY, true, WARNING);

/// What keeps the review from being complete: the unanswered questions (risk unknown) and
/// the questions marked not applicable without a reason, listed so they can be fixed.
fn incomplete(layout: &mut Layout, s: &Summary, t: &Texts) {
    layout.paragraph(MARGIN_X, CONTENT_W, t.draft_mark, WARNING_STYLE);
    if s.totals.unanswered > 0 {
        let text = (t.unanswered_risk_unknown)(&s.totals);
        layout.paragraph(MARGIN_X, CONTENT_W, &text, BODY_STYLE);
    }
    if !s.not_applicable_without_reason.is_empty() {
        layout.y += 4.0;
        let text = (t.na_without_reason_list)(s.totals.not_applicable_without_reason);
        layout.paragraph(MARGIN_X, CONTENT_W, &text, BODY_STYLE);
        layout.y += 3.0;
        let cols = columns(&[
            (t.question, 0.9, Align::Left),
            ("", 4.2, Align::Left),
            (t.set, 1.2, Align::Left),
        ]);
        let rows: Vec<Vec<Cell>> = s
            .not_applicable_without_reason
            .iter()
            .map(|r| {
                vec![
                    Cell::new(r.label.clone()).bold(),
                    Cell::new(format!("{}{}", r.title, (t.paren)(&r.pillar))),
                    Cell::new(r.set_id.clone()).style(SMALL_STYLE),
                ]
            })
            .collect();
        layout.table(MARGIN_X, &cols, &rows, true);
    }
    layout.y += 6.0;
}

/// A bar per set, followed by one per pillar when the set has several.
fn set_rows(s: &Summary) -> Vec<ChartRow> {
    let mut rows = Vec::new();
    for set in &s.sets {
        rows.push(ChartRow {
            name: set.title.clone(),
            is_set: true,
            counts: set.counts,
        });
        if set.pillars.len() > 1 {
            for pillar in &set.pillars {
                rows.push(ChartRow {
                    name: pillar.title.clone(),
                    is_set: false,
                    counts: pillar.counts,
                });
            }
        }
    }
    rows
}

/// A bar per pillar across the sets (pillars with the same id added up), in first-seen order.
fn pillar_rows(s: &Summary) -> Vec<ChartRow> {
    let mut pillars: Vec<(String, ChartRow)> = Vec::new();
    for set in &s.sets {
        for pillar in &set.pillars {
            match pillars.iter_mut().find(|(id, _)| *id == pillar.id) {
                Some((_, row)) => row.counts.merge(&pillar.counts),
                None => pillars.push((
                    pillar.id.clone(),
                    ChartRow {
                        name: pillar.title.clone(),
                        is_set: true,
                        counts: pillar.counts,
                    },
                )),
            }
        }
    }
    pillars.into_iter().map(|(_, row)| row).collect()
}

/// Counts per set (and per pillar when a set has several), then the totals. The second
/// column is "reviewed" (answered + N/A), the figure the progress line and every other
/// surface (CLI, app, Excel) print.
fn counts_table(layout: &mut Layout, s: &Summary, t: &Texts, lang: Lang) {
    let cols = columns(&[
        // Wide enough for "Unanswered" and "Questions" whole at the header size.
        (t.set_or_pillar, 2.7, Align::Left),
        (t.questions, 1.0, Align::Right),
        (t.reviewed, 1.0, Align::Right),
        (i18n::risk_short(lang, Risk::High), 0.6, Align::Right),
        (i18n::risk_short(lang, Risk::Medium), 0.8, Align::Right),
        (i18n::risk_short(lang, Risk::None), 0.6, Align::Right),
        (
            i18n::risk_short(lang, Risk::NotApplicable),
            0.65,
            Align::Right,
        ),
        (i18n::risk_short(lang, Risk::Unanswered), 1.2, Align::Right),
        (t.progress, 0.9, Align::Right),
    ]);
    let mut rows = Vec::new();
    for set in &s.sets {
        rows.push(counts_row(
            Cell::new(format!("{} {}", set.title, version_label(&set.version))).bold(),
            &set.counts,
        ));
        // A set with a single pillar would repeat its own numbers.
        for pillar in set.pillars.iter().filter(|_| set.pillars.len() > 1) {
            rows.push(counts_row(
                Cell::new(format!("　{}: {}", t.pillar, pillar.title)),
                &pillar.counts,
            ));
        }
    }
    rows.push(counts_row(Cell::new(t.total).bold(), &s.totals));
    layout.table(MARGIN_X, &cols, &rows, false);
}

/// `name`, the counts (high and medium in their colour when not zero) and the progress.
fn counts_row(name: Cell, c: &RiskCounts) -> Vec<Cell> {
    let number = |n: usize, risk: Option<Risk>| {
        let cell = Cell::new(n.to_string());
        match risk {
            Some(risk) if n > 0 && matches!(risk, Risk::High | Risk::Medium) => {
                cell.style(Style::new(BODY, true, risk_colour(risk)))
            }
            _ => cell,
        }
    };
    vec![
        name,
        number(c.questions, None),
        number(c.reviewed, None),
        number(c.high, Some(Risk::High)),
        number(c.medium, Some(Risk::Medium)),
        number(c.none, Some(Risk::None)),
        number(c.not_applicable, None),
        number(c.unanswered, None),
        Cell::new(format!("{}%", c.progress_percent)),
    ]
}
