//! Damaged stored data (edited outside the product, or a bad disk): an error naming the table
//! and row or the evidence, `verify` listing it, and never a user's file destroyed on the way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{ACTOR, Scratch, clock, file_bytes};
use hashira_core::wg::{WgAssessment, WgCriterion, WgNote};
use hashira_core::workbook::{NewEvidence, ProblemKind};
use hashira_core::{ErrorCode, Workbook};

/// A workbook with one stored file; returns the workbook's path and the evidence id.
fn with_stored_file(scratch: &Scratch) -> (std::path::PathBuf, i64) {
    let mut workbook = scratch.workbook("damaged.hashira");
    let evidence = workbook
        .add_evidence(
            "SEC1",
            None,
            NewEvidence::Bytes {
                file_name: "規程.txt".into(),
                content: "本物の内容".repeat(1000).into_bytes(),
                title: String::new(),
            },
            ACTOR,
        )
        .unwrap();
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    (path, evidence.id)
}

/// Changes the file under the product's feet, as another tool would.
fn edit(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn a_failed_extraction_leaves_the_existing_target_byte_identical() {
    let scratch = Scratch::new();
    let (path, id) = with_stored_file(&scratch);
    let target = scratch.path("利用者のファイル.txt");
    let original = b"the user's own file, not to be lost".to_vec();
    for damage in [
        // Same length, different bytes: only the hash can tell.
        "UPDATE evidence_blob SET content = zeroblob(length(content))",
        // Shorter than recorded.
        "UPDATE evidence_blob SET content = X'00'",
        // Gone.
        "DELETE FROM evidence_blob",
    ] {
        std::fs::write(&target, &original).unwrap();
        edit(&path, damage);
        let workbook = Workbook::open(&path, clock()).unwrap();
        let error = workbook.extract_evidence(id, &target, true).unwrap_err();
        assert_eq!(
            error.code(),
            ErrorCode::WorkbookCorrupt,
            "{damage}: {error}"
        );
        assert!(
            error.to_string().contains(&format!("evidence {id}")),
            "{error}"
        );
        assert_eq!(file_bytes(&target), original, "{damage}");
        // No temporary file left beside the target.
        let left: Vec<_> = std::fs::read_dir(scratch.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".hashira-extract-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        workbook.close().unwrap();
    }
}

#[test]
fn an_existing_file_is_replaced_only_when_asked_and_only_by_a_complete_copy() {
    let scratch = Scratch::new();
    let (path, id) = with_stored_file(&scratch);
    let workbook = Workbook::open(&path, clock()).unwrap();
    let target = scratch.path("out.txt");
    std::fs::write(&target, b"keep me").unwrap();
    let error = workbook.extract_evidence(id, &target, false).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Io);
    assert!(error.to_string().contains("will not overwrite"), "{error}");
    assert_eq!(file_bytes(&target), b"keep me");
    workbook.extract_evidence(id, &target, true).unwrap();
    assert_eq!(file_bytes(&target), "本物の内容".repeat(1000).into_bytes());
}

#[test]
fn an_unknown_evidence_kind_is_an_error_naming_table_and_row_and_verify_lists_it() {
    let scratch = Scratch::new();
    let (path, id) = with_stored_file(&scratch);
    edit(
        &path,
        // The schema's CHECK refuses it; a tool that switches checks off does not.
        &format!(
            "PRAGMA ignore_check_constraints = ON; UPDATE evidence SET kind = 'VIDEO' WHERE id = {id}"
        ),
    );
    let workbook = Workbook::open(&path, clock()).unwrap();
    let error = workbook.list_evidence(None).unwrap_err();
    assert_eq!(error.code(), ErrorCode::WorkbookCorrupt);
    let payload = error.payload();
    assert_eq!(payload.details["table"], "evidence");
    assert_eq!(payload.details["row"], id.to_string());
    assert!(
        payload.message.contains("unknown evidence kind 'VIDEO'"),
        "{}",
        payload.message
    );
    let report = workbook.verify().unwrap();
    assert!(!report.ok);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Evidence
                && p.message.contains("table evidence")
                && p.message.contains("'VIDEO'")),
        "{:?}",
        report.problems
    );
}

#[test]
fn an_unreadable_workload_list_is_an_error_not_an_empty_list() {
    let scratch = Scratch::new();
    let workbook = scratch.workbook("lists.hashira");
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    // Valid JSON (the schema's CHECK passes), but not a list of text.
    edit(&path, r#"UPDATE workload SET reviewers = '{"a": 1}'"#);
    let workbook = Workbook::open(&path, clock()).unwrap();
    let error = workbook.workload().unwrap_err();
    assert_eq!(error.code(), ErrorCode::WorkbookCorrupt, "{error}");
    let payload = error.payload();
    assert_eq!(payload.details["table"], "workload");
    assert_eq!(payload.details["row"], "1");
    assert!(
        payload.message.contains("column reviewers"),
        "{}",
        payload.message
    );
    let report = workbook.verify().unwrap();
    let problem = report
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::Integrity && p.table.as_deref() == Some("workload"))
        .unwrap_or_else(|| panic!("{:?}", report.problems));
    assert_eq!(problem.field.as_deref(), Some("reviewers"));
    assert_eq!(problem.key.as_deref(), Some("1"));
    assert!(!report.ok);
}

