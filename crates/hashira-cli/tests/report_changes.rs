//! `hashira report --since MILESTONE` (the section "changes since milestone X") and
//! `--milestone M` (the cover says the report is as of M), through the real binary, read back
//! with pdftotext in Japanese and English: every count is the one `hashira diff --json`
//! prints, the changed questions name their choices, a long note wraps over pages whole, the
//! risk trend lists each milestone (and now), and a --since not earlier than --milestone is
//! refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{json, json_error, pdf_text};
use serde_json::{Value, json};

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every sentence of `note` is in `text` whole, or — where a page break falls inside it —
/// its two parts are, the second shortly after the first (the page's footer and the next
/// page's header and repeated table header between them).
fn assert_whole_across_pages(text: &str, note: &str) {
    for sentence in note.split_inclusive('。').map(squash) {
        if text.contains(&sentence) {
            continue;
        }
        let split = sentence.char_indices().skip(1).any(|(at, _)| {
            let (head, tail) = sentence.split_at(at);
            text.match_indices(head).any(|(p, _)| {
                let after = &text[p + head.len()..];
                after.starts_with(tail)
                    || after.chars().take(300).collect::<String>().contains(tail)
            })
        });
        assert!(split, "not in the report: {sentence}");
    }
}

/// The number of the first page whose text has `needle` (white space ignored).
fn page_of(pdf: &Path, needle: &str) -> usize {
    (1..=pages(pdf))
        .find(|p| squash(&common_page(pdf, *p)).contains(needle))
        .unwrap_or_else(|| panic!("{needle} on no page"))
}

