//! Milestones: the list with the figures each kept (the dashboard's risk trend), making one,
//! showing one read-only in the window instead of the review now, and what changed since one.
//!
//! A window that shows a milestone keeps its [`MilestoneView`] in `AppState::milestones`;
//! every command that goes through `with_book` is then refused with `MILESTONE_READ_ONLY`
//! (nothing is written while the reviewer looks at the past), and the reading commands the
//! review screen needs go through `with_review`, which reads the milestone instead.

use std::collections::HashMap;
use std::ops::Deref;

use hashira_core::diff::ReviewDiff;
use hashira_core::workbook::milestone::{MilestoneInfo, MilestoneView};
use hashira_core::{Clock, Error, Workbook};
use tauri::{AppHandle, State, WebviewWindow};

use super::workbook::view;
use super::{actor, clock, with_book, with_review};
use crate::dto::{
    ChangedQuestion, MilestoneComparison, MilestoneShown, MilestoneTrend, WorkbookView,
};
use crate::{AppState, CmdResult, lock, no_workbook, off_main};

/// The review a window shows: the workbook now, or one of its milestones (read-only).
pub(super) struct Shown<'a> {
    now: &'a Workbook,
    milestone: Option<&'a MilestoneView>,
}

impl<'a> Shown<'a> {
    /// What the window with `book` shows; a milestone of another file (the window opened
    /// another workbook since) is not shown.
    pub(super) fn of(book: &'a Workbook, milestone: Option<&'a MilestoneView>) -> Shown<'a> {
        let milestone = milestone.filter(|m| m.origin() == book.path());
        Shown {
            now: book,
            milestone,
        }
    }
}

impl Deref for Shown<'_> {
    type Target = Workbook;

    fn deref(&self) -> &Workbook {
        match self.milestone {
            Some(view) => view,
            None => self.now,
        }
    }
}

/// Refuses a command that would change the review (or read the review now) while the window
/// labelled `label` shows a milestone of `book`.
pub(super) fn refuse_while_shown(
    shown: &HashMap<String, MilestoneView>,
    label: &str,
    book: &Workbook,
) -> CmdResult<()> {
    match shown.get(label).filter(|m| m.origin() == book.path()) {
        Some(view) => Err(Error::MilestoneReadOnly {
            name: view.info().name.clone(),
        }
        .payload()),
        None => Ok(()),
    }
}

/// The milestone numbered `number`, named as `MilestoneView::open_in` looks it up (by name first:
/// a number given as text could be another milestone's name).
fn milestone_numbered(book: &Workbook, number: i64) -> hashira_core::Result<MilestoneInfo> {
    book.milestones()?
        .into_iter()
        .find(|m| m.number == number)
        .ok_or_else(|| Error::MilestoneNotFound {
            name: format!("#{number}"),
            known: book
                .milestones()
                .map(|all| all.into_iter().map(|m| m.name).collect())
                .unwrap_or_default(),
        })
}

