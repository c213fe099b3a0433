//! Evidence stored in the workbook, and the hash-chained audit trail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ACTOR, Scratch, clock, file_bytes};
use hashira_core::workbook::{
    AnswerChange, EvidenceKind, NewEvidence, ProblemKind, WorkbookOptions,
};
use hashira_core::{ErrorCode, Workbook};
use sha2::{Digest, Sha256};

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

#[test]
fn a_file_is_stored_with_its_hash_and_comes_back_byte_for_byte() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("files.hashira");
    let source = scratch.path("設計書 v2.pdf");
    let content = pattern(3 * 1024 * 1024 + 17); // several blob chunks and not a round size
    std::fs::write(&source, &content).unwrap();
    let evidence = workbook
        .add_evidence(
            "SEC9",
            Some("SEC9-03"),
            NewEvidence::File {
                path: source.clone(),
                title: "暗号化設計".into(),
            },
            "佐藤 花子",
        )
        .unwrap();
    assert_eq!(evidence.kind, EvidenceKind::File);
    assert_eq!(evidence.file_name.as_deref(), Some("設計書 v2.pdf"));
    assert_eq!(evidence.media_type.as_deref(), Some("application/pdf"));
    assert_eq!(evidence.size_bytes, Some(content.len() as i64));
    assert_eq!(
        evidence.sha256.as_deref(),
        Some(hex::encode(Sha256::digest(&content)).as_str())
    );
    assert_eq!(evidence.choice_id.as_deref(), Some("SEC9-03"));
    assert_eq!(evidence.added_by, "佐藤 花子");

    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    std::fs::remove_file(&source).unwrap(); // the workbook no longer needs the original
    let workbook = Workbook::open(&path, clock()).unwrap();
    let out = scratch.path("extracted.pdf");
    workbook.extract_evidence(evidence.id, &out, false).unwrap();
    assert_eq!(file_bytes(&out), content);
    // Never over an existing file.
    let error = workbook
        .extract_evidence(evidence.id, &out, false)
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::Io);
    assert!(workbook.verify().unwrap().ok);
}

#[test]
fn links_and_text_excerpts_are_kept_and_bad_links_refused() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("links.hashira");
    let link = workbook
        .add_evidence(
            "SEC4",
            None,
            NewEvidence::Link {
                url: "https://docs.aws.amazon.com/ja_jp/awscloudtrail/latest/userguide/".into(),
                title: "CloudTrail".into(),
            },
            ACTOR,
        )
        .unwrap();
    assert_eq!(link.kind, EvidenceKind::Link);
    let text = workbook
        .add_evidence(
            "SEC4",
            Some("SEC4-05"),
            NewEvidence::Text {
                text: "ログは監査アカウントに集約".into(),
                title: "".into(),
            },
            ACTOR,
        )
        .unwrap();
    assert_eq!(text.excerpt.as_deref(), Some("ログは監査アカウントに集約"));
    for url in ["javascript:alert(1)", "not a url", "file:///etc/passwd"] {
        let error = workbook
            .add_evidence(
                "SEC4",
                None,
                NewEvidence::Link {
                    url: url.into(),
                    title: "".into(),
                },
                ACTOR,
            )
            .unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidEvidence, "{url}");
    }
    let error = workbook
        .add_evidence(
            "SEC4",
            Some("SEC5-01"),
            NewEvidence::Text {
                text: "x".into(),
                title: "".into(),
            },
            ACTOR,
        )
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::ChoiceNotFound);
    let listed = workbook.list_evidence(Some("SEC4")).unwrap();
    assert_eq!(
        listed.iter().map(|e| e.id).collect::<Vec<_>>(),
        [link.id, text.id]
    );
    assert!(workbook.list_evidence(Some("SEC5")).unwrap().is_empty());
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_name_and_the_workbook_is_unchanged() {
    let scratch = Scratch::new();
    let path = scratch.workbook("limit.hashira").path().to_path_buf();
    let before = file_bytes(&path);
    let mut workbook = Workbook::open_with(
        &path,
        clock(),
        WorkbookOptions {
            evidence_size_limit: 1024 * 1024,
        },
    )
    .unwrap();
    let big = scratch.path("big.bin");
    std::fs::write(&big, pattern(1024 * 1024 + 1)).unwrap();
    let error = workbook
        .add_evidence(
            "SEC1",
            None,
            NewEvidence::File {
                path: big.clone(),
                title: "".into(),
            },
            ACTOR,
        )
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::EvidenceTooLarge);
    assert!(error.to_string().contains("big.bin"), "{error}");
    assert!(error.to_string().contains("1048577 bytes"), "{error}");
    let missing = workbook
        .add_evidence(
            "SEC1",
            None,
            NewEvidence::File {
                path: scratch.path("missing.pdf"),
                title: "".into(),
            },
            ACTOR,
        )
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::Io);
    assert!(missing.to_string().contains("missing.pdf"));
    workbook.close().unwrap();
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn the_default_limit_is_50_mib() {
    assert_eq!(
        WorkbookOptions::default().evidence_size_limit,
        50 * 1024 * 1024
    );
}

