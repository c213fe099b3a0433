//! The export of sets other than the demo's Japanese one: an English export of a Japanese set
//! says which texts stayed Japanese; an imported custom lens goes back to the WA Tool as itself.

use std::path::Path;

use serde_json::{Value, json};

use super::common::{hashira, json};
use super::{export, read_json, validate, workbook};

#[test]
fn an_english_export_lists_the_texts_written_in_japanese_by_question() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, false);
    let result = json(
        dir,
        &[
            "wa-tool",
            "export",
            "w.hashira",
            "--set",
            "fisc-sec",
            "out",
            "--lang",
            "en",
        ],
    );
    let warnings = result["warnings"].as_array().unwrap();
    let language: Vec<&Value> = warnings
        .iter()
        .filter(|w| w["field"] == "Language")
        .collect();
    assert!(
        language
            .iter()
            .any(|w| w["question_id"] == "FISCSEC1" && w["length"].as_u64().unwrap() > 0),
        "{warnings:#?}"
    );
    assert!(
        language[0]["message"]
            .as_str()
            .unwrap()
            .contains("no English version: the Japanese text is written"),
        "{warnings:#?}"
    );
    assert_eq!(
        result["language_fallbacks"].as_array().unwrap().len(),
        language.len()
    );
    // In Japanese nothing falls back.
    let japanese = export(dir, "out-ja");
    assert!(
        !japanese["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["field"] == "Language"),
        "{japanese}"
    );
}

/// A custom lens imported into a workbook goes to the WA Tool as itself: `lens.json` is the
/// lens as it came (the same JSON), the answers name its own ids, and every request passes
/// botocore's model.
#[test]
fn an_imported_lens_goes_back_to_the_wa_tool_as_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let s3 = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-core/tests/fixtures/lenses/amazon-s3-lens.json");
    hashira(dir)
        .args(["new", "s3.hashira", "--name", "S3", "--lens"])
        .arg(&s3)
        .assert()
        .success();
    let set = "amazon-s3-well-architected-lens";
    hashira(dir)
        .args(["answer", "s3.hashira", "OPS_1", "--choose", "OPS_1_1"])
        .args([
            "--choice-na",
            "OPS_1_3:OUT_OF_SCOPE:使っていない",
            "--notes",
            "メモ",
        ])
        .assert()
        .success();
    hashira(dir)
        .args(["answer", "s3.hashira", "OPS_2", "--none"])
        .assert()
        .success();
    let result = json(
        dir,
        &[
            "wa-tool",
            "export",
            "s3.hashira",
            "--set",
            set,
            "out",
            "--lang",
            "en",
        ],
    );
    assert_eq!(result["answers"], 2, "{result}");
    assert_eq!(result["language_fallbacks"], json!([]), "{result}");
    let out = dir.join("out");
    assert_eq!(read_json(&out.join("lens.json")), read_json(&s3));
    let ops1 = read_json(&out.join("answers/OPS_1.json"));
    assert_eq!(ops1["SelectedChoices"], json!(["OPS_1_1"]));
    assert_eq!(ops1["ChoiceUpdates"]["OPS_1_3"]["Status"], "NOT_APPLICABLE");
    let ops2 = read_json(&out.join("answers/OPS_2.json"));
    assert_eq!(ops2["SelectedChoices"], json!(["OPS_2_no"]));
    if let Some((passed, text)) = validate(&out) {
        assert!(passed, "{text}");
    }
}

/// Two lenses with the same question ids in one workbook (the second set's questions are keyed
/// `set_id/question_id`): each still goes to the WA Tool with its own ids, and its answers come
/// back into that set only.
#[test]
fn a_set_sharing_question_ids_with_another_goes_out_and_back_with_its_own_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let s3 = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-core/tests/fixtures/lenses/amazon-s3-lens.json");
    let mut copy: Value = read_json(&s3);
    copy["name"] = json!("S3 copy");
    std::fs::write(dir.join("copy.json"), copy.to_string()).unwrap();
    hashira(dir)
        .args(["new", "two.hashira", "--name", "two", "--lens"])
        .arg(&s3)
        .args(["--lens", "copy.json"])
        .assert()
        .success();
    hashira(dir)
        .args(["answer", "two.hashira", "OPS_1", "--set", "s3-copy"])
        .args(["--choose", "OPS_1_1", "--notes", "copy only"])
        .assert()
        .success();
    json(
        dir,
        &[
            "wa-tool",
            "export",
            "two.hashira",
            "--set",
            "s3-copy",
            "out",
        ],
    );
    let request = read_json(&dir.join("out/answers/OPS_1.json"));
    assert_eq!(request["QuestionId"], "OPS_1", "{request}");
    if let Some((passed, text)) = validate(&dir.join("out")) {
        assert!(passed, "{text}");
    }
    // Back as get-answer output into a fresh workbook of the same two lenses: s3-copy only.
    hashira(dir)
        .args(["new", "fresh.hashira", "--name", "fresh", "--lens"])
        .arg(&s3)
        .args(["--lens", "copy.json"])
        .assert()
        .success();
    let answer = json!({ "Answer": { "QuestionId": request["QuestionId"],
        "SelectedChoices": request["SelectedChoices"], "Notes": request["Notes"] } });
    std::fs::write(dir.join("back.json"), answer.to_string()).unwrap();
    let applied = json(
        dir,
        &[
            "wa-tool",
            "import",
            "fresh.hashira",
            "--set",
            "s3-copy",
            "back.json",
        ],
    );
    assert_eq!(applied["changes"].as_array().unwrap().len(), 1, "{applied}");
    let questions = json(dir, &["questions", "fresh.hashira"]);
    let notes: Vec<(String, String)> = questions
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["label"] == "OPS_1")
        .map(|q| {
            (
                q["set_id"].as_str().unwrap().to_string(),
                q["notes"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            ("amazon-s3-well-architected-lens".to_string(), String::new()),
            ("s3-copy".to_string(), "copy only".to_string())
        ]
    );
}
