//! The IPC commands. Each is a thin call into `hashira-core`; no SQL and no business rule here.
//!
//! One module per area of the UI. The commands are re-exported here with globs because
//! `#[tauri::command]` puts a hidden macro beside each function, and `lib.rs`'s
//! `generate_handler![commands::NAME]` needs that macro at the same path as the function.

mod answers;
mod app;
mod bundle;
mod dialogs;
mod evidence;
mod history;
mod improvement;
mod lens;
mod merge;
mod milestones;
mod report;
mod set_upgrade;
mod wa_tool;
mod wg;
mod workbook;
mod xlsx;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hashira_core::clock::format_timestamp;
use hashira_core::{Clock, Error, ErrorPayload, SystemClock, Workbook};
use tauri::{AppHandle, Manager, WebviewWindow};

use crate::{AppState, CmdResult, lock, no_workbook, off_main_payload, settings};

pub use answers::*;
pub use app::*;
pub use bundle::*;
pub use dialogs::*;
pub use evidence::*;
pub use history::*;
pub use improvement::*;
pub use lens::*;
pub use merge::*;
pub use milestones::*;
pub use report::*;
pub use set_upgrade::*;
pub use wa_tool::*;
pub use wg::*;
pub use workbook::*;
pub use xlsx::*;

fn clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// The current time as written into exports and the recent list.
fn now() -> String {
    format_timestamp(clock().now())
}

/// An I/O failure kept as it is (its OS error kind reaches the UI in `details.kind`).
fn io_failure(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// A failure that is not an OS I/O error (Tauri's, a dialog's), reported as one with its text.
fn io_error(action: &'static str, path: &Path, error: impl std::fmt::Display) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source: std::io::Error::other(error.to_string()),
    }
}

fn config_dir(app: &AppHandle) -> hashira_core::Result<PathBuf> {
    app.path()
        .app_config_dir()
        .map_err(|e| io_error("cannot find the settings folder", Path::new("~"), e))
}

/// One of the app's own folders (data, cache), created if missing. `found` is Tauri's answer
/// to where it is; the actions name the folder in the error.
fn app_folder(
    found: tauri::Result<PathBuf>,
    find_action: &'static str,
    create_action: &'static str,
) -> hashira_core::Result<PathBuf> {
    let dir = found.map_err(|e| io_error(find_action, Path::new("~"), e))?;
    std::fs::create_dir_all(&dir).map_err(|e| io_failure(create_action, &dir, e))?;
    Ok(dir)
}

/// The reviewer name every change is recorded under.
fn actor(app: &AppHandle) -> hashira_core::Result<String> {
    Ok(settings::reviewer_name(&settings::load(&config_dir(app)?)))
}

/// Titles the window after the open workbook's workload.
fn show_workload_title(window: &WebviewWindow, workload_name: &str) {
    // A title that cannot be set is cosmetic; the command itself succeeded.
    let _ = window.set_title(&format!("{workload_name} — Hashira"));
}

/// Runs `work` on the window's workbook, off the main thread.
async fn with_book<T, F>(state: &AppState, window: &WebviewWindow, work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Workbook) -> hashira_core::Result<T> + Send + 'static,
{
    with_book_payload(state, window, move |book| {
        work(book).map_err(ErrorPayload::from)
    })
    .await
}

/// Like [`with_book`], for work whose errors are already payloads (Excel, report).
async fn with_book_payload<T, F>(state: &AppState, window: &WebviewWindow, work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Workbook) -> CmdResult<T> + Send + 'static,
{
    let books = state.books.clone();
    let shown = state.milestones.clone();
    let label = window.label().to_string();
    off_main_payload(move || {
        let mut books = lock(&books);
        let book = books.get_mut(&label).ok_or_else(no_workbook)?;
        // A window showing a milestone changes nothing, and reads nothing but what it shows.
        milestones::refuse_while_shown(&lock(&shown), &label, book)?;
        work(book)
    })
    .await
}

/// Runs `work` on the review the window shows — a milestone (read-only) or the workbook now —
/// off the main thread.
async fn with_review<T, F>(state: &AppState, window: &WebviewWindow, work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&milestones::Shown<'_>) -> hashira_core::Result<T> + Send + 'static,
{
    let books = state.books.clone();
    let shown = state.milestones.clone();
    let label = window.label().to_string();
    off_main_payload(move || {
        let books = lock(&books);
        let book = books.get(&label).ok_or_else(no_workbook)?;
        let shown = lock(&shown);
        let review = milestones::Shown::of(book, shown.get(&label));
        work(&review).map_err(ErrorPayload::from)
    })
    .await
}

/// Like [`with_book_payload`], for an export to `out`: refuses the workbook itself as the
/// output and hands `work` the output path and the export time.
async fn export_from_book<T, F>(
    state: &AppState,
    window: &WebviewWindow,
    out: PathBuf,
    work: F,
) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Workbook, &Path, &str) -> CmdResult<T> + Send + 'static,
{
    with_book_payload(state, window, move |book| {
        not_the_workbook(book, &out)?;
        work(book, &out, &now())
    })
    .await
}

/// Refuses an output path that is the open workbook itself.
fn not_the_workbook(book: &Workbook, out: &Path) -> CmdResult<()> {
    if let (Ok(a), Ok(b)) = (out.canonicalize(), book.path().canonicalize())
        && a == b
    {
        return Err(Error::WorkbookExists {
            path: out.to_path_buf(),
        }
        .payload());
    }
    Ok(())
}

/// Refuses to hand `out` to the system (open it, show it in its folder) unless this app wrote
/// it in this run (`AppState::outputs`): the page never names an arbitrary file to open.
fn written_by_this_app(state: &AppState, out: &Path, what: &'static str) -> CmdResult<()> {
    if lock(&state.outputs).contains(out) {
        Ok(())
    } else {
        Err(io_error(what, out, "not a file written by this app").payload())
    }
}

/// A new workbook with the shipped sets in `dir`: what the commands' tests work on.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn test_book(dir: &tempfile::TempDir) -> hashira_core::Workbook {
    hashira_core::Workbook::create(
        &dir.path().join("t.hashira"),
        "test",
        hashira_core::question_set::shipped::shipped_sets().unwrap(),
        "tester",
        std::sync::Arc::new(hashira_core::SystemClock),
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::app_folder;

    #[test]
    fn a_folder_that_cannot_be_created_keeps_its_path_and_the_os_error_kind() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a-file");
        std::fs::write(&file, "not a folder").unwrap();
        let wanted = file.join("cache");
        let error = app_folder(Ok(wanted.clone()), "find", "cannot create").unwrap_err();
        let payload = error.payload();
        assert_eq!(payload.code.as_str(), "IO");
        assert_eq!(payload.details["path"], wanted.display().to_string());
        let kind = payload.details["kind"].as_str().unwrap();
        // Flattened to text, the kind was "Other".
        assert_ne!(kind, "Other", "{payload:?}");
    }
}
