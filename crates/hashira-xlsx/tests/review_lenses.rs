//! Review answers of imported WA Tool custom lenses in Excel: a sheet per set even when set ids
//! agree in their first 31 characters (Excel's limit for a sheet name), the question-id column
//! holding the workbook's key (`set_id/q1` for a set whose ids another set already used), and
//! export → import changing nothing; an edited row changes exactly its own set's question.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use hashira_core::Workbook;
use hashira_core::lens::lens_to_set;
use hashira_core::workbook::AnswerChange;
use hashira_xlsx::read::Book;
use hashira_xlsx::review::{export_review, import_review};

const Q: usize = 1;
const C: usize = 4;
const DETAIL: usize = 6;
const RESPONSE: usize = 7;
const NOTES: usize = 8;
const HEADER_ROW: usize = 2;

/// A one-question lens named `name` whose question is `q1` with choices `q1_a`, `q1_b`.
fn lens(name: &str, question: &str) -> String {
    format!(
        r#"{{
  "schemaVersion": "2021-11-01",
  "name": "{name}",
  "description": "A test lens.",
  "pillars": [{{
    "id": "security",
    "name": "Security",
    "questions": [{{
      "id": "q1",
      "title": "{question}",
      "choices": [
        {{"id": "q1_a", "title": "First practice",
          "helpfulResource": {{"displayText": "What the first practice means.", "url": "https://example.com/a"}},
          "improvementPlan": {{"displayText": "Adopt the first practice", "url": "https://example.com/a/plan"}}}},
        {{"id": "q1_b", "title": "Second practice",
          "improvementPlan": {{"displayText": "Adopt the second practice"}}}},
        {{"id": "q1_no", "title": "None of these"}}
      ],
      "riskRules": [
        {{"condition": "q1_a && q1_b", "risk": "NO_RISK"}},
        {{"condition": "q1_a || q1_b", "risk": "MEDIUM_RISK"}},
        {{"condition": "default", "risk": "HIGH_RISK"}}
      ]
    }}]
  }}]
}}"#
    )
}

/// Three sets that all have `q1`: `lens-a`, and a lens with a long name added twice, whose
/// two set ids differ only after their 31st character.
fn three_lenses(dir: &Path) -> (Workbook, [String; 3]) {
    let a = lens_to_set(
        lens("Lens A", "Question of A").as_bytes(),
        "a.json",
        None,
        &[],
    )
    .unwrap()
    .set;
    let mut wb = Workbook::create(
        &dir.join("lenses.hashira"),
        "Lenses",
        vec![a],
        "tester",
        common::clock(),
    )
    .unwrap();
    let long = dir.join("long.json");
    let name = "Long Named Well-Architected Custom Lens For Testing";
    std::fs::write(&long, lens(name, "Question of the long lens")).unwrap();
    for _ in 0..2 {
        wb.add_lens(&long, None, None, "tester").unwrap();
    }
    let ids: Vec<String> = wb
        .question_sets()
        .iter()
        .map(|s| s.id().to_string())
        .collect();
    let ids: [String; 3] = ids.try_into().unwrap();
    assert_eq!(ids[1][..31], ids[2][..31], "{ids:?}");
    (wb, ids)
}

fn rows_of(book: &Path, sheet: &str) -> Vec<Vec<String>> {
    Book::open(book).unwrap().grid(sheet).unwrap().cells
}

