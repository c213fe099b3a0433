//! The workbook: one SQLite file per engagement.
//!
//! Invariants kept here:
//! - every write is one immediate transaction that also appends its audit entry;
//! - `foreign_keys=ON`, `synchronous=FULL`, rollback journal (no `-wal` file), so a closed
//!   workbook is one self-contained file and a crash leaves either the old or the new state;
//! - a file whose schema is newer than this build is refused before anything is written;
//! - question sets are read from the workbook's own copy, never from the app's shipped files.

mod answer_batch;
mod answers;
mod audit;
mod evidence;
mod file;
mod migrations;
mod sets;
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
pub(crate) use file::{DbResult, db_error};
use file::{check_header, configure, connect, inspect, sync_dir};
pub use migrations::LATEST_SCHEMA_VERSION;
use sets::{check_sets_fit_together, insert_set, load_sets};
pub use verify::{Problem, ProblemKind, VerifyReport};
pub use workload::{
    DEFAULT_TIME_ZONE, Environment, Workload, WorkloadField, format_time_zone, parse_time_zone,
};

use crate::clock::{Clock, format_timestamp};
use crate::error::{Error, Result};
use crate::question_set::{Pillar, Question, QuestionSet, sha256_hex};

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
    clock: Arc<dyn Clock>,
    options: WorkbookOptions,
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

fn new_workbook_id(path: &Path, clock: &dyn Clock) -> String {
    let seed = format!(
        "{}|{}|{}|{:?}",
        path.display(),
        clock.now().unix_timestamp_nanos(),
        std::process::id(),
        std::time::SystemTime::now()
    );
    sha256_hex(seed.as_bytes())[..32].to_string()
}

impl Workbook {
    /// Creates a new workbook at `path` with the given workload name and question sets.
    ///
    /// The file is built under a temporary name beside `path` and moved into place only when
    /// complete, so a crash never leaves a half-made workbook under the chosen name.
    pub fn create(
        path: &Path,
        workload_name: &str,
        sets: Vec<QuestionSet>,
        actor: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Workbook> {
        if path.exists() {
            return Err(Error::WorkbookExists {
                path: path.to_path_buf(),
            });
        }
        workload::validate_name(workload_name)?;
        check_sets_fit_together(&sets)?;
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".hashira-new-")
            .tempfile_in(&dir)
            .map_err(|e| Error::io("cannot create a file in", &dir, e))?;
        let id = {
            let conn = Connection::open(temp.path()).db(path)?;
            configure(&conn, path)?;
            // The file gets its final name only after one fsync at the end, so the steps in
            // between need no durability of their own: a crash leaves just a stray temp file.
            conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;")
                .db(path)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .db(path)?;
            migrations::migrate(&conn, path, 0)?;
            let id = new_workbook_id(path, clock.as_ref());
            let mut conn = conn;
            {
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .db(path)?;
                let write = Write {
                    tx,
                    path,
                    workbook_id: &id,
                    at: format_timestamp(clock.now()),
                };
                write
                    .tx
                    .execute(
                        "INSERT INTO workbook_meta (key, value) VALUES ('workbook_id', ?1), \
                     ('created_at', ?2), ('created_with', ?3)",
                        (
                            &id,
                            &write.at,
                            concat!("hashira ", env!("CARGO_PKG_VERSION")),
                        ),
                    )
                    .db(path)?;
                write
                    .tx
                    .execute(
                        "INSERT INTO workload (singleton, name) VALUES (1, ?1)",
                        [workload_name.trim()],
                    )
                    .db(path)?;
                write.audit(
                    actor,
                    "workbook.create",
                    "workbook",
                    None,
                    Some(&serde_json::json!({ "name": workload_name.trim() })),
                )?;
                for (position, set) in sets.iter().enumerate() {
                    insert_set(&write, set, position)?;
                    write.audit(
                        actor,
                        "question_set.add",
                        set.id(),
                        None,
                        Some(&serde_json::json!({
                            "version": set.version(),
                            "content_hash": set.content_hash(),
                        })),
                    )?;
                }
                write.tx.commit().db(path)?;
            }
            conn.close().map_err(|(_, e)| db_error(path, e))?;
            id
        };
        temp.as_file()
            .sync_all()
            .map_err(|e| Error::io("cannot write", temp.path(), e))?;
        temp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::WorkbookExists {
                    path: path.to_path_buf(),
                }
            } else {
                Error::io("cannot save the workbook as", path, e.error)
            }
        })?;
        sync_dir(&dir);
        // The sets are already parsed and validated: attach them instead of re-reading.
        let conn = connect(path)?;
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            id,
            sets,
            clock,
            options: WorkbookOptions::default(),
        })
    }

    /// Opens an existing workbook for reading and writing.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Workbook> {
        Workbook::open_with(path, clock, WorkbookOptions::default())
    }

    pub fn open_with(
        path: &Path,
        clock: Arc<dyn Clock>,
        options: WorkbookOptions,
    ) -> Result<Workbook> {
        inspect(path)?;
        let conn = connect(path)?;
        // Authoritative now: opening rolled back any hot journal a crash left behind.
        let application_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .db(path)?;
        let stored_version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .db(path)?;
        let version = check_header(path, application_id, stored_version)?;
        if version < LATEST_SCHEMA_VERSION {
            migrations::migrate(&conn, path, version)?;
        }
        let id: String = conn
            .query_row(
                "SELECT value FROM workbook_meta WHERE key = 'workbook_id'",
                [],
                |r| r.get(0),
            )
            .optional()
            .db(path)?
            .ok_or_else(|| Error::WorkbookCorrupt {
                path: path.to_path_buf(),
                reason: "the workbook id is missing".into(),
            })?;
        let sets = load_sets(&conn, path)?;
        let mut workbook = Workbook {
            conn,
            path: path.to_path_buf(),
            id,
            sets,
            clock,
            options,
        };
        if version < LATEST_SCHEMA_VERSION {
            // Upgrading the schema changes the file, so it is recorded like any other change.
            workbook.write(|write| {
                write.audit(
                    concat!("hashira ", env!("CARGO_PKG_VERSION")),
                    "workbook.migrate",
                    "schema",
                    Some(&serde_json::json!(version)),
                    Some(&serde_json::json!(LATEST_SCHEMA_VERSION)),
                )
            })?;
        }
        Ok(workbook)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A random id given at creation; it seeds the audit chain.
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

    /// The set, pillar and question with this id.
    pub fn find_question(&self, question_id: &str) -> Result<(&QuestionSet, &Pillar, &Question)> {
        self.sets
            .iter()
            .find_map(|set| set.question(question_id).map(|(p, q)| (set, p, q)))
            .ok_or_else(|| Error::QuestionNotFound {
                question_id: question_id.to_string(),
            })
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .db(&self.path)?;
        let write = Write {
            tx,
            path: &self.path,
            workbook_id: &self.id,
            at,
        };
        let value = body(&write)?;
        write.tx.commit().db(&self.path)?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests;
