//! The open workbook: create, open (or the demo), close, the whole view, the workload
//! properties, and the workbook's own audit trail and integrity check.

use std::path::Path;

use hashira_core::Workbook;
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::workbook::{AuditEntry, VerifyReport, Workload};
use tauri::{AppHandle, Manager, State, WebviewWindow};

use super::{
    actor, app_folder, clock, config_dir, now, show_workload_title, with_book, with_review,
};
use crate::dto::WorkbookView;
use crate::{AppState, CmdResult, lock, off_main, settings};

pub(super) fn view(book: &Workbook) -> hashira_core::Result<WorkbookView> {
    Ok(WorkbookView {
        path: book.path().display().to_string(),
        file_name: book
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        workload: book.workload()?,
        sets: book.set_infos()?,
        questions: book.review(None)?,
        summary: book.risk_summary()?,
        rereview: book.rereview_list()?,
    })
}

/// Makes `book` the window's workbook (closing the previous one), titles the window and
/// remembers the file among the recent workbooks.
fn install(
    app: &AppHandle,
    window: &WebviewWindow,
    state: &AppState,
    book: Workbook,
) -> hashira_core::Result<WorkbookView> {
    let view = view(&book)?;
    let previous = lock(&state.books).insert(window.label().to_string(), book);
    lock(&state.milestones).remove(window.label());
    if let Some(previous) = previous {
        let _ = previous.close();
    }
    show_workload_title(window, &view.workload.name);
    let dir = config_dir(app)?;
    let mut saved = settings::load(&dir);
    settings::remember(
        &mut saved,
        Path::new(&view.path),
        &view.workload.name,
        now(),
    );
    // The recent list is a convenience: failing to save it must not fail the open.
    let _ = settings::save(&dir, &saved);
    Ok(view)
}

#[tauri::command]
pub async fn create_workbook(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    workload: Workload,
    set_ids: Vec<String>,
) -> CmdResult<WorkbookView> {
    let actor_app = app.clone();
    let book = off_main(move || {
        let actor = actor(&actor_app)?;
        let sets = set_ids
            .iter()
            .map(|id| shipped_set(id))
            .collect::<hashira_core::Result<Vec<_>>>()?;
        let mut book = Workbook::create(Path::new(&path), &workload.name, sets, &actor, clock())?;
        if book.workload()? != workload {
            book.update_workload(workload, &actor)?;
        }
        Ok(book)
    })
    .await?;
    install(&app, &window, &state, book).map_err(Into::into)
}

#[tauri::command]
pub async fn open_workbook(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<WorkbookView> {
    let book = off_main(move || Workbook::open(Path::new(&path), clock())).await?;
    install(&app, &window, &state, book).map_err(Into::into)
}

/// Opens the demo workbook in the app's data folder, creating it the first time.
#[tauri::command]
pub async fn open_demo(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<WorkbookView> {
    let data_app = app.clone();
    let book = off_main(move || {
        let dir = app_folder(
            data_app.path().app_data_dir(),
            "cannot find the data folder",
            "cannot create the data folder",
        )?;
        let path = dir.join("demo.hashira");
        if path.exists() {
            Workbook::open(&path, clock())
        } else {
            hashira_core::demo::create_demo(&path, clock())
        }
    })
    .await?;
    install(&app, &window, &state, book).map_err(Into::into)
}

#[tauri::command]
pub async fn close_workbook(window: WebviewWindow, state: State<'_, AppState>) -> CmdResult<()> {
    let book = lock(&state.books).remove(window.label());
    lock(&state.milestones).remove(window.label());
    let _ = window.set_title("Hashira");
    match book {
        Some(book) => off_main(move || book.close()).await,
        None => Ok(()),
    }
}

#[tauri::command]
pub async fn workbook_view(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<WorkbookView> {
    with_review(&state, &window, |review| view(review)).await
}

#[tauri::command]
pub async fn update_workload(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    workload: Workload,
) -> CmdResult<Workload> {
    let saved = with_book(&state, &window, move |book| {
        book.update_workload(workload, &actor(&app)?)
    })
    .await?;
    show_workload_title(&window, &saved.name);
    Ok(saved)
}

#[tauri::command]
pub async fn audit_log(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<Vec<AuditEntry>> {
    with_book(&state, &window, |book| book.audit_log()).await
}

#[tauri::command]
pub async fn verify(window: WebviewWindow, state: State<'_, AppState>) -> CmdResult<VerifyReport> {
    with_book(&state, &window, |book| book.verify()).await
}
