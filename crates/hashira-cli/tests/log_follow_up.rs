//! `hashira log` and the PDF's history appendix on the review's follow-up: an improvement
//! item's edit and a milestone read in words (old → new, in the glossary's terms) and are
//! picked by `--kind`, not shown as "other".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{hashira, json_error, pdf_text};

fn log_text(dir: &Path, args: &[&str]) -> String {
    let output = hashira(dir).arg("log").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// sec, SEC1 answered "none of these" (its practices become items), SEC1-02 given an owner,
/// a due date and a status, then a milestone.
fn followed_up(dir: &Path) -> &'static str {
    let file = "review.hashira";
    hashira(dir)
        .args(["new", file, "--name", "勘定系", "--set", "sec"])
        .assert()
        .success();
    hashira(dir)
        .args(["answer", file, "SEC1", "--none", "--by", "山田"])
        .assert()
        .success();
    hashira(dir)
        .args(["plan", "set", file, "SEC1", "SEC1-02"])
        .args([
            "--owner",
            "佐藤",
            "--due",
            "2027-03-31",
            "--status",
            "IN_PROGRESS",
        ])
        .args(["--by", "山田"])
        .assert()
        .success();
    hashira(dir)
        .args(["milestone", "add", file, "2026Q1", "--by", "山田"])
        .assert()
        .success();
    file
}

#[test]
fn an_item_edit_and_a_milestone_read_in_words_and_filter_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let file = followed_up(dir.path());
    let items = log_text(dir.path(), &[file, "--kind", "improvement_item_set"]);
    assert_eq!(
        items.matches("— 改善項目の変更 SEC1 ").count(),
        1,
        "{items}"
    );
    assert!(
        items.contains(" SEC1-02 (AWS ルートユーザーを保護する)\n"),
        "{items}"
    );
    assert!(
        items.ends_with(
            "\n    対応担当者: 未設定 → 佐藤\n    期限: （なし） → 2027-03-31\n    対応状況: 未着手 → 対応中\n"
        ),
        "{items}"
    );
    assert!(!items.contains("その他の変更"), "{items}");
    let english = log_text(
        dir.path(),
        &[file, "--kind", "milestone.add", "--lang", "en"],
    );
    assert_eq!(
        english.matches(" — Milestone created 2026Q1\n").count(),
        1,
        "{english}"
    );
    assert!(
        english.contains("\n    Milestone: \"2026Q1\" created (No.1)\n"),
        "{english}"
    );
    // The whole trail: no entry falls back to "other".
    let all = log_text(dir.path(), &[file]);
    assert!(!all.contains("その他の変更"), "{all}");
    assert!(all.contains("— マイルストーンの作成 2026Q1\n"), "{all}");
    // An unknown kind names the new kinds among the accepted ones.
    let error = json_error(dir.path(), &["log", file, "--kind", "nothing"]);
    let message = error["message"].as_str().unwrap();
    for key in [
        "improvement_item_set",
        "milestone_add",
        "question_set_upgrade",
    ] {
        assert!(message.contains(key), "{message}");
    }
}

#[test]
fn the_pdf_history_appendix_reads_the_item_edit_and_the_milestone_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = followed_up(dir.path());
    hashira(dir.path())
        .args(["report", file, "ja.pdf", "--with-history"])
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("ja.pdf"));
    for expected in [
        "山田—改善項目の変更SEC1",
        "対応担当者:未設定→佐藤",
        "期限:（なし）→2027-03-31",
        "対応状況:未着手→対応中",
        "山田—マイルストーンの作成2026Q1",
        "マイルストーン:「2026Q1」を作成(No.1)",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    assert!(!text.contains("その他の変更"), "{text}");
    hashira(dir.path())
        .args(["report", file, "en.pdf", "--with-history", "--lang", "en"])
        .assert()
        .success();
    let text = pdf_text(&dir.path().join("en.pdf"));
    for expected in [
        "Improvementitemchanged",
        "Owner:(notset)→佐藤",
        "Status:Open→Inprogress",
        "Milestone:\"2026Q1\"created(No.1)",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
}

#[test]
fn log_help_names_every_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let output = hashira(dir.path())
        .args(["log", "--help"])
        .output()
        .unwrap();
    // clap rewraps the help: compare without line breaks and indentation.
    let help: String = String::from_utf8(output.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for kind in hashira_core::history::HistoryKind::ALL {
        assert!(
            help.contains(kind.key()),
            "{} missing from {help}",
            kind.key()
        );
    }
}
