//! The IPC commands. Each is a thin call into `hashira-core`; no SQL and no business rule here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hashira_core::clock::format_timestamp;
use hashira_core::improvement::ImprovementItem;
use hashira_core::question_set::shipped::{DEFAULT_SET_IDS, shipped_set, shipped_sets};
use hashira_core::workbook::{AuditEntry, Evidence, NewEvidence, VerifyReport, Workload};
use hashira_core::{Clock, Error, SystemClock, Workbook};
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::dto::{
    AnswerChangeInput, AppInfo, EvidenceInput, QuestionUpdate, RecentWorkbook, SetChoice,
    WorkbookView,
};
use crate::{AppState, CmdResult, lock, no_workbook, off_main, settings};

fn clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

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

fn actor(app: &AppHandle) -> hashira_core::Result<String> {
    Ok(settings::reviewer_name(&settings::load(&config_dir(app)?)))
}

fn view(book: &Workbook) -> hashira_core::Result<WorkbookView> {
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
    })
}

fn question_update(book: &Workbook, question_id: &str) -> hashira_core::Result<QuestionUpdate> {
    let (set, _, _) = book.find_question(question_id)?;
    let set_id = set.id().to_string();
    let question = book
        .review(Some(&set_id))?
        .into_iter()
        .find(|q| q.question_id == question_id)
        .ok_or_else(|| Error::QuestionNotFound {
            question_id: question_id.to_string(),
        })?;
    Ok(QuestionUpdate {
        question,
        summary: book.risk_summary()?,
        evidence: book.list_evidence(Some(question_id))?,
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
    if let Some(previous) = previous {
        let _ = previous.close();
    }
    let _ = window.set_title(&format!("{} — Hashira", view.workload.name));
    let dir = config_dir(app)?;
    let mut saved = settings::load(&dir);
    settings::remember(
        &mut saved,
        Path::new(&view.path),
        &view.workload.name,
        format_timestamp(clock().now()),
    );
    // The recent list is a convenience: failing to save it must not fail the open.
    let _ = settings::save(&dir, &saved);
    Ok(view)
}

/// Runs `work` on the window's workbook, off the main thread.
async fn with_book<T, F>(state: &AppState, window: &WebviewWindow, work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Workbook) -> hashira_core::Result<T> + Send + 'static,
{
    let books = state.books.clone();
    let label = window.label().to_string();
    off_main(move || {
        let mut books = lock(&books);
        let book = books.get_mut(&label).ok_or_else(no_workbook)?;
        work(book)
    })
    .await
}

#[tauri::command]
pub async fn app_info(app: AppHandle, state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let initial_path = state
        .initial_path
        .as_ref()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .map(|p| p.display().to_string());
    let version = app.package_info().version.to_string();
    off_main(move || {
        let question_sets = shipped_sets()?
            .iter()
            .map(|set| SetChoice {
                id: set.id().to_string(),
                version: set.version().to_string(),
                title: set.title().clone(),
                question_count: set.question_count(),
            })
            .collect();
        Ok(AppInfo {
            version,
            initial_path,
            question_sets,
            default_set_ids: DEFAULT_SET_IDS.iter().map(|s| s.to_string()).collect(),
            reviewer_name: actor(&app)?,
        })
    })
    .await
}

#[tauri::command]
pub async fn recent_workbooks(app: AppHandle) -> CmdResult<Vec<RecentWorkbook>> {
    off_main(move || {
        let mut recent = settings::load(&config_dir(&app)?).recent;
        recent.retain(|r| Path::new(&r.path).is_file());
        Ok(recent)
    })
    .await
}

#[tauri::command]
pub async fn set_reviewer_name(app: AppHandle, name: String) -> CmdResult<String> {
    off_main(move || {
        let dir = config_dir(&app)?;
        let mut saved = settings::load(&dir);
        saved.reviewer_name = Some(name.trim().to_string()).filter(|n| !n.is_empty());
        settings::save(&dir, &saved)?;
        Ok(settings::reviewer_name(&saved))
    })
    .await
}

fn picked(path: Option<tauri_plugin_dialog::FilePath>) -> hashira_core::Result<Option<String>> {
    path.map(|p| {
        p.into_path()
            .map(|p| p.display().to_string())
            .map_err(|e| io_error("cannot use the chosen file", Path::new(""), e))
    })
    .transpose()
}

#[tauri::command]
pub async fn choose_workbook_to_open(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || {
        picked(
            app.dialog()
                .file()
                .add_filter("Hashira", &[hashira_core::workbook::FILE_EXTENSION])
                .blocking_pick_file(),
        )
    })
    .await
}

#[tauri::command]
pub async fn choose_new_workbook_path(
    app: AppHandle,
    suggested_name: String,
) -> CmdResult<Option<String>> {
    off_main(move || {
        let chosen = picked(
            app.dialog()
                .file()
                .add_filter("Hashira", &[hashira_core::workbook::FILE_EXTENSION])
                .set_file_name(format!(
                    "{suggested_name}.{}",
                    hashira_core::workbook::FILE_EXTENSION
                ))
                .blocking_save_file(),
        )?;
        Ok(chosen.map(|path| {
            let with_extension = Path::new(&path)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(hashira_core::workbook::FILE_EXTENSION));
            if with_extension {
                path
            } else {
                format!("{path}.{}", hashira_core::workbook::FILE_EXTENSION)
            }
        }))
    })
    .await
}

