//! The change history appendix (`ReportOptions::with_history`): every audit entry as the
//! core describes it (`hashira_core::history`), in the report's language and the workbook's
//! time zone — the same header and lines `hashira log` prints.

use hashira_core::history::{self, HistoryFilter};
use hashira_core::{Lang, Workbook};
use serde::Serialize;

use crate::error::Result;

/// One change: `#12 2026-04-01 09:00 山田 太郎 — 回答の変更 SEC1 …`, then one line per field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub header: String,
    pub lines: Vec<String>,
}

/// The whole history, oldest first.
pub(super) fn history_entries(workbook: &Workbook, lang: Lang) -> Result<Vec<HistoryEntry>> {
    Ok(workbook
        .history(&HistoryFilter::default())?
        .iter()
        .map(|record| HistoryEntry {
            header: history::header(record, lang),
            lines: history::lines(record, lang),
        })
        .collect())
}
