//! Shared by the CLI's integration tests: the real `hashira` binary with a pinned clock and
//! actor, and its JSON results and errors.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `hashira` run in `dir`, with time pinned (HASHIRA_NOW) and a fixed actor.
pub fn hashira(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("hashira").unwrap();
    command
        .current_dir(dir)
        .env("HASHIRA_NOW", "2026-04-01T09:00:00+09:00")
        .env("HASHIRA_USER", "テスト 花子");
    command
}

/// Runs `hashira ARGS --json`, which must succeed, and returns its JSON output.
pub fn json(dir: &Path, args: &[&str]) -> Value {
    let output = hashira(dir).args(args).arg("--json").output().unwrap();
    assert!(
        output.status.success(),
        "hashira {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs `hashira ARGS --json`, which must fail with exit 1, and returns its JSON error.
pub fn json_error(dir: &Path, args: &[&str]) -> Value {
    let output = hashira(dir).args(args).arg("--json").output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "hashira {args:?} should fail"
    );
    assert!(
        output.stdout.is_empty(),
        "hashira {args:?} printed to stdout on failure"
    );
    serde_json::from_slice(&output.stderr).unwrap()
}

/// Runs `hashira ARGS --by WHO --json` (a reviewer's copy or merge), which must succeed.
pub fn by(dir: &Path, who: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--by", who]);
    json(dir, &all)
}

/// Question `id` of `file` as `hashira questions --json` shows it.
pub fn question(dir: &Path, file: &str, id: &str) -> Value {
    json(dir, &["questions", file])
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == id)
        .unwrap()
        .clone()
}

/// The ids of a shown question's selected choices, in its choices' order.
pub fn selected(question: &Value) -> Vec<String> {
    question["choices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "SELECTED")
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// The file's SHA-256 (lowercase hex): "unchanged" means byte for byte.
pub fn sha(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// The PDF's text with white space removed, so wrapped lines still match.
pub fn pdf_text(pdf: &Path) -> String {
    let output = Process::new("pdftotext")
        .args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed by this test");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
