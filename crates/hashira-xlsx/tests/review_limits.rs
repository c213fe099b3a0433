//! The review export never writes a file its own import refuses: both sides use one row limit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../benches/support/generated.rs"]
mod generated;

use hashira_core::Workbook;
use hashira_xlsx::read::{Limits, MAX_SHEET_ROWS, check_rows_to_write};
use hashira_xlsx::review::{export_review, import_review};

/// 10,000 questions of nine choices and "None of these": 110,003 rows with the title and header,
/// past the import's old limit of 100,000.
#[test]
fn a_ten_thousand_question_export_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.hashira");
    let mut wb = Workbook::create(
        &file,
        "大規模",
        vec![generated::generated_set(10_000, 9)],
        "t",
        common::clock(),
    )
    .unwrap();
    let out = dir.path().join("large.xlsx");
    let summary = export_review(&wb, &[], &out, "now").unwrap();
    assert_eq!(summary.rows, 110_000);
    let report = import_review(&mut wb, &out, true, "t").unwrap();
    assert!(report.changes.is_empty(), "{:?}", &report.changes[..1]);
}

#[test]
fn export_and_import_share_the_row_limit() {
    assert_eq!(Limits::default().max_rows, MAX_SHEET_ROWS);
    let path = std::path::Path::new("review.xlsx");
    check_rows_to_write(path, "sec", MAX_SHEET_ROWS).unwrap();
    let error = check_rows_to_write(path, "sec", MAX_SHEET_ROWS + 1).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("review.xlsx"), "{message}");
    assert!(message.contains("sheet 'sec'"), "{message}");
    assert!(
        message.contains(&format!("over the limit of {MAX_SHEET_ROWS}")),
        "{message}"
    );
}
