//! Errors of the Excel layer. Each names the file and, where it applies, the sheet, row and
//! column, and turns into the `{code, message, details}` payload every front end shows.

use std::path::{Path, PathBuf};

use hashira_core::{ErrorCode, ErrorPayload};
use serde::Serialize;
use serde_json::json;

/// One problem found in a sheet: where (sheet, 1-based row, column letter and header) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub sheet: String,
    pub row: u32,
    /// Column letter (`"H"`), empty when the problem is about the whole row.
    pub column: String,
    /// The column's header text, when known.
    pub header: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sheet '{}', row {}", self.sheet, self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
            if !self.header.is_empty() {
                write!(f, " ({})", self.header)?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// Not an .xlsx file, damaged, encrypted, or an old .xls.
    #[error("{}: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },

    /// Over one of the import limits (size, sheets, rows, cell length, zip expansion).
    #[error("{}: {what} is {actual}, over the limit of {limit}", path.display())]
    Limit {
        path: PathBuf,
        what: String,
        actual: u64,
        limit: u64,
    },

    #[error("{}: no sheet '{expected}' (the file has: {})", path.display(), found.join(", "))]
    MissingSheet {
        path: PathBuf,
        expected: String,
        found: Vec<String>,
    },

    #[error("{}: sheet '{sheet}' has no header row with the expected column names (looked for: {expected})", path.display())]
    NoHeader {
        path: PathBuf,
        sheet: String,
        expected: String,
    },

    #[error("{}: {} problem(s), nothing was imported:\n{}", path.display(), problems.len(), list(problems))]
    Problems {
        path: PathBuf,
        problems: Vec<Problem>,
    },

    /// `sheet` is empty when the failure is the whole file's (saving it), not one sheet's.
    #[error("cannot write {}{}: {reason}", path.display(), sheet_part(sheet))]
    Write {
        path: PathBuf,
        sheet: String,
        reason: String,
    },

    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    Core(#[from] hashira_core::Error),
}

fn sheet_part(sheet: &str) -> String {
    if sheet.is_empty() {
        String::new()
    } else {
        format!(", sheet '{sheet}'")
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub type Result<T, E = XlsxError> = std::result::Result<T, E>;

impl XlsxError {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> XlsxError {
        XlsxError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn invalid(path: &Path, reason: impl Into<String>) -> XlsxError {
        XlsxError::Invalid {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    pub(crate) fn write(path: &Path, sheet: &str, error: impl std::fmt::Display) -> XlsxError {
        XlsxError::Write {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            reason: error.to_string(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            XlsxError::Invalid { .. }
            | XlsxError::Limit { .. }
            | XlsxError::MissingSheet { .. }
            | XlsxError::NoHeader { .. } => ErrorCode::XlsxInvalid,
            XlsxError::Problems { .. } => ErrorCode::ImportProblems,
            XlsxError::Write { .. } | XlsxError::Io { .. } => ErrorCode::Io,
            XlsxError::Core(error) => error.code(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        let p = |path: &Path| path.display().to_string();
        let details = match self {
            XlsxError::Invalid { path, reason } => json!({ "path": p(path), "reason": reason }),
            XlsxError::Limit {
                path,
                what,
                actual,
                limit,
            } => json!({ "path": p(path), "what": what, "actual": actual, "limit": limit }),
            XlsxError::MissingSheet {
                path,
                expected,
                found,
            } => json!({ "path": p(path), "sheet": expected, "found": found }),
            XlsxError::NoHeader {
                path,
                sheet,
                expected,
            } => json!({ "path": p(path), "sheet": sheet, "expected": expected }),
            XlsxError::Problems { path, problems } => {
                json!({ "path": p(path), "problems": problems })
            }
            XlsxError::Write {
                path,
                sheet,
                reason,
            } => json!({ "path": p(path), "sheet": sheet, "reason": reason }),
            XlsxError::Io {
                action,
                path,
                source,
            } => hashira_core::error::io_details(action, path, source),
            XlsxError::Core(error) => return error.payload(),
        };
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            details,
        }
    }
}

impl From<XlsxError> for ErrorPayload {
    fn from(error: XlsxError) -> Self {
        error.payload()
    }
}