#[tauri::command]
pub async fn choose_evidence_file(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || picked(app.dialog().file().blocking_pick_file())).await
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
        let dir = data_app
            .path()
            .app_data_dir()
            .map_err(|e| io_error("cannot find the data folder", Path::new("~"), e))?;
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error("cannot create the data folder", &dir, e))?;
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
    with_book(&state, &window, |book| view(book)).await
}

#[tauri::command]
pub async fn save_answer(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    question_id: String,
    change: AnswerChangeInput,
) -> CmdResult<QuestionUpdate> {
    with_book(&state, &window, move |book| {
        book.save_answer(&question_id, change.into(), &actor(&app)?)?;
        question_update(book, &question_id)
    })
    .await
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
    let _ = window.set_title(&format!("{} — Hashira", saved.name));
    Ok(saved)
}

#[tauri::command]
pub async fn list_evidence(
    window: WebviewWindow,
    state: State<'_, AppState>,
    question_id: String,
) -> CmdResult<Vec<Evidence>> {
    with_book(&state, &window, move |book| {
        book.list_evidence(Some(&question_id))
    })
    .await
}

#[tauri::command]
pub async fn add_evidence(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    question_id: String,
    choice_id: Option<String>,
    evidence: EvidenceInput,
) -> CmdResult<QuestionUpdate> {
    let new = match evidence {
        EvidenceInput::File { path, title } => NewEvidence::File {
            path: PathBuf::from(path),
            title,
        },
        EvidenceInput::Link { url, title } => NewEvidence::Link { url, title },
        EvidenceInput::Text { text, title } => NewEvidence::Text { text, title },
    };
    with_book(&state, &window, move |book| {
        book.add_evidence(&question_id, choice_id.as_deref(), new, &actor(&app)?)?;
        question_update(book, &question_id)
    })
    .await
}

#[tauri::command]
pub async fn remove_evidence(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    evidence_id: i64,
) -> CmdResult<QuestionUpdate> {
    with_book(&state, &window, move |book| {
        let removed = book.remove_evidence(evidence_id, &actor(&app)?)?;
        question_update(book, &removed.question_id)
    })
    .await
}

/// Asks where to save a stored evidence file and writes a copy there. `None` if cancelled.
#[tauri::command]
pub async fn export_evidence(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    evidence_id: i64,
) -> CmdResult<Option<String>> {
    let evidence = with_book(&state, &window, move |book| book.evidence(evidence_id)).await?;
    let name = evidence
        .file_name
        .clone()
        .unwrap_or_else(|| format!("evidence-{evidence_id}"));
    let dialog_app = app.clone();
    let target = off_main(move || {
        picked(
            dialog_app
                .dialog()
                .file()
                .set_file_name(name)
                .blocking_save_file(),
        )
    })
    .await?;
    let Some(target) = target else {
        return Ok(None);
    };
    let output = PathBuf::from(&target);
    with_book(&state, &window, move |book| {
        if output.exists() {
            // The user confirmed the overwrite in the save dialog; extraction never overwrites.
            std::fs::remove_file(&output).map_err(|e| io_error("cannot replace", &output, e))?;
        }
        book.extract_evidence(evidence_id, &output)
    })
    .await?;
    Ok(Some(target))
}

/// Hands a copy of a stored evidence file to the system viewer (only on the user's request).
#[tauri::command]
pub async fn open_evidence(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    evidence_id: i64,
) -> CmdResult<()> {
    let cache_app = app.clone();
    let copy = with_book(&state, &window, move |book| {
        let evidence = book.evidence(evidence_id)?;
        let cache = cache_app
            .path()
            .app_cache_dir()
            .map_err(|e| io_error("cannot find the cache folder", Path::new("~"), e))?;
        std::fs::create_dir_all(&cache)
            .map_err(|e| io_error("cannot create the cache folder", &cache, e))?;
        let dir = tempfile::Builder::new()
            .prefix("evidence-")
            .tempdir_in(&cache)
            .map_err(|e| io_error("cannot create a folder in", &cache, e))?
            .keep();
        let name = evidence
            .file_name
            .unwrap_or_else(|| format!("evidence-{evidence_id}"));
        let output = dir.join(name);
        book.extract_evidence(evidence_id, &output)?;
        Ok(output)
    })
    .await?;
    app.opener()
        .open_path(copy.display().to_string(), None::<&str>)
        .map_err(|e| io_error("cannot open", &copy, e).payload())
}

#[tauri::command]
pub async fn audit_log(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<Vec<AuditEntry>> {
    with_book(&state, &window, |book| book.audit_log()).await
}

#[tauri::command]
pub async fn improvement_plan(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<Vec<ImprovementItem>> {
    with_book(&state, &window, |book| book.improvement_plan()).await
}

#[tauri::command]
pub async fn verify(window: WebviewWindow, state: State<'_, AppState>) -> CmdResult<VerifyReport> {
    with_book(&state, &window, |book| book.verify()).await
}
