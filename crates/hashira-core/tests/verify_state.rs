//! `verify` proves the file holds what the audit trail says (issue #10 §3): rows edited with
//! another program (a second SQLite connection, as `sqlite3` would) are reported with their
//! table, key and field, expected → found; edits made through the product verify clean.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{ACTOR, Scratch, clock};
use hashira_core::Workbook;
use hashira_core::wg::{WgAssessment, WgCodeLists, WgCriterion, WgDecision, WgEvaluationChange};
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, LATEST_SCHEMA_VERSION, NewEvidence, NotApplicable,
    NotApplicableReason, Problem, ProblemKind, WorkloadField,
};
use serde_json::{Value, json};

fn assessment(decisions: usize) -> WgAssessment {
    WgAssessment {
        service: "Amazon S3".into(),
        edition: "第1版".into(),
        source_file: "s3.xlsx".into(),
        source_sha256: "ab".repeat(32),
        code_lists: WgCodeLists::defaults().unwrap(),
        criteria: (0..decisions)
            .map(|i| WgCriterion {
                criterion_no: format!("{}", i + 1),
                perspective: "アクセス管理".into(),
                criterion: format!("基準 {}", i + 1),
                question_ids: vec!["SEC1".into()],
                ..WgCriterion::default()
            })
            .collect(),
        ..WgAssessment::default()
    }
}

struct Reviewed {
    path: PathBuf,
    link_id: i64,
    text_id: i64,
}

/// A workbook with every tracked kind of row, written through the product, then closed.
fn reviewed(scratch: &Scratch) -> Reviewed {
    let mut workbook = scratch.workbook("reviewed.hashira");
    workbook
        .save_answer(
            "SEC1",
            AnswerChange {
                selected_choices: Some(vec!["SEC1-01".into(), "SEC1-02".into()]),
                choices_not_applicable: Some(vec![ChoiceNotApplicable {
                    choice_id: "SEC1-03".into(),
                    reason: NotApplicableReason::OutOfScope,
                    text: "対象外".into(),
                }]),
                notes: Some("元のメモ".into()),
                ..AnswerChange::default()
            },
            ACTOR,
        )
        .unwrap();
    workbook
        .save_answer(
            "SEC2",
            AnswerChange {
                not_applicable: Some(Some(NotApplicable {
                    reason: NotApplicableReason::BusinessPriorities,
                    text: "優先度".into(),
                })),
                ..AnswerChange::default()
            },
            ACTOR,
        )
        .unwrap();
    workbook
        .set_property(WorkloadField::ReviewOwner, "山田 太郎", ACTOR)
        .unwrap();
    let link = workbook
        .add_evidence(
            "SEC1",
            None,
            NewEvidence::Link {
                url: "https://example.com/design".into(),
                title: "設計書".into(),
            },
            ACTOR,
        )
        .unwrap();
    let text = workbook
        .add_evidence(
            "SEC1",
            Some("SEC1-01"),
            NewEvidence::Bytes {
                file_name: "memo.txt".into(),
                content: b"evidence".to_vec(),
                title: "メモ".into(),
            },
            ACTOR,
        )
        .unwrap();
    workbook
        .import_wg_assessment(&assessment(2), ACTOR)
        .unwrap();
    workbook
        .update_wg_evaluation(
            "Amazon S3",
            0,
            WgEvaluationChange {
                decision: Some(WgDecision::Conditional),
                own_measures: Some("独自の対策".into()),
                ..WgEvaluationChange::default()
            },
            ACTOR,
        )
        .unwrap();
    let path = workbook.path().to_path_buf();
    assert!(workbook.verify().unwrap().ok);
    workbook.close().unwrap();
    Reviewed {
        path,
        link_id: link.id,
        text_id: text.id,
    }
}

