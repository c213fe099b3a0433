//! `hashira lens check` and `hashira lens export` through the real binary: exit codes 0/1/3,
//! every committed bad-input lens reported at its JSON path, every shipped set exported to a
//! lens that passes the check without warnings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{hashira, json, json_error};
use serde_json::Value;

fn bad_inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs/lenses")
}

/// Each committed bad-input lens (tests/bad-inputs/lenses/make_bad_lenses.py) and the path of
/// the problem it must be reported with.
const EXPECTED: &[(&str, &str, &str)] = &[
    (
        "schema-version.json",
        "schemaVersion",
        "is not the lens schema version",
    ),
    ("name-too-long.json", "name", "over the limit of 128"),
    ("no-pillars.json", "pillars", "has 0 pillars"),
    ("eleven-pillars.json", "pillars", "has 11 pillars"),
    ("pillars-not-an-array.json", "pillars", "expected an array"),
    ("invalid-id.json", "pillars[0].id", "is not a valid id"),
    ("duplicate-pillar-id.json", "pillars[1].id", "is used twice"),
    (
        "duplicate-question-id.json",
        "pillars[1].questions[0].id",
        "is already used at",
    ),
    (
        "duplicate-choice-id.json",
        "pillars[0].questions[0].choices[1].id",
        "is used twice in this question",
    ),
    (
        "twenty-one-questions.json",
        "pillars[0].questions",
        "has 21 questions",
    ),
    (
        "sixteen-choices.json",
        "pillars[0].questions[0].choices",
        "has 16 choices",
    ),
    (
        "title-too-long.json",
        "pillars[0].questions[0].title",
        "over the limit of 128",
    ),
    (
        "description-too-long.json",
        "pillars[0].questions[0].description",
        "over the limit of 2048",
    ),
    (
        "url-not-http.json",
        "pillars[0].questions[0].choices[0].helpfulResource.url",
        "must start with http:// or https://",
    ),
    (
        "missing-improvement-plan.json",
        "pillars[0].questions[0].choices[1].improvementPlan",
        "is required",
    ),
    (
        "six-additional-resources.json",
        "pillars[0].questions[0].choices[0].additionalResources[0].content",
        "has 6 items",
    ),
    (
        "four-risk-rules.json",
        "pillars[0].questions[0].riskRules",
        "has 4 risk rules",
    ),
    (
        "duplicate-risk.json",
        "pillars[0].questions[0].riskRules[1].risk",
        "is already given by riskRules[0]",
    ),
    (
        "unknown-risk.json",
        "pillars[0].questions[0].riskRules[1].risk",
        "is not HIGH_RISK, MEDIUM_RISK or NO_RISK",
    ),
    (
        "no-default-rule.json",
        "pillars[0].questions[0].riskRules",
        "has 0 \"default\" rules",
    ),
    (
        "unknown-choice-in-condition.json",
        "pillars[0].questions[0].riskRules[0].condition",
        "unknown choice id \"choise3\"",
    ),
    (
        "condition-does-not-parse.json",
        "pillars[0].questions[0].riskRules[0].condition",
        "must be written '&&'",
    ),
    (
        "condition-nested-10000-deep.json",
        "pillars[0].questions[0].riskRules[0].condition",
        "nesting deeper than 64",
    ),
    (
        "over-500000-bytes.json",
        "$",
        "over the WA Tool's limit of 500000",
    ),
    ("nan.json", "$", "not valid JSON at line 3 column 10"),
    ("not-utf8.json", "$", "not valid JSON at line 1 column"),
    (
        "json-nested-10000-deep.json",
        "$",
        "recursion limit exceeded",
    ),
    (
        "condition-huge.json",
        "pillars[0].questions[0].riskRules[0].condition",
        "more than 4096 choice references",
    ),
    (
        "two-default-rules.json",
        "pillars[0].questions[0].riskRules",
        "has 2 \"default\" rules; exactly one is required",
    ),
    (
        "lens-description-too-long.json",
        "description",
        "over the limit of 2048",
    ),
    ("utf8-bom.json", "$", "starts with a UTF-8 byte order mark"),
    ("utf16.json", "$", "the file is UTF-16"),
];

