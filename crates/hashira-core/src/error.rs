//! The one error type of the core and the closed set of codes that leave the process.
//!
//! Every front end (CLI `--json`, Tauri IPC) shows an error as [`ErrorPayload`]:
//! `{code, message, details}`. The code is machine-readable and stable; the message is an
//! English sentence naming the file, question or field at fault; `details` carries the same
//! facts as data so a UI can localise the message without parsing it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Stable, closed list of error codes. Adding a variant is a contract change for the CLI and UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    WorkbookNotFound,
    WorkbookExists,
    NotAWorkbook,
    WorkbookTooNew,
    WorkbookCorrupt,
    WorkbookLocked,
    QuestionSetInvalid,
    QuestionSetNotFound,
    QuestionSetConflict,
    QuestionNotFound,
    /// A question id that several sets of the workbook use, named without its set.
    QuestionAmbiguous,
    ChoiceNotFound,
    InvalidAnswer,
    InvalidProperty,
    EvidenceTooLarge,
    EvidenceNotFound,
    InvalidEvidence,
    Io,
    Database,
    WgNotFound,
    InvalidWg,
    /// A WG workbook names no AWS service (no cover or title with one) and none was given.
    WgServiceMissing,
    /// The stored evaluation or the file changed between an import's preview and its apply.
    WgPlanChanged,
    /// The file or the workbook changed between a review import's preview and its apply.
    ImportPlanChanged,
    XlsxInvalid,
    ImportProblems,
    /// No milestone of the workbook has the name (or number) given.
    MilestoneNotFound,
    /// A change asked of a window that shows a milestone (read-only) instead of the review now.
    MilestoneReadOnly,
    /// A milestone name the workbook already has (names are unique per workbook).
    MilestoneNameTaken,
    /// An improvement item's owner, due date, status or reason that cannot be saved.
    InvalidImprovementItem,
    /// No improvement item has the id, or the practice is not in the improvement plan.
    ImprovementItemNotFound,
    /// A question-set upgrade refused before anything changed (`details.kind` says why).
    SetUpgradeRefused,
    /// A merge of another copy of the workbook refused before anything changed
    /// (`details.kind`: `OTHER_WORKBOOK`, `NO_COMMON_HISTORY`, `NO_ROW_RECORD`, `SETS_DIFFER`,
    /// `WG_IMPORTED`, `OLDER_SCHEMA`, `SAME_FILE`, `NOT_VERIFIED` — the other file does not
    /// pass `verify`, `UNKNOWN_CONFLICT` — resolutions naming a conflict id the plan does not
    /// have).
    MergeRefused,
    /// A merge whose conflicts are neither resolved nor settled by `--prefer`
    /// (`details.conflicts` lists their ids).
    MergeConflicts,
    /// The workbook or the other file changed since the merge plan was shown.
    MergePlanChanged,
    /// The PDF report could not be built (a font or layout failure, not the workbook's fault).
    ReportFailed,
    /// An evidence bundle that cannot be read as one (not a zip, damaged, no MANIFEST.json,
    /// over a limit): `hashira bundle verify` exits 1 with it.
    BundleInvalid,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WorkbookNotFound => "WORKBOOK_NOT_FOUND",
            ErrorCode::WorkbookExists => "WORKBOOK_EXISTS",
            ErrorCode::NotAWorkbook => "NOT_A_WORKBOOK",
            ErrorCode::WorkbookTooNew => "WORKBOOK_TOO_NEW",
            ErrorCode::WorkbookCorrupt => "WORKBOOK_CORRUPT",
            ErrorCode::WorkbookLocked => "WORKBOOK_LOCKED",
            ErrorCode::QuestionSetInvalid => "QUESTION_SET_INVALID",
            ErrorCode::QuestionSetNotFound => "QUESTION_SET_NOT_FOUND",
            ErrorCode::QuestionSetConflict => "QUESTION_SET_CONFLICT",
            ErrorCode::QuestionNotFound => "QUESTION_NOT_FOUND",
            ErrorCode::QuestionAmbiguous => "QUESTION_AMBIGUOUS",
            ErrorCode::MilestoneNotFound => "MILESTONE_NOT_FOUND",
            ErrorCode::MilestoneReadOnly => "MILESTONE_READ_ONLY",
            ErrorCode::MilestoneNameTaken => "MILESTONE_NAME_TAKEN",
            ErrorCode::InvalidImprovementItem => "INVALID_IMPROVEMENT_ITEM",
            ErrorCode::ImprovementItemNotFound => "IMPROVEMENT_ITEM_NOT_FOUND",
            ErrorCode::SetUpgradeRefused => "SET_UPGRADE_REFUSED",
            ErrorCode::MergeRefused => "MERGE_REFUSED",
            ErrorCode::MergeConflicts => "MERGE_CONFLICTS",
            ErrorCode::MergePlanChanged => "MERGE_PLAN_CHANGED",
            ErrorCode::ChoiceNotFound => "CHOICE_NOT_FOUND",
            ErrorCode::InvalidAnswer => "INVALID_ANSWER",
            ErrorCode::InvalidProperty => "INVALID_PROPERTY",
            ErrorCode::EvidenceTooLarge => "EVIDENCE_TOO_LARGE",
            ErrorCode::EvidenceNotFound => "EVIDENCE_NOT_FOUND",
            ErrorCode::InvalidEvidence => "INVALID_EVIDENCE",
            ErrorCode::Io => "IO",
            ErrorCode::Database => "DATABASE",
            ErrorCode::WgNotFound => "WG_NOT_FOUND",
            ErrorCode::InvalidWg => "INVALID_WG",
            ErrorCode::WgServiceMissing => "WG_SERVICE_MISSING",
            ErrorCode::WgPlanChanged => "WG_PLAN_CHANGED",
            ErrorCode::ImportPlanChanged => "IMPORT_PLAN_CHANGED",
            ErrorCode::XlsxInvalid => "XLSX_INVALID",
            ErrorCode::ImportProblems => "IMPORT_PROBLEMS",
            ErrorCode::ReportFailed => "REPORT_FAILED",
            ErrorCode::BundleInvalid => "BUNDLE_INVALID",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("workbook not found: {}", path.display())]
    WorkbookNotFound { path: PathBuf },

    #[error("a file already exists at {}; choose another name (workbooks are never overwritten)", path.display())]
    WorkbookExists { path: PathBuf },

    #[error("{} is not a Hashira workbook: {reason}", path.display())]
    NotAWorkbook { path: PathBuf, reason: String },

    #[error(
        "{} was written by a newer version of Hashira (schema {found}; this version understands up to {supported}); update Hashira to open it. The file was not modified.",
        path.display()
    )]
    WorkbookTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("workbook {} is damaged: {reason}", path.display())]
    WorkbookCorrupt { path: PathBuf, reason: String },

    /// One stored row holds a value this build cannot read (damaged or edited outside the
    /// product); `verify` lists every such row.
    #[error("workbook {} is damaged: table {table}, row {row}: {reason}", path.display())]
    StoredRowInvalid {
        path: PathBuf,
        table: &'static str,
        row: String,
        reason: String,
    },

    #[error("workbook {} is in use by another program; close it there and try again", path.display())]
    WorkbookLocked { path: PathBuf },

    #[error("question set {origin}: {message}")]
    QuestionSetInvalid { origin: String, message: String },

    /// A set file that parses but breaks the format's rules: every problem with its place
    /// (all of them in `details.problems`; the message lists the first 20).
    #[error(
        "question set {origin}: {}",
        crate::question_set::problems_text(problems)
    )]
    QuestionSetProblems {
        origin: String,
        problems: Vec<crate::question_set::SetProblem>,
    },

    #[error("unknown question set '{id}' (known: {known})")]
    QuestionSetNotFound { id: String, known: String },

    #[error("question set '{set_id}' cannot be added: {message}")]
    QuestionSetConflict { set_id: String, message: String },

    #[error(
        "unknown question '{question_id}' in this workbook{}",
        did_you_mean(suggestions)
    )]
    QuestionNotFound {
        question_id: String,
        /// The nearest question ids (`question_set::lookup`), closest first.
        suggestions: Vec<String>,
    },

    #[error(
        "no milestone '{name}' in this workbook{}",
        if known.is_empty() { " (it has none)".to_string() } else { format!("; it has: {}", known.join(", ")) }
    )]
    MilestoneNotFound { name: String, known: Vec<String> },

    #[error(
        "milestone '{name}' is shown, and a milestone cannot be changed; go back to the current review to change it"
    )]
    MilestoneReadOnly { name: String },

    /// `existing` is the name of milestone `number`: `name` itself, or another whose number
    /// `name` reads as (a milestone is named by its name or its number).
    #[error(
        "{}; choose another name",
        if name == existing {
            format!("this workbook already has a milestone named '{name}' (number {number}): milestone names are unique")
        } else {
            format!("'{name}' reads as the number of milestone {number} '{existing}' (a milestone is named by its name or its number)")
        }
    )]
    MilestoneNameTaken {
        name: String,
        number: i64,
        existing: String,
    },

    #[error(
        "question '{question_id}' is in more than one question set ({}): name the set (--set)",
        sets.join(", ")
    )]
    QuestionAmbiguous {
        question_id: String,
        /// The ids of the sets that have the question.
        sets: Vec<String>,
    },

    #[error(
        "question {question_id} has no choice '{choice_id}'{}",
        did_you_mean(suggestions)
    )]
    ChoiceNotFound {
        question_id: String,
        choice_id: String,
        suggestions: Vec<String>,
        /// Every choice of the question, to pick from.
        choices: Vec<ChoiceRef>,
    },

    #[error("invalid answer for {question_id}: {message}")]
    InvalidAnswer {
        question_id: String,
        message: String,
    },

    #[error("invalid improvement item {item}, field '{field}': {message}")]
    InvalidImprovementItem {
        item: String,
        field: String,
        message: String,
    },

    #[error("no improvement item {item}: {reason}")]
    ImprovementItemNotFound { item: String, reason: String },

    #[error("invalid value for workload property '{field}': {message}")]
    InvalidProperty { field: String, message: String },

    /// A filter of the change history (`from`, `to`, `kind`) that cannot be read.
    #[error("invalid change history filter '{field}': {message}")]
    InvalidFilter { field: String, message: String },

    #[error("evidence file {} is {size} bytes, over the limit of {limit} bytes", path.display())]
    EvidenceTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error("no evidence with id {id} in this workbook")]
    EvidenceNotFound { id: i64 },

    #[error("invalid evidence: {message}")]
    InvalidEvidence { message: String },

    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("database error in {}: {source}", path.display())]
    Database {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error("no WG evaluation of '{service}' in this workbook (stored: {known})")]
    WgNotFound { service: String, known: String },

    #[error("invalid WG evaluation: {message}")]
    InvalidWg { message: String },

    #[error(
        "{}: the file names no AWS service (no cover or title with a サービス名); give the \
         service name (--service NAME, or the import form's service name)",
        path.display()
    )]
    WgServiceMissing { path: PathBuf },

    #[error(
        "the WG evaluation of '{service}' or the file changed since the preview; nothing was \
         imported (preview again)"
    )]
    WgPlanChanged { service: String },

    #[error(
        "{} or the workbook changed since the preview; nothing was imported (preview again)",
        path.display()
    )]
    ImportPlanChanged { path: PathBuf },

    /// A question-set upgrade refused before anything changed: `kind` is `MAP_INVALID`,
    /// `MAP_UNKNOWN_ID`, `MAP_CONFLICT`, `OTHER_SET` or `NOT_NEWER`; `problems` lists each id
    /// or line at fault.
    #[error(
        "question set '{set_id}' cannot be upgraded: {message}{}",
        upgrade_problems(problems)
    )]
    SetUpgradeRefused {
        set_id: String,
        kind: &'static str,
        message: String,
        problems: Vec<String>,
    },

    /// A merge refused before anything changed: `kind` says why (see [`ErrorCode::MergeRefused`]).
    #[error("{} cannot be merged into this workbook: {message}", other.display())]
    MergeRefused {
        other: PathBuf,
        kind: &'static str,
        message: String,
    },

    #[error(
        "the merge of {} has {} conflict(s) ({}): resolve each (--resolve FILE, written by \
         --dry-run) or take one side (--prefer ours|theirs); nothing was merged",
        other.display(),
        conflicts.len(),
        conflicts.join(", ")
    )]
    MergeConflicts {
        other: PathBuf,
        conflicts: Vec<String>,
    },

    #[error(
        "the workbook or {} changed since the merge plan was made; nothing was merged (plan again)",
        other.display()
    )]
    MergePlanChanged { other: PathBuf },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WorkbookNotFound { .. } => ErrorCode::WorkbookNotFound,
            Error::WorkbookExists { .. } => ErrorCode::WorkbookExists,
            Error::NotAWorkbook { .. } => ErrorCode::NotAWorkbook,
            Error::WorkbookTooNew { .. } => ErrorCode::WorkbookTooNew,
            Error::WorkbookCorrupt { .. } | Error::StoredRowInvalid { .. } => {
                ErrorCode::WorkbookCorrupt
            }
            Error::WorkbookLocked { .. } => ErrorCode::WorkbookLocked,
            Error::QuestionSetInvalid { .. } | Error::QuestionSetProblems { .. } => {
                ErrorCode::QuestionSetInvalid
            }
            Error::QuestionSetNotFound { .. } => ErrorCode::QuestionSetNotFound,
            Error::QuestionSetConflict { .. } => ErrorCode::QuestionSetConflict,
            Error::QuestionNotFound { .. } => ErrorCode::QuestionNotFound,
            Error::QuestionAmbiguous { .. } => ErrorCode::QuestionAmbiguous,
            Error::MilestoneNotFound { .. } => ErrorCode::MilestoneNotFound,
            Error::MilestoneReadOnly { .. } => ErrorCode::MilestoneReadOnly,
            Error::MilestoneNameTaken { .. } => ErrorCode::MilestoneNameTaken,
            Error::InvalidImprovementItem { .. } => ErrorCode::InvalidImprovementItem,
            Error::ImprovementItemNotFound { .. } => ErrorCode::ImprovementItemNotFound,
            Error::ChoiceNotFound { .. } => ErrorCode::ChoiceNotFound,
            Error::InvalidAnswer { .. } => ErrorCode::InvalidAnswer,
            Error::InvalidProperty { .. } => ErrorCode::InvalidProperty,
            // The same code: a value given for a named field is not valid.
            Error::InvalidFilter { .. } => ErrorCode::InvalidProperty,
            Error::EvidenceTooLarge { .. } => ErrorCode::EvidenceTooLarge,
            Error::EvidenceNotFound { .. } => ErrorCode::EvidenceNotFound,
            Error::InvalidEvidence { .. } => ErrorCode::InvalidEvidence,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database { .. } => ErrorCode::Database,
            Error::WgNotFound { .. } => ErrorCode::WgNotFound,
            Error::InvalidWg { .. } => ErrorCode::InvalidWg,
            Error::WgServiceMissing { .. } => ErrorCode::WgServiceMissing,
            Error::WgPlanChanged { .. } => ErrorCode::WgPlanChanged,
            Error::ImportPlanChanged { .. } => ErrorCode::ImportPlanChanged,
            Error::SetUpgradeRefused { .. } => ErrorCode::SetUpgradeRefused,
            Error::MergeRefused { .. } => ErrorCode::MergeRefused,
            Error::MergeConflicts { .. } => ErrorCode::MergeConflicts,
            Error::MergePlanChanged { .. } => ErrorCode::MergePlanChanged,
        }
    }

    /// The facts of the error as data, for a UI that localises messages.
    pub fn details(&self) -> Value {
        fn p(path: &Path) -> String {
            path.display().to_string()
        }
        match self {
            Error::WorkbookNotFound { path }
            | Error::WorkbookExists { path }
            | Error::WorkbookLocked { path } => json!({ "path": p(path) }),
            Error::NotAWorkbook { path, reason } | Error::WorkbookCorrupt { path, reason } => {
                json!({ "path": p(path), "reason": reason })
            }
            Error::StoredRowInvalid {
                path,
                table,
                row,
                reason,
            } => json!({ "path": p(path), "table": table, "row": row, "reason": reason }),
            Error::WorkbookTooNew {
                path,
                found,
                supported,
            } => {
                json!({ "path": p(path), "found": found, "supported": supported })
            }
            Error::QuestionSetInvalid { origin, message } => {
                json!({ "origin": origin, "reason": message })
            }
            Error::QuestionSetProblems { origin, problems } => json!({
                "origin": origin,
                "reason": crate::question_set::problems_text(problems),
                "problems": problems,
            }),
            Error::QuestionSetNotFound { id, known } => json!({ "set_id": id, "known": known }),
            Error::QuestionSetConflict { set_id, message } => {
                json!({ "set_id": set_id, "reason": message })
            }
            Error::QuestionNotFound {
                question_id,
                suggestions,
            } => json!({ "question_id": question_id, "suggestions": suggestions }),
            Error::MilestoneNotFound { name, known } => json!({ "name": name, "known": known }),
            Error::MilestoneReadOnly { name } => json!({ "name": name }),
            Error::MilestoneNameTaken {
                name,
                number,
                existing,
            } => json!({ "name": name, "number": number, "existing": existing }),
            Error::InvalidImprovementItem {
                item,
                field,
                message,
            } => json!({ "item": item, "field": field, "reason": message }),
            Error::ImprovementItemNotFound { item, reason } => {
                json!({ "item": item, "reason": reason })
            }
            Error::QuestionAmbiguous { question_id, sets } => {
                json!({ "question_id": question_id, "sets": sets })
            }
            Error::ChoiceNotFound {
                question_id,
                choice_id,
                suggestions,
                choices,
            } => json!({
                "question_id": question_id,
                "choice_id": choice_id,
                "suggestions": suggestions,
                "choices": choices,
            }),
            Error::InvalidAnswer {
                question_id,
                message,
            } => {
                json!({ "question_id": question_id, "reason": message })
            }
            Error::InvalidProperty { field, message } | Error::InvalidFilter { field, message } => {
                json!({ "field": field, "reason": message })
            }
            Error::EvidenceTooLarge { path, size, limit } => {
                json!({ "path": p(path), "size": size, "limit": limit })
            }
            Error::EvidenceNotFound { id } => json!({ "evidence_id": id }),
            Error::InvalidEvidence { message } => json!({ "reason": message }),
            Error::Io {
                action,
                path,
                source,
            } => io_details(action, path, source),
            Error::Database { path, source } => {
                json!({ "path": p(path), "reason": source.to_string() })
            }
            Error::WgNotFound { service, known } => json!({ "service": service, "known": known }),
            Error::InvalidWg { message } => json!({ "reason": message }),
            Error::WgServiceMissing { path } => json!({ "path": p(path) }),
            Error::WgPlanChanged { service } => json!({ "service": service }),
            Error::ImportPlanChanged { path } => json!({ "path": p(path) }),
            Error::SetUpgradeRefused {
                set_id,
                kind,
                message,
                problems,
            } => json!({ "set_id": set_id, "kind": kind, "reason": message, "problems": problems }),
            Error::MergeRefused {
                other,
                kind,
                message,
            } => json!({ "path": p(other), "kind": kind, "reason": message }),
            Error::MergeConflicts { other, conflicts } => {
                json!({ "path": p(other), "conflicts": conflicts })
            }
            Error::MergePlanChanged { other } => json!({ "path": p(other) }),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            details: self.details(),
        }
    }

    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// An I/O failure as data: the path and action, the OS's sentence, and what a script or UI
/// can act on without parsing it: the error's kind (`NotFound`, `PermissionDenied`…, the
/// names of `std::io::ErrorKind`) and the OS error number when there is one.
pub fn io_details(action: &str, path: &Path, source: &std::io::Error) -> Value {
    json!({
        "path": path.display().to_string(),
        "action": action,
        "reason": source.to_string(),
        "kind": format!("{:?}", source.kind()),
        "os_error": source.raw_os_error(),
    })
}

/// A choice as an error lists it: id and (Japanese) title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceRef {
    pub id: String,
    pub title: String,
}

/// ": a, b, c" after a refused upgrade's message when it names ids or lines.
fn upgrade_problems(problems: &[String]) -> String {
    if problems.is_empty() {
        String::new()
    } else {
        format!(": {}", problems.join("; "))
    }
}

/// "; did you mean SEC1, SEC10?" when there is something to suggest.
fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// What crosses a process boundary (CLI `--json`, Tauri IPC) when something fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
}

impl From<Error> for ErrorPayload {
    fn from(error: Error) -> Self {
        error.payload()
    }
}
