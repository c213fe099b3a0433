//! `hashira wa-tool export` and `import` through the real binary: the export checked request by
//! request against botocore's own wellarchitected model (tests/wa-tool/validate.py), a round
//! trip through get-answer-shaped files into a fresh workbook, and bad imports refused by file
//! and JSON path with the workbook unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "wa_tool/bad_imports.rs"]
mod bad_imports;
mod common;
#[path = "wa_tool/encodings.rs"]
mod encodings;
#[path = "wa_tool/plan.rs"]
mod plan;
#[path = "wa_tool/push.rs"]
mod push;
#[path = "wa_tool/sets.rs"]
mod sets;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{hashira, json, json_error};
use serde_json::{Value, json};

const LONG: usize = 3000;

/// A demo workbook with fisc-sec answers the WA Tool needs every field for: a question marked
/// not applicable with a text, a choice marked not applicable (text over 250 characters),
/// "None of these", and (when `long_notes`) texts over the WA Tool's limits: a choice's N/A
/// text of 300 characters, notes of 3000.
fn workbook(dir: &Path, long_notes: bool) -> PathBuf {
    hashira(dir).args(["demo", "w.hashira"]).assert().success();
    let answer = |args: &[&str]| {
        hashira(dir)
            .args(["answer", "w.hashira"])
            .args(args)
            .assert()
            .success();
    };
    let choice_text = if long_notes {
        "対".repeat(300)
    } else {
        "対象外".to_string()
    };
    let choice_na = format!("FISCSEC1-BP02:OUT_OF_SCOPE:{choice_text}");
    answer(&[
        "FISCSEC1",
        "--choose",
        "FISCSEC1-BP01",
        "--choice-na",
        &choice_na,
        "--notes",
        "MFA は全員に必須。",
    ]);
    answer(&["FISCSEC2", "--none", "--notes", "未対応"]);
    answer(&[
        "FISCSEC3",
        "--na",
        "BUSINESS_PRIORITIES",
        "--na-text",
        "本番前のため対象外",
    ]);
    answer(&["FISCSEC7", "--notes", "確認中"]);
    if long_notes {
        answer(&[
            "FISCSEC4",
            "--choose",
            "FISCSEC4-BP01",
            "--notes",
            &"長".repeat(LONG),
        ]);
    }
    dir.join("w.hashira")
}

fn export(dir: &Path, out: &str) -> Value {
    json(
        dir,
        &["wa-tool", "export", "w.hashira", "--set", "fisc-sec", out],
    )
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The Python with botocore: `HASHIRA_BOTOCORE_PYTHON` (scripts/test sets it to its venv),
/// else `python3`.
fn python() -> String {
    std::env::var("HASHIRA_BOTOCORE_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

fn botocore_available() -> bool {
    Command::new(python())
        .args(["-c", "import botocore"])
        .status()
        .is_ok_and(|s| s.success())
}

fn validator() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wa-tool/validate.py")
}

/// Runs validate.py on `out`; returns its output and whether it passed, or `None` when
/// python3/botocore is missing outside CI. Under CI a missing botocore fails the test.
fn validate(out: &Path) -> Option<(bool, String)> {
    if !botocore_available() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but python3 with botocore is missing: scripts/test installs it"
        );
        eprintln!("skipped: python3 with botocore is not installed");
        return None;
    }
    let output = Command::new(python())
        .arg(validator())
        .arg(out)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((output.status.success(), text))
}

