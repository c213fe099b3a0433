//! The review's answers in Excel: an export written, and an import planned or applied.

use serde::Serialize;
use ts_rs::TS;

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
    /// The file's SHA-256 as read.
    pub sha256: String,
    /// The previewed plan's fingerprint, passed back to apply exactly that plan.
    pub plan_sha256: String,
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
            sha256: r.sha256,
            plan_sha256: r.plan_sha256,
            applied: r.applied,
            dry_run: r.dry_run,
        }
    }
}
