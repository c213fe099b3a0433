//! Answers saved the way a consultant on Windows saves them: `aws … get-answer > a.json` in
//! Windows PowerShell 5.1 writes UTF-16 LE with a byte order mark; Notepad may add a UTF-8 one.

use serde_json::json;

use super::common::{json, json_error};
use super::workbook;

#[test]
fn answers_saved_as_utf16_or_with_a_bom_are_read_like_the_aws_clis_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    workbook(dir, false);
    let answer = json!({ "Answer": { "QuestionId": "FISCSEC6",
        "SelectedChoices": ["FISCSEC6_BP01"], "IsApplicable": true, "Notes": "PowerShell で保存 🙂" } })
    .to_string();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in answer.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(answer.as_bytes());
    for (name, bytes) in [("utf16.json", utf16), ("bom.json", bom)] {
        std::fs::write(dir.join(name), &bytes).unwrap();
        let plan = json(
            dir,
            &[
                "wa-tool",
                "import",
                "w.hashira",
                "--set",
                "fisc-sec",
                name,
                "--dry-run",
            ],
        );
        let changes = plan["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "{name}: {plan}");
        assert_eq!(changes[0]["question_id"], "FISCSEC6");
        assert_eq!(
            changes[0]["after"]["notes"], "PowerShell で保存 🙂",
            "{name}"
        );
    }
    // UTF-16 cut in the middle of a character is refused by file, nothing applied.
    let mut broken = std::fs::read(dir.join("utf16.json")).unwrap();
    broken.pop();
    std::fs::write(dir.join("broken.json"), &broken).unwrap();
    let before = std::fs::read(dir.join("w.hashira")).unwrap();
    let error = json_error(
        dir,
        &[
            "wa-tool",
            "import",
            "w.hashira",
            "--set",
            "fisc-sec",
            "broken.json",
        ],
    );
    assert_eq!(error["code"], "IMPORT_PROBLEMS");
    let problem = &error["details"]["problems"][0];
    assert!(problem["file"].as_str().unwrap().ends_with("broken.json"));
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("UTF-16 LE but has an odd number of bytes"),
        "{error}"
    );
    assert_eq!(std::fs::read(dir.join("w.hashira")).unwrap(), before);
}
