//! What a signer relies on, checked in the rendered PDF with poppler: an unfinished review is
//! marked as a draft on every page and never reads as clean; the cover states the workbook's
//! integrity check and an edited workbook is warned about on every page; the printed figures
//! are the core's `RiskCounts`; "None of these" is never printed as a best practice; cut text
//! ends with "…"; table headers keep their words whole; times are in the workbook's zone.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{page_count, page_text, poppler, squash, text_without_spaces, write_pdf};
use hashira_core::workbook::{AnswerChange, NotApplicable, NotApplicableReason};
use hashira_core::{FixedClock, Lang, RiskCounts, Workbook};
use hashira_report::{ReportModel, report_pdf};
use time::macros::datetime;

fn render(workbook: &Workbook, lang: Lang, dir: &Path, name: &str) -> PathBuf {
    let bytes = report_pdf(workbook, &common::options(lang)).unwrap();
    write_pdf(dir, name, &bytes)
}

/// Every question of the workbook answered with its first best practice; `not_applicable`
/// questions marked N/A instead, with the given reason text.
fn answer_all(workbook: &mut Workbook, not_applicable: &[(&str, &str)]) {
    let changes = workbook
        .review(None)
        .unwrap()
        .into_iter()
        .map(|q| {
            let change = match not_applicable.iter().find(|(id, _)| *id == q.question_id) {
                Some((_, text)) => AnswerChange {
                    not_applicable: Some(Some(NotApplicable {
                        reason: NotApplicableReason::OutOfScope,
                        text: text.to_string(),
                    })),
                    ..AnswerChange::default()
                },
                None => {
                    let first = q.choices.iter().find(|c| !c.none_of_these).unwrap();
                    AnswerChange {
                        selected_choices: Some(vec![first.id.clone()]),
                        ..AnswerChange::default()
                    }
                }
            };
            (q.question_id, change)
        })
        .collect();
    workbook.save_answers(changes, "tester").unwrap();
}

fn totals(workbook: &Workbook) -> RiskCounts {
    ReportModel::build(workbook, &common::options(Lang::Ja))
        .unwrap()
        .summary
        .totals
}

#[test]
fn an_empty_review_is_a_draft_on_every_page_and_never_reads_as_clean() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::empty_workbook(dir.path(), "空のワークロード");
    let questions = workbook.risk_summary().unwrap().counts.questions;
    assert!(questions > 0);

    let pdf = render(&workbook, Lang::Ja, dir.path(), "empty-ja.pdf");
    let pages = page_count(&pdf);
    for page in 1..=pages {
        assert!(
            page_text(&pdf, page).contains("ドラフト（未完了）"),
            "page {page} has no draft mark"
        );
    }
    let text = text_without_spaces(&pdf);
    assert!(!text.contains("高リスク・中リスクの質問はありません"));
    assert!(!text.contains("改善が必要な高リスク・中リスクの質問はありません"));
    assert!(text.contains(&squash(&format!(
        "{questions} 問中 {questions} 問が未回答です。未回答の質問のリスクは不明です。"
    ))));
    assert!(text.contains(&squash(&format!(
        "未回答の質問が {questions} 問あります。そのリスクは不明のため"
    ))));
    // The sign-off page states the completeness next to the signatures.
    let last = page_text(&pdf, pages);
    assert!(last.contains("承認者"), "the last page is not the sign-off");
    assert!(
        last.contains(&squash(&format!(
            "完了状況: {questions} 問中 {questions} 問未回答"
        ))),
        "{last}"
    );
    assert!(page_text(&pdf, 1).contains("改ざん検査:問題なし"));

    let pdf = render(&workbook, Lang::En, dir.path(), "empty-en.pdf");
    let pages = page_count(&pdf);
    for page in 1..=pages {
        assert!(
            page_text(&pdf, page).contains("Draft—incomplete"),
            "page {page} has no draft mark"
        );
    }
    let text = text_without_spaces(&pdf);
    assert!(!text.contains("Noquestionisathighormediumrisk"));
    assert!(!text.contains("Noquestionathighormediumriskneedsimprovement"));
    assert!(page_text(&pdf, pages).contains(&squash(&format!(
        "{questions} of {questions} questions unanswered"
    ))));
    assert!(page_text(&pdf, 1).contains("Integritycheck:passed"));
}

