//! WG (セキュリティリスク評価共同化WG) evaluations stored in the workbook, by service.

use hashira_core::wg::WgDecision;
use hashira_core::{Lang, Workbook};
use serde::Serialize;
use time::UtcOffset;

use super::format::display_stored;
use crate::error::Result;
use crate::i18n::wg_decision;

/// One WG criterion row as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WgCriterionRow {
    pub criterion_no: String,
    pub perspective: String,
    pub criterion: String,
    /// Decision label as shown (採用, 条件付き採用, …).
    pub decision: String,
    pub own_measures: String,
    pub residual_risk: String,
}

/// A WG (セキュリティリスク評価共同化WG) evaluation of one AWS service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WgAssessmentSection {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub imported_by: String,
    pub imported_at: String,
    /// Decision label → number of criteria.
    pub decisions: Vec<(String, usize)>,
    pub criteria: Vec<WgCriterionRow>,
}

/// Every service's evaluation; every decision is counted, those with no criterion too.
pub(crate) fn wg_sections(
    workbook: &Workbook,
    lang: Lang,
    offset: UtcOffset,
) -> Result<Vec<WgAssessmentSection>> {
    let mut sections = Vec::new();
    for summary in workbook.wg_assessments()? {
        let assessment = workbook.wg_assessment(&summary.service)?;
        let decisions = WgDecision::ALL
            .into_iter()
            .map(|d| {
                (
                    wg_decision(lang, d).to_string(),
                    summary.decisions.get(d.as_str()).copied().unwrap_or(0),
                )
            })
            .collect();
        sections.push(WgAssessmentSection {
            service: summary.service.clone(),
            edition: summary.edition.clone(),
            edition_date: summary.edition_date.clone(),
            source_file: summary.source_file.clone(),
            imported_by: summary.imported_by.clone(),
            imported_at: display_stored(&summary.imported_at, offset),
            decisions,
            criteria: assessment
                .criteria
                .iter()
                .map(|c| WgCriterionRow {
                    criterion_no: c.criterion_no.clone(),
                    perspective: c.perspective.clone(),
                    criterion: c.criterion.clone(),
                    decision: wg_decision(lang, c.decision).to_string(),
                    own_measures: c.own_measures.clone(),
                    residual_risk: c.residual_risk.clone(),
                })
                .collect(),
        });
    }
    Ok(sections)
}
