//! Opening an .xlsx safely and reading sheets into text grids.
//!
//! Before calamine sees a file we check its size, its first bytes (an encrypted workbook or an
//! old .xls is an OLE compound file, not a zip) and the zip central directory: entry count,
//! declared uncompressed sizes and compression ratios, so a zip bomb is refused before anything
//! is inflated. Formulas are never evaluated: calamine returns the value Excel cached.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::error::{Result, XlsxError};
use crate::text::{clean_cell, normalize};

/// The most rows of one sheet this product reads, and so the most it writes: the review export
/// refuses a sheet that its own import would refuse.
pub const MAX_SHEET_ROWS: u64 = 500_000;

/// The most columns of one sheet read.
pub const MAX_SHEET_COLUMNS: u64 = 200;

/// The most cells held for one sheet (rows × columns of the cells present from A1, plus merged
/// areas filled and hyperlinked cells): the grid's memory is bounded by this, whatever the
/// sheet's declared dimension (a stray cell at XFD1048576 once asked for 512 GiB).
pub const MAX_SHEET_CELLS: u64 = 10_000_000;

/// Refuses to write a sheet of `rows` rows (counted from row 1) that [`Book::grid`] would
/// refuse to read back: an export is never one its own import refuses.
pub fn check_rows_to_write(path: &Path, sheet: &str, rows: u64) -> Result<()> {
    limit(
        path,
        &format!(
            "the number of rows of sheet '{sheet}' (what Hashira can read back; export fewer \
             sets or questions)"
        ),
        rows,
        MAX_SHEET_ROWS,
    )
}

/// Import limits. The defaults are far above any real WG or review sheet.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_uncompressed_bytes: u64,
    /// Largest allowed uncompressed/compressed ratio of one zip entry over 1 MiB.
    pub max_ratio: u64,
    pub max_zip_entries: u64,
    pub max_sheets: u64,
    pub max_rows: u64,
    pub max_columns: u64,
    /// Cells held for one sheet (see [`MAX_SHEET_CELLS`]).
    pub max_cells: u64,
    /// Excel's own limit per cell.
    pub max_cell_chars: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_uncompressed_bytes: 400 * 1024 * 1024,
            max_ratio: 200,
            max_zip_entries: 10_000,
            max_sheets: 100,
            max_rows: MAX_SHEET_ROWS,
            max_columns: MAX_SHEET_COLUMNS,
            max_cells: MAX_SHEET_CELLS,
            max_cell_chars: 32_767,
        }
    }
}

/// An opened, checked .xlsx file.
pub struct Book {
    pub path: PathBuf,
    pub file_name: String,
    pub sha256: String,
    pub limits: Limits,
    xlsx: Xlsx<Cursor<Vec<u8>>>,
}

/// A sheet as text: `cells[row][col]` from A1, merged areas filled with their top-left value,
/// hyperlinks by (row, col).
#[derive(Debug, Default)]
pub struct Grid {
    pub name: String,
    pub cells: Vec<Vec<String>>,
    pub links: HashMap<(u32, u32), String>,
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn row_is_blank(&self, row: usize) -> bool {
        self.cells
            .get(row)
            .is_none_or(|r| r.iter().all(|c| c.is_empty()))
    }

    pub fn width(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn limit(path: &Path, what: &str, actual: u64, limit: u64) -> Result<()> {
    if actual > limit {
        return Err(XlsxError::Limit {
            path: path.to_path_buf(),
            what: what.to_string(),
            actual,
            limit,
        });
    }
    Ok(())
}

/// Checks the zip central directory before anything is inflated.
fn check_zip(path: &Path, bytes: &[u8], limits: &Limits) -> Result<()> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        XlsxError::invalid(
            path,
            format!("it is not a valid .xlsx file (the zip container cannot be read: {e})"),
        )
    })?;
    limit(
        path,
        "the number of parts in the file",
        archive.len() as u64,
        limits.max_zip_entries,
    )?;
    let mut archive = archive;
    let mut total: u64 = 0;
    let mut has_workbook = false;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| {
            XlsxError::invalid(path, format!("it is damaged (zip entry {index}: {e})"))
        })?;
        if entry.encrypted() {
            return Err(XlsxError::invalid(
                path,
                "it contains encrypted parts; remove the password and try again",
            ));
        }
        let name = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("#{index}"));
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if size > 1024 * 1024 && size / compressed > limits.max_ratio {
            return Err(XlsxError::Limit {
                path: path.to_path_buf(),
                what: format!(
                    "the compression ratio of part '{}' (a possible zip bomb)",
                    name
                ),
                actual: size / compressed,
                limit: limits.max_ratio,
            });
        }
        if name == "xl/workbook.xml" || name == "xl/workbook.bin" {
            has_workbook = true;
        }
    }
    limit(
        path,
        "the uncompressed size of the file in bytes",
        total,
        limits.max_uncompressed_bytes,
    )?;
    if !has_workbook {
        return Err(XlsxError::invalid(
            path,
            "it is a zip file but not an Excel workbook (no xl/workbook.xml)",
        ));
    }
    Ok(())
}

