//! The workbook: one SQLite file per engagement.
//!
//! Invariants kept here:
//! - every write is one immediate transaction that also appends its audit entry, and the entry
//!   carries the state of the rows the write changed (`tracking`), so `verify` can prove the
//!   file holds what the trail says (`state_check`);
//! - `foreign_keys=ON`, `synchronous=FULL`, rollback journal (no `-wal` file), so a closed
//!   workbook is one self-contained file and a crash leaves either the old or the new state;
//! - a file whose schema is newer than this build is refused before anything is written;
//! - a file whose stored schema lacks what the migrations create, or that holds text that is
//!   not UTF-8, is refused as `WORKBOOK_CORRUPT` naming the damage (`file::check_schema`);
//! - question sets are read from the workbook's own copy, never from the app's shipped files.

mod answer_batch;
mod answers;
mod audit;
mod create;
mod evidence;
mod file;
pub mod merge;
mod migrations;
pub mod milestone;
mod question_rule_check;
mod question_rules;
mod sets;
mod snapshot_copy;
mod state_check;
mod tracking;
pub mod upgrade;
mod verify;
mod workload;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;

pub use answer_batch::{AnswerPlan, AnswerUpdate};
pub use answers::{Answer, AnswerChange, ChoiceNotApplicable, NotApplicable, NotApplicableReason};
pub use audit::AuditEntry;
pub use evidence::{Evidence, EvidenceKind, NewEvidence};
pub(crate) use file::{DbResult, db_error, json_at, text_at};
use file::{check_schema, check_stored_header, connect, inspect};
pub use migrations::LATEST_SCHEMA_VERSION;
pub use question_rules::{StoredFigures, StoredSetOverview};
use sets::load_sets;
pub use verify::{Problem, ProblemKind, VerifyReport};
pub use workload::{
    DEFAULT_TIME_ZONE, Environment, Workload, WorkloadField, format_time_zone, parse_time_zone,
};

use crate::clock::{Clock, format_timestamp};
use crate::error::{Error, Result};
use crate::question_set::{Pillar, Question, QuestionSet};

/// `PRAGMA application_id` of every Hashira workbook ("HSHR").
pub const APPLICATION_ID: i32 = 0x4853_4852;

/// Default per-file evidence limit: 50 MiB.
pub const DEFAULT_EVIDENCE_SIZE_LIMIT: u64 = 50 * 1024 * 1024;

/// The file extension workbooks are saved with.
pub const FILE_EXTENSION: &str = "hashira";

#[derive(Debug, Clone)]
pub struct WorkbookOptions {
    pub evidence_size_limit: u64,
}

impl Default for WorkbookOptions {
    fn default() -> Self {
        WorkbookOptions {
            evidence_size_limit: DEFAULT_EVIDENCE_SIZE_LIMIT,
        }
    }
}

/// A question set as recorded in a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkbookSetInfo {
    pub id: String,
    pub version: String,
    pub content_hash: String,
    pub added_at: String,
}

pub struct Workbook {
    conn: Connection,
    path: PathBuf,
    id: String,
    sets: Vec<QuestionSet>,
    /// How much of the stored sets `sets` holds: the point opens read less, and whatever
    /// judges the whole workbook (`verify`) must not judge it by a part.
    sets_read: SetsRead,
    clock: Arc<dyn Clock>,
    options: WorkbookOptions,
}

/// How much of its stored question sets a [`Workbook`] was opened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetsRead {
    /// Every set, parsed ([`Workbook::open`]).
    All,
    /// One question of one set ([`Workbook::open_for_question`]).
    OneQuestion,
    /// No set text at all ([`Workbook::open_for_figures`]).
    NoText,
    /// The questions two compared states differ in, over those states' rows held in memory
    /// (a side of [`milestone::ComparedSides`]): not the file at its path, so never reopened.
    ComparedQuestions,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("path", &self.path)
            .field("id", &self.id)
            .finish()
    }
}

/// One write in progress: the transaction, its timestamp and the audit trail to append to.
pub(crate) struct Write<'a> {
    pub tx: Transaction<'a>,
    pub path: &'a Path,
    pub workbook_id: &'a str,
    pub at: String,
}

impl Write<'_> {
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) -> Result<()> {
        audit::append(self, actor, action, target, old, new)
    }
}

