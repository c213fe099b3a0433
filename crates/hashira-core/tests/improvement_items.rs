//! Improvement items on real workbook files: the plan's practices listed without rows until
//! edited, edits checked and audited one entry each, overdue in the workbook's time zone, a
//! practice selected later kept as resolved, items a reviewer adds, `verify` replaying the rows
//! (and catching an edit made with sqlite3), and milestones keeping the items as they were.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ACTOR, Scratch, clock};
use hashira_core::improvement::{ItemEdit, ItemStatus, ItemTarget, TrackedItem};
use hashira_core::workbook::milestone::MilestoneView;
use hashira_core::workbook::{AnswerChange, ProblemKind, Workbook};
use hashira_core::{ErrorCode, Risk};
use time::OffsetDateTime;
use time::macros::datetime;

/// 2026-04-01 00:30 in Tokyo, still 2026-03-31 in UTC.
const NOW: OffsetDateTime = datetime!(2026-03-31 15:30 UTC);

fn practice(question: &str, choice: &str) -> ItemTarget {
    ItemTarget::Practice {
        question_id: question.into(),
        choice_id: choice.into(),
    }
}

fn find<'a>(items: &'a [TrackedItem], name: &str) -> &'a TrackedItem {
    items
        .iter()
        .find(|i| i.name() == name)
        .unwrap_or_else(|| panic!("{name} not listed"))
}

fn choose(choices: &[&str]) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(choices.iter().map(|c| c.to_string()).collect()),
        ..AnswerChange::default()
    }
}

/// SEC1 answered "None of these" (HIGH): its practices are the plan.
fn reviewed(scratch: &Scratch) -> Workbook {
    let mut wb = scratch.workbook("w.hashira");
    wb.save_answer("SEC1", choose(&["SEC1_no"]), ACTOR).unwrap();
    wb
}

