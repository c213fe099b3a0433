//! `hashira lens import` and `hashira new --lens` through the real binary: a dry run changes
//! nothing, the apply adds exactly what was previewed, two lenses with the same question ids
//! live in one workbook and `--set` tells them apart on every command that names a question.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{hashira, json, json_error};
use serde_json::{Value, json};

fn s3_lens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/lenses/Amazon_S3_Lens.json")
}

fn sha256(path: &Path) -> String {
    hashira_core::hashing::sha256_hex(&std::fs::read(path).unwrap())
}

/// A lens named `name` with one question `q01` (choices `choice1`, `choice2`, `q01_no`).
fn tiny_lens(dir: &Path, file: &str, name: &str) -> PathBuf {
    let choice = |id: &str| {
        json!({ "id": id, "title": format!("Practice {id}"),
                "helpfulResource": { "displayText": format!("About {id}") },
                "improvementPlan": { "displayText": format!("Do {id}") } })
    };
    let lens = json!({
        "schemaVersion": "2021-11-01",
        "name": name,
        "pillars": [{ "id": "pillar1", "name": "Pillar", "questions": [{
            "id": "q01", "title": "How?",
            "choices": [choice("choice1"), choice("choice2"), { "id": "q01_no", "title": "None of these" }],
            "riskRules": [{ "condition": "q01_no", "risk": "HIGH_RISK" },
                          { "condition": "choice1 && choice2", "risk": "NO_RISK" },
                          { "condition": "default", "risk": "MEDIUM_RISK" }],
        }]}],
    });
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_vec_pretty(&lens).unwrap()).unwrap();
    path
}

#[test]
fn new_with_only_lenses_holds_just_those_sets() {
    let dir = tempfile::tempdir().unwrap();
    let lens = s3_lens();
    let created = json(
        dir.path(),
        &[
            "new",
            "w.hashira",
            "--name",
            "S3",
            "--lens",
            lens.to_str().unwrap(),
        ],
    );
    assert_eq!(created["sets"], json!(["amazon-s3-well-architected-lens"]));
    let questions = json(dir.path(), &["questions", "w.hashira"]);
    let questions = questions.as_array().unwrap();
    assert_eq!(questions.len(), 35);
    assert!(
        questions
            .iter()
            .all(|q| q["set_id"] == "amazon-s3-well-architected-lens")
    );
    let show = json(dir.path(), &["show", "w.hashira"]);
    assert_eq!(show["risk"]["counts"]["questions"], 35, "{show:#}");
}

