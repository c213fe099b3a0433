//! A merge conflict settled by the merging reviewer's own value (`{"edit": value}` in the
//! resolutions file, issue #14 §1), through the real binary on real files: the dry run's
//! template shows each side's value in the form an edit takes; an edit that does not pass an
//! ordinary edit's rules is refused naming the conflict and field, the workbook unchanged
//! byte for byte; a valid one is written as the merging reviewer's own change (old → new)
//! after the merge entry, `verify` passes and `log` tells it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{by, hashira, json, json_error, selected, sha};
use serde_json::{Value, json};

fn question(dir: &Path, id: &str) -> Value {
    common::question(dir, "w.hashira", id)
}

/// Two copies that differ on SEC1's answer, SEC2's notes and the description.
fn conflicting(d: &Path) {
    by(
        d,
        "lead",
        &["new", "w.hashira", "--name", "W", "--set", "sec"],
    );
    json(d, &["copy", "w.hashira", "b.hashira", "--by", "bob"]);
    for (file, who, choice, note, description) in [
        ("w.hashira", "lead", "SEC1-01", "lead のメモ", "ours"),
        ("b.hashira", "bob", "SEC1-02", "bob のメモ", "theirs"),
    ] {
        by(d, who, &["answer", file, "SEC1", "--choose", choice]);
        by(d, who, &["answer", file, "SEC2", "--notes", note]);
        by(d, who, &["set-property", file, "description", description]);
    }
}

