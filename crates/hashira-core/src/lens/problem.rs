//! One problem `lens check` reports.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where (`$` is the whole file), what, and whether the WA Tool would refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LensProblem {
    pub path: String,
    pub message: String,
    pub severity: Severity,
}

impl std::fmt::Display for LensProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}: {}", self.path, self.message)
    }
}
