//! `hashira log`: the change history as readable records, filtered; `--json` keeps the raw
//! entries and adds their description.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{hashira, json, json_error};

fn workbook(dir: &Path) -> String {
    hashira(dir)
        .args([
            "new",
            "review.hashira",
            "--name",
            "勘定系 API 基盤",
            "--set",
            "sec",
        ])
        .assert()
        .success();
    "review.hashira".to_string()
}

fn log_text(dir: &Path, args: &[&str]) -> String {
    let output = hashira(dir).arg("log").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Two answers to SEC1 by 山田 太郎 on 2026-04-01 (JST), one to SEC2 by 佐藤 on 2026-04-03.
fn history(dir: &Path) -> String {
    let file = workbook(dir);
    for (choices, notes) in [
        (["SEC1-01", "SEC1-03"], "旧メモ"),
        (["SEC1-01", "SEC1-02"], "新メモ"),
    ] {
        hashira(dir)
            .args([
                "answer", &file, "SEC1", "--choose", choices[0], "--choose", choices[1],
            ])
            .args(["--notes", notes, "--by", "山田 太郎"])
            .assert()
            .success();
    }
    hashira(dir)
        .env("HASHIRA_NOW", "2026-04-03T23:30:00+09:00")
        .args(["answer", &file, "SEC2", "--none", "--by", "佐藤"])
        .assert()
        .success();
    file
}

#[test]
fn log_reads_as_a_record_with_choice_titles_and_notes_old_to_new() {
    let dir = tempfile::tempdir().unwrap();
    let file = history(dir.path());
    let text = log_text(dir.path(), &[&file, "--question", "SEC1"]);
    assert_eq!(
        text,
        "#3 2026-04-01 09:00 山田 太郎 — 回答の変更 SEC1 認証情報と認証をどのように管理していますか？\n\
         \x20   選択: + SEC1-01 (アイデンティティおよびアクセス管理要件を定義する), + SEC1-03 (Multi-Factor Authentication (MFA) の使用を義務化する)\n\
         \x20   メモ: \"旧メモ\"\n\
         \n\
         #4 2026-04-01 09:00 山田 太郎 — 回答の変更 SEC1 認証情報と認証をどのように管理していますか？\n\
         \x20   選択: + SEC1-02 (AWS ルートユーザーを保護する), − SEC1-03 (Multi-Factor Authentication (MFA) の使用を義務化する)\n\
         \x20   メモ: \"旧メモ\" → \"新メモ\"\n"
    );
    let english = log_text(dir.path(), &[&file, "--question", "sec1", "--lang", "en"]);
    assert!(
        english.contains("#4 2026-04-01 09:00 山田 太郎 — Answer changed SEC1 How do you manage credentials and authentication?\n"),
        "{english}"
    );
    assert!(
        english.contains("    Notes: \"旧メモ\" → \"新メモ\"\n"),
        "{english}"
    );
    // No raw JSON in the readable output.
    assert!(!text.contains("selected_choices"), "{text}");
}

#[test]
fn log_filters_by_actor_and_inclusive_days_in_the_workbook_zone() {
    let dir = tempfile::tempdir().unwrap();
    let file = history(dir.path());
    let seqs = |args: &[&str]| -> Vec<i64> {
        let mut full = vec!["log", file.as_str()];
        full.extend_from_slice(args);
        json(dir.path(), &full)
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(seqs(&[]), vec![1, 2, 3, 4, 5]);
    assert_eq!(seqs(&["--actor", "山田 太郎"]), vec![3, 4]);
    assert_eq!(seqs(&["--actor", "佐藤"]), vec![5]);
    // 2026-04-03 23:30 in +09:00 is 14:30 UTC the same day; the day is the workbook's.
    assert_eq!(seqs(&["--from", "2026-04-02"]), vec![5]);
    assert_eq!(seqs(&["--to", "2026-04-01"]), vec![1, 2, 3, 4]);
    assert_eq!(
        seqs(&["--from", "2026-04-03", "--to", "2026-04-03"]),
        vec![5]
    );
    assert_eq!(seqs(&["--from", "2026-04-04"]), Vec::<i64>::new());
    assert_eq!(
        seqs(&["--kind", "workbook_create", "--kind", "question_set.add"]),
        vec![1, 2]
    );
    let text = log_text(dir.path(), &[&file, "--actor", "佐藤"]);
    assert!(
        text.starts_with("#5 2026-04-03 23:30 佐藤 — 回答の変更 SEC2 "),
        "{text}"
    );

    let error = json_error(dir.path(), &["log", &file, "--from", "04/01/2026"]);
    assert_eq!(error["code"], "INVALID_PROPERTY");
    assert!(
        error["message"].as_str().unwrap().contains("04/01/2026"),
        "{error}"
    );
    assert_eq!(error["details"]["field"], "from");
    assert!(
        !error["message"].as_str().unwrap().contains("workload"),
        "{error}"
    );
    let error = json_error(dir.path(), &["log", &file, "--kind", "nothing"]);
    assert_eq!(error["code"], "INVALID_PROPERTY");
}

#[test]
fn log_json_keeps_the_raw_entries_and_adds_their_description() {
    let dir = tempfile::tempdir().unwrap();
    let file = history(dir.path());
    let log = json(dir.path(), &["log", &file, "--question", "SEC1"]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["seq"], 4);
    assert_eq!(last["action"], "answer.update");
    assert_eq!(last["target"], "SEC1");
    assert_eq!(last["actor"], "山田 太郎");
    assert_eq!(last["at"], "2026-04-01T00:00:00.000Z");
    assert_eq!(
        last["new_value"]["selected_choices"],
        serde_json::json!(["SEC1-01", "SEC1-02"])
    );
    assert_eq!(last["old_value"]["notes"], "旧メモ");
    assert_eq!(last["entry_hash"].as_str().unwrap().len(), 64);
    let description = &last["description"];
    assert_eq!(description["kind"], "answer_update");
    assert_eq!(description["when"], "2026-04-01 09:00");
    assert_eq!(description["question"]["id"], "SEC1");
    assert_eq!(description["changes"][1]["field"], "notes");
    assert_eq!(description["changes"][1]["old"]["ja"], "旧メモ");
    assert_eq!(description["changes"][1]["new"]["ja"], "新メモ");
}
