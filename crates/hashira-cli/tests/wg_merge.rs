//! `hashira wg import` over a stored evaluation (merge, dry run), `wg evaluate` and `wg links`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{hashira, json, json_error};

use std::path::{Path, PathBuf};

use hashira_core::wg::{WgAssessment, WgCriterion, WgNote, WgScenario};
use predicates::prelude::*;
use serde_json::Value;

const S3: &str = "Amazon Simple Storage Service (S3)";

fn edition_1() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../hashira-xlsx/tests/fixtures/wg-japanese.xlsx")
}

/// Edition 2 (written through `hashira_xlsx::wg::write_wg`, i.e. rust_xlsxwriter): criterion 1
/// as before, criterion 2 reworded, criterion 3 dropped, criterion 4 new; no decisions filled in.
fn write_edition_2(path: &Path) {
    let criterion =
        |no: &str, perspective: &str, category: &str, text: &str, questions: &[&str]| WgCriterion {
            criterion_no: no.into(),
            perspective: perspective.into(),
            category: category.into(),
            criterion: text.into(),
            question_ids: questions.iter().map(|q| q.to_string()).collect(),
            ..WgCriterion::default()
        };
    let assessment = WgAssessment {
        service: S3.into(),
        edition: "第3版".into(),
        edition_date: "2026-03-01".into(),
        scenarios: vec![WgScenario {
            scenario_id: "1".into(),
            scenario: "社内端末から利用".into(),
            ..WgScenario::default()
        }],
        criteria: vec![
            criterion(
                "1",
                "アクセス管理",
                "認証",
                "管理者アカウントは多要素認証を必須とすること",
                &["SEC1", "SEC2"],
            ),
            criterion(
                "2",
                "アクセス管理",
                "認可・権限管理",
                "最小権限でアクセスを許可し、定期的に見直すこと",
                &["SEC3"],
            ),
            criterion(
                "4",
                "ログ管理",
                "監査ログ",
                "データイベントを CloudTrail で記録すること",
                &["SEC4"],
            ),
        ],
        notes: vec![WgNote {
            note: "公開設定に注意".into(),
            ..WgNote::default()
        }],
        ..WgAssessment::default()
    };
    hashira_xlsx::wg::write_wg(&assessment, path, "2026-04-01T09:00:00+09:00").unwrap();
}

fn evaluate(dir: &Path, criterion: &str, decision: &str) -> Value {
    json(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            S3,
            criterion,
            "--decision",
            decision,
            "--measures",
            "自社で監視",
            "--residual-risk",
            "低",
            "--notes",
            "確認済み",
        ],
    )
}

fn setup(dir: &Path) {
    hashira(dir).args(["demo", "t.hashira"]).assert().success();
    let done = json(
        dir,
        &["wg", "import", "t.hashira", edition_1().to_str().unwrap()],
    );
    assert_eq!(done["result"], "ADDED");
}

fn by_no<'a>(plan: &'a Value, no: &str) -> &'a Value {
    plan["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["criterion_no"] == no)
        .unwrap_or_else(|| panic!("criterion {no} not in {plan}"))
}

