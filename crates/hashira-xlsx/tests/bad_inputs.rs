//! Files built to break the reader: each is refused with an error naming the file and sheet,
//! the process keeps running, and the workbook is unchanged. Copies live in `tests/bad-inputs/`
//! (the CLI's tests run the real binary on them); `HASHIRA_BLESS_BAD_INPUTS=1` rewrites them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use hashira_xlsx::review::import_review;
use hashira_xlsx::wg::{WgImportOptions, import_wg};
use rust_xlsxwriter::Workbook as XlsxBook;

fn bad_inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs")
}

/// A small WG workbook whose criteria sheet has one more value, in Excel's last cell
/// (XFD1048576): its dimension is the whole sheet, 17 billion cells.
fn wg_with_value_in_last_cell(path: &Path) {
    let mut book = XlsxBook::new();
    let cover = book.add_worksheet().set_name("表紙").unwrap();
    cover.write_string(0, 0, "サービス名").unwrap();
    cover.write_string(0, 1, "Amazon S3").unwrap();
    let scenarios = common::sheet_with_header(
        &mut book,
        "利用シナリオと接続経路",
        &["No.", "利用シナリオ", "接続元", "接続経路"],
    );
    for (c, v) in ["1", "管理コンソール", "本社LAN", "インターネット"]
        .iter()
        .enumerate()
    {
        scenarios.write_string(1, c as u16, *v).unwrap();
    }
    let criteria = common::sheet_with_header(
        &mut book,
        "セキュリティクライテリア",
        &["No.", "評価観点", "対策分類", "セキュリティクライテリア"],
    );
    for (c, v) in ["1", "アクセス管理", "認証", "多要素認証を必須とすること"]
        .iter()
        .enumerate()
    {
        criteria.write_string(1, c as u16, *v).unwrap();
    }
    criteria.write_string(1_048_575, 16_383, "x").unwrap();
    let notes = book
        .add_worksheet()
        .set_name("サービス利用時の留意事項")
        .unwrap();
    notes.write_string(0, 0, "分類").unwrap();
    notes.write_string(0, 1, "留意事項").unwrap();
    notes.write_string(1, 0, "設定").unwrap();
    notes
        .write_string(1, 1, "パブリックアクセスをブロックする")
        .unwrap();
    book.save(path).unwrap();
}

/// Writes the file to a temporary folder (and, blessing, to `tests/bad-inputs/`).
fn built(dir: &Path, name: &str, build: fn(&Path)) -> PathBuf {
    let path = dir.join(name);
    build(&path);
    if std::env::var_os("HASHIRA_BLESS_BAD_INPUTS").is_some() {
        std::fs::copy(&path, bad_inputs().join(name)).unwrap();
    }
    path
}

#[test]
fn a_value_in_the_last_cell_of_excel_is_a_limit_error_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let name = "wg-criteria-value-at-XFD1048576.xlsx";
    let fresh = built(dir.path(), name, wg_with_value_in_last_cell);
    let committed = bad_inputs().join(name);
    assert!(
        committed.exists(),
        "{} is not committed",
        committed.display()
    );
    let wb = common::demo(dir.path());
    let file = dir.path().join("demo.hashira");
    wb.close().unwrap();
    let before = common::file_hash(&file);
    for path in [&fresh, &committed] {
        let mut wb = hashira_core::Workbook::open(&file, common::clock()).unwrap();
        let error = import_wg(&mut wb, path, &WgImportOptions::default(), "t").unwrap_err();
        let message = error.to_string();
        assert!(message.contains(name), "{message}");
        assert!(message.contains("セキュリティクライテリア"), "{message}");
        assert!(message.contains("XFD1048576"), "{message}");
        assert!(message.contains("number of rows"), "{message}");
        assert_eq!(error.payload().code.as_str(), "XLSX_INVALID");
        // The review import reads sheets with the same reader.
        let error = import_review(&mut wb, path, false, "t").unwrap_err();
        assert!(error.to_string().contains("XFD1048576"), "{error}");
        wb.close().unwrap();
    }
    assert_eq!(common::file_hash(&file), before);
}

/// The limits are on the cells present, not on the sheet's declared dimension: a formatted but
/// empty last cell is ignored and the table imports.
#[test]
fn an_empty_formatted_last_cell_does_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank-last-cell.xlsx");
    let mut book = XlsxBook::new();
    let sheet = book.add_worksheet().set_name("Sheet1").unwrap();
    sheet.write_string(0, 0, "a").unwrap();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet.write_blank(1_048_575, 16_383, &bold).unwrap();
    book.save(&path).unwrap();
    let mut book = hashira_xlsx::Book::open(&path).unwrap();
    let grid = book.grid("Sheet1").unwrap();
    assert_eq!(grid.cells.len(), 1);
    assert_eq!(grid.cell(0, 0), "a");
}

/// A hand-made .xlsx with one sheet: `cells` (ref, text) and `tail` (XML after `</sheetData>`).
fn raw_xlsx(path: &Path, cells: &[(&str, &str)], tail: &str) {
    use std::io::Write as _;
    let mut rows = String::new();
    for (reference, text) in cells {
        let row: String = reference.chars().filter(char::is_ascii_digit).collect();
        rows.push_str(&format!(
            r#"<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c></row>"#
        ));
    }
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>{rows}</sheetData>{tail}</worksheet>"#
    );
    let parts: [(&str, String); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.into(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(data.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// Thousands of merged areas over the sheet's cells (or hyperlinks over the whole sheet): every
/// cell they fill counts against the sheet's cell limit, so the reader stops with an error
/// instead of refilling the same cells for minutes.
#[test]
fn merges_and_links_over_the_whole_sheet_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let cells = [("A1", "表"), ("T1000", "末尾")];
    for (name, tail) in [
        (
            "merges.xlsx",
            format!(
                "<mergeCells>{}</mergeCells>",
                r#"<mergeCell ref="A1:T1000"/>"#.repeat(2_000)
            ),
        ),
        (
            "links.xlsx",
            format!(
                "<hyperlinks>{}</hyperlinks>",
                r##"<hyperlink ref="A1:XFD1048576" location="Sheet1!A1"/>"##.repeat(2_000)
            ),
        ),
    ] {
        let path = dir.path().join(name);
        raw_xlsx(&path, &cells, &tail);
        // A smaller cell limit than the default keeps the test fast; the counting is the same.
        let limits = hashira_xlsx::Limits {
            max_cells: 100_000,
            ..hashira_xlsx::Limits::default()
        };
        let mut book = hashira_xlsx::Book::open_with(&path, limits).unwrap();
        let Err(error) = book.grid("Sheet1") else {
            panic!("{name} was read whole");
        };
        let message = error.to_string();
        assert!(message.contains(name), "{message}");
        assert!(
            message.contains("the number of cells of sheet 'Sheet1'"),
            "{message}"
        );
    }
    // One merge and one link over the whole sheet are fine: filled where the grid is.
    let path = dir.path().join("one.xlsx");
    raw_xlsx(
        &path,
        &cells,
        r#"<mergeCells><mergeCell ref="A1:B2"/></mergeCells><hyperlinks><hyperlink ref="A1:XFD1048576" location="Sheet1!A1"/></hyperlinks>"#,
    );
    let mut book = hashira_xlsx::Book::open(&path).unwrap();
    let grid = book.grid("Sheet1").unwrap();
    assert_eq!(grid.cells.len(), 1000);
    assert_eq!(grid.cell(1, 1), "表");
    assert_eq!(grid.links.len(), 1000 * 20);
}