#[test]
fn a_complete_review_has_no_draft_mark_and_states_its_integrity() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::empty_workbook(dir.path(), "完了したレビュー");
    let first = workbook.review(None).unwrap()[0].question_id.clone();
    answer_all(
        &mut workbook,
        &[(first.as_str(), "このワークロードには該当しない")],
    );
    let counts = totals(&workbook);
    assert!(counts.is_complete(), "{counts:?}");

    let pdf = render(&workbook, Lang::Ja, dir.path(), "complete.pdf");
    let text = text_without_spaces(&pdf);
    assert!(!text.contains("ドラフト"));
    assert!(!text.contains("未回答です"));
    let head = workbook.audit_log().unwrap().last().unwrap().clone();
    let cover = page_text(&pdf, 1);
    assert!(
        cover.contains(&squash(&format!(
            "改ざん検査: 問題なし（変更履歴の末尾 #{} {}）",
            head.seq,
            &head.entry_hash[..12]
        ))),
        "{cover}"
    );
    let pages = page_count(&pdf);
    assert!(page_text(&pdf, pages).contains(&squash(&format!(
        "完了状況: 全 {} 問をレビュー済み",
        counts.questions
    ))));

    let pdf = render(&workbook, Lang::En, dir.path(), "complete-en.pdf");
    let text = text_without_spaces(&pdf);
    assert!(!text.contains("Draft"));
    assert!(page_text(&pdf, 1).contains(&squash(&format!(
        "Integrity check: passed (audit chain head #{} {})",
        head.seq,
        &head.entry_hash[..12]
    ))));
}

#[test]
fn a_not_applicable_question_without_a_reason_keeps_the_report_a_draft_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::empty_workbook(dir.path(), "理由なし");
    let review = workbook.review(None).unwrap();
    let (first, second) = (&review[0], &review[1]);
    answer_all(
        &mut workbook,
        &[
            (first.question_id.as_str(), "  "),
            (second.question_id.as_str(), "対象外の理由"),
        ],
    );
    let counts = totals(&workbook);
    assert_eq!(counts.unanswered, 0);
    assert_eq!(counts.not_applicable_without_reason, 1);
    assert!(!counts.is_complete());

    let pdf = render(&workbook, Lang::Ja, dir.path(), "na.pdf");
    let pages = page_count(&pdf);
    for page in 1..=pages {
        assert!(page_text(&pdf, page).contains("ドラフト（未完了）"));
    }
    let text = text_without_spaces(&pdf);
    assert!(text.contains("次の1問は対象外の理由が記入されていません。"));
    assert!(text.contains(&squash(&first.label)));
    assert!(page_text(&pdf, pages).contains(&squash(&format!(
        "完了状況: {} 問中 0 問未回答、理由のない対象外 1 問",
        counts.questions
    ))));
}

#[test]
fn an_edited_audit_entry_is_warned_about_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo(dir.path()).path().to_path_buf();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE audit_entry SET actor = '改ざん' WHERE seq = 2", [])
        .unwrap();
    let clock = Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000));
    let workbook = Workbook::open(&path, clock).unwrap();
    let problems = workbook.verify().unwrap().problems.len();
    assert!(problems > 0);

    let pdf = render(&workbook, Lang::Ja, dir.path(), "edited.pdf");
    for page in 1..=page_count(&pdf) {
        assert!(
            page_text(&pdf, page).contains("改ざん検査:不合格—内容を確認してください"),
            "page {page} has no integrity warning"
        );
    }
    let cover = page_text(&pdf, 1);
    assert!(
        cover.contains(&format!("改ざん検査:不合格—問題{problems}件")),
        "{cover}"
    );
    assert!(!cover.contains("問題なし"));

    let pdf = render(&workbook, Lang::En, dir.path(), "edited-en.pdf");
    for page in 1..=page_count(&pdf) {
        assert!(page_text(&pdf, page).contains("Integritycheck:FAILED—checkthecontents"));
    }
}

#[test]
fn none_of_these_is_never_printed_as_a_best_practice() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::demo(dir.path());
    // The demo answers SEC 3 with "None of these" (SEC3_no).
    let model = ReportModel::build(&workbook, &common::options(Lang::Ja)).unwrap();
    let sec3 = model.questions().find(|q| q.id == "SEC3").unwrap();
    assert!(sec3.none_of_these.is_some());
    let pdf = render(&workbook, Lang::Ja, dir.path(), "demo.pdf");
    let text = text_without_spaces(&pdf);
    assert!(
        !text.contains("_no"),
        "a None-of-these choice id is printed"
    );
    assert!(text.contains("（実施しているベストプラクティスはありません）"));
}

#[test]
fn a_long_workload_name_and_label_are_cut_with_an_ellipsis_on_the_cover_and_every_page() {
    let dir = tempfile::tempdir().unwrap();
    // The longest name the core accepts, and a 300-character label.
    let name: String = "とても長いワークロード名ABC"
        .chars()
        .cycle()
        .take(200)
        .collect();
    let label: String = "取扱注意・社外秘・第三者提供禁止"
        .chars()
        .cycle()
        .take(300)
        .collect();
    let workbook = common::empty_workbook(dir.path(), &name);
    let mut options = common::options(Lang::Ja);
    options.label = label.clone();
    let pdf = write_pdf(
        dir.path(),
        "long.pdf",
        &report_pdf(&workbook, &options).unwrap(),
    );
    let cover = page_text(&pdf, 1);
    // The cover's title, name row and label row are cut; the contents still fit on it.
    assert!(cover.matches('…').count() >= 3, "{cover}");
    assert!(cover.contains("目次") && cover.contains("承認"));
    for page in 2..=page_count(&pdf) {
        let text = page_text(&pdf, page);
        // Header (the name) and footer (the label) both cut with an ellipsis.
        assert!(text.starts_with("とても長いワークロード名"), "{text}");
        assert!(text.matches('…').count() >= 2, "page {page}: {text}");
        assert!(!text.contains(&label));
    }
    // Printed whole in the workload section.
    assert!(text_without_spaces(&pdf).contains(&name));
    options.lang = Lang::En;
    let pdf = write_pdf(
        dir.path(),
        "long-en.pdf",
        &report_pdf(&workbook, &options).unwrap(),
    );
    let cover = page_text(&pdf, 1);
    assert!(
        cover.contains("Contents") && cover.contains("Sign-off"),
        "{cover}"
    );
}

