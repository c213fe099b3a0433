//! `verify`: SQLite's integrity check, foreign keys, the stored question sets, every evidence
//! hash, the audit chain, and that every tracked row holds what the audit trail says
//! (`state_check`). Problems are reported, never repaired.

use serde::Serialize;
use serde_json::Value;

use super::{DbResult, Workbook};
use crate::error::Result;
use crate::question_set::sha256_hex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProblemKind {
    Integrity,
    ForeignKey,
    QuestionSet,
    Evidence,
    AuditTrail,
    /// A row differs from what the audit trail says (edited outside the product).
    RecordedState,
}

/// One problem. A `RECORDED_STATE` problem also names the place: the table, the row's key
/// (`None` for the single workload row), the field (`None` when the whole row is missing or
/// unrecorded) and the values the trail expects and the file holds (`None`: no row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub table: Option<String>,
    pub key: Option<String>,
    pub field: Option<String>,
    pub expected: Option<Value>,
    pub found: Option<Value>,
}

impl Problem {
    pub(super) fn new(kind: ProblemKind, message: String) -> Problem {
        Problem {
            kind,
            message,
            table: None,
            key: None,
            field: None,
            expected: None,
            found: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    pub ok: bool,
    pub audit_entries: usize,
    pub evidence_files: usize,
    pub problems: Vec<Problem>,
}

impl Workbook {
    pub fn verify(&self) -> Result<VerifyReport> {
        let path = self.path();
        let mut problems = Vec::new();
        let mut push = |kind, messages: Vec<String>| {
            problems.extend(
                messages
                    .into_iter()
                    .map(|message| Problem::new(kind, message)),
            );
        };

        let mut statement = self.conn().prepare("PRAGMA integrity_check").db(path)?;
        let integrity: Vec<String> = statement
            .query_map([], |r| r.get(0))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        push(
            ProblemKind::Integrity,
            integrity.into_iter().filter(|line| line != "ok").collect(),
        );

        let mut statement = self.conn().prepare("PRAGMA foreign_key_check").db(path)?;
        let foreign: Vec<String> = statement
            .query_map([], |r| {
                Ok(format!(
                    "row {} of {} points to a missing row of {}",
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?
                ))
            })
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        push(ProblemKind::ForeignKey, foreign);

        let mut statement = self
            .conn()
            .prepare("SELECT id, content_hash, source_text FROM question_set")
            .db(path)?;
        let sets: Vec<String> = statement
            .query_map([], |r| {
                let (id, hash, text): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                Ok((sha256_hex(text.as_bytes()) != hash).then(|| {
                    format!("question set '{id}': its text no longer matches the recorded hash")
                }))
            })
            .db(path)?
            .filter_map(|row| row.transpose())
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        push(ProblemKind::QuestionSet, sets);

        push(ProblemKind::Evidence, self.evidence_problems()?);
        push(ProblemKind::AuditTrail, self.audit_chain_problems()?);
        push(ProblemKind::Integrity, self.foreign_trigger_problems()?);
        problems.extend(self.state_problems()?);
        problems.extend(self.stored_value_problems()?);

        let audit_entries: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))
            .db(path)?;
        let evidence_files: i64 = self
            .conn()
            .query_row(
                "SELECT count(*) FROM evidence WHERE kind = 'FILE'",
                [],
                |r| r.get(0),
            )
            .db(path)?;
        Ok(VerifyReport {
            ok: problems.is_empty(),
            audit_entries: audit_entries as usize,
            evidence_files: evidence_files as usize,
            problems,
        })
    }
}
