//! The native file dialogs. They are driven from Rust so the page needs no dialog permission;
//! each returns the chosen path, or `None` if the user cancelled.

use std::path::Path;

use hashira_core::workbook::FILE_EXTENSION;
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FilePath};

use super::io_error;
use crate::{CmdResult, off_main};

fn picked(path: Option<FilePath>) -> hashira_core::Result<Option<String>> {
    path.map(|p| {
        p.into_path()
            .map(|p| p.display().to_string())
            .map_err(|e| io_error("cannot use the chosen file", Path::new(""), e))
    })
    .transpose()
}

/// Asks for an existing file, of one kind (`label` and extension) or of any kind.
pub(super) fn pick_file(
    app: &AppHandle,
    kind: Option<(&str, &str)>,
) -> hashira_core::Result<Option<String>> {
    let dialog = app.dialog().file();
    let dialog = match kind {
        Some((label, ext)) => dialog.add_filter(label, &[ext]),
        None => dialog,
    };
    picked(dialog.blocking_pick_file())
}

/// Asks where to save a file named `file_name` (the user confirms any overwrite there).
pub(super) fn pick_save_path(
    app: &AppHandle,
    file_name: String,
) -> hashira_core::Result<Option<String>> {
    picked(
        app.dialog()
            .file()
            .set_file_name(file_name)
            .blocking_save_file(),
    )
}

/// Asks where to save a new file of one kind, suggesting `suggested_name`; adds the extension
/// when the user left it out.
fn pick_new_file(
    app: &AppHandle,
    label: &str,
    ext: &str,
    suggested_name: &str,
) -> hashira_core::Result<Option<String>> {
    let chosen = picked(
        app.dialog()
            .file()
            .add_filter(label, &[ext])
            .set_file_name(format!("{suggested_name}.{ext}"))
            .blocking_save_file(),
    )?;
    Ok(chosen.map(|path| with_extension(path, ext)))
}

fn with_extension(path: String, ext: &str) -> String {
    if Path::new(&path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        path
    } else {
        format!("{path}.{ext}")
    }
}

#[tauri::command]
pub async fn choose_workbook_to_open(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || pick_file(&app, Some(("Hashira", FILE_EXTENSION)))).await
}

#[tauri::command]
pub async fn choose_new_workbook_path(
    app: AppHandle,
    suggested_name: String,
) -> CmdResult<Option<String>> {
    off_main(move || pick_new_file(&app, "Hashira", FILE_EXTENSION, &suggested_name)).await
}

#[tauri::command]
pub async fn choose_evidence_file(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || pick_file(&app, None)).await
}

/// Asks where to save a report (`kind` "pdf"), a lens (`kind` "json"), a bundle for hand-over
/// (`kind` "zip") or an Excel export (`kind` "xlsx").
#[tauri::command]
pub async fn choose_output_path(
    app: AppHandle,
    kind: String,
    suggested_name: String,
) -> CmdResult<Option<String>> {
    let (label, ext) = match kind.as_str() {
        "pdf" => ("PDF", "pdf"),
        "json" => ("JSON", "json"),
        "zip" => ("Zip", "zip"),
        _ => ("Excel", "xlsx"),
    };
    off_main(move || pick_new_file(&app, label, ext, &suggested_name)).await
}

#[tauri::command]
pub async fn choose_xlsx_to_import(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || pick_file(&app, Some(("Excel", "xlsx")))).await
}

/// Asks for a folder (an export's output folder, or a folder of files to import).
#[tauri::command]
pub async fn choose_folder(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || picked(app.dialog().file().blocking_pick_folder())).await
}

#[tauri::command]
pub async fn choose_json_to_import(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || pick_file(&app, Some(("JSON", "json")))).await
}
