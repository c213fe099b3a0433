//! Improvement items followed up (`hashira_core::improvement`): every item with its owner, due
//! date, status and notes, an item edited, and an item of the reviewer's own added to a
//! question. Every rule (a real date, a reason exactly for リスク受容, overdue) is the core's.

use hashira_core::Workbook;
use hashira_core::improvement::{ItemEdit, ItemTarget, TrackedItem};
use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, clock, with_book, with_review};
use crate::{AppState, CmdResult};

/// Every improvement item of the review the window shows (a milestone's, as it kept them),
/// overdue as of now in the workbook's time zone.
#[tauri::command]
pub async fn improvement_items(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<Vec<TrackedItem>> {
    with_review(&state, &window, |review| {
        review.improvement_items(clock().now())
    })
    .await
}

/// Edits one item (in one audited write); returns it as listed after the edit.
#[tauri::command]
pub async fn update_improvement_item(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    target: ItemTarget,
    edit: ItemEdit,
) -> CmdResult<TrackedItem> {
    with_book(&state, &window, move |book| {
        update(book, &target, edit, &actor(&app)?)
    })
    .await
}

/// Adds an item of the reviewer's own to `question_id`, with `edit` applied to a new 未着手 item.
#[tauri::command]
pub async fn add_improvement_item(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    question_id: String,
    title: String,
    edit: ItemEdit,
) -> CmdResult<TrackedItem> {
    with_book(&state, &window, move |book| {
        book.add_improvement_item(&question_id, &title, edit, &actor(&app)?, clock().now())
    })
    .await
}

fn update(
    book: &mut Workbook,
    target: &ItemTarget,
    edit: ItemEdit,
    actor: &str,
) -> hashira_core::Result<TrackedItem> {
    book.set_improvement_item(target, edit, actor, clock().now())
}

#[cfg(test)]
mod tests {
    use hashira_core::ErrorCode;
    use hashira_core::improvement::ItemStatus;
    use hashira_core::workbook::AnswerChange;

    use super::*;
    use crate::commands::test_book as book;

    /// A workbook whose SEC1 is answered "none of these" (HIGH): its practices are items.
    fn book_with_plan(dir: &tempfile::TempDir) -> (Workbook, TrackedItem) {
        let mut book = book(dir);
        let (_, _, question) = book.find_question("SEC1").unwrap();
        let none = question
            .choices
            .iter()
            .find(|c| c.none_of_these)
            .unwrap()
            .id
            .clone();
        let change = AnswerChange {
            selected_choices: Some(vec![none]),
            ..AnswerChange::default()
        };
        book.save_answer("SEC1", change, "tester").unwrap();
        let item = book
            .improvement_items(clock().now())
            .unwrap()
            .into_iter()
            .find(|i| i.question_id == "SEC1")
            .unwrap();
        (book, item)
    }

    #[test]
    fn an_item_edited_keeps_its_fields_and_an_overdue_one_is_marked() {
        let dir = tempfile::tempdir().unwrap();
        let (mut book, item) = book_with_plan(&dir);
        assert_eq!(item.fields.status, ItemStatus::Open);
        assert!(!item.overdue);
        let edit = ItemEdit {
            owner: Some("情報システム部 佐藤".into()),
            due_date: Some("2020-03-31".into()),
            status: Some(ItemStatus::InProgress),
            notes: Some("第2四半期に着手".into()),
            ..ItemEdit::default()
        };
        let edited = update(&mut book, &item.target(), edit, "tester").unwrap();
        assert_eq!(edited.fields.owner, "情報システム部 佐藤");
        assert_eq!(edited.fields.due_date.as_deref(), Some("2020-03-31"));
        assert_eq!(edited.fields.status, ItemStatus::InProgress);
        assert!(edited.overdue, "due in 2020 and in progress");
        assert!(
            edited.id.is_some(),
            "a practice gets its row on its first edit"
        );
        // Read back from the file.
        let listed = book
            .improvement_items(clock().now())
            .unwrap()
            .into_iter()
            .find(|i| i.id == edited.id)
            .unwrap();
        assert_eq!(listed, edited);
        let done = update(
            &mut book,
            &edited.target(),
            ItemEdit {
                status: Some(ItemStatus::Done),
                ..ItemEdit::default()
            },
            "tester",
        )
        .unwrap();
        assert!(!done.overdue, "a done item is never overdue");
    }

    #[test]
    fn risk_acceptance_needs_a_reason_and_nothing_is_written_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let (mut book, item) = book_with_plan(&dir);
        let accept = |reason: Option<&str>| ItemEdit {
            status: Some(ItemStatus::RiskAccepted),
            acceptance_reason: reason.map(str::to_string),
            ..ItemEdit::default()
        };
        let refused = update(&mut book, &item.target(), accept(None), "tester").unwrap_err();
        let payload = refused.payload();
        assert_eq!(payload.code, ErrorCode::InvalidImprovementItem);
        assert_eq!(payload.details["field"], "acceptance_reason");
        let unchanged = book
            .improvement_items(clock().now())
            .unwrap()
            .into_iter()
            .find(|i| i.target() == item.target())
            .unwrap();
        assert_eq!(unchanged.fields.status, ItemStatus::Open);
        assert_eq!(unchanged.id, None);

        let accepted = update(
            &mut book,
            &item.target(),
            accept(Some("代替統制で対応済み")),
            "tester",
        )
        .unwrap();
        assert_eq!(accepted.fields.status, ItemStatus::RiskAccepted);
        assert_eq!(accepted.fields.acceptance_reason, "代替統制で対応済み");
    }

    #[test]
    fn an_item_of_ones_own_is_added_to_any_question_and_a_bad_date_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let added = book
            .add_improvement_item(
                "SEC2",
                "MFA 未設定の管理者を棚卸しする",
                ItemEdit {
                    owner: Some("佐藤".into()),
                    ..ItemEdit::default()
                },
                "tester",
                clock().now(),
            )
            .unwrap();
        assert_eq!(added.question_id, "SEC2");
        assert_eq!(added.choice_id, None);
        assert_eq!(added.fields.owner, "佐藤");
        assert_eq!(added.fields.status, ItemStatus::Open);
        let bad = update(
            &mut book,
            &added.target(),
            ItemEdit {
                due_date: Some("2026-02-30".into()),
                ..ItemEdit::default()
            },
            "tester",
        )
        .unwrap_err();
        assert_eq!(bad.payload().details["field"], "due_date");
    }
}
