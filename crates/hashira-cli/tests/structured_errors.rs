//! Errors keep their structure at the `--json` boundary: every problem of a set file with its
//! place (no cap), and an I/O error with its path and the OS error kind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::json_error;

/// A set file with 30 problems: one question whose 30 choices each name a FISC reference that
/// is not one ("X1"), so every problem has its own place.
fn set_with_30_problems() -> String {
    let mut text = String::from(
        r#"format_version = 1
id = "thirty"
version = "0.1"
languages = ["ja"]
title = { ja = "三十の問題" }
[source]
document = "テスト"
edition = "1"
[[pillars]]
id = "security"
title = { ja = "セキュリティ" }
[[pillars.questions]]
id = "PQ1"
title = { ja = "質問" }
risk_rules = [{ condition = "default", risk = "HIGH" }]
"#,
    );
    for n in 1..=30 {
        text.push_str(&format!(
            "[[pillars.questions.choices]]\nid = \"PQ1-{n:02}\"\ntitle = {{ ja = \"選択肢\" }}\n\
             fisc_refs = [\"X{n}\"]\n"
        ));
    }
    text.push_str(
        "[[pillars.questions.choices]]\nid = \"PQ1_no\"\ntitle = { ja = \"いずれも該当しない\" }\n\
         none_of_these = true\n",
    );
    text
}

#[test]
fn every_problem_of_a_set_file_is_listed_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("thirty.toml"), set_with_30_problems()).unwrap();
    let error = json_error(
        dir,
        &[
            "new",
            "w.hashira",
            "--name",
            "x",
            "--set-file",
            "thirty.toml",
        ],
    );
    assert_eq!(error["code"], "QUESTION_SET_INVALID", "{error}");
    let problems = error["details"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 30, "{error}");
    for (n, problem) in (1..=30).zip(problems) {
        let place = &problem["place"];
        assert!(
            place["file"].as_str().unwrap().contains("thirty.toml"),
            "{problem}"
        );
        assert_eq!(place["pillar"], "security", "{problem}");
        assert_eq!(place["question"], "PQ1", "{problem}");
        assert_eq!(place["choice"], format!("PQ1-{n:02}"), "{problem}");
        assert_eq!(place["field"], "fisc_refs", "{problem}");
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains(&format!("'X{n}'")), "{message}");
    }
    // The text shows the first 20 and counts the rest.
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("30 problems"), "{message}");
    assert!(
        message.contains("question PQ1, choice PQ1-20: "),
        "{message}"
    );
    assert!(!message.contains("PQ1-21"), "{message}");
    assert!(message.ends_with("; and 10 more"), "{message}");
    assert!(!dir.join("w.hashira").exists());
}

#[test]
fn an_io_error_keeps_its_path_and_the_os_error_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    common::hashira(dir)
        .args(["new", "w.hashira", "--name", "x", "--set", "sec"])
        .assert()
        .success();
    let before = std::fs::read(dir.join("w.hashira")).unwrap();
    let args = ["evidence", "add", "w.hashira", "SEC1", "--file"];
    let error = json_error(dir, &[&args[..], &["missing/policy.pdf"]].concat());
    assert_eq!(error["code"], "IO", "{error}");
    assert_eq!(error["details"]["path"], "missing/policy.pdf", "{error}");
    assert_eq!(error["details"]["kind"], "NotFound", "{error}");
    assert_eq!(error["details"]["os_error"], 2, "{error}");
    assert_eq!(std::fs::read(dir.join("w.hashira")).unwrap(), before);
}
