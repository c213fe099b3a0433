//! Writing helpers: every text is written as a string (never a formula, whatever its first
//! character), styled printable sheets.

use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Url,
    Workbook as XlsxWorkbook, Worksheet,
};

use crate::error::{Result, XlsxError};

/// Excel's own limit on the characters of one cell.
pub const CELL_CHAR_LIMIT: usize = 32_767;

pub struct Formats {
    pub header: Format,
    pub body: Format,
    pub body_center: Format,
    pub input: Format,
    pub link: Format,
    pub title: Format,
    pub label: Format,
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

impl Formats {
    pub fn new() -> Formats {
        let base = Format::new().set_font_size(10).set_font_name("Meiryo UI");
        let body = base
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xA6A6A6));
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin),
            body_center: body.clone().set_align(FormatAlign::Center),
            input: body.clone().set_background_color(Color::RGB(0xFFF9E5)),
            link: body
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            body,
            title: base.clone().set_bold().set_font_size(14),
            label: base.set_bold().set_background_color(Color::RGB(0xF2F2F2)),
        }
    }
}

/// Adds a sheet named `name` to `book`.
pub fn add_sheet<'a>(
    book: &'a mut XlsxWorkbook,
    out: &Path,
    name: &str,
) -> Result<&'a mut Worksheet> {
    book.add_worksheet()
        .set_name(name)
        .map_err(|e| XlsxError::write(out, name, e))
}

pub fn column_width(ws: &mut Worksheet, out: &Path, col: u16, width: f64) -> Result<()> {
    let done = ws.set_column_width(col, width).map(|_| ());
    done.map_err(|e| XlsxError::write(out, &ws.name(), e))
}

/// A table's header row from column A: each column's label and width.
pub fn header(
    ws: &mut Worksheet,
    out: &Path,
    row: u32,
    columns: &[(&str, f64)],
    formats: &Formats,
) -> Result<()> {
    for (c, (label, width)) in columns.iter().enumerate() {
        put(ws, out, row, c as u16, label, &formats.header)?;
        column_width(ws, out, c as u16, *width)?;
    }
    Ok(())
}

/// `label | value` rows from `first_row` down, as on a cover sheet.
pub fn labelled(
    ws: &mut Worksheet,
    out: &Path,
    first_row: u32,
    rows: &[(&str, &str)],
    formats: &Formats,
) -> Result<()> {
    for (i, (label, value)) in rows.iter().enumerate() {
        let r = first_row + i as u32;
        put(ws, out, r, 0, label, &formats.label)?;
        put(ws, out, r, 1, value, &formats.body)?;
    }
    Ok(())
}

/// Writes `text` as a string cell (blank when empty), so `=SUM(A1)`, `+1`, `-x`, `@x` stay text.
pub fn put(
    ws: &mut Worksheet,
    out: &Path,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<()> {
    let cell = format!("cell {}{}", crate::text::column_letter(col as u32), row + 1);
    // The writer's own errors do not say which cell: the message does.
    let at_cell = |e: rust_xlsxwriter::XlsxError, ws: &Worksheet| {
        XlsxError::write(out, &ws.name(), format!("{cell}: {e}"))
    };
    if text.is_empty() {
        let written = ws.write_blank(row, col, format).map(|_| ());
        return written.map_err(|e| at_cell(e, ws));
    }
    if text.len() > CELL_CHAR_LIMIT && text.chars().count() > CELL_CHAR_LIMIT {
        return Err(XlsxError::write(
            out,
            &ws.name(),
            format!(
                "{cell} has {} characters; Excel holds at most {CELL_CHAR_LIMIT}",
                text.chars().count()
            ),
        ));
    }
    let written = ws
        .write_string_with_format(row, col, text, format)
        .map(|_| ());
    written.map_err(|e| at_cell(e, ws))
}

/// Writes a hyperlink with its text; falls back to plain text when Excel cannot hold the link.
pub fn put_link(
    ws: &mut Worksheet,
    out: &Path,
    row: u32,
    col: u16,
    text: &str,
    url: &str,
    formats: &Formats,
) -> Result<()> {
    let shown = if text.is_empty() { url } else { text };
    let link = Url::new(url).set_text(shown);
    if ws
        .write_url_with_format(row, col, link, &formats.link)
        .is_err()
    {
        put(ws, out, row, col, shown, &formats.body)?;
    }
    Ok(())
}

pub fn number(
    ws: &mut Worksheet,
    out: &Path,
    row: u32,
    col: u16,
    value: f64,
    format: &Format,
) -> Result<()> {
    let sheet = ws.name();
    ws.write_number_with_format(row, col, value, format)
        .map_err(|e| XlsxError::write(out, &sheet, e))?;
    Ok(())
}

/// Print and view setup of a table sheet whose header is on `header_row` (0-based).
pub fn setup_table(
    ws: &mut Worksheet,
    out: &Path,
    header_row: u32,
    last_row: u32,
    last_col: u16,
    freeze_cols: u16,
    title: &str,
) -> Result<()> {
    let sheet = ws.name();
    let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, &sheet, e);
    ws.set_freeze_panes(header_row + 1, freeze_cols)
        .map_err(fail)?;
    ws.autofilter(header_row, 0, last_row.max(header_row), last_col)
        .map_err(fail)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row).map_err(fail)?;
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    let header = format!(
        "&L&\"Meiryo UI\"&9{}&R&\"Meiryo UI\"&9&D",
        escape_header(title)
    );
    ws.set_header(header);
    ws.set_footer("&C&\"Meiryo UI\"&9&P / &N");
    ws.set_row_height(header_row, 30).map_err(fail)?;
    Ok(())
}

