//! The workbook file: create, reopen, schema guards, properties, self-containment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ACTOR, Scratch, clock, file_bytes};
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::workbook::{APPLICATION_ID, Environment, LATEST_SCHEMA_VERSION, WorkloadField};
use hashira_core::{Error, ErrorCode, QuestionSet, Workbook};

#[test]
fn a_new_workbook_is_one_sqlite_file_with_our_ids_and_guards() {
    let scratch = Scratch::new();
    let workbook = scratch.workbook("a.hashira");
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    // Nothing but the workbook itself is left beside it (no -wal/-shm/-journal, no temp file).
    let names: Vec<String> = std::fs::read_dir(scratch.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["a.hashira"]);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    assert_eq!(version, LATEST_SCHEMA_VERSION);
    assert_eq!(journal, "delete");
}

/// Goes through the product's own `Workbook::open` connection: removing evidence deletes only
/// the `evidence` row and relies on the schema's `ON DELETE CASCADE` for its stored content,
/// which SQLite applies only when that connection has `foreign_keys = ON`. Without it the
/// content would stay behind as an orphan that `PRAGMA foreign_key_check` reports.
#[test]
fn foreign_keys_are_enforced_on_open_workbooks() {
    let scratch = Scratch::new();
    let workbook = scratch.workbook("fk.hashira");
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    let mut reopened = Workbook::open(&path, clock()).unwrap();
    let evidence = reopened
        .add_evidence(
            "SEC1",
            None,
            hashira_core::workbook::NewEvidence::Bytes {
                file_name: "a.txt".into(),
                content: b"content".to_vec(),
                title: String::new(),
            },
            ACTOR,
        )
        .unwrap();
    reopened.remove_evidence(evidence.id, ACTOR).unwrap();
    reopened.close().unwrap();
    // Read with a separate connection that does not enforce anything itself.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let blobs: i64 = conn
        .query_row("SELECT count(*) FROM evidence_blob", [], |r| r.get(0))
        .unwrap();
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        (blobs, orphans),
        (0, 0),
        "the workbook's connection did not enforce foreign keys"
    );
}

#[test]
fn creating_over_an_existing_file_is_refused_and_the_file_kept() {
    let scratch = Scratch::new();
    let path = scratch.path("keep.hashira");
    std::fs::write(&path, "大事なファイル").unwrap();
    let error = Workbook::create(
        &path,
        "x",
        vec![shipped_set("sec").unwrap()],
        ACTOR,
        clock(),
    )
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::WorkbookExists);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "大事なファイル");
}

#[test]
fn sets_with_clashing_question_ids_are_refused() {
    let scratch = Scratch::new();
    let sec = shipped_set("sec").unwrap();
    let error = Workbook::create(
        &scratch.path("dup.hashira"),
        "x",
        vec![sec.clone(), sec],
        ACTOR,
        clock(),
    )
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::QuestionSetConflict);
    assert!(!scratch.path("dup.hashira").exists());
}

#[test]
fn a_workbook_from_a_newer_version_is_refused_and_never_modified() {
    let scratch = Scratch::new();
    let path = scratch.workbook("new.hashira").path().to_path_buf();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA user_version = {}",
            LATEST_SCHEMA_VERSION + 5
        ))
        .unwrap();
    }
    let before = file_bytes(&path);
    let modified_before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let error = Workbook::open(&path, clock()).unwrap_err();
    match &error {
        Error::WorkbookTooNew {
            found, supported, ..
        } => {
            assert_eq!(*found, LATEST_SCHEMA_VERSION + 5);
            assert_eq!(*supported, LATEST_SCHEMA_VERSION);
        }
        other => panic!("expected WorkbookTooNew, got {other}"),
    }
    assert!(error.to_string().contains("newer version of Hashira"));
    assert!(error.to_string().contains("was not modified"));
    assert_eq!(file_bytes(&path), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified_before
    );
}