#[test]
fn an_export_is_every_request_the_wa_tool_takes_checked_against_botocores_model() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, true);
    let result = export(dir, "out");
    let out = dir.join("out");
    for file in ["lens.json", "create-workload.json", "push.sh", "README.txt"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // The lens is the one `hashira lens check` accepts.
    json(dir, &["lens", "check", "out/lens.json"]);

    let sec1 = read_json(&out.join("answers/FISCSEC1.json"));
    assert_eq!(sec1["WorkloadId"], "WORKLOAD_ID");
    assert_eq!(sec1["LensAlias"], "LENS_ALIAS");
    assert_eq!(sec1["QuestionId"], "FISCSEC1");
    assert_eq!(sec1["SelectedChoices"], json!(["FISCSEC1_BP01"]));
    let update = &sec1["ChoiceUpdates"]["FISCSEC1_BP02"];
    assert_eq!(update["Status"], "NOT_APPLICABLE");
    assert_eq!(update["Reason"], "OUT_OF_SCOPE");
    let choice_notes = update["Notes"].as_str().unwrap();
    assert_eq!(choice_notes.chars().count(), 250);
    assert!(choice_notes.ends_with("…[truncated: full notes in the Hashira workbook]"));

    let sec2 = read_json(&out.join("answers/FISCSEC2.json"));
    assert_eq!(sec2["SelectedChoices"], json!(["FISCSEC2_no"]));
    let sec3 = read_json(&out.join("answers/FISCSEC3.json"));
    assert_eq!(sec3["IsApplicable"], false);
    assert_eq!(sec3["Reason"], "BUSINESS_PRIORITIES");
    let sec4 = read_json(&out.join("answers/FISCSEC4.json"));
    let notes = sec4["Notes"].as_str().unwrap();
    assert_eq!(notes.chars().count(), 2084);
    assert!(notes.ends_with("…[truncated: full notes in the Hashira workbook]"));
    // Unanswered questions get no request; one with only notes does (its notes go along).
    assert!(!out.join("answers/FISCSEC6.json").exists());
    let sec7 = read_json(&out.join("answers/FISCSEC7.json"));
    assert_eq!(sec7["SelectedChoices"], json!([]));
    assert_eq!(sec7["Notes"], "確認中");

    let warnings = result["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["question_id"] == "FISCSEC4"
            && w["field"] == "Notes"
            && w["length"] == LONG),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w["question_id"] == "FISCSEC1" && w["length"] == 300),
        "{warnings:?}"
    );

    // Without --json the warnings are printed too, by question with the original length.
    let text = hashira(dir)
        .args([
            "wa-tool",
            "export",
            "w.hashira",
            "--set",
            "fisc-sec",
            "out-text",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("warning: FISCSEC4: Notes has 3000 characters, over the WA Tool's 2084"),
        "{text}"
    );
    // An existing, non-empty folder is refused: nothing is overwritten.
    let error = json_error(
        dir,
        &["wa-tool", "export", "w.hashira", "--set", "fisc-sec", "out"],
    );
    assert_eq!(error["code"], "IO", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("not empty"),
        "{error}"
    );

    let workload = read_json(&out.join("create-workload.json"));
    assert_eq!(workload["Lenses"], json!(["LENS_ALIAS"]));
    assert_eq!(workload["Environment"], "PRODUCTION");
    assert_eq!(
        workload["AccountIds"],
        json!(["111122223333", "444455556666"])
    );
    let push = std::fs::read_to_string(out.join("push.sh")).unwrap();
    assert!(push.contains("set -euo pipefail"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("push.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
    }
    // Exactly the files the export lists: nothing left under a temporary name.
    let mut written: Vec<String> = Vec::new();
    for folder in [out.clone(), out.join("answers")] {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let relative = path.strip_prefix(&out).unwrap();
                written.push(relative.to_str().unwrap().to_string());
            }
        }
    }
    written.sort();
    let mut listed: Vec<String> = result["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    listed.sort();
    assert_eq!(written, listed);
    assert!(
        Command::new("bash")
            .args(["-n"])
            .arg(out.join("push.sh"))
            .status()
            .unwrap()
            .success()
    );

    if let Some((passed, text)) = validate(&out) {
        assert!(passed, "{text}");
        assert!(text.contains("0 problem(s)"), "{text}");
        // The checker is not a rubber stamp: notes over the limit and a made-up status fail.
        let mut bad = sec1.clone();
        bad["Notes"] = json!("x".repeat(2085));
        bad["ChoiceUpdates"]["FISCSEC1_BP02"]["Status"] = json!("NA");
        std::fs::write(
            out.join("answers/FISCSEC1.json"),
            serde_json::to_vec(&bad).unwrap(),
        )
        .unwrap();
        let (passed, text) = validate(&out).unwrap();
        assert!(!passed, "{text}");
        assert!(text.contains("Notes: length 2085"), "{text}");
        assert!(text.contains("Status 'NA'"), "{text}");
    }
}

/// `answers/*.json` as `aws wellarchitected get-answer` would return them after push.sh ran.
fn as_get_answer_output(out: &Path, into: &Path) {
    std::fs::create_dir_all(into).unwrap();
    for entry in std::fs::read_dir(out.join("answers")).unwrap() {
        let path = entry.unwrap().path();
        let request = read_json(&path);
        let choice_answers: Vec<Value> = request["ChoiceUpdates"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(id, u)| {
                        json!({ "ChoiceId": id, "Status": u["Status"], "Reason": u["Reason"], "Notes": u["Notes"] })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut answer = json!({
            "QuestionId": request["QuestionId"],
            "PillarId": "FISC_SEC",
            "QuestionTitle": "…",
            "SelectedChoices": request["SelectedChoices"],
            "ChoiceAnswers": choice_answers,
            "IsApplicable": request["IsApplicable"],
            "Risk": "MEDIUM",
            "Notes": request["Notes"],
        });
        if let Some(reason) = request.get("Reason") {
            answer["Reason"] = reason.clone();
        }
        let output = json!({ "WorkloadId": "0123456789abcdef0123456789abcdef", "LensAlias": "arn", "Answer": answer });
        std::fs::write(
            into.join(path.file_name().unwrap()),
            serde_json::to_vec_pretty(&output).unwrap(),
        )
        .unwrap();
    }
}

/// What a set's questions show: choices (selected, N/A), risk, N/A and notes.
fn answers_of(dir: &Path, file: &str) -> Vec<Value> {
    let questions = json(dir, &["questions", file]);
    questions
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["set_id"] == "fisc-sec")
        .map(|q| {
            let choices: Vec<Value> = q["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    json!([
                        c["id"],
                        c["status"],
                        c["not_applicable_reason"],
                        c["not_applicable_text"]
                    ])
                })
                .collect();
            json!([
                q["question_id"],
                choices,
                q["risk"],
                q["not_applicable"],
                q["notes"]
            ])
        })
        .collect()
}