fn escape_header(text: &str) -> String {
    text.replace('&', "&&").chars().take(100).collect()
}

/// A dropdown list on rows `first..=last` of `col`. Short lists inline; long ones as a range.
pub fn dropdown(
    ws: &mut Worksheet,
    out: &Path,
    first: u32,
    last: u32,
    col: u16,
    values: &[String],
    strict: bool,
) -> Result<()> {
    let sheet = ws.name();
    let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, &sheet, e);
    let inline: usize = values.iter().map(|v| v.chars().count() + 1).sum();
    if values.is_empty()
        || inline > 250
        || values.iter().any(|v| v.contains(',') || v.contains('"'))
    {
        return Ok(());
    }
    let validation = DataValidation::new()
        .allow_list_strings(values)
        .map_err(fail)?
        .set_error_style(if strict {
            DataValidationErrorStyle::Stop
        } else {
            DataValidationErrorStyle::Information
        });
    ws.add_data_validation(first, col, last.max(first), col, &validation)
        .map_err(fail)?;
    Ok(())
}

/// A dropdown whose values are a cell range (for lists too long to inline).
pub fn dropdown_range(
    ws: &mut Worksheet,
    out: &Path,
    first: u32,
    last: u32,
    col: u16,
    range: &str,
) -> Result<()> {
    let sheet = ws.name();
    let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, &sheet, e);
    let validation = DataValidation::new()
        .allow_list_formula(rust_xlsxwriter::Formula::new(range))
        .set_error_style(DataValidationErrorStyle::Information);
    ws.add_data_validation(first, col, last.max(first), col, &validation)
        .map_err(fail)?;
    Ok(())
}

/// Saves through a temporary file beside `out`, so a failed export never leaves half a file.
pub fn save(book: &mut XlsxWorkbook, out: &Path) -> Result<()> {
    // Level 1 deflate: several times faster to save, a slightly larger file.
    book.set_zip_compression_level(1);
    let bytes = book
        .save_to_buffer()
        .map_err(|e| XlsxError::write(out, "", e))?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, &bytes).map_err(|e| XlsxError::io("cannot write", &tmp, e))?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        XlsxError::io("cannot write", out, e)
    })
}

/// Lines `text` takes in a column `width` characters wide (CJK counts double), for row heights:
/// rust_xlsxwriter does not fit rows to wrapped text and Excel keeps the stored height.
pub fn wrapped_lines(text: &str, width: f64) -> u32 {
    if text.is_empty() {
        return 1;
    }
    let usable = (width - 1.0).max(2.0);
    text.split('\n')
        .map(|line| {
            let w: f64 = line
                .chars()
                .map(|c| if (c as u32) >= 0x1100 { 2.0 } else { 1.0 })
                .sum();
            ((w / usable).ceil() as u32).max(1)
        })
        .sum()
}

/// Sets a row's height for `lines` lines of 10-point text (Excel's maximum is 409 points).
pub fn fit_row(ws: &mut Worksheet, out: &Path, row: u32, lines: u32) -> Result<()> {
    if lines <= 1 {
        return Ok(());
    }
    let height = (f64::from(lines) * 13.5 + 3.0).min(409.0);
    let done = ws.set_row_height(row, height).map(|_| ());
    done.map_err(|e| XlsxError::write(out, &ws.name(), e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// A writer error names the file, the sheet and the cell (issue #11 §3).
    #[test]
    fn a_cell_the_writer_refuses_is_named_with_its_file_and_sheet() {
        let mut book = XlsxWorkbook::new();
        let out = Path::new("/tmp/回答.xlsx");
        let formats = Formats::new();
        let ws = add_sheet(&mut book, out, "回答").unwrap();
        let error = put(ws, out, 1_048_576, 0, "x", &formats.body).unwrap_err();
        let message = error.to_string();
        for part in ["/tmp/回答.xlsx", "sheet '回答'", "cell A1048577"] {
            assert!(message.contains(part), "{part} not in {message}");
        }
        let blank = put(ws, out, 1_048_576, 0, "", &formats.body).unwrap_err();
        assert!(blank.to_string().contains("cell A1048577"), "{blank}");
    }

    /// Saving fails as the file's, with no empty sheet name in the message.
    #[test]
    fn a_whole_file_failure_names_the_file_without_an_empty_sheet() {
        let error = XlsxError::write(Path::new("/tmp/out.xlsx"), "", "disk full");
        assert_eq!(error.to_string(), "cannot write /tmp/out.xlsx: disk full");
    }
}
