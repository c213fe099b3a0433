//! Shapes that only exist at the IPC boundary. Everything else crosses as the core's own types.

use hashira_core::RiskSummary;
use hashira_core::question_set::LocalizedText;
use hashira_core::review::QuestionReview;
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, Evidence, NotApplicable, WorkbookSetInfo, Workload,
};
use serde::{Deserialize, Deserializer, Serialize};
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
}