#[test]
fn files_that_are_not_workbooks_get_a_clear_error() {
    let scratch = Scratch::new();
    let empty = scratch.path("empty.hashira");
    std::fs::write(&empty, b"").unwrap();
    let text = scratch.path("notes.hashira");
    std::fs::write(&text, "これはテキストファイルです。".repeat(20)).unwrap();
    let other_db = scratch.path("other.sqlite");
    rusqlite::Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    for (path, reason) in [
        (&empty, "the file is empty"),
        (&text, "it is not a SQLite database"),
        (&other_db, "it is a SQLite database of another program"),
    ] {
        let before = file_bytes(path);
        let error = Workbook::open(path, clock()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::NotAWorkbook, "{}", path.display());
        assert!(error.to_string().contains(reason), "{error}");
        assert!(error.to_string().contains(&path.display().to_string()));
        assert_eq!(file_bytes(path), before, "{} was modified", path.display());
    }
    let missing = Workbook::open(&scratch.path("missing.hashira"), clock()).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::WorkbookNotFound);
}

#[test]
fn question_sets_are_copied_in_with_version_and_hash() {
    let scratch = Scratch::new();
    // A user-supplied set: the shipped text with another id and question ids.
    let text = shipped_set("fisc-rel")
        .unwrap()
        .source_text()
        .replace("id = \"fisc-rel\"", "id = \"my-rel\"")
        .replace("FISCREL", "MYREL");
    let mine = QuestionSet::from_toml(&text, "my-rel.toml").unwrap();
    let hash = mine.content_hash().to_string();
    let path = scratch.path("copy.hashira");
    Workbook::create(
        &path,
        "x",
        vec![shipped_set("sec").unwrap(), mine],
        ACTOR,
        clock(),
    )
    .unwrap()
    .close()
    .unwrap();
    // Reopening reads the sets from the workbook itself, not from the app.
    let workbook = Workbook::open(&path, clock()).unwrap();
    let infos = workbook.set_infos().unwrap();
    assert_eq!(
        infos.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["sec", "my-rel"]
    );
    assert_eq!(infos[1].content_hash, hash);
    assert_eq!(infos[1].version, "1.6.1");
    assert_eq!(workbook.question_set("my-rel").unwrap().question_count(), 3);
    assert!(workbook.find_question("MYREL2").is_ok());
    assert_eq!(
        workbook.find_question("FISCSEC1").unwrap_err().code(),
        ErrorCode::QuestionNotFound
    );
}

