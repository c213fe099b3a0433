//! The WG evaluations screen: the list, one service's sheets, the institution's change to a
//! criterion, an import's merge plan, and the criteria that name a review question.

use std::collections::BTreeMap;

use hashira_core::wg::{
    WgAssessmentSummary, WgCriterion, WgCriterionChangeKind, WgCriterionRef, WgCriterionStatus,
    WgDecision, WgEvaluationChange, WgEvaluationField, WgEvaluationOutcome, WgFieldOutcome,
    WgStored,
};
use hashira_xlsx::wg::WgImportReport;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `From` between a core enum and its IPC mirror, variant for variant. The match stays
/// exhaustive: a variant added to the source enum and not listed here fails to compile.
macro_rules! mirror_from {
    ($from:ident => $to:ident: $($variant:ident),+) => {
        impl From<$from> for $to {
            fn from(value: $from) -> Self {
                match value {
                    $($from::$variant => $to::$variant,)+
                }
            }
        }
    };
}

mirror_from!(WgDecision => WgDecisionCode: Adopted, Conditional, Rejected, NotEvaluated);
mirror_from!(WgDecisionCode => WgDecision: Adopted, Conditional, Rejected, NotEvaluated);
mirror_from!(WgCriterionChangeKind => WgChangeKind: Added, Changed, Unchanged, Removed);
mirror_from!(WgEvaluationOutcome => WgOutcome: Kept, FromFile, Cleared, NotEvaluated, Removed);
mirror_from!(WgCriterionStatus => WgStatus: New, Removed, DecisionCleared, DecisionChanged,
    EvaluationCleared, EvaluationChanged, BlankKept, TextChanged, Unchanged);
mirror_from!(WgEvaluationField => WgField: Decision, OwnMeasures, ResidualRisk, ReviewerNotes);
mirror_from!(WgFieldOutcome => WgFieldChange: Same, Set, BlankKept, Cleared);

/// The institution's decision on one WG criterion (`hashira_core::wg::WgDecision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgDecisionCode {
    Adopted,
    Conditional,
    Rejected,
    NotEvaluated,
}

/// One stored WG evaluation as listed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgSummary {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub imported_by: String,
    pub imported_at: String,
    pub scenarios: usize,
    pub criteria: usize,
    pub notes: usize,
    /// Criteria per decision code (`ADOPTED`, …).
    pub decisions: BTreeMap<String, usize>,
    /// Criteria that carry an institution decision (what a delete would lose).
    pub decided: usize,
}

impl From<WgAssessmentSummary> for WgSummary {
    fn from(s: WgAssessmentSummary) -> Self {
        WgSummary {
            decided: s.decided(),
            service: s.service,
            edition: s.edition,
            edition_date: s.edition_date,
            source_file: s.source_file,
            imported_by: s.imported_by,
            imported_at: s.imported_at,
            scenarios: s.scenarios,
            criteria: s.criteria,
            notes: s.notes,
            decisions: s.decisions,
        }
    }
}

/// 利用シナリオと接続経路: one row.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgScenarioRow {
    pub scenario_id: String,
    pub scenario: String,
    pub connection_source: String,
    pub route: String,
    pub notes: String,
}

/// A Well-Architected question id named by a criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WgLinkedQuestion {
    pub question_id: String,
    /// Whether one of the workbook's question sets has the question (else it cannot be opened).
    pub in_workbook: bool,
}

/// セキュリティクライテリア: one row with the institution's columns.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgCriterionRow {
    /// The criterion's stored id: the screen's key and what a change names (kept when a
    /// re-import matches the criterion).
    #[ts(type = "number")]
    pub id: i64,
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub assumed_risk: String,
    pub criterion: String,
    pub controls: String,
    pub responsibility_aws: String,
    pub responsibility_customer: String,
    pub fisc_refs: String,
    pub references: String,
    /// The question ids the criterion names, in the sheet's order.
    pub questions: Vec<WgLinkedQuestion>,
    pub decision: WgDecisionCode,
    pub own_measures: String,
    pub residual_risk: String,
    pub reviewer_notes: String,
}

impl WgCriterionRow {
    /// The row of `c`, stored as `id`; `unknown` lists the question ids no question set of the
    /// workbook has (`Workbook::wg_unknown_question_ids`).
    pub fn new(id: i64, c: WgCriterion, unknown: &[String]) -> Self {
        WgCriterionRow {
            id,
            criterion_no: c.criterion_no,
            perspective: c.perspective,
            category: c.category,
            assumed_risk: c.assumed_risk,
            criterion: c.criterion,
            controls: c.controls,
            responsibility_aws: c.responsibility_aws,
            responsibility_customer: c.responsibility_customer,
            fisc_refs: c.fisc_refs,
            references: c.references,
            questions: c
                .question_ids
                .into_iter()
                .map(|question_id| WgLinkedQuestion {
                    in_workbook: !unknown.contains(&question_id),
                    question_id,
                })
                .collect(),
            decision: c.decision.into(),
            own_measures: c.own_measures,
            residual_risk: c.residual_risk,
            reviewer_notes: c.reviewer_notes,
        }
    }
}

