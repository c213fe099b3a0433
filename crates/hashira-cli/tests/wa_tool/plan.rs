//! `wa-tool import --expect-plan`: an apply refuses files changed since the dry run (nothing
//! applied, the workbook file byte for byte as it was) and applies an unchanged plan.

use serde_json::json;

use super::common::{hashira, json, json_error};
use super::workbook;

#[test]
fn an_apply_with_the_dry_runs_fingerprint_refuses_a_file_changed_since_and_applies_an_unchanged_one()
 {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, false);
    let folder = dir.join("answers");
    std::fs::create_dir(&folder).unwrap();
    let answer = |choice: &str| {
        json!({ "Answer": { "QuestionId": "FISCSEC5", "SelectedChoices": [choice] } }).to_string()
    };
    std::fs::write(folder.join("a.json"), answer("FISCSEC5_BP01")).unwrap();
    std::fs::write(
        folder.join("b.json"),
        json!({ "Answer": { "QuestionId": "FISCSEC7", "Notes": "WA Tool で確認" } }).to_string(),
    )
    .unwrap();
    let import = [
        "wa-tool",
        "import",
        "w.hashira",
        "--set",
        "fisc-sec",
        "answers",
    ];
    let dry = json(dir, &[&import[..], &["--dry-run"]].concat());
    let plan = dry["plan_sha256"].as_str().unwrap().to_string();
    assert_eq!(plan.len(), 64, "{dry}");
    assert_eq!(dry["applied"], false);

    // The dry run in text says the fingerprint too.
    let text = hashira(dir).args(import).arg("--dry-run").output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(&format!("--expect-plan {plan}")), "{text}");

    // One file changed after the dry run: refused, the workbook unchanged.
    std::fs::write(folder.join("a.json"), answer("FISCSEC5_BP02")).unwrap();
    let before = std::fs::read(dir.join("w.hashira")).unwrap();
    let error = json_error(dir, &[&import[..], &["--expect-plan", &plan]].concat());
    assert_eq!(error["code"], "IMPORT_PLAN_CHANGED", "{error}");
    assert_eq!(std::fs::read(dir.join("w.hashira")).unwrap(), before);

    // Back as previewed: the same fingerprint, applied.
    std::fs::write(folder.join("a.json"), answer("FISCSEC5_BP01")).unwrap();
    let applied = json(dir, &[&import[..], &["--expect-plan", &plan]].concat());
    assert_eq!(applied["applied"], true, "{applied}");
    assert_eq!(applied["plan_sha256"], plan.as_str());
    assert_eq!(applied["changes"].as_array().unwrap().len(), 2, "{applied}");
}
