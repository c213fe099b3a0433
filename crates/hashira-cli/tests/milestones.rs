//! `hashira milestone add|list` and `--milestone` on the reading commands, through the real
//! binary: the review as it was, evidence removed since still extracted with its SHA-256, and a
//! milestone edited with the sqlite3 program found by `verify`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{hashira, json, json_error};
use serde_json::Value;

fn sha256(path: &Path) -> String {
    hashira_core::hashing::sha256_hex(&std::fs::read(path).unwrap())
}

fn risk_of(questions: &Value, id: &str) -> String {
    questions
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == id)
        .unwrap()["risk"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn reading_commands_show_the_review_as_a_milestone_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(
        d,
        &["new", "w.hashira", "--name", "決済基盤", "--set", "sec"],
    );
    json(
        d,
        &["answer", "w.hashira", "SEC1", "--none", "--by", "前任者"],
    );
    std::fs::write(d.join("policy.pdf"), b"%PDF-1.4 policy v1").unwrap();
    let added = json(
        d,
        &[
            "evidence",
            "add",
            "w.hashira",
            "SEC1",
            "--file",
            "policy.pdf",
        ],
    );
    let evidence_id = added["id"].as_i64().unwrap().to_string();
    let first = json(d, &["milestone", "add", "w.hashira", "2026年 第1四半期"]);
    assert_eq!(first["number"], 1);
    assert_eq!(first["evidence_files"], 1);
    // Changes after the milestone.
    json(
        d,
        &[
            "answer",
            "w.hashira",
            "SEC1",
            "--na",
            "OUT_OF_SCOPE",
            "--na-text",
            "対象外",
        ],
    );
    json(d, &["evidence", "remove", "w.hashira", &evidence_id]);
    json(d, &["set-property", "w.hashira", "name", "決済基盤 v2"]);

    let now = json(d, &["questions", "w.hashira"]);
    let then = json(
        d,
        &["questions", "w.hashira", "--milestone", "2026年 第1四半期"],
    );
    assert_eq!(risk_of(&then, "SEC1"), "HIGH");
    assert_ne!(risk_of(&now, "SEC1"), "HIGH");
    let sec1 = then
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == "SEC1")
        .unwrap();
    assert_eq!(sec1["updated_by"], "前任者");

    let shown = json(d, &["show", "w.hashira", "--milestone", "1"]);
    assert_eq!(shown["milestone"]["name"], "2026年 第1四半期");
    assert_eq!(shown["workload"]["name"], "決済基盤");
    assert_eq!(shown["risk"]["counts"]["high"], 1);
    let current = json(d, &["show", "w.hashira"]);
    assert!(current.get("milestone").is_none());
    assert_eq!(current["workload"]["name"], "決済基盤 v2");

    assert_eq!(
        json(d, &["evidence", "list", "w.hashira"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let listed = json(d, &["evidence", "list", "w.hashira", "--milestone", "1"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let got = json(
        d,
        &[
            "evidence",
            "get",
            "w.hashira",
            &evidence_id,
            "then.pdf",
            "--milestone",
            "1",
        ],
    );
    assert_eq!(got["sha256"], listed[0]["sha256"]);
    assert_eq!(
        sha256(&d.join("then.pdf")),
        listed[0]["sha256"].as_str().unwrap()
    );

    json(
        d,
        &[
            "export",
            "xlsx",
            "w.hashira",
            "then.xlsx",
            "--milestone",
            "1",
        ],
    );
    assert!(d.join("then.xlsx").exists());
    json(
        d,
        &["report", "w.hashira", "then.pdf.out", "--milestone", "1"],
    );

    let list = json(d, &["milestone", "list", "w.hashira"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let verify = hashira(d).args(["verify", "w.hashira"]).output().unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn names_are_checked_and_a_missing_milestone_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    json(d, &["milestone", "add", "w.hashira", "Q1"]);
    let before = sha256(&d.join("w.hashira"));
    let error = json_error(d, &["milestone", "add", "w.hashira", "Q1"]);
    assert_eq!(error["code"], "MILESTONE_NAME_TAKEN");
    assert_eq!(error["details"]["number"], 1);
    let long = "x".repeat(101);
    let error = json_error(d, &["milestone", "add", "w.hashira", &long]);
    assert_eq!(error["code"], "INVALID_PROPERTY");
    assert_eq!(sha256(&d.join("w.hashira")), before);
    let error = json_error(d, &["questions", "w.hashira", "--milestone", "Q2"]);
    assert_eq!(error["code"], "MILESTONE_NOT_FOUND");
    assert_eq!(error["details"]["known"], serde_json::json!(["Q1"]));
}

#[test]
fn verify_finds_a_milestone_edited_with_sqlite3() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    json(d, &["answer", "w.hashira", "SEC1", "--none"]);
    json(d, &["milestone", "add", "w.hashira", "Q1"]);
    let edited = Command::new("sqlite3")
        .arg(d.join("w.hashira"))
        .arg("UPDATE milestone SET name = 'Q1 (edited)';")
        .status()
        .unwrap();
    assert!(edited.success());
    let output = hashira(d)
        .args(["verify", "w.hashira", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["kind"] == "MILESTONE"
            && p["message"]
                .as_str()
                .unwrap()
                .contains("differs from its audit entry")),
        "{problems:#?}"
    );
}
