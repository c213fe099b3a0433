//! The PDF report.

use serde::Serialize;
use ts_rs::TS;

/// A written PDF report.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportDone {
    pub path: String,
    pub pages: usize,
    pub bytes: usize,
    pub sets: Vec<String>,
    pub label: String,
}
