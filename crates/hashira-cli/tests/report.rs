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

/// A character the report font lacks (𠮷, an emoji) is printed as 〓 and reported: on stderr
/// in text mode, in `warnings` with `--json`.
#[test]
fn report_warns_about_characters_printed_as_geta() {
    let dir = tempfile::tempdir().unwrap();
    hashira(dir.path())
        .args(["demo", "demo.hashira"])
        .assert()
        .success();
    hashira(dir.path())
        .args(["answer", "demo.hashira", "SEC5", "--notes", "𠮷田さん😀"])
        .assert()
        .success();

    let output = hashira(dir.path())
        .args(["report", "demo.hashira", "out.pdf", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let done: Value = serde_json::from_slice(&output.stdout).unwrap();
    let warnings = done["warnings"].as_array().unwrap();
    for (character, code_point) in [("𠮷", "U+20BB7"), ("😀", "U+1F600")] {
        let warning = warnings
            .iter()
            .find(|w| w["character"] == character)
            .unwrap_or_else(|| panic!("no warning for {character}: {warnings:?}"));
        assert_eq!(warning["code_point"], code_point);
        assert_eq!(warning["replacement"], "〓");
        assert_eq!(warning["question_id"], "SEC5");
        assert_eq!(warning["field"], "answers.pillars.questions.notes");
    }
    assert_eq!(warnings.len(), 2, "{warnings:?}");

    let output = hashira(dir.path())
        .args(["report", "demo.hashira", "text.pdf"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let expected = "hashira: warning: 𠮷 (U+20BB7) is not in the report font: printed as 〓 \
                    (question SEC5, answers.pillars.questions.notes)";
    assert!(stderr.contains(expected), "{stderr}");
    assert!(stderr.contains("😀 (U+1F600)"), "{stderr}");
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .starts_with("wrote text.pdf (")
    );
}
