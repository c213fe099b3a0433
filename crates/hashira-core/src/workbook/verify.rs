//! `verify`: SQLite's integrity check, foreign keys, the stored question sets (and the figures'
//! rows kept beside them, `question_rule_check.rs`), every evidence hash, the audit chain, and
//! that every tracked row holds what the audit trail says (`state_check`). Problems are
//! reported, never repaired.

use serde::Serialize;
use serde_json::Value;

use super::file::is_damage;
use super::{DbResult, SetsRead, Workbook};
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
    /// A milestone edited, deleted or not in the audit trail.
    Milestone,
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

/// One check of `verify`: what it checks (for the problem when damage stops it), the kind of
/// problem it reports, and the check.
type Check = (
    &'static str,
    ProblemKind,
    fn(&Workbook) -> Result<Vec<Problem>>,
);

fn of_kind(kind: ProblemKind, messages: Vec<String>) -> Vec<Problem> {
    messages
        .into_iter()
        .map(|message| Problem::new(kind, message))
        .collect()
}

const CHECKS: &[Check] = &[
    ("SQLite's integrity check", ProblemKind::Integrity, |w| {
        w.strings("PRAGMA integrity_check", |r| r.get(0))
            .map(|lines| {
                of_kind(
                    ProblemKind::Integrity,
                    lines.into_iter().filter(|l| l != "ok").collect(),
                )
            })
    }),
    ("the foreign keys", ProblemKind::ForeignKey, |w| {
        w.strings("PRAGMA foreign_key_check", |r| {
            Ok(format!(
                "row {} of {} points to a missing row of {}",
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(0)?,
                r.get::<_, String>(2)?
            ))
        })
        .map(|found| of_kind(ProblemKind::ForeignKey, found))
    }),
    ("the stored question sets", ProblemKind::QuestionSet, |w| {
        w.strings(
            "SELECT id, content_hash, source_text FROM question_set",
            |r| {
                let (id, hash, text): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                Ok(if sha256_hex(text.as_bytes()) == hash {
                    String::new()
                } else {
                    format!("question set '{id}': its text no longer matches the recorded hash")
                })
            },
        )
        .map(|found| {
            // An empty string is a set whose text matches its hash.
            of_kind(
                ProblemKind::QuestionSet,
                found.into_iter().filter(|m| !m.is_empty()).collect(),
            )
        })
    }),
    (
        "the stored rules against the sets' texts",
        ProblemKind::QuestionSet,
        Workbook::question_rule_problems,
    ),
    ("the evidence files", ProblemKind::Evidence, |w| {
        w.evidence_problems()
            .map(|m| of_kind(ProblemKind::Evidence, m))
    }),
    ("the audit chain", ProblemKind::AuditTrail, |w| {
        w.audit_chain_problems()
            .map(|m| of_kind(ProblemKind::AuditTrail, m))
    }),
    ("the stored triggers", ProblemKind::Integrity, |w| {
        w.foreign_trigger_problems()
            .map(|m| of_kind(ProblemKind::Integrity, m))
    }),
    (
        "the rows against the audit trail",
        ProblemKind::RecordedState,
        Workbook::state_problems,
    ),
    (
        "the milestones",
        ProblemKind::Milestone,
        Workbook::milestone_problems,
    ),
    (
        "the stored values",
        ProblemKind::Integrity,
        Workbook::stored_value_problems,
    ),
];

impl Workbook {
    /// Runs every check and reports what each found. A check that damage stops (a stored
    /// schema or text SQLite cannot read) is itself one problem, naming what could not be read,
    /// and the other checks still run; only a locked file or a failing disk fails `verify`.
    /// A workbook opened with part of its sets (a point open) is verified as a whole open
    /// would be: the checks compare the file with every stored set, and a part would report
    /// the questions it did not read as problems.
    pub fn verify(&self) -> Result<VerifyReport> {
        if matches!(self.sets_read, SetsRead::OneQuestion | SetsRead::NoText) {
            let whole = Workbook::open_with(self.path(), self.clock.clone(), self.options.clone())?;
            return whole.verify();
        }
        let mut problems = Vec::new();
        for (what, kind, check) in CHECKS {
            match check(self) {
                Ok(found) => problems.extend(found),
                Err(e) if is_damage(&e) => problems.push(Problem::new(
                    *kind,
                    format!("{what} could not be checked: {e}"),
                )),
                Err(e) => return Err(e),
            }
        }
        let mut count = |what: &str, sql: &str| -> Result<usize> {
            match self
                .conn()
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .db(self.path())
            {
                Ok(n) => Ok(usize::try_from(n).unwrap_or(0)),
                Err(e) if is_damage(&e) => {
                    problems.push(Problem::new(
                        ProblemKind::Integrity,
                        format!("{what} could not be counted: {e}"),
                    ));
                    Ok(0)
                }
                Err(e) => Err(e),
            }
        };
        let audit_entries = count("the audit entries", "SELECT count(*) FROM audit_entry")?;
        let evidence_files = count(
            "the evidence files",
            "SELECT count(*) FROM evidence WHERE kind = 'FILE'",
        )?;
        Ok(VerifyReport {
            ok: problems.is_empty(),
            audit_entries,
            evidence_files,
            problems,
        })
    }

    /// One string from each row of `sql`.
    fn strings(
        &self,
        sql: &str,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<String>,
    ) -> Result<Vec<String>> {
        let path = self.path();
        let mut statement = self.conn().prepare(sql).db(path)?;
        let rows = statement.query_map([], row).db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }
}
