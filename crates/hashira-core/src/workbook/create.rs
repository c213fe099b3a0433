//! Creating a workbook: the file is built under a temporary name beside its destination and
//! moved into place only when complete, so a crash never leaves a half-made workbook under the
//! chosen name.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;
use tempfile::NamedTempFile;

use super::file::{configure, connect, sync_dir};
use super::sets::{add_set, check_sets_fit_together};
use super::{
    APPLICATION_ID, DbResult, SetsRead, Workbook, WorkbookOptions, Write, db_error, migrations,
    tracking, workload, write_in,
};
use crate::clock::{Clock, format_timestamp};
use crate::error::{Error, Result};
use crate::question_set::QuestionSet;

/// A new workbook id: a random UUID v4 (32 hex digits), from the system's random source.
fn new_workbook_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl Workbook {
    /// Creates a new workbook at `path` with the given workload name and question sets.
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
        let sets = check_sets_fit_together(sets)?;
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".hashira-new-")
            .tempfile_in(&dir)
            .map_err(|e| Error::io("cannot create a file in", &dir, e))?;
        let id = new_workbook_id();
        let mut conn = empty_workbook(temp.path(), path)?;
        let at = format_timestamp(clock.now());
        write_in(&mut conn, path, &id, at, |write| {
            record_creation(write, workload_name.trim(), &sets, actor)
        })?;
        conn.close().map_err(|(_, e)| db_error(path, e))?;
        move_into_place(temp, path, &dir)?;
        // The sets are already parsed and validated: attach them instead of re-reading.
        let conn = connect(path)?;
        tracking::install(&conn, path)?;
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
}

/// A workbook file at `temp` with the current schema and nothing in it, tracking installed.
/// Errors name `path`, the file the user asked for.
fn empty_workbook(temp: &Path, path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(temp).db(path)?;
    configure(&conn, path)?;
    // The file gets its final name only after one fsync at the end, so the steps in
    // between need no durability of their own: a crash leaves just a stray temp file.
    conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;")
        .db(path)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .db(path)?;
    let tx = conn.transaction().db(path)?;
    migrations::apply(&tx, path, 0)?;
    tx.commit().db(path)?;
    tracking::install(&conn, path)?;
    Ok(conn)
}

/// The first write: the workbook's identity, its workload and its question sets, audited.
fn record_creation(
    write: &Write<'_>,
    workload_name: &str,
    sets: &[QuestionSet],
    actor: &str,
) -> Result<()> {
    let path = write.path;
    write
        .tx
        .execute(
            "INSERT INTO workbook_meta (key, value) VALUES ('workbook_id', ?1), \
             ('created_at', ?2), ('created_with', ?3)",
            (
                write.workbook_id,
                &write.at,
                concat!("hashira ", env!("CARGO_PKG_VERSION")),
            ),
        )
        .db(path)?;
    write
        .tx
        .execute(
            "INSERT INTO workload (singleton, name) VALUES (1, ?1)",
            [workload_name],
        )
        .db(path)?;
    write.audit(
        actor,
        crate::history::action::WORKBOOK_CREATE,
        "workbook",
        None,
        Some(&serde_json::json!({ "name": workload_name })),
    )?;
    for (position, set) in sets.iter().enumerate() {
        add_set(write, set, position, actor)?;
    }
    Ok(())
}

/// Makes the finished temp file durable and gives it its name, never over an existing file.
fn move_into_place(temp: NamedTempFile, path: &Path, dir: &Path) -> Result<()> {
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
    sync_dir(dir);
    Ok(())
}
