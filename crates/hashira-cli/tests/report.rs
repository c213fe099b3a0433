//! `hashira report`: the PDF review report from the command line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::hashira;

use serde_json::Value;

#[test]
fn report_writes_a_pdf_and_describes_it_in_json() {
    let dir = tempfile::tempdir().unwrap();
    hashira(dir.path())
        .args(["demo", "demo.hashira"])
        .assert()
        .success();
    let output = hashira(dir.path())
        .args(["report", "demo.hashira", "out.pdf", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let done: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(done["path"], "out.pdf");
    assert_eq!(done["lang"], "ja");
    assert_eq!(done["label"], "社外秘");
    assert_eq!(
        done["sets"],
        serde_json::json!(["sec", "fisc-sec", "fisc-ops", "fisc-rel"])
    );
    assert!(done["pages"].as_u64().unwrap() >= 10);
    assert_eq!(done["workbook_sha256"].as_str().unwrap().len(), 64);
    let pdf = std::fs::read(dir.path().join("out.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(pdf.len() as u64, done["bytes"].as_u64().unwrap());

    // English, one set, own label; text output.
    hashira(dir.path())
        .args([
            "report",
            "demo.hashira",
            "en.pdf",
            "--lang",
            "en",
            "--set",
            "sec",
            "--label",
            "Internal",
        ])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("wrote en.pdf ("));
    assert!(dir.path().join("en.pdf").is_file());
}

#[test]
fn report_errors_follow_the_cli_conventions() {
    let dir = tempfile::tempdir().unwrap();
    hashira(dir.path())
        .args(["demo", "demo.hashira"])
        .assert()
        .success();

    let output = hashira(dir.path())
        .args([
            "report",
            "demo.hashira",
            "out.pdf",
            "--set",
            "nope",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["code"], "QUESTION_SET_NOT_FOUND");
    assert!(!dir.path().join("out.pdf").exists());

    let output = hashira(dir.path())
        .args(["report", "missing.hashira", "out.pdf", "--json"])
        .output()
        .unwrap();
    let error: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["code"], "WORKBOOK_NOT_FOUND");

    // Never over the workbook itself.
    let output = hashira(dir.path())
        .args(["report", "demo.hashira", "demo.hashira", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["code"], "WORKBOOK_EXISTS");
    hashira(dir.path())
        .args(["verify", "demo.hashira"])
        .assert()
        .success();

    hashira(dir.path())
        .args(["report", "demo.hashira", "x.pdf", "--lang", "fr"])
        .assert()
        .code(2);
}
