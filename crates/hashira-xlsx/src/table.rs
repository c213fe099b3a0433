//! Header-driven tables: find the header row by its texts, map columns by header name with
//! Japanese and English synonyms, keep unknown columns.

use std::collections::BTreeMap;

use crate::error::Problem;
use crate::read::Grid;
use crate::text::{column_letter, normalize, normalize_without_parens};

/// A known column: its key, the label we write, and the header texts we accept.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub synonyms: &'static [&'static str],
    pub width: f64,
}

impl Field {
    /// `const` so that a sheet's columns can be a `const` table.
    pub const fn new(
        key: &'static str,
        label: &'static str,
        width: f64,
        synonyms: &'static [&'static str],
    ) -> Field {
        Field {
            key,
            label,
            synonyms,
            width,
        }
    }
}

/// How a column of the sheet was understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Known(&'static str),
    /// An unknown column, by its (unique) header text.
    Extra(String),
}

impl Column {
    /// The layout key stored with an evaluation: `field:<key>` or `extra:<header>`.
    pub fn layout_key(&self) -> String {
        match self {
            Column::Known(key) => format!("field:{key}"),
            Column::Extra(header) => format!("extra:{header}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: String,
    /// 0-based index of the (last) header row; data starts below it.
    pub header_row: usize,
    pub columns: Vec<(usize, Column, String)>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone)]
pub struct TableRow {
    /// 1-based row number in the sheet.
    pub number: u32,
    /// (field key, column, value) of every known column.
    pub known: Vec<(&'static str, usize, String)>,
    pub extra: BTreeMap<String, String>,
    /// Hyperlinks by layout key.
    pub links: BTreeMap<String, String>,
}

impl TableRow {
    pub fn get(&self, key: &str) -> &str {
        self.known
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn column_of(&self, key: &str) -> Option<usize> {
        self.known
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, c, _)| *c)
    }
}

impl Table {
    pub fn has(&self, key: &str) -> bool {
        self.columns
            .iter()
            .any(|(_, c, _)| matches!(c, Column::Known(k) if *k == key))
    }

    /// The sheet column of field `key`, when the sheet has it.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, c, _)| matches!(c, Column::Known(k) if *k == key))
            .map(|(col, _, _)| *col)
    }

    pub fn header_of(&self, col: usize) -> &str {
        self.columns
            .iter()
            .find(|(c, _, _)| *c == col)
            .map(|(_, _, h)| h.as_str())
            .unwrap_or("")
    }

    pub fn letter(col: usize) -> String {
        column_letter(col as u32)
    }

    /// A problem in `row`, placed at the column of field `key` (column A when the sheet has
    /// no such column).
    pub fn problem(&self, row: &TableRow, key: &str, message: String) -> Problem {
        let col = row.column_of(key).unwrap_or(0);
        Problem {
            sheet: self.sheet.clone(),
            row: row.number,
            column: column_letter(col as u32),
            header: self.header_of(col).to_string(),
            message,
        }
    }
}

/// The accepted header texts of each field, normalised once per table read.
struct Matcher {
    fields: Vec<(&'static str, Vec<String>)>,
}

impl Matcher {
    fn new(fields: &[Field]) -> Matcher {
        Matcher {
            fields: fields
                .iter()
                .map(|f| {
                    let mut names = vec![normalize(f.label)];
                    names.extend(f.synonyms.iter().map(|s| normalize(s)));
                    (f.key, names)
                })
                .collect(),
        }
    }

    fn find(&self, normalized: &str) -> Option<&'static str> {
        self.fields
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == normalized))
            .map(|(key, _)| *key)
    }

    fn match_header(&self, header: &str) -> Option<&'static str> {
        let n = normalize(header);
        if n.is_empty() {
            return None;
        }
        self.find(&n)
            .or_else(|| self.find(&normalize_without_parens(header)))
    }
}

/// Headers of row `row`, composed with the row above where a two-level header is found.
fn headers(grid: &Grid, row: usize, parent: Option<usize>) -> Vec<String> {
    let width = grid.cells.get(row).map(Vec::len).unwrap_or(0).max(
        parent
            .and_then(|p| grid.cells.get(p))
            .map(Vec::len)
            .unwrap_or(0),
    );
    (0..width)
        .map(|c| {
            let child = grid.cell(row, c);
            match parent {
                Some(p) => {
                    let up = grid.cell(p, c);
                    if child.is_empty() || up == child {
                        up.to_string()
                    } else {
                        format!("{up}{child}")
                    }
                }
                None => child.to_string(),
            }
        })
        .collect()
}

