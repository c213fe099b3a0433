//! Milestones on real workbook files: the review exactly as it was (answers with who and
//! when, risks, sets in force, evidence list and contents), names checked, and `verify`
//! finding an edited or deleted milestone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ACTOR, Scratch, clock};
use hashira_core::ErrorCode;
use hashira_core::Risk;
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::workbook::milestone::MilestoneView;
use hashira_core::workbook::{AnswerChange, NewEvidence, ProblemKind, Workbook};

fn choose(choices: &[&str]) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(choices.iter().map(|c| c.to_string()).collect()),
        ..AnswerChange::default()
    }
}

fn risk_of(workbook: &Workbook, question: &str) -> Risk {
    workbook
        .review(None)
        .unwrap()
        .into_iter()
        .find(|r| r.question_id == question)
        .unwrap()
        .risk
}

#[test]
fn a_milestone_shows_the_review_as_it_was() {
    let scratch = Scratch::new();
    let mut wb = scratch.workbook("w.hashira");
    wb.save_answer("SEC1", choose(&["SEC1_no"]), "前任者")
        .unwrap();
    let first = wb.add_milestone("  2026年第1四半期  ", ACTOR).unwrap();
    assert_eq!((first.number, first.name.as_str()), (1, "2026年第1四半期"));
    let all: Vec<String> = wb
        .find_question("SEC1")
        .unwrap()
        .2
        .practice_choices()
        .map(|c| c.id.clone())
        .collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    wb.save_answer("SEC1", choose(&all), ACTOR).unwrap();
    wb.add_question_set(shipped_set("fisc-ops").unwrap(), ACTOR)
        .unwrap();
    let second = wb.add_milestone("2026Q2", ACTOR).unwrap();
    assert_eq!(second.number, 2);
    let now_risk = risk_of(&wb, "SEC1");
    let now_sets = wb.question_sets().len();
    wb.close().unwrap();

    let path = scratch.path("w.hashira");
    let then = MilestoneView::open(&path, "2026年第1四半期", clock()).unwrap();
    assert_eq!(then.info().number, 1);
    assert_eq!(risk_of(&then, "SEC1"), Risk::High);
    let answer = then.answer("SEC1").unwrap();
    assert_eq!(answer.selected_choices, ["SEC1_no"]);
    assert_eq!(answer.updated_by.as_deref(), Some("前任者"));
    assert_eq!(
        then.question_sets().len(),
        now_sets - 1,
        "fisc-ops came later"
    );
    assert_ne!(now_risk, Risk::High);
    // By number too; the second holds the later answer and set.
    let later = MilestoneView::open(&path, "#2", clock()).unwrap();
    assert_eq!(later.answer("SEC1").unwrap().selected_choices, all);
    assert_eq!(later.question_sets().len(), now_sets);
    // The snapshot's own trail ends where the milestone was taken, and verifies.
    assert_eq!(
        then.audit_log().unwrap().last().unwrap().seq,
        then.info().audit_seq
    );
    assert!(then.verify().unwrap().ok);
    let wb = Workbook::open(&path, clock()).unwrap();
    // The trend: each milestone's figures as counted then, the same as reading it back gives.
    let trend = wb.milestone_trend().unwrap();
    assert_eq!(trend.len(), 2);
    assert_eq!(trend[0].risk, then.risk_summary().unwrap());
    assert_eq!(trend[1].risk, later.risk_summary().unwrap());
    assert_eq!(trend[0].risk.counts.high, 1);
    let entry = wb
        .audit_log()
        .unwrap()
        .into_iter()
        .rfind(|e| e.action == "milestone.add")
        .unwrap();
    let recorded = entry.new_value.unwrap();
    assert_eq!(recorded["content_sha256"], second.content_sha256);
    assert!(wb.verify().unwrap().ok);
}

#[test]
fn names_are_checked_and_unique() {
    let scratch = Scratch::new();
    let mut wb = scratch.workbook("w.hashira");
    for bad in ["", "   ", &"長".repeat(101), "a\u{7}b"] {
        let error = wb.add_milestone(bad, ACTOR).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidProperty, "{bad:?}");
    }
    wb.add_milestone(&"長".repeat(100), ACTOR).unwrap();
    wb.add_milestone("baseline", ACTOR).unwrap();
    let error = wb.add_milestone(" baseline ", ACTOR).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MilestoneNameTaken);
    assert_eq!(
        error.details(),
        serde_json::json!({ "name": "baseline", "number": 2, "existing": "baseline" })
    );
    // A name that reads as another milestone's number would make `--milestone 1` ambiguous.
    let error = wb.add_milestone("#1", ACTOR).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MilestoneNameTaken);
    assert!(
        error
            .to_string()
            .contains("reads as the number of milestone 1"),
        "{error}"
    );
    let error = wb.milestone("nope").unwrap_err();
    assert_eq!(error.code(), ErrorCode::MilestoneNotFound);
    let names: Vec<String> = wb
        .milestones()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["長".repeat(100), "baseline".to_string()]);
}