#[test]
fn removing_evidence_removes_its_content_and_is_audited() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("remove.hashira");
    let evidence = workbook
        .add_evidence(
            "SEC1",
            None,
            NewEvidence::Bytes {
                file_name: "a.txt".into(),
                content: b"abc".to_vec(),
                title: "".into(),
            },
            ACTOR,
        )
        .unwrap();
    workbook.remove_evidence(evidence.id, "山田 太郎").unwrap();
    assert_eq!(
        workbook.evidence(evidence.id).unwrap_err().code(),
        ErrorCode::EvidenceNotFound
    );
    let last = workbook.audit_log().unwrap().pop().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.target.as_str(),
            last.actor.as_str()
        ),
        ("evidence.remove", "SEC1", "山田 太郎")
    );
    assert!(workbook.verify().unwrap().ok);
    let conn = rusqlite::Connection::open(workbook.path()).unwrap();
    let blobs: i64 = conn
        .query_row("SELECT count(*) FROM evidence_blob", [], |r| r.get(0))
        .unwrap();
    assert_eq!(blobs, 0);
}

/// A workbook with a few changes, closed, for tampering.
fn audited_workbook(scratch: &Scratch) -> std::path::PathBuf {
    let mut workbook = scratch.workbook("audit.hashira");
    for (question, notes) in [("SEC1", "一"), ("SEC2", "二"), ("SEC3", "三")] {
        workbook
            .save_answer(
                question,
                AnswerChange {
                    notes: Some(notes.into()),
                    ..Default::default()
                },
                ACTOR,
            )
            .unwrap();
    }
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    path
}

/// The audit-trail problems. Removed entries also take their record of the rows with them, so
/// those rows are reported as unrecorded too (RECORDED_STATE); nothing else may be reported.
fn audit_problems(path: &std::path::Path) -> Vec<String> {
    let report = Workbook::open(path, clock()).unwrap().verify().unwrap();
    assert!(
        report
            .problems
            .iter()
            .all(|p| matches!(p.kind, ProblemKind::AuditTrail | ProblemKind::RecordedState)),
        "{:?}",
        report.problems
    );
    report
        .problems
        .into_iter()
        .filter(|p| p.kind == ProblemKind::AuditTrail)
        .map(|p| p.message)
        .collect()
}

#[test]
fn every_change_is_in_the_audit_trail_with_old_and_new_values() {
    let scratch = Scratch::new();
    let path = audited_workbook(&scratch);
    let mut workbook = Workbook::open(&path, clock()).unwrap();
    workbook
        .save_answer(
            "SEC1",
            AnswerChange {
                notes: Some("改".into()),
                ..Default::default()
            },
            "監査 次郎",
        )
        .unwrap();
    let log = workbook.audit_log().unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "workbook.create",
            "question_set.add",
            "question_set.add",
            "answer.update",
            "answer.update",
            "answer.update",
            "answer.update"
        ]
    );
    let last = log.last().unwrap();
    assert_eq!(last.actor, "監査 次郎");
    assert_eq!(last.old_value.as_ref().unwrap()["notes"], "一");
    assert_eq!(last.new_value.as_ref().unwrap()["notes"], "改");
    assert!(log.windows(2).all(|w| w[0].seq + 1 == w[1].seq));
    assert!(workbook.verify().unwrap().ok);
}

#[test]
fn an_edited_audit_entry_is_detected() {
    let scratch = Scratch::new();
    let path = audited_workbook(&scratch);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE audit_entry SET actor = '別人' WHERE seq = 4", [])
        .unwrap();
    let problems = audit_problems(&path);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("audit entry 4"), "{problems:?}");
    assert!(problems[0].contains("altered"), "{problems:?}");
}

#[test]
fn a_deleted_audit_entry_is_detected() {
    let scratch = Scratch::new();
    let path = audited_workbook(&scratch);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM audit_entry WHERE seq = 5", [])
        .unwrap();
    let problems = audit_problems(&path);
    assert!(
        problems.iter().any(|p| p.contains("entries are missing")),
        "{problems:?}"
    );
}

#[test]
fn removing_the_newest_audit_entries_is_detected() {
    let scratch = Scratch::new();
    let path = audited_workbook(&scratch);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM audit_entry WHERE seq >= 5", [])
        .unwrap();
    let problems = audit_problems(&path);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("entries were removed"), "{problems:?}");
}

#[test]
fn a_stored_file_or_question_set_changed_behind_our_back_is_detected() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("tamper.hashira");
    workbook
        .add_evidence(
            "SEC1",
            None,
            NewEvidence::Bytes {
                file_name: "p.txt".into(),
                content: b"policy v1".to_vec(),
                title: "".into(),
            },
            ACTOR,
        )
        .unwrap();
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE evidence_blob SET content = CAST('policy v2' AS BLOB)",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE question_set SET source_text = replace(source_text, '認証情報と認証', '認証') WHERE id = 'sec'",
        [],
    )
    .unwrap();
    drop(conn);
    let report = Workbook::open(&path, clock()).unwrap().verify().unwrap();
    assert!(!report.ok);
    let kinds: Vec<ProblemKind> = report.problems.iter().map(|p| p.kind).collect();
    assert!(
        kinds.contains(&ProblemKind::Evidence),
        "{:?}",
        report.problems
    );
    assert!(
        kinds.contains(&ProblemKind::QuestionSet),
        "{:?}",
        report.problems
    );
}