#[test]
fn practices_are_items_without_rows_until_an_edit_gives_them_one() {
    let scratch = Scratch::new();
    let mut wb = reviewed(&scratch);
    let items = wb.improvement_items(NOW).unwrap();
    let practices: Vec<&TrackedItem> = items.iter().filter(|i| i.question_id == "SEC1").collect();
    let expected = wb
        .find_question("SEC1")
        .unwrap()
        .2
        .practice_choices()
        .count();
    assert_eq!(practices.len(), expected);
    assert!(practices.iter().all(|i| i.id.is_none()
        && i.in_plan
        && i.priority == Some(Risk::High)
        && i.fields.status == ItemStatus::Open));
    let rows = || -> i64 {
        rusqlite::Connection::open(scratch.path("w.hashira"))
            .unwrap()
            .query_row("SELECT count(*) FROM improvement_item", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(rows(), 0);

    let entries = wb.audit_log().unwrap().len();
    let edited = wb
        .set_improvement_item(
            &practice("SEC1", "sec1-01"),
            ItemEdit {
                owner: Some(" 情報システム部 田中 ".into()),
                due_date: Some("2026-03-31".into()),
                status: Some(ItemStatus::InProgress),
                notes: Some("MFA を全アカウントに".into()),
                ..ItemEdit::default()
            },
            ACTOR,
            NOW,
        )
        .unwrap();
    assert_eq!(edited.name(), "SEC1/SEC1-01");
    assert!(edited.id.is_some());
    assert_eq!(edited.fields.owner, "情報システム部 田中");
    // Due 03-31; today is 04-01 in the workbook's time zone (UTC+09:00).
    assert!(edited.overdue);
    assert_eq!(edited.updated_by.as_deref(), Some(ACTOR));
    assert_eq!(rows(), 1);
    let log = wb.audit_log().unwrap();
    assert_eq!(log.len(), entries + 1);
    let entry = log.last().unwrap();
    assert_eq!(
        (entry.action.as_str(), entry.target.as_str()),
        ("improvement_item.set", "SEC1")
    );
    assert_eq!(entry.new_value.as_ref().unwrap()["status"], "IN_PROGRESS");

    // The same edit again changes nothing and writes nothing.
    let head = wb.audit_head().unwrap();
    wb.set_improvement_item(
        &practice("SEC1", "SEC1-01"),
        ItemEdit {
            status: Some(ItemStatus::InProgress),
            ..ItemEdit::default()
        },
        ACTOR,
        NOW,
    )
    .unwrap();
    assert_eq!(wb.audit_head().unwrap(), head);

    // In UTC it is still 03-31: not overdue.
    wb.set_property(
        hashira_core::workbook::WorkloadField::TimeZone,
        "UTC",
        ACTOR,
    )
    .unwrap();
    let items = wb.improvement_items(NOW).unwrap();
    assert!(!find(&items, "SEC1/SEC1-01").overdue);

    let report = wb.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn bad_edits_are_refused_and_change_nothing() {
    let scratch = Scratch::new();
    let mut wb = reviewed(&scratch);
    let head = wb.audit_head().unwrap();
    let refused = |wb: &mut Workbook, target: ItemTarget, edit: ItemEdit| {
        wb.set_improvement_item(&target, edit, ACTOR, NOW)
            .unwrap_err()
            .code()
    };
    let accepted = ItemEdit {
        status: Some(ItemStatus::RiskAccepted),
        ..ItemEdit::default()
    };
    assert_eq!(
        refused(&mut wb, practice("SEC1", "SEC1-01"), accepted),
        ErrorCode::InvalidImprovementItem
    );
    let bad_date = ItemEdit {
        due_date: Some("2026/04/31".into()),
        ..ItemEdit::default()
    };
    assert_eq!(
        refused(&mut wb, practice("SEC1", "SEC1-01"), bad_date),
        ErrorCode::InvalidImprovementItem
    );
    // SEC2 is unanswered: its practices are not in the plan.
    assert_eq!(
        refused(&mut wb, practice("SEC2", "SEC2-01"), ItemEdit::default()),
        ErrorCode::ImprovementItemNotFound
    );
    // "None of these" is never an item.
    assert_eq!(
        refused(&mut wb, practice("SEC1", "SEC1_no"), ItemEdit::default()),
        ErrorCode::ImprovementItemNotFound
    );
    assert_eq!(
        refused(&mut wb, ItemTarget::Id { id: 99 }, ItemEdit::default()),
        ErrorCode::ImprovementItemNotFound
    );
    assert_eq!(
        refused(&mut wb, practice("SEC1", "SEC1-99"), ItemEdit::default()),
        ErrorCode::ChoiceNotFound
    );
    assert_eq!(
        wb.add_improvement_item("SEC1", "  ", ItemEdit::default(), ACTOR, NOW)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidImprovementItem
    );
    assert_eq!(wb.audit_head().unwrap(), head);
}

#[test]
fn a_practice_selected_later_is_resolved_and_keeps_its_row_and_added_items_stay() {
    let scratch = Scratch::new();
    let mut wb = reviewed(&scratch);
    wb.set_improvement_item(
        &practice("SEC1", "SEC1-01"),
        ItemEdit {
            owner: Some("田中".into()),
            due_date: Some("2026-01-31".into()),
            ..ItemEdit::default()
        },
        ACTOR,
        NOW,
    )
    .unwrap();
    let added = wb
        .add_improvement_item(
            "SEC5",
            "年次の侵入テストを委託する",
            ItemEdit {
                owner: Some("リスク管理部".into()),
                ..ItemEdit::default()
            },
            ACTOR,
            NOW,
        )
        .unwrap();
    let id = added.id.unwrap();
    assert_eq!(added.name(), format!("#{id}"));
    assert!(added.in_plan && added.choice_id.is_none() && added.priority.is_none());
    let accepted = wb
        .set_improvement_item(
            &ItemTarget::Id { id },
            ItemEdit {
                status: Some(ItemStatus::RiskAccepted),
                acceptance_reason: Some("費用対効果の判断により次年度".into()),
                ..ItemEdit::default()
            },
            ACTOR,
            NOW,
        )
        .unwrap();
    assert_eq!(accepted.fields.status, ItemStatus::RiskAccepted);

    // SEC1-01 put in place: the item leaves the plan, its row and owner stay, never overdue.
    wb.save_answer("SEC1", choose(&["SEC1-01"]), ACTOR).unwrap();
    let items = wb.improvement_items(NOW).unwrap();
    let resolved = find(&items, "SEC1/SEC1-01");
    assert!(!resolved.in_plan && !resolved.overdue);
    assert_eq!(resolved.fields.owner, "田中");
    assert!(
        items.iter().position(|i| i.name() == "SEC1/SEC1-01")
            > items.iter().position(|i| i.name() == format!("#{id}"))
    );
    // Not selectable as a plan practice any more, but its row can still be edited.
    wb.set_improvement_item(
        &practice("SEC1", "SEC1-01"),
        ItemEdit {
            status: Some(ItemStatus::Done),
            ..ItemEdit::default()
        },
        ACTOR,
        NOW,
    )
    .unwrap();
    let report = wb.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn verify_catches_an_item_edited_outside_the_product() {
    let scratch = Scratch::new();
    let mut wb = reviewed(&scratch);
    wb.set_improvement_item(
        &practice("SEC1", "SEC1-02"),
        ItemEdit {
            status: Some(ItemStatus::InProgress),
            ..ItemEdit::default()
        },
        ACTOR,
        NOW,
    )
    .unwrap();
    wb.close().unwrap();
    let path = scratch.path("w.hashira");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("UPDATE improvement_item SET status = 'DONE'")
        .unwrap();
    let report = Workbook::open(&path, clock()).unwrap().verify().unwrap();
    assert!(!report.ok);
    let problem = report
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::RecordedState)
        .unwrap();
    assert_eq!(problem.table.as_deref(), Some("improvement_item"));
    assert_eq!(problem.field.as_deref(), Some("status"));
}

#[test]
fn a_milestone_keeps_the_items_as_they_were() {
    let scratch = Scratch::new();
    let mut wb = reviewed(&scratch);
    let edit = |status| ItemEdit {
        status: Some(status),
        ..ItemEdit::default()
    };
    wb.set_improvement_item(
        &practice("SEC1", "SEC1-01"),
        edit(ItemStatus::InProgress),
        ACTOR,
        NOW,
    )
    .unwrap();
    wb.add_milestone("2026Q1", ACTOR).unwrap();
    wb.set_improvement_item(
        &practice("SEC1", "SEC1-01"),
        edit(ItemStatus::Done),
        ACTOR,
        NOW,
    )
    .unwrap();
    wb.add_improvement_item("SEC1", "手順書を改訂する", ItemEdit::default(), ACTOR, NOW)
        .unwrap();
    wb.close().unwrap();
    let path = scratch.path("w.hashira");
    let then = MilestoneView::open(&path, "2026Q1", clock()).unwrap();
    let items = then.improvement_items(NOW).unwrap();
    assert_eq!(
        find(&items, "SEC1/SEC1-01").fields.status,
        ItemStatus::InProgress
    );
    assert!(items.iter().all(|i| i.choice_id.is_some()));
    let now = Workbook::open(&path, clock()).unwrap();
    let items = now.improvement_items(NOW).unwrap();
    assert_eq!(find(&items, "SEC1/SEC1-01").fields.status, ItemStatus::Done);
    assert_eq!(items.iter().filter(|i| i.choice_id.is_none()).count(), 1);
}
