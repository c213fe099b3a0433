//! Part 1, the summary: progress, risk bars per set and per pillar, the counts table, and
//! the list of high and medium risks.

use hashira_core::{Lang, Risk, RiskCounts};

use crate::counts::add_counts;
use crate::i18n::{self, Texts};
use crate::model::{ReportModel, Summary};
use crate::render::charts::{ChartRow, bar_chart, caption, progress_bar};
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X};
use crate::render::style::{BODY, BODY_STYLE, NAVY, SMALL_STYLE, Style, risk_colour};
use crate::render::table::{Align, Cell, columns};

pub(crate) fn summary(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let lang = model.lang;
    let s = &model.summary;
    layout.heading(t.progress, 11.0, NAVY, 30.0);
    let line = (t.progress_line)(s.progress.done, s.progress.questions, s.progress.percent);
    layout.paragraph(MARGIN_X, CONTENT_W, &line, BODY_STYLE);
    layout.y += 3.0;
    progress_bar(layout, s.progress.percent);

    layout.heading(t.risk_chart, 11.0, NAVY, 60.0);
    caption(layout, t.by_set);
    bar_chart(layout, &set_rows(s), lang, false);
    caption(layout, t.by_pillar);
    bar_chart(layout, &pillar_rows(s), lang, true);

    layout.heading(t.risk_by_set, 11.0, NAVY, 50.0);
    counts_table(layout, s, t, lang);

    layout.heading(t.high_medium_risks, 11.0, NAVY, 40.0);
    if s.risks.is_empty() {
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
                Some((_, row)) => add_counts(&mut row.counts, &pillar.counts),
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

/// Counts per set (and per pillar when a set has several), then the totals.
fn counts_table(layout: &mut Layout, s: &Summary, t: &Texts, lang: Lang) {
    let cols = columns(&[
        (t.set_or_pillar, 3.3, Align::Left),
        (t.questions, 0.85, Align::Right),
        (t.answered, 0.85, Align::Right),
        (i18n::risk_short(lang, Risk::High), 0.7, Align::Right),
        (i18n::risk_short(lang, Risk::Medium), 0.7, Align::Right),
        (i18n::risk_short(lang, Risk::None), 0.7, Align::Right),
        (
            i18n::risk_short(lang, Risk::NotApplicable),
            0.8,
            Align::Right,
        ),
        (i18n::risk_short(lang, Risk::Unanswered), 0.8, Align::Right),
        (t.progress, 0.8, Align::Right),
    ]);
    let mut rows = Vec::new();
    for set in &s.sets {
        rows.push(counts_row(
            Cell::new(format!("{} v{}", set.title, set.version)).bold(),
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
    let total_label = if lang == Lang::Ja { "合計" } else { "Total" };
    rows.push(counts_row(Cell::new(total_label).bold(), &s.totals));
    layout.table(MARGIN_X, &cols, &rows, false);
}

/// `name`, the counts (high and medium in their colour when not zero) and the progress.
fn counts_row(name: Cell, c: &RiskCounts) -> Vec<Cell> {
    let done = c.answered + c.not_applicable;
    let percent = (done * 100).checked_div(c.questions).unwrap_or(0);
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
        number(c.answered, None),
        number(c.high, Some(Risk::High)),
        number(c.medium, Some(Risk::Medium)),
        number(c.none, Some(Risk::None)),
        number(c.not_applicable, None),
        number(c.unanswered, None),
        Cell::new(format!("{percent}%")),
    ]
}