#[test]
fn lens_sets_sharing_ids_export_a_sheet_each_and_reimport_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wb, ids) = three_lenses(dir.path());
    let keys = [
        "q1".to_string(),
        format!("{}/q1", ids[1]),
        format!("{}/q1", ids[2]),
    ];
    for (key, (choice, notes)) in keys.iter().zip([
        ("q1_a", "A's notes"),
        ("q1_b", "B's notes"),
        ("q1_no", "C's notes"),
    ]) {
        let change = AnswerChange {
            selected_choices: Some(vec![choice.to_string()]),
            notes: Some(notes.to_string()),
            ..AnswerChange::default()
        };
        wb.save_answer(key, change, "tester").unwrap();
    }
    let before = wb.answers().unwrap();

    let out = dir.path().join("review.xlsx");
    let summary = export_review(&wb, &[], &out, "2026-04-01T09:00:00+09:00").unwrap();
    assert_eq!(summary.sheets.len(), 3, "{:?}", summary.sheets);
    assert_eq!(summary.sheets[0], ids[0]);
    let mut lower: Vec<String> = summary.sheets.iter().map(|s| s.to_lowercase()).collect();
    lower.dedup();
    assert_eq!(
        lower.len(),
        3,
        "sheet names must differ: {:?}",
        summary.sheets
    );
    assert!(summary.sheets.iter().all(|s| s.chars().count() <= 31));
    common::libreoffice_opens(&out);

    // Each set's sheet holds its own question, keyed as the workbook keys it.
    for ((sheet, key), notes) in
        summary
            .sheets
            .iter()
            .zip(&keys)
            .zip(["A's notes", "B's notes", "C's notes"])
    {
        let rows = rows_of(&out, sheet);
        let data = &rows[HEADER_ROW + 1..];
        assert!(data.iter().all(|r| r[Q] == *key), "{sheet}: {data:?}");
        let question = data.iter().find(|r| r[C].is_empty()).unwrap();
        assert_eq!(question[NOTES], notes);
    }

    // The lens's texts for reading, in the 詳細 column.
    let rows = rows_of(&out, &summary.sheets[0]);
    let detail = |choice: &str| rows.iter().find(|r| r[C] == choice).unwrap()[DETAIL].clone();
    assert_eq!(
        detail("q1_a"),
        "What the first practice means.\nhttps://example.com/a\n改善: Adopt the first practice\n\
         https://example.com/a/plan"
    );
    assert_eq!(detail("q1_b"), "改善: Adopt the second practice");

    let report = import_review(&mut wb, &out, false, "tester").unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert!(!report.applied);
    assert_eq!(wb.answers().unwrap(), before);
}

#[test]
fn an_edited_lens_sheet_changes_only_its_own_set_s_question() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wb, ids) = three_lenses(dir.path());
    let out = dir.path().join("review.xlsx");
    let summary = export_review(&wb, &[], &out, "now").unwrap();
    let key = format!("{}/q1", ids[2]);

    // The third set's sheet, as a user saves it: q1_b selected.
    let edited = dir.path().join("edited.xlsx");
    let mut book = Book::open(&out).unwrap();
    let mut xlsx = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let mut cells = book.grid(&name).unwrap().cells;
        if name == summary.sheets[2] {
            let row = cells
                .iter()
                .position(|r| {
                    r.get(Q) == Some(&key) && r.get(C).map(String::as_str) == Some("q1_b")
                })
                .unwrap();
            cells[row][RESPONSE] = "選択".into();
        }
        let ws = xlsx.add_worksheet().set_name(&name).unwrap();
        for (r, row) in cells.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                if !value.is_empty() {
                    ws.write_string(r as u32, c as u16, value).unwrap();
                }
            }
        }
    }
    xlsx.save(&edited).unwrap();

    let report = import_review(&mut wb, &edited, false, "tester").unwrap();
    let changed: Vec<(&str, &str)> = report
        .changes
        .iter()
        .map(|c| (c.question_id.as_str(), c.sheet.as_str()))
        .collect();
    assert_eq!(changed, [(key.as_str(), summary.sheets[2].as_str())]);
    assert_eq!(wb.answer(&key).unwrap().selected_choices, ["q1_b"]);
    assert!(wb.answer("q1").unwrap().selected_choices.is_empty());
    let other = format!("{}/q1", ids[1]);
    assert!(wb.answer(&other).unwrap().selected_choices.is_empty());
}
