//! The improvement items in the answers export (sheet 改善計画, read back with calamine) and
//! their re-import with the answers: owner, due date, status, reason and notes changed by the
//! preview's rules; problems by sheet, row and column with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use calamine::{Reader, open_workbook_auto};
use hashira_core::Workbook;
use hashira_core::improvement::{ItemEdit, ItemStatus, TrackedItem};
use hashira_xlsx::read::Book;
use hashira_xlsx::review::{ITEM_FIELDS, ITEMS_SHEET, export_review, import_review_expecting};
use time::macros::datetime;

const EXPORTED_AT: &str = "2026-04-01T09:00:00+09:00";

fn col(key: &str) -> usize {
    ITEM_FIELDS.iter().position(|f| f.key == key).unwrap()
}

/// The items sheet as calamine reads it: every row as text.
fn item_rows(file: &Path) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(file).unwrap();
    let range = book.worksheet_range(ITEMS_SHEET).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Copies `input` to `output` with `edit` applied to the items sheet's rows (grid rows).
fn with_items(input: &Path, output: &Path, edit: impl Fn(&mut Vec<String>)) {
    let mut book = Book::open(input).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let mut grid = book.grid(&name).unwrap();
        if name == ITEMS_SHEET {
            for row in grid.cells.iter_mut().skip(3) {
                row.resize(row.len().max(ITEM_FIELDS.len()), String::new());
                edit(row);
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

/// The demo with its first two plan items: one edited (overdue), and one added item.
fn followed_up(dir: &Path) -> (Workbook, Vec<TrackedItem>, i64) {
    let mut wb = common::demo(dir);
    let now = datetime!(2026-04-01 00:00 UTC);
    let items = wb.improvement_items(now).unwrap();
    wb.set_improvement_item(
        &items[0].target(),
        ItemEdit {
            owner: Some("情報システム部".into()),
            due_date: Some("2026-03-31".into()),
            status: Some(ItemStatus::InProgress),
            ..ItemEdit::default()
        },
        "t",
        now,
    )
    .unwrap();
    let added = wb
        .add_improvement_item("SEC5", "年次の侵入テスト", ItemEdit::default(), "t", now)
        .unwrap();
    (wb, items, added.id.unwrap())
}

#[test]
fn the_items_sheet_lists_every_item_with_its_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let (wb, items, added) = followed_up(dir.path());
    let out = dir.path().join("review.xlsx");
    let summary = export_review(&wb, &[], &out, EXPORTED_AT).unwrap();
    let rows = item_rows(&out);
    let header: Vec<&str> = rows[2].iter().map(String::as_str).collect();
    assert_eq!(
        header,
        ITEM_FIELDS.iter().map(|f| f.label).collect::<Vec<_>>()
    );
    assert_eq!(header[col("status")], "対応状況");
    assert_eq!(header[col("owner")], "対応担当者");
    assert_eq!(summary.items, items.len() + 1);
    assert_eq!(rows.len(), 3 + summary.items);

    let first = &rows[3];
    let name = items[0].choice_id.clone().unwrap();
    assert_eq!(first[col("choice_id")], name);
    assert_eq!(first[col("owner")], "情報システム部");
    assert_eq!(first[col("due")], "2026-03-31");
    assert_eq!(first[col("status")], "対応中");
    assert_eq!(first[col("overdue")], "期限超過");
    assert_eq!(first[col("priority")], "高リスク");
    assert!(!first[col("item_id")].is_empty());
    // A practice nobody edited: no id, 未着手.
    assert_eq!(rows[4][col("item_id")], "");
    assert_eq!(rows[4][col("status")], "未着手");
    let added_row = rows
        .iter()
        .find(|r| r[col("item_id")] == added.to_string())
        .unwrap();
    assert_eq!(added_row[col("title")], "年次の侵入テスト");
    assert_eq!(added_row[col("choice_id")], "");
}

#[test]
fn items_re_import_with_the_answers_after_a_preview() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wb, items, added) = followed_up(dir.path());
    let out = dir.path().join("review.xlsx");
    export_review(&wb, &[], &out, EXPORTED_AT).unwrap();
    let second = items[1].choice_id.clone().unwrap();
    let edited = dir.path().join("edited.xlsx");
    with_items(&out, &edited, |row| {
        if row[col("choice_id")] == second {
            row[col("owner")] = "リスク管理部".into();
            row[col("due")] = "2026/6/30".into();
            row[col("status")] = "リスク受容".into();
            row[col("reason")] = "代替策で低減済み".into();
        }
        if row[col("item_id")] == added.to_string() {
            row[col("status")] = "完了".into();
            row[col("notes")] = "委託先と契約済み".into();
        }
    });
    let preview = import_review_expecting(&mut wb, &edited, true, None, "t").unwrap();
    assert!(preview.changes.is_empty(), "{:?}", preview.changes);
    assert_eq!(preview.items.len(), 2, "{:?}", preview.items);
    let first = &preview.items[0];
    assert_eq!(first.sheet, ITEMS_SHEET);
    assert_eq!(first.row, 5);
    let fields: Vec<&str> = first.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["owner", "due_date", "status", "acceptance_reason"]);
    let entries = wb.audit_log().unwrap().len();
    let applied =
        import_review_expecting(&mut wb, &edited, false, Some(&preview.plan_sha256), "山田")
            .unwrap();
    assert!(applied.applied);
    // One entry for the import, one per item.
    assert_eq!(wb.audit_log().unwrap().len(), entries + 3);
    let now = wb
        .improvement_items(datetime!(2026-04-01 00:00 UTC))
        .unwrap();
    let accepted = now
        .iter()
        .find(|i| i.choice_id.as_deref() == Some(second.as_str()))
        .unwrap();
    assert_eq!(accepted.fields.status, ItemStatus::RiskAccepted);
    assert_eq!(accepted.fields.due_date.as_deref(), Some("2026-06-30"));
    assert_eq!(accepted.fields.acceptance_reason, "代替策で低減済み");
    assert_eq!(accepted.updated_by.as_deref(), Some("山田"));
    let done = now.iter().find(|i| i.id == Some(added)).unwrap();
    assert_eq!(done.fields.status, ItemStatus::Done);
    assert_eq!(done.fields.notes, "委託先と契約済み");
    // The same file again changes nothing.
    let again = import_review_expecting(&mut wb, &edited, true, None, "t").unwrap();
    assert!(again.items.is_empty());
    assert!(wb.verify().unwrap().ok);
}

