//! The IPC commands. Each is a thin call into `hashira-core`; no SQL and no business rule here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hashira_core::clock::format_timestamp;
use hashira_core::improvement::ImprovementItem;
use hashira_core::question_set::shipped::{DEFAULT_SET_IDS, shipped_set, shipped_sets};
use hashira_core::workbook::{AuditEntry, Evidence, NewEvidence, VerifyReport, Workload};
use hashira_core::{Clock, Error, ErrorPayload, SystemClock, Workbook};
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use hashira_report::{ReportModel, ReportOptions, render_report};

use crate::dto::{
    AnswerChangeInput, AppInfo, EvidenceInput, QuestionUpdate, RecentWorkbook, ReportDone,
    ReviewImport, SetChoice, WgChangeInput, WgCriterionRow, WgExportDone, WgImport, WgSummary,
    WgView, WorkbookView, XlsxExportDone,
};
use crate::{AppState, CmdResult, lock, no_workbook, off_main, off_main_payload, settings};

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
    let label = window.label().to_string();
    off_main_payload(move || {
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

/// Asks where to save a report (`kind` "pdf") or an Excel export (`kind` "xlsx"); adds the
/// extension when the user left it out. `None` if cancelled.
#[tauri::command]
pub async fn choose_output_path(
    app: AppHandle,
    kind: String,
    suggested_name: String,
) -> CmdResult<Option<String>> {
    let (label, ext) = match kind.as_str() {
        "pdf" => ("PDF", "pdf"),
        _ => ("Excel", "xlsx"),
    };
    off_main(move || {
        let chosen = picked(
            app.dialog()
                .file()
                .add_filter(label, &[ext])
                .set_file_name(format!("{suggested_name}.{ext}"))
                .blocking_save_file(),
        )?;
        Ok(chosen.map(|path| with_extension(path, ext)))
    })
    .await
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
pub async fn choose_xlsx_to_import(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || {
        picked(
            app.dialog()
                .file()
                .add_filter("Excel", &["xlsx"])
                .blocking_pick_file(),
        )
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

/// Writes beside `out` first and renames, so a failed run never leaves half a file.
fn write_atomically(out: &Path, bytes: &[u8]) -> hashira_core::Result<()> {
    use std::io::Write as _;
    let dir = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = |e: &dyn std::fmt::Display| io_error("cannot write the report", out, e);
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| fail(&e))?;
    temp.persist(out).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// Builds the PDF report of the open workbook (`hashira-report`) and writes it to `path`.
#[tauri::command]
pub async fn create_report(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    lang: hashira_core::Lang,
    set_ids: Vec<String>,
    label: String,
) -> CmdResult<ReportDone> {
    let books = state.books.clone();
    let outputs = state.outputs.clone();
    let key = window.label().to_string();
    off_main_payload(move || {
        let out = PathBuf::from(&path);
        let books = lock(&books);
        let book = books.get(&key).ok_or_else(no_workbook)?;
        not_the_workbook(book, &out)?;
        let mut options = ReportOptions::new(lang, ReportOptions::report_time(lang, clock().now()));
        options.set_ids = set_ids;
        if !label.trim().is_empty() {
            options.label = label.trim().to_string();
        }
        let model = ReportModel::build(book, &options).map_err(|e| e.payload())?;
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
    if !lock(&state.outputs).contains(&out) {
        return Err(io_error("cannot open", &out, "not a file written by this app").payload());
    }
    app.opener()
        .open_path(path, None::<&str>)
        .map_err(|e| io_error("cannot open", &out, e).payload())
}

/// Writes the review's answers (all sets, or those named) to an Excel workbook.
#[tauri::command]
pub async fn export_review_xlsx(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    set_ids: Vec<String>,
) -> CmdResult<XlsxExportDone> {
    with_book_payload(&state, &window, move |book| {
        let out = PathBuf::from(&path);
        not_the_workbook(book, &out)?;
        let at = format_timestamp(clock().now());
        let summary = hashira_xlsx::review::export_review(book, &set_ids, &out, &at)
            .map_err(|e| e.payload())?;
        Ok(XlsxExportDone {
            path,
            sheets: summary.sheets,
            rows: summary.rows,
        })
    })
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

/// The stored WG (セキュリティリスク評価共同化WG) evaluations, one per service.
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
    with_book_payload(&state, &window, move |book| {
        let out = PathBuf::from(&path);
        not_the_workbook(book, &out)?;
        let at = format_timestamp(clock().now());
        let criteria =
            hashira_xlsx::wg::export_wg(book, &service, &out, &at).map_err(|e| e.payload())?;
        Ok(WgExportDone {
            path,
            service,
            criteria,
        })
    })
    .await
}