#[test]
fn workload_properties_are_validated_saved_and_audited() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("props.hashira");
    workbook
        .set_property(
            WorkloadField::AwsRegions,
            "ap-northeast-1, ap-northeast-3",
            ACTOR,
        )
        .unwrap();
    workbook
        .set_property(WorkloadField::AccountIds, "111122223333", ACTOR)
        .unwrap();
    workbook
        .set_property(WorkloadField::Environment, "pre-production", ACTOR)
        .unwrap();
    workbook
        .set_property(WorkloadField::ReviewDate, "2026-04-15", ACTOR)
        .unwrap();
    workbook
        .set_property(WorkloadField::Reviewers, "山田 太郎、佐藤 花子", ACTOR)
        .unwrap();
    workbook
        .set_property(WorkloadField::ClientOrganization, "柱銀行株式会社", ACTOR)
        .unwrap();
    let long_notes = "レビュー範囲の補足。".repeat(5_000);
    workbook
        .set_property(WorkloadField::Notes, &long_notes, ACTOR)
        .unwrap();

    for (field, value, fragment) in [
        (
            WorkloadField::AwsRegions,
            "Tokyo",
            "'Tokyo' is not an AWS region code",
        ),
        (
            WorkloadField::AccountIds,
            "1234-5678",
            "not a 12-digit AWS account ID",
        ),
        (
            WorkloadField::ReviewDate,
            "2026/04/31",
            "is not a date like 2026-04-01",
        ),
        (
            WorkloadField::ArchitectureUrl,
            "file:///etc/passwd",
            "is not an http(s) URL",
        ),
        (
            WorkloadField::Environment,
            "staging",
            "neither PRODUCTION nor PREPRODUCTION",
        ),
        (WorkloadField::Name, "  ", "the workload name is empty"),
        (
            WorkloadField::TimeZone,
            "Asia/Tokyo",
            "is not a UTC offset such as +09:00",
        ),
    ] {
        let error = workbook.set_property(field, value, ACTOR).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidProperty);
        assert!(error.to_string().contains(field.key()), "{error}");
        assert!(error.to_string().contains(fragment), "{error}");
    }

    assert_eq!(workbook.workload().unwrap().time_zone, "+09:00");
    workbook
        .set_property(WorkloadField::TimeZone, "UTC+5:30", ACTOR)
        .unwrap();
    assert_eq!(workbook.workload().unwrap().time_zone, "+05:30");
    assert_eq!(
        workbook.time_offset().unwrap(),
        time::UtcOffset::from_hms(5, 30, 0).unwrap()
    );
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    let workbook = Workbook::open(&path, clock()).unwrap();
    let workload = workbook.workload().unwrap();
    assert_eq!(workload.aws_regions, ["ap-northeast-1", "ap-northeast-3"]);
    assert_eq!(workload.account_ids, ["111122223333"]);
    assert_eq!(workload.environment, Some(Environment::Preproduction));
    assert_eq!(workload.review_date.as_deref(), Some("2026-04-15"));
    assert_eq!(workload.reviewers, ["山田 太郎", "佐藤 花子"]);
    assert_eq!(workload.notes, long_notes);
    let updates: Vec<_> = workbook
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "workload.update")
        .collect();
    assert_eq!(
        updates.len(),
        8,
        "one entry per accepted change, none for refused ones"
    );
    assert_eq!(updates[0].target, "aws_regions");
    assert_eq!(updates[0].old_value, Some(serde_json::json!([])));
    assert_eq!(
        updates[0].new_value,
        Some(serde_json::json!(["ap-northeast-1", "ap-northeast-3"]))
    );
    assert_eq!(updates[0].actor, ACTOR);
}

#[test]
fn a_workbook_from_an_older_release_is_upgraded_keeping_everything_and_the_upgrade_is_audited() {
    let scratch = Scratch::new();
    let path = scratch.path("old.hashira");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schema-1-demo.hashira");
    std::fs::copy(&fixture, &path).unwrap();
    let version_of = |path: &std::path::Path| -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version_of(&path), 1);
    let before_entries = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row("SELECT count(*) FROM audit_entry", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
    };

    let workbook = Workbook::open(&path, clock()).unwrap();
    assert_eq!(version_of(&path), LATEST_SCHEMA_VERSION);
    assert_eq!(
        workbook.answer("SEC1").unwrap().selected_choices,
        ["SEC1-01", "SEC1-02", "SEC1-03", "SEC1-06"]
    );
    assert_eq!(workbook.list_evidence(None).unwrap().len(), 6);
    assert_eq!(
        workbook.workload().unwrap().client_organization,
        "柱銀行株式会社（架空）"
    );
    // Older workbooks had no time zone: they show times in JST, as every release did.
    assert_eq!(
        workbook.time_offset().unwrap(),
        time::UtcOffset::from_hms(9, 0, 0).unwrap()
    );
    let report = workbook.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    let log = workbook.audit_log().unwrap();
    assert_eq!(log.len() as i64, before_entries + 1);
    let last = log.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.target.as_str()),
        ("workbook.migrate", "schema")
    );
    assert_eq!(last.old_value, Some(serde_json::json!(1)));
    assert_eq!(
        last.new_value,
        Some(serde_json::json!(LATEST_SCHEMA_VERSION))
    );
    drop(workbook);
    // Opening again migrates nothing and records nothing.
    let again = Workbook::open(&path, clock()).unwrap();
    assert_eq!(again.audit_log().unwrap().len(), log.len());
}
