//! Crash safety of `hashira merge` (issue #14 §3): the real binary is killed with SIGKILL at
//! random moments of a merge that copies 24 MB of evidence, 30 times; each time the workbook
//! opens as either the old one or the merged one — compared by its answers, evidence and the
//! audit chain — never anything in between, and `verify` passes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::json;
use serde_json::{Value, json};

fn by(dir: &Path, who: &str, args: &[&str]) {
    let mut all = args.to_vec();
    all.extend(["--by", who]);
    json(dir, &all);
}

/// What the workbook holds, read by the product (which rolls back a crash's journal).
fn state(dir: &Path) -> Value {
    let log: Vec<Value> = json(dir, &["log", "w.hashira"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry_hash"].clone())
        .collect();
    json!({
        "questions": json(dir, &["questions", "w.hashira"]),
        "evidence": json(dir, &["evidence", "list", "w.hashira"]),
        "log": log,
    })
}

fn merge_command(dir: &Path) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("hashira"));
    command
        .current_dir(dir)
        .env("HASHIRA_NOW", "2026-04-01T09:00:00+09:00")
        .env("HASHIRA_USER", "lead")
        .args(["merge", "w.hashira", "c.hashira"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn place(from: &Path, to: &Path) {
    for name in ["w.hashira", "c.hashira"] {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

#[test]
fn a_killed_merge_leaves_the_old_or_the_merged_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let origin = tmp.path().join("origin");
    std::fs::create_dir(&origin).unwrap();
    let o = origin.as_path();
    by(
        o,
        "lead",
        &[
            "new",
            "w.hashira",
            "--name",
            "W",
            "--set",
            "sec",
            "--set",
            "fisc-ops",
        ],
    );
    by(
        o,
        "lead",
        &["answer", "w.hashira", "SEC1", "--choose", "SEC1-01"],
    );
    json(o, &["copy", "w.hashira", "c.hashira", "--by", "carol"]);
    for (i, question) in ["SEC2", "SEC3", "SEC4", "SEC5", "FISCOPS1", "FISCOPS2"]
        .iter()
        .enumerate()
    {
        let name = format!("capture-{i}.bin");
        let bytes: Vec<u8> = (0..4 * 1024 * 1024).map(|_| fastrand::u8(..)).collect();
        std::fs::write(o.join(&name), bytes).unwrap();
        by(
            o,
            "carol",
            &["evidence", "add", "c.hashira", question, "--file", &name],
        );
        by(
            o,
            "carol",
            &[
                "answer",
                "c.hashira",
                question,
                "--notes",
                &format!("確認 {i}"),
            ],
        );
    }
    by(o, "lead", &["answer", "w.hashira", "SEC6", "--none"]);

    let old_dir = tmp.path().join("old");
    std::fs::create_dir(&old_dir).unwrap();
    place(o, &old_dir);
    let old = state(&old_dir);
    let merged_dir = tmp.path().join("merged");
    std::fs::create_dir(&merged_dir).unwrap();
    place(o, &merged_dir);
    let started = Instant::now();
    assert!(merge_command(&merged_dir).status().unwrap().success());
    let took = started.elapsed();
    let merged = state(&merged_dir);
    assert_ne!(old, merged);
    assert_eq!(merged["evidence"].as_array().unwrap().len(), 6);

    let (mut seen_old, mut seen_merged, mut in_transaction) = (0, 0, 0);
    for round in 0..30 {
        let dir = tmp.path().join(format!("round-{round}"));
        std::fs::create_dir(&dir).unwrap();
        place(o, &dir);
        let mut child = merge_command(&dir).spawn().unwrap();
        let wait = fastrand::u64(..took.as_micros() as u64 * 6 / 5 + 1);
        std::thread::sleep(Duration::from_micros(wait));
        let _ = child.kill(); // SIGKILL; the merge may have finished already
        child.wait().unwrap();
        // A journal left behind: killed inside the write transaction (rolled back on open).
        if dir.join("w.hashira-journal").exists() {
            in_transaction += 1;
        }
        let now = state(&dir);
        if now == old {
            seen_old += 1;
        } else if now == merged {
            seen_merged += 1;
        } else {
            panic!(
                "round {round} (killed after {wait} µs): the workbook is neither the old nor the merged one"
            );
        }
        let report = json(&dir, &["verify", "w.hashira"]);
        assert_eq!(report["ok"], true, "round {round}: {report:#}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    eprintln!(
        "merge took {took:?}; killed rounds left {seen_old} old and {seen_merged} merged \
         workbooks, {in_transaction} killed inside the write transaction"
    );
}
