//! The improvement items in the answers export: one sheet, 改善計画, a row per item (the plan's
//! practices, items a reviewer added, resolved practices whose rows are kept) with the
//! follow-up columns as input cells; and their re-import with the answers — owner, due date,
//! status, reason for acceptance and notes — by the same rules: every problem by sheet, row and
//! column, then all in one transaction or nothing.
//!
//! Rows are keyed by 項目ID when it is filled (every item with a row), else by question and
//! choice id, so sorted or filtered rows import. Items are not added from a sheet (`hashira
//! plan add` or the app add them): a row that names no item is a problem.

use std::collections::HashMap;
use std::path::Path;

use hashira_core::Workbook;
use hashira_core::clock::display_stored;
use hashira_core::glossary;
use hashira_core::improvement::{ItemEdit, ItemPlan, ItemStatus, ItemTarget, TrackedItem};
use hashira_core::{Error, Lang, Risk};
use rust_xlsxwriter::Workbook as XlsxWorkbook;
use serde::Serialize;
use serde_json::json;
use time::{OffsetDateTime, UtcOffset};

use super::FieldChange;
use crate::error::{Problem, Result};
use crate::read::{Book, check_rows_to_write};
use crate::table::{Field, Table, TableRow, read_table};
use crate::write::{
    Formats, add_sheet, dropdown, fit_row, header, put, setup_table, wrapped_lines,
};

/// The items sheet's name.
pub const ITEMS_SHEET: &str = "改善計画";

/// The columns of the items sheet, in the order written.
pub const ITEM_FIELDS: &[Field] = &[
    Field::new("item_id", "項目ID", 8.0, &["Item ID", "Item"]),
    Field::new("set_id", "質問セット", 12.0, &["Question set", "Set"]),
    Field::new(
        "question_id",
        "質問ID",
        10.0,
        &["Question ID", "QuestionId"],
    ),
    Field::new("question", "質問", 30.0, &["Question"]),
    Field::new("priority", "優先度", 10.0, &["Priority"]),
    Field::new("choice_id", "選択肢ID", 12.0, &["Choice ID", "ChoiceId"]),
    Field::new(
        "title",
        glossary::IMPROVEMENT_ITEM.ja,
        36.0,
        &["Improvement item", "Title"],
    ),
    Field::new("owner", glossary::ITEM_OWNER.ja, 16.0, &["Owner"]),
    Field::new("due", glossary::DUE_DATE.ja, 12.0, &["Due date", "Due"]),
    Field::new("status", glossary::ITEM_STATUS.ja, 12.0, &["Status"]),
    Field::new(
        "reason",
        glossary::ACCEPTANCE_REASON.ja,
        24.0,
        &["Reason for acceptance"],
    ),
    Field::new("notes", "メモ", 30.0, &["Notes", "Note", "備考"]),
    Field::new("overdue", glossary::OVERDUE.ja, 9.0, &["Overdue"]),
    Field::new("updated_by", "更新者", 12.0, &["Updated by"]),
    Field::new("updated_at", "更新日時", 18.0, &["Updated at"]),
];

/// The reviewer's columns, written as input cells and read back.
const INPUT_FIELDS: &[&str] = &["owner", "due", "status", "reason", "notes"];

fn priority_label(item: &TrackedItem) -> &'static str {
    if !item.in_plan {
        return glossary::RESOLVED.ja;
    }
    match item.priority {
        Some(Risk::High) => glossary::RISK_HIGH.ja,
        Some(Risk::Medium) => glossary::RISK_MEDIUM.ja,
        _ => "",
    }
}

fn cells(item: &TrackedItem, offset: UtcOffset) -> Vec<(&'static str, String)> {
    let f = &item.fields;
    vec![
        (
            "item_id",
            item.id.map(|id| id.to_string()).unwrap_or_default(),
        ),
        ("set_id", item.set_id.clone()),
        ("question_id", item.question_id.clone()),
        ("question", item.question_title.get(Lang::Ja).to_string()),
        ("priority", priority_label(item).to_string()),
        ("choice_id", item.choice_id.clone().unwrap_or_default()),
        ("title", item.title.get(Lang::Ja).to_string()),
        ("owner", f.owner.clone()),
        ("due", f.due_date.clone().unwrap_or_default()),
        ("status", f.status.term().ja.to_string()),
        ("reason", f.acceptance_reason.clone()),
        ("notes", f.notes.clone()),
        (
            "overdue",
            if item.overdue {
                glossary::OVERDUE.ja
            } else {
                ""
            }
            .to_string(),
        ),
        ("updated_by", item.updated_by.clone().unwrap_or_default()),
        (
            "updated_at",
            item.updated_at
                .as_deref()
                .map(|at| display_stored(at, offset))
                .unwrap_or_default(),
        ),
    ]
}

