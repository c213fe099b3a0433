//! The change history, described by the core (`hashira_core::history`) and filtered there.

use hashira_core::history::{self, HistoryFilter};
use tauri::{State, WebviewWindow};

use super::with_book;
use crate::dto::{HistoryItem, HistoryView};
use crate::{AppState, CmdResult};

/// The history of the open workbook that `filter` lets through, each entry with its raw form.
#[tauri::command]
pub async fn history(
    window: WebviewWindow,
    state: State<'_, AppState>,
    filter: HistoryFilter,
) -> CmdResult<HistoryView> {
    with_book(&state, &window, move |book| {
        let entries = book.audit_log()?;
        let records = book.history_of(&entries, &filter)?;
        let actors = history::actors(&entries);
        let mut raw = entries.into_iter();
        let items = records
            .into_iter()
            .filter_map(|record| {
                // Records keep the entries' order: the raw entry is the next one with its seq.
                let entry = raw.find(|e| e.seq == record.seq)?;
                Some(HistoryItem { record, entry })
            })
            .collect();
        Ok(HistoryView { items, actors })
    })
    .await
}
