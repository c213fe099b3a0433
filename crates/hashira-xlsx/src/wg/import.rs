//! Reading a WG workbook: its three tables found by header texts wherever they sit, the service,
//! edition and date from a cover or a title block, every problem collected before anything is
//! stored; then the merge into the workbook.

use std::collections::BTreeMap;
use std::path::Path;

use hashira_core::Workbook;
use hashira_core::wg::{WgAssessment, WgCriterion, WgMergeOptions, wg_duplicate_numbers};

use super::code_lists;
use super::headers::{
    CODES_NAMES, CRITERIA, DATE_LABELS, EDITION_LABELS, NOTES, SCENARIOS, SERVICE_LABELS,
    TableSheet,
};
use super::records::{criterion_from, note_from, scenario_from};
use super::{WgDuplicateRows, WgImportOptions, WgImportReport};
use crate::error::{Result, XlsxError};
use crate::read::{Book, Grid};
use crate::table::{Column, Table, find_labelled, read_table};

/// A table sheet as found in the file.
struct Found {
    sheet: &'static TableSheet,
    grid: Grid,
    table: Table,
}

impl Found {
    /// Headers of the file's own columns, kept as they are.
    fn unknown_columns(&self) -> Vec<String> {
        self.table
            .columns
            .iter()
            .filter_map(|(_, c, _)| match c {
                Column::Extra(h) => Some(h.clone()),
                Column::Known(_) => None,
            })
            .collect()
    }

    /// The file's column order, then the known columns it lacks, so an export puts them back
    /// where they were.
    fn layout(&self) -> Vec<String> {
        let source = self.table.columns.iter().map(|(_, c, _)| c.layout_key());
        self.sheet.with_missing_fields(source.collect())
    }
}

