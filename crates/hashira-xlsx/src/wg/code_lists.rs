//! The code-list sheet (評価観点 and 対策分類): read from the file when it has one, else derived
//! from what its criteria use; written on export, where the criteria sheet's dropdowns point
//! into it.

use std::path::Path;

use hashira_core::wg::{WgCode, WgCodeLists, WgCriterion};
use rust_xlsxwriter::Workbook as XlsxWorkbook;

use super::headers::{CODE_FIELDS, CODES_NAMES, CODES_SHEET};
use crate::error::{Problem, Result};
use crate::read::Book;
use crate::table::{Table, read_table};
use crate::text::normalize;
use crate::write::{Formats, add_sheet, header, put, setup_table};

const PERSPECTIVE: &str = "評価観点";
const CATEGORY: &str = "対策分類";

/// The file's code lists and `"file"`, or the criteria's and `"derived"` when the file has no
/// code-list sheet with a readable header.
pub(super) fn read_or_derive(
    book: &mut Book,
    criteria: &[WgCriterion],
    problems: &mut Vec<Problem>,
) -> Result<(WgCodeLists, &'static str)> {
    if let Some(sheet) = book.find_sheet(CODES_NAMES) {
        let grid = book.grid(&sheet)?;
        if let Some(table) = read_table(&grid, CODE_FIELDS, "name") {
            return Ok((read_code_lists(&table, problems), "file"));
        }
    }
    Ok((derive_code_lists(criteria), "derived"))
}

fn read_code_lists(table: &Table, problems: &mut Vec<Problem>) -> WgCodeLists {
    let mut lists = WgCodeLists::default();
    for row in &table.rows {
        let kind = normalize(row.get("kind"));
        let code = WgCode {
            code: row.get("code").to_string(),
            name: row.get("name").to_string(),
            parent: row.get("parent").to_string(),
        };
        if code.name.is_empty() {
            continue;
        }
        if [PERSPECTIVE, "観点", "perspective"]
            .map(normalize)
            .contains(&kind)
        {
            lists.perspectives.push(code);
        } else if [CATEGORY, "分類", "category"]
            .map(normalize)
            .contains(&kind)
        {
            lists.categories.push(code);
        } else {
            problems.push(table.problem(
                row,
                "kind",
                format!(
                    "'{}' is neither {PERSPECTIVE} nor {CATEGORY}",
                    row.get("kind")
                ),
            ));
        }
    }
    lists
}

/// Perspectives in order of first use; categories per perspective.
fn derive_code_lists(criteria: &[WgCriterion]) -> WgCodeLists {
    let mut lists = WgCodeLists::default();
    for c in criteria {
        if !c.perspective.is_empty() && !lists.perspectives.iter().any(|p| p.name == c.perspective)
        {
            lists.perspectives.push(WgCode {
                code: String::new(),
                name: c.perspective.clone(),
                parent: String::new(),
            });
        }
        if !c.category.is_empty()
            && !lists
                .categories
                .iter()
                .any(|k| k.name == c.category && k.parent == c.perspective)
        {
            lists.categories.push(WgCode {
                code: String::new(),
                name: c.category.clone(),
                parent: c.perspective.clone(),
            });
        }
    }
    lists
}

/// Perspectives from row 2, then categories, one code a row; names in column C.
pub(super) fn write_code_lists(
    book: &mut XlsxWorkbook,
    out: &Path,
    f: &Formats,
    lists: &WgCodeLists,
) -> Result<()> {
    let ws = add_sheet(book, out, CODES_SHEET)?;
    let columns: Vec<(&str, f64)> = CODE_FIELDS.iter().map(|c| (c.label, c.width)).collect();
    header(ws, out, 0, &columns, f)?;
    let mut r = 1u32;
    for (kind, list) in [
        (PERSPECTIVE, &lists.perspectives),
        (CATEGORY, &lists.categories),
    ] {
        for code in list {
            put(ws, out, r, 0, kind, &f.body)?;
            put(ws, out, r, 1, &code.code, &f.body)?;
            put(ws, out, r, 2, &code.name, &f.body)?;
            put(ws, out, r, 3, &code.parent, &f.body)?;
            r += 1;
        }
    }
    setup_table(ws, out, 0, r.saturating_sub(1), 3, 0, CODES_SHEET)
}

/// The perspective names' cells, as a dropdown source; `None` when there are none.
pub(super) fn perspective_range(lists: &WgCodeLists) -> Option<String> {
    let n = lists.perspectives.len() as u32;
    (n > 0).then(|| format!("='{CODES_SHEET}'!$C$2:$C${}", n + 1))
}

/// The category names' cells (below the perspectives); `None` when there are none.
pub(super) fn category_range(lists: &WgCodeLists) -> Option<String> {
    let p = lists.perspectives.len() as u32;
    let n = lists.categories.len() as u32;
    (n > 0).then(|| format!("='{CODES_SHEET}'!$C${}:$C${}", p + 2, p + n + 1))
}
