//! `Workbook::save_answers`: many answers in one transaction, all or nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use hashira_core::workbook::{AnswerChange, NotApplicable, NotApplicableReason};
use hashira_core::{FixedClock, Workbook};

fn demo(dir: &tempfile::TempDir) -> Workbook {
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    hashira_core::demo::create_demo(&dir.path().join("demo.hashira"), clock).unwrap()
}

fn select(ids: &[&str]) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(ids.iter().map(|s| s.to_string()).collect()),
        ..AnswerChange::default()
    }
}

#[test]
fn applies_all_changes_in_one_go_with_audit_entries() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = demo(&dir);
    let audit_before = wb.audit_log().unwrap().len();
    let changes = vec![
        ("SEC1".to_string(), select(&["SEC1-01"])),
        (
            "SEC4".to_string(),
            AnswerChange {
                not_applicable: Some(Some(NotApplicable {
                    reason: NotApplicableReason::OutOfScope,
                    text: "対象外".into(),
                })),
                notes: Some("一括".into()),
                ..AnswerChange::default()
            },
        ),
    ];
    let plan = wb.plan_answers(&changes).unwrap();
    assert!(plan.rejected.is_empty());
    assert_eq!(plan.updates.len(), 2);
    let saved = wb
        .save_answers_recorded(
            changes,
            "importer",
            Some((
                hashira_core::history::action::ANSWERS_IMPORT_XLSX,
                "x.xlsx",
                serde_json::json!({"rows": 2}),
            )),
        )
        .unwrap();
    assert_eq!(saved.len(), 2);
    assert_eq!(wb.answer("SEC1").unwrap().selected_choices, vec!["SEC1-01"]);
    assert!(wb.answer("SEC4").unwrap().not_applicable.is_some());
    let log = wb.audit_log().unwrap();
    assert_eq!(log.len(), audit_before + 3);
    assert_eq!(
        log[audit_before].action,
        hashira_core::history::action::ANSWERS_IMPORT_XLSX
    );
    assert!(wb.verify().unwrap().problems.is_empty());
}

#[test]
fn one_bad_change_applies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = demo(&dir);
    let before = wb.answers().unwrap();
    let changes = vec![
        ("SEC1".to_string(), select(&["SEC1-01"])),
        ("SEC2".to_string(), select(&["SEC2-01", "SEC2_no"])),
        ("NOPE".to_string(), select(&[])),
    ];
    let plan = wb.plan_answers(&changes).unwrap();
    assert_eq!(
        plan.rejected.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert!(wb.save_answers(changes, "importer").is_err());
    assert_eq!(wb.answers().unwrap(), before);
}
