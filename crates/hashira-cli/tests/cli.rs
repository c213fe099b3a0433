//! The `hashira` command as other tools script it: real binary, real workbook files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `hashira` with a pinned clock and actor, run in the scratch folder.
    fn hashira(&self) -> Command {
        common::hashira(self.dir.path())
    }

    fn json(&self, args: &[&str]) -> Value {
        common::json(self.dir.path(), args)
    }

    /// Runs a failing command and returns its JSON error from stderr.
    fn json_error(&self, args: &[&str]) -> Value {
        common::json_error(self.dir.path(), args)
    }

    fn new_workbook(&self, name: &str) -> String {
        self.hashira()
            .args(["new", name, "--name", "勘定系 API 基盤"])
            .assert()
            .success();
        name.to_string()
    }
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn sets_lists_the_shipped_sets_with_counts() {
    let scratch = Scratch::new();
    let sets = scratch.json(&["sets"]);
    let counts: Vec<(String, u64, u64)> = sets
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["question_count"].as_u64().unwrap(),
                s["choice_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("sec".into(), 11, 68),
            ("fisc-sec".into(), 10, 25),
            ("fisc-ops".into(), 4, 15),
            ("fisc-rel".into(), 3, 13)
        ]
    );
    scratch
        .hashira()
        .arg("sets")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "fisc-sec   v1.6.1     10 questions  25 choices  FSI Lens for FISC セキュリティ",
        ));
}

#[test]
fn new_creates_a_workbook_with_the_default_or_chosen_sets() {
    let scratch = Scratch::new();
    let created = scratch.json(&["new", "a.hashira", "--name", "基盤"]);
    assert_eq!(created["sets"], serde_json::json!(["sec", "fisc-sec"]));
    let created = scratch.json(&[
        "new",
        "b.hashira",
        "--name",
        "基盤",
        "--set",
        "fisc-ops",
        "--set",
        "fisc-rel",
    ]);
    assert_eq!(created["sets"], serde_json::json!(["fisc-ops", "fisc-rel"]));
    let error = scratch.json_error(&["new", "a.hashira", "--name", "again"]);
    assert_eq!(error["code"], "WORKBOOK_EXISTS");
    let error = scratch.json_error(&["new", "c.hashira", "--name", "x", "--set", "nope"]);
    assert_eq!(error["code"], "QUESTION_SET_NOT_FOUND");
    assert!(error["message"].as_str().unwrap().contains("'nope'"));
    assert!(!scratch.path("c.hashira").exists());
}

#[test]
fn a_user_supplied_set_file_loads_and_a_broken_one_is_named() {
    let scratch = Scratch::new();
    let text = r#"format_version = 1
id = "mine"
version = "0.1"
languages = ["ja"]
title = { ja = "自社追加項目" }
[source]
document = "社内規程"
edition = "2026"
[[pillars]]
id = "security"
title = { ja = "セキュリティ" }
[[pillars.questions]]
id = "OWN1"
title = { ja = "委託先をどのように管理していますか？" }
risk_rules = [{ condition = "OWN1-01", risk = "NONE" }, { condition = "default", risk = "HIGH" }]
[[pillars.questions.choices]]
id = "OWN1-01"
title = { ja = "委託先を年次で評価する" }
[[pillars.questions.choices]]
id = "OWN1_no"
title = { ja = "いずれも該当しない" }
none_of_these = true
"#;
    std::fs::write(scratch.path("mine.toml"), text).unwrap();
    let sets = scratch.json(&["sets", "--file", "mine.toml"]);
    assert_eq!(sets[0]["question_count"], 1);
    let created = scratch.json(&[
        "new",
        "own.hashira",
        "--name",
        "x",
        "--set",
        "sec",
        "--set-file",
        "mine.toml",
    ]);
    assert_eq!(created["sets"], serde_json::json!(["sec", "mine"]));
    let answered = scratch.json(&["answer", "own.hashira", "OWN1", "--choose", "OWN1-01"]);
    assert_eq!(answered["risk"], "NONE");

    std::fs::write(
        scratch.path("broken.toml"),
        text.replace("OWN1-01\", risk", "OWN1-09\", risk"),
    )
    .unwrap();
    let error = scratch.json_error(&["sets", "--file", "broken.toml"]);
    assert_eq!(error["code"], "QUESTION_SET_INVALID");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("broken.toml"), "{message}");
    assert!(
        message.contains("question OWN1: risk rule 1 'OWN1-09'"),
        "{message}"
    );
}

