//! Two programs writing one workbook at once (two app windows, the app and a script): every
//! write lands, none is refused as "locked" while the other is merely busy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{hashira, json};

const WRITES: usize = 50;

/// `WRITES` answers to `question`, one `hashira answer` process after another; the failures.
fn answer_loop(dir: &Path, question: &str) -> Vec<String> {
    let binary = assert_cmd::cargo::cargo_bin("hashira");
    let mut failures = Vec::new();
    for n in 0..WRITES {
        let output = Command::new(&binary)
            .current_dir(dir)
            .env("HASHIRA_USER", "並行 太郎")
            .args(["answer", "w.hashira", question, "--notes"])
            .arg(format!("{question} {n}"))
            .output()
            .unwrap();
        if !output.status.success() {
            failures.push(format!(
                "{question} {n}: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    failures
}

#[test]
fn two_processes_answering_at_once_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir)
        .args(["new", "w.hashira", "--name", "並行", "--set", "sec"])
        .assert()
        .success();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let a = scope.spawn(|| answer_loop(dir, "SEC1"));
        let b = scope.spawn(|| answer_loop(dir, "SEC2"));
        let mut failures = a.join().unwrap();
        failures.extend(b.join().unwrap());
        failures
    });
    assert!(
        failures.is_empty(),
        "{} failed: {failures:#?}",
        failures.len()
    );
    let reviews = json(dir, &["questions", "w.hashira"]);
    let notes = |id: &str| {
        reviews
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["question_id"] == id)
            .unwrap()["notes"]
            .clone()
    };
    assert_eq!(notes("SEC1"), format!("SEC1 {}", WRITES - 1));
    assert_eq!(notes("SEC2"), format!("SEC2 {}", WRITES - 1));
    let conn = rusqlite::Connection::open(dir.join("w.hashira")).unwrap();
    let updates: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_entry WHERE action = 'answer.update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(updates, 2 * WRITES as i64);
    drop(conn);
    assert_eq!(json(dir, &["verify", "w.hashira"])["ok"], true);
}

/// Another program holding the write lock for seconds (a long import, a big evidence file on a
/// slow disk): `hashira answer` waits for it and then writes, rather than failing "locked".
#[test]
fn a_write_waits_for_another_programs_long_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir)
        .args(["new", "w.hashira", "--name", "並行", "--set", "sec"])
        .assert()
        .success();
    let other = rusqlite::Connection::open(dir.join("w.hashira")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let waiting = Command::new(assert_cmd::cargo::cargo_bin("hashira"))
        .current_dir(dir)
        .args(["answer", "w.hashira", "SEC1", "--notes", "後から"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(4));
    other.execute_batch("COMMIT").unwrap();
    drop(other);
    let output = waiting.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reviews = json(dir, &["questions", "w.hashira"]);
    assert_eq!(reviews[0]["question_id"], "SEC1");
    assert_eq!(reviews[0]["notes"], "後から");
}
