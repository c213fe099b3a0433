//! The report's font: BIZ UDPGothic (proportional Latin), embedded as subsets only, and
//! characters it has no glyph for (𠮷, emoji, variation selectors) never boxes and never
//! silently lost: printed as the geta mark 〓 (a variation selector left out) and each one
//! returned as a warning naming the question and field. Checked with poppler.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

mod common;

use common::{poppler, write_pdf};
use hashira_core::Lang;
use hashira_core::workbook::AnswerChange;
use hashira_report::{ReportModel, ReportWarning, render_report};

const NOTES: &str = "𠮷野家の前で😀、葛\u{E0100}城の件。";

fn warning<'a>(warnings: &'a [ReportWarning], c: &str, field: &str) -> &'a ReportWarning {
    warnings
        .iter()
        .find(|w| w.character == c && w.field.as_deref() == Some(field))
        .unwrap_or_else(|| panic!("no warning for {c} in {field}: {warnings:#?}"))
}

#[test]
fn characters_the_font_lacks_are_printed_as_geta_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::empty_workbook(dir.path(), "決済基盤🏦");
    workbook
        .save_answer(
            "SEC5",
            AnswerChange {
                notes: Some(NOTES.into()),
                ..AnswerChange::default()
            },
            "山田 太郎",
        )
        .unwrap();
    let model = ReportModel::build(&workbook, &common::options(Lang::Ja)).unwrap();
    let rendered = render_report(&model).unwrap();
    let pdf = write_pdf(dir.path(), "glyphs.pdf", &rendered.bytes);
    let path = pdf.to_str().unwrap();

    // The text layer has the geta marks where the missing characters were: nothing vanished.
    let text = poppler("pdftotext", &["-enc", "UTF-8", path, "-"]);
    assert!(
        text.contains("〓野家の前で〓、葛城の件。"),
        "notes not printed with 〓:\n{text}"
    );
    assert!(text.contains("決済基盤〓"), "workload name without 〓");
    for missing in ['𠮷', '😀', '🏦', '\u{E0100}', '\u{FFFD}'] {
        assert!(!text.contains(missing), "{missing} in the text layer");
    }

    // Every replaced character reported, with its question and field.
    let w = &rendered.warnings;
    let notes = "answers.pillars.questions.notes";
    let kichi = warning(w, "𠮷", notes);
    assert_eq!(kichi.code_point, "U+20BB7");
    assert_eq!(kichi.replacement, "〓");
    assert_eq!(kichi.question_id.as_deref(), Some("SEC5"));
    assert!(kichi.message.contains("U+20BB7") && kichi.message.contains("SEC5"));
    let smile = warning(w, "😀", notes);
    assert_eq!(
        (smile.code_point.as_str(), smile.replacement.as_str()),
        ("U+1F600", "〓")
    );
    let selector = warning(w, "\u{E0100}", notes);
    assert_eq!(
        (selector.code_point.as_str(), selector.replacement.as_str()),
        ("U+E0100", "")
    );
    let bank = warning(w, "🏦", "cover.workload_name");
    assert_eq!(bank.question_id, None);
    assert!(
        w.iter()
            .all(|w| ["𠮷", "😀", "🏦", "\u{E0100}"].contains(&w.character.as_str())),
        "unexpected warnings: {w:#?}"
    );

    // Only the two embedded subset faces, with a Unicode map (pdftotext above relies on it).
    let fonts = poppler("pdffonts", &[path]);
    let faces: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(faces.len(), 2, "{fonts}");
    for face in faces {
        let name = face.split_whitespace().next().unwrap();
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "not a subset: {face}"
        );
        assert!(name.contains("BIZUDPGothic"), "{face}");
        assert!(face.contains("yes yes yes"), "not embedded: {face}");
    }
}

#[test]
fn a_report_without_such_characters_has_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::demo(dir.path());
    for lang in [Lang::Ja, Lang::En] {
        let model = ReportModel::build(&workbook, &common::options(lang)).unwrap();
        let rendered = render_report(&model).unwrap();
        assert_eq!(rendered.warnings, Vec::new(), "{lang:?}");
    }
}

/// Latin is set proportionally (the fixed-width BIZ UD Gothic gave every letter half an em,
/// so English read spaced out): "iiiiiiii" is far narrower than "WWWWWWWW".
#[test]
fn latin_text_is_proportional() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::empty_workbook(dir.path(), "Proportional");
    workbook
        .save_answer(
            "SEC5",
            AnswerChange {
                notes: Some("iiiiiiii WWWWWWWW".into()),
                ..AnswerChange::default()
            },
            "tester",
        )
        .unwrap();
    let bytes = hashira_report::report_pdf(&workbook, &common::options(Lang::En)).unwrap();
    let pdf = write_pdf(dir.path(), "latin.pdf", &bytes);
    let bbox = poppler("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let width = |word: &str| -> f32 {
        let line = bbox
            .lines()
            .find(|l| l.trim_end().ends_with(&format!(">{word}</word>")))
            .unwrap_or_else(|| panic!("{word} not in the PDF"));
        let attr = |name: &str| -> f32 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + line[start..].find('"').unwrap();
            line[start..end].parse().unwrap()
        };
        attr("xMax") - attr("xMin")
    };
    let (narrow, wide) = (width("iiiiiiii"), width("WWWWWWWW"));
    assert!(wide > narrow * 2.5, "i×8 {narrow} pt, W×8 {wide} pt");
}
