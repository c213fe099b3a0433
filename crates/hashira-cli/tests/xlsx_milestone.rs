//! `hashira export xlsx --milestone M`: the answers export says on its summary sheet that it is
//! the review as of M (number, name, when, by whom, the record's SHA-256), holds the answers
//! of then, and is refused by `import xlsx` (dry run too) with the cell named, the workbook
//! unchanged; an export of now carries no such row and imports back as before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{json, json_error};

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn value_of(rows: &[Vec<String>], label: &str) -> Option<String> {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c == label))
        .map(|r| r[1].clone())
}

#[test]
fn an_export_as_of_a_milestone_says_so_and_is_not_imported_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    json(dir, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    json(
        dir,
        &["answer", "w.hashira", "SEC1", "--notes", "当時のメモ"],
    );
    json(dir, &["milestone", "add", "w.hashira", "2026Q1"]);
    json(dir, &["answer", "w.hashira", "SEC1", "--notes", "今のメモ"]);
    let q1 = &json(dir, &["milestone", "list", "w.hashira"])[0];

    json(
        dir,
        &[
            "export",
            "xlsx",
            "w.hashira",
            "q1.xlsx",
            "--milestone",
            "2026Q1",
        ],
    );
    let summary = sheet(&dir.join("q1.xlsx"), "サマリー");
    let as_of = value_of(&summary, "マイルストーン").unwrap();
    assert_eq!(
        as_of,
        format!(
            "#1 2026Q1 （2026-04-01 09:00 作成、テスト 花子、SHA-256 {}）時点",
            q1["content_sha256"].as_str().unwrap()
        )
    );
    // The answers of then.
    let sec = sheet(&dir.join("q1.xlsx"), "sec");
    assert!(sec.iter().flatten().any(|c| c == "当時のメモ"));
    assert!(!sec.iter().flatten().any(|c| c == "今のメモ"));

    // Refused, dry run or not, at the milestone cell; nothing changed.
    let before = json(dir, &["log", "w.hashira"]).as_array().unwrap().len();
    for dry in [true, false] {
        let mut args = vec!["import", "xlsx", "w.hashira", "q1.xlsx"];
        if dry {
            args.push("--dry-run");
        }
        let error = json_error(dir, &args);
        assert_eq!(error["code"], "IMPORT_PROBLEMS", "{error}");
        let problems = error["details"]["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{error}");
        assert_eq!(problems[0]["sheet"], "サマリー");
        assert_eq!(problems[0]["header"], "マイルストーン");
        assert_eq!(problems[0]["column"], "B");
        let message = problems[0]["message"].as_str().unwrap();
        assert!(
            message.contains("as of milestone #1 2026Q1") && message.contains("clear this cell"),
            "{message}"
        );
    }
    assert_eq!(
        json(dir, &["log", "w.hashira"]).as_array().unwrap().len(),
        before
    );

    // The review now: no milestone row, imported back with nothing to change.
    json(dir, &["export", "xlsx", "w.hashira", "now.xlsx"]);
    assert_eq!(
        value_of(&sheet(&dir.join("now.xlsx"), "サマリー"), "マイルストーン"),
        None
    );
    let done = json(dir, &["import", "xlsx", "w.hashira", "now.xlsx"]);
    assert_eq!(done["changes"], serde_json::json!([]));
}
