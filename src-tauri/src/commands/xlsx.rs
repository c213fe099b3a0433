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
/// otherwise applies them all in one transaction (or none, on any problem). `expect_plan` is
/// the preview's fingerprint: a file or workbook changed since is refused, nothing applied.
#[tauri::command]
pub async fn import_review_xlsx(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
    expect_plan: Option<String>,
) -> CmdResult<ReviewImport> {
    with_book_payload(&state, &window, move |book| {
        let actor = actor(&app)?;
        let path = Path::new(&path);
        let expect = expect_plan.as_deref();
        hashira_xlsx::review::import_review_expecting(book, path, dry_run, expect, &actor)
            .map(Into::into)
            .map_err(|e| e.payload())
    })
    .await
}
