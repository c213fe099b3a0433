//! The change history screen.

use hashira_core::history::HistoryRecord;
use hashira_core::workbook::AuditEntry;
use serde::Serialize;
use ts_rs::TS;

/// One entry as the auditor reads it, with the raw entry it describes (shown on request).
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryItem {
    pub record: HistoryRecord,
    pub entry: AuditEntry,
}

/// The filtered history, newest last, and everyone who appears in the whole history.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryView {
    pub items: Vec<HistoryItem>,
    pub actors: Vec<String>,
}
