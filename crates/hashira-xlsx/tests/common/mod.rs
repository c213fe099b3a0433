#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use hashira_core::{FixedClock, Workbook};
use sha2::{Digest, Sha256};

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap())
}

pub fn demo(dir: &Path) -> Workbook {
    hashira_core::demo::create_demo(&dir.join("demo.hashira"), clock()).unwrap()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn file_hash(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// Opens `file` with LibreOffice headless (converting it to csv) and fails the test when
/// LibreOffice is missing or cannot open it. A private profile keeps parallel runs apart.
/// Returns the first sheet as LibreOffice shows it (csv, values as displayed).
pub fn libreoffice_opens(file: &Path) -> String {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .unwrap_or_else(|| {
            panic!(
                "LibreOffice (soffice) is not installed; install the Debian package \
                 libreoffice-calc-nogui (scripts/test does) to run this test"
            )
        });
    let work = tempfile::tempdir().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        work.path().display()
    );
    let output = Command::new(soffice)
        .arg(&profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            // UTF-8 (76), comma-separated (44), double quotes (34): Japanese stays readable.
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(work.path())
        .arg(file)
        .output()
        .unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    let csv = work.path().join(format!("{stem}.csv"));
    assert!(
        output.status.success() && csv.exists(),
        "LibreOffice could not open {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&std::fs::read(&csv).unwrap()).into_owned()
}

/// A new sheet named `name` whose first row holds `headers`: how the WG test files begin.
pub fn sheet_with_header<'a>(
    book: &'a mut rust_xlsxwriter::Workbook,
    name: &str,
    headers: &[&str],
) -> &'a mut rust_xlsxwriter::Worksheet {
    let sheet = book.add_worksheet().set_name(name).unwrap();
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet
}
