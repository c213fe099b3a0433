//! Review answers: export, LibreOffice, re-import keyed by ids (sorted, filtered, re-ordered
//! rows), dry run, all-or-nothing with every problem by sheet/row/column.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use hashira_xlsx::XlsxError;
use hashira_xlsx::read::Book;
use hashira_xlsx::review::{export_review, import_review};

/// Reads every sheet of `input`, lets `edit` change the rows of each, writes them to `output`
/// as plain strings — as a user who sorted or edited the sheet in Excel would save it.
fn rewrite(input: &Path, output: &Path, mut edit: impl FnMut(&str, &mut Vec<Vec<String>>)) {
    let mut book = Book::open(input).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let mut grid = book.grid(&name).unwrap();
        edit(&name, &mut grid.cells);
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

const HEADER_ROW: usize = 2;
const Q: usize = 1;
const C: usize = 4;
const RESPONSE: usize = 7;
const NOTES: usize = 8;

fn find_row(rows: &[Vec<String>], question: &str, choice: &str) -> usize {
    rows.iter()
        .position(|r| {
            r.get(Q).map(String::as_str) == Some(question)
                && r.get(C).map(String::as_str).unwrap_or("") == choice
        })
        .unwrap_or_else(|| panic!("no row {question}/{choice}"))
}

#[test]
fn export_opens_in_libreoffice_and_unchanged_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let out = dir.path().join("review.xlsx");
    let summary = export_review(&wb, &[], &out, "2026-04-01T09:00:00+09:00").unwrap();
    assert_eq!(
        summary.sheets,
        vec!["sec", "fisc-sec", "fisc-ops", "fisc-rel"]
    );
    common::libreoffice_opens(&out);
    let report = import_review(&mut wb, &out, false, "tester").unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert!(!report.applied);
    // Only chosen sets.
    let only = dir.path().join("only.xlsx");
    let summary = export_review(&wb, &["fisc-sec".to_string()], &only, "now").unwrap();
    assert_eq!(summary.sheets, vec!["fisc-sec"]);
}

#[test]
fn sorted_edited_sheet_imports_by_id_with_dry_run_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let out = dir.path().join("review.xlsx");
    export_review(&wb, &[], &out, "now").unwrap();
    let edited = dir.path().join("edited.xlsx");
    rewrite(&out, &edited, |sheet, rows| {
        if sheet != "sec" {
            return;
        }
        // SEC1: add choice 04, change the notes; SEC4 not applicable.
        let r = find_row(rows, "SEC1", "SEC1-04");
        rows[r][RESPONSE] = "✓".into();
        let r = find_row(rows, "SEC1", "");
        rows[r][NOTES] = "=見直し済み（Excel で編集）".into();
        let r = find_row(rows, "SEC4", "");
        rows[r][RESPONSE] = "非該当".into();
        rows[r][10] = "対象範囲外".into();
        // Sort the data rows by question text descending, as a user might.
        let mut data: Vec<Vec<String>> = rows.split_off(HEADER_ROW + 1);
        data.sort_by(|a, b| b.get(2).cmp(&a.get(2)));
        rows.extend(data);
    });
    let file = dir.path().join("demo.hashira");
    let before_hash = common::file_hash(&file);
    let before = wb.answers().unwrap();
    let report = import_review(&mut wb, &edited, true, "tester").unwrap();
    assert!(report.dry_run && !report.applied);
    let ids: Vec<&str> = report
        .changes
        .iter()
        .map(|c| c.question_id.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"SEC1") && ids.contains(&"SEC4"));
    let sec1 = report
        .changes
        .iter()
        .find(|c| c.question_id == "SEC1")
        .unwrap();
    let fields: Vec<&str> = sec1.changes.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["selected_choices", "notes"]);
    assert_eq!(sec1.sheet, "sec");
    assert_eq!(wb.answers().unwrap(), before);
    wb.close().unwrap();
    assert_eq!(
        common::file_hash(&file),
        before_hash,
        "a dry run changed the file"
    );

    let mut wb = hashira_core::Workbook::open(&file, common::clock()).unwrap();
    let report = import_review(&mut wb, &edited, false, "importer").unwrap();
    assert!(report.applied);
    let sec1 = wb.answer("SEC1").unwrap();
    assert!(sec1.selected_choices.contains(&"SEC1-04".to_string()));
    assert_eq!(sec1.notes, "=見直し済み（Excel で編集）");
    assert!(wb.answer("SEC4").unwrap().not_applicable.is_some());
    let log = wb.audit_log().unwrap();
    assert!(log.iter().any(|e| e.action == "answers.import_xlsx"));
    assert!(wb.verify().unwrap().problems.is_empty());
    // Exported again, the notes are text, not a formula.
    let again = dir.path().join("again.xlsx");
    export_review(&wb, &["sec".to_string()], &again, "now").unwrap();
    let (_, grid) = {
        let mut b = Book::open(&again).unwrap();
        let g = b.grid("sec").unwrap();
        ((), g)
    };
    let r = find_row(&grid.cells, "SEC1", "");
    assert_eq!(grid.cells[r][NOTES], "=見直し済み（Excel で編集）");
}