/// The line of `pdftotext -layout` output holding every header word as a whole word.
fn header_line<'a>(layout: &'a str, words: &[&str]) -> Option<&'a str> {
    layout.lines().find(|line| {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        words.iter().all(|w| tokens.contains(w))
    })
}

#[test]
fn table_headers_never_break_inside_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::demo(dir.path());
    let pdf = render(&workbook, Lang::En, dir.path(), "en.pdf");
    let path = pdf.to_str().unwrap();
    let layout = poppler("pdftotext", &["-layout", "-f", "2", "-l", "2", path, "-"]);
    let words = [
        "Questions",
        "Reviewed",
        "High",
        "Medium",
        "None",
        "N/A",
        "Unanswered",
        "Progress",
    ];
    assert!(header_line(&layout, &words).is_some(), "{layout}");

    let pdf = render(&workbook, Lang::Ja, dir.path(), "ja.pdf");
    let path = pdf.to_str().unwrap();
    let layout = poppler("pdftotext", &["-layout", "-f", "2", "-l", "2", path, "-"]);
    let words = [
        "質問数",
        "レビュー済み",
        "高",
        "中",
        "なし",
        "対象外",
        "未回答",
        "進捗",
    ];
    assert!(header_line(&layout, &words).is_some(), "{layout}");
}

#[test]
fn printed_figures_are_the_core_figures() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::demo(dir.path());
    let c = workbook.risk_summary().unwrap().counts;
    assert!(c.unanswered > 0 && c.not_applicable > 0 && c.high > 0);
    let figures = [
        c.questions,
        c.reviewed,
        c.high,
        c.medium,
        c.none,
        c.not_applicable,
        c.unanswered,
    ]
    .map(|n| n.to_string());
    let percent = format!("{}%", c.progress_percent);

    for (lang, line, total) in [
        (
            Lang::Ja,
            format!(
                "{} 問中 {} 問をレビュー済み（回答 {}・対象外 {}）：{}%",
                c.questions, c.reviewed, c.answered, c.not_applicable, c.progress_percent
            ),
            "合計",
        ),
        (
            Lang::En,
            format!(
                "{} of {} questions reviewed ({} answered, {} not applicable): {}%",
                c.reviewed, c.questions, c.answered, c.not_applicable, c.progress_percent
            ),
            "Total",
        ),
    ] {
        let pdf = render(&workbook, lang, dir.path(), "figures.pdf");
        let summary = page_text(&pdf, 2);
        assert!(summary.contains(&squash(&line)), "{lang:?}: {summary}");
        let layout = poppler(
            "pdftotext",
            &["-layout", "-f", "2", "-l", "3", pdf.to_str().unwrap(), "-"],
        );
        let row = layout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(total))
            .unwrap_or_else(|| panic!("{lang:?}: no total row in\n{layout}"));
        let mut expected: Vec<&str> = vec![total];
        expected.extend(figures.iter().map(String::as_str));
        expected.push(&percent);
        assert_eq!(row.split_whitespace().collect::<Vec<_>>(), expected);
    }
}

#[test]
fn times_are_in_the_workbooks_time_zone_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::demo(dir.path());
    let mut workload = workbook.workload().unwrap();
    workload.time_zone = "-05:00".into();
    workbook.update_workload(workload, "tester").unwrap();
    // The report is asked for at 10:00 JST (common::options) = 20:00 the day before at -05:00.
    for lang in [Lang::Ja, Lang::En] {
        let model = ReportModel::build(&workbook, &common::options(lang)).unwrap();
        assert_eq!(
            model.generated_at, "2026-04-01 20:00 (UTC-05:00)",
            "{lang:?}"
        );
        assert!(model.generated_at_rfc3339.ends_with("-05:00"));
        // The demo's answers were saved at 09:00 JST (00:00 UTC) on 2026-04-01.
        let answered = model
            .questions()
            .find_map(|q| q.answered_at.clone())
            .unwrap();
        assert!(
            answered.starts_with("2026-03-31 19:"),
            "{lang:?}: {answered}"
        );
        let pdf = render(&workbook, lang, dir.path(), "zone.pdf");
        assert!(page_text(&pdf, 1).contains("2026-04-0120:00(UTC-05:00)"));
    }
}
