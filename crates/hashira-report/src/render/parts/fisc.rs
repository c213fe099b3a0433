//! Part 5, FISC 実務基準 coverage: per reference (in numeric order), every best practice
//! citing it with its state and the question's risk.

use crate::i18n::{self, Texts};
use crate::model::ReportModel;
use crate::render::layout::{Layout, MARGIN_X};
use crate::render::style::{BAND_FILL, SMALL, SMALL_INK_STYLE, Style, status_colour};
use crate::render::table::{Align, Cell, columns};

pub(crate) fn fisc(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let lang = model.lang;
    let empty = model.fisc_coverage.is_empty();
    if !super::intro(layout, t.fisc_intro, empty, t.fisc_empty) {
        return;
    }
    let cols = columns(&[
        (t.fisc_ref, 0.75, Align::Center),
        (t.question, 2.5, Align::Left),
        (t.best_practice, 3.3, Align::Left),
        (t.status, 1.15, Align::Left),
        (t.question_risk, 1.0, Align::Center),
    ]);
    let mut rows = Vec::new();
    for reference in &model.fisc_coverage {
        for (i, entry) in reference.entries.iter().enumerate() {
            rows.push(vec![
                // The reference once, on its first row; the shading groups its rows.
                if i == 0 {
                    Cell::key(reference.reference.clone())
                } else {
                    Cell::new("").fill(BAND_FILL)
                },
                Cell::new(format!("{}  {}", entry.label, entry.question_title))
                    .style(SMALL_INK_STYLE),
                Cell::new(format!("{}  {}", entry.choice_id, entry.choice_title))
                    .style(SMALL_INK_STYLE),
                Cell::new(i18n::coverage_status(lang, entry.status)).style(Style::new(
                    SMALL,
                    true,
                    status_colour(entry.status),
                )),
                Cell::risk(lang, entry.question_risk),
            ]);
        }
    }
    layout.table(MARGIN_X, &cols, &rows, false);
}
