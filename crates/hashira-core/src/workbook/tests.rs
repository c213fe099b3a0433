use super::migrations::MIGRATIONS;
use crate::question_set::sha256_hex;

/// Released migrations are append-only. If this fails you edited a released migration:
/// revert it and add a new file instead.
#[test]
fn released_migrations_are_unchanged() {
    let released = [
        "191cfc8a7e30095d",
        "e09bc8e4ee0f74e2",
        "2228f14efeedf48c",
        "7725fcd99512e15a",
        "ef38b70869f177b6",
        "3be5e64ca142d049",
        "26a10695febfcecb",
    ];
    assert_eq!(
        MIGRATIONS.len(),
        released.len(),
        "add the new migration's hash here"
    );
    for (sql, expected) in MIGRATIONS.iter().zip(released) {
        assert_eq!(&sha256_hex(sql.as_bytes())[..16], expected);
    }
}

/// A schema-3 workbook (the release before row-state records), built from the released
/// migrations: opening it upgrades it in one transaction whose entry holds the baseline, after
/// which an outside edit of a row it had is reported.
#[test]
fn a_schema_3_workbook_is_upgraded_with_a_baseline_and_checked_from_then_on() {
    use std::sync::Arc;

    use super::{LATEST_SCHEMA_VERSION, ProblemKind, Workbook};
    use crate::clock::FixedClock;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema-3.hashira");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", super::APPLICATION_ID)
        .unwrap();
    for sql in &MIGRATIONS[..3] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 3;
         INSERT INTO workbook_meta (key, value) VALUES ('workbook_id', 'old-release-id');
         INSERT INTO workload (singleton, name, review_owner) VALUES (1, '旧版', '山田');",
    )
    .unwrap();
    drop(conn);

    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    let workbook = Workbook::open(&path, clock.clone()).unwrap();
    assert!(workbook.verify().unwrap().ok);
    let log = workbook.audit_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "workbook.migrate");
    assert_eq!(log[0].old_value, Some(serde_json::json!(3)));
    assert_eq!(
        log[0].new_value,
        Some(serde_json::json!(LATEST_SCHEMA_VERSION))
    );
    drop(workbook);

    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE workload SET review_owner = '別人'", [])
        .unwrap();
    let report = Workbook::open(&path, clock).unwrap().verify().unwrap();
    let places: Vec<_> = report
        .problems
        .iter()
        .map(|p| (p.kind, p.table.as_deref(), p.field.as_deref()))
        .collect();
    assert_eq!(
        places,
        [(
            ProblemKind::RecordedState,
            Some("workload"),
            Some("review_owner")
        )]
    );
}
