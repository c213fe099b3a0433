//! Bad WA Tool answers files: refused by file and JSON path (or line and column), the
//! workbook unchanged. The committed files are in tests/bad-inputs/wa-tool.

use std::path::Path;

use serde_json::{Value, json};

use super::common::json_error;
use super::workbook;

fn refused(dir: &Path, input: &str) -> Value {
    let before = std::fs::read(dir.join("w.hashira")).unwrap();
    let error = json_error(
        dir,
        &["wa-tool", "import", "w.hashira", "--set", "sec", input],
    );
    assert_eq!(std::fs::read(dir.join("w.hashira")).unwrap(), before);
    error
}

#[test]
fn bad_imports_are_refused_by_file_and_json_path_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, false);
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs/wa-tool");

    let unknown = refused(dir, bad.join("unknown-ids.json").to_str().unwrap());
    assert_eq!(unknown["code"], "IMPORT_PROBLEMS", "{unknown}");
    let problems = unknown["details"]["problems"].as_array().unwrap();
    let paths: Vec<&str> = problems
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "AnswerSummaries[0].SelectedChoices[1]",
            "AnswerSummaries[1].QuestionId",
            "AnswerSummaries[2].ChoiceAnswerSummaries[0].Status",
            "AnswerSummaries[2].Reason"
        ],
        "{unknown}"
    );
    assert!(
        problems[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("unknown-ids.json")
    );

    let invalid = refused(dir, bad.join("not-json.json").to_str().unwrap());
    assert_eq!(invalid["code"], "IMPORT_PROBLEMS");
    let message = invalid["message"].as_str().unwrap();
    assert!(message.contains("line 3, column"), "{message}");
    // The place is said once, not again in serde_json's own words.
    let problem = invalid["details"]["problems"][0]["message"]
        .as_str()
        .unwrap();
    assert_eq!(problem.matches("line 3").count(), 1, "{problem}");

    let other = refused(dir, bad.join("not-an-answer.json").to_str().unwrap());
    assert!(
        other["message"]
            .as_str()
            .unwrap()
            .contains("not the output of get-answer")
    );

    // Over 5 MB: refused unread (made here, not committed).
    let big = dir.join("big.json");
    std::fs::write(&big, vec![b' '; 5 * 1024 * 1024 + 1]).unwrap();
    let error = refused(dir, "big.json");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("over the limit"),
        "{error}"
    );

    // A good file beside a bad one in a folder: nothing applied.
    let folder = dir.join("mixed");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.json"),
        json!({ "Answer": { "QuestionId": "SEC5", "SelectedChoices": ["SEC5_01"] } }).to_string(),
    )
    .unwrap();
    std::fs::copy(bad.join("unknown-ids.json"), folder.join("b.json")).unwrap();
    refused(dir, "mixed");

    // One question in two files (an old and a new export mixed): not guessed between.
    let twice = dir.join("twice");
    std::fs::create_dir(&twice).unwrap();
    for (name, choice) in [("a.json", "SEC5_01"), ("b.json", "SEC5_02")] {
        let answer = json!({ "Answer": { "QuestionId": "SEC5", "SelectedChoices": [choice] } });
        std::fs::write(twice.join(name), answer.to_string()).unwrap();
    }
    let error = refused(dir, "twice");
    let problem = &error["details"]["problems"][0];
    assert!(
        problem["file"].as_str().unwrap().ends_with("b.json"),
        "{error}"
    );
    assert_eq!(problem["path"], "Answer.QuestionId");
    let message = problem["message"].as_str().unwrap();
    assert!(
        message.contains("question SEC5 is also answered at"),
        "{message}"
    );
    assert!(message.contains("a.json: Answer"), "{message}");
}
