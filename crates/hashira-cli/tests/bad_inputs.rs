//! The real `hashira` binary on inputs built to break it (the files in `tests/bad-inputs/` and
//! set files made here): a clear error and exit 1, never an abort, and the workbook unchanged.
//! The table over the whole corpus, driven by `tests/bad-inputs/expected.toml`, is in
//! `bad_inputs/table.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "bad_inputs/table.rs"]
mod table;

use std::path::{Path, PathBuf};

use common::{hashira, json_error};

fn bad_input(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/bad-inputs")
        .join(name)
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_wg_file_with_a_value_in_excels_last_cell_is_refused_not_aborted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir)
        .args(["demo", "demo.hashira"])
        .assert()
        .success();
    let before = bytes(&dir.join("demo.hashira"));
    let sheet = bad_input("wg-criteria-value-at-XFD1048576.xlsx");
    let sheet = sheet.to_str().unwrap();
    for args in [
        vec!["wg", "import", "demo.hashira", sheet],
        vec!["import", "xlsx", "demo.hashira", sheet],
    ] {
        let error = json_error(dir, &args);
        assert_eq!(error["code"], "XLSX_INVALID", "{error}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("wg-criteria-value-at-XFD1048576.xlsx"),
            "{message}"
        );
        assert!(message.contains("XFD1048576"), "{message}");
    }
    assert_eq!(bytes(&dir.join("demo.hashira")), before);
}

/// A one-question set whose rule 1 is `condition` (rule 2 is `default`).
fn set_with_rule(condition: &str) -> String {
    format!(
        r#"format_version = 1
id = "deep"
version = "0.1"
languages = ["ja"]
title = {{ ja = "深い規則" }}
[source]
document = "テスト"
edition = "1"
[[pillars]]
id = "security"
title = {{ ja = "セキュリティ" }}
[[pillars.questions]]
id = "PQ1"
title = {{ ja = "質問" }}
risk_rules = [{{ condition = "{condition}", risk = "NONE" }}, {{ condition = "default", risk = "HIGH" }}]
[[pillars.questions.choices]]
id = "PQ1-01"
title = {{ ja = "選択肢" }}
[[pillars.questions.choices]]
id = "PQ1_no"
title = {{ ja = "いずれも該当しない" }}
none_of_these = true
"#
    )
}

fn deep_parentheses() -> String {
    format!("{}PQ1-01{}", "(".repeat(10_000), ")".repeat(10_000))
}

fn deep_nots() -> String {
    format!("{}PQ1-01", "!".repeat(10_000))
}

fn long_chain() -> String {
    vec!["PQ1-01"; 200_000].join(" && ")
}

#[test]
fn a_set_file_with_a_deep_or_huge_rule_is_refused_by_new_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (name, condition, expected) in [
        ("parens.toml", deep_parentheses(), "nesting deeper than 64"),
        ("nots.toml", deep_nots(), "nesting deeper than 64"),
        ("chain.toml", long_chain(), "over the limit of 65536"),
        (
            "terms.toml",
            vec!["PQ1-01"; 5_000].join("&&"),
            "more than 4096 choice references",
        ),
    ] {
        std::fs::write(dir.join(name), set_with_rule(&condition)).unwrap();
        let error = json_error(
            dir,
            &["new", "w.hashira", "--name", "x", "--set-file", name],
        );
        assert_eq!(error["code"], "QUESTION_SET_INVALID", "{name}: {error}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(name), "{message}");
        assert!(message.contains("question PQ1: risk rule 1"), "{message}");
        assert!(message.contains(expected), "{name}: {message}");
        // The problem quotes the start of the rule, not all of it.
        assert!(message.len() < 1_000, "{name}: {} bytes", message.len());
        assert!(!dir.join("w.hashira").exists());
    }
}

