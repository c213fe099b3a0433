//! Shapes that only exist at the IPC boundary. Everything else crosses as the core's own types.

use hashira_core::RiskSummary;
use hashira_core::question_set::LocalizedText;
use hashira_core::review::QuestionReview;
use hashira_core::wg::{
    WgAssessment, WgAssessmentSummary, WgCriterion, WgCriterionChangeKind, WgDecision,
    WgEvaluationChange, WgEvaluationOutcome,
};
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, Evidence, NotApplicable, WorkbookSetInfo, Workload,
};
use hashira_xlsx::wg::WgImportReport;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// What the start screen needs to know about the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// The workbook path given as the first program argument, if any.
    pub initial_path: Option<String>,
    pub question_sets: Vec<SetChoice>,
    pub default_set_ids: Vec<String>,
    pub reviewer_name: String,
}

/// A shipped question set offered when creating a workbook.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetChoice {
    pub id: String,
    pub version: String,
    pub title: LocalizedText,
    pub question_count: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecentWorkbook {
    pub path: String,
    pub name: String,
    pub opened_at: String,
}

/// The open workbook as the review screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WorkbookView {
    pub path: String,
    pub file_name: String,
    pub workload: Workload,
    pub sets: Vec<WorkbookSetInfo>,
    pub questions: Vec<QuestionReview>,
    pub summary: RiskSummary,
}

/// The answer after a change, with the new totals (the dashboard and tree update from it).
#[derive(Debug, Clone, Serialize, TS)]
pub struct QuestionUpdate {
    pub question: QuestionReview,
    pub summary: RiskSummary,
    pub evidence: Vec<Evidence>,
}

/// A change to an answer as the UI sends it. Unlike the core's serde form, `not_applicable: null`
/// means "applicable again" and a missing field means "unchanged".
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct AnswerChangeInput {
    #[serde(default)]
    #[ts(optional)]
    pub selected_choices: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub choices_not_applicable: Option<Vec<ChoiceNotApplicable>>,
    #[serde(default, deserialize_with = "present")]
    #[ts(optional, type = "NotApplicable | null")]
    pub not_applicable: Option<Option<NotApplicable>>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl From<AnswerChangeInput> for AnswerChange {
    fn from(input: AnswerChangeInput) -> Self {
        AnswerChange {
            selected_choices: input.selected_choices,
            choices_not_applicable: input.choices_not_applicable,
            not_applicable: input.not_applicable,
            notes: input.notes,
        }
    }
}

/// Evidence to attach, as the UI sends it (a file is named by the path the user picked).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EvidenceInput {
    File { path: String, title: String },
    Link { url: String, title: String },
    Text { text: String, title: String },
}

/// A written PDF report.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportDone {
    pub path: String,
    pub pages: usize,
    pub bytes: usize,
    pub sets: Vec<String>,
    pub label: String,
}

/// A written review .xlsx.
#[derive(Debug, Clone, Serialize, TS)]
pub struct XlsxExportDone {
    pub path: String,
    pub sheets: Vec<String>,
    pub rows: usize,
}

/// One field of one answer an import changes (`before` → `after`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct FieldChange {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// The changes an import makes to one question, with where its row is.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AnswerDiff {
    pub question_id: String,
    pub sheet: String,
    pub row: u32,
    pub changes: Vec<FieldChange>,
}

/// The result of reading a filled review .xlsx: the dry-run plan, or what was applied.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewImport {
    pub file: String,
    pub rows: usize,
    pub sheets: Vec<String>,
    pub changes: Vec<AnswerDiff>,
    pub applied: bool,
    pub dry_run: bool,
}

impl From<hashira_xlsx::review::ReviewImportReport> for ReviewImport {
    fn from(r: hashira_xlsx::review::ReviewImportReport) -> Self {
        ReviewImport {
            file: r.file,
            rows: r.rows,
            sheets: r.sheets,
            changes: r
                .changes
                .into_iter()
                .map(|d| AnswerDiff {
                    question_id: d.question_id,
                    sheet: d.sheet,
                    row: d.row,
                    changes: d
                        .changes
                        .into_iter()
                        .map(|c| FieldChange {
                            field: c.field,
                            before: c.before,
                            after: c.after,
                        })
                        .collect(),
                })
                .collect(),
            applied: r.applied,
            dry_run: r.dry_run,
        }
    }
}

/// The institution's decision on one WG criterion (`hashira_core::wg::WgDecision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgDecisionCode {
    Adopted,
    Conditional,
    Rejected,
    NotEvaluated,
}

impl From<WgDecision> for WgDecisionCode {
    fn from(d: WgDecision) -> Self {
        match d {
            WgDecision::Adopted => WgDecisionCode::Adopted,
            WgDecision::Conditional => WgDecisionCode::Conditional,
            WgDecision::Rejected => WgDecisionCode::Rejected,
            WgDecision::NotEvaluated => WgDecisionCode::NotEvaluated,
        }
    }
}