/// サービス利用時の留意事項: one row.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgNoteRow {
    pub category: String,
    pub note: String,
    pub detail: String,
    pub references: String,
}

/// A whole WG evaluation of one service, as the screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgView {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub scenarios: Vec<WgScenarioRow>,
    pub criteria: Vec<WgCriterionRow>,
    pub notes: Vec<WgNoteRow>,
}

impl WgView {
    /// The screen's view of a stored evaluation; `unknown` as for [`WgCriterionRow::new`].
    pub fn new(stored: WgStored, unknown: &[String]) -> Self {
        let WgStored {
            assessment: a,
            criterion_ids,
        } = stored;
        WgView {
            service: a.service,
            edition: a.edition,
            edition_date: a.edition_date,
            source_file: a.source_file,
            scenarios: a
                .scenarios
                .into_iter()
                .map(|s| WgScenarioRow {
                    scenario_id: s.scenario_id,
                    scenario: s.scenario,
                    connection_source: s.connection_source,
                    route: s.route,
                    notes: s.notes,
                })
                .collect(),
            criteria: a
                .criteria
                .into_iter()
                .zip(criterion_ids)
                .map(|(c, id)| WgCriterionRow::new(id, c, unknown))
                .collect(),
            notes: a
                .notes
                .into_iter()
                .map(|n| WgNoteRow {
                    category: n.category,
                    note: n.note,
                    detail: n.detail,
                    references: n.references,
                })
                .collect(),
        }
    }
}

/// A stored criterion that names a review question, as the question pane lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgQuestionCriterion {
    pub service: String,
    /// The criterion's stored id.
    #[ts(type = "number")]
    pub id: i64,
    /// 0-based position in the service's criteria (what the WG screen scrolls to).
    pub position: usize,
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub criterion: String,
    pub decision: WgDecisionCode,
}

impl From<WgCriterionRef> for WgQuestionCriterion {
    fn from(c: WgCriterionRef) -> Self {
        WgQuestionCriterion {
            service: c.service,
            id: c.id,
            position: c.position,
            criterion_no: c.criterion_no,
            perspective: c.perspective,
            category: c.category,
            criterion: c.criterion,
            decision: c.decision.into(),
        }
    }
}

/// What the institution changes on one criterion; an absent part stays as it is.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct WgChangeInput {
    #[serde(default)]
    #[ts(optional)]
    pub decision: Option<WgDecisionCode>,
    #[serde(default)]
    #[ts(optional)]
    pub own_measures: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub residual_risk: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub reviewer_notes: Option<String>,
}

impl From<WgChangeInput> for WgEvaluationChange {
    fn from(c: WgChangeInput) -> Self {
        WgEvaluationChange {
            decision: c.decision.map(Into::into),
            own_measures: c.own_measures,
            residual_risk: c.residual_risk,
            reviewer_notes: c.reviewer_notes,
        }
    }
}

/// What an import does to one criterion's WG columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgChangeKind {
    Added,
    Changed,
    Unchanged,
    Removed,
}

/// What an import does to one criterion's institution columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgOutcome {
    Kept,
    FromFile,
    Cleared,
    NotEvaluated,
    Removed,
}

/// One criterion's headline in an import plan (`hashira_core::wg::WgCriterionStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgStatus {
    New,
    Removed,
    DecisionCleared,
    DecisionChanged,
    EvaluationCleared,
    EvaluationChanged,
    BlankKept,
    TextChanged,
    Unchanged,
}

/// One of the institution's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WgField {
    Decision,
    OwnMeasures,
    ResidualRisk,
    ReviewerNotes,
}

/// What an import does to one column (`hashira_core::wg::WgFieldOutcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgFieldChange {
    Same,
    Set,
    BlankKept,
    Cleared,
}

/// One institution column of a planned criterion: stored → file (null: blank) → stored after.
/// A decision is its code.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgFieldRow {
    pub field: WgField,
    pub stored: String,
    pub file: Option<String>,
    pub result: String,
    pub outcome: WgFieldChange,
}

