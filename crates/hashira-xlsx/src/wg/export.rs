//! Writing an evaluation as a printable, fillable workbook: a cover, the three tables in the
//! column order they were imported with, and the code lists their dropdowns use.

use std::path::Path;

use hashira_core::Workbook;
use hashira_core::wg::{WgAssessment, WgCodeLists, WgDecision};
use rust_xlsxwriter::{Workbook as XlsxWorkbook, Worksheet};

use super::code_lists::{category_range, perspective_range, write_code_lists};
use super::headers::{COVER_SHEET, CRITERIA, INSTITUTION_FIELDS, NOTES, SCENARIOS, TableSheet};
use super::records::{SheetRow, criterion_row, note_row, scenario_row};
use crate::error::Result;
use crate::table::Field;
use crate::write::{
    Formats, add_sheet, column_width, dropdown, dropdown_range, fit_row, header, labelled, number,
    put, put_link, save, setup_table, wrapped_lines,
};

/// Width of a column the app does not know (one the file added).
const EXTRA_WIDTH: f64 = 20.0;
/// Validations reach this many rows below the data, so rows added by hand get the dropdowns.
const INPUT_ROWS: u32 = 200;

struct SheetSpec<'a> {
    sheet: &'a TableSheet,
    title: String,
    /// Layout keys, in the order written.
    columns: Vec<String>,
    rows: Vec<SheetRow<'a>>,
}

impl<'a> SheetSpec<'a> {
    fn new(assessment: &WgAssessment, sheet: &'a TableSheet, rows: Vec<SheetRow<'a>>) -> Self {
        // The stored layout (the source's order), then any known column it lacks.
        let layout = assessment
            .layout
            .get(sheet.key)
            .cloned()
            .unwrap_or_default();
        SheetSpec {
            sheet,
            title: format!("{} — {}", assessment.service, sheet.name),
            columns: sheet.with_missing_fields(layout),
            rows,
        }
    }
}

fn field_by_key(fields: &[Field], key: &str) -> Option<Field> {
    fields.iter().find(|f| f.key == key).copied()
}

fn write_table(
    book: &mut XlsxWorkbook,
    out: &Path,
    f: &Formats,
    spec: &SheetSpec<'_>,
    code_lists: &WgCodeLists,
) -> Result<()> {
    let ws = add_sheet(book, out, spec.sheet.name)?;
    put(ws, out, 0, 0, &spec.title, &f.title)?;
    let header_row = 2u32;
    let headers: Vec<(String, f64)> = spec
        .columns
        .iter()
        .map(|key| {
            match key
                .strip_prefix("field:")
                .and_then(|k| field_by_key(spec.sheet.fields, k))
            {
                Some(field) => (field.label.to_string(), field.width),
                None => (
                    key.strip_prefix("extra:").unwrap_or(key).to_string(),
                    EXTRA_WIDTH,
                ),
            }
        })
        .collect();
    let labels: Vec<(&str, f64)> = headers.iter().map(|(l, w)| (l.as_str(), *w)).collect();
    header(ws, out, header_row, &labels, f)?;
    for (i, row) in spec.rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        let mut lines = 1;
        for (c, (key, (_, width))) in spec.columns.iter().zip(&headers).enumerate() {
            let value = row.value(key);
            let field = key.strip_prefix("field:").unwrap_or("");
            let format = if spec.sheet.is_criteria() && INSTITUTION_FIELDS.contains(&field) {
                &f.input
            } else if matches!(
                field,
                "responsibility_aws" | "responsibility_customer" | "scenario_id" | "criterion_no"
            ) {
                &f.body_center
            } else {
                &f.body
            };
            lines = lines.max(wrapped_lines(value, *width));
            match row.links.get(key) {
                Some(url) => put_link(ws, out, r, c as u16, value, url, f)?,
                None => put(ws, out, r, c as u16, value, format)?,
            }
        }
        fit_row(ws, out, r, lines)?;
    }
    let last_row = header_row + spec.rows.len() as u32;
    let last_col = spec.columns.len().saturating_sub(1) as u16;
    setup_table(ws, out, header_row, last_row, last_col, 0, &spec.title)?;
    add_dropdowns(ws, out, spec, header_row, last_row + INPUT_ROWS, code_lists)
}

