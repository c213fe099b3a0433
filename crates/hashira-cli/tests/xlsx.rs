//! `hashira wg …`, `hashira export xlsx`, `hashira import xlsx` as scripts use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{hashira, json, json_error};

use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-xlsx/tests/fixtures")
        .join(name)
}

fn demo(dir: &Path) {
    hashira(dir)
        .args(["demo", "demo.hashira"])
        .assert()
        .success();
}

#[test]
fn wg_import_dry_run_list_export_template() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo(dir);
    let sheet = fixture("wg-japanese.xlsx");
    let sheet = sheet.to_str().unwrap();
    let dry = json(dir, &["wg", "import", "demo.hashira", sheet, "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["criteria"], 3);
    assert_eq!(dry["service"], "Amazon Simple Storage Service (S3)");
    assert_eq!(
        json(dir, &["wg", "list", "demo.hashira"]),
        Value::Array(vec![])
    );
    let done = json(dir, &["wg", "import", "demo.hashira", sheet]);
    assert_eq!(done["result"], "ADDED");
    let list = json(dir, &["wg", "list", "demo.hashira"]);
    assert_eq!(list[0]["criteria"], 3);
    assert_eq!(list[0]["source_sha256"].as_str().unwrap().len(), 64);
    hashira(dir)
        .args(["wg", "list", "demo.hashira"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Amazon Simple Storage Service (S3)",
        ));
    let exported = json(
        dir,
        &[
            "wg",
            "export",
            "demo.hashira",
            "--service",
            "Amazon Simple Storage Service (S3)",
            "s3.xlsx",
        ],
    );
    assert_eq!(exported["criteria"], 3);
    assert!(dir.join("s3.xlsx").exists());
    let again = json(dir, &["wg", "import", "demo.hashira", "s3.xlsx"]);
    assert_eq!(again["result"], "REPLACED");
    json(dir, &["wg", "template", "template.xlsx"]);
    assert!(dir.join("template.xlsx").exists());
    let error = json_error(
        dir,
        &[
            "wg",
            "export",
            "demo.hashira",
            "--service",
            "Amazon X",
            "x.xlsx",
        ],
    );
    assert_eq!(error["code"], "WG_NOT_FOUND");
}

#[test]
fn review_export_and_import_with_dry_run_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo(dir);
    let exported = json(dir, &["export", "xlsx", "demo.hashira", "all.xlsx"]);
    assert_eq!(exported["sheets"].as_array().unwrap().len(), 4);
    let one = json(
        dir,
        &["export", "xlsx", "demo.hashira", "sec.xlsx", "--set", "sec"],
    );
    assert_eq!(one["sheets"], serde_json::json!(["sec"]));
    let dry = json(
        dir,
        &["import", "xlsx", "demo.hashira", "all.xlsx", "--dry-run"],
    );
    assert_eq!(dry["changes"], serde_json::json!([]));
    assert_eq!(dry["applied"], false);
    std::fs::write(dir.join("junk.xlsx"), "not excel").unwrap();
    let error = json_error(dir, &["import", "xlsx", "demo.hashira", "junk.xlsx"]);
    assert_eq!(error["code"], "XLSX_INVALID");
    assert!(error["message"].as_str().unwrap().contains("junk.xlsx"));
    hashira(dir)
        .args(["import", "xlsx", "demo.hashira", "all.xlsx"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Nothing to change"));
}

fn sha256(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

/// Exports `copy.hashira` (the same workbook id as demo.hashira) after giving SEC1 `notes`: a
/// filled sheet for demo.hashira whose one change is SEC1's notes.
fn filled_sheet(dir: &Path, notes: &str, out: &str) {
    json(dir, &["answer", "copy.hashira", "SEC1", "--notes", notes]);
    json(dir, &["export", "xlsx", "copy.hashira", out]);
}

#[test]
fn review_import_applies_only_the_previewed_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo(dir);
    std::fs::copy(dir.join("demo.hashira"), dir.join("copy.hashira")).unwrap();
    filled_sheet(dir, "previewed notes", "filled.xlsx");
    filled_sheet(dir, "notes nobody previewed", "other.xlsx");
    let previewed = std::fs::read(dir.join("filled.xlsx")).unwrap();

    let dry = json(
        dir,
        &["import", "xlsx", "demo.hashira", "filled.xlsx", "--dry-run"],
    );
    assert_eq!(dry["sha256"], sha256(&dir.join("filled.xlsx")));
    let plan = dry["plan_sha256"].as_str().unwrap().to_string();
    assert_eq!(plan.len(), 64);
    assert_eq!(dry["changes"].as_array().unwrap().len(), 1, "{dry}");
    hashira(dir)
        .args(["import", "xlsx", "demo.hashira", "filled.xlsx", "--dry-run"])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!("plan: {plan}")));

    // The file is replaced after the preview: refused, the workbook untouched.
    std::fs::copy(dir.join("other.xlsx"), dir.join("filled.xlsx")).unwrap();
    let before = sha256(&dir.join("demo.hashira"));
    let apply = ["import", "xlsx", "demo.hashira", "filled.xlsx"];
    let error = json_error(dir, &[&apply[..], &["--expect-plan", &plan]].concat());
    assert_eq!(error["code"], "IMPORT_PLAN_CHANGED");
    assert_eq!(error["details"]["path"], "filled.xlsx");
    assert_eq!(sha256(&dir.join("demo.hashira")), before);

    // The previewed file back: applied.
    std::fs::write(dir.join("filled.xlsx"), previewed).unwrap();
    let done = json(dir, &[&apply[..], &["--expect-plan", &plan]].concat());
    assert_eq!(done["applied"], true);
    assert_eq!(done["plan_sha256"], plan.as_str());
    let questions = json(dir, &["questions", "demo.hashira"]).to_string();
    assert!(questions.contains("previewed notes"));
    assert!(!questions.contains("notes nobody previewed"));
}
