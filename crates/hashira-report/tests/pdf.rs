//! The rendered PDF checked with poppler: pages, embedded subset fonts, real text, metadata,
//! links, every page rasterised, size, and nothing drawn outside the margins even for a very
//! long note and URL. Needs poppler-utils (scripts/test installs it); fails if it is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{page_count, poppler, squash, text_without_spaces, write_pdf};
use hashira_core::workbook::{AnswerChange, NewEvidence};
use hashira_core::{FixedClock, Lang, Workbook};
use hashira_report::{ReportModel, report_pdf};
use time::macros::datetime;

fn render_demo(dir: &Path, lang: Lang) -> (Vec<u8>, ReportModel) {
    let workbook = common::demo(dir);
    let model = ReportModel::build(&workbook, &common::options(lang)).unwrap();
    let bytes = hashira_report::render(&model).unwrap();
    (bytes, model)
}

#[test]
fn japanese_report_has_real_text_fonts_metadata_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, model) = render_demo(dir.path(), Lang::Ja);
    assert!(bytes.len() < 1_500_000, "report is {} bytes", bytes.len());
    let pdf = write_pdf(dir.path(), "ja.pdf", &bytes);
    let path = pdf.to_str().unwrap();

    let pages = page_count(&pdf);
    assert!(pages >= 10, "only {pages} pages");

    // Both weights embedded and subset (emb, sub, uni = yes).
    let fonts = poppler("pdffonts", &[path]);
    for name in ["BIZUDPGothic-Regular", "BIZUDPGothic-Bold"] {
        let line = fonts
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not in pdffonts output:\n{fonts}"));
        let first = line.split_whitespace().next().unwrap();
        assert!(
            first.len() > 7 && first.as_bytes()[6] == b'+',
            "not a subset name: {line}"
        );
        assert!(
            line.contains("yes yes yes"),
            "not embedded+subset+unicode: {line}"
        );
    }

    let text = text_without_spaces(&pdf);
    for expected in [
        "Well-Architectedセキュリティレビュー報告書",
        "インターネットバンキング基盤（AWS移行）",
        "認証情報と認証をどのように管理していますか？",
        "アクセス許可をどのように設定・管理していますか？",
        "ルートユーザーはハードウェアMFAで保護し、トークンは金庫で保管している。",
        "夜間バッチが長期のアクセスキーを使用している。",
        "本ワークロードは電子メールを送信しない",
        "IAMパスワードポリシー設定値",
        "改善計画",
        "実務基準",
        "実1",
        "承認者",
        "社外秘",
        &format!("ページ1/{pages}"),
        &format!("ページ{pages}/{pages}"),
        &model.cover.workbook_sha256,
    ] {
        assert!(
            text.contains(&squash(expected)),
            "pdftotext lacks {expected}"
        );
    }
    // The WG section is left out while the workbook has no WG evaluation.
    assert!(!text.contains("共同化WG"));

    let info = poppler("pdfinfo", &["-isodates", path]);
    assert!(
        info.contains("Title:           Well-Architected セキュリティレビュー報告書"),
        "{info}"
    );
    assert!(
        info.contains("Author:          山田 太郎, 佐藤 花子"),
        "{info}"
    );
    assert!(
        info.contains("Subject:         インターネットバンキング基盤"),
        "{info}"
    );
    assert!(
        // 10:00 JST; -isodates prints UTC whatever the machine's time zone.
        info.contains("CreationDate:    2026-04-02T01:00:00Z"),
        "{info}"
    );

    // Evidence links and the architecture URL are link annotations.
    let urls = poppler("pdfinfo", &["-url", path]);
    assert!(urls.contains(
        "https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/root-user-best-practices.html"
    ));
    assert!(urls.contains("https://example.com/hashira-bank/architecture/ib-platform"));

    // Every page renders.
    let prefix = dir.path().join("page");
    poppler(
        "pdftoppm",
        &["-png", "-r", "40", path, prefix.to_str().unwrap()],
    );
    let rendered = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with("page") && name.ends_with(".png")
        })
        .count();
    assert_eq!(rendered, pages);
}

#[test]
fn english_report_uses_english_strings() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = render_demo(dir.path(), Lang::En);
    let pdf = write_pdf(dir.path(), "en.pdf", &bytes);
    let pages = page_count(&pdf);
    let text = text_without_spaces(&pdf);
    for expected in [
        "Well-Architected Security Review Report",
        "How do you manage credentials and authentication?",
        "Improvement plan",
        "Sign-off",
        "Approver",
        "Confidential",
        &format!("Page 1 of {pages}"),
        // FISC sets are Japanese only: their text stays Japanese.
        "アクセス許可をどのように設定・管理していますか？",
        "ルートユーザーはハードウェア MFA で保護し",
    ] {
        assert!(
            text.contains(&squash(expected)),
            "pdftotext lacks {expected}"
        );
    }
    assert!(!text.contains("ページ"));
}

