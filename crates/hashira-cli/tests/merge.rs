//! `hashira copy` and `hashira merge` through the real binary on real files (issue #14 §3):
//! three reviewers take copies, work on different pillars, two answer one question
//! differently, two attach the same file, one changes a property and one removes an item
//! there at the fork; the lead merges them in sequence. The result is exact, the one conflict
//! is listed with both values, who and when, it blocks until resolved, the resolution applies,
//! `verify` passes, `log` attributes every change to its reviewer, merging again changes
//! nothing, and the refusals name why. WG decisions and improvement items merge per unit
//! (a criterion's decision with its texts; an item per practice, or added by a reviewer).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{by, hashira, json, json_error, selected, sha};
use serde_json::{Value, json};

/// Each question's answer as (selected choices, N/A reason, notes, updated_by).
fn answers(dir: &Path, file: &str) -> Vec<(String, Value)> {
    let questions = json(dir, &["questions", file]);
    questions
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["question_id"].as_str().unwrap().to_string(),
                json!({
                    "selected": selected(q),
                    "na": q["not_applicable"],
                    "notes": q["notes"],
                    "by": q["updated_by"],
                }),
            )
        })
        .collect()
}

fn answer_of<'a>(all: &'a [(String, Value)], id: &str) -> &'a Value {
    &all.iter().find(|(q, _)| q == id).unwrap().1
}

/// The entries of `file`'s log after entry `after`, as (actor, action, target, at).
fn entries(dir: &Path, file: &str, after: i64) -> Vec<(String, String, String, String)> {
    json(dir, &["log", file])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["seq"].as_i64().unwrap() > after)
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap().to_string();
            (text("actor"), text("action"), text("target"), text("at"))
        })
        .collect()
}

