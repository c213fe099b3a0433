//! `hashira report --with-history`: the change history as the PDF's appendix, read back with
//! pdftotext.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{hashira, pdf_text};

#[test]
fn with_history_appends_every_change_with_notes_old_to_new() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    hashira(dir)
        .args(["new", "r.hashira", "--name", "勘定系", "--set", "sec"])
        .assert()
        .success();
    for notes in ["旧メモ", "新メモ"] {
        hashira(dir)
            .args([
                "answer",
                "r.hashira",
                "SEC1",
                "--choose",
                "SEC1-02",
                "--notes",
                notes,
            ])
            .args(["--by", "山田 太郎"])
            .assert()
            .success();
    }
    hashira(dir)
        .args(["report", "r.hashira", "with.pdf", "--with-history"])
        .assert()
        .success();
    let text = pdf_text(&dir.join("with.pdf"));
    assert!(text.contains("付録:変更履歴"), "{text}");
    assert!(
        text.contains(
            "#4 2026-04-01 09:00 山田 太郎 — 回答の変更 SEC1"
                .replace(' ', "")
                .as_str()
        ),
        "{text}"
    );
    assert!(text.contains("メモ:\"旧メモ\"→\"新メモ\""), "{text}");
    assert!(
        text.contains("選択:+SEC1-02(AWSルートユーザーを保護する)"),
        "{text}"
    );

    hashira(dir)
        .args([
            "report",
            "r.hashira",
            "en.pdf",
            "--with-history",
            "--lang",
            "en",
        ])
        .assert()
        .success();
    let text = pdf_text(&dir.join("en.pdf"));
    assert!(text.contains("Appendix:changehistory"), "{text}");
    assert!(text.contains("Notes:\"旧メモ\"→\"新メモ\""), "{text}");

    hashira(dir)
        .args(["report", "r.hashira", "without.pdf"])
        .assert()
        .success();
    let text = pdf_text(&dir.join("without.pdf"));
    assert!(!text.contains("付録:変更履歴"), "{text}");
    assert!(!text.contains("\"旧メモ\"→"), "{text}");
}

#[test]
fn a_reviewers_copy_and_its_merge_are_named_so_in_the_pdf_history_and_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let run = |args: &[&str]| {
        hashira(dir).args(args).assert().success();
    };
    run(&["new", "w.hashira", "--name", "勘定系", "--set", "sec"]);
    run(&["copy", "w.hashira", "sato.hashira", "--by", "佐藤"]);
    run(&[
        "answer",
        "sato.hashira",
        "SEC2",
        "--choose",
        "SEC2-01",
        "--by",
        "佐藤",
    ]);
    run(&["merge", "w.hashira", "sato.hashira", "--by", "山田"]);

    run(&["report", "w.hashira", "ja.pdf", "--with-history"]);
    let text = pdf_text(&dir.join("ja.pdf"));
    for expected in [
        "佐藤—ワークブックのコピー（レビュー担当者用）sato.hashira",
        "コピー元:w.hashira",
        "佐藤—回答の変更SEC2",
        "山田—レビュー担当者のワークブックの統合sato.hashira",
        "取り込んだ変更履歴の件数:2",
        "相手側から取り込んだ変更:回答1",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    assert!(!text.contains("その他の変更"), "{text}");
    run(&[
        "report",
        "w.hashira",
        "en.pdf",
        "--with-history",
        "--lang",
        "en",
    ]);
    let text = pdf_text(&dir.join("en.pdf"));
    for expected in [
        "Workbookcopiedforareviewersato.hashira",
        "Reviewer'sworkbookmergedsato.hashira",
        "Changestakenfromtheirs:Answers1",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }

    let log = hashira(dir).args(["log", "w.hashira"]).output().unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert!(
        log.contains("山田 — レビュー担当者のワークブックの統合 sato.hashira"),
        "{log}"
    );
    assert!(log.contains("相手側から取り込んだ変更: 回答 1"), "{log}");
    let only = hashira(dir)
        .args(["log", "w.hashira", "--kind", "workbook_merge", "--json"])
        .output()
        .unwrap();
    let only: serde_json::Value = serde_json::from_slice(&only.stdout).unwrap();
    assert_eq!(only.as_array().unwrap().len(), 1, "{only}");
    assert_eq!(only[0]["description"]["kind"], "workbook_merge");
}
