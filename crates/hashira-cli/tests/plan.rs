//! `hashira plan`: improvement items listed with status, owner, due date and overdue; edited
//! with `plan set` (a practice, or an item by id) and `plan add`; bad edits refused with the
//! workbook unchanged; every edit in the change history and replayed by `verify`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{hashira, json, json_error};
use serde_json::Value;

fn item<'a>(items: &'a Value, name: &str) -> &'a Value {
    items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            let practice = format!(
                "{}/{}",
                i["question_id"].as_str().unwrap(),
                i["choice_id"].as_str().unwrap_or("")
            );
            practice == name || format!("#{}", i["id"]) == name
        })
        .unwrap_or_else(|| panic!("{name} not listed"))
}

fn reviewed(dir: &std::path::Path) {
    hashira(dir)
        .args(["new", "w.hashira", "--name", "計画テスト"])
        .assert()
        .success();
    hashira(dir)
        .args(["answer", "w.hashira", "sec1", "--none"])
        .assert()
        .success();
}

#[test]
fn plan_lists_edits_and_adds_items() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    reviewed(dir);
    let items = json(dir, &["plan", "w.hashira"]);
    let first = item(&items, "SEC1/SEC1-01");
    assert_eq!(first["status"], "OPEN");
    assert_eq!(first["priority"], "HIGH");
    assert_eq!(first["id"], Value::Null);

    // Loose ids as everywhere; today is 2026-04-01 (UTC+09:00): due 03-31 is overdue.
    let set = json(
        dir,
        &[
            "plan",
            "set",
            "w.hashira",
            "sec 1",
            "sec1-01",
            "--owner",
            "情報システム部",
            "--due",
            "2026-03-31",
            "--status",
            "対応中",
            "--notes",
            "- MFA 導入",
        ],
    );
    assert_eq!(set["status"], "IN_PROGRESS");
    assert_eq!(set["owner"], "情報システム部");
    assert_eq!(set["notes"], "- MFA 導入");
    assert_eq!(set["overdue"], true);
    assert_eq!(set["updated_by"], "テスト 花子");

    let added = json(
        dir,
        &[
            "plan",
            "add",
            "w.hashira",
            "SEC5",
            "--title",
            "年次の侵入テスト",
            "--due",
            "2026-06-30",
            "--by",
            "監査役",
        ],
    );
    let id = added["id"].as_i64().unwrap();
    assert_eq!(added["in_plan"], true);
    assert_eq!(added["updated_by"], "監査役");
    let accepted = json(
        dir,
        &[
            "plan",
            "set",
            "w.hashira",
            "--item",
            &id.to_string(),
            "--status",
            "RISK_ACCEPTED",
            "--reason",
            "次年度予算で対応",
        ],
    );
    assert_eq!(accepted["status"], "RISK_ACCEPTED");
    assert_eq!(accepted["acceptance_reason"], "次年度予算で対応");

    // The text list marks the overdue item.
    let text = hashira(dir).args(["plan", "w.hashira"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("SEC1/SEC1-01"))
        .unwrap();
    assert!(
        line.contains("IN_PROGRESS") && line.contains("due 2026-03-31 OVERDUE"),
        "{line}"
    );
    assert!(line.contains("owner 情報システム部"), "{line}");
    assert!(text.contains(&format!("#{id}")), "{text}");

    // Putting SEC1-01 in place resolves the item; its row stays.
    hashira(dir)
        .args(["answer", "w.hashira", "SEC1", "--choose", "SEC1-01"])
        .assert()
        .success();
    let items = json(dir, &["plan", "w.hashira"]);
    let resolved = item(&items, "SEC1/SEC1-01");
    assert_eq!(resolved["in_plan"], false);
    assert_eq!(resolved["overdue"], false);
    assert_eq!(resolved["owner"], "情報システム部");

    // Every edit is in the change history; verify replays the rows.
    let log = json(dir, &["log", "w.hashira"]);
    let entries = log.as_array().or(log["entries"].as_array()).unwrap();
    let edits = entries
        .iter()
        .filter(|e| {
            let text = e.to_string();
            text.contains("improvement_item.set") || text.contains("improvement_item.add")
        })
        .count();
    assert_eq!(edits, 3);
    hashira(dir)
        .args(["verify", "w.hashira"])
        .assert()
        .success();
}

#[test]
fn bad_edits_fail_with_their_code_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    reviewed(dir);
    let before = std::fs::read(dir.join("w.hashira")).unwrap();
    for (args, code, field) in [
        (
            vec![
                "plan",
                "set",
                "w.hashira",
                "SEC1",
                "SEC1-01",
                "--status",
                "RISK_ACCEPTED",
            ],
            "INVALID_IMPROVEMENT_ITEM",
            "acceptance_reason",
        ),
        (
            vec![
                "plan",
                "set",
                "w.hashira",
                "SEC1",
                "SEC1-01",
                "--due",
                "2026-02-30",
            ],
            "INVALID_IMPROVEMENT_ITEM",
            "due_date",
        ),
        (
            vec![
                "plan",
                "set",
                "w.hashira",
                "SEC1",
                "SEC1-01",
                "--reason",
                "なぜなら",
            ],
            "INVALID_IMPROVEMENT_ITEM",
            "acceptance_reason",
        ),
        (
            vec![
                "plan",
                "set",
                "w.hashira",
                "SEC1",
                "SEC1-01",
                "--status",
                "later",
            ],
            "INVALID_IMPROVEMENT_ITEM",
            "status",
        ),
        (
            vec![
                "plan",
                "set",
                "w.hashira",
                "SEC2",
                "SEC2-01",
                "--owner",
                "x",
            ],
            "IMPROVEMENT_ITEM_NOT_FOUND",
            "",
        ),
        (
            vec!["plan", "set", "w.hashira", "--item", "7", "--owner", "x"],
            "IMPROVEMENT_ITEM_NOT_FOUND",
            "",
        ),
        (
            vec![
                "plan",
                "set",
                "w.hashira",
                "SEC1",
                "SEC1-99",
                "--owner",
                "x",
            ],
            "CHOICE_NOT_FOUND",
            "",
        ),
        (
            vec!["plan", "add", "w.hashira", "SEC99", "--title", "x"],
            "QUESTION_NOT_FOUND",
            "",
        ),
        (
            vec!["plan", "add", "w.hashira", "SEC1", "--title", " "],
            "INVALID_IMPROVEMENT_ITEM",
            "title",
        ),
    ] {
        let error = json_error(dir, &args);
        assert_eq!(error["code"], code, "{args:?}: {error}");
        if !field.is_empty() {
            assert_eq!(error["details"]["field"], field, "{args:?}: {error}");
        }
    }
    assert_eq!(std::fs::read(dir.join("w.hashira")).unwrap(), before);
    // A bare `hashira plan` is a usage error.
    hashira(dir).arg("plan").assert().code(2);
}