#[test]
fn three_reviewers_merged_in_sequence() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    by(
        d,
        "lead",
        &[
            "new",
            "w.hashira",
            "--name",
            "W",
            "--set",
            "sec",
            "--set",
            "fisc-ops",
        ],
    );
    std::fs::write(d.join("policy.pdf"), b"policy v1").unwrap();
    std::fs::write(d.join("mfa.png"), b"mfa screenshot").unwrap();
    by(
        d,
        "lead",
        &["answer", "w.hashira", "SEC1", "--choose", "SEC1-01"],
    );
    by(
        d,
        "lead",
        &[
            "evidence",
            "add",
            "w.hashira",
            "SEC1",
            "--file",
            "policy.pdf",
        ],
    );
    for (copy, who) in [
        ("a.hashira", "alice"),
        ("b.hashira", "bob"),
        ("c.hashira", "carol"),
    ] {
        let copied = json(d, &["copy", "w.hashira", copy, "--by", who]);
        assert_eq!(copied["by"], who);
    }
    let fork = json(d, &["log", "w.hashira"]).as_array().unwrap().len() as i64;
    let before = answers(d, "w.hashira");

    // alice: the security pillar; bob: operational excellence (FISC), a property and the
    // same screenshot as alice on SEC2; carol: SEC5 answered otherwise than alice, notes on
    // SEC6, and the policy removed.
    by(
        d,
        "alice",
        &[
            "answer",
            "a.hashira",
            "SEC2",
            "--choose",
            "SEC2-01",
            "--choose",
            "SEC2-02",
        ],
    );
    by(d, "alice", &["answer", "a.hashira", "SEC3", "--none"]);
    by(
        d,
        "alice",
        &["answer", "a.hashira", "SEC5", "--choose", "SEC5-01"],
    );
    by(
        d,
        "alice",
        &["evidence", "add", "a.hashira", "SEC2", "--file", "mfa.png"],
    );
    by(
        d,
        "bob",
        &[
            "answer",
            "b.hashira",
            "FISCOPS1",
            "--choose",
            "FISCOPS1-BP01",
        ],
    );
    by(
        d,
        "bob",
        &[
            "answer",
            "b.hashira",
            "FISCOPS2",
            "--na",
            "OUT_OF_SCOPE",
            "--na-text",
            "委託先が運用",
        ],
    );
    by(
        d,
        "bob",
        &["evidence", "add", "b.hashira", "SEC2", "--file", "mfa.png"],
    );
    by(
        d,
        "bob",
        &[
            "set-property",
            "b.hashira",
            "description",
            "勘定系 API 基盤",
        ],
    );
    by(
        d,
        "carol",
        &[
            "answer",
            "c.hashira",
            "SEC5",
            "--choose",
            "SEC5-02",
            "--choose",
            "SEC5-03",
        ],
    );
    by(
        d,
        "carol",
        &["answer", "c.hashira", "SEC6", "--notes", "WAF は次期導入"],
    );
    by(d, "carol", &["evidence", "remove", "c.hashira", "1"]);

    // alice and bob: nothing both changed.
    for other in ["a.hashira", "b.hashira"] {
        let plan = json(d, &["merge", "w.hashira", other, "--dry-run"]);
        assert_eq!(plan["conflicts"], json!([]), "{other}");
        assert_eq!(plan["resolutions_template"], Value::Null);
        let merged = by(d, "lead", &["merge", "w.hashira", other]);
        assert_eq!(merged["merged"], true);
    }
    // carol: the one conflict, both values, who and when.
    let plan = json(d, &["merge", "w.hashira", "c.hashira", "--dry-run"]);
    let conflicts = plan["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{plan:#}");
    let conflict = &conflicts[0];
    assert_eq!(conflict["id"], "answer:SEC5");
    assert_eq!(conflict["item"], "ANSWER");
    let selected = |v: &Value| {
        v["choices"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(selected(&conflict["base"]), Vec::<String>::new());
    assert_eq!(selected(&conflict["ours"]), ["SEC5-01"]);
    assert_eq!(selected(&conflict["theirs"]), ["SEC5-02", "SEC5-03"]);
    assert_eq!(conflict["ours_by"], "alice");
    assert_eq!(conflict["theirs_by"], "carol");
    assert!(conflict["ours_at"].is_string() && conflict["theirs_at"].is_string());
    let taken: Vec<&str> = plan["taken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(taken, ["notes:SEC6", "evidence:-1"]);
    let template = d.join("c.resolutions.json");
    assert_eq!(plan["resolutions_template"], "c.resolutions.json");
    // The text plan names both sides.
    let output = hashira(d)
        .args(["merge", "w.hashira", "c.hashira", "--dry-run"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("answer:SEC5")
            && text.contains("SEC5-01 (alice")
            && text.contains("SEC5-02, SEC5-03 (carol"),
        "{text}"
    );

    // Unresolved, it blocks: nothing changes.
    let unchanged = sha(&d.join("w.hashira"));
    let error = json_error(d, &["merge", "w.hashira", "c.hashira"]);
    assert_eq!(error["code"], "MERGE_CONFLICTS");
    assert_eq!(error["details"]["conflicts"], json!(["answer:SEC5"]));
    let error = json_error(
        d,
        &[
            "merge",
            "w.hashira",
            "c.hashira",
            "--resolve",
            template.to_str().unwrap(),
        ],
    );
    assert_eq!(error["code"], "MERGE_CONFLICTS");
    assert_eq!(sha(&d.join("w.hashira")), unchanged);

    // A resolution naming a conflict the plan does not have (a mistyped id) is an error that
    // names it, not silently dropped, even when every real conflict is settled: nothing changes.
    let typo = d.join("typo.resolutions.json");
    std::fs::write(
        &typo,
        json!({ "prefer": "theirs", "resolutions": { "answer:SEC55": "ours" } }).to_string(),
    )
    .unwrap();
    let error = json_error(
        d,
        &[
            "merge",
            "w.hashira",
            "c.hashira",
            "--resolve",
            typo.to_str().unwrap(),
        ],
    );
    assert_eq!(error["code"], "MERGE_REFUSED");
    assert_eq!(error["details"]["kind"], "UNKNOWN_CONFLICT");
    let reason = error["details"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("'answer:SEC55'") && reason.contains("answer:SEC5)"),
        "{reason}"
    );
    assert_eq!(sha(&d.join("w.hashira")), unchanged);

    // Resolved in the template: carol's answer.
    let mut filled: Value = serde_json::from_slice(&std::fs::read(&template).unwrap()).unwrap();
    assert_eq!(filled["plan"], plan["fingerprint"]);
    filled["resolutions"]["answer:SEC5"] = json!("theirs");
    std::fs::write(&template, serde_json::to_vec(&filled).unwrap()).unwrap();
    let merged = by(
        d,
        "lead",
        &[
            "merge",
            "w.hashira",
            "c.hashira",
            "--resolve",
            template.to_str().unwrap(),
        ],
    );
    assert_eq!(merged["resolutions"], json!({ "answer:SEC5": "theirs" }));

    // The result, exactly.
    let after = answers(d, "w.hashira");
    for (id, answer) in &after {
        let expected = match id.as_str() {
            "SEC2" => {
                json!({ "selected": ["SEC2-01", "SEC2-02"], "na": null, "notes": "", "by": "alice" })
            }
            "SEC3" => json!({ "selected": ["SEC3_no"], "na": null, "notes": "", "by": "alice" }),
            "SEC5" => {
                json!({ "selected": ["SEC5-02", "SEC5-03"], "na": null, "notes": "", "by": "carol" })
            }
            "SEC6" => {
                json!({ "selected": [], "na": null, "notes": "WAF は次期導入", "by": "carol" })
            }
            "FISCOPS1" => {
                json!({ "selected": ["FISCOPS1-BP01"], "na": null, "notes": "", "by": "bob" })
            }
            "FISCOPS2" => answer_of(&answers(d, "b.hashira"), "FISCOPS2").clone(),
            _ => answer_of(&before, id).clone(),
        };
        assert_eq!(answer, &expected, "{id}");
    }
    assert_eq!(
        answer_of(&after, "FISCOPS2")["na"]["reason"],
        "OUT_OF_SCOPE"
    );
    let evidence = json(d, &["evidence", "list", "w.hashira"]);
    let evidence = evidence.as_array().unwrap();
    assert_eq!(
        evidence.len(),
        1,
        "the policy removed, the screenshot once: {evidence:#?}"
    );
    assert_eq!(evidence[0]["question_id"], "SEC2");
    assert_eq!(evidence[0]["file_name"], "mfa.png");
    assert_eq!(evidence[0]["added_by"], "alice");
    let id = evidence[0]["id"].to_string();
    hashira(d)
        .args(["evidence", "get", "w.hashira", &id, "got.png"])
        .assert()
        .success();
    assert_eq!(std::fs::read(d.join("got.png")).unwrap(), b"mfa screenshot");
    let show = json(d, &["show", "w.hashira"]);
    assert_eq!(
        show["workload"]["description"], "勘定系 API 基盤",
        "{show:#}"
    );

    // verify passes; the log has every reviewer's entries with their actor, action, target
    // and time, then the merge entry by the lead.
    let report = json(d, &["verify", "w.hashira"]);
    assert_eq!(report["ok"], true, "{report:#}");
    let merged_log = entries(d, "w.hashira", fork);
    let mut expected = Vec::new();
    for (copy, _) in [
        ("a.hashira", "alice"),
        ("b.hashira", "bob"),
        ("c.hashira", "carol"),
    ] {
        expected.extend(entries(d, copy, fork));
        expected.push(merged_log[expected.len()].clone());
        let last = expected.last().unwrap();
        assert_eq!(
            (last.0.as_str(), last.1.as_str(), last.2.as_str()),
            ("lead", "workbook.merge", copy)
        );
    }
    assert_eq!(merged_log, expected);
    assert!(
        merged_log
            .iter()
            .any(|e| e.0 == "carol" && e.1 == "evidence.remove")
    );
    // Each merged entry names where it came from: the copy, its number and hash there.
    let log = json(d, &["log", "w.hashira"]);
    let carol_log = json(d, &["log", "c.hashira"]);
    let removal = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "evidence.remove")
        .unwrap();
    let original = carol_log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "evidence.remove")
        .unwrap();
    assert_eq!(
        removal["merged_from"],
        json!({ "file": "c.hashira", "seq": original["seq"], "entry_hash": original["entry_hash"] })
    );
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "workbook.merge")
            .all(|e| e.get("merged_from").is_none())
    );
    let output = hashira(d)
        .args(["log", "w.hashira", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(&format!("    Merged from: c.hashira #{}", original["seq"])),
        "{text}"
    );
    let output = hashira(d).args(["log", "w.hashira"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(&format!("    統合元: c.hashira の #{}", original["seq"])),
        "{text}"
    );

    // Merging again changes nothing.
    let done = sha(&d.join("w.hashira"));
    for other in ["a.hashira", "b.hashira", "c.hashira"] {
        let plan = json(d, &["merge", "w.hashira", other, "--dry-run"]);
        assert_eq!(plan["already_merged"], true, "{other}");
        let again = by(
            d,
            "lead",
            &["merge", "w.hashira", other, "--prefer", "theirs"],
        );
        assert_eq!(again["merged"], false);
    }
    assert_eq!(sha(&d.join("w.hashira")), done);

    // A reviewer who goes on after the merge: only the new work comes.
    by(
        d,
        "alice",
        &["answer", "a.hashira", "SEC7", "--choose", "SEC7-01"],
    );
    let plan = json(d, &["merge", "w.hashira", "a.hashira", "--dry-run"]);
    let taken: Vec<&str> = plan["taken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(taken, ["answer:SEC7"], "{plan:#}");
    assert_eq!(plan["conflicts"], json!([]));
    by(d, "lead", &["merge", "w.hashira", "a.hashira"]);

    // alice catches up by merging the lead's file into hers, works on, and is merged again:
    // the lead's own entries do not come back twice, only her new work does.
    by(
        d,
        "alice",
        &["merge", "a.hashira", "w.hashira", "--prefer", "theirs"],
    );
    by(d, "alice", &["answer", "a.hashira", "SEC8", "--none"]);
    let lead_entries = json(d, &["log", "w.hashira"]).as_array().unwrap().len();
    let plan = json(d, &["merge", "w.hashira", "a.hashira", "--dry-run"]);
    let taken: Vec<&str> = plan["taken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(taken, ["answer:SEC8"], "{plan:#}");
    assert_eq!(plan["conflicts"], json!([]));
    by(d, "lead", &["merge", "w.hashira", "a.hashira"]);
    let added: Vec<(String, String)> = json(d, &["log", "w.hashira"]).as_array().unwrap()
        [lead_entries..]
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_string(),
                e["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Her merge of the lead's file, her answer, the lead's merge.
    assert_eq!(
        added,
        [
            ("alice".to_string(), "workbook.merge".to_string()),
            ("alice".to_string(), "answer.update".to_string()),
            ("lead".to_string(), "workbook.merge".to_string()),
        ]
    );
    assert_eq!(
        answer_of(&answers(d, "w.hashira"), "SEC5")["selected"],
        json!(["SEC5-02", "SEC5-03"])
    );
    assert_eq!(json(d, &["verify", "w.hashira"])["ok"], true);
}

#[test]
fn prefer_and_a_changed_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    by(
        d,
        "lead",
        &["new", "w.hashira", "--name", "W", "--set", "sec"],
    );
    json(d, &["copy", "w.hashira", "b.hashira", "--by", "bob"]);
    by(
        d,
        "lead",
        &["set-property", "w.hashira", "description", "ours"],
    );
    by(
        d,
        "bob",
        &["set-property", "b.hashira", "description", "theirs"],
    );
    let plan = json(d, &["merge", "w.hashira", "b.hashira", "--dry-run"]);
    assert_eq!(plan["conflicts"][0]["id"], "workload:description");
    let template = d.join("b.resolutions.json");
    // The workbook changes after the dry run: the template's plan is refused.
    by(d, "lead", &["answer", "w.hashira", "SEC1", "--none"]);
    let before = sha(&d.join("w.hashira"));
    let error = json_error(
        d,
        &[
            "merge",
            "w.hashira",
            "b.hashira",
            "--resolve",
            template.to_str().unwrap(),
            "--prefer",
            "ours",
        ],
    );
    assert_eq!(error["code"], "MERGE_PLAN_CHANGED");
    assert_eq!(sha(&d.join("w.hashira")), before);
    // --prefer ours keeps ours.
    let merged = by(
        d,
        "lead",
        &["merge", "w.hashira", "b.hashira", "--prefer", "ours"],
    );
    assert_eq!(
        merged["resolutions"],
        json!({ "workload:description": "ours" })
    );
    assert_eq!(
        json(d, &["show", "w.hashira"])["workload"]["description"],
        "ours"
    );
    assert_eq!(json(d, &["verify", "w.hashira"])["ok"], true);
}

#[test]
fn refusals_name_why_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    by(
        d,
        "lead",
        &["new", "w.hashira", "--name", "W", "--set", "sec"],
    );
    by(
        d,
        "lead",
        &["new", "other.hashira", "--name", "W", "--set", "sec"],
    );
    let before = sha(&d.join("w.hashira"));
    let refused = |other: &str| {
        let error = json_error(d, &["merge", "w.hashira", other]);
        assert_eq!(sha(&d.join("w.hashira")), before, "{other}");
        error
    };
    let error = refused("other.hashira");
    assert_eq!(error["code"], "MERGE_REFUSED");
    assert_eq!(error["details"]["kind"], "OTHER_WORKBOOK");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("only copies of one workbook")
    );

    // The same id but another history (a workbook given this one's id by hand).
    let id = json(d, &["show", "w.hashira"])["workbook_id"]
        .as_str()
        .unwrap()
        .to_string();
    let conn = rusqlite::Connection::open(d.join("other.hashira")).unwrap();
    conn.execute(
        "UPDATE workbook_meta SET value = ?1 WHERE key = 'workbook_id'",
        [&id],
    )
    .unwrap();
    drop(conn);
    let error = refused("other.hashira");
    assert_eq!(error["details"]["kind"], "NO_COMMON_HISTORY", "{error:#}");

    // A newer schema is refused as opening refuses it.
    json(d, &["copy", "w.hashira", "new.hashira", "--by", "bob"]);
    let conn = rusqlite::Connection::open(d.join("new.hashira")).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert_eq!(refused("new.hashira")["code"], "WORKBOOK_TOO_NEW");

    // Another set in one copy.
    json(d, &["copy", "w.hashira", "sets.hashira", "--by", "bob"]);
    let conn = rusqlite::Connection::open(d.join("sets.hashira")).unwrap();
    conn.execute("UPDATE question_set SET content_hash = 'x'", [])
        .unwrap();
    drop(conn);
    assert_eq!(refused("sets.hashira")["details"]["kind"], "SETS_DIFFER");

    // A copy whose trail carries no row records up to the fork (as a trail written before
    // schema 4 would): the base is not known, so the merge refuses rather than guesses.
    json(d, &["copy", "w.hashira", "old.hashira", "--by", "bob"]);
    let conn = rusqlite::Connection::open(d.join("old.hashira")).unwrap();
    conn.execute("UPDATE audit_entry SET state = NULL", [])
        .unwrap();
    drop(conn);
    let error = refused("old.hashira");
    assert_eq!(error["details"]["kind"], "NO_ROW_RECORD", "{error:#}");

    // Itself, and a file that is not there.
    assert_eq!(refused("w.hashira")["details"]["kind"], "SAME_FILE");
    assert_eq!(refused("missing.hashira")["code"], "WORKBOOK_NOT_FOUND");

    // copy never overwrites.
    let error = json_error(d, &["copy", "w.hashira", "other.hashira", "--by", "bob"]);
    assert_eq!(error["code"], "WORKBOOK_EXISTS");
}

fn wg_edition() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../hashira-xlsx/tests/fixtures/wg-japanese.xlsx")
}

const S3: &str = "Amazon Simple Storage Service (S3)";

/// Criterion number → (decision, reviewer notes).
fn wg_decisions(dir: &Path) -> Vec<(String, Value, Value)> {
    json(dir, &["wg", "show", "w.hashira", "--service", S3])["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["criterion_no"].as_str().unwrap().to_string(),
                c["decision"].clone(),
                c["reviewer_notes"].clone(),
            )
        })
        .collect()
}