fn write_resolutions(d: &Path, plan: &Value, resolutions: Value) -> String {
    let path = d.join("edit.resolutions.json");
    let file = json!({ "plan": plan["fingerprint"], "resolutions": resolutions });
    std::fs::write(&path, file.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn conflicts_resolved_by_edit_are_checked_written_as_the_mergers_change_and_logged() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    conflicting(d);
    let plan = json(d, &["merge", "w.hashira", "b.hashira", "--dry-run"]);
    let ids: Vec<&str> = plan["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["answer:SEC1", "notes:SEC2", "workload:description"],
        "{plan:#}"
    );

    // The template shows both sides as edits, ready to copy.
    let template: Value =
        serde_json::from_slice(&std::fs::read(d.join("b.resolutions.json")).unwrap()).unwrap();
    let shown = |id: &str| {
        template["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        shown("answer:SEC1")["edit_from_theirs"],
        json!({ "edit": {
            "selected_choices": ["SEC1-02"],
            "choices_not_applicable": [],
            "not_applicable": null,
        } })
    );
    assert_eq!(
        shown("notes:SEC2")["edit_from_ours"],
        json!({ "edit": "lead のメモ" })
    );
    assert!(
        template["how"]
            .as_str()
            .unwrap()
            .contains("{\"edit\": value}")
    );

    // Invalid edits: refused, naming the conflict and the field; the workbook unchanged.
    let before = sha(&d.join("w.hashira"));
    let refused = |resolutions: Value| {
        let path = write_resolutions(d, &plan, resolutions);
        let error = json_error(d, &["merge", "w.hashira", "b.hashira", "--resolve", &path]);
        assert_eq!(sha(&d.join("w.hashira")), before, "{error:#}");
        assert_eq!(error["code"], "MERGE_REFUSED", "{error:#}");
        assert_eq!(error["details"]["kind"], "INVALID_EDIT", "{error:#}");
        error["message"].as_str().unwrap().to_string()
    };
    let sides = json!({ "notes:SEC2": "ours", "workload:description": "ours" });
    let with = |id: &str, value: Value| {
        let mut all = sides.clone();
        all[id] = value;
        all
    };
    let message = refused(with(
        "answer:SEC1",
        json!({ "edit": { "selected_choices": ["SEC1-99"] } }),
    ));
    assert!(
        message.contains("'answer:SEC1'") && message.contains("selected_choices"),
        "{message}"
    );
    let message = refused(with(
        "answer:SEC1",
        json!({ "edit": { "selected_choices": ["SEC1_no", "SEC1-01"] } }),
    ));
    assert!(message.contains("None of these"), "{message}");
    // N/A needs a reason.
    let message = refused(with(
        "answer:SEC1",
        json!({ "edit": { "not_applicable": { "text": "対象外" } } }),
    ));
    assert!(message.contains("reason"), "{message}");
    let message = refused(with("notes:SEC2", json!({ "edit": 12 })));
    assert!(message.contains("'notes:SEC2'"), "{message}");
    let message = refused(json!({
        "answer:SEC1": "ours",
        "notes:SEC2": "ours",
        "workload:description": { "edit": ["a", "b"] },
    }));
    assert!(message.contains("'workload:description'"), "{message}");

    // Valid edits: the answer, the notes and the property.
    let path = write_resolutions(
        d,
        &plan,
        json!({
            "answer:SEC1": { "edit": { "selected_choices": ["SEC1-02", "SEC1-01"] } },
            "notes:SEC2": { "edit": "二人のメモをまとめた" },
            "workload:description": { "edit": "合意した説明" },
        }),
    );
    let merged = by(
        d,
        "lead",
        &["merge", "w.hashira", "b.hashira", "--resolve", &path],
    );
    assert_eq!(
        merged["resolutions"],
        json!({
            "answer:SEC1": "edit",
            "notes:SEC2": "edit",
            "workload:description": "edit",
        })
    );
    let sec1 = question(d, "SEC1");
    assert_eq!(selected(&sec1), ["SEC1-01", "SEC1-02"]);
    assert_eq!(sec1["updated_by"], "lead");
    assert_eq!(question(d, "SEC2")["notes"], "二人のメモをまとめた");
    assert_eq!(
        json(d, &["show", "w.hashira"])["workload"]["description"],
        "合意した説明"
    );
    let report = json(d, &["verify", "w.hashira"]);
    assert_eq!(report["ok"], true, "{report:#}");

    // The log: the merge entry records each conflict edited with its value, then the lead's
    // own changes, old → new.
    let log = json(d, &["log", "w.hashira"]);
    let log = log.as_array().unwrap();
    let at = log
        .iter()
        .position(|e| e["action"] == "workbook.merge")
        .unwrap();
    let conflicts = &log[at]["new_value"]["conflicts"];
    assert_eq!(conflicts[0]["id"], "answer:SEC1");
    assert_eq!(conflicts[0]["resolution"], "edit");
    assert_eq!(
        conflicts[0]["edit"],
        json!({ "selected_choices": ["SEC1-02", "SEC1-01"] })
    );
    let after: Vec<(&str, &str, &str)> = log[at + 1..]
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap(),
                e["action"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        after,
        [
            ("lead", "answer.update", "SEC1"),
            ("lead", "answer.update", "SEC2"),
            ("lead", "workload.update", "description"),
        ]
    );
    assert_eq!(
        log[at + 1]["old_value"]["selected_choices"],
        json!(["SEC1-01"])
    );
    assert_eq!(
        log[at + 1]["new_value"]["selected_choices"],
        json!(["SEC1-01", "SEC1-02"])
    );
    assert_eq!(log[at + 2]["old_value"]["notes"], "lead のメモ");
    assert_eq!(log[at + 3]["old_value"], "ours");
    assert_eq!(log[at + 3]["new_value"], "合意した説明");
    let text = hashira(d).args(["log", "w.hashira"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("回答 SEC1: 統合者が編集した値に（次の変更）"),
        "{text}"
    );

    // Merging again changes nothing.
    let before = sha(&d.join("w.hashira"));
    let again = by(d, "lead", &["merge", "w.hashira", "b.hashira"]);
    assert_eq!(again["merged"], false);
    assert_eq!(sha(&d.join("w.hashira")), before);
}

#[test]
fn an_answer_edited_to_not_applicable_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    conflicting(d);
    let plan = json(d, &["merge", "w.hashira", "b.hashira", "--dry-run"]);
    let path = write_resolutions(
        d,
        &plan,
        json!({
            "answer:SEC1": { "edit": { "not_applicable": {
                "reason": "OUT_OF_SCOPE", "text": "本番は対象外" } } },
            "notes:SEC2": "theirs",
            "workload:description": "theirs",
        }),
    );
    let merged = by(
        d,
        "lead",
        &["merge", "w.hashira", "b.hashira", "--resolve", &path],
    );
    assert_eq!(merged["resolutions"]["notes:SEC2"], "theirs");
    let sec1 = question(d, "SEC1");
    assert_eq!(sec1["not_applicable"]["reason"], "OUT_OF_SCOPE", "{sec1:#}");
    assert_eq!(sec1["not_applicable"]["text"], "本番は対象外");
    assert!(selected(&sec1).is_empty());
    assert_eq!(question(d, "SEC2")["notes"], "bob のメモ");
    assert_eq!(json(d, &["verify", "w.hashira"])["ok"], true);
}

const S3: &str = "Amazon Simple Storage Service (S3)";

#[test]
fn a_wg_decision_and_an_improvement_item_edited_by_their_own_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let edition = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-xlsx/tests/fixtures/wg-japanese.xlsx");
    by(
        d,
        "lead",
        &["new", "w.hashira", "--name", "W", "--set", "sec"],
    );
    by(
        d,
        "lead",
        &["wg", "import", "w.hashira", edition.to_str().unwrap()],
    );
    by(d, "lead", &["answer", "w.hashira", "SEC1", "--none"]);
    json(d, &["copy", "w.hashira", "b.hashira", "--by", "bob"]);
    for (file, who, decision, notes, owner) in [
        (
            "w.hashira",
            "lead",
            "採用",
            "主担当の判断",
            "情報システム部",
        ),
        ("b.hashira", "bob", "不採用", "副担当の判断", "業務部"),
    ] {
        by(
            d,
            who,
            &[
                "wg",
                "evaluate",
                file,
                "--service",
                S3,
                "1",
                "--decision",
                decision,
                "--notes",
                notes,
            ],
        );
        by(
            d,
            who,
            &["plan", "set", file, "SEC1", "SEC1-01", "--owner", owner],
        );
    }
    let plan = json(d, &["merge", "w.hashira", "b.hashira", "--dry-run"]);
    let ids: Vec<&str> = plan["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["wg:1", "improvement:SEC1/SEC1-01"], "{plan:#}");

    let before = sha(&d.join("w.hashira"));
    let refused = |resolutions: Value, field: &str| {
        let path = write_resolutions(d, &plan, resolutions);
        let error = json_error(d, &["merge", "w.hashira", "b.hashira", "--resolve", &path]);
        assert_eq!(error["details"]["kind"], "INVALID_EDIT", "{error:#}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(field), "{field}: {message}");
        assert_eq!(sha(&d.join("w.hashira")), before);
    };
    refused(
        json!({ "wg:1": { "edit": { "decision": "たぶん" } }, "improvement:SEC1/SEC1-01": "ours" }),
        "(decision)",
    );
    refused(
        json!({ "wg:1": "ours", "improvement:SEC1/SEC1-01": { "edit": { "due_date": "来月" } } }),
        "'improvement:SEC1/SEC1-01'",
    );
    refused(
        json!({ "wg:1": "ours", "improvement:SEC1/SEC1-01": { "edit": { "status": "SOON" } } }),
        "(status)",
    );

    let path = write_resolutions(
        d,
        &plan,
        json!({
            "wg:1": { "edit": { "decision": "条件付き採用", "reviewer_notes": "協議の結果" } },
            "improvement:SEC1/SEC1-01": { "edit": { "owner": "共同", "due_date": "2027-03-31" } },
        }),
    );
    by(
        d,
        "lead",
        &["merge", "w.hashira", "b.hashira", "--resolve", &path],
    );
    let criterion = json(d, &["wg", "show", "w.hashira", "--service", S3])["criteria"][0].clone();
    assert_eq!(criterion["decision"], "CONDITIONAL");
    assert_eq!(criterion["reviewer_notes"], "協議の結果");
    let item = json(d, &["plan", "w.hashira"])
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["choice_id"] == "SEC1-01")
        .unwrap()
        .clone();
    assert_eq!(
        (&item["owner"], &item["due_date"]),
        (&json!("共同"), &json!("2027-03-31"))
    );
    let log = json(d, &["log", "w.hashira"]);
    let tail: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .take(3)
        .map(|e| (e["actor"].as_str().unwrap(), e["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        tail,
        [
            ("lead", "improvement_item.set"),
            ("lead", "wg.evaluate"),
            ("lead", "workbook.merge"),
        ]
    );
    assert_eq!(json(d, &["verify", "w.hashira"])["ok"], true);
}