impl From<WgDecisionCode> for WgDecision {
    fn from(d: WgDecisionCode) -> Self {
        match d {
            WgDecisionCode::Adopted => WgDecision::Adopted,
            WgDecisionCode::Conditional => WgDecision::Conditional,
            WgDecisionCode::Rejected => WgDecision::Rejected,
            WgDecisionCode::NotEvaluated => WgDecision::NotEvaluated,
        }
    }
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
}

impl From<WgAssessmentSummary> for WgSummary {
    fn from(s: WgAssessmentSummary) -> Self {
        WgSummary {
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

/// セキュリティクライテリア: one row with the institution's columns.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgCriterionRow {
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
    pub question_ids: Vec<String>,
    pub decision: WgDecisionCode,
    pub own_measures: String,
    pub residual_risk: String,
    pub reviewer_notes: String,
}

impl From<WgCriterion> for WgCriterionRow {
    fn from(c: WgCriterion) -> Self {
        WgCriterionRow {
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
            question_ids: c.question_ids,
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

impl From<WgAssessment> for WgView {
    fn from(a: WgAssessment) -> Self {
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
            criteria: a.criteria.into_iter().map(Into::into).collect(),
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

impl From<WgCriterionChangeKind> for WgChangeKind {
    fn from(k: WgCriterionChangeKind) -> Self {
        match k {
            WgCriterionChangeKind::Added => WgChangeKind::Added,
            WgCriterionChangeKind::Changed => WgChangeKind::Changed,
            WgCriterionChangeKind::Unchanged => WgChangeKind::Unchanged,
            WgCriterionChangeKind::Removed => WgChangeKind::Removed,
        }
    }
}

/// What an import does to one criterion's institution columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgOutcome {
    Kept,
    FromFile,
    NotEvaluated,
    Removed,
}

impl From<WgEvaluationOutcome> for WgOutcome {
    fn from(o: WgEvaluationOutcome) -> Self {
        match o {
            WgEvaluationOutcome::Kept => WgOutcome::Kept,
            WgEvaluationOutcome::FromFile => WgOutcome::FromFile,
            WgEvaluationOutcome::NotEvaluated => WgOutcome::NotEvaluated,
            WgEvaluationOutcome::Removed => WgOutcome::Removed,
        }
    }
}

/// One criterion of a WG import plan.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WgMergeRow {
    pub kind: WgChangeKind,
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub criterion: String,
    pub changed_fields: Vec<String>,
    pub evaluation: WgOutcome,
    /// The stored decision, when there was an evaluation.
    pub stored_decision: Option<WgDecisionCode>,
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
    pub removed_evaluations: usize,
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
            removed_evaluations: plan.map_or(0, |p| p.removed_evaluations),
            plan: plan
                .map(|p| {
                    p.criteria
                        .iter()
                        .map(|c| WgMergeRow {
                            kind: c.kind.into(),
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
    fn null_not_applicable_means_applicable_again() {
        let change: AnswerChangeInput =
            serde_json::from_str(r#"{"not_applicable": null}"#).unwrap();
        assert_eq!(change.not_applicable, Some(None));
        let change: AnswerChangeInput = serde_json::from_str(r#"{"notes": "メモ"}"#).unwrap();
        assert_eq!(change.not_applicable, None);
        assert_eq!(change.notes.as_deref(), Some("メモ"));
    }

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

    #[test]
    fn a_wg_fixture_imports_through_the_dtos() {
        let dir = tempfile::tempdir().unwrap();
        let sets = hashira_core::question_set::shipped::shipped_sets().unwrap();
        let mut book = hashira_core::Workbook::create(
            &dir.path().join("t.hashira"),
            "test",
            sets,
            "tester",
            std::sync::Arc::new(hashira_core::SystemClock),
        )
        .unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/hashira-xlsx/tests/fixtures/wg-japanese.xlsx");
        let mut options = hashira_xlsx::wg::WgImportOptions {
            service: None,
            dry_run: true,
        };
        let plan: WgImport = hashira_xlsx::wg::import_wg(&mut book, &fixture, &options, "tester")
            .unwrap()
            .into();
        assert!(plan.dry_run && !plan.applied && !plan.existing);
        assert_eq!(plan.plan.len(), plan.criteria);
        assert!(plan.plan.iter().all(|r| r.kind == WgChangeKind::Added));
        assert!(book.wg_assessments().unwrap().is_empty());
        options.dry_run = false;
        let done: WgImport = hashira_xlsx::wg::import_wg(&mut book, &fixture, &options, "tester")
            .unwrap()
            .into();
        assert!(done.applied);
        let list: Vec<WgSummary> = book
            .wg_assessments()
            .unwrap()
            .into_iter()
            .map(Into::into)
            .collect();
        assert_eq!(list.len(), 1);
        let view: WgView = book.wg_assessment(&list[0].service).unwrap().into();
        assert_eq!(view.criteria.len(), done.criteria);
    }
}
