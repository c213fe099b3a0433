//! Hand-off to the AWS Well-Architected Tool and back (issue #12 §4), offline.
//!
//! [`export`] writes a folder a consultant carries to a machine with the AWS CLI: the set as a
//! custom lens (`lens.json`, as [`crate::lens`] exports it), one `update-answer` request per
//! answered question (`answers/<QuestionId>.json`), the `create-workload` request built from
//! the workbook's properties, `push.sh` that sends them all, and a bilingual `README.txt`.
//! [`import`] reads `get-answer` / `list-answers` output back into the workbook in one
//! transaction.
//!
//! Ids: every Hashira id becomes its lens id with [`crate::lens::lens_id`] (`FISCSEC1-BP01` →
//! `FISCSEC1_BP01`); an import accepts either form. A question's not-applicable text has no
//! field in the WA Tool: it travels at the end of the question's notes after
//! [`NA_TEXT_MARKER`] and is split off again on import.

mod encoding;
pub mod export;
mod folder;
pub mod import;
mod script;

use std::path::PathBuf;

use serde::Serialize;
use serde_json::json;

pub use export::{
    ExportWarning, LANGUAGE_FIELD, WaToolExport, export_for_wa_tool, language_warnings,
};
pub use folder::write_export;
pub use import::{ImportOutcome, import_wa_tool};

use crate::error::{Error, ErrorCode, ErrorPayload};
use crate::lens::lens_id;
use crate::question_set::{Choice, Question, QuestionSet};

/// `UpdateAnswer.Notes`: at most 2084 characters.
pub const MAX_NOTES: usize = 2084;
/// `ChoiceUpdate.Notes` (a choice's not-applicable text): at most 250 characters.
pub const MAX_CHOICE_NOTES: usize = 250;
/// Ends a notes text cut to the WA Tool's limit; an import keeps the workbook's full text.
pub const TRUNCATED_MARKER: &str = "…[truncated: full notes in the Hashira workbook]";
/// Starts the line that carries a question's not-applicable text inside its notes.
pub const NA_TEXT_MARKER: &str = "[Hashira N/A] ";
/// The placeholders `push.sh` replaces in every `answers/*.json`.
pub const WORKLOAD_PLACEHOLDER: &str = "WORKLOAD_ID";
pub const LENS_PLACEHOLDER: &str = "LENS_ALIAS";
/// An import file larger than this is refused unread (a whole `list-answers` of a big lens is
/// far below it).
pub const MAX_IMPORT_BYTES: u64 = 5 * 1024 * 1024;

/// One problem of an import: the file, the JSON path in it (`Answer.SelectedChoices[1]`), and
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub file: String,
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WaToolError {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("the WA Tool answers cannot be imported ({} problems): {}", .problems.len(), first_problems(.problems))]
    Problems { problems: Vec<ImportProblem> },
    #[error("{} is not a folder for the export: {reason}", .path.display())]
    OutDir { path: PathBuf, reason: String },
}

fn first_problems(problems: &[ImportProblem]) -> String {
    let shown: Vec<String> = problems.iter().take(5).map(|p| p.to_string()).collect();
    shown.join("; ")
}

impl WaToolError {
    pub fn payload(&self) -> ErrorPayload {
        match self {
            WaToolError::Core(error) => error.payload(),
            WaToolError::Problems { problems } => ErrorPayload {
                code: ErrorCode::ImportProblems,
                message: self.to_string(),
                details: json!({ "problems": problems }),
            },
            WaToolError::OutDir { path, reason } => ErrorPayload {
                code: ErrorCode::Io,
                message: self.to_string(),
                details: json!({ "path": path.display().to_string(), "reason": reason }),
            },
        }
    }
}

pub type WaResult<T> = std::result::Result<T, WaToolError>;

/// The question of `set` whose id or lens id is `id`.
pub(crate) fn find_question<'a>(set: &'a QuestionSet, id: &str) -> Option<&'a Question> {
    set.questions()
        .map(|(_, q)| q)
        .find(|q| q.id == id || lens_id(&q.id) == id)
}

/// The choice of `question` whose id or lens id is `id`.
pub(crate) fn find_choice<'a>(question: &'a Question, id: &str) -> Option<&'a Choice> {
    question
        .choices
        .iter()
        .find(|c| c.id == id || lens_id(&c.id) == id)
}

/// `text` cut to at most `max` characters with [`TRUNCATED_MARKER`] at the end, and whether
/// it was cut.
pub(crate) fn cut_notes(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_string(), false);
    }
    let keep = max.saturating_sub(TRUNCATED_MARKER.chars().count());
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(TRUNCATED_MARKER);
    (cut, true)
}

#[cfg(test)]
mod tests;