#[test]
fn an_export_read_back_as_get_answer_output_gives_a_fresh_workbook_the_same_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, false);
    export(dir, "out");
    as_get_answer_output(&dir.join("out"), &dir.join("back"));
    hashira(dir)
        .args([
            "new",
            "fresh.hashira",
            "--name",
            "戻り",
            "--set",
            "fisc-sec",
        ])
        .assert()
        .success();
    let before = std::fs::read(dir.join("fresh.hashira")).unwrap();
    let dry = json(
        dir,
        &[
            "wa-tool",
            "import",
            "fresh.hashira",
            "--set",
            "fisc-sec",
            "back",
            "--dry-run",
        ],
    );
    assert_eq!(dry["applied"], false);
    let changed: Vec<&str> = dry["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["question_id"].as_str().unwrap())
        .collect();
    // In file name order; FISCSEC5 and FISCSEC10 are the demo's own answers.
    assert_eq!(
        changed,
        [
            "FISCSEC1",
            "FISCSEC10",
            "FISCSEC2",
            "FISCSEC3",
            "FISCSEC5",
            "FISCSEC7"
        ]
    );
    assert_eq!(std::fs::read(dir.join("fresh.hashira")).unwrap(), before);

    let applied = json(
        dir,
        &[
            "wa-tool",
            "import",
            "fresh.hashira",
            "--set",
            "fisc-sec",
            "back",
        ],
    );
    assert_eq!(applied["applied"], true);
    assert_eq!(
        answers_of(dir, "fresh.hashira"),
        answers_of(dir, "w.hashira")
    );
    // One audit entry for the import, with the files' hashes, then one per answer it changed.
    let log = json(dir, &["log", "fresh.hashira"]);
    let text = log.to_string();
    let imports: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "answers.import_wa_tool")
        .collect();
    assert_eq!(imports.len(), 1, "{text}");
    assert!(imports[0].to_string().contains("sha256"), "{text}");
    let updates = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "answer.update")
        .count();
    assert_eq!(updates, changed.len(), "{text}");

    // Again: nothing changes.
    let again = json(
        dir,
        &[
            "wa-tool",
            "import",
            "fresh.hashira",
            "--set",
            "fisc-sec",
            "back",
        ],
    );
    assert_eq!(again["changes"], json!([]));
}

#[test]
fn notes_cut_for_the_wa_tool_coming_back_keep_the_workbooks_full_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, true);
    export(dir, "out");
    as_get_answer_output(&dir.join("out"), &dir.join("back"));
    let dry = json(
        dir,
        &[
            "wa-tool",
            "import",
            "w.hashira",
            "--set",
            "fisc-sec",
            "back",
            "--dry-run",
        ],
    );
    // FISCSEC4's notes (3000) and FISCSEC1's choice N/A text (300) came back cut: the
    // workbook's full texts stay, so nothing changes.
    assert_eq!(dry["changes"], json!([]), "{dry}");
}

#[test]
fn list_answers_output_with_lens_or_hashira_ids_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, false);
    let file = dir.join("list.json");
    std::fs::write(
        &file,
        json!({ "AnswerSummaries": [
            { "QuestionId": "FISCSEC5", "SelectedChoices": ["FISCSEC5_BP01", "FISCSEC5-BP02"],
              "ChoiceAnswerSummaries": [], "IsApplicable": true },
            { "QuestionId": "FISCSEC6", "SelectedChoices": [], "ChoiceAnswerSummaries": [],
              "IsApplicable": false, "Reason": "NONE" },
            // As stored: list-answers has no notes, and the choice's N/A text is kept.
            { "QuestionId": "FISCSEC1", "SelectedChoices": ["FISCSEC1_BP01"],
              "ChoiceAnswerSummaries": [
                { "ChoiceId": "FISCSEC1_BP01", "Status": "SELECTED" },
                { "ChoiceId": "FISCSEC1_BP02", "Status": "NOT_APPLICABLE", "Reason": "OUT_OF_SCOPE" }
              ], "IsApplicable": true }
        ]})
        .to_string(),
    )
    .unwrap();
    let result = json(
        dir,
        &[
            "wa-tool",
            "import",
            "w.hashira",
            "--set",
            "fisc-sec",
            "list.json",
        ],
    );
    assert_eq!(result["applied"], true);
    let changes = result["changes"].as_array().unwrap();
    assert_eq!(
        changes[0]["after"]["selected_choices"],
        json!(["FISCSEC5-BP01", "FISCSEC5-BP02"])
    );
    assert_eq!(changes[1]["after"]["not_applicable"]["reason"], "OTHER");
    assert_eq!(changes.len(), 2, "{result}");
}
