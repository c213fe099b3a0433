//! The PDF report: built by `hashira-report`, written atomically, and opened on request.

use std::path::{Path, PathBuf};

use hashira_report::{ReportModel, ReportOptions, render_report};
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_opener::OpenerExt;

use super::{clock, io_error, io_failure, not_the_workbook, written_by_this_app};
use crate::dto::ReportDone;
use crate::{AppState, CmdResult, lock, no_workbook, off_main_payload};

/// Writes beside `out` first and renames, so a failed run never leaves half a file.
fn write_atomically(out: &Path, bytes: &[u8]) -> hashira_core::Result<()> {
    use std::io::Write as _;
    let dir = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| io_failure("cannot write the report", out, e);
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(fail)?;
    temp.persist(out).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Builds the PDF report of the open workbook (`hashira-report`) and writes it to `path`;
/// `since` (a milestone's name) adds the section "changes since milestone X".
#[allow(clippy::too_many_arguments)] // each a report option the screen sets
#[tauri::command]
pub async fn create_report(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    lang: hashira_core::Lang,
    set_ids: Vec<String>,
    label: String,
    with_history: bool,
    since: Option<String>,
) -> CmdResult<ReportDone> {
    let books = state.books.clone();
    let outputs = state.outputs.clone();
    let key = window.label().to_string();
    off_main_payload(move || {
        let out = PathBuf::from(&path);
        let books = lock(&books);
        let book = books.get(&key).ok_or_else(no_workbook)?;
        not_the_workbook(book, &out)?;
        let now = clock().now();
        let mut options = ReportOptions::new(lang, ReportOptions::report_time(lang, now));
        if let Some(since) = since.as_deref().filter(|s| !s.trim().is_empty()) {
            let changes = hashira_report::milestones::changes_since_now(book, since, now)
                .map_err(|e| e.payload())?;
            options.changes = Some(changes);
        }
        options.set_ids = set_ids;
        options.with_history = with_history;
        if !label.trim().is_empty() {
            options.label = label.trim().to_string();
        }
        let model = ReportModel::build(book, &options).map_err(|e| e.payload())?;
        // Rendering needs only the model: other commands may use the workbook meanwhile.
        drop(books);
        let rendered = render_report(&model).map_err(|e| e.payload())?;
        write_atomically(&out, &rendered.bytes)?;
        lock(&outputs).insert(out);
        Ok(ReportDone {
            path,
            pages: rendered.pages,
            bytes: rendered.bytes.len(),
            sets: model.cover.sets.iter().map(|s| s.id.clone()).collect(),
            label: model.label,
            since: model.changes.as_ref().map(|c| c.title.clone()),
            warnings: rendered.warnings.into_iter().map(Into::into).collect(),
        })
    })
    .await
}

/// Hands a file this app wrote (a report) to the system viewer, only on the user's request.
#[tauri::command]
pub async fn open_output(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<()> {
    let out = PathBuf::from(&path);
    written_by_this_app(&state, &out, "cannot open")?;
    app.opener()
        .open_path(path, None::<&str>)
        .map_err(|e| io_error("cannot open", &out, e).payload())
}