/// Edits the file as sqlite3 would: another connection, no product code.
fn edit_outside(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn state_problems(path: &Path) -> Vec<Problem> {
    let report = Workbook::open(path, clock()).unwrap().verify().unwrap();
    assert!(!report.ok);
    let (state, other): (Vec<Problem>, Vec<Problem>) = report
        .problems
        .into_iter()
        .partition(|p| p.kind == ProblemKind::RecordedState);
    assert!(other.is_empty(), "{other:?}");
    state
}

/// The one problem's place and values: (table, key, field, expected, found).
fn place(
    problems: &[Problem],
) -> (
    &str,
    Option<&str>,
    Option<&str>,
    Option<Value>,
    Option<Value>,
) {
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    (
        p.table.as_deref().unwrap(),
        p.key.as_deref(),
        p.field.as_deref(),
        p.expected.clone(),
        p.found.clone(),
    )
}

fn criterion_id(path: &Path, position: i64) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT id FROM wg_criterion WHERE position = ?1",
            [position],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn edits_through_the_product_verify_and_every_entry_records_its_rows() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    let mut workbook = Workbook::open(&reviewed.path, clock()).unwrap();
    // Re-import (criteria replaced through a cascade), batch answers, removal, deletion.
    workbook
        .import_wg_assessment(&assessment(3), ACTOR)
        .unwrap();
    workbook
        .save_answers(
            vec![
                (
                    "SEC1".into(),
                    AnswerChange {
                        notes: Some("更新".into()),
                        choices_not_applicable: Some(Vec::new()),
                        ..AnswerChange::default()
                    },
                ),
                (
                    "SEC3".into(),
                    AnswerChange {
                        selected_choices: Some(vec!["SEC3-01".into()]),
                        ..AnswerChange::default()
                    },
                ),
            ],
            ACTOR,
        )
        .unwrap();
    workbook.remove_evidence(reviewed.text_id, ACTOR).unwrap();
    workbook.delete_wg_assessment("Amazon S3", ACTOR).unwrap();
    let report = workbook.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    drop(workbook);

    let conn = rusqlite::Connection::open(&reviewed.path).unwrap();
    let without: Vec<String> = conn
        .prepare("SELECT action FROM audit_entry WHERE state IS NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // Only entries that change no tracked row carry no state (the question sets' entries).
    assert!(
        without.iter().all(|a| a == "question_set.add"),
        "{without:?}"
    );
    // Every change reached the entry of the write that made it (no catch-all entries).
    let catch_all: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_entry WHERE action = 'workbook.record'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(catch_all, 0);
    let removed: String = conn
        .query_row(
            "SELECT state FROM audit_entry WHERE action = 'evidence.remove'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let removed: Value = serde_json::from_str(&removed).unwrap();
    assert_eq!(
        removed["rows"],
        json!([{ "table": "evidence", "key": [reviewed.text_id], "row": null }])
    );
}

#[test]
fn edited_answer_notes_are_reported_with_expected_and_found() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    edit_outside(
        &reviewed.path,
        "UPDATE answer SET notes = '書き換えたメモ' WHERE question_id = 'SEC1'",
    );
    let problems = state_problems(&reviewed.path);
    assert_eq!(
        place(&problems),
        (
            "answer",
            Some("SEC1"),
            Some("notes"),
            Some(json!("元のメモ")),
            Some(json!("書き換えたメモ"))
        )
    );
    assert!(problems[0].message.contains("書き換えたメモ"));
}

#[test]
fn an_inserted_selected_choice_is_reported_as_unrecorded() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    edit_outside(
        &reviewed.path,
        "INSERT INTO answer_choice (question_id, choice_id, status) VALUES ('SEC1', 'SEC1-04', 'SELECTED')",
    );
    let problems = state_problems(&reviewed.path);
    assert_eq!(
        place(&problems),
        (
            "answer_choice",
            Some("SEC1 / SEC1-04"),
            None,
            None,
            Some(json!({ "status": "SELECTED", "reason": null, "reason_text": "" }))
        )
    );
}