fn pages(pdf: &Path) -> usize {
    let output = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(output.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A note long enough to run over a page inside the changed questions' table.
fn long_note() -> String {
    (1..=60)
        .map(|n| format!("第{n}項: 多要素認証の導入範囲を確認し、例外の承認記録を保管する。"))
        .collect()
}

/// Q1: SEC1 and SEC2 "none of these" (HIGH), SEC1-01 in progress. Q2: SEC1 fully answered
/// with a long note (HIGH → NONE), SEC3 "none" (newly answered, new HIGH), SEC1-01 done.
/// Then, after Q2, SEC2 answered in full (HIGH → NONE).
fn reviewed(dir: &Path) {
    let run = |args: &[&str]| {
        json(dir, args);
    };
    run(&["new", "r.hashira", "--name", "勘定系", "--set", "sec"]);
    run(&["answer", "r.hashira", "SEC1", "--none"]);
    run(&["answer", "r.hashira", "SEC2", "--none"]);
    run(&[
        "plan",
        "set",
        "r.hashira",
        "SEC1",
        "SEC1-01",
        "--owner",
        "佐藤",
        "--status",
        "IN_PROGRESS",
    ]);
    run(&["milestone", "add", "r.hashira", "Q1"]);
    run(&[
        "plan",
        "set",
        "r.hashira",
        "SEC1",
        "SEC1-01",
        "--status",
        "DONE",
    ]);
    let note = long_note();
    let mut sec1 = vec!["answer", "r.hashira", "SEC1", "--notes", note.as_str()];
    for c in [
        "SEC1-01", "SEC1-02", "SEC1-03", "SEC1-04", "SEC1-05", "SEC1-06", "SEC1-07", "SEC1-08",
    ] {
        sec1.extend(["--choose", c]);
    }
    run(&sec1);
    run(&["answer", "r.hashira", "SEC3", "--none"]);
    run(&["milestone", "add", "r.hashira", "Q2"]);
}

fn choice_title(dir: &Path, question: &str, choice: &str, lang: &str) -> String {
    let all = json(dir, &["questions", "r.hashira"]);
    let shown = all
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == question)
        .unwrap();
    let choices = shown["choices"].as_array().unwrap();
    let found = choices.iter().find(|c| c["id"] == choice).unwrap();
    found["title"][lang].as_str().unwrap().to_string()
}

#[test]
fn the_report_since_a_milestone_shows_the_diffs_figures_and_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    reviewed(dir);

    // Q1 → now, in Japanese: the counts are the diff's.
    let done = json(dir, &["report", "r.hashira", "ja.pdf", "--since", "Q1"]);
    let diff = json(dir, &["diff", "r.hashira", "--from", "Q1"]);
    assert_eq!(done["changes_summary"], diff["summary"]);
    assert_eq!(
        diff["summary"],
        json!({
            "high_resolved": 1, "high_new": 1, "medium_resolved": 0, "medium_new": 0,
            "questions_changed": 2, "questions_added": 0, "questions_removed": 0,
            "newly_answered": 1, "workload_fields_changed": 0, "wg_criteria_changed": 0,
            "items_done": 1, "items_risk_accepted": 0, "items_added": 0, "items_removed": 0,
            "items_changed": 1, "items_overdue": 0,
        })
    );
    assert_eq!(
        (done["since"].clone(), done["milestone"].clone()),
        (json!("Q1"), Value::Null)
    );
    let text = pdf_text(&dir.join("ja.pdf"));
    assert!(
        text.contains("前回のマイルストーン『#1Q1』からの変更"),
        "{text}"
    );
    assert!(text.contains("マイルストーン『#1Q1』（2026-04-0109:00作成）から現在まで"));
    for (label, count) in [
        ("解消した高リスク", 1),
        ("新たな高リスク", 1),
        ("解消した中リスク", 0),
        ("変更された質問", 2),
        ("新たに回答された質問", 1),
        ("完了した改善項目", 1),
        ("変更された改善項目", 1),
        ("期限超過の改善項目", 0),
    ] {
        assert!(
            text.contains(&format!("{label}{count}")),
            "{label} {count}: {text}"
        );
    }
    let title = squash(&choice_title(dir, "SEC1", "SEC1-01", "ja"));
    assert!(
        text.contains(&format!("・選択の追加:SEC1-01{title}")),
        "{text}"
    );
    assert!(text.contains("・選択の解除:SEC1_no"), "{text}");
    // The whole note, over as many lines and pages as it needs.
    assert!(text.contains("・メモ:なし→第1項:"), "{text}");
    assert_whole_across_pages(&text, &long_note());
    let pdf = dir.join("ja.pdf");
    assert!(page_of(&pdf, "→第1項:") < page_of(&pdf, "第60項:"));
    assert!(pages(&dir.join("ja.pdf")) > 11);
    // Each question's risk before → after (SEC1 HIGH → NONE, SEC3 unanswered → HIGH) and
    // who changed it (the cells of a row split over pages are read in pdftotext's order).
    for shown in [
        "高リスクリスクなし",
        "未回答高リスク",
        "テスト花子2026-04-0109:00",
    ] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    // The item done, and the trend: each milestone, then now.
    assert!(text.contains("SEC1SEC1-01"), "{text}");
    assert!(text.contains("対応状況:対応中→完了"), "{text}");
    assert!(text.contains("改善計画に掲載→解消済み"), "{text}");
    assert!(text.contains("リスクの推移"), "{text}");
    let trend = &text[text.find("リスクの推移").unwrap()..];
    let (q1, q2, now) = (
        trend.find("#1Q1(高2/中0)").unwrap(),
        trend.find("#2Q2(高2/中0)").unwrap(),
        trend.find("現在(高2/中0)").unwrap(),
    );
    assert!(q1 < q2 && q2 < now, "{trend}");
    // The section is listed in the contents, after the summary.
    let contents = &text[..text.find("前回のマイルストーン『#1Q1』からの変更").unwrap()];
    assert!(contents.contains("1.サマリー") || contents.contains("サマリー"));

    // English, and nothing since Q2 but what changed after it.
    json(dir, &["answer", "r.hashira", "SEC2", "--choose", "SEC2-01"]);
    let done = json(
        dir,
        &[
            "report",
            "r.hashira",
            "en.pdf",
            "--since",
            "Q2",
            "--lang",
            "en",
        ],
    );
    let diff = json(dir, &["diff", "r.hashira"]);
    assert_eq!(done["changes_summary"], diff["summary"]);
    let text = pdf_text(&dir.join("en.pdf"));
    assert!(text.contains("Changessincemilestone#2Q2"), "{text}");
    assert!(
        text.contains("frommilestone#2Q2(made2026-04-0109:00)tonow"),
        "{text}"
    );
    assert_eq!(diff["summary"]["questions_changed"], 1);
    for (label, key) in [
        ("HIGHrisksresolved", "high_resolved"),
        ("NewHIGHrisks", "high_new"),
        ("MEDIUMrisksresolved", "medium_resolved"),
        ("NewMEDIUMrisks", "medium_new"),
        ("Questionschanged", "questions_changed"),
        ("Newlyanswered", "newly_answered"),
        ("Improvementitemsdone", "items_done"),
    ] {
        let shown = format!("{label}{}", diff["summary"][key]);
        assert!(text.contains(&shown), "{shown}: {text}");
    }
    let title = squash(&choice_title(dir, "SEC2", "SEC2-01", "en"));
    assert!(
        text.contains(&format!("・Selected:SEC2-01{title}")),
        "{text}"
    );
    assert!(text.contains("Risktrend"), "{text}");
    assert!(text.contains("Now(High"), "{text}");
}

