//! Merging a reviewer's copy of the open workbook (`hashira_core::workbook::merge`): the plan
//! first, changing nothing, then exactly that plan applied with the side chosen for each
//! conflict (its fingerprint: a workbook or a file changed since is refused, nothing changes).

use std::path::Path;

use hashira_core::Workbook;
use hashira_core::workbook::merge::{MergeOutcome, MergePlanShown, MergeResolutions};
use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, with_book};
use crate::dto::MergeChoice;
use crate::{AppState, CmdResult};

/// What merging the workbook at `path` (a reviewer's copy) would take and where the two
/// conflict; changes neither file.
#[tauri::command]
pub async fn plan_merge(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<MergePlanShown> {
    with_book(&state, &window, move |book| plan(book, &path)).await
}

/// Applies the plan `expect_plan` names with `choices` (a side or an edited value per
/// conflict): refused with MERGE_PLAN_CHANGED when either file changed since the plan,
/// MERGE_CONFLICTS when a conflict has no choice, MERGE_REFUSED (INVALID_EDIT) when an edited
/// value does not pass.
#[tauri::command]
pub async fn apply_merge(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    expect_plan: String,
    choices: Vec<MergeChoice>,
) -> CmdResult<MergeOutcome> {
    with_book(&state, &window, move |book| {
        let actor = actor(&app)?;
        apply(book, &path, &expect_plan, choices, &actor)
    })
    .await
}

fn plan(book: &Workbook, path: &str) -> hashira_core::Result<MergePlanShown> {
    let plan = book.plan_merge(Path::new(path.trim()))?;
    Ok(plan.shown(book.question_sets(), book.time_offset()?))
}

fn apply(
    book: &mut Workbook,
    path: &str,
    expect_plan: &str,
    choices: Vec<MergeChoice>,
    actor: &str,
) -> hashira_core::Result<MergeOutcome> {
    let resolutions = MergeResolutions {
        plan: None,
        prefer: None,
        resolutions: choices
            .into_iter()
            .map(|c| (c.id, Some(c.resolution)))
            .collect(),
    };
    book.apply_merge(
        Path::new(path.trim()),
        Some(expect_plan),
        &resolutions,
        actor,
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use hashira_core::ErrorCode;
    use hashira_core::history::{HistoryFilter, HistoryKind};
    use hashira_core::review::ChoiceStatus;
    use hashira_core::workbook::AnswerChange;
    use hashira_core::workbook::merge::{MergeItem, MergeResolution, MergeSettled, MergeSide};

    use super::*;
    use crate::commands::test_book as book;

    fn select(book: &mut Workbook, question: &str, choice: &str, actor: &str) {
        let change = AnswerChange {
            selected_choices: Some(vec![choice.to_string()]),
            ..AnswerChange::default()
        };
        book.save_answer(question, change, actor).unwrap();
    }

    fn selected(book: &Workbook, question: &str) -> Vec<String> {
        book.review(None)
            .unwrap()
            .into_iter()
            .find(|q| q.question_id == question)
            .unwrap()
            .choices
            .into_iter()
            .filter(|c| c.status == ChoiceStatus::Selected)
            .map(|c| c.id)
            .collect()
    }

    /// The open workbook and 佐藤's copy: both answered SEC1 differently, 佐藤 also SEC2.
    fn two_reviewers(dir: &tempfile::TempDir) -> (Workbook, PathBuf) {
        let mut ours = book(dir);
        let copy = dir.path().join("sato.hashira");
        ours.copy_for_reviewer(&copy, "佐藤").unwrap();
        let mut theirs =
            Workbook::open(&copy, std::sync::Arc::new(hashira_core::SystemClock)).unwrap();
        select(&mut theirs, "SEC1", "SEC1-02", "佐藤");
        select(&mut theirs, "SEC2", "SEC2-01", "佐藤");
        theirs.close().unwrap();
        select(&mut ours, "SEC1", "SEC1-01", "tester");
        (ours, copy)
    }

    #[test]
    fn the_plan_in_words_is_applied_with_the_side_chosen_and_logged_as_a_merge() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ours, copy) = two_reviewers(&dir);
        let path = copy.display().to_string();

        let shown = plan(&ours, &path).unwrap();
        assert!(!shown.already_merged);
        assert_eq!(shown.taken.len(), 1);
        let taken = &shown.taken[0];
        assert_eq!(
            (taken.id.as_str(), taken.item),
            ("answer:SEC2", MergeItem::Answer)
        );
        assert_eq!(taken.theirs_by.as_deref(), Some("佐藤"));
        assert!(taken.theirs_when.is_some());
        let subject = taken.subject.ja.as_deref().unwrap();
        assert!(subject.starts_with("SEC2 "), "{subject}");
        let theirs = taken.theirs.ja.as_deref().unwrap();
        assert!(theirs.starts_with("選択: SEC2-01 ("), "{theirs}");
        assert_eq!(shown.taken_counts.len(), 1);
        assert_eq!(shown.taken_counts[0].count, 1);
        assert_eq!(shown.taken_counts[0].label.ja.as_deref(), Some("回答"));
        assert_eq!(shown.conflicts.len(), 1);
        let conflict = &shown.conflicts[0];
        assert_eq!(conflict.id, "answer:SEC1");
        assert_eq!(conflict.ours_by.as_deref(), Some("tester"));
        assert_eq!(conflict.theirs_by.as_deref(), Some("佐藤"));
        assert_eq!(
            conflict.base.as_ref().unwrap().ja.as_deref(),
            Some("未回答")
        );
        assert!(
            conflict
                .ours
                .en
                .as_deref()
                .unwrap()
                .starts_with("Selected: SEC1-01 (")
        );
        assert!(
            conflict
                .theirs
                .en
                .as_deref()
                .unwrap()
                .starts_with("Selected: SEC1-02 (")
        );
        // The plan changed nothing.
        assert_eq!(selected(&ours, "SEC2"), Vec::<String>::new());

        let choices = vec![MergeChoice {
            id: "answer:SEC1".into(),
            resolution: MergeResolution::Side(MergeSide::Theirs),
        }];
        let done = apply(&mut ours, &path, &shown.fingerprint, choices, "tester").unwrap();
        assert!(done.merged);
        assert_eq!(done.taken, 1);
        assert_eq!(
            done.resolutions.get("answer:SEC1"),
            Some(&MergeSettled::Theirs)
        );
        assert_eq!(selected(&ours, "SEC1"), ["SEC1-02"]);
        assert_eq!(selected(&ours, "SEC2"), ["SEC2-01"]);
        let history = ours.history(&HistoryFilter::default()).unwrap();
        let last = history.last().unwrap();
        assert_eq!(last.kind, HistoryKind::WorkbookMerge);
        assert!(
            history
                .iter()
                .any(|r| r.actor == "佐藤" && r.kind == HistoryKind::AnswerUpdate)
        );
        assert!(ours.verify().unwrap().ok, "verify passes after the merge");
        // Planned again: nothing left to merge.
        assert!(plan(&ours, &path).unwrap().already_merged);
    }

    #[test]
    fn a_conflict_settled_by_an_edit_is_checked_and_written_as_the_users_change() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ours, copy) = two_reviewers(&dir);
        let path = copy.display().to_string();
        let shown = plan(&ours, &path).unwrap();
        let conflict = &shown.conflicts[0];
        // Both sides in the form an edit takes, and the question's choices to choose from.
        assert_eq!(
            conflict.edit_theirs["selected_choices"],
            serde_json::json!(["SEC1-02"])
        );
        assert_eq!(
            conflict.edit_ours["selected_choices"],
            serde_json::json!(["SEC1-01"])
        );
        assert!(conflict.choices.iter().any(|c| c.id == "SEC1-02"));
        assert!(conflict.choices.iter().any(|c| c.none_of_these));

        let edit = |value: serde_json::Value| {
            vec![MergeChoice {
                id: "answer:SEC1".into(),
                resolution: MergeResolution::Edit { edit: value },
            }]
        };
        let head = ours.audit_head().unwrap();
        let invalid = edit(serde_json::json!({ "selected_choices": ["SEC1-77"] }));
        let refused = apply(&mut ours, &path, &shown.fingerprint, invalid, "tester").unwrap_err();
        assert_eq!(refused.code(), ErrorCode::MergeRefused);
        assert_eq!(refused.details()["kind"], "INVALID_EDIT");
        assert!(refused.to_string().contains("answer:SEC1"), "{refused}");
        assert_eq!(ours.audit_head().unwrap(), head);

        let both = edit(serde_json::json!({ "selected_choices": ["SEC1-01", "SEC1-02"] }));
        let done = apply(&mut ours, &path, &shown.fingerprint, both, "tester").unwrap();
        assert_eq!(
            done.resolutions.get("answer:SEC1"),
            Some(&MergeSettled::Edit)
        );
        assert_eq!(selected(&ours, "SEC1"), ["SEC1-01", "SEC1-02"]);
        let history = ours.history(&HistoryFilter::default()).unwrap();
        let kinds: Vec<(&str, HistoryKind)> = history
            .iter()
            .rev()
            .take(2)
            .map(|r| (r.actor.as_str(), r.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("tester", HistoryKind::AnswerUpdate),
                ("tester", HistoryKind::WorkbookMerge)
            ]
        );
        assert!(ours.verify().unwrap().ok, "verify passes after the merge");
    }

    #[test]
    fn an_open_conflict_a_changed_plan_and_another_workbook_are_refused_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ours, copy) = two_reviewers(&dir);
        let path = copy.display().to_string();
        let shown = plan(&ours, &path).unwrap();
        let head = ours.audit_head().unwrap();

        let open = apply(&mut ours, &path, &shown.fingerprint, Vec::new(), "tester").unwrap_err();
        assert_eq!(open.code(), ErrorCode::MergeConflicts);
        let unknown = vec![
            MergeChoice {
                id: "answer:SEC1".into(),
                resolution: MergeResolution::Side(MergeSide::Ours),
            },
            MergeChoice {
                id: "answer:SEC9".into(),
                resolution: MergeResolution::Side(MergeSide::Ours),
            },
        ];
        let refused = apply(&mut ours, &path, &shown.fingerprint, unknown, "tester").unwrap_err();
        assert_eq!(refused.code(), ErrorCode::MergeRefused);
        assert_eq!(refused.details()["kind"], "UNKNOWN_CONFLICT");
        assert_eq!(ours.audit_head().unwrap(), head);

        // A change here after the plan: the plan shown is no longer the merge.
        select(&mut ours, "SEC3", "SEC3-01", "tester");
        let ours_side = vec![MergeChoice {
            id: "answer:SEC1".into(),
            resolution: MergeResolution::Side(MergeSide::Ours),
        }];
        let changed = apply(&mut ours, &path, &shown.fingerprint, ours_side, "tester").unwrap_err();
        assert_eq!(changed.code(), ErrorCode::MergePlanChanged);
        assert_eq!(selected(&ours, "SEC2"), Vec::<String>::new());

        let stranger_dir = tempfile::tempdir().unwrap();
        let stranger = book(&stranger_dir);
        let stranger_path = stranger.path().display().to_string();
        stranger.close().unwrap();
        let other = plan(&ours, &stranger_path).unwrap_err();
        assert_eq!(other.code(), ErrorCode::MergeRefused);
        assert_eq!(other.details()["kind"], "OTHER_WORKBOOK");
    }
}