fn find_table(book: &mut Book, sheet: &'static TableSheet) -> Result<Found> {
    let name = book
        .find_sheet(sheet.names)
        .ok_or_else(|| XlsxError::MissingSheet {
            path: book.path.clone(),
            expected: sheet.names[0].to_string(),
            found: book.sheet_names(),
        })?;
    let grid = book.grid(&name)?;
    let table =
        read_table(&grid, sheet.fields, sheet.required).ok_or_else(|| XlsxError::NoHeader {
            path: book.path.clone(),
            sheet: name.clone(),
            expected: sheet
                .fields
                .iter()
                .map(|f| f.label)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    Ok(Found { sheet, grid, table })
}

/// Where the service, edition and date may be written: every sheet that is neither a table nor
/// the code lists (first 40 rows), then the rows above each table's header.
fn metadata_grids(book: &mut Book, tables: [&Found; 3]) -> Result<Vec<(Grid, usize)>> {
    let codes = book.find_sheet(CODES_NAMES);
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        if tables.iter().any(|t| t.table.sheet == name) || codes.as_ref() == Some(&name) {
            continue;
        }
        grids.push((book.grid(&name)?, 40));
    }
    for found in tables {
        let rows = found.table.header_row;
        grids.push((
            Grid {
                name: found.grid.name.clone(),
                cells: found.grid.cells[..rows.min(found.grid.cells.len())].to_vec(),
                links: Default::default(),
            },
            rows,
        ));
    }
    Ok(grids)
}

/// `value` of each table sheet, by the sheet's key.
fn by_sheet<T>(found: [&Found; 3], value: impl Fn(&Found) -> T) -> BTreeMap<String, T> {
    found
        .iter()
        .map(|f| (f.sheet.key.to_string(), value(f)))
        .collect()
}

/// Criterion numbers on more than one row, with the sheet's row numbers.
fn duplicate_numbers(table: &Table, criteria: &[WgCriterion]) -> Vec<WgDuplicateRows> {
    wg_duplicate_numbers(criteria)
        .into_iter()
        .map(|d| WgDuplicateRows {
            rows: d
                .positions
                .iter()
                .filter_map(|&p| table.rows.get(p).map(|r| r.number))
                .collect(),
            criterion_no: d.criterion_no,
            positions: d.positions,
        })
        .collect()
}

/// Reads a WG workbook into an evaluation without storing it.
pub fn read_wg(path: &Path, options: &WgImportOptions) -> Result<(WgAssessment, WgImportReport)> {
    let mut book = Book::open(path)?;
    read_wg_book(&mut book, options)
}

pub fn read_wg_book(
    book: &mut Book,
    options: &WgImportOptions,
) -> Result<(WgAssessment, WgImportReport)> {
    let scenario_sheet = find_table(book, &SCENARIOS)?;
    let criteria_sheet = find_table(book, &CRITERIA)?;
    let notes_sheet = find_table(book, &NOTES)?;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    let metadata = metadata_grids(book, [&criteria_sheet, &scenario_sheet, &notes_sheet])?;
    let find = |labels: &[&str]| {
        metadata
            .iter()
            .find_map(|(grid, rows)| find_labelled(grid, *rows, labels))
    };
    // A name given wins, then the file's own. Never the file name: a renamed copy of a sheet
    // would become another service, and its evaluation would not merge with the stored one.
    let service = options
        .service
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| find(SERVICE_LABELS).filter(|s| !s.trim().is_empty()));
    let edition = find(EDITION_LABELS).unwrap_or_default();
    let edition_date = find(DATE_LABELS).unwrap_or_default();

    let scenarios: Vec<_> = scenario_sheet
        .table
        .rows
        .iter()
        .map(scenario_from)
        .collect();
    let criteria: Vec<_> = criteria_sheet
        .table
        .rows
        .iter()
        .map(|row| criterion_from(&criteria_sheet.table, row, &mut problems))
        .collect();
    let notes: Vec<_> = notes_sheet.table.rows.iter().map(note_from).collect();
    let (code_lists, code_lists_from) = code_lists::read_or_derive(book, &criteria, &mut problems)?;

    if criteria.is_empty() {
        warnings.push(format!(
            "sheet '{}' has no criteria rows",
            criteria_sheet.table.sheet
        ));
    }
    if !problems.is_empty() {
        return Err(XlsxError::Problems {
            path: book.path.clone(),
            problems,
        });
    }
    let Some(service) = service else {
        return Err(hashira_core::Error::WgServiceMissing {
            path: book.path.clone(),
        }
        .into());
    };
    let duplicate_numbers = duplicate_numbers(&criteria_sheet.table, &criteria);
    for d in &duplicate_numbers {
        warnings.push(format!(
            "criterion number '{}' is on {} rows of sheet '{}' (rows {}); `wg evaluate` \
             addresses them by row (#N) or by the id `wg show` lists",
            d.criterion_no,
            d.rows.len(),
            criteria_sheet.table.sheet,
            d.rows
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let found = [&scenario_sheet, &criteria_sheet, &notes_sheet];
    let report = WgImportReport {
        file: book.file_name.clone(),
        sha256: book.sha256.clone(),
        service: service.trim().to_string(),
        edition: edition.clone(),
        edition_date: edition_date.clone(),
        sheets: by_sheet(found, |f| {
            (f.table.sheet.clone(), f.table.header_row as u32 + 1)
        }),
        scenarios: scenarios.len(),
        criteria: criteria.len(),
        notes: notes.len(),
        unknown_columns: by_sheet(found, Found::unknown_columns),
        code_lists_from: code_lists_from.to_string(),
        perspectives: code_lists.perspectives.len(),
        categories: code_lists.categories.len(),
        warnings,
        duplicate_numbers,
        result: None,
        merge: None,
        plan_sha256: String::new(),
        dry_run: options.dry_run,
    };
    let assessment = WgAssessment {
        service: service.trim().to_string(),
        edition,
        edition_date,
        source_file: book.file_name.clone(),
        source_sha256: book.sha256.clone(),
        layout: by_sheet(found, Found::layout),
        code_lists,
        scenarios,
        criteria,
        notes,
    };
    Ok((assessment, report))
}

/// Reads the file and, unless it is a dry run, stores it in the workbook (one transaction).
/// A failed import changes nothing.
pub fn import_wg(
    workbook: &mut Workbook,
    path: &Path,
    options: &WgImportOptions,
    actor: &str,
) -> Result<WgImportReport> {
    let (assessment, mut report) = read_wg(path, options)?;
    let known: Vec<String> = workbook
        .question_sets()
        .iter()
        .flat_map(|s| {
            s.questions()
                .map(|(_, q)| q.key().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut unknown: Vec<String> = Vec::new();
    for c in &assessment.criteria {
        for id in &c.question_ids {
            if !known.contains(id) && !unknown.contains(id) {
                unknown.push(id.clone());
            }
        }
    }
    if !unknown.is_empty() {
        report.warnings.push(format!(
            "question ids not in this workbook's sets (kept as written): {}",
            unknown.join(", ")
        ));
    }
    let merge = WgMergeOptions {
        clear_blank: options.clear_blank,
    };
    let plan = workbook.plan_wg_import(&assessment, merge)?;
    // A merge into a stored evaluation is not a warning: the plan itself says what happens to
    // each criterion and each institution column (CLI `print_merge`, the app's plan table), in
    // the user's language.
    report.plan_sha256 = plan.fingerprint();
    if let Some(expected) = &options.expect_plan
        && *expected != report.plan_sha256
    {
        return Err(hashira_core::Error::WgPlanChanged {
            service: plan.service,
        }
        .into());
    }
    if options.dry_run {
        report.merge = Some(plan);
    } else {
        let (kind, plan) = workbook.import_wg_assessment_merged(&assessment, merge, actor)?;
        report.result = Some(kind);
        report.merge = Some(plan);
    }
    Ok(report)
}