#[test]
fn evidence_a_milestone_lists_keeps_its_content_after_removal() {
    let scratch = Scratch::new();
    let mut wb = scratch.workbook("w.hashira");
    let content = b"%PDF-1.4 evidence".to_vec();
    let file = |name: &str| NewEvidence::Bytes {
        file_name: name.into(),
        content: content.clone(),
        title: name.into(),
    };
    let kept = wb
        .add_evidence("SEC1", None, file("policy.pdf"), ACTOR)
        .unwrap();
    let before = wb.add_milestone("before removal", ACTOR).unwrap();
    assert_eq!(before.evidence_files, 1);
    let later = wb
        .add_evidence("SEC2", None, file("later.pdf"), ACTOR)
        .unwrap();
    wb.remove_evidence(kept.id, ACTOR).unwrap();
    wb.remove_evidence(later.id, ACTOR).unwrap();
    assert!(wb.list_evidence(None).unwrap().is_empty());
    wb.close().unwrap();
    let path = scratch.path("w.hashira");
    let then = MilestoneView::open(&path, "before removal", clock()).unwrap();
    let listed = then.list_evidence(None).unwrap();
    assert_eq!(listed.len(), 1);
    let out = scratch.path("policy-then.pdf");
    then.extract_evidence(kept.id, &out, false).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), content);
    drop(then);
    // One retained copy (the file no milestone lists went with its row); verify checks it.
    let wb = Workbook::open(&path, clock()).unwrap();
    assert!(wb.verify().unwrap().ok);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let retained: i64 = conn
        .query_row("SELECT count(*) FROM evidence_retained", [], |r| r.get(0))
        .unwrap();
    assert_eq!(retained, 1);
    conn.execute("UPDATE evidence_retained SET content = x'00'", [])
        .unwrap();
    let report = Workbook::open(&path, clock()).unwrap().verify().unwrap();
    assert!(report.problems.iter().any(
        |p| p.kind == ProblemKind::Evidence && p.table.as_deref() == Some("evidence_retained")
    ));
}

#[test]
fn verify_finds_an_edited_or_deleted_milestone() {
    let scratch = Scratch::new();
    let mut wb = scratch.workbook("w.hashira");
    wb.save_answer("SEC1", choose(&["SEC1_no"]), ACTOR).unwrap();
    wb.add_milestone("one", ACTOR).unwrap();
    wb.add_milestone("two", ACTOR).unwrap();
    wb.close().unwrap();
    let path = scratch.path("w.hashira");
    let conn = rusqlite::Connection::open(&path).unwrap();
    // An edit of the stored snapshot (a byte of its header).
    conn.execute(
        "UPDATE milestone SET snapshot = CAST(x'00' || substr(snapshot, 2) AS BLOB) WHERE number = 1",
        [],
    )
    .unwrap();
    conn.execute(
        "DELETE FROM milestone_evidence WHERE milestone_number = 2",
        [],
    )
    .unwrap();
    conn.execute("DELETE FROM milestone WHERE number = 2", [])
        .unwrap();
    conn.execute(
        "UPDATE milestone_set_text SET source_text = source_text || ' '",
        [],
    )
    .unwrap();
    drop(conn);
    let report = Workbook::open(&path, clock()).unwrap().verify().unwrap();
    let messages: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Milestone)
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("milestone 1 'one': its snapshot was changed")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("milestone 2 'two' was deleted")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("question-set text the milestones hold")),
        "{messages:?}"
    );
    // An edited snapshot is refused when opened, not shown as the review.
    let error = MilestoneView::open(&path, "one", clock()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::WorkbookCorrupt);
}

/// A milestone taken by an older version (schema 6, before the 0007 tables) is read back with
/// its own schema and upgraded when opened, like an old workbook.
#[test]
fn a_milestone_of_an_older_schema_reads_back_upgraded() {
    use std::io::{Read, Write};
    let scratch = Scratch::new();
    let mut wb = scratch.workbook("w.hashira");
    wb.save_answer("SEC1", choose(&["SEC1_no"]), ACTOR).unwrap();
    wb.add_milestone("old", ACTOR).unwrap();
    wb.close().unwrap();
    let path = scratch.path("w.hashira");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let record: Vec<u8> = conn
        .query_row("SELECT snapshot FROM milestone", [], |r| r.get(0))
        .unwrap();
    let mut text = Vec::new();
    flate2::read::DeflateDecoder::new(record.as_slice())
        .read_to_end(&mut text)
        .unwrap();
    let mut manifest: serde_json::Value = serde_json::from_slice(&text).unwrap();
    manifest["schema_version"] = 6.into();
    manifest["tables"]
        .as_array_mut()
        .unwrap()
        .retain(|t| !["rereview", "improvement_item"].contains(&t["name"].as_str().unwrap()));
    let mut deflater =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    deflater
        .write_all(&serde_json::to_vec(&manifest).unwrap())
        .unwrap();
    let record = deflater.finish().unwrap();
    let hash = hashira_core::hashing::sha256_hex(&record);
    conn.execute(
        "UPDATE milestone SET snapshot = ?1, content_sha256 = ?2",
        rusqlite::params![record, hash],
    )
    .unwrap();
    drop(conn);
    let then = MilestoneView::open(&path, "old", clock()).unwrap();
    assert_eq!(then.answer("SEC1").unwrap().selected_choices, ["SEC1_no"]);
    // Upgraded on open: its own trail ends with the upgrade's entry.
    let last = then.audit_log().unwrap().pop().unwrap();
    assert_eq!(last.action, "workbook.migrate");
}