#[test]
fn a_deleted_not_applicable_choice_and_a_cleared_not_applicable_answer_are_reported() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    edit_outside(
        &reviewed.path,
        "DELETE FROM answer_choice WHERE question_id = 'SEC1' AND choice_id = 'SEC1-03'",
    );
    let problems = state_problems(&reviewed.path);
    assert_eq!(
        place(&problems),
        (
            "answer_choice",
            Some("SEC1 / SEC1-03"),
            None,
            Some(json!({
                "status": "NOT_APPLICABLE",
                "reason": "OUT_OF_SCOPE",
                "reason_text": "対象外"
            })),
            None
        )
    );

    let scratch = Scratch::new();
    let reviewed = reviewed_again(&scratch);
    edit_outside(
        &reviewed,
        "UPDATE answer SET not_applicable_reason = NULL, not_applicable_text = '' \
         WHERE question_id = 'SEC2'",
    );
    let problems = state_problems(&reviewed);
    let fields: Vec<_> = problems
        .iter()
        .map(|p| {
            (
                p.key.as_deref(),
                p.field.as_deref(),
                p.expected.clone(),
                p.found.clone(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                Some("SEC2"),
                Some("not_applicable_reason"),
                Some(json!("BUSINESS_PRIORITIES")),
                Some(Value::Null)
            ),
            (
                Some("SEC2"),
                Some("not_applicable_text"),
                Some(json!("優先度")),
                Some(json!(""))
            ),
        ]
    );
}

fn reviewed_again(scratch: &Scratch) -> PathBuf {
    reviewed(scratch).path
}

#[test]
fn a_changed_workload_property_is_reported() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    edit_outside(&reviewed.path, "UPDATE workload SET review_owner = '別人'");
    assert_eq!(
        place(&state_problems(&reviewed.path)),
        (
            "workload",
            None,
            Some("review_owner"),
            Some(json!("山田 太郎")),
            Some(json!("別人"))
        )
    );
}

#[test]
fn a_changed_wg_decision_is_reported_with_its_criterion() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    let id = criterion_id(&reviewed.path, 0);
    edit_outside(
        &reviewed.path,
        &format!("UPDATE wg_criterion SET decision = 'ADOPTED' WHERE id = {id}"),
    );
    let problems = state_problems(&reviewed.path);
    let key = id.to_string();
    assert_eq!(
        place(&problems),
        (
            "wg_criterion",
            Some(key.as_str()),
            Some("decision"),
            Some(json!("CONDITIONAL")),
            Some(json!("ADOPTED"))
        )
    );
    assert!(
        problems[0].message.contains("Amazon S3"),
        "{}",
        problems[0].message
    );
}

#[test]
fn a_changed_evidence_title_and_a_deleted_evidence_row_are_reported() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    edit_outside(
        &reviewed.path,
        &format!(
            "UPDATE evidence SET title = '差し替え' WHERE id = {}",
            reviewed.link_id
        ),
    );
    let key = reviewed.link_id.to_string();
    assert_eq!(
        place(&state_problems(&reviewed.path)),
        (
            "evidence",
            Some(key.as_str()),
            Some("title"),
            Some(json!("設計書")),
            Some(json!("差し替え"))
        )
    );

    let scratch = Scratch::new();
    let reviewed = self::reviewed(&scratch);
    edit_outside(
        &reviewed.path,
        &format!("DELETE FROM evidence WHERE id = {}", reviewed.link_id),
    );
    let problems = state_problems(&reviewed.path);
    let (table, key, field, expected, found) = place(&problems);
    assert_eq!(
        (table, key, field, found),
        (
            "evidence",
            Some(reviewed.link_id.to_string().as_str()),
            None,
            None
        )
    );
    assert_eq!(
        expected.unwrap()["url"],
        json!("https://example.com/design")
    );
}