#[test]
fn reimport_keeps_the_institution_evaluation_and_dry_run_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    assert_eq!(
        evaluate(dir, "1", "採用")["criterion"]["decision"],
        "ADOPTED"
    );
    assert_eq!(
        evaluate(dir, "2", "CONDITIONAL")["criterion"]["decision"],
        "CONDITIONAL"
    );
    assert_eq!(
        evaluate(dir, "3", "不採用")["criterion"]["decision"],
        "REJECTED"
    );
    let edition_2 = dir.join("s3-edition-2.xlsx");
    write_edition_2(&edition_2);
    let edition_2 = edition_2.to_str().unwrap();

    // Dry run: the per-criterion plan, and the workbook file is byte for byte unchanged.
    let before = std::fs::read(dir.join("t.hashira")).unwrap();
    let dry = json(dir, &["wg", "import", "t.hashira", edition_2, "--dry-run"]);
    let after = std::fs::read(dir.join("t.hashira")).unwrap();
    assert_eq!(sha(&before), sha(&after));
    assert_eq!(dry["dry_run"], true);
    let plan = &dry["merge"];
    assert_eq!(plan["existing"], true);
    assert_eq!(plan["match_rule"], "CRITERION_NO");
    assert_eq!(by_no(plan, "1")["evaluation"], "KEPT");
    assert_eq!(by_no(plan, "2")["kind"], "CHANGED");
    assert!(
        by_no(plan, "2")["changed_fields"]
            .as_array()
            .unwrap()
            .contains(&Value::from("criterion"))
    );
    assert_eq!(by_no(plan, "2")["evaluation"], "KEPT");
    assert_eq!(
        by_no(plan, "2")["stored_evaluation"]["decision"],
        "CONDITIONAL"
    );
    assert_eq!(by_no(plan, "4")["kind"], "ADDED");
    assert_eq!(by_no(plan, "4")["evaluation"], "NOT_EVALUATED");
    assert_eq!(by_no(plan, "3")["kind"], "REMOVED");
    assert_eq!(by_no(plan, "3")["evaluation"], "REMOVED");
    assert_eq!(
        by_no(plan, "3")["stored_evaluation"]["decision"],
        "REJECTED"
    );
    hashira(dir)
        .args(["wg", "import", "t.hashira", edition_2, "--dry-run"])
        .assert()
        .success()
        .stdout(
            predicates::str::contains("changed (").and(predicates::str::contains(
                "evaluation removed (不採用), recorded in the audit",
            )),
        );
    assert_eq!(
        sha(&std::fs::read(dir.join("t.hashira")).unwrap()),
        sha(&before)
    );

    // The import itself.
    let done = json(dir, &["wg", "import", "t.hashira", edition_2]);
    assert_eq!(done["result"], "REPLACED");
    let list = json(dir, &["wg", "list", "t.hashira"]);
    assert_eq!(list[0]["edition"], "第3版");
    assert_eq!(list[0]["criteria"], 3);
    assert_eq!(list[0]["decisions"]["ADOPTED"], 1);
    assert_eq!(list[0]["decisions"]["CONDITIONAL"], 1);
    assert_eq!(list[0]["decisions"]["REJECTED"], 0);
    assert_eq!(list[0]["decisions"]["NOT_EVALUATED"], 1);
    let links = json(dir, &["wg", "links", "t.hashira", "--question", "sec4"]);
    assert_eq!(links["criteria"][0]["criterion_no"], "4");
    assert_eq!(links["criteria"][0]["decision"], "NOT_EVALUATED");
    let two = json(dir, &["wg", "links", "t.hashira", "--question", "SEC3"]);
    assert_eq!(two["criteria"][0]["decision"], "CONDITIONAL");
    assert_eq!(
        two["criteria"][0]["criterion"],
        "最小権限でアクセスを許可し、定期的に見直すこと"
    );

    // The removed criterion's evaluation is in the audit entry.
    let log = json(dir, &["log", "t.hashira"]);
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["action"] == "wg.replace")
        .unwrap();
    let removed = &entry["old_value"]["removed_criteria"][0];
    assert_eq!(removed["criterion_no"], "3");
    assert_eq!(removed["evaluation"]["decision"], "REJECTED");
    assert_eq!(removed["evaluation"]["own_measures"], "自社で監視");
    assert_eq!(entry["new_value"]["merge"]["removed_evaluations"], 1);
    let verify = hashira(dir).args(["verify", "t.hashira"]).assert();
    verify.success();
}

#[test]
fn a_filled_in_export_brings_its_own_evaluation() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    evaluate(dir, "1", "採用");
    json(
        dir,
        &["wg", "export", "t.hashira", "--service", S3, "filled.xlsx"],
    );
    // Change the stored decision afterwards; the file's (filled) value wins on import.
    evaluate(dir, "1", "不採用");
    let done = json(dir, &["wg", "import", "t.hashira", "filled.xlsx"]);
    assert_eq!(by_no(&done["merge"], "1")["evaluation"], "FROM_FILE");
    assert_eq!(by_no(&done["merge"], "2")["evaluation"], "NOT_EVALUATED");
    let list = json(dir, &["wg", "list", "t.hashira"]);
    assert_eq!(list[0]["decisions"]["ADOPTED"], 1);
    let log = json(dir, &["log", "t.hashira"]);
    let entry = log.as_array().unwrap().last().unwrap();
    assert_eq!(
        entry["old_value"]["overwritten_evaluations"][0]["evaluation"]["decision"],
        "REJECTED"
    );
}