/// A workbook that pushes the layout: a 20,000-character note, a URL far longer than a line,
/// long words, every kind of evidence.
fn stress_workbook(dir: &Path) -> (Workbook, String, String) {
    let clock = Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000));
    let mut workbook = hashira_core::demo::create_demo(&dir.join("stress.hashira"), clock).unwrap();
    let note: String = "監査ログは S3 バケット（オブジェクトロック有効）に 7 年間保存し、「改ざん検知」を月次で確認する。"
        .chars()
        .cycle()
        .take(19_990)
        .collect::<String>()
        + "末尾マーカー";
    let url = format!(
        "https://example.com/{}/end-of-url",
        "very-long-path-segment_without_breaks".repeat(12)
    );
    workbook
        .save_answer(
            "SEC5",
            AnswerChange {
                selected_choices: Some(vec!["SEC5-01".into()]),
                notes: Some(note.clone()),
                ..AnswerChange::default()
            },
            "山田 太郎",
        )
        .unwrap();
    workbook
        .add_evidence(
            "SEC5",
            None,
            NewEvidence::Link {
                url: url.clone(),
                title: format!(
                    "とても長いリンク{}",
                    "Supercalifragilisticexpialidocious".repeat(6)
                ),
            },
            "佐藤 花子",
        )
        .unwrap();
    (workbook, note, url)
}

#[test]
fn very_long_note_and_url_stay_inside_the_margins() {
    let dir = tempfile::tempdir().unwrap();
    let (workbook, note, url) = stress_workbook(dir.path());
    let bytes = report_pdf(&workbook, &common::options(Lang::Ja)).unwrap();
    assert!(bytes.len() < 1_500_000);
    let pdf = write_pdf(dir.path(), "stress.pdf", &bytes);
    let path = pdf.to_str().unwrap();
    let pages = page_count(&pdf);

    let text = text_without_spaces(&pdf);
    assert!(
        text.contains("末尾マーカー"),
        "the end of the 20,000-character note is missing"
    );
    // Every character of the note is printed (the note is longer than a page).
    let note_chars: Vec<char> = squash(&note).chars().collect();
    let head: String = note_chars[..300].iter().collect();
    let tail: String = note_chars[note_chars.len() - 300..].iter().collect();
    assert!(text.contains(&head));
    assert!(text.contains(&tail));
    // The URL is hard-broken across lines but complete, and is a link annotation.
    // (pdftotext drops a hyphen that ends a line, so compare without hyphens.)
    assert!(
        text.replace('-', "")
            .contains(&squash(&url).replace('-', "")),
        "URL not complete"
    );
    assert!(poppler("pdfinfo", &["-url", path]).contains(&url));

    // Every word's box lies within the page margins (51 pt left/right on A4).
    let bbox = poppler("pdftotext", &["-bbox", path, "-"]);
    let mut words = 0;
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |name: &str| -> f32 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + line[start..].find('"').unwrap();
            line[start..end].parse().unwrap()
        };
        let (x0, x1, y0, y1) = (attr("xMin"), attr("xMax"), attr("yMin"), attr("yMax"));
        assert!(
            x0 >= 50.0 && x1 <= 595.28 - 50.0,
            "word outside the side margins: {line}"
        );
        assert!(
            y0 >= 14.0 && y1 <= 841.89 - 14.0,
            "word off the page: {line}"
        );
        words += 1;
    }
    assert!(words > 1000);
    assert!(pages > 20, "{pages}");
}

#[test]
fn empty_workbook_renders_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000));
    let sets = hashira_core::question_set::shipped::shipped_sets().unwrap();
    let workbook = Workbook::create(
        &dir.path().join("empty.hashira"),
        "空のワークロード",
        sets,
        "tester",
        clock,
    )
    .unwrap();
    let bytes = report_pdf(&workbook, &common::options(Lang::Ja)).unwrap();
    let pdf = write_pdf(dir.path(), "empty.pdf", &bytes);
    let text = text_without_spaces(&pdf);
    // Unanswered, the review is a draft: it never says there is nothing at risk.
    assert!(!text.contains("高リスク・中リスクの質問はありません。"));
    assert!(text.contains("ドラフト（未完了）"));
    assert!(text.contains("この質問にはまだ回答がありません。"));
    assert!(text.contains("承認者"));
}

#[test]
fn wg_evaluations_get_their_own_section() {
    use hashira_core::wg::{WgAssessment, WgCriterion, WgDecision};
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::demo(dir.path());
    workbook
        .import_wg_assessment(
            &WgAssessment {
                service: "Amazon S3".into(),
                edition: "第1版".into(),
                edition_date: "2024-04-01".into(),
                source_file: "s3.xlsx".into(),
                source_sha256: "ab".repeat(32),
                criteria: vec![WgCriterion {
                    criterion_no: "1".into(),
                    perspective: "アクセス管理".into(),
                    criterion: "バケットポリシーで公開アクセスを禁止する".into(),
                    decision: WgDecision::Conditional,
                    own_measures: "S3 ブロックパブリックアクセスを組織全体で有効化".into(),
                    residual_risk: "設定変更の検知が日次".into(),
                    ..WgCriterion::default()
                }],
                ..WgAssessment::default()
            },
            "山田 太郎",
        )
        .unwrap();
    let model = ReportModel::build(&workbook, &common::options(Lang::Ja)).unwrap();
    assert_eq!(model.wg_assessments.len(), 1);
    let section = &model.wg_assessments[0];
    assert_eq!(section.service, "Amazon S3");
    assert!(section.decisions.contains(&("条件付き採用".to_string(), 1)));
    assert_eq!(section.criteria[0].decision, "条件付き採用");

    let pdf = write_pdf(
        dir.path(),
        "wg.pdf",
        &hashira_report::render(&model).unwrap(),
    );
    let text = text_without_spaces(&pdf);
    for expected in [
        "セキュリティリスク評価共同化WG評価",
        "AmazonS3",
        "バケットポリシーで公開アクセスを禁止する",
        "残存リスク:設定変更の検知が日次",
    ] {
        assert!(text.contains(expected), "pdftotext lacks {expected}");
    }
}