/// `hashira lens check FILE --json`: its exit code and report.
fn check(dir: &Path, file: &Path) -> (Option<i32>, Value) {
    let output = hashira(dir)
        .args(["lens", "check"])
        .arg(file)
        .arg("--json")
        .output()
        .unwrap();
    (
        output.status.code(),
        serde_json::from_slice(&output.stdout).unwrap(),
    )
}

#[test]
fn every_bad_input_lens_is_reported_at_its_path_with_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<String> = std::fs::read_dir(bad_inputs())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|(f, _, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "every committed bad input has an expectation"
    );
    for (file, path, message) in EXPECTED {
        let (code, report) = check(dir.path(), &bad_inputs().join(file));
        assert_eq!(code, Some(3), "{file}: {report}");
        assert_eq!(report["valid"], false);
        let problems = report["problems"].as_array().unwrap();
        assert!(
            problems.iter().any(|p| p["path"] == *path
                && p["severity"] == "error"
                && p["message"].as_str().unwrap().contains(message)),
            "{file}: expected {path}: {message}, got {problems:#?}"
        );
    }
}

#[test]
fn text_output_lists_each_problem_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let output = hashira(dir.path())
        .args(["lens", "check"])
        .arg(bad_inputs().join("unknown-choice-in-condition.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(
            "error: pillars[0].questions[0].riskRules[0].condition: unknown choice id \"choise3\""
        ),
        "{text}"
    );
    assert!(text.contains("invalid (1 errors, 0 warnings)"), "{text}");
}

#[test]
fn a_missing_file_or_a_huge_one() {
    let dir = tempfile::tempdir().unwrap();
    let error = json_error(dir.path(), &["lens", "check", "missing.json"]);
    assert_eq!(error["code"], "IO");
    let huge = dir.path().join("huge.json");
    std::fs::write(&huge, vec![b' '; 5 * 1024 * 1024 + 1]).unwrap();
    let (code, report) = check(dir.path(), &huge);
    assert_eq!(code, Some(3));
    let message = report["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("refused without being read"), "{message}");
}

#[test]
fn the_s3_lens_passes() {
    let dir = tempfile::tempdir().unwrap();
    let s3 = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-core/tests/fixtures/lenses/amazon-s3-lens.json");
    let (code, report) = check(dir.path(), &s3);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 0);
}