/// Writes the items of the exported sets (all sets when `set_ids` is empty) as the items
/// sheet; `now` is the export's time, against which overdue is shown. Returns its rows.
pub(super) fn write_items(
    book: &mut XlsxWorkbook,
    workbook: &Workbook,
    set_ids: &[String],
    out: &Path,
    now: OffsetDateTime,
) -> Result<usize> {
    let offset = workbook.time_offset()?;
    let items: Vec<TrackedItem> = workbook
        .improvement_items(now)?
        .into_iter()
        .filter(|i| set_ids.is_empty() || set_ids.contains(&i.set_id))
        .collect();
    check_rows_to_write(out, ITEMS_SHEET, 3 + items.len() as u64)?;
    let f = Formats::new();
    let ws = add_sheet(book, out, ITEMS_SHEET)?;
    let title = format!(
        "{}（{}・{}・{}・{}）",
        glossary::IMPROVEMENT_ITEM.ja,
        glossary::ITEM_OWNER.ja,
        glossary::DUE_DATE.ja,
        glossary::ITEM_STATUS.ja,
        glossary::ACCEPTANCE_REASON.ja
    );
    put(ws, out, 0, 0, &title, &f.title)?;
    let header_row = 2u32;
    let columns: Vec<(&str, f64)> = ITEM_FIELDS.iter().map(|c| (c.label, c.width)).collect();
    header(ws, out, header_row, &columns, &f)?;
    let mut r = header_row + 1;
    for item in &items {
        let mut lines = 1;
        for (c, (key, value)) in cells(item, offset).iter().enumerate() {
            let format = if INPUT_FIELDS.contains(key) {
                &f.input
            } else {
                &f.body
            };
            put(ws, out, r, c as u16, value, format)?;
            lines = lines.max(wrapped_lines(value, ITEM_FIELDS[c].width));
        }
        fit_row(ws, out, r, lines.min(30))?;
        r += 1;
    }
    let last_row = (r - 1).max(header_row);
    let last_col = ITEM_FIELDS.len() as u16 - 1;
    setup_table(ws, out, header_row, last_row, last_col, 0, &title)?;
    let statuses: Vec<String> = ItemStatus::ALL
        .iter()
        .map(|s| s.term().ja.to_string())
        .collect();
    if let Some(c) = ITEM_FIELDS.iter().position(|f| f.key == "status") {
        dropdown(ws, out, header_row + 1, last_row, c as u16, &statuses, true)?;
    }
    Ok(items.len())
}

/// One item the import would change, field by field.
#[derive(Debug, Clone, Serialize)]
pub struct ItemDiff {
    /// `SEC1/SEC1-02` or `#12`.
    pub item: String,
    pub question_id: String,
    pub sheet: String,
    pub row: u32,
    pub changes: Vec<FieldChange>,
}

/// What the items sheet asks for: the edits (for the core) and the changes (for the preview).
#[derive(Debug, Default)]
pub(super) struct ItemImport {
    pub edits: Vec<(ItemTarget, ItemEdit)>,
    pub diffs: Vec<ItemDiff>,
}

/// The items sheet of the file, if it has one: the sheet with item columns and no response.
fn items_table(book: &mut Book) -> Result<Option<Table>> {
    for name in book.sheet_names() {
        let grid = book.grid_with(&name, false)?;
        if let Some(table) = read_table(&grid, ITEM_FIELDS, "question_id")
            && table.has("status")
            && (table.has("choice_id") || table.has("item_id"))
            && !super::REVIEW_FIELDS
                .iter()
                .any(|f| f.key == "response" && grid_has_label(&table, f))
        {
            return Ok(Some(table));
        }
    }
    Ok(None)
}

/// Whether the table's headers include one of `field`'s spellings (the answers' 回答 column).
fn grid_has_label(table: &Table, field: &Field) -> bool {
    let norm = crate::text::normalize;
    table.columns.iter().any(|(_, _, header)| {
        std::iter::once(field.label)
            .chain(field.synonyms.iter().copied())
            .any(|label| norm(label) == norm(header))
    })
}

/// A due date as typed: `2026-04-30`, `2026/4/30`, or a date cell (read as `2026-04-30`).
fn due_text(text: &str) -> String {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['/', '-']).collect();
    if let [y, m, d] = parts[..]
        && y.len() == 4
        && [y, m, d]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && (1..=2).contains(&m.len())
        && (1..=2).contains(&d.len())
    {
        return format!("{y}-{m:0>2}-{d:0>2}");
    }
    text.to_string()
}

