//! `hashira wg import` of an edited export (a blank 判定 keeps the stored decision unless
//! `--clear-blank`), `wg show`, a file without a service name, duplicate criterion numbers and
//! `wg evaluate --row` / `--id`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{hashira, json, json_error};

use std::path::{Path, PathBuf};

use hashira_core::wg::{WgAssessment, WgCriterion, WgDecision};
use hashira_xlsx::wg::{WgImportOptions, read_wg, write_wg};

const S3: &str = "Amazon Simple Storage Service (S3)";

fn edition_1() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../hashira-xlsx/tests/fixtures/wg-japanese.xlsx")
}

fn stdout(dir: &Path, args: &[&str]) -> String {
    let output = hashira(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "hashira {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The plan's lines of criterion `no` (its headline and its column lines).
fn lines_of(text: &str, no: &str) -> String {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with(&format!("    {no} ")));
    let head = lines
        .next()
        .unwrap_or_else(|| panic!("no criterion {no} in:\n{text}"));
    let rest: Vec<&str> = lines.take_while(|l| l.starts_with("      ")).collect();
    format!("{head}\n{}", rest.join("\n"))
}

/// Demo workbook, the fixture imported, criterion 1 adopted with own measures, exported, and
/// the export re-written with criterion 1's 判定 blank (rust_xlsxwriter, as Excel would save it).
fn blank_decision(dir: &Path) -> String {
    hashira(dir).args(["demo", "t.hashira"]).assert().success();
    json(
        dir,
        &["wg", "import", "t.hashira", edition_1().to_str().unwrap()],
    );
    json(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            S3,
            "1",
            "--decision",
            "採用",
            "--measures",
            "自社で監視",
        ],
    );
    json(
        dir,
        &["wg", "export", "t.hashira", "--service", S3, "export.xlsx"],
    );
    let (mut edited, _) = read_wg(&dir.join("export.xlsx"), &WgImportOptions::default()).unwrap();
    assert_eq!(edited.criteria[0].decision, WgDecision::Adopted);
    edited.criteria[0].decision = WgDecision::NotEvaluated;
    write_wg(
        &edited,
        &dir.join("edited.xlsx"),
        "2026-04-02T09:00:00+09:00",
    )
    .unwrap();
    "edited.xlsx".into()
}

#[test]
fn a_blank_decision_is_kept_and_the_dry_run_shows_it_before_and_after() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let edited = blank_decision(dir);
    let dry = stdout(dir, &["wg", "import", "t.hashira", &edited, "--dry-run"]);
    let one = lines_of(&dry, "1");
    assert!(one.contains("採否: 採用 → (blank) kept"), "{one}");
    assert!(one.contains("自機関の対策: 「自社で監視」"), "{one}");
    assert!(!one.contains("unchanged"), "{one}");
    let plan = json(dir, &["wg", "import", "t.hashira", &edited, "--dry-run"]);
    let c = &plan["merge"]["criteria"][0];
    assert_eq!(c["status"], "BLANK_KEPT");
    assert_eq!(c["fields"][0]["field"], "decision");
    assert_eq!(c["fields"][0]["stored"], "ADOPTED");
    assert_eq!(c["fields"][0]["file"], serde_json::Value::Null);
    assert_eq!(c["fields"][0]["outcome"], "BLANK_KEPT");

    // A stale fingerprint is refused; the previewed one applies exactly the plan.
    let stale = json_error(
        dir,
        &["wg", "import", "t.hashira", &edited, "--expect-plan", "00"],
    );
    assert_eq!(stale["code"], "WG_PLAN_CHANGED");
    let sha = plan["plan_sha256"].as_str().unwrap();
    assert!(dry.contains(&format!("plan: {sha}")), "{dry}");
    let done = json(
        dir,
        &["wg", "import", "t.hashira", &edited, "--expect-plan", sha],
    );
    assert_eq!(done["merge"], plan["merge"]);
    let shown = json(dir, &["wg", "show", "t.hashira", "--service", S3]);
    assert_eq!(shown["criteria"][0]["decision"], "ADOPTED");
    assert_eq!(shown["criteria"][0]["own_measures"], "自社で監視");

    // --clear-blank: the dry run says the decision is cleared, and it is.
    let dry = stdout(
        dir,
        &[
            "wg",
            "import",
            "t.hashira",
            &edited,
            "--dry-run",
            "--clear-blank",
        ],
    );
    let one = lines_of(&dry, "1");
    assert!(one.contains("decision cleared"), "{one}");
    assert!(one.contains("採否: 採用 → (blank) cleared"), "{one}");
    let done = json(
        dir,
        &["wg", "import", "t.hashira", &edited, "--clear-blank"],
    );
    assert_eq!(done["merge"]["criteria"][0]["status"], "DECISION_CLEARED");
    let shown = json(dir, &["wg", "show", "t.hashira", "--service", S3]);
    assert_eq!(shown["criteria"][0]["decision"], "NOT_EVALUATED");
    assert_eq!(shown["criteria"][0]["own_measures"], "自社で監視");
    let log = json(dir, &["log", "t.hashira"]);
    let entry = log.as_array().unwrap().last().unwrap();
    assert_eq!(entry["new_value"]["merge"]["clear_blank"], true);
    assert_eq!(
        entry["new_value"]["merge"]["evaluation_changes"][0]["fields"][0]["result"],
        "NOT_EVALUATED"
    );
    hashira(dir)
        .args(["verify", "t.hashira"])
        .assert()
        .success();
}

