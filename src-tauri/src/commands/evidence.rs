//! Evidence attached to a question or choice: list, add, remove, and copies of stored files
//! saved elsewhere or handed to the system viewer.

use std::path::PathBuf;

use hashira_core::workbook::{Evidence, NewEvidence};
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_opener::OpenerExt;

use super::answers::question_update;
use super::dialogs::pick_save_path;
use super::{actor, app_folder, io_error, io_failure, with_book, with_review};
use crate::dto::{EvidenceInput, QuestionUpdate};
use crate::{AppState, CmdResult, off_main};

/// The file name a stored evidence file is saved under (its own, else one made from its id).
fn file_name(evidence: Evidence, evidence_id: i64) -> String {
    evidence
        .file_name
        .unwrap_or_else(|| format!("evidence-{evidence_id}"))
}

#[tauri::command]
pub async fn list_evidence(
    window: WebviewWindow,
    state: State<'_, AppState>,
    question_id: String,
) -> CmdResult<Vec<Evidence>> {
    with_review(&state, &window, move |review| {
        review.list_evidence(Some(&question_id))
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
    // Of the review shown: a milestone's files are saved as it lists them.
    let evidence = with_review(&state, &window, move |review| review.evidence(evidence_id)).await?;
    let name = file_name(evidence, evidence_id);
    let target = off_main(move || pick_save_path(&app, name)).await?;
    let Some(target) = target else {
        return Ok(None);
    };
    let output = PathBuf::from(&target);
    // The save dialog has asked about replacing an existing file; the old one stays until the
    // new copy is complete and verified.
    with_review(&state, &window, move |review| {
        review.extract_evidence(evidence_id, &output, true)
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
    let copy = with_review(&state, &window, move |review| {
        let evidence = review.evidence(evidence_id)?;
        let cache = app_folder(
            cache_app.path().app_cache_dir(),
            "cannot find the cache folder",
            "cannot create the cache folder",
        )?;
        // A folder of its own keeps the file's real name without clashing with other copies.
        let dir = tempfile::Builder::new()
            .prefix("evidence-")
            .tempdir_in(&cache)
            .map_err(|e| io_failure("cannot create a folder in", &cache, e))?
            .keep();
        let output = dir.join(file_name(evidence, evidence_id));
        review.extract_evidence(evidence_id, &output, false)?;
        Ok(output)
    })
    .await?;
    app.opener()
        .open_path(copy.display().to_string(), None::<&str>)
        .map_err(|e| io_error("cannot open", &copy, e).payload())
}