#[test]
fn evaluate_errors_name_the_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let bad = json_error(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            S3,
            "1",
            "--decision",
            "たぶん",
        ],
    );
    assert_eq!(bad["code"], "INVALID_WG");
    let message = bad["message"].as_str().unwrap();
    assert!(
        message.contains("--decision") && message.contains("たぶん"),
        "{message}"
    );
    let unknown = json_error(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            S3,
            "99",
            "--decision",
            "採用",
        ],
    );
    assert_eq!(unknown["code"], "INVALID_WG");
    let message = unknown["message"].as_str().unwrap();
    assert!(
        message.contains("'99'") && message.contains("1, 2, 3"),
        "{message}"
    );
    let service = json_error(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            "Amazon X",
            "1",
            "--decision",
            "採用",
        ],
    );
    assert_eq!(service["code"], "WG_NOT_FOUND");
    // By row, and text output.
    hashira(dir)
        .args([
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            S3,
            "#2",
            "--decision",
            "条件付き採用",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("#2 (2): 条件付き採用"));
}

#[test]
fn links_from_both_sides() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let all = json(dir, &["wg", "links", "t.hashira"]);
    let criteria = all["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 3);
    // One flat object per criterion: its fields beside `question_ids`.
    assert_eq!(criteria[0]["service"], S3);
    assert_eq!(criteria[0]["criterion_no"], "1");
    assert!(criteria[0].get("criterion").is_some_and(|c| c.is_string()));
    assert_eq!(
        criteria[0]["question_ids"],
        serde_json::json!(["SEC1", "SEC2"])
    );
    let questions = all["questions"].as_array().unwrap();
    let sec1 = questions
        .iter()
        .find(|q| q["question_id"] == "SEC1")
        .unwrap();
    assert_eq!(sec1["in_workbook"], true);
    assert_eq!(sec1["criteria"][0]["service"], S3);
    let one = json(dir, &["wg", "links", "t.hashira", "--question", "fiscsec8"]);
    assert_eq!(one["question_id"], "FISCSEC8");
    assert_eq!(one["criteria"][0]["criterion_no"], "3");
    let none = json(dir, &["wg", "links", "t.hashira", "--question", "SEC11"]);
    assert_eq!(none["criteria"], serde_json::json!([]));
    hashira(dir)
        .args(["wg", "links", "t.hashira"])
        .assert()
        .success()
        .stdout(
            predicates::str::contains("Questions → criteria:")
                .and(predicates::str::contains("SEC1")),
        );
}

fn sha(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn delete_removes_one_service_and_keeps_its_evaluations_in_the_audit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    evaluate(dir, "1", "採用");
    let before = std::fs::read(dir.join("t.hashira")).unwrap();

    // An unknown service: a clear error, and the file is untouched.
    let unknown = json_error(dir, &["wg", "delete", "t.hashira", "--service", "Amazon X"]);
    assert_eq!(unknown["code"], "WG_NOT_FOUND");
    assert!(unknown["message"].as_str().unwrap().contains("Amazon X"));
    assert_eq!(std::fs::read(dir.join("t.hashira")).unwrap(), before);

    let done = json(dir, &["wg", "delete", "t.hashira", "--service", S3]);
    assert_eq!(done["service"], S3);
    assert_eq!(done["decided"], 1);
    assert!(done["criteria"].as_u64().unwrap() >= 3);
    assert_eq!(
        json(dir, &["wg", "list", "t.hashira"]),
        serde_json::json!([])
    );

    let log = json(dir, &["log", "t.hashira"]);
    let entry = log.as_array().unwrap().last().unwrap();
    assert_eq!(entry["action"], "wg.delete");
    assert_eq!(entry["actor"], "テスト 花子");
    let kept = &entry["old_value"]["removed_evaluations"][0];
    assert_eq!(kept["criterion_no"], "1");
    assert_eq!(kept["evaluation"]["decision"], "ADOPTED");
    hashira(dir)
        .args(["verify", "t.hashira"])
        .assert()
        .success();

    // Text output names what was lost.
    setup_again_and_delete_in_text(dir);
}

fn setup_again_and_delete_in_text(dir: &Path) {
    json(
        dir,
        &["wg", "import", "t.hashira", edition_1().to_str().unwrap()],
    );
    hashira(dir)
        .args(["wg", "delete", "t.hashira", "--service", S3])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Removed the WG evaluation of Amazon Simple Storage Service (S3) (",
        ));
}
