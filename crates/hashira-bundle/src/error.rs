//! Errors of building or reading a bundle, each turning into the `{code, message, details}`
//! payload every front end shows.

use std::path::PathBuf;

use hashira_core::{ErrorCode, ErrorPayload};
use serde_json::json;

pub type Result<T> = std::result::Result<T, BundleError>;

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(transparent)]
    Core(#[from] hashira_core::Error),

    #[error(transparent)]
    Report(#[from] hashira_report::ReportError),

    #[error(transparent)]
    Xlsx(#[from] hashira_xlsx::XlsxError),

    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// Not a bundle this build can read: not a zip, damaged, no manifest, over a limit.
    #[error("{} is not a readable Hashira bundle: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },

    /// The output exists and replacing it was not asked for.
    #[error("{} already exists (it was left as it is); choose another name or replace it with --force", path.display())]
    Exists { path: PathBuf },
}

impl BundleError {
    pub(crate) fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        BundleError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn invalid(path: &std::path::Path, reason: impl Into<String>) -> Self {
        BundleError::Invalid {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        match self {
            BundleError::Core(e) => e.payload(),
            BundleError::Report(e) => e.payload(),
            BundleError::Xlsx(e) => e.payload(),
            BundleError::Io {
                action,
                path,
                source,
            } => ErrorPayload {
                code: ErrorCode::Io,
                message: self.to_string(),
                details: hashira_core::error::io_details(action, path, source),
            },
            BundleError::Invalid { path, reason } => ErrorPayload {
                code: ErrorCode::BundleInvalid,
                message: self.to_string(),
                details: json!({ "path": path.display().to_string(), "reason": reason }),
            },
            BundleError::Exists { path } => ErrorPayload {
                code: ErrorCode::Io,
                message: self.to_string(),
                details: json!({ "path": path.display().to_string(), "kind": "AlreadyExists" }),
            },
        }
    }
}