#[test]
fn rewriting_the_recorded_state_to_match_breaks_the_audit_chain() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    edit_outside(
        &reviewed.path,
        "UPDATE answer SET notes = '書き換え' WHERE question_id = 'SEC1'; \
         UPDATE audit_entry SET state = replace(state, '元のメモ', '書き換え') \
         WHERE state LIKE '%元のメモ%'",
    );
    let report = Workbook::open(&reviewed.path, clock())
        .unwrap()
        .verify()
        .unwrap();
    let kinds: Vec<ProblemKind> = report.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ProblemKind::AuditTrail], "{:?}", report.problems);
}

fn schema_1_copy(scratch: &Scratch) -> PathBuf {
    let path = scratch.path("old.hashira");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-1-demo.hashira");
    std::fs::copy(fixture, &path).unwrap();
    path
}

fn user_version(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_upgraded_workbook_records_a_baseline_and_is_checked_from_then_on() {
    let scratch = Scratch::new();
    let path = schema_1_copy(&scratch);
    let workbook = Workbook::open(&path, clock()).unwrap();
    let report = workbook.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    drop(workbook);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (action, state): (String, String) = conn
        .query_row(
            "SELECT action, state FROM audit_entry ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "workbook.migrate");
    let state: Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["baseline"], json!(true));
    let rows = state["rows"].as_array().unwrap();
    let answers = conn
        .query_row("SELECT count(*) FROM answer", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert_eq!(
        rows.iter().filter(|r| r["table"] == "answer").count() as i64,
        answers
    );
    assert!(rows.iter().any(|r| r["table"] == "workload"));
    drop(conn);

    edit_outside(
        &path,
        "UPDATE answer SET notes = 'after' WHERE question_id = 'SEC1'",
    );
    let problems = state_problems(&path);
    let (table, key, field, _, found) = place(&problems);
    assert_eq!(
        (table, key, field, found),
        ("answer", Some("SEC1"), Some("notes"), Some(json!("after")))
    );
}

#[test]
fn an_upgrade_whose_audit_entry_fails_leaves_the_workbook_as_it_was() {
    let scratch = Scratch::new();
    let path = schema_1_copy(&scratch);
    // A real failure between the migration SQL and its audit entry: the entry cannot be written.
    edit_outside(
        &path,
        "CREATE TRIGGER refuse_entries BEFORE INSERT ON audit_entry \
         BEGIN SELECT RAISE(ABORT, 'refused'); END;",
    );
    let before = std::fs::read(&path).unwrap();
    Workbook::open(&path, clock()).unwrap_err();
    assert_eq!(user_version(&path), 1);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'wg_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "the migrations were rolled back with the entry");
    drop(conn);
    assert_eq!(std::fs::read(&path).unwrap(), before);

    edit_outside(&path, "DROP TRIGGER refuse_entries");
    let workbook = Workbook::open(&path, clock()).unwrap();
    assert_eq!(user_version(&path), LATEST_SCHEMA_VERSION);
    assert!(workbook.verify().unwrap().ok);
}

#[test]
fn the_workbook_id_is_a_random_uuid_v4() {
    let scratch = Scratch::new();
    let first = scratch.workbook("a.hashira");
    let second = scratch.workbook("b.hashira");
    for id in [first.id(), second.id()] {
        let uuid = uuid::Uuid::parse_str(id).unwrap();
        assert_eq!(uuid.get_version_num(), 4, "{id}");
        assert_eq!(id.len(), 32);
    }
    assert_ne!(first.id(), second.id());
}

#[test]
fn a_trigger_planted_in_the_file_is_reported() {
    let scratch = Scratch::new();
    let reviewed = reviewed(&scratch);
    // A stored trigger would rewrite rows during the product's own writes, and the record
    // would then vouch for them: verify names it.
    edit_outside(
        &reviewed.path,
        "CREATE TRIGGER rewrite_notes AFTER UPDATE ON answer \
         BEGIN UPDATE answer SET notes = 'x' WHERE question_id = NEW.question_id AND notes != 'x'; END;",
    );
    let report = Workbook::open(&reviewed.path, clock())
        .unwrap()
        .verify()
        .unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].kind, ProblemKind::Integrity);
    assert!(report.problems[0].message.contains("rewrite_notes"));
}
