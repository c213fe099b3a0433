//! The invariants every importer keeps on ANY input, checked in one place for the libFuzzer
//! targets (`fuzz/`) and the ordinary replay test (`tests/replay.rs`, run by `cargo test`).
//!
//! "A bad file never crashes, never changes a workbook, always says where it is wrong":
//! each `check_*` function feeds one input to the real importer on a fresh workbook file in a
//! temporary directory and panics with a message naming the broken invariant. A panic is what
//! libFuzzer records as a crash, and what fails the replay test.
//!
//! - [`check_review_import`] / [`check_wg_import`]: a dry run, then the apply, on a fresh copy
//!   of a demo workbook. Either both fail with the same error code, the error names the file
//!   (and an import problem its sheet and row), the workbook file stays byte-identical
//!   (SHA-256) and is never hit by a database error; or the apply shows exactly the changes its
//!   dry run showed, and `verify` still passes afterwards.
//! - [`check_set_toml`]: a question-set file either parses and validates, and then every
//!   question has a risk for any answer (its last rule is `default`), or fails with
//!   `QUESTION_SET_INVALID` naming the file (and the line for a TOML syntax error).
//! - [`check_rule`]: a risk-rule condition either parses to a tree that prints back to text
//!   which parses to the same tree, or fails with a message whose position lies in the text.
//! - [`check_lens_json`]: a custom-lens file's problems are each placed (a JSON path in the
//!   file, or the line and column of a JSON syntax error); a lens without errors deserialises
//!   and, written back, is still without errors.
//! - [`check_wa_answers`]: WA Tool answers JSON, as the review import: refused alike by dry run
//!   and apply naming the file and JSON path, workbook unchanged; or the apply of the preview's
//!   plan does what it showed and `verify` passes.
//! - [`check_open_workbook`]: arbitrary bytes opened as a workbook fail with
//!   `NOT_A_WORKBOOK` / `WORKBOOK_CORRUPT` / `WORKBOOK_TOO_NEW` naming the file (the first and
//!   last leave it byte-identical), or open, and then `verify` answers without panicking.
//! - [`check_merge_input`]: any bytes as the other reviewer's copy merged into ours: refused
//!   with a clear code naming the file, both files byte-identical; or planned, and applied
//!   with every conflict taking their side, ours then `verify`s and the same file merges no
//!   more.
//! - [`check_bundle_verify`]: any bytes as a bundle zip: `BUNDLE_INVALID` naming the file, or
//!   a report whose `ok` means every file of the manifest is there with its size and SHA-256.

mod bundle;
mod json_path;
mod lens_json;
mod merge;
mod open;
mod rule;
mod set_toml;
mod wa_answers;
mod xlsx_import;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use hashira_core::{FixedClock, Workbook};

pub use bundle::{BundleOutcome, check_bundle_verify};
pub use lens_json::{LensOutcome, check_lens_json};
pub use merge::check_merge_input;
pub use open::check_open_workbook;
pub use rule::{check_rule, print_condition};
pub use set_toml::check_set_toml;
pub use wa_answers::check_wa_answers;
pub use xlsx_import::{ImportOutcome, check_review_import, check_wg_import};

/// Who the checks' imports are recorded as.
const ACTOR: &str = "fuzz";

/// The fixed time every check's workbook is written at, so runs are reproducible.
fn clock() -> Arc<FixedClock> {
    match FixedClock::parse("2026-04-01T09:00:00+09:00", 1000) {
        Some(clock) => Arc::new(clock),
        None => panic!("setup: the fixed clock's time does not parse"),
    }
}

/// Hex SHA-256 of a file, or a panic naming the file (a harness failure, not a finding).
fn file_sha256(path: &Path) -> String {
    match hashira_core::hashing::sha256_file(path) {
        Ok(hash) => hash,
        Err(e) => panic!("setup: cannot read {}: {e}", path.display()),
    }
}

/// One check's private directory, removed when the check ends.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        match tempfile::Builder::new().prefix("hashira-fuzz-").tempdir() {
            Ok(dir) => Scratch { dir },
            Err(e) => panic!("setup: cannot create a temporary directory: {e}"),
        }
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Err(e) = std::fs::write(&path, bytes) {
            panic!("setup: cannot write {}: {e}", path.display());
        }
        path
    }

    /// A fresh copy of the demo workbook (answers given, a WG evaluation stored), made once
    /// per process and copied per input so every input starts from the same file.
    fn demo_workbook(&self) -> PathBuf {
        self.file("review.hashira", demo_bytes())
    }
}

/// The WG sheet stored in the checks' workbook, so a fuzzed WG file also merges with an
/// existing evaluation (the same file the xlsx crate's tests import).
const STORED_WG: &[u8] = include_bytes!("../../hashira-xlsx/tests/fixtures/wg-japanese.xlsx");

fn demo_bytes() -> &'static [u8] {
    static DEMO: OnceLock<Vec<u8>> = OnceLock::new();
    DEMO.get_or_init(|| {
        let scratch = Scratch::new();
        let path = scratch.dir.path().join("demo.hashira");
        let mut workbook = match hashira_core::demo::create_demo(&path, clock()) {
            Ok(workbook) => workbook,
            Err(e) => panic!("setup: cannot create the demo workbook: {e}"),
        };
        let wg = scratch.file("wg.xlsx", STORED_WG);
        let options = hashira_xlsx::wg::WgImportOptions::default();
        if let Err(e) = hashira_xlsx::wg::import_wg(&mut workbook, &wg, &options, ACTOR) {
            panic!("setup: cannot import the stored WG sheet: {e}");
        }
        close(workbook, "setup");
        match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => panic!("setup: cannot read {}: {e}", path.display()),
        }
    })
}

fn open_workbook(path: &Path) -> Workbook {
    match Workbook::open(path, clock()) {
        Ok(workbook) => workbook,
        Err(e) => panic!("setup: the fresh demo workbook does not open: {e}"),
    }
}

fn close(workbook: Workbook, what: &str) {
    if let Err(e) = workbook.close() {
        panic!("{what}: closing the workbook failed: {e}");
    }
}

/// After a successful import the file must still prove what its audit trail says.
fn assert_verifies(workbook: &Workbook, what: &str) {
    match workbook.verify() {
        Ok(report) if report.ok => {}
        Ok(report) => panic!(
            "{what}: after the import, verify reports problems: {:?}",
            report.problems
        ),
        Err(e) => panic!("{what}: after the import, verify fails: {e}"),
    }
}