#[test]
fn show_prints_the_three_tables_with_the_institution_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    blank_decision(dir);
    let shown = json(dir, &["wg", "show", "t.hashira", "--service", S3]);
    assert_eq!(shown["service"], S3);
    assert_eq!(shown["edition"], "第2.1版");
    assert_eq!(shown["scenarios"].as_array().unwrap().len(), 2);
    assert_eq!(shown["notes"].as_array().unwrap().len(), 2);
    let criteria = shown["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 3);
    let keys: Vec<&str> = criteria[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "id",
        "row",
        "criterion_no",
        "perspective",
        "category",
        "criterion",
        "question_ids",
        "decision",
        "own_measures",
        "residual_risk",
        "reviewer_notes",
    ] {
        assert!(keys.contains(&key), "{key} missing: {keys:?}");
    }
    assert_eq!(criteria[1]["row"], 2);
    assert!(criteria[0]["id"].as_i64().unwrap() > 0);
    let text = stdout(dir, &["wg", "show", "t.hashira", "--service", S3]);
    for part in [
        "利用シナリオと接続経路 (2)",
        "セキュリティクライテリア (3)",
        "サービス利用時の留意事項 (2)",
        "採否: 採用",
        "自機関の対策: 自社で監視",
        &format!("#1 id {}  項番 1", criteria[0]["id"]),
    ] {
        assert!(text.contains(part), "{part} not in:\n{text}");
    }
    let missing = json_error(dir, &["wg", "show", "t.hashira", "--service", "Amazon EC2"]);
    assert_eq!(missing["code"], "WG_NOT_FOUND");
}

/// Two criteria numbered 2 (rows 3 and 5 of the sheet), no service name on a cover.
fn write_duplicates(path: &Path) {
    let criterion = |no: &str, text: &str| WgCriterion {
        criterion_no: no.into(),
        perspective: "アクセス管理".into(),
        criterion: text.into(),
        ..WgCriterion::default()
    };
    let a = WgAssessment {
        service: "placeholder".into(),
        criteria: vec![
            criterion("1", "多要素認証"),
            criterion("2", "最小権限"),
            criterion("3", "暗号化"),
            criterion("2", "ログ"),
        ],
        ..WgAssessment::default()
    };
    write_wg(&a, path, "2026-04-01T09:00:00+09:00").unwrap();
}

#[test]
fn duplicate_numbers_are_warned_and_each_row_is_addressable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir).args(["demo", "t.hashira"]).assert().success();
    write_duplicates(&dir.join("dup.xlsx"));
    let dry = stdout(dir, &["wg", "import", "t.hashira", "dup.xlsx", "--dry-run"]);
    assert!(dry.contains("duplicate criterion number '2'"), "{dry}");
    assert!(dry.contains("--row 2 / --row 4"), "{dry}");
    let report = json(dir, &["wg", "import", "t.hashira", "dup.xlsx"]);
    assert_eq!(report["duplicate_numbers"][0]["positions"][1], 3);
    let service = report["service"].as_str().unwrap().to_string();
    let ambiguous = json_error(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            &service,
            "2",
            "--decision",
            "採用",
        ],
    );
    assert!(
        ambiguous["message"].as_str().unwrap().contains("#4 (id "),
        "{ambiguous}"
    );
    let by_row = json(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            &service,
            "--row",
            "4",
            "--decision",
            "採用",
        ],
    );
    assert_eq!(by_row["position"], 3);
    assert_eq!(by_row["criterion"]["criterion"], "ログ");
    let shown = json(dir, &["wg", "show", "t.hashira", "--service", &service]);
    let id = shown["criteria"][1]["id"].as_i64().unwrap().to_string();
    let by_id = json(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            &service,
            "--id",
            &id,
            "--decision",
            "不採用",
        ],
    );
    assert_eq!(by_id["criterion"]["criterion"], "最小権限");
    let unknown = json_error(
        dir,
        &[
            "wg",
            "evaluate",
            "t.hashira",
            "--service",
            &service,
            "--id",
            "99999",
            "--decision",
            "不採用",
        ],
    );
    assert_eq!(unknown["code"], "INVALID_WG");
}

#[test]
fn a_file_without_a_service_name_is_refused_and_accepted_with_service() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir).args(["demo", "t.hashira"]).assert().success();
    // The template has a cover whose サービス名 is blank.
    hashira(dir)
        .args(["wg", "template", "amazon-rds.xlsx"])
        .assert()
        .success();
    let refused = json_error(dir, &["wg", "import", "t.hashira", "amazon-rds.xlsx"]);
    assert_eq!(refused["code"], "WG_SERVICE_MISSING");
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.contains("amazon-rds.xlsx") && message.contains("--service"),
        "{message}"
    );
    let list = json(dir, &["wg", "list", "t.hashira"]);
    assert!(list.as_array().unwrap().is_empty());
    let done = json(
        dir,
        &[
            "wg",
            "import",
            "t.hashira",
            "amazon-rds.xlsx",
            "--service",
            "Amazon RDS",
        ],
    );
    assert_eq!(done["service"], "Amazon RDS");
}
