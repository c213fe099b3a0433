//! Part 6, WG evaluations: per service, where the evaluation comes from and the decision
//! counts, then the institution's decision and own measures per criterion.

use crate::i18n::Texts;
use crate::model::{ReportModel, WgAssessmentSection};
use crate::render::layout::{Layout, MARGIN_X};
use crate::render::style::{NAVY, SMALL_INK_STYLE};
use crate::render::table::{Align, Cell, columns, property_table};

pub(crate) fn wg(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    for assessment in &model.wg_assessments {
        layout.heading(&assessment.service, 12.0, NAVY, 60.0);
        about(layout, assessment, t);
        if !assessment.criteria.is_empty() {
            criteria(layout, assessment, t);
        }
    }
}

fn about(layout: &mut Layout, assessment: &WgAssessmentSection, t: &Texts) {
    let decisions = assessment
        .decisions
        .iter()
        .map(|(label, n)| format!("{label}: {n}{}", t.count_unit))
        .collect::<Vec<_>>()
        .join("　");
    let rows = [
        (
            t.wg_edition,
            format!("{} {}", assessment.edition, assessment.edition_date),
        ),
        (t.wg_source, assessment.source_file.clone()),
        (
            t.wg_imported,
            format!("{}　{}", assessment.imported_by, assessment.imported_at),
        ),
        (t.wg_decisions, decisions),
    ];
    let rows = rows
        .into_iter()
        .map(|(key, value)| (key.to_string(), Cell::new(value)))
        .collect();
    property_table(layout, t, rows);
}

fn criteria(layout: &mut Layout, assessment: &WgAssessmentSection, t: &Texts) {
    let cols = columns(&[
        (t.wg_criterion_no, 0.6, Align::Left),
        (t.wg_criterion, 4.0, Align::Left),
        (t.wg_decision, 1.1, Align::Left),
        (t.wg_own_measures, 2.6, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = assessment
        .criteria
        .iter()
        .map(|c| {
            let measures = if c.residual_risk.is_empty() {
                c.own_measures.clone()
            } else {
                format!(
                    "{}\n{}: {}",
                    c.own_measures, t.wg_residual_risk, c.residual_risk
                )
            };
            vec![
                Cell::new(c.criterion_no.clone()),
                Cell::new(format!("{}\n{}", c.perspective, c.criterion)).style(SMALL_INK_STYLE),
                Cell::new(c.decision.clone()).bold(),
                Cell::new(measures).style(SMALL_INK_STYLE),
            ]
        })
        .collect();
    layout.table(MARGIN_X, &cols, &rows, true);
}
