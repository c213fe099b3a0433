//! The question pane: saving an answer, and the improvement plan that follows from the answers.

use hashira_core::improvement::ImprovementItem;
use hashira_core::{Error, Workbook};
use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, with_book, with_review};
use crate::dto::{AnswerChangeInput, QuestionUpdate};
use crate::{AppState, CmdResult};

/// One question as the pane shows it after a change, with the new totals and its evidence.
pub(super) fn question_update(
    book: &Workbook,
    question_id: &str,
) -> hashira_core::Result<QuestionUpdate> {
    let (set, _, _) = book.find_question(question_id)?;
    let set_id = set.id().to_string();
    let question = book
        .review(Some(&set_id))?
        .into_iter()
        .find(|q| q.question_id == question_id)
        .ok_or_else(|| Error::QuestionNotFound {
            question_id: question_id.to_string(),
            suggestions: Vec::new(),
        })?;
    Ok(QuestionUpdate {
        question,
        summary: book.risk_summary()?,
        evidence: book.list_evidence(Some(question_id))?,
        rereview: book
            .rereview_list()?
            .into_iter()
            .find(|r| r.question_id == question_id),
    })
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
pub async fn improvement_plan(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<Vec<ImprovementItem>> {
    with_review(&state, &window, |review| review.improvement_plan()).await
}