#[test]
fn a_workbook_already_holding_a_huge_rule_fails_to_open_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("ok.toml"), set_with_rule("PQ1-01")).unwrap();
    hashira(dir)
        .args(["new", "w.hashira", "--name", "x", "--set-file", "ok.toml"])
        .assert()
        .success();
    // As an older build (or a hand edit) could have stored it.
    let conn = rusqlite::Connection::open(dir.join("w.hashira")).unwrap();
    let changed = conn
        .execute(
            "UPDATE question_set SET source_text = ?1 WHERE id = 'deep'",
            [set_with_rule(&long_chain())],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    let before = bytes(&dir.join("w.hashira"));
    // `show` reads no set's text: it counts with the rules stored when the set was added
    // (and checked then); `verify` (below) refuses the edited text.
    hashira(dir).args(["show", "w.hashira"]).assert().success();
    for args in [
        vec!["verify", "w.hashira"],
        vec!["questions", "w.hashira"],
        vec!["answer", "w.hashira", "PQ1", "--choose", "PQ1-01"],
    ] {
        let error = json_error(dir, &args);
        assert_eq!(error["code"], "WORKBOOK_CORRUPT", "{args:?}: {error}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains("question set 'deep'"), "{message}");
        assert!(message.contains("over the limit of 65536"), "{message}");
    }
    assert_eq!(bytes(&dir.join("w.hashira")), before);
}

#[test]
fn evidence_get_never_loses_an_existing_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir)
        .args(["new", "w.hashira", "--name", "x", "--set", "sec"])
        .assert()
        .success();
    std::fs::write(dir.join("policy.txt"), "規程の本文".repeat(100)).unwrap();
    hashira(dir)
        .args([
            "evidence",
            "add",
            "w.hashira",
            "SEC1",
            "--file",
            "policy.txt",
        ])
        .assert()
        .success();
    let mine = b"the user's own file".to_vec();
    std::fs::write(dir.join("out.txt"), &mine).unwrap();
    // Without --force an existing file is refused and left as it is.
    let error = json_error(dir, &["evidence", "get", "w.hashira", "1", "out.txt"]);
    assert_eq!(error["code"], "IO", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("will not overwrite"),
        "{error}"
    );
    assert_eq!(bytes(&dir.join("out.txt")), mine);
    // A damaged stored file fails even with --force, and the target survives.
    let conn = rusqlite::Connection::open(dir.join("w.hashira")).unwrap();
    conn.execute_batch("UPDATE evidence_blob SET content = zeroblob(length(content))")
        .unwrap();
    drop(conn);
    let error = json_error(
        dir,
        &["evidence", "get", "w.hashira", "1", "out.txt", "--force"],
    );
    assert_eq!(error["code"], "WORKBOOK_CORRUPT", "{error}");
    assert_eq!(bytes(&dir.join("out.txt")), mine);
    // A sound stored file: --force replaces the target with it.
    hashira(dir)
        .args([
            "evidence",
            "add",
            "w.hashira",
            "SEC1",
            "--file",
            "policy.txt",
        ])
        .assert()
        .success();
    hashira(dir)
        .args(["evidence", "get", "w.hashira", "2", "out.txt", "--force"])
        .assert()
        .success();
    assert_eq!(
        bytes(&dir.join("out.txt")),
        "規程の本文".repeat(100).into_bytes()
    );
}

#[test]
fn a_real_export_of_another_workbook_is_refused_at_its_workbook_id() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir).args(["demo", "a.hashira"]).assert().success();
    hashira(dir)
        .args(["new", "b.hashira", "--name", "別", "--set", "sec"])
        .assert()
        .success();
    hashira(dir)
        .args(["export", "xlsx", "a.hashira", "a.xlsx", "--set", "sec"])
        .assert()
        .success();
    let before = bytes(&dir.join("b.hashira"));
    let error = json_error(dir, &["import", "xlsx", "b.hashira", "a.xlsx"]);
    assert_eq!(error["code"], "IMPORT_PROBLEMS", "{error}");
    let problems = error["details"]["problems"].as_array().unwrap();
    assert_eq!(problems[0]["sheet"], "サマリー", "{error}");
    assert_eq!(problems[0]["row"], 3, "{error}");
    assert_eq!(problems[0]["column"], "B", "{error}");
    let message = problems[0]["message"].as_str().unwrap();
    assert!(
        message.contains("exported from another workbook"),
        "{message}"
    );
    assert_eq!(bytes(&dir.join("b.hashira")), before);
    // Into the workbook it came from, the same file imports (it changes nothing).
    hashira(dir)
        .args(["import", "xlsx", "a.hashira", "a.xlsx"])
        .assert()
        .success();
}
