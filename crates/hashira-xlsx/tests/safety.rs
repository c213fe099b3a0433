//! Files that are not usable .xlsx get a clear error naming the file; the workbook is unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::Path;

use hashira_xlsx::read::{Book, Limits};
use hashira_xlsx::review::import_review;
use hashira_xlsx::wg::{WgImportOptions, import_wg};

fn zip_with(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

fn ole(path: &Path, encrypted: bool) {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(2048, 0);
    if encrypted {
        for c in "EncryptedPackage".chars() {
            bytes.push(c as u8);
            bytes.push(0);
        }
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn bad_files_are_refused_with_their_name_and_leave_the_workbook_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let wb = common::demo(dir.path());
    let file = dir.path().join("demo.hashira");
    wb.close().unwrap();
    let before = common::file_hash(&file);

    type Make = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "notes.xlsx",
            Box::new(|p: &Path| std::fs::write(p, "just text").unwrap()),
            "not an .xlsx file",
        ),
        ("old.xls", Box::new(|p: &Path| ole(p, false)), "(.xls)"),
        (
            "locked.xlsx",
            Box::new(|p: &Path| ole(p, true)),
            "password-protected",
        ),
        (
            "truncated.xlsx",
            Box::new(|p: &Path| {
                let bytes = std::fs::read(common::fixture("wg-japanese.xlsx")).unwrap();
                std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
            }),
            "not a valid .xlsx",
        ),
        (
            "other.xlsx",
            Box::new(|p: &Path| zip_with(p, &[("readme.txt", b"hello")])),
            "not an Excel workbook",
        ),
        (
            "bomb.xlsx",
            Box::new(|p: &Path| {
                let zeros = vec![0u8; 20 * 1024 * 1024];
                zip_with(
                    p,
                    &[
                        ("xl/workbook.xml", b"<workbook/>"),
                        ("xl/worksheets/sheet1.xml", &zeros),
                    ],
                );
            }),
            "zip bomb",
        ),
    ];
    for (name, make, expected) in cases {
        let path = dir.path().join(name);
        make(&path);
        let mut wb = hashira_core::Workbook::open(&file, common::clock()).unwrap();
        for error in [
            import_wg(&mut wb, &path, &WgImportOptions::default(), "t").unwrap_err(),
            import_review(&mut wb, &path, false, "t").unwrap_err(),
        ] {
            let message = error.to_string();
            assert!(message.contains(name), "{name}: {message}");
            assert!(message.contains(expected), "{name}: {message}");
            assert_eq!(
                error.payload().code.as_str(),
                "XLSX_INVALID",
                "{name}: {message}"
            );
        }
        wb.close().unwrap();
        assert_eq!(
            common::file_hash(&file),
            before,
            "{name} changed the workbook"
        );
    }
}

#[test]
fn limits_on_size_sheets_and_rows() {
    let path = common::fixture("wg-japanese.xlsx");
    let small = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let e = Book::open_with(&path, small).err().unwrap();
    assert!(e.to_string().contains("file size"), "{e}");
    let few_sheets = Limits {
        max_sheets: 2,
        ..Limits::default()
    };
    let e = Book::open_with(&path, few_sheets).err().unwrap();
    assert!(e.to_string().contains("number of sheets"), "{e}");
    let few_rows = Limits {
        max_rows: 3,
        ..Limits::default()
    };
    let mut book = Book::open_with(&path, few_rows).unwrap();
    let e = book.grid("セキュリティ クライテリア").unwrap_err();
    assert!(e.to_string().contains("number of rows"), "{e}");
    let short_cells = Limits {
        max_cell_chars: 5,
        ..Limits::default()
    };
    let mut book = Book::open_with(&path, short_cells).unwrap();
    let e = book.grid("セキュリティ クライテリア").unwrap_err();
    assert!(e.to_string().contains("length of cell"), "{e}");
}

#[test]
fn text_longer_than_excel_allows_is_an_export_error_not_a_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    wb.save_answer(
        "SEC1",
        hashira_core::workbook::AnswerChange {
            notes: Some("あ".repeat(40_000)),
            ..Default::default()
        },
        "t",
    )
    .unwrap();
    let out = dir.path().join("long.xlsx");
    let e = hashira_xlsx::review::export_review(&wb, &[], &out, "now").unwrap_err();
    assert!(e.to_string().contains("32767"), "{e}");
    assert!(!out.exists());
}