#[test]
fn unreadable_wg_json_is_an_error_naming_the_row_and_verify_lists_it() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("wg.hashira");
    let criterion = WgCriterion {
        criterion_no: "1".into(),
        criterion: "多要素認証を必須とすること".into(),
        ..WgCriterion::default()
    };
    let assessment = WgAssessment {
        service: "Amazon S3".into(),
        criteria: vec![criterion],
        notes: vec![WgNote {
            note: "留意事項".into(),
            ..WgNote::default()
        }],
        ..WgAssessment::default()
    };
    workbook.import_wg_assessment(&assessment, ACTOR).unwrap();
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    edit(
        &path,
        r#"UPDATE wg_criterion SET links = '["not", "a", "map"]';
           UPDATE wg_note SET extra = '{"列": 3}';"#,
    );
    let workbook = Workbook::open(&path, clock()).unwrap();
    let error = workbook.wg_assessment("Amazon S3").unwrap_err();
    assert_eq!(error.code(), ErrorCode::WorkbookCorrupt, "{error}");
    let payload = error.payload();
    assert_eq!(payload.details["table"], "wg_criterion");
    assert!(
        payload.message.contains("column links"),
        "{}",
        payload.message
    );
    let report = workbook.verify().unwrap();
    let places: Vec<(String, String)> = report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Integrity)
        .filter_map(|p| Some((p.table.clone()?, p.field.clone()?)))
        .filter(|(table, _)| table.starts_with("wg_"))
        .collect();
    assert_eq!(
        places,
        vec![
            ("wg_criterion".to_string(), "links".to_string()),
            ("wg_note".to_string(), "extra".to_string())
        ]
    );
}

#[test]
fn open_refuses_a_schema_missing_a_table_or_column_naming_it() {
    let scratch = Scratch::new();
    for (damage, named) in [
        ("DROP TABLE wg_note", "table wg_note is missing"),
        (
            "ALTER TABLE audit_entry RENAME COLUMN actor TO someone",
            "table audit_entry has no column actor",
        ),
    ] {
        let (path, _) = with_stored_file(&scratch);
        edit(&path, damage);
        let error = Workbook::open(&path, clock()).unwrap_err();
        assert_eq!(
            error.code(),
            ErrorCode::WorkbookCorrupt,
            "{damage}: {error}"
        );
        assert!(error.to_string().contains(named), "{damage}: {error}");
        assert!(error.to_string().contains("damaged.hashira"), "{error}");
        std::fs::remove_file(&path).unwrap();
    }
}

/// A damaged version number in the header (`PRAGMA user_version`): below the tables the file
/// holds, upgrading would fail on a table already there ("table … already exists", was
/// `DATABASE`); negative, no build writes it. Refused as damaged, naming it, the file unchanged.
#[test]
fn open_refuses_a_header_version_that_does_not_match_the_tables() {
    let scratch = Scratch::new();
    for (version, named) in [
        (
            4,
            "its header gives schema version 4, but it already holds table set_figures, which version 5 creates",
        ),
        (
            0,
            "its header gives schema version 0, but it already holds table workbook_meta, which version 1 creates",
        ),
        (
            -5,
            "its header gives schema version -5, which no Hashira writes",
        ),
    ] {
        let (path, _) = with_stored_file(&scratch);
        edit(&path, &format!("PRAGMA user_version = {version}"));
        let before = file_bytes(&path);
        let error = Workbook::open(&path, clock()).unwrap_err();
        assert_eq!(
            error.code(),
            ErrorCode::WorkbookCorrupt,
            "{version}: {error}"
        );
        assert!(error.to_string().contains(named), "{version}: {error}");
        assert!(error.to_string().contains("damaged.hashira"), "{error}");
        assert!(
            file_bytes(&path) == before,
            "{version}: the file was changed"
        );
        std::fs::remove_file(&path).unwrap();
    }
}

/// The audit trail's stored head (workbook_meta audit_head) set back to entry 1: the next
/// write's entry would take a number already used. Was: `DATABASE` "UNIQUE constraint failed:
/// audit_entry.seq"; now refused as damaged naming the head, nothing written.
#[test]
fn a_write_after_a_damaged_audit_head_is_refused_naming_it() {
    let scratch = Scratch::new();
    let (path, _) = with_stored_file(&scratch);
    edit(
        &path,
        "UPDATE workbook_meta SET value = '1:' || substr(value, instr(value, ':') + 1) \
         WHERE key = 'audit_head'",
    );
    let before = file_bytes(&path);
    let mut workbook = Workbook::open(&path, clock()).unwrap();
    let error = workbook
        .add_evidence(
            "SEC1",
            None,
            NewEvidence::Bytes {
                file_name: "追加.txt".into(),
                content: b"more".to_vec(),
                title: String::new(),
            },
            ACTOR,
        )
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::WorkbookCorrupt, "{error}");
    for named in ["audit_head", "names entry 1", "damaged.hashira"] {
        assert!(
            error.to_string().contains(named),
            "{named:?} not in: {error}"
        );
    }
    workbook.close().unwrap();
    assert!(file_bytes(&path) == before, "the file was changed");
}

#[test]
fn verify_reports_a_row_whose_text_is_not_utf8_and_runs_the_other_checks() {
    let scratch = Scratch::new();
    let (path, _) = with_stored_file(&scratch);
    edit(
        &path,
        "UPDATE audit_entry SET actor = CAST(X'FF41' AS TEXT) WHERE seq = 1; \
         CREATE TRIGGER planted AFTER UPDATE ON workload BEGIN SELECT 1; END;",
    );
    let workbook = Workbook::open(&path, clock()).unwrap();
    let report = workbook.verify().unwrap();
    assert!(!report.ok);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::AuditTrail
                && p.message.contains("the audit chain could not be checked")
                && p.message.contains("UTF-8")),
        "{:#?}",
        report.problems
    );
    // The checks after the one damage stopped still ran.
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Integrity && p.message.contains("planted")),
        "{:#?}",
        report.problems
    );
}