#[test]
fn filtered_partial_sheet_only_touches_the_rows_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let out = dir.path().join("review.xlsx");
    export_review(&wb, &["sec".to_string()], &out, "now").unwrap();
    let edited = dir.path().join("partial.xlsx");
    let before = wb.answer("SEC2").unwrap();
    rewrite(&out, &edited, |sheet, rows| {
        if sheet != "sec" {
            return;
        }
        // Keep only SEC2's choice 01 row (as if the rest were deleted), and unselect it.
        let r = find_row(rows, "SEC2", "SEC2-01");
        let keep = rows[r].clone();
        rows.truncate(HEADER_ROW + 1);
        let mut keep = keep;
        keep[RESPONSE] = String::new();
        rows.push(keep);
    });
    let report = import_review(&mut wb, &edited, false, "t").unwrap();
    assert_eq!(report.changes.len(), 1);
    let after = wb.answer("SEC2").unwrap();
    let mut expected = before.selected_choices.clone();
    expected.retain(|c| c != "SEC2-01");
    assert_eq!(after.selected_choices, expected);
    assert_eq!(after.notes, before.notes);
}

#[test]
fn every_problem_is_reported_and_nothing_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let wb = common::demo(dir.path());
    let out = dir.path().join("review.xlsx");
    export_review(&wb, &[], &out, "now").unwrap();
    let edited = dir.path().join("bad.xlsx");
    let mut rows_of = std::collections::HashMap::new();
    rewrite(&out, &edited, |sheet, rows| {
        if sheet != "sec" {
            return;
        }
        let r = find_row(rows, "SEC1", "SEC1-02");
        rows[r][RESPONSE] = "たぶん".into();
        rows_of.insert("invalid", r);
        let r = find_row(rows, "SEC2", "SEC2-01");
        rows[r][Q] = "SEC99".into();
        rows_of.insert("unknown", r);
        // "None of these" together with a choice: refused by the core's rules.
        let r = find_row(rows, "SEC5", "SEC5_no");
        rows[r][RESPONSE] = "選択".into();
        let r = find_row(rows, "SEC5", "SEC5-01");
        rows[r][RESPONSE] = "選択".into();
        // A valid change that must not be applied either.
        let r = find_row(rows, "SEC1", "");
        rows[r][NOTES] = "変更".into();
    });
    let file = dir.path().join("demo.hashira");
    wb.close().unwrap();
    let before = common::file_hash(&file);
    let mut wb = hashira_core::Workbook::open(&file, common::clock()).unwrap();
    let error = import_review(&mut wb, &edited, false, "t").unwrap_err();
    let XlsxError::Problems { problems, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(problems.len(), 3, "{problems:#?}");
    let invalid = problems
        .iter()
        .find(|p| p.message.contains("たぶん"))
        .unwrap();
    assert_eq!(
        (
            invalid.sheet.as_str(),
            invalid.row,
            invalid.column.as_str(),
            invalid.header.as_str()
        ),
        ("sec", rows_of["invalid"] as u32 + 1, "H", "回答")
    );
    let unknown = problems
        .iter()
        .find(|p| p.message.contains("SEC99"))
        .unwrap();
    assert_eq!(
        (unknown.row, unknown.column.as_str()),
        (rows_of["unknown"] as u32 + 1, "B")
    );
    assert!(problems.iter().any(|p| p.message.contains("None of these")));
    assert!(error.to_string().contains("bad.xlsx"));
    assert_eq!(error.payload().code.as_str(), "IMPORT_PROBLEMS");
    wb.close().unwrap();
    assert_eq!(common::file_hash(&file), before);
}
