//! The AWS WA Tool hand-off: an export folder written, a lens file written, and an import of
//! the WA Tool's answers planned or applied.

use hashira_core::wa_tool::{ExportWarning, ImportOutcome};
use hashira_core::workbook::{Answer, ChoiceNotApplicable, NotApplicable};
use serde::Serialize;
use ts_rs::TS;

/// A text the WA Tool could not take whole, cut and listed (the question is empty for the
/// workload).
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaToolWarning {
    pub question_id: String,
    pub field: String,
    pub length: usize,
    pub limit: usize,
    pub message: String,
}

impl From<ExportWarning> for WaToolWarning {
    fn from(w: ExportWarning) -> Self {
        WaToolWarning {
            question_id: w.question_id,
            field: w.field,
            length: w.length,
            limit: w.limit,
            message: w.message,
        }
    }
}

/// A written hand-off folder: the files in it (relative paths), the answers and the warnings.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaToolExportDone {
    pub out_dir: String,
    pub set_id: String,
    pub lens_name: String,
    pub answers: usize,
    pub files: Vec<String>,
    pub warnings: Vec<WaToolWarning>,
}

/// A written custom-lens file, and its texts written in the other language (warnings of
/// field `Language`, one per question, as the folder export lists them).
#[derive(Debug, Clone, Serialize, TS)]
pub struct LensExportDone {
    pub path: String,
    pub set_id: String,
    pub set_version: String,
    pub lens_name: String,
    pub questions: usize,
    pub bytes: usize,
    pub warnings: Vec<WaToolWarning>,
}

/// What an import compares of one answer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaToolAnswer {
    pub selected_choices: Vec<String>,
    pub choices_not_applicable: Vec<ChoiceNotApplicable>,
    pub not_applicable: Option<NotApplicable>,
    pub notes: String,
}

impl From<Answer> for WaToolAnswer {
    fn from(a: Answer) -> Self {
        WaToolAnswer {
            selected_choices: a.selected_choices,
            choices_not_applicable: a.choices_not_applicable,
            not_applicable: a.not_applicable,
            notes: a.notes,
        }
    }
}

/// One answer an import changes, and the file it came from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaToolChange {
    pub file: String,
    pub question_id: String,
    pub before: WaToolAnswer,
    pub after: WaToolAnswer,
}

/// The result of reading the WA Tool's answers: the dry-run plan, or what was applied.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaToolImport {
    pub set_id: String,
    pub files: Vec<String>,
    pub answers_read: usize,
    pub changes: Vec<WaToolChange>,
    /// The plan's fingerprint: passed back on apply, it refuses files changed since.
    pub plan_sha256: String,
    pub dry_run: bool,
    pub applied: bool,
}

impl From<ImportOutcome> for WaToolImport {
    fn from(o: ImportOutcome) -> Self {
        WaToolImport {
            set_id: o.set_id,
            files: o.files,
            answers_read: o.answers_read,
            changes: o
                .changes
                .into_iter()
                .map(|c| WaToolChange {
                    file: c.file,
                    question_id: c.question_id,
                    before: c.before.into(),
                    after: c.after.into(),
                })
                .collect(),
            plan_sha256: o.plan_sha256,
            dry_run: o.dry_run,
            applied: o.applied,
        }
    }
}