fn score(matcher: &Matcher, headers: &[String]) -> (usize, Vec<Option<&'static str>>) {
    let mut seen = Vec::new();
    let mapped: Vec<Option<&'static str>> = headers
        .iter()
        .map(|h| {
            let key = matcher.match_header(h)?;
            if seen.contains(&key) {
                return None;
            }
            seen.push(key);
            Some(key)
        })
        .collect();
    (seen.len(), mapped)
}

/// Finds the header row among the first rows (a title block may sit above it) and reads the
/// rows below. `required` must be among the matched columns. Blank rows are skipped.
pub fn read_table(grid: &Grid, fields: &[Field], required: &str) -> Option<Table> {
    let scan = grid.cells.len().min(40);
    let matcher = Matcher::new(fields);
    type Candidate = (usize, usize, Option<usize>, Vec<Option<&'static str>>);
    let mut best: Option<Candidate> = None;
    for row in 0..scan {
        let plain = headers(grid, row, None);
        let mut candidates = vec![(score(&matcher, &plain), None)];
        if row > 0 && !grid.row_is_blank(row - 1) {
            candidates.push((
                score(&matcher, &headers(grid, row, Some(row - 1))),
                Some(row - 1),
            ));
        }
        for ((count, mapped), parent) in candidates {
            if count < 2 || !mapped.contains(&Some(required)) {
                continue;
            }
            if best.as_ref().is_none_or(|(_, c, _, _)| count > *c) {
                best = Some((row, count, parent, mapped));
            }
        }
    }
    let (header_row, _, parent, mapped) = best?;
    let texts = headers(grid, header_row, parent);
    let mut columns = Vec::new();
    let mut used_names: Vec<String> = Vec::new();
    let last_used_col = (header_row + 1..grid.cells.len())
        .flat_map(|r| {
            grid.cells[r]
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(|(c, _)| c)
        })
        .max();
    for (col, text) in texts.iter().enumerate() {
        let column = match mapped.get(col).copied().flatten() {
            Some(key) => Column::Known(key),
            None => {
                let has_data = last_used_col.is_some_and(|last| col <= last)
                    && (header_row + 1..grid.cells.len()).any(|r| !grid.cell(r, col).is_empty());
                if text.trim().is_empty() && !has_data {
                    continue;
                }
                let base = if text.trim().is_empty() {
                    format!("列{}", column_letter(col as u32))
                } else {
                    text.replace('\n', " ").trim().to_string()
                };
                let mut name = base.clone();
                let mut n = 2;
                while used_names.contains(&name) {
                    name = format!("{base} ({n})");
                    n += 1;
                }
                used_names.push(name.clone());
                Column::Extra(name)
            }
        };
        columns.push((col, column, text.clone()));
    }
    let mut rows = Vec::new();
    for r in header_row + 1..grid.cells.len() {
        if grid.row_is_blank(r) {
            continue;
        }
        let mut row = TableRow {
            number: r as u32 + 1,
            known: Vec::with_capacity(columns.len()),
            extra: BTreeMap::new(),
            links: BTreeMap::new(),
        };
        let mut any = false;
        for (col, column, _) in &columns {
            let value = grid.cell(r, *col).to_string();
            if !value.is_empty() {
                any = true;
            }
            if !grid.links.is_empty()
                && let Some(url) = grid.links.get(&(r as u32, *col as u32))
            {
                row.links.insert(column.layout_key(), url.clone());
            }
            match column {
                Column::Known(key) => {
                    row.known.push((key, *col, value));
                }
                Column::Extra(name) => {
                    if !value.is_empty() {
                        row.extra.insert(name.clone(), value);
                    }
                }
            }
        }
        if any {
            rows.push(row);
        }
    }
    Some(Table {
        sheet: grid.name.clone(),
        header_row,
        columns,
        rows,
    })
}

/// Finds `label: value` pairs in the first rows of a sheet: the value is the next non-empty
/// cell to the right, or the text after a colon in the label's own cell.
pub fn find_labelled(grid: &Grid, rows: usize, labels: &[&str]) -> Option<String> {
    let wanted: Vec<String> = labels.iter().map(|l| normalize(l)).collect();
    for r in 0..rows.min(grid.cells.len()) {
        let row = &grid.cells[r];
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            if let Some((label, value)) = cell.split_once([':', '：'])
                && wanted.contains(&normalize(label))
                && !value.trim().is_empty()
            {
                return Some(value.trim().to_string());
            }
            if wanted.contains(&normalize(cell))
                && let Some(value) = row[c + 1..].iter().find(|v| !v.is_empty() && *v != cell)
            {
                return Some(value.clone());
            }
        }
    }
    None
}
