//! Review import applies exactly what was previewed: the dry run's plan fingerprint, given back
//! on apply, refuses a file or a workbook changed since the preview and applies nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use hashira_core::workbook::AnswerChange;
use hashira_xlsx::read::Book;
use hashira_xlsx::review::{export_review, import_review_expecting};

const Q: usize = 1;
const C: usize = 4;
const NOTES: usize = 8;

/// Copies `input` to `output` with SEC1's notes (its question row) set to `notes`.
fn with_sec1_notes(input: &Path, output: &Path, notes: &str) {
    let mut book = Book::open(input).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let mut grid = book.grid(&name).unwrap();
        for row in grid.cells.iter_mut() {
            let is_sec1 = row.get(Q).map(String::as_str) == Some("SEC1")
                && row.get(C).map(String::as_str).unwrap_or("").is_empty();
            if is_sec1 {
                row.resize(row.len().max(NOTES + 1), String::new());
                row[NOTES] = notes.to_string();
            }
        }
        let ws = out.add_worksheet().set_name(&name).unwrap();
        for (r, row) in grid.cells.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                if !value.is_empty() {
                    ws.write_string(r as u32, c as u16, value).unwrap();
                }
            }
        }
    }
    out.save(output).unwrap();
}

#[test]
fn apply_refuses_a_file_or_workbook_changed_since_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let file = dir.path().join("demo.hashira");
    let exported = dir.path().join("review.xlsx");
    export_review(&wb, &[], &exported, "2026-04-01T09:00:00+09:00").unwrap();
    let edited = dir.path().join("edited.xlsx");
    with_sec1_notes(&exported, &edited, "previewed notes");

    let preview = import_review_expecting(&mut wb, &edited, true, None, "t").unwrap();
    assert_eq!(preview.plan_sha256.len(), 64);
    assert_eq!(preview.sha256, common::file_hash(&edited));
    assert_eq!(preview.changes.len(), 1, "{:?}", preview.changes);
    // The same file against the same workbook: the same fingerprint.
    let again = import_review_expecting(&mut wb, &edited, true, None, "t").unwrap();
    assert_eq!(again.plan_sha256, preview.plan_sha256);

    // The file is changed after the preview: refused, nothing applied.
    with_sec1_notes(&exported, &edited, "notes nobody previewed");
    let before = common::file_hash(&file);
    let expected = Some(preview.plan_sha256.as_str());
    let error = import_review_expecting(&mut wb, &edited, false, expected, "t").unwrap_err();
    assert_eq!(error.payload().code.as_str(), "IMPORT_PLAN_CHANGED");
    let shown = edited.display().to_string();
    assert_eq!(error.payload().details["path"], shown.as_str());
    assert_eq!(common::file_hash(&file), before, "the workbook changed");
    assert_ne!(wb.answer("SEC1").unwrap().notes, "notes nobody previewed");

    // The file put back, but the workbook changed since (even elsewhere): refused too.
    with_sec1_notes(&exported, &edited, "previewed notes");
    let change = AnswerChange {
        notes: Some("written meanwhile".into()),
        ..AnswerChange::default()
    };
    wb.save_answer("SEC2", change, "someone").unwrap();
    let before = common::file_hash(&file);
    let error = import_review_expecting(&mut wb, &edited, false, expected, "t").unwrap_err();
    assert_eq!(error.payload().code.as_str(), "IMPORT_PLAN_CHANGED");
    assert_eq!(common::file_hash(&file), before, "the workbook changed");

    // Previewed again and nothing changed since: applied.
    let preview = import_review_expecting(&mut wb, &edited, true, None, "t").unwrap();
    let expected = Some(preview.plan_sha256.as_str());
    let done = import_review_expecting(&mut wb, &edited, false, expected, "t").unwrap();
    assert!(done.applied);
    assert_eq!(done.plan_sha256, preview.plan_sha256);
    assert_eq!(wb.answer("SEC1").unwrap().notes, "previewed notes");
}