/// Dropdowns on rows `header_row + 1..=last` of the columns that take a fixed list.
fn add_dropdowns(
    ws: &mut Worksheet,
    out: &Path,
    spec: &SheetSpec<'_>,
    header_row: u32,
    last: u32,
    code_lists: &WgCodeLists,
) -> Result<()> {
    let first = header_row + 1;
    let criteria = spec.sheet.is_criteria();
    for (c, key) in spec.columns.iter().enumerate() {
        let c16 = c as u16;
        match key.as_str() {
            "field:decision" if criteria => {
                let values: Vec<String> = WgDecision::ALL
                    .iter()
                    .map(|d| d.label_ja().to_string())
                    .collect();
                dropdown(ws, out, first, last, c16, &values, true)?;
            }
            "field:responsibility_aws" | "field:responsibility_customer" => {
                let marks = ["○".to_string(), "-".to_string()];
                dropdown(ws, out, first, last, c16, &marks, false)?;
            }
            "field:perspective" if criteria => {
                if let Some(range) = perspective_range(code_lists) {
                    dropdown_range(ws, out, first, last, c16, &range)?;
                }
            }
            "field:category" if criteria => {
                if let Some(range) = category_range(code_lists) {
                    dropdown_range(ws, out, first, last, c16, &range)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes an evaluation as a printable workbook: cover, the three sheets and the code lists.
pub fn write_wg(assessment: &WgAssessment, out: &Path, exported_at: &str) -> Result<()> {
    let f = Formats::new();
    let mut book = XlsxWorkbook::new();
    write_cover(&mut book, out, &f, assessment, exported_at)?;
    let specs = [
        SheetSpec::new(
            assessment,
            &SCENARIOS,
            assessment.scenarios.iter().map(scenario_row).collect(),
        ),
        SheetSpec::new(
            assessment,
            &CRITERIA,
            assessment.criteria.iter().map(criterion_row).collect(),
        ),
        SheetSpec::new(
            assessment,
            &NOTES,
            assessment.notes.iter().map(note_row).collect(),
        ),
    ];
    for spec in &specs {
        write_table(&mut book, out, &f, spec, &assessment.code_lists)?;
    }
    write_code_lists(&mut book, out, &f, &assessment.code_lists)?;
    save(&mut book, out)
}

fn write_cover(
    book: &mut XlsxWorkbook,
    out: &Path,
    f: &Formats,
    a: &WgAssessment,
    exported_at: &str,
) -> Result<()> {
    let ws = add_sheet(book, out, COVER_SHEET)?;
    put(
        ws,
        out,
        0,
        0,
        "AWS サービス セキュリティ評価（WG 評価 + 自機関の採否）",
        &f.title,
    )?;
    let rows: [(&str, &str); 6] = [
        ("サービス名", &a.service),
        ("版", &a.edition),
        ("版の日付", &a.edition_date),
        ("取込元ファイル", &a.source_file),
        ("取込元 SHA-256", &a.source_sha256),
        ("出力日時", exported_at),
    ];
    labelled(ws, out, 2, &rows, f)?;
    let counts = [
        ("シナリオ数", a.scenarios.len()),
        ("クライテリア数", a.criteria.len()),
        ("留意事項数", a.notes.len()),
    ];
    for (i, (label, n)) in counts.iter().enumerate() {
        let r = 9 + i as u32;
        put(ws, out, r, 0, label, &f.label)?;
        number(ws, out, r, 1, *n as f64, &f.body)?;
    }
    put(ws, out, 13, 0, "採否の内訳", &f.label)?;
    for (i, d) in WgDecision::ALL.iter().enumerate() {
        let r = 14 + i as u32;
        put(ws, out, r, 0, d.label_ja(), &f.body)?;
        let n = a.criteria.iter().filter(|c| c.decision == *d).count();
        number(ws, out, r, 1, n as f64, &f.body)?;
    }
    column_width(ws, out, 0, 22.0)?;
    column_width(ws, out, 1, 80.0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// Exports a stored evaluation.
pub fn export_wg(
    workbook: &Workbook,
    service: &str,
    out: &Path,
    exported_at: &str,
) -> Result<usize> {
    let assessment = workbook.wg_assessment(service)?;
    write_wg(&assessment, out, exported_at)?;
    Ok(assessment.criteria.len())
}

/// An empty WG workbook to fill in, with the app's default code lists.
pub fn write_template(out: &Path, exported_at: &str) -> Result<()> {
    let assessment = WgAssessment {
        service: String::new(),
        code_lists: WgCodeLists::defaults()?,
        ..WgAssessment::default()
    };
    write_wg(&assessment, out, exported_at)
}