impl Workbook {
    /// Opens an existing workbook for reading and writing.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Workbook> {
        Workbook::open_with(path, clock, WorkbookOptions::default())
    }

    pub fn open_with(
        path: &Path,
        clock: Arc<dyn Clock>,
        options: WorkbookOptions,
    ) -> Result<Workbook> {
        let (conn, id) = open_connection(path, clock.as_ref())?;
        let sets = load_sets(&conn, path)?;
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            id,
            sets,
            sets_read: SetsRead::All,
            clock,
            options,
        })
    }

    /// Opens a file whose sets the caller has just read (a milestone read back): `sets` are
    /// taken as they are, not parsed from the file again.
    pub(crate) fn open_with_sets(
        path: &Path,
        clock: Arc<dyn Clock>,
        sets: Vec<QuestionSet>,
    ) -> Result<Workbook> {
        let (conn, id) = open_connection(path, clock.as_ref())?;
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            id,
            sets,
            sets_read: SetsRead::All,
            clock,
            options: WorkbookOptions::default(),
        })
    }

    /// Opens a workbook to read or change ONE question (`hashira answer`): of its sets it reads
    /// only the part of the stored text with that question (its set's own keys, its pillar, its
    /// choices), so a point change does not pay for parsing a 10,000-question set. The workbook
    /// then holds one set with that one question: [`Workbook::question_sets`],
    /// [`Workbook::risk_summary`] and the like see nothing else, so open it with
    /// [`Workbook::open`] for anything but this question ([`Workbook::verify`] does so itself). A text that names no question (or
    /// two), or a set not laid out with table headers, reads every set, as `open` does.
    pub fn open_for_question(
        path: &Path,
        clock: Arc<dyn Clock>,
        question: &str,
    ) -> Result<Workbook> {
        let (conn, id) = open_connection(path, clock.as_ref())?;
        let (sets, sets_read) = match sets::load_one_question(&conn, path, question)? {
            Some(sets) => (sets, SetsRead::OneQuestion),
            None => (load_sets(&conn, path)?, SetsRead::All),
        };
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            id,
            sets,
            sets_read,
            clock,
            options: WorkbookOptions::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A random id (UUID v4) given at creation; it seeds the audit chain.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn question_sets(&self) -> &[QuestionSet] {
        &self.sets
    }

    pub fn question_set(&self, set_id: &str) -> Result<&QuestionSet> {
        self.sets
            .iter()
            .find(|s| s.id() == set_id)
            .ok_or_else(|| Error::QuestionSetNotFound {
                id: set_id.to_string(),
                known: self
                    .sets
                    .iter()
                    .map(|s| s.id())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The set, pillar and question with this key (see [`Question::key`]).
    pub fn find_question(&self, question_id: &str) -> Result<(&QuestionSet, &Pillar, &Question)> {
        self.sets
            .iter()
            .find_map(|set| set.question(question_id).map(|(p, q)| (set, p, q)))
            .ok_or_else(|| crate::question_set::lookup::question_not_found(&self.sets, question_id))
    }

    /// The question a person named (`sec 1`, `Sec1`, `SEC1`), as every command that takes a
    /// question id from a person resolves it; an unknown one fails with the nearest ids.
    pub fn resolve_question(&self, text: &str) -> Result<(&QuestionSet, &Pillar, &Question)> {
        crate::question_set::lookup::resolve_question(&self.sets, None, text)
    }

    /// [`Workbook::resolve_question`] within set `set_id` when given (`--set`): needed only
    /// for an id that several sets use.
    pub fn resolve_question_in(
        &self,
        set_id: Option<&str>,
        text: &str,
    ) -> Result<(&QuestionSet, &Pillar, &Question)> {
        crate::question_set::lookup::resolve_question(&self.sets, set_id, text)
    }

    /// Version and content hash of each set as recorded at creation.
    pub fn set_infos(&self) -> Result<Vec<WorkbookSetInfo>> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, version, content_hash, added_at FROM question_set ORDER BY position",
            )
            .db(&self.path)?;
        let rows = statement
            .query_map([], |r| {
                Ok(WorkbookSetInfo {
                    id: r.get(0)?,
                    version: r.get(1)?,
                    content_hash: r.get(2)?,
                    added_at: r.get(3)?,
                })
            })
            .db(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(&self.path)
    }

    pub fn options(&self) -> &WorkbookOptions {
        &self.options
    }

    /// Closes the connection; afterwards the file is self-contained.
    pub fn close(self) -> Result<()> {
        let path = self.path;
        self.conn.close().map_err(|(_, e)| db_error(&path, e))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `body` in one immediate transaction; commits only if it returns `Ok`.
    pub(crate) fn write<T>(&mut self, body: impl FnOnce(&Write<'_>) -> Result<T>) -> Result<T> {
        let at = format_timestamp(self.clock.now());
        write_in(&mut self.conn, &self.path, &self.id, at, body)
    }
}

/// One write on `conn` (tracking installed): an immediate transaction that commits only if
/// `body` returns `Ok`. Every row change must reach the audit trail with its state: a change
/// made after the body's last audit entry gets an entry of its own rather than going unrecorded.
pub(crate) fn write_in<T>(
    conn: &mut Connection,
    path: &Path,
    workbook_id: &str,
    at: String,
    body: impl FnOnce(&Write<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db(path)?;
    let write = Write {
        tx,
        path,
        workbook_id,
        at,
    };
    let value = body(&write)?;
    if tracking::has_changes(&write.tx, path)? {
        write.audit(
            PRODUCT_ACTOR,
            crate::history::action::WORKBOOK_RECORD,
            "workbook",
            None,
            None,
        )?;
    }
    write.tx.commit().db(path)?;
    Ok(value)
}

/// Opens the file, checks what it is, upgrades an older schema and installs the row tracking:
/// every open does this before reading any set. Returns the connection and the workbook id.
fn open_connection(path: &Path, clock: &dyn Clock) -> Result<(Connection, String)> {
    inspect(path)?;
    let mut conn = connect(path)?;
    // Authoritative now: opening rolled back any hot journal a crash left behind.
    let version = check_stored_header(&conn, path)?;
    check_schema(&conn, path, version)?;
    let id = stored_workbook_id(&conn, path)?;
    if version < LATEST_SCHEMA_VERSION {
        upgrade(&mut conn, path, &id, version, clock)?;
    }
    tracking::install(&conn, path)?;
    Ok((conn, id))
}

/// The actor of the changes the product makes on its own (schema upgrades).
const PRODUCT_ACTOR: &str = concat!("hashira ", env!("CARGO_PKG_VERSION"));

fn stored_workbook_id(conn: &Connection, path: &Path) -> Result<String> {
    conn.query_row(
        "SELECT value FROM workbook_meta WHERE key = 'workbook_id'",
        [],
        |r| r.get(0),
    )
    .optional()
    .db(path)?
    .ok_or_else(|| Error::WorkbookCorrupt {
        path: path.to_path_buf(),
        reason: "the workbook id is missing".into(),
    })
}

/// Brings an older workbook to the current schema and records it, in ONE transaction: the
/// migrations, the new version and the audit entry — with a baseline of every tracked row when
/// the trail had no row records yet (from which `verify` compares the rows from now on). A
/// failure anywhere leaves the file as it was.
fn upgrade(
    conn: &mut Connection,
    path: &Path,
    workbook_id: &str,
    from: i64,
    clock: &dyn Clock,
) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db(path)?;
    migrations::apply(&tx, path, from)?;
    let write = Write {
        tx,
        path,
        workbook_id,
        at: format_timestamp(clock.now()),
    };
    // Only a trail that never recorded rows starts from a baseline. Re-baselining a trail that
    // already records them would vouch for any edit made before the upgrade; a later migration
    // that changes tracked rows must record them against the trail instead (ARCHITECTURE.md).
    let baseline = if from < migrations::FIRST_RECORDING_VERSION {
        Some(tracking::baseline(&write.tx, path)?)
    } else {
        None
    };
    audit::append_with_state(
        &write,
        PRODUCT_ACTOR,
        crate::history::action::WORKBOOK_MIGRATE,
        "schema",
        Some(&serde_json::json!(from)),
        Some(&serde_json::json!(LATEST_SCHEMA_VERSION)),
        baseline.as_ref(),
    )?;
    write.tx.commit().db(path)
}

#[cfg(test)]
mod tests;