#[test]
fn a_report_as_of_a_milestone_says_so_on_its_cover() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    reviewed(dir);
    let milestones = json(dir, &["milestone", "list", "r.hashira"]);
    let q2 = &milestones[1];
    let sha = q2["content_sha256"].as_str().unwrap();

    let done = json(
        dir,
        &[
            "report",
            "r.hashira",
            "q2.pdf",
            "--milestone",
            "Q2",
            "--since",
            "Q1",
        ],
    );
    assert_eq!(done["milestone"], "Q2");
    assert_eq!(done["workbook_sha256"], sha);
    let diff = json(dir, &["diff", "r.hashira", "--from", "Q1", "--to", "Q2"]);
    assert_eq!(done["changes_summary"], diff["summary"]);
    let cover = squash(&common_page(&dir.join("q2.pdf"), 1));
    assert!(
        cover.contains("マイルストーン『#2Q2』（2026-04-0109:00作成、テスト花子）時点"),
        "{cover}"
    );
    // The audit entry that records the milestone, the record's hash, the workbook file.
    let log = json(dir, &["log", "r.hashira"]);
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["action"] == "milestone.add")
        .unwrap();
    assert!(
        cover.contains(&format!(
            "改ざん検査:問題なし（マイルストーンの記録は変更履歴#{}に記録済み）",
            entry["seq"]
        )),
        "{cover}"
    );
    assert!(
        cover.contains(&format!("マイルストーン記録のSHA-256{sha}")),
        "{cover}"
    );
    assert!(cover.contains("ワークブックr.hashira"), "{cover}");
    // Every page says it: the last page's header too.
    let pdf = dir.join("q2.pdf");
    let last = squash(&common_page(&pdf, pages(&pdf)));
    assert!(last.contains("マイルストーン『#2Q2』時点"), "{last}");
    // As of Q2 the trend ends at Q2: no bar for now.
    let text = pdf_text(&dir.join("q2.pdf"));
    assert!(text.contains("からマイルストーン『#2Q2』まで"), "{text}");
    let trend = &text[text.find("リスクの推移").unwrap()..];
    assert!(
        trend.contains("#2Q2(高2/中0)") && !trend.contains("現在("),
        "{trend}"
    );

    // English cover.
    json(
        dir,
        &[
            "report",
            "r.hashira",
            "q1.pdf",
            "--milestone",
            "1",
            "--lang",
            "en",
        ],
    );
    let cover = squash(&common_page(&dir.join("q1.pdf"), 1));
    assert!(
        cover.contains("Asofmilestone#1Q1(made2026-04-0109:00byテスト花子)"),
        "{cover}"
    );
    assert!(
        cover.contains("Integritycheck:passed(themilestone'srecordisentry#"),
        "{cover}"
    );

    // --since must name an earlier milestone than --milestone.
    for since in ["Q2", "Q1"] {
        let error = json_error(
            dir,
            &[
                "report",
                "r.hashira",
                "x.pdf",
                "--milestone",
                "Q1",
                "--since",
                since,
            ],
        );
        assert_eq!(error["code"], "INVALID_PROPERTY", "{error}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("--since names an earlier one"),
            "{error}"
        );
    }
    assert!(!dir.join("x.pdf").exists());
    let error = json_error(dir, &["report", "r.hashira", "x.pdf", "--since", "Q9"]);
    assert_eq!(error["code"], "MILESTONE_NOT_FOUND");
}

fn common_page(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &page, "-l", &page])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}