#[test]
fn every_shipped_set_exports_to_a_lens_that_passes_the_check_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("all.hashira");
    let mut new = hashira(dir.path());
    new.args(["new"]).arg(&workbook).args(["--name", "lens"]);
    for set in ["sec", "fisc-sec", "fisc-ops", "fisc-rel"] {
        new.args(["--set", set]);
    }
    new.assert().success();
    for set in ["sec", "fisc-sec", "fisc-ops", "fisc-rel"] {
        for lang in ["ja", "en"] {
            let out = dir.path().join(format!("{set}-{lang}.json"));
            let result = json(
                dir.path(),
                &[
                    "lens",
                    "export",
                    workbook.to_str().unwrap(),
                    "--set",
                    set,
                    out.to_str().unwrap(),
                    "--lang",
                    lang,
                ],
            );
            assert_eq!(result["set_id"], set);
            let (code, report) = check(dir.path(), &out);
            assert_eq!(code, Some(0), "{set} {lang}: {report}");
            assert_eq!(report["warnings"], 0, "{set} {lang}: {report}");
        }
    }
    let lens: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("fisc-sec-ja.json")).unwrap())
            .unwrap();
    let first = &lens["pillars"][0]["questions"][0];
    assert_eq!(first["id"], "FISCSEC1");
    assert_eq!(first["choices"][0]["id"], "FISCSEC1_BP01");
    assert!(first["riskRules"].as_array().unwrap().len() <= 3);
    // An existing file is never overwritten; an unknown set is named.
    let out = dir.path().join("sec-ja.json");
    let before = std::fs::read(&out).unwrap();
    let error = json_error(
        dir.path(),
        &[
            "lens",
            "export",
            workbook.to_str().unwrap(),
            "--set",
            "sec",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(error["code"], "IO");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let error = json_error(
        dir.path(),
        &[
            "lens",
            "export",
            workbook.to_str().unwrap(),
            "--set",
            "nope",
            "x.json",
        ],
    );
    assert_eq!(error["code"], "QUESTION_SET_NOT_FOUND");
    assert!(!dir.path().join("x.json").exists());
}

/// The FISC sets are in Japanese only: an English export writes their Japanese texts and says
/// how many, by question, instead of passing silently; a Japanese export says nothing.
#[test]
fn an_english_export_of_a_japanese_set_says_which_texts_stayed_japanese() {
    let dir = tempfile::tempdir().unwrap();
    hashira(dir.path())
        .args(["new", "w.hashira", "--name", "lens", "--set", "fisc-sec"])
        .assert()
        .success();
    let export = |out: &str, lang: &str| {
        json(
            dir.path(),
            &[
                "lens",
                "export",
                "w.hashira",
                "--set",
                "fisc-sec",
                out,
                "--lang",
                lang,
            ],
        )
    };
    let english = export("en.json", "en");
    assert_eq!(english["lang"], "en");
    let fallbacks = english["language_fallbacks"].as_array().unwrap();
    let questions: Vec<&str> = fallbacks
        .iter()
        .map(|f| f["question_id"].as_str().unwrap())
        .filter(|q| !q.is_empty())
        .collect();
    assert_eq!(questions.len(), 10, "{english}");
    assert_eq!(questions[0], "FISCSEC1");
    assert!(fallbacks.iter().all(|f| f["texts"].as_u64().unwrap() > 0));
    let japanese = export("ja.json", "ja");
    assert_eq!(japanese["language_fallbacks"], serde_json::json!([]));

    let output = hashira(dir.path())
        .args([
            "lens",
            "export",
            "w.hashira",
            "--set",
            "fisc-sec",
            "en2.json",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let total: u64 = fallbacks.iter().map(|f| f["texts"].as_u64().unwrap()).sum();
    assert!(
        text.contains(&format!(
            "warning: {total} texts have no English version: the Japanese text is written (10 questions: FISCSEC1, FISCSEC2,"
        )),
        "{text}"
    );
}

/// Where the WA Tool's API is stricter than the lens format (a question description over 1024
/// characters, a pillar or choice id over 64), `lens check` warns and still passes (exit 0).
#[test]
fn warnings_alone_pass_with_exit_0_and_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let s3 = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-core/tests/fixtures/lenses/amazon-s3-lens.json");
    let mut lens: Value = serde_json::from_slice(&std::fs::read(s3).unwrap()).unwrap();
    let long_id = "p".repeat(65);
    lens["pillars"][0]["id"] = Value::from(long_id.clone());
    lens["pillars"][0]["questions"][0]["description"] = Value::from("d".repeat(1025));
    let choice = &mut lens["pillars"][0]["questions"][0]["choices"][0];
    let old_id = choice["id"].as_str().unwrap().to_string();
    let new_id = "c".repeat(65);
    choice["id"] = Value::from(new_id.clone());
    // The rules name the choice by its new id.
    for rule in lens["pillars"][0]["questions"][0]["riskRules"]
        .as_array_mut()
        .unwrap()
    {
        let condition = rule["condition"].as_str().unwrap().to_string();
        let renamed: Vec<String> = condition
            .split(' ')
            .map(|word| {
                let bare = word.trim_start_matches(['(', '!']).trim_end_matches(')');
                if bare == old_id {
                    word.replace(&old_id, &new_id)
                } else {
                    word.to_string()
                }
            })
            .collect();
        rule["condition"] = Value::from(renamed.join(" "));
    }
    let file = dir.path().join("strict.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&lens).unwrap()).unwrap();
    let (code, report) = check(dir.path(), &file);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["valid"], true);
    assert_eq!(report["errors"], 0, "{report}");
    let paths: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|p| assert_eq!(p["severity"], "warning", "{p}"))
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "pillars[0].id",
            "pillars[0].questions[0].description",
            "pillars[0].questions[0].choices[0].id"
        ],
        "{report}"
    );
    let output = hashira(dir.path())
        .args(["lens", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("warning: pillars[0].questions[0].description: is 1025 characters long; the WA Tool API takes at most 1024"),
        "{text}"
    );
    assert!(text.contains("valid (0 errors, 3 warnings)"), "{text}");
}
