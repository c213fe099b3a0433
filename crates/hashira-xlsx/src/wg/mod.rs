//! WG evaluation workbooks (セキュリティリスク評価共同化WG): header-driven import, printable
//! export and an empty template.
//!
//! `headers` names the sheets and columns, `records` maps them to the core's records both ways,
//! `import` reads a file, `export` writes one, and `code_lists` handles the code-list sheet.

mod code_lists;
mod export;
mod headers;
mod import;
mod records;

use std::collections::BTreeMap;

use hashira_core::wg::{WgImportKind, WgMergePlan};
use serde::Serialize;

pub use export::{export_wg, write_template, write_wg};
pub use headers::{
    CODES_SHEET, COVER_SHEET, CRITERIA_FIELDS, CRITERIA_SHEET, NOTE_FIELDS, NOTES_SHEET,
    SCENARIO_FIELDS, SCENARIO_SHEET,
};
pub use import::{import_wg, read_wg, read_wg_book};

/// What an import found (shown by `--dry-run` and `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct WgImportReport {
    pub file: String,
    pub sha256: String,
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    /// sheet key → (sheet name, 1-based header row)
    pub sheets: BTreeMap<String, (String, u32)>,
    pub scenarios: usize,
    pub criteria: usize,
    pub notes: usize,
    /// sheet key → headers kept as unknown columns
    pub unknown_columns: BTreeMap<String, Vec<String>>,
    /// `file` when the file carried a code-list sheet, else `derived` from the criteria.
    pub code_lists_from: String,
    pub perspectives: usize,
    pub categories: usize,
    pub warnings: Vec<String>,
    /// `ADDED` / `REPLACED`; absent on a dry run.
    pub result: Option<WgImportKind>,
    /// Per criterion: added / changed / unchanged / removed, and what happens to its evaluation.
    pub merge: Option<WgMergePlan>,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Default)]
pub struct WgImportOptions {
    /// Overrides the service name found in the file.
    pub service: Option<String>,
    pub dry_run: bool,
}