#[test]
fn answering_changes_risk_and_show_reports_progress() {
    let scratch = Scratch::new();
    let file = scratch.new_workbook("review.hashira");
    let answered = scratch.json(&[
        "answer",
        &file,
        "SEC1",
        "--choose",
        "SEC1-02",
        "--choose",
        "SEC1-03",
        "--notes",
        "ルートは MFA で保護",
        "--by",
        "山田 太郎",
    ]);
    assert_eq!(
        answered["selected_choices"],
        serde_json::json!(["SEC1-02", "SEC1-03"])
    );
    assert_eq!(answered["risk"], "HIGH");
    assert_eq!(answered["updated_by"], "山田 太郎");
    scratch
        .hashira()
        .args(["answer", &file, "SEC3", "--none"])
        .assert()
        .success()
        .stdout("SEC3: HIGH (selected: SEC3_no)\n");
    scratch
        .hashira()
        .args([
            "answer",
            &file,
            "FISCSEC10",
            "--na",
            "out-of-scope",
            "--na-text",
            "メールは使わない",
        ])
        .assert()
        .success();
    scratch
        .hashira()
        .args([
            "answer",
            &file,
            "SEC6",
            "--choose",
            "SEC6-01",
            "--choice-na",
            "SEC6-03:ARCHITECTURE_CONSTRAINTS:専用線側",
        ])
        .assert()
        .success();

    let show = scratch.json(&["show", &file]);
    assert_eq!(show["workload"]["name"], "勘定系 API 基盤");
    assert_eq!(show["sets"][0]["id"], "sec");
    assert_eq!(show["sets"][0]["content_hash"].as_str().unwrap().len(), 64);
    let counts = &show["risk"]["counts"];
    assert_eq!(counts["questions"], 21);
    assert_eq!(counts["high"], 3);
    assert_eq!(counts["not_applicable"], 1);
    assert_eq!(counts["answered"], 3);
    assert_eq!(counts["applicable"], 20);
    assert_eq!(
        show["risk"]["sets"][1]["pillars"][0]["pillar_id"],
        "security"
    );

    let questions = scratch.json(&["questions", &file, "--set", "sec"]);
    let sec6 = questions
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == "SEC6")
        .unwrap();
    let c3 = sec6["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "SEC6-03")
        .unwrap();
    assert_eq!(c3["status"], "NOT_APPLICABLE");
    assert_eq!(c3["not_applicable_reason"], "ARCHITECTURE_CONSTRAINTS");
    assert_eq!(c3["not_applicable_text"], "専用線側");
    assert_eq!(questions.as_array().unwrap().len(), 11);
}

#[test]
fn errors_name_the_question_choice_or_field_and_use_stable_codes() {
    let scratch = Scratch::new();
    let file = scratch.new_workbook("errors.hashira");
    let error = scratch.json_error(&["answer", &file, "SEC1", "--choose", "SEC1-99"]);
    assert_eq!(error["code"], "CHOICE_NOT_FOUND");
    assert_eq!(error["message"], "question SEC1 has no choice 'SEC1-99'");
    assert_eq!(error["details"]["choice_id"], "SEC1-99");
    let error = scratch.json_error(&["answer", &file, "SEC42", "--none"]);
    assert_eq!(error["code"], "QUESTION_NOT_FOUND");
    let error = scratch.json_error(&["answer", &file, "SEC1", "--na", "LAZY"]);
    assert_eq!(error["code"], "INVALID_ANSWER");
    assert!(error["message"].as_str().unwrap().contains("OUT_OF_SCOPE"));
    let error = scratch.json_error(&["set-property", &file, "account_ids", "12-34"]);
    assert_eq!(error["code"], "INVALID_PROPERTY");
    assert_eq!(error["details"]["field"], "account_ids");
    let error = scratch.json_error(&["set-property", &file, "colour", "red"]);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("unknown property")
    );
    let error = scratch.json_error(&["show", "missing.hashira"]);
    assert_eq!(error["code"], "WORKBOOK_NOT_FOUND");
    // Without --json: one readable line on stderr, nothing on stdout, exit 1.
    scratch
        .hashira()
        .args(["answer", &file, "SEC1", "--choose", "SEC1-99"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "hashira: error [CHOICE_NOT_FOUND]: question SEC1 has no choice 'SEC1-99'\n",
        ));
    // Usage errors are clap's: exit 2.
    scratch.hashira().args(["answer", &file]).assert().code(2);
}

#[test]
fn set_property_edits_the_workload() {
    let scratch = Scratch::new();
    let file = scratch.new_workbook("props.hashira");
    scratch
        .hashira()
        .args([
            "set-property",
            &file,
            "aws_regions",
            "ap-northeast-1,ap-northeast-3",
        ])
        .assert()
        .success();
    scratch
        .hashira()
        .args(["set-property", &file, "client-organization", "柱銀行"])
        .assert()
        .success();
    let show = scratch.json(&["show", &file]);
    assert_eq!(
        show["workload"]["aws_regions"],
        serde_json::json!(["ap-northeast-1", "ap-northeast-3"])
    );
    assert_eq!(show["workload"]["client_organization"], "柱銀行");
}