/// The item a row names, or the problem.
fn target_of(table: &Table, row: &TableRow) -> std::result::Result<ItemTarget, Problem> {
    let id = row.get("item_id").trim().trim_start_matches('#');
    if !id.is_empty() {
        return id
            .parse::<i64>()
            .map(|id| ItemTarget::Id { id })
            .map_err(|_| table.problem(row, "item_id", format!("'{id}' is not an item id")));
    }
    let (question, choice) = (row.get("question_id").trim(), row.get("choice_id").trim());
    if question.is_empty() || choice.is_empty() {
        let message = "the row names no item (項目ID, or 質問ID and 選択肢ID); add items with \
                       `hashira plan add` or in the app"
            .to_string();
        return Err(table.problem(row, "question_id", message));
    }
    Ok(ItemTarget::Practice {
        question_id: question.to_string(),
        choice_id: choice.to_string(),
    })
}

/// The edit a row asks for: each follow-up column the sheet has replaces that field; a blank
/// status keeps the stored one.
fn edit_of(table: &Table, row: &TableRow) -> std::result::Result<ItemEdit, Problem> {
    let column = |key: &str| table.has(key).then(|| row.get(key).to_string());
    let status = match column("status").filter(|s| !s.trim().is_empty()) {
        None => None,
        Some(text) => Some(ItemStatus::parse(&text).ok_or_else(|| {
            let words: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.term().ja).collect();
            table.problem(
                row,
                "status",
                format!("'{text}' is not a status (use {})", words.join(" / ")),
            )
        })?),
    };
    Ok(ItemEdit {
        owner: column("owner"),
        due_date: column("due").map(|d| due_text(&d)),
        status,
        acceptance_reason: column("reason"),
        notes: column("notes"),
    })
}

/// The sheet column a core error about an item points at.
fn column_of(error: &Error) -> &'static str {
    match error {
        Error::InvalidImprovementItem { field, .. } => match field.as_str() {
            "owner" => "owner",
            "due_date" => "due",
            "status" => "status",
            "acceptance_reason" => "reason",
            _ => "notes",
        },
        Error::ChoiceNotFound { .. } => "choice_id",
        Error::ImprovementItemNotFound { item, .. } if item.starts_with('#') => "item_id",
        Error::ImprovementItemNotFound { .. } => "choice_id",
        _ => "question_id",
    }
}

/// Reads the items sheet (if the file has one) and checks its edits with the core's rules;
/// every problem goes to `problems`, by sheet, row and column.
pub(super) fn plan_items(
    book: &mut Book,
    workbook: &Workbook,
    problems: &mut Vec<Problem>,
) -> Result<ItemImport> {
    let Some(table) = items_table(book)? else {
        return Ok(ItemImport::default());
    };
    let mut rows: Vec<&TableRow> = Vec::new();
    let mut edits = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in &table.rows {
        let parsed = target_of(&table, row).and_then(|t| Ok((t, edit_of(&table, row)?)));
        match parsed {
            Ok((target, edit)) => {
                if let Some(first) = seen.insert(target.name(), row.number) {
                    let message = format!("this row repeats row {first}");
                    problems.push(table.problem(row, "item_id", message));
                    continue;
                }
                rows.push(row);
                edits.push((target, edit));
            }
            Err(problem) => problems.push(problem),
        }
    }
    let plan: ItemPlan = workbook.plan_item_edits(&edits)?;
    for (index, error) in &plan.rejected {
        if let Some(row) = rows.get(*index) {
            problems.push(table.problem(row, column_of(error), error.to_string()));
        }
    }
    let diffs = plan
        .updates
        .iter()
        .map(|u| {
            let index = edits.iter().position(|(t, _)| {
                *t == u.target || u.id.is_some_and(|id| *t == ItemTarget::Id { id })
            });
            let row = index.and_then(|i| rows.get(i)).map_or(0, |r| r.number);
            let (before, after) = (json!(u.before), json!(u.after));
            let changes = ["owner", "due_date", "status", "acceptance_reason", "notes"]
                .iter()
                .filter(|f| before[**f] != after[**f])
                .map(|f| FieldChange {
                    field: f.to_string(),
                    before: before[*f].clone(),
                    after: after[*f].clone(),
                })
                .collect();
            ItemDiff {
                item: u.target.name(),
                question_id: u.question_id.clone(),
                sheet: table.sheet.clone(),
                row,
                changes,
            }
        })
        .collect();
    Ok(ItemImport { edits, diffs })
}
