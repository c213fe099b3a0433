//! The Tauri shell: one open workbook per window, each command a few lines over `hashira-core`.
//!
//! Errors cross IPC as `hashira_core::ErrorPayload` (`{code, message, details}`); the UI
//! localises them from `code` and `details`. Workbook work runs on the blocking pool, never on
//! the main (UI) thread.

mod bindings;
mod commands;
pub mod dto;
mod settings;
mod webview;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use hashira_core::{Error, ErrorPayload, Workbook};

/// The result every command returns.
pub type CmdResult<T> = Result<T, ErrorPayload>;

/// Open workbooks, keyed by window label.
#[derive(Default)]
pub struct AppState {
    books: Arc<Mutex<HashMap<String, Workbook>>>,
    /// The milestone a window shows instead of the review now (read-only), by window label.
    /// Lock order: `books` first, then `milestones`.
    milestones: Arc<Mutex<HashMap<String, hashira_core::workbook::milestone::MilestoneView>>>,
    /// Files this app wrote (reports): the only paths `open_output` hands to the system viewer.
    outputs: Arc<Mutex<std::collections::HashSet<PathBuf>>>,
    initial: Option<StartWith>,
}

/// What the window opens at start, from the program's first argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartWith {
    /// `hashira-app PATH`: that workbook.
    Workbook(PathBuf),
    /// `hashira-app --demo`: the demo workbook, as the start screen's "open the demo" does
    /// (the README's run command uses it, so it needs no CLI build to make one).
    Demo,
}

impl StartWith {
    pub fn from_first_argument(argument: Option<std::ffi::OsString>) -> Option<StartWith> {
        let argument = argument.filter(|a| !a.is_empty())?;
        if argument == "--demo" {
            return Some(StartWith::Demo);
        }
        Some(StartWith::Workbook(PathBuf::from(argument)))
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves a usable map; the workbook's own state is in SQLite.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `work` on the blocking thread pool.
pub(crate) async fn off_main<T, F>(work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> hashira_core::Result<T> + Send + 'static,
{
    match tauri::async_runtime::spawn_blocking(work).await {
        Ok(result) => result.map_err(ErrorPayload::from),
        Err(join) => Err(Error::Io {
            action: "run a background task for",
            path: PathBuf::from("the workbook"),
            source: std::io::Error::other(join.to_string()),
        }
        .payload()),
    }
}

/// Runs `work`, whose errors are already payloads (report and xlsx errors), on the blocking pool.
pub(crate) async fn off_main_payload<T, F>(work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> CmdResult<T> + Send + 'static,
{
    off_main(move || Ok(work())).await.and_then(|result| result)
}

/// Error for a command that needs an open workbook in a window that has none.
pub(crate) fn no_workbook() -> Error {
    Error::WorkbookNotFound {
        path: PathBuf::new(),
    }
}

pub fn run() {
    // Parse the shipped question sets while GTK and WebKit start (~1 s): the start screen asks
    // for them first thing. An error is not lost: the start screen's call meets it again.
    std::thread::spawn(|| {
        let _ = hashira_core::question_set::shipped::parsed_shipped_sets();
    });
    let state = AppState {
        books: Arc::default(),
        milestones: Arc::default(),
        outputs: Arc::default(),
        initial: StartWith::from_first_argument(std::env::args_os().nth(1)),
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .setup(|app| Ok(webview::tune(app)?))
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::recent_workbooks,
            commands::set_reviewer_name,
            commands::choose_workbook_to_open,
            commands::choose_new_workbook_path,
            commands::choose_evidence_file,
            commands::create_workbook,
            commands::open_workbook,
            commands::open_demo,
            commands::close_workbook,
            commands::workbook_view,
            commands::save_answer,
            commands::update_workload,
            commands::list_evidence,
            commands::add_evidence,
            commands::remove_evidence,
            commands::export_evidence,
            commands::open_evidence,
            commands::audit_log,
            commands::history,
            commands::improvement_plan,
            commands::verify,
            commands::choose_output_path,
            commands::choose_xlsx_to_import,
            commands::create_report,
            commands::open_output,
            commands::export_review_xlsx,
            commands::import_review_xlsx,
            commands::wg_assessments,
            commands::wg_assessment,
            commands::update_wg_evaluation,
            commands::import_wg_xlsx,
            commands::export_wg_xlsx,
            commands::delete_wg_assessment,
            commands::wg_criteria_for_question,
            commands::choose_folder,
            commands::choose_json_to_import,
            commands::export_for_wa_tool,
            commands::export_lens,
            commands::import_wa_tool,
            commands::preview_lens,
            commands::add_lens,
            commands::preview_set_upgrade,
            commands::apply_set_upgrade,
            commands::plan_merge,
            commands::apply_merge,
            commands::confirm_answer,
            commands::choose_toml_to_import,
            commands::improvement_items,
            commands::update_improvement_item,
            commands::add_improvement_item,
            commands::milestones,
            commands::add_milestone,
            commands::show_milestone,
            commands::show_current_review,
            commands::compare_with_milestone,
            commands::create_bundle,
            commands::check_bundle,
            commands::show_output_in_folder,
        ])
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Destroyed = event {
                use tauri::Manager;
                let state = window.state::<AppState>();
                let book = lock(&state.books).remove(window.label());
                lock(&state.milestones).remove(window.label());
                if let Some(book) = book {
                    let _ = book.close();
                }
            }
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("hashira: cannot start the app: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::StartWith;
    use std::ffi::OsString;
    use std::path::PathBuf;

    #[test]
    fn the_first_argument_is_a_workbook_or_the_demo() {
        let arg = |s: &str| Some(OsString::from(s));
        assert_eq!(StartWith::from_first_argument(None), None);
        assert_eq!(StartWith::from_first_argument(arg("")), None);
        assert_eq!(
            StartWith::from_first_argument(arg("--demo")),
            Some(StartWith::Demo)
        );
        assert_eq!(
            StartWith::from_first_argument(arg("監査/勘定系.hashira")),
            Some(StartWith::Workbook(PathBuf::from("監査/勘定系.hashira")))
        );
    }
}