#[test]
fn evidence_add_list_get_and_remove() {
    let scratch = Scratch::new();
    let file = scratch.new_workbook("evidence.hashira");
    let content = "パスワードポリシー: 14 文字以上\n".repeat(1000);
    std::fs::write(scratch.path("ポリシー.txt"), &content).unwrap();
    let added = scratch.json(&[
        "evidence",
        "add",
        &file,
        "SEC1",
        "--file",
        "ポリシー.txt",
        "--choice",
        "SEC1-06",
        "--title",
        "設定値",
    ]);
    assert_eq!(added["kind"], "FILE");
    assert_eq!(added["file_name"], "ポリシー.txt");
    assert_eq!(added["size_bytes"], content.len());
    assert_eq!(added["added_by"], "テスト 花子");
    let id = added["id"].as_i64().unwrap().to_string();
    scratch.json(&[
        "evidence",
        "add",
        &file,
        "SEC1",
        "--url",
        "https://example.com/a",
        "--title",
        "リンク",
    ]);
    scratch.json(&[
        "evidence",
        "add",
        &file,
        "SEC4",
        "--text",
        "CloudTrail 有効",
    ]);
    let listed = scratch.json(&["evidence", "list", &file]);
    assert_eq!(listed.as_array().unwrap().len(), 3);
    let only = scratch.json(&["evidence", "list", &file, "--question", "SEC4"]);
    assert_eq!(only[0]["excerpt"], "CloudTrail 有効");

    scratch
        .hashira()
        .args(["evidence", "get", &file, &id, "out.txt"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(scratch.path("out.txt")).unwrap(),
        content
    );
    let error = scratch.json_error(&["evidence", "get", &file, "999", "x.txt"]);
    assert_eq!(error["code"], "EVIDENCE_NOT_FOUND");
    let error = scratch.json_error(&["evidence", "add", &file, "SEC1", "--file", "nothing.pdf"]);
    assert_eq!(error["code"], "IO");
    assert!(error["message"].as_str().unwrap().contains("nothing.pdf"));
    // Exactly one of --file, --url, --text.
    scratch
        .hashira()
        .args([
            "evidence",
            "add",
            &file,
            "SEC1",
            "--url",
            "https://a",
            "--text",
            "b",
        ])
        .assert()
        .code(2);

    scratch
        .hashira()
        .args(["evidence", "remove", &file, &id])
        .assert()
        .success();
    assert_eq!(
        scratch
            .json(&["evidence", "list", &file])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn log_shows_every_change_and_verify_passes_then_catches_tampering() {
    let scratch = Scratch::new();
    let file = scratch.new_workbook("audit.hashira");
    scratch
        .hashira()
        .args([
            "answer",
            &file,
            "SEC2",
            "--choose",
            "SEC2-01",
            "--by",
            "監査 太郎",
        ])
        .assert()
        .success();
    let log = scratch.json(&["log", &file]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "answer.update");
    assert_eq!(last["target"], "SEC2");
    assert_eq!(last["actor"], "監査 太郎");
    assert_eq!(
        last["new_value"]["selected_choices"],
        serde_json::json!(["SEC2-01"])
    );
    // HASHIRA_NOW makes time reproducible.
    assert!(
        last["at"]
            .as_str()
            .unwrap()
            .starts_with("2026-04-01T00:00:")
    );

    scratch
        .hashira()
        .args(["verify", &file])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));
    let report = scratch.json(&["verify", &file]);
    assert_eq!(report["ok"], true);

    rusqlite::Connection::open(scratch.path(&file))
        .unwrap()
        .execute("UPDATE audit_entry SET actor = '改ざん' WHERE seq = 2", [])
        .unwrap();
    scratch
        .hashira()
        .args(["verify", &file])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("audit entry 2"))
        .stderr(predicate::str::contains("problem(s) found"));
}

#[test]
fn a_newer_workbook_is_refused_and_left_untouched() {
    let scratch = Scratch::new();
    let file = scratch.new_workbook("future.hashira");
    rusqlite::Connection::open(scratch.path(&file))
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let before = file_bytes(&scratch.path(&file));
    let error = scratch.json_error(&["answer", &file, "SEC1", "--none"]);
    assert_eq!(error["code"], "WORKBOOK_TOO_NEW");
    assert_eq!(error["details"]["found"], 99);
    assert_eq!(file_bytes(&scratch.path(&file)), before);
}

#[test]
fn demo_makes_a_partly_answered_workbook_with_every_kind_of_evidence() {
    let scratch = Scratch::new();
    scratch
        .hashira()
        .args(["demo", "demo.hashira"])
        .assert()
        .success();
    let show = scratch.json(&["show", "demo.hashira"]);
    let counts = &show["risk"]["counts"];
    assert!(counts["answered"].as_u64().unwrap() >= 5);
    assert!(counts["unanswered"].as_u64().unwrap() >= 5);
    assert!(counts["high"].as_u64().unwrap() >= 1);
    assert!(counts["medium"].as_u64().unwrap() >= 1);
    assert_eq!(counts["not_applicable"], 1);
    assert_eq!(
        show["workload"]["client_organization"],
        "柱銀行株式会社（架空）"
    );
    let evidence = scratch.json(&["evidence", "list", "demo.hashira"]);
    let kinds: Vec<&str> = evidence
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in ["FILE", "LINK", "TEXT"] {
        assert!(
            kinds.iter().filter(|k| **k == kind).count() >= 2,
            "{kind}: {kinds:?}"
        );
    }
    let questions = scratch.json(&["questions", "demo.hashira"]);
    assert!(
        questions
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["notes"].as_str().unwrap().contains("ハードウェア MFA"))
    );
    scratch
        .hashira()
        .args(["verify", "demo.hashira"])
        .assert()
        .success();
}
