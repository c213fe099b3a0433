//! The workbook's integrity as the report states it: the result of the core's `verify` (the
//! same check `hashira verify` runs) and the head of the audit chain, so a signer can tell
//! the printed state from a later or edited one.

use hashira_core::Workbook;
use serde::Serialize;

use crate::error::Result;

/// How many hex digits of the audit head's hash are printed.
const SHORT_HASH: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditHead {
    pub seq: i64,
    /// The first hex digits of the newest entry's hash.
    pub hash_short: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Integrity {
    /// `verify` found no problem.
    pub passed: bool,
    /// The problems `verify` found, in its words (English, as `hashira verify` prints them).
    pub problems: Vec<String>,
    /// The newest audit entry; `None` for a workbook without audit entries.
    pub audit_head: Option<AuditHead>,
}

impl Integrity {
    /// Runs the workbook's `verify` (reads only) and reads the audit chain's head.
    pub(crate) fn check(workbook: &Workbook) -> Result<Integrity> {
        let report = workbook.verify()?;
        let audit_head = workbook.audit_log()?.last().map(|entry| AuditHead {
            seq: entry.seq,
            hash_short: entry.entry_hash.chars().take(SHORT_HASH).collect(),
        });
        Ok(Integrity {
            passed: report.ok,
            problems: report.problems.into_iter().map(|p| p.message).collect(),
            audit_head,
        })
    }
}
