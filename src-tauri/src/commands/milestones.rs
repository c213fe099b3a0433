//! Milestones: the list with the figures each kept (the dashboard's risk trend), making one,
//! showing one read-only in the window instead of the review now, and what changed since one.
//!
//! A window that shows a milestone keeps its [`MilestoneView`] in `AppState::milestones`;
//! every command that goes through `with_book` is then refused with `MILESTONE_READ_ONLY`
//! (nothing is written while the reviewer looks at the past), and the reading commands the
//! review screen needs go through `with_review`, which reads the milestone instead.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::Path;

use hashira_core::diff::MilestoneComparison;
use hashira_core::workbook::Evidence;
use hashira_core::workbook::milestone::{MilestoneInfo, MilestoneView};
use hashira_core::{Error, Workbook};
use tauri::{AppHandle, State, WebviewWindow};

use super::workbook::view;
use super::{actor, clock, with_book, with_review};
use crate::dto::{MilestoneShown, MilestoneTrend, WorkbookView};
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

    /// Saves a stored evidence file of the review shown: a milestone's from its own record
    /// (a file removed from the review since is still there), checked against its SHA-256.
    pub(super) fn extract_evidence(
        &self,
        evidence_id: i64,
        output: &Path,
        overwrite: bool,
    ) -> hashira_core::Result<Evidence> {
        match self.milestone {
            Some(view) => view.extract_evidence(evidence_id, output, overwrite),
            None => self.now.extract_evidence(evidence_id, output, overwrite),
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
        // Only the questions whose rows differ are read (not the milestone whole).
        MilestoneComparison::of_milestone(book, &info, clock().now())
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::HashMap;

    use hashira_core::diff::{MilestoneComparison, ReviewDiff};
    use hashira_core::review::ChoiceStatus;
    use hashira_core::workbook::milestone::MilestoneView;
    use hashira_core::workbook::{
        AnswerChange, ChoiceNotApplicable, NewEvidence, NotApplicable, NotApplicableReason,
    };
    use hashira_core::{Clock, SystemClock};

    use super::{Shown, milestone_numbered, refuse_while_shown};
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

        let compared = MilestoneComparison::of_milestone(&book, &info, SystemClock.now()).unwrap();
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

    #[test]
    fn a_shown_milestone_saves_a_file_it_lists_that_the_review_now_has_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = test_book(&dir);
        let key = book.review(None).unwrap().remove(0).question_id;
        let content = "設定レビュー議事録 2026-03".repeat(100);
        let source = dir.path().join("議事録.txt");
        std::fs::write(&source, &content).unwrap();
        let file = NewEvidence::File {
            path: source,
            title: "議事録".into(),
        };
        let added = book.add_evidence(&key, None, file, "前任者").unwrap();
        book.add_milestone("第1四半期", "前任者").unwrap();
        book.remove_evidence(added.id, "担当者").unwrap();

        let info = milestone_numbered(&book, 1).unwrap();
        let milestone = MilestoneView::open_in(&book, &info.name).unwrap();
        let shown = Shown::of(&book, Some(&milestone));
        assert_eq!(shown.evidence(added.id).unwrap().title, "議事録");
        let out = dir.path().join("saved.txt");
        let saved = shown.extract_evidence(added.id, &out, false).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), content);
        assert_eq!(saved.sha256, added.sha256);
        assert_eq!(
            hashira_core::hashing::sha256_file(&out).unwrap(),
            added.sha256.clone().unwrap()
        );
        // The review now no longer lists it: the same request there is refused, nothing written.
        let now = Shown::of(&book, None);
        let elsewhere = dir.path().join("now.txt");
        let refused = now
            .extract_evidence(added.id, &elsewhere, false)
            .unwrap_err();
        assert_eq!(refused.payload().code.as_str(), "EVIDENCE_NOT_FOUND");
        assert!(!elsewhere.exists());
    }

    fn text_evidence(title: &str) -> NewEvidence {
        NewEvidence::Text {
            text: format!("{title} の本文"),
            title: title.into(),
        }
    }

    #[test]
    fn the_comparison_read_from_the_changed_rows_equals_the_one_read_from_the_whole_milestone() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = test_book(&dir);
        let questions = book.review(None).unwrap();
        assert!(questions.len() > 27, "a real set: {}", questions.len());
        let key = |i: usize| questions[i].question_id.clone();
        let choice = |i: usize, c: usize| questions[i].choices[c].id.clone();
        // Then: answers, a question not applicable, notes, evidence, and questions left as they
        // were.
        for i in [0, 5, 15, 20, 27] {
            book.save_answer(&key(i), select(&choice(i, 0)), "前任者")
                .unwrap();
        }
        let out_of_scope = AnswerChange {
            not_applicable: Some(Some(NotApplicable {
                reason: NotApplicableReason::OutOfScope,
                text: "対象外のシステム".into(),
            })),
            ..AnswerChange::default()
        };
        book.save_answer(&key(10), out_of_scope, "前任者").unwrap();
        let kept = book
            .add_evidence(&key(5), None, text_evidence("残る証跡"), "前任者")
            .unwrap();
        let removed = book
            .add_evidence(&key(20), None, text_evidence("削除される証跡"), "前任者")
            .unwrap();
        book.add_milestone("2026年 第1四半期", "前任者").unwrap();

        // Now: another answer, N/A lifted and another marked, a choice not applicable, notes
        // changed, evidence added and removed; question 27 left as it was.
        book.save_answer(&key(0), select(&choice(0, 1)), "担当者")
            .unwrap();
        let applicable_again = AnswerChange {
            not_applicable: Some(None),
            ..AnswerChange::default()
        };
        book.save_answer(&key(10), applicable_again, "担当者")
            .unwrap();
        let business = AnswerChange {
            not_applicable: Some(Some(NotApplicable {
                reason: NotApplicableReason::BusinessPriorities,
                text: String::new(),
            })),
            ..AnswerChange::default()
        };
        book.save_answer(&key(25), business, "担当者").unwrap();
        let choice_na = AnswerChange {
            choices_not_applicable: Some(vec![ChoiceNotApplicable {
                choice_id: choice(15, 1),
                reason: NotApplicableReason::ArchitectureConstraints,
                text: "構成上の制約".into(),
            }]),
            notes: Some("一部の実践は構成上できない".into()),
            ..AnswerChange::default()
        };
        book.save_answer(&key(15), choice_na, "担当者").unwrap();
        book.add_evidence(&key(5), None, text_evidence("追加した証跡"), "担当者")
            .unwrap();
        book.add_evidence(&key(22), None, text_evidence("新しい質問の証跡"), "担当者")
            .unwrap();
        book.remove_evidence(removed.id, "担当者").unwrap();

        let info = milestone_numbered(&book, 1).unwrap();
        let now = SystemClock.now();
        let sides = book.compared_sides(&info, None).unwrap();
        assert!(
            sides.changed_rows_only(),
            "the fast path is the one compared"
        );
        let fast = MilestoneComparison::of_milestone(&book, &info, now).unwrap();
        // The old path: the milestone read back whole, diffed with the workbook.
        let whole = MilestoneView::open_in(&book, &info.name).unwrap();
        let diff = ReviewDiff::between(&whole, &book, now).unwrap();
        let old = MilestoneComparison::of_diff(info.clone(), &whole, &book, diff).unwrap();
        assert_eq!(fast, old);

        let changed: Vec<&str> = fast.questions.iter().map(|q| q.diff.key.as_str()).collect();
        let expected = [0, 5, 10, 15, 20, 22, 25].map(key);
        assert_eq!(
            changed,
            expected.iter().map(String::as_str).collect::<Vec<_>>()
        );
        let of = |i: usize| {
            fast.questions
                .iter()
                .find(|q| q.diff.key == key(i))
                .unwrap()
        };
        // Evidence lists are each side's whole list for the question, not only what changed.
        let titles = |list: &[hashira_core::workbook::Evidence]| {
            list.iter().map(|e| e.title.clone()).collect::<Vec<_>>()
        };
        assert_eq!(titles(&of(5).then_evidence), vec!["残る証跡"]);
        assert_eq!(
            titles(&of(5).now_evidence),
            vec!["残る証跡", "追加した証跡"]
        );
        assert_eq!(of(5).then_evidence[0], kept);
        assert_eq!(titles(&of(20).then_evidence), vec!["削除される証跡"]);
        assert!(of(20).now_evidence.is_empty());
        assert_eq!(of(20).diff.evidence_removed, vec![removed]);
        assert!(of(10).then.as_ref().unwrap().not_applicable.is_some());
        assert!(of(10).now.as_ref().unwrap().not_applicable.is_none());
        assert_eq!(
            of(15).now.as_ref().unwrap().notes,
            "一部の実践は構成上できない"
        );
        assert_eq!(
            of(0).then.as_ref().unwrap().updated_by.as_deref(),
            Some("前任者")
        );
        assert_eq!(
            of(0).now.as_ref().unwrap().updated_by.as_deref(),
            Some("担当者")
        );
    }
}
