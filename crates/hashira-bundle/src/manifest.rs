//! `MANIFEST.json` and `SHA256SUMS`: what a bundle holds, and the one text both the bundle and
//! its check derive the sums file from.

use serde::{Deserialize, Serialize};

pub const MANIFEST_NAME: &str = "MANIFEST.json";
pub const SUMS_NAME: &str = "SHA256SUMS";
/// The workbook's snapshot inside the bundle.
pub const SNAPSHOT_NAME: &str = "workbook.hashira";
pub const REPORT_NAME: &str = "report.pdf";
pub const ANSWERS_NAME: &str = "answers.xlsx";
/// The version of this manifest's layout; a reader refuses one it does not know.
pub const FORMAT: &str = "hashira-bundle/1";

/// One file of the bundle (every entry but `MANIFEST.json` and `SHA256SUMS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// Where an evidence file of the bundle came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEvidence {
    pub path: String,
    pub evidence_id: i64,
    pub set_id: String,
    pub question_id: String,
    pub choice_id: Option<String>,
    /// The name it was added under (the path's name is made safe from it).
    pub file_name: String,
    pub title: String,
    pub added_by: String,
    pub added_at: String,
}

/// The milestone a bundle shows (its report, answers and evidence), when one was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestMilestone {
    pub number: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub workbook_id: String,
    pub workload_name: String,
    /// The snapshot's audit chain head (`seq:hash`); `bundle verify` opens the snapshot and
    /// checks that its chain ends there.
    pub audit_chain_head: String,
    pub milestone: Option<ManifestMilestone>,
    pub app_version: String,
    pub created_at: String,
    pub lang: String,
    /// The path of the workbook's snapshot.
    pub snapshot: String,
    pub files: Vec<ManifestFile>,
    pub evidence: Vec<ManifestEvidence>,
}

/// `SHA256SUMS` as `sha256sum -c` reads it: every file of the manifest and the manifest
/// itself, `<hex>  <path>` per line. Paths are made safe (no newline or backslash), so none
/// needs `sha256sum`'s escaping.
pub fn sums_text(files: &[ManifestFile], manifest_sha256: &str) -> String {
    let mut text = String::new();
    for file in files {
        text.push_str(&format!("{}  {}\n", file.sha256, file.path));
    }
    text.push_str(&format!("{manifest_sha256}  {MANIFEST_NAME}\n"));
    text
}
