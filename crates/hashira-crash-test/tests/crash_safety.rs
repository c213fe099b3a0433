//! Crash safety: a writer process is killed with SIGKILL at random moments, at least 50 times,
//! on the same workbook. After every kill the workbook must pass SQLite's integrity check and
//! `verify` (evidence hashes, audit chain), and every write the writer reported as committed
//! must be there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use hashira_core::question_set::shipped::shipped_set;
use hashira_core::{SystemClock, Workbook};

const KILLS: usize = 60;

fn stored_iteration(notes: &str) -> Option<u64> {
    notes
        .lines()
        .next()?
        .strip_prefix("書き込み番号 ")?
        .parse()
        .ok()
}

#[test]
fn killing_the_writer_never_loses_a_commit_or_corrupts_the_workbook() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    println!("CRASH_SEED={seed} reproduces this run");
    let mut random = fastrand::Rng::with_seed(seed);

    let dir = tempfile_dir();
    let path = dir.join("crash.hashira");
    Workbook::create(
        &path,
        "クラッシュ耐性テスト",
        vec![
            shipped_set("sec").unwrap(),
            shipped_set("fisc-sec").unwrap(),
        ],
        "test",
        Arc::new(SystemClock),
    )
    .unwrap()
    .close()
    .unwrap();

    let writer = env!("CARGO_BIN_EXE_hashira-crash-writer");
    // Highest committed iteration per question, and every committed evidence id.
    let mut committed_answers: HashMap<String, u64> = HashMap::new();
    let mut committed_evidence: Vec<i64> = Vec::new();
    let mut next_iteration = 0u64;
    let mut kills_mid_run = 0;
    // Rounds whose kill left a hot rollback journal: the kill hit an open write transaction.
    let mut kills_mid_transaction = 0;
    let journal = dir.join("crash.hashira-journal");

    for round in 0..KILLS {
        let mut child = Command::new(writer)
            .arg(&path)
            .arg(next_iteration.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(random.u64(5..120)));
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        if still_running {
            kills_mid_run += 1;
        } else {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            panic!("round {round}: the writer stopped by itself: {stderr}");
        }
        if journal.exists() {
            kills_mid_transaction += 1;
        }
        let mut output = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut output)
            .unwrap();
        for line in output.lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["COMMITTED", "answer", question, n] => {
                    let n: u64 = n.parse().unwrap();
                    committed_answers.insert(question.to_string(), n);
                    next_iteration = next_iteration.max(n + 1);
                }
                ["COMMITTED", "evidence", id, _] => committed_evidence.push(id.parse().unwrap()),
                _ => {} // a line cut short by the kill
            }
        }

        let workbook = Workbook::open(&path, Arc::new(SystemClock))
            .unwrap_or_else(|e| panic!("round {round}: cannot reopen after SIGKILL: {e}"));
        let report = workbook.verify().unwrap();
        assert!(
            report.ok,
            "round {round}: verify found {:?}",
            report.problems
        );
        let answers = workbook.answers().unwrap();
        for (question, n) in &committed_answers {
            let stored = answers
                .get(question)
                .and_then(|a| stored_iteration(&a.notes))
                .unwrap_or_else(|| panic!("round {round}: committed answer to {question} is gone"));
            // A later write may have committed before the kill without being reported.
            assert!(
                stored >= *n,
                "round {round}: {question} holds write {stored}, committed {n}"
            );
            next_iteration = next_iteration.max(stored + 1);
        }
        for id in &committed_evidence {
            workbook
                .evidence(*id)
                .unwrap_or_else(|e| panic!("round {round}: committed evidence {id}: {e}"));
        }
        workbook.close().unwrap();
    }
    assert_eq!(kills_mid_run, KILLS);
    println!(
        "{KILLS} kills, {kills_mid_transaction} inside a write transaction; {} answers and {} evidence committed",
        committed_answers.len(),
        committed_evidence.len()
    );
    assert!(
        kills_mid_transaction >= 5,
        "only {kills_mid_transaction} kills hit a transaction: the test proves too little"
    );
    assert!(
        committed_answers.len() > 5 && !committed_evidence.is_empty(),
        "the writer committed too little to prove anything: {} answers, {} evidence",
        committed_answers.len(),
        committed_evidence.len()
    );
    // The workbook is still a plain, self-contained SQLite file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    std::fs::remove_dir_all(&dir).ok();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hashira-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
