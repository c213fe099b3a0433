//! The real `hashira` binary on inputs built to break it (the files in `tests/bad-inputs/` and
//! set files made here): a clear error and exit 1, never an abort, and the workbook unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{hashira, json_error};

fn bad_input(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/bad-inputs")
        .join(name)
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_wg_file_with_a_value_in_excels_last_cell_is_refused_not_aborted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hashira(dir)
        .args(["demo", "demo.hashira"])
        .assert()
        .success();
    let before = bytes(&dir.join("demo.hashira"));
    let sheet = bad_input("wg-criteria-value-at-XFD1048576.xlsx");
    let sheet = sheet.to_str().unwrap();
    for args in [
        vec!["wg", "import", "demo.hashira", sheet],
        vec!["import", "xlsx", "demo.hashira", sheet],
    ] {
        let error = json_error(dir, &args);
        assert_eq!(error["code"], "XLSX_INVALID", "{error}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("wg-criteria-value-at-XFD1048576.xlsx"),
            "{message}"
        );
        assert!(message.contains("XFD1048576"), "{message}");
    }
    assert_eq!(bytes(&dir.join("demo.hashira")), before);
}
