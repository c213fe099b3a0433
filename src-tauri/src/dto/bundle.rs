//! The evidence bundle for hand-over (`hashira-bundle`): its progress event, the bundle written
//! and its check.

use serde::Serialize;
use ts_rs::TS;

use super::ReportGlyphWarning;

/// The window event carrying [`BundleProgressEvent`] while a bundle is written. `bindings.ts`
/// exports the same constant, generated from this one.
pub const BUNDLE_PROGRESS_EVENT: &str = "bundle-progress";

/// How far the bundle has got (`hashira_bundle::BundleProgress`): bytes of the snapshot and the
/// evidence streamed of their total, entries written of all, and the entry being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleProgressEvent {
    pub done_bytes: u64,
    pub total_bytes: u64,
    pub files_done: usize,
    pub files_total: usize,
    /// The path inside the zip being written; empty once the bundle is complete.
    pub current: String,
}

impl From<&hashira_bundle::BundleProgress> for BundleProgressEvent {
    fn from(p: &hashira_bundle::BundleProgress) -> Self {
        BundleProgressEvent {
            done_bytes: p.done_bytes,
            total_bytes: p.total_bytes,
            files_done: p.files_done,
            files_total: p.files_total,
            current: p.current.clone(),
        }
    }
}

/// The milestone a bundle shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleMilestone {
    pub number: i64,
    pub name: String,
}

/// A written bundle.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleCreated {
    pub path: String,
    /// Entries of the zip, `MANIFEST.json` and `SHA256SUMS` included.
    pub files: usize,
    pub evidence_files: usize,
    /// Size of the zip.
    pub bytes: u64,
    pub workbook_id: String,
    /// The manifest's audit chain head (`seq:hash`) of the snapshot inside.
    pub audit_chain_head: String,
    pub milestone: Option<BundleMilestone>,
    /// SHA-256 of `SHA256SUMS`: the fingerprint to send the recipient by another channel.
    pub sums_sha256: String,
    /// Characters the report font lacks (printed as 〓).
    pub warnings: Vec<ReportGlyphWarning>,
}

impl From<hashira_bundle::BundleDone> for BundleCreated {
    fn from(done: hashira_bundle::BundleDone) -> Self {
        BundleCreated {
            path: done.path,
            files: done.entries,
            evidence_files: done.evidence_files,
            bytes: done.bytes,
            workbook_id: done.workbook_id,
            audit_chain_head: done.audit_chain_head,
            milestone: done.milestone.map(|m| BundleMilestone {
                number: m.number,
                name: m.name,
            }),
            sums_sha256: done.sums_sha256,
            warnings: done.report_warnings.into_iter().map(Into::into).collect(),
        }
    }
}

/// What is wrong with one file of a bundle (`hashira_bundle::BundleProblemKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BundleProblemCode {
    Missing,
    Extra,
    Changed,
    AuditChain,
    Snapshot,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleProblemRow {
    pub kind: BundleProblemCode,
    /// The file of the bundle it is about.
    pub path: String,
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
}

/// A bundle checked (`hashira bundle verify`): `ok`, or every missing, extra or changed file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleChecked {
    pub ok: bool,
    pub path: String,
    pub files_checked: usize,
    pub audit_chain_head: String,
    pub problems: Vec<BundleProblemRow>,
}

impl From<hashira_bundle::BundleCheck> for BundleChecked {
    fn from(check: hashira_bundle::BundleCheck) -> Self {
        use hashira_bundle::BundleProblemKind as Kind;
        BundleChecked {
            ok: check.ok,
            path: check.path,
            files_checked: check.files_checked,
            audit_chain_head: check.audit_chain_head,
            problems: check
                .problems
                .into_iter()
                .map(|p| BundleProblemRow {
                    kind: match p.kind {
                        Kind::Missing => BundleProblemCode::Missing,
                        Kind::Extra => BundleProblemCode::Extra,
                        Kind::Changed => BundleProblemCode::Changed,
                        Kind::AuditChain => BundleProblemCode::AuditChain,
                        Kind::Snapshot => BundleProblemCode::Snapshot,
                    },
                    path: p.path,
                    message: p.message,
                    expected: p.expected,
                    found: p.found,
                })
                .collect(),
        }
    }
}