impl Book {
    pub fn open(path: &Path) -> Result<Book> {
        Book::open_with(path, Limits::default())
    }

    pub fn open_with(path: &Path, limits: Limits) -> Result<Book> {
        let metadata =
            std::fs::metadata(path).map_err(|e| XlsxError::io("cannot read", path, e))?;
        if !metadata.is_file() {
            return Err(XlsxError::invalid(path, "it is not a file"));
        }
        limit(
            path,
            "the file size in bytes",
            metadata.len(),
            limits.max_file_bytes,
        )?;
        let bytes = std::fs::read(path).map_err(|e| XlsxError::io("cannot read", path, e))?;
        Book::from_bytes(path, bytes, limits)
    }

    /// Opens bytes already read; `path` names them in messages.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>, limits: Limits) -> Result<Book> {
        limit(
            path,
            "the file size in bytes",
            bytes.len() as u64,
            limits.max_file_bytes,
        )?;
        if bytes.starts_with(&OLE_MAGIC) {
            let encrypted = bytes.windows(EP.len()).any(|w| w == EP.as_slice());
            return Err(XlsxError::invalid(
                path,
                if encrypted {
                    "it is password-protected (encrypted); save it without a password and try again"
                } else {
                    "it is an old Excel 97-2003 (.xls) file; save it as .xlsx and try again"
                },
            ));
        }
        if !bytes.starts_with(b"PK") {
            return Err(XlsxError::invalid(
                path,
                "it is not an .xlsx file (save it from Excel as \"Excel Workbook (*.xlsx)\")",
            ));
        }
        check_zip(path, &bytes, &limits)?;
        let sha256 = hashira_core::hashing::sha256_hex(&bytes);
        let xlsx = Xlsx::new(Cursor::new(bytes))
            .map_err(|e| XlsxError::invalid(path, format!("it cannot be read as .xlsx: {e}")))?;
        let sheets = xlsx.sheet_names().len() as u64;
        limit(path, "the number of sheets", sheets, limits.max_sheets)?;
        Ok(Book {
            path: path.to_path_buf(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256,
            limits,
            xlsx,
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    /// The first sheet whose normalised name equals, or else contains, one of `names`.
    pub fn find_sheet(&self, names: &[&str]) -> Option<String> {
        let sheets: Vec<(String, String)> = self
            .sheet_names()
            .into_iter()
            .map(|s| (normalize(&s), s))
            .collect();
        let wanted: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        sheets
            .iter()
            .find(|(n, _)| wanted.contains(n))
            .or_else(|| {
                sheets.iter().find(|(n, _)| {
                    wanted
                        .iter()
                        .any(|w| !w.is_empty() && n.contains(w.as_str()))
                })
            })
            .map(|(_, s)| s.clone())
    }

    /// Reads a sheet as text, with merged areas filled and hyperlinks.
    pub fn grid(&mut self, sheet: &str) -> Result<Grid> {
        self.grid_with(sheet, true)
    }

    /// Like [`Book::grid`]; without hyperlinks when `links` is false (each is a second pass
    /// over the sheet XML).
    ///
    /// Cells are streamed one by one (calamine's `worksheet_range` allocates the whole
    /// bounding box first), each checked against the row, column and cell limits before the
    /// grid grows to hold it; empty cells (formatted, no value) are skipped.
    pub fn grid_with(&mut self, sheet: &str, links: bool) -> Result<Grid> {
        let path = self.path.clone();
        let damaged = |e: calamine::XlsxError| {
            XlsxError::invalid(&path, format!("sheet '{sheet}' cannot be read: {e}"))
        };
        let mut grid = Grid {
            name: sheet.to_string(),
            ..Grid::default()
        };
        let mut budget = CellBudget::new(&path, sheet, &self.limits);
        let is_1904 = self.xlsx.has_1904_epoch();
        match self.xlsx.worksheet_cells_reader(sheet) {
            // A chart sheet has no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => {}
            Err(e) => return Err(damaged(e)),
            Ok(mut reader) => {
                while let Some(cell) = reader.next_cell().map_err(damaged)? {
                    let (r, c) = cell.get_position();
                    let value: Data = cell.get_value().clone().into();
                    let text = data_text(&value, is_1904);
                    if text.is_empty() {
                        continue;
                    }
                    if text.chars().count() as u64 > self.limits.max_cell_chars {
                        return Err(XlsxError::Limit {
                            path: path.clone(),
                            what: format!(
                                "the length of cell {}{} of sheet '{sheet}' in characters",
                                crate::text::column_letter(c),
                                r as u64 + 1
                            ),
                            actual: text.chars().count() as u64,
                            limit: self.limits.max_cell_chars,
                        });
                    }
                    budget.place(&mut grid.cells, r, c)?;
                    grid.cells[r as usize][c as usize] = text;
                }
            }
        }
        budget.square(&mut grid.cells)?;
        let merges = self
            .xlsx
            .merge_cells_by_sheet_name(sheet)
            .map_err(damaged)?;
        for merge in merges {
            let (sr, sc) = merge.start;
            let (er, ec) = merge.end;
            let value = grid.cell(sr as usize, sc as usize).to_string();
            if value.is_empty() {
                continue;
            }
            // Filled only over rows the sheet has and columns the limits allow.
            let last_row = er.min(grid.cells.len().saturating_sub(1) as u32);
            let last_col = ec.min(self.limits.max_columns.saturating_sub(1) as u32);
            // Every filled cell counts, so many merges over one large area cannot loop forever.
            budget.spend(area(sr, last_row, sc, last_col))?;
            for r in sr..=last_row {
                for c in sc..=last_col {
                    budget.place(&mut grid.cells, r, c)?;
                    grid.cells[r as usize][c as usize] = value.clone();
                }
            }
        }
        let found = if links {
            self.xlsx.hyperlinks_by_sheet_name(sheet).map_err(damaged)?
        } else {
            Vec::new()
        };
        let width = grid.width() as u32;
        for link in found {
            let url = match (&link.target, &link.location) {
                (Some(target), Some(location)) => format!("{target}#{location}"),
                (Some(target), None) => target.clone(),
                (None, Some(location)) => format!("internal:{location}"),
                (None, None) => continue,
            };
            let (sr, sc) = link.range.start;
            let (er, ec) = link.range.end;
            // A link matters only on a cell the grid holds; every linked cell counts.
            if width == 0 || grid.cells.is_empty() {
                continue;
            }
            let last_row = er.min(grid.cells.len() as u32 - 1);
            let last_col = ec.min(width - 1);
            budget.spend(area(sr, last_row, sc, last_col))?;
            for r in sr..=last_row {
                let row_width = grid.cells.get(r as usize).map_or(0, Vec::len) as u32;
                for c in sc..=last_col.min(row_width.saturating_sub(1)) {
                    if c >= row_width {
                        break;
                    }
                    grid.links.insert((r, c), url.clone());
                }
            }
        }
        Ok(grid)
    }
}

/// Cells from (`r0`, `c0`) to (`r1`, `c1`) inclusive; none when the range is reversed.
fn area(r0: u32, r1: u32, c0: u32, c1: u32) -> u64 {
    if r1 < r0 || c1 < c0 {
        return 0;
    }
    (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
}

/// Counts the cells a sheet's grid holds and refuses, naming the file and sheet, before it
/// grows past a limit.
struct CellBudget<'a> {
    path: &'a Path,
    sheet: &'a str,
    limits: &'a Limits,
    used: u64,
}

impl<'a> CellBudget<'a> {
    fn new(path: &'a Path, sheet: &'a str, limits: &'a Limits) -> CellBudget<'a> {
        CellBudget {
            path,
            sheet,
            limits,
            used: 0,
        }
    }

    fn spend(&mut self, cells: u64) -> Result<()> {
        self.used = self.used.saturating_add(cells);
        limit(
            self.path,
            &format!("the number of cells of sheet '{}'", self.sheet),
            self.used,
            self.limits.max_cells,
        )
    }

    /// Pads every row to the widest, as callers index a rectangle from A1; the rectangle of
    /// the cells present (not the sheet's declared dimension) is what is counted.
    fn square(&mut self, cells: &mut [Vec<String>]) -> Result<()> {
        let width = cells.iter().map(Vec::len).max().unwrap_or(0);
        let area = (cells.len() as u64).saturating_mul(width as u64);
        self.spend(area.saturating_sub(self.used))?;
        for row in cells.iter_mut() {
            row.resize(width, String::new());
        }
        Ok(())
    }

    /// Makes room for cell (`r`, `c`) in `cells`, within the limits.
    fn place(&mut self, cells: &mut Vec<Vec<String>>, r: u32, c: u32) -> Result<()> {
        let cell = || format!("{}{}", crate::text::column_letter(c), r as u64 + 1);
        limit(
            self.path,
            &format!(
                "the number of rows of sheet '{}' (cell {} has a value)",
                self.sheet,
                cell()
            ),
            r as u64 + 1,
            self.limits.max_rows,
        )?;
        limit(
            self.path,
            &format!(
                "the number of columns of sheet '{}' (cell {} has a value)",
                self.sheet,
                cell()
            ),
            c as u64 + 1,
            self.limits.max_columns,
        )?;
        let (r, c) = (r as usize, c as usize);
        if cells.len() <= r {
            cells.resize_with(r + 1, Vec::new);
        }
        let row = &mut cells[r];
        if row.len() <= c {
            self.spend((c + 1 - row.len()) as u64)?;
            row.resize(c + 1, String::new());
        }
        Ok(())
    }
}

/// Encrypted OOXML files are OLE containers with an `EncryptedPackage` stream (UTF-16 name).
const EP: [u8; 32] = [
    b'E', 0, b'n', 0, b'c', 0, b'r', 0, b'y', 0, b'p', 0, b't', 0, b'e', 0, b'd', 0, b'P', 0, b'a',
    0, b'c', 0, b'k', 0, b'a', 0, b'g', 0, b'e', 0,
];

/// A cell as text. Numbers print without a trailing `.0`; dates as ISO 8601.
pub fn data_text(value: &Data, is_1904: bool) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => clean_cell(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => serial_to_iso(dt.as_f64(), is_1904, dt.is_datetime()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Excel serial date to `YYYY-MM-DD` (and ` HH:MM` when it has a time).
fn serial_to_iso(serial: f64, is_1904: bool, is_datetime: bool) -> String {
    if !is_datetime || !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return float_text(serial);
    }
    let days = serial.floor() as i64;
    // Day 0 of the 1900 system is 1899-12-31 and Excel counts a 29 Feb 1900 that never was.
    let days_since_1899_12_30 = if is_1904 {
        days + 1462
    } else if days < 60 {
        days + 1
    } else {
        days
    };
    // 1899-12-30 is 693,594 days after 0000-03-01 in the civil-from-days algorithm below.
    let (y, m, d) = civil_from_days(days_since_1899_12_30 - 25_569);
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if seconds == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}",
            seconds / 3600,
            (seconds % 3600) / 60
        )
    }
}

/// Days since 1970-01-01 to (year, month, day) (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        assert_eq!(serial_to_iso(45383.0, false, true), "2024-04-01");
        assert_eq!(serial_to_iso(45383.5, false, true), "2024-04-01 12:00");
        assert_eq!(serial_to_iso(1.0, false, true), "1900-01-01");
        assert_eq!(float_text(3.0), "3");
        assert_eq!(float_text(3.25), "3.25");
    }
}
