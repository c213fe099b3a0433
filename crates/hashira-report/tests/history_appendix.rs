//! The change history appendix (`ReportOptions::with_history`): present only when asked for,
//! every change with its question and notes old → new, and inside the margins however long a
//! note is. Needs poppler-utils.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{poppler, squash, text_without_spaces, write_pdf};
use hashira_core::Lang;
use hashira_core::workbook::AnswerChange;
use hashira_report::{ReportModel, report_pdf};

#[test]
fn the_appendix_lists_every_change_inside_the_margins_only_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::demo(dir.path());
    let long: String = "長いメモ".repeat(800) + "末尾マーカー";
    for notes in ["差し替え前のメモ", long.as_str()] {
        workbook
            .save_answer(
                "SEC3",
                AnswerChange {
                    notes: Some(notes.to_string()),
                    ..AnswerChange::default()
                },
                "監査 一郎",
            )
            .unwrap();
    }
    let entries = workbook.audit_log().unwrap().len();

    let plain = ReportModel::build(&workbook, &common::options(Lang::Ja)).unwrap();
    assert!(plain.history.is_empty());
    assert!(
        serde_json::to_value(&plain)
            .unwrap()
            .get("history")
            .is_none()
    );

    let mut options = common::options(Lang::Ja);
    options.with_history = true;
    let model = ReportModel::build(&workbook, &options).unwrap();
    assert_eq!(model.history.len(), entries);
    let bytes = report_pdf(&workbook, &options).unwrap();
    let pdf = write_pdf(dir.path(), "history.pdf", &bytes);
    let text = text_without_spaces(&pdf);
    assert!(text.contains("付録:変更履歴"));
    assert!(
        text.contains(&squash("監査 一郎 — 回答の変更 SEC3")),
        "{text}"
    );
    assert!(text.contains("メモ:\"差し替え前のメモ\"→\"長いメモ長いメモ"));
    assert!(text.contains("末尾マーカー\""), "the long note is cut");

    let bbox = poppler("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |name: &str| -> f32 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + line[start..].find('"').unwrap();
            line[start..end].parse().unwrap()
        };
        assert!(
            attr("xMin") >= 50.0 && attr("xMax") <= 595.28 - 50.0,
            "word outside the side margins: {line}"
        );
        assert!(
            attr("yMin") >= 14.0 && attr("yMax") <= 841.89 - 14.0,
            "word off the page: {line}"
        );
    }
}
