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
    /// Criterion numbers on more than one row (also in `warnings`).
    pub duplicate_numbers: Vec<WgDuplicateRows>,
    /// `ADDED` / `REPLACED`; absent on a dry run.
    pub result: Option<WgImportKind>,
    /// Per criterion: added / changed / unchanged / removed, and what happens to its evaluation.
    pub merge: Option<WgMergePlan>,
    /// The plan's fingerprint ([`WgMergePlan::fingerprint`]): give it back as
    /// [`WgImportOptions::expect_plan`] to apply exactly this plan.
    pub plan_sha256: String,
    pub dry_run: bool,
}

/// A criterion number the file uses on more than one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgDuplicateRows {
    pub criterion_no: String,
    /// 1-based row numbers in the criteria sheet.
    pub rows: Vec<u32>,
    /// 0-based positions among the criteria (`wg evaluate` takes `#position+1`).
    pub positions: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct WgImportOptions {
    /// Overrides the service name found in the file; required when the file names none.
    pub service: Option<String>,
    pub dry_run: bool,
    /// A blank institution cell clears the stored value instead of keeping it.
    pub clear_blank: bool,
    /// The fingerprint of the previewed plan: the import is refused (`WG_PLAN_CHANGED`) unless
    /// it would store exactly that plan.
    pub expect_plan: Option<String>,
}
