//! The review's answers in Excel: export, and a re-import shown as a dry run before it is applied.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, export_from_book, with_book_payload};
use crate::dto::{ReviewImport, XlsxExportDone};
use crate::{AppState, CmdResult};

/// Writes the review's answers (all sets, or those named) to an Excel workbook.
#[tauri::command]
pub async fn export_review_xlsx(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    set_ids: Vec<String>,
) -> CmdResult<XlsxExportDone> {
    export_from_book(
        &state,
        &window,
        PathBuf::from(&path),
        move |book, out, at| {
            let summary = hashira_xlsx::review::export_review(book, &set_ids, out, at)
                .map_err(|e| e.payload())?;
            Ok(XlsxExportDone {
                path,
                sheets: summary.sheets,
                rows: summary.rows,
            })
        },
    )
    .await
}

/// Reads a filled review .xlsx: with `dry_run` lists every change and applies nothing;
/// otherwise applies them all in one transaction (or none, on any problem).
#[tauri::command]
pub async fn import_review_xlsx(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> CmdResult<ReviewImport> {
    with_book_payload(&state, &window, move |book| {
        let actor = actor(&app)?;
        hashira_xlsx::review::import_review(book, Path::new(&path), dry_run, &actor)
            .map(Into::into)
            .map_err(|e| e.payload())
    })
    .await
}
