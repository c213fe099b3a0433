//! Errors of the report crate, mapped onto the core's closed list of codes.

use std::path::PathBuf;

use hashira_core::{ErrorCode, ErrorPayload};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the workbook failed (not found, locked, damaged, unknown set, …).
    #[error(transparent)]
    Core(#[from] hashira_core::Error),

    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The bundled font could not be parsed (a build defect, not the user's fault).
    #[error("the report font {name} cannot be read")]
    Font { name: &'static str },

    /// printpdf reported an error while writing the document.
    #[error("the PDF could not be written: {message}")]
    Pdf { message: String },
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;

impl ReportError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ReportError::Core(error) => error.code(),
            ReportError::Io { .. } => ErrorCode::Io,
            ReportError::Font { .. } | ReportError::Pdf { .. } => ErrorCode::ReportFailed,
        }
    }

    /// `{code, message, details}` as the CLI and the app show errors.
    pub fn payload(&self) -> ErrorPayload {
        match self {
            ReportError::Core(error) => error.payload(),
            ReportError::Io {
                action,
                path,
                source,
            } => ErrorPayload {
                code: self.code(),
                message: self.to_string(),
                details: json!({
                    "path": path.display().to_string(),
                    "action": action,
                    "reason": source.to_string(),
                }),
            },
            ReportError::Font { name } => ErrorPayload {
                code: self.code(),
                message: self.to_string(),
                details: json!({ "font": name }),
            },
            ReportError::Pdf { message } => ErrorPayload {
                code: self.code(),
                message: self.to_string(),
                details: json!({ "reason": message }),
            },
        }
    }
}
