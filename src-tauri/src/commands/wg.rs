//! The WG (セキュリティリスク評価共同化WG) evaluations screen: the list by service, one
//! service's evaluation, the institution's decision on a criterion, and Excel in and out.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, export_from_book, with_book, with_book_payload};
use crate::dto::{WgChangeInput, WgCriterionRow, WgExportDone, WgImport, WgSummary, WgView};
use crate::{AppState, CmdResult};

/// The stored WG evaluations, one per service.
#[tauri::command]
pub async fn wg_assessments(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<Vec<WgSummary>> {
    with_book(&state, &window, |book| {
        Ok(book.wg_assessments()?.into_iter().map(Into::into).collect())
    })
    .await
}

/// One service's WG evaluation: scenarios, criteria with the institution's columns, notes.
#[tauri::command]
pub async fn wg_assessment(
    window: WebviewWindow,
    state: State<'_, AppState>,
    service: String,
) -> CmdResult<WgView> {
    with_book(&state, &window, move |book| {
        Ok(book.wg_assessment(&service)?.into())
    })
    .await
}

/// Records the institution's evaluation of one criterion (0-based `position` in the sheet).
#[tauri::command]
pub async fn update_wg_evaluation(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    service: String,
    position: usize,
    change: WgChangeInput,
) -> CmdResult<WgCriterionRow> {
    with_book(&state, &window, move |book| {
        let actor = actor(&app)?;
        Ok(book
            .update_wg_evaluation(&service, position, change.into(), &actor)?
            .into())
    })
    .await
}

/// Reads a WG .xlsx: with `dry_run` returns the per-criterion merge plan and stores nothing;
/// otherwise stores it, keeping the institution's evaluations by criterion (one transaction).
#[tauri::command]
pub async fn import_wg_xlsx(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> CmdResult<WgImport> {
    with_book_payload(&state, &window, move |book| {
        let actor = actor(&app)?;
        let options = hashira_xlsx::wg::WgImportOptions {
            service: None,
            dry_run,
        };
        hashira_xlsx::wg::import_wg(book, Path::new(&path), &options, &actor)
            .map(Into::into)
            .map_err(|e| e.payload())
    })
    .await
}

/// Writes one service's stored WG evaluation to an Excel workbook in the WG layout.
#[tauri::command]
pub async fn export_wg_xlsx(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    service: String,
) -> CmdResult<WgExportDone> {
    export_from_book(
        &state,
        &window,
        PathBuf::from(&path),
        move |book, out, at| {
            let criteria =
                hashira_xlsx::wg::export_wg(book, &service, out, at).map_err(|e| e.payload())?;
            Ok(WgExportDone {
                path,
                service,
                criteria,
            })
        },
    )
    .await
}