/// One criterion of a WG import plan.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgMergeRow {
    pub kind: WgChangeKind,
    pub status: WgStatus,
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub criterion: String,
    pub changed_fields: Vec<String>,
    pub evaluation: WgOutcome,
    /// The stored decision, when there was an evaluation.
    pub stored_decision: Option<WgDecisionCode>,
    /// The four institution columns (none for a removed criterion).
    pub fields: Vec<WgFieldRow>,
}

/// A criterion number the file uses on more than one row.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgDuplicateRow {
    pub criterion_no: String,
    /// 1-based rows of the criteria sheet.
    pub rows: Vec<u32>,
}

/// The result of reading a WG .xlsx: the dry-run plan, or what was stored.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgImport {
    pub file: String,
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub scenarios: usize,
    pub criteria: usize,
    pub notes: usize,
    pub warnings: Vec<String>,
    /// Whether a stored evaluation of the service exists (the plan merges into it).
    pub existing: bool,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub kept_evaluations: usize,
    pub cleared_evaluations: usize,
    pub removed_evaluations: usize,
    /// Criteria whose blank cell leaves a stored value as it is.
    pub blanks_kept: usize,
    /// Whether blank cells clear stored values (the import form's checkbox).
    pub clear_blank: bool,
    pub duplicate_numbers: Vec<WgDuplicateRow>,
    /// The plan's fingerprint: applying with it stores exactly this plan or nothing.
    pub plan_sha256: String,
    pub plan: Vec<WgMergeRow>,
    pub dry_run: bool,
    pub applied: bool,
}

impl From<WgImportReport> for WgImport {
    fn from(r: WgImportReport) -> Self {
        let plan = r.merge.as_ref();
        WgImport {
            file: r.file.clone(),
            service: r.service.clone(),
            edition: r.edition.clone(),
            edition_date: r.edition_date.clone(),
            scenarios: r.scenarios,
            criteria: r.criteria,
            notes: r.notes,
            warnings: r.warnings.clone(),
            existing: plan.is_some_and(|p| p.existing),
            added: plan.map_or(r.criteria, |p| p.added),
            changed: plan.map_or(0, |p| p.changed),
            unchanged: plan.map_or(0, |p| p.unchanged),
            removed: plan.map_or(0, |p| p.removed),
            kept_evaluations: plan.map_or(0, |p| p.kept_evaluations),
            cleared_evaluations: plan.map_or(0, |p| p.cleared_evaluations),
            removed_evaluations: plan.map_or(0, |p| p.removed_evaluations),
            blanks_kept: plan.map_or(0, |p| p.blanks_kept),
            clear_blank: plan.is_some_and(|p| p.clear_blank),
            plan_sha256: r.plan_sha256.clone(),
            duplicate_numbers: r
                .duplicate_numbers
                .iter()
                .map(|d| WgDuplicateRow {
                    criterion_no: d.criterion_no.clone(),
                    rows: d.rows.clone(),
                })
                .collect(),
            plan: plan
                .map(|p| {
                    p.criteria
                        .iter()
                        .map(|c| WgMergeRow {
                            kind: c.kind.into(),
                            status: c.status.into(),
                            criterion_no: c.criterion_no.clone(),
                            perspective: c.perspective.clone(),
                            category: c.category.clone(),
                            criterion: c.criterion.clone(),
                            changed_fields: c.changed_fields.clone(),
                            evaluation: c.evaluation.into(),
                            stored_decision: c
                                .stored_evaluation
                                .as_ref()
                                .map(|e| e.decision.into()),
                            fields: c
                                .fields
                                .iter()
                                .map(|f| WgFieldRow {
                                    field: f.field.into(),
                                    stored: f.stored.clone(),
                                    file: f.file.clone(),
                                    result: f.result.clone(),
                                    outcome: f.outcome.into(),
                                })
                                .collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            dry_run: r.dry_run,
            applied: !r.dry_run && r.result.is_some(),
        }
    }
}

/// A written WG .xlsx.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgExportDone {
    pub path: String,
    pub service: String,
    pub criteria: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wg_change_leaves_absent_parts_unchanged() {
        let change: WgChangeInput =
            serde_json::from_str(r#"{"decision": "CONDITIONAL", "own_measures": "鍵管理"}"#)
                .unwrap();
        let change: WgEvaluationChange = change.into();
        assert_eq!(change.decision, Some(WgDecision::Conditional));
        assert_eq!(change.own_measures.as_deref(), Some("鍵管理"));
        assert_eq!(change.residual_risk, None);
        assert_eq!(change.reviewer_notes, None);
        for d in WgDecision::ALL {
            assert_eq!(WgDecision::from(WgDecisionCode::from(d)), d);
            assert_eq!(
                serde_json::to_value(WgDecisionCode::from(d)).unwrap(),
                serde_json::to_value(d).unwrap()
            );
        }
    }
}