#[test]
fn a_dry_run_changes_nothing_and_the_apply_adds_what_was_previewed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    let book = d.join("w.hashira");
    let before = sha256(&book);
    let lens = s3_lens();
    let lens = lens.to_str().unwrap();
    let plan = json(d, &["lens", "import", "w.hashira", lens, "--dry-run"]);
    assert_eq!(plan["added"], false);
    let preview = &plan["preview"];
    assert_eq!(preview["set_id"], "amazon-s3-well-architected-lens");
    assert_eq!(preview["question_count"], 35);
    assert_eq!(preview["choice_count"], 127);
    assert_eq!(preview["pillars"].as_array().unwrap().len(), 6);
    assert_eq!(sha256(&book), before, "the dry run changed the workbook");
    // The file changes between preview and apply: refused, nothing added.
    let copy = d.join("lens.json");
    std::fs::copy(lens, &copy).unwrap();
    let previewed = preview["sha256"].as_str().unwrap();
    let mut changed = std::fs::read_to_string(&copy).unwrap();
    changed = changed.replacen("Amazon S3 Well-Architected Lens", "Changed lens", 1);
    std::fs::write(&copy, changed).unwrap();
    let error = json_error(
        d,
        &[
            "lens",
            "import",
            "w.hashira",
            "lens.json",
            "--expect-sha256",
            previewed,
        ],
    );
    assert_eq!(error["code"], "IMPORT_PLAN_CHANGED");
    assert_eq!(sha256(&book), before);
    let added = json(
        d,
        &[
            "lens",
            "import",
            "w.hashira",
            lens,
            "--expect-sha256",
            previewed,
            "--by",
            "佐藤",
        ],
    );
    assert_eq!(added["added"], true);
    let show = json(d, &["show", "w.hashira"]);
    let ids: Vec<&str> = show["sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["sec", "amazon-s3-well-architected-lens"]);
    let log = json(d, &["log", "w.hashira"]);
    let last = log.as_array().unwrap().last().unwrap().to_string();
    assert!(
        last.contains("amazon-s3-well-architected-lens") && last.contains("佐藤"),
        "{last}"
    );
    let verify = hashira(d).args(["verify", "w.hashira"]).output().unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn shared_question_ids_need_the_set_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = tiny_lens(d, "a.json", "Lens A");
    let b = tiny_lens(d, "b.json", "Lens B");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    json(
        d,
        &["new", "w.hashira", "--name", "W", "--lens", a, "--lens", b],
    );
    let error = json_error(d, &["answer", "w.hashira", "q01", "--none"]);
    assert_eq!(error["code"], "QUESTION_AMBIGUOUS");
    assert_eq!(error["details"]["sets"], json!(["lens-a", "lens-b"]));
    let saved = json(
        d,
        &["answer", "w.hashira", "q01", "--set", "lens-b", "--none"],
    );
    assert_eq!(saved["question_id"], "lens-b/q01");
    json(
        d,
        &[
            "answer",
            "w.hashira",
            "Q01",
            "--set",
            "lens-a",
            "--choose",
            "choice1",
        ],
    );
    let questions = json(d, &["questions", "w.hashira"]);
    let risks: Vec<(String, String, String)> = questions
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let s = |k: &str| q[k].as_str().unwrap().to_string();
            (s("set_id"), s("label"), s("risk"))
        })
        .collect();
    assert_eq!(
        risks,
        [
            ("lens-a".into(), "q01".into(), "MEDIUM".into()),
            ("lens-b".into(), "q01".into(), "HIGH".into())
        ]
    );
    // Evidence and the log filter take --set too.
    json(
        d,
        &[
            "evidence",
            "add",
            "w.hashira",
            "q01",
            "--set",
            "lens-b",
            "--text",
            "memo",
        ],
    );
    let error = json_error(d, &["evidence", "list", "w.hashira", "--question", "q01"]);
    assert_eq!(error["code"], "QUESTION_AMBIGUOUS");
    let listed = json(
        d,
        &[
            "evidence",
            "list",
            "w.hashira",
            "--question",
            "q01",
            "--set",
            "lens-b",
        ],
    );
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let listed = json(
        d,
        &[
            "evidence",
            "list",
            "w.hashira",
            "--question",
            "q01",
            "--set",
            "lens-a",
        ],
    );
    assert_eq!(listed.as_array().unwrap().len(), 0);
    let log = json(
        d,
        &["log", "w.hashira", "--question", "q01", "--set", "lens-a"],
    );
    assert_eq!(log.as_array().unwrap().len(), 1, "{log:#}");
    let error = json_error(d, &["wg", "links", "w.hashira", "--question", "q01"]);
    assert_eq!(error["code"], "QUESTION_AMBIGUOUS");
    json(
        d,
        &[
            "wg",
            "links",
            "w.hashira",
            "--question",
            "q01",
            "--set",
            "lens-a",
        ],
    );
    // A third copy under an explicit id; an id the workbook has is refused.
    let error = json_error(d, &["lens", "import", "w.hashira", a, "--set-id", "lens-b"]);
    assert_eq!(error["code"], "QUESTION_SET_CONFLICT");
    let added = json(d, &["lens", "import", "w.hashira", a, "--set-id", "third"]);
    assert_eq!(added["preview"]["shares_question_ids"], true);
}

#[test]
fn a_broken_lens_is_refused_by_json_path_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    json(d, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    let before = sha256(&d.join("w.hashira"));
    let mut lens: Value =
        serde_json::from_slice(&std::fs::read(tiny_lens(d, "t.json", "T")).unwrap()).unwrap();
    lens["pillars"][0]["questions"][0]["riskRules"][1]["condition"] = json!("choice1 && choise2");
    std::fs::write(d.join("bad.json"), serde_json::to_vec(&lens).unwrap()).unwrap();
    let error = json_error(d, &["lens", "import", "w.hashira", "bad.json"]);
    assert_eq!(error["code"], "IMPORT_PROBLEMS");
    let problems = error["details"]["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(
            |p| p["path"] == "pillars[0].questions[0].riskRules[1].condition"
                && p["message"].as_str().unwrap().contains("choise2")
        ),
        "{problems:#?}"
    );
    let error = json_error(
        d,
        &["new", "x.hashira", "--name", "X", "--lens", "bad.json"],
    );
    assert_eq!(error["code"], "IMPORT_PROBLEMS");
    assert!(!d.join("x.hashira").exists());
    assert_eq!(sha256(&d.join("w.hashira")), before);
}