#[test]
fn a_bad_item_row_is_a_problem_at_its_cell_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wb, items, added) = followed_up(dir.path());
    let out = dir.path().join("review.xlsx");
    export_review(&wb, &[], &out, EXPORTED_AT).unwrap();
    let second = items[1].choice_id.clone().unwrap();
    let third = items[2].choice_id.clone().unwrap();
    let edited = dir.path().join("edited.xlsx");
    with_items(&out, &edited, |row| {
        if row[col("choice_id")] == second {
            // Accepted without a reason.
            row[col("status")] = "リスク受容".into();
        }
        if row[col("choice_id")] == third {
            row[col("owner")] = "経営企画部".into();
            row[col("due")] = "2026-13-01".into();
        }
        if row[col("item_id")] == added.to_string() {
            row[col("status")] = "あとで".into();
        }
    });
    let file = dir.path().join("demo.hashira");
    let before = common::file_hash(&file);
    let error = import_review_expecting(&mut wb, &edited, false, None, "t").unwrap_err();
    let payload = error.payload();
    assert_eq!(payload.code.as_str(), "IMPORT_PROBLEMS");
    let problems = payload.details["problems"].as_array().unwrap();
    let at = |row: u64, header: &str| {
        problems
            .iter()
            .any(|p| p["sheet"] == ITEMS_SHEET && p["row"] == row && p["header"] == header)
    };
    assert!(at(5, "リスク受容の理由"), "{problems:?}");
    assert!(at(6, "期限"), "{problems:?}");
    assert!(
        problems.iter().any(|p| p["header"] == "対応状況"),
        "{problems:?}"
    );
    assert_eq!(common::file_hash(&file), before, "the workbook changed");
    let items = wb
        .improvement_items(datetime!(2026-04-01 00:00 UTC))
        .unwrap();
    let third_now = items
        .iter()
        .find(|i| i.choice_id.as_deref() == Some(third.as_str()))
        .unwrap();
    assert_eq!(third_now.fields.owner, "");
}