/// The improvement items with a row: (question, practice or title, owner, due date).
fn items(dir: &Path) -> Vec<Value> {
    let mut found: Vec<Value> = json(dir, &["plan", "w.hashira"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["id"].is_null())
        .map(|i| {
            let what = if i["choice_id"].is_null() {
                &i["title"]["ja"]
            } else {
                &i["choice_id"]
            };
            json!([i["question_id"], what, i["owner"], i["due_date"]])
        })
        .collect();
    found.sort_by_key(|v| v.to_string());
    found
}

#[test]
fn wg_decisions_and_improvement_items_merge_per_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    by(
        d,
        "lead",
        &["new", "w.hashira", "--name", "W", "--set", "sec"],
    );
    by(
        d,
        "lead",
        &["wg", "import", "w.hashira", wg_edition().to_str().unwrap()],
    );
    by(d, "lead", &["answer", "w.hashira", "SEC1", "--none"]);
    json(d, &["copy", "w.hashira", "b.hashira", "--by", "bob"]);
    json(d, &["copy", "w.hashira", "c.hashira", "--by", "carol"]);
    let wg_before = wg_decisions(d);

    // Both decide criterion 1 (differently) and edit practice SEC1-01 (differently); bob also
    // decides criterion 2, edits SEC1-02 and adds an item; the lead adds one too.
    let evaluate = |file: &str, who: &str, criterion: &str, decision: &str, notes: &str| {
        by(
            d,
            who,
            &[
                "wg",
                "evaluate",
                file,
                "--service",
                S3,
                criterion,
                "--decision",
                decision,
                "--notes",
                notes,
            ],
        );
    };
    evaluate("w.hashira", "lead", "1", "採用", "主担当の判断");
    evaluate("b.hashira", "bob", "1", "条件付き採用", "副担当の判断");
    evaluate("b.hashira", "bob", "2", "不採用", "暗号化要件を満たさない");
    by(
        d,
        "lead",
        &[
            "plan",
            "set",
            "w.hashira",
            "SEC1",
            "SEC1-01",
            "--owner",
            "情報システム部",
        ],
    );
    by(
        d,
        "bob",
        &[
            "plan",
            "set",
            "b.hashira",
            "SEC1",
            "SEC1-01",
            "--owner",
            "業務部",
        ],
    );
    by(
        d,
        "bob",
        &[
            "plan",
            "set",
            "b.hashira",
            "SEC1",
            "SEC1-02",
            "--owner",
            "基盤チーム",
            "--due",
            "2027-01-31",
        ],
    );
    by(
        d,
        "bob",
        &["plan", "add", "b.hashira", "SEC1", "--title", "鍵の棚卸し"],
    );
    by(
        d,
        "lead",
        &[
            "plan",
            "add",
            "w.hashira",
            "SEC1",
            "--title",
            "権限の見直し",
        ],
    );

    let plan = json(d, &["merge", "w.hashira", "b.hashira", "--dry-run"]);
    let ids = |key: &str| -> Vec<String> {
        plan[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("conflicts"),
        ["wg:1", "improvement:SEC1/SEC1-01"],
        "{plan:#}"
    );
    assert_eq!(plan["conflicts"][0]["item"], "WG_DECISION");
    assert_eq!(plan["conflicts"][0]["ours"]["decision"], "ADOPTED");
    assert_eq!(plan["conflicts"][0]["theirs"]["decision"], "CONDITIONAL");
    assert_eq!(plan["conflicts"][1]["ours"]["owner"], "情報システム部");
    assert_eq!(plan["conflicts"][1]["theirs"]["owner"], "業務部");
    let taken = ids("taken");
    assert!(taken.contains(&"wg:2".to_string()), "{taken:?}");
    assert!(
        taken.contains(&"improvement:SEC1/SEC1-02".to_string()),
        "{taken:?}"
    );
    assert_eq!(
        taken
            .iter()
            .filter(|t| t.starts_with("improvement:theirs"))
            .count(),
        1,
        "{taken:?}"
    );

    // The WG decision goes to bob, the practice's owner stays the lead's.
    let template = d.join("b.resolutions.json");
    let mut filled: Value = serde_json::from_slice(&std::fs::read(&template).unwrap()).unwrap();
    filled["resolutions"]["wg:1"] = json!("theirs");
    filled["resolutions"]["improvement:SEC1/SEC1-01"] = json!("ours");
    std::fs::write(&template, serde_json::to_vec(&filled).unwrap()).unwrap();
    by(
        d,
        "lead",
        &[
            "merge",
            "w.hashira",
            "b.hashira",
            "--resolve",
            template.to_str().unwrap(),
        ],
    );

    let wg_after = wg_decisions(d);
    for (before, after) in wg_before.iter().zip(&wg_after) {
        let expected = match before.0.as_str() {
            "1" => (
                before.0.clone(),
                json!("CONDITIONAL"),
                json!("副担当の判断"),
            ),
            "2" => (
                before.0.clone(),
                json!("REJECTED"),
                json!("暗号化要件を満たさない"),
            ),
            _ => before.clone(),
        };
        assert_eq!(after, &expected);
    }
    assert_eq!(
        items(d),
        [
            json!(["SEC1", "SEC1-01", "情報システム部", null]),
            json!(["SEC1", "SEC1-02", "基盤チーム", "2027-01-31"]),
            json!(["SEC1", "権限の見直し", "", null]),
            json!(["SEC1", "鍵の棚卸し", "", null]),
        ]
    );
    assert_eq!(json(d, &["verify", "w.hashira"])["ok"], true);

    // A WG evaluation imported again in a copy is not merged: import it here.
    by(
        d,
        "carol",
        &["wg", "import", "c.hashira", wg_edition().to_str().unwrap()],
    );
    let before = sha(&d.join("w.hashira"));
    let error = json_error(d, &["merge", "w.hashira", "c.hashira"]);
    assert_eq!(error["details"]["kind"], "WG_IMPORTED", "{error:#}");
    assert_eq!(sha(&d.join("w.hashira")), before);
}