/// Every milestone with the figures it kept, and the figures now: the list and the risk trend
/// (always of the workbook itself, also while a milestone is shown).
#[tauri::command]
pub async fn milestones(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<MilestoneTrend> {
    with_review(&state, &window, |review| {
        Ok(MilestoneTrend {
            milestones: review.now.milestone_trend()?,
            now: review.now.risk_summary()?,
        })
    })
    .await
}

/// Makes milestone `name` of the review as it is now.
#[tauri::command]
pub async fn add_milestone(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    name: String,
) -> CmdResult<MilestoneInfo> {
    with_book(&state, &window, move |book| {
        book.add_milestone(&name, &actor(&app)?)
    })
    .await
}

/// Shows milestone `number` in the window instead of the review now: every change is refused
/// until [`show_current_review`].
#[tauri::command]
pub async fn show_milestone(
    window: WebviewWindow,
    state: State<'_, AppState>,
    number: i64,
) -> CmdResult<MilestoneShown> {
    let books = state.books.clone();
    let shown = state.milestones.clone();
    let label = window.label().to_string();
    off_main(move || {
        let books = lock(&books);
        let book = books.get(&label).ok_or_else(no_workbook)?;
        let info = milestone_numbered(book, number)?;
        let milestone = MilestoneView::open_in(book, &info.name)?;
        let mut view = view(&milestone)?;
        // The file is the workbook's, not the temporary copy the milestone is read from.
        view.path = book.path().display().to_string();
        view.file_name = book
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let info = milestone.info().clone();
        lock(&shown).insert(label, milestone);
        Ok(MilestoneShown {
            milestone: info,
            view,
        })
    })
    .await
}

/// Shows the review now again (after a milestone).
#[tauri::command]
pub async fn show_current_review(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<WorkbookView> {
    let books = state.books.clone();
    let shown = state.milestones.clone();
    let label = window.label().to_string();
    off_main(move || {
        let books = lock(&books);
        let book = books.get(&label).ok_or_else(no_workbook)?;
        lock(&shown).remove(&label);
        view(book)
    })
    .await
}

/// What changed on each question from milestone `number` to the review now, each with both
/// sides' review of it (the side-by-side view) and their evidence.
#[tauri::command]
pub async fn compare_with_milestone(
    window: WebviewWindow,
    state: State<'_, AppState>,
    number: i64,
) -> CmdResult<MilestoneComparison> {
    with_review(&state, &window, move |review| {
        let book = review.now;
        let info = milestone_numbered(book, number)?;
        let then = MilestoneView::open_in(book, &info.name)?;
        comparison(&then, book, clock().as_ref())
    })
    .await
}

/// The comparison of `then` (a milestone) with `now`, the review as `clock` says it is now
/// (improvement items are overdue as of then).
fn comparison(
    then: &MilestoneView,
    now: &Workbook,
    clock: &dyn Clock,
) -> hashira_core::Result<MilestoneComparison> {
    let diff = ReviewDiff::between(then, now, clock.now())?;
    let mut then_reviews = by_set_and_id(then, then.review(None)?);
    let mut now_reviews = by_set_and_id(now, now.review(None)?);
    let mut questions = Vec::with_capacity(diff.questions.len());
    for question in diff.questions {
        let side = (question.set_id.clone(), question.question_id.clone());
        let then_review = then_reviews.remove(&side);
        let now_review = now_reviews.remove(&side);
        let then_evidence = match &then_review {
            Some(q) => then.list_evidence(Some(&q.question_id))?,
            None => Vec::new(),
        };
        let now_evidence = match &now_review {
            Some(q) => now.list_evidence(Some(&q.question_id))?,
            None => Vec::new(),
        };
        questions.push(ChangedQuestion {
            diff: question,
            then: then_review,
            now: now_review,
            then_evidence,
            now_evidence,
        });
    }
    Ok(MilestoneComparison {
        milestone: then.info().clone(),
        summary: diff.summary,
        questions,
    })
}

/// Each question's review by its set id and its id within the set (how the diff matches
/// them: a key can differ between the two sides).
fn by_set_and_id(
    book: &Workbook,
    reviews: Vec<hashira_core::review::QuestionReview>,
) -> HashMap<(String, String), hashira_core::review::QuestionReview> {
    let mut id_of_key = HashMap::new();
    for set in book.question_sets() {
        for pillar in set.pillars() {
            for question in &pillar.questions {
                id_of_key.insert(
                    (set.id().to_string(), question.key().to_string()),
                    question.id.clone(),
                );
            }
        }
    }
    reviews
        .into_iter()
        .filter_map(|review| {
            let id = id_of_key.remove(&(review.set_id.clone(), review.question_id.clone()))?;
            Some(((review.set_id.clone(), id), review))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::HashMap;

    use hashira_core::SystemClock;
    use hashira_core::review::ChoiceStatus;
    use hashira_core::workbook::milestone::MilestoneView;
    use hashira_core::workbook::{AnswerChange, NewEvidence};

    use super::{Shown, comparison, milestone_numbered, refuse_while_shown};
    use crate::commands::test_book;
    use crate::commands::workbook::view;

    fn select(choice: &str) -> AnswerChange {
        AnswerChange {
            selected_choices: Some(vec![choice.to_string()]),
            notes: Some(format!("{choice} を選択")),
            ..AnswerChange::default()
        }
    }

    #[test]
    fn a_shown_milestone_is_read_refuses_changes_and_is_compared_with_now() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = test_book(&dir);
        let question = book.review(None).unwrap().remove(0);
        let (first, second) = (&question.choices[0].id, &question.choices[1].id);
        let key = question.question_id.clone();
        book.save_answer(&key, select(first), "前任者").unwrap();
        book.add_milestone("2026年 第1四半期", "前任者").unwrap();
        book.save_answer(&key, select(second), "担当者").unwrap();
        let evidence = NewEvidence::Text {
            text: "設定変更の記録".into(),
            title: "変更記録".into(),
        };
        book.add_evidence(&key, None, evidence, "担当者").unwrap();

        let info = milestone_numbered(&book, 1).unwrap();
        assert_eq!(info.name, "2026年 第1四半期");
        let missing = milestone_numbered(&book, 2).unwrap_err().payload();
        assert_eq!(missing.code.as_str(), "MILESTONE_NOT_FOUND");

        let milestone = MilestoneView::open_in(&book, &info.name).unwrap();
        let selected = |view: &crate::dto::WorkbookView| {
            let q = view
                .questions
                .iter()
                .find(|q| q.question_id == key)
                .unwrap();
            q.choices
                .iter()
                .filter(|c| c.status == ChoiceStatus::Selected)
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        };
        // The window shows the milestone: its answer then, not the one now.
        let shown = Shown::of(&book, Some(&milestone));
        assert_eq!(selected(&view(&shown).unwrap()), vec![first.clone()]);
        assert_eq!(
            selected(&view(&Shown::of(&book, None)).unwrap()),
            vec![second.clone()]
        );

        // Every change through `with_book` is refused while it is shown, and only then.
        let mut windows = HashMap::new();
        assert!(refuse_while_shown(&windows, "main", &book).is_ok());
        windows.insert("main".to_string(), milestone);
        let refused = refuse_while_shown(&windows, "main", &book).unwrap_err();
        assert_eq!(refused.code.as_str(), "MILESTONE_READ_ONLY");
        assert_eq!(refused.details["name"], "2026年 第1四半期");
        assert!(refuse_while_shown(&windows, "other", &book).is_ok());
        // A milestone of another file (the window opened another workbook) refuses nothing.
        let other_dir = tempfile::tempdir().unwrap();
        let other = test_book(&other_dir);
        assert!(refuse_while_shown(&windows, "main", &other).is_ok());

        let compared = comparison(&windows["main"], &book, &SystemClock).unwrap();
        assert_eq!(compared.milestone.number, 1);
        assert_eq!(compared.summary.questions_changed, 1);
        assert_eq!(compared.questions.len(), 1);
        let changed = &compared.questions[0];
        assert_eq!(changed.diff.key, key);
        assert_eq!(changed.diff.selections_added, vec![second.clone()]);
        assert_eq!(changed.diff.selections_removed, vec![first.clone()]);
        let then = changed.then.as_ref().unwrap();
        let now = changed.now.as_ref().unwrap();
        assert_eq!(then.notes, format!("{first} を選択"));
        assert_eq!(now.notes, format!("{second} を選択"));
        assert_eq!(then.updated_by.as_deref(), Some("前任者"));
        assert_eq!(now.updated_by.as_deref(), Some("担当者"));
        assert_eq!(Some(then.risk), changed.diff.risk_before);
        assert_eq!(Some(now.risk), changed.diff.risk_after);
        assert!(changed.then_evidence.is_empty());
        assert_eq!(changed.now_evidence.len(), 1);
        assert_eq!(changed.now_evidence[0].title, "変更記録");
        assert_eq!(changed.diff.evidence_added, changed.now_evidence);
    }
}
