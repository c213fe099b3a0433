//! The other file is taken only as far as it proves itself. Before anything is planned it is
//! checked as `hashira verify` checks a workbook: its stored schema, SQLite's integrity check,
//! every evidence hash, the audit chain, and every row against what its audit trail records.
//! Without this a row changed outside the product (by hand in a SQLite tool, or a byte damaged
//! on the way) would be taken as a change of the reviewer its trail names, and the merge would
//! record it in this workbook's own trail, where `verify` could no longer see it.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::super::file::{BUSY_TIMEOUT, check_schema, check_schema_parses, check_stored_header};
use super::super::sets::load_sets_reusing;
use super::super::{DbResult, SetsRead, Workbook, WorkbookOptions, stored_workbook_id};
use crate::error::{Error, Result};

/// How many of the other file's problems the refusal names (`hashira verify` on it lists all).
const NAMED: usize = 3;

/// Refuses `path` (a workbook of this schema by its header) unless its `verify` passes; a
/// damaged schema is `WORKBOOK_CORRUPT` as in open. Read-only: the file is never written. Its
/// sets are parsed as open parses them (`verify` checks the stored rules against them), each
/// one `ours` already holds taken from there.
pub(super) fn check_verifies(path: &Path, ours: &Workbook) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .db(path)?;
    conn.busy_timeout(BUSY_TIMEOUT).db(path)?;
    let version = check_stored_header(&conn, path)?;
    // Read-only, SQLite tolerates a schema that open refuses: refuse it here too.
    check_schema_parses(&conn, path)?;
    check_schema(&conn, path, version)?;
    let id = stored_workbook_id(&conn, path)?;
    let sets = load_sets_reusing(&conn, path, &ours.sets)?;
    let other = Workbook {
        conn,
        path: path.to_path_buf(),
        id,
        sets,
        sets_read: SetsRead::All,
        clock: ours.clock.clone(),
        options: WorkbookOptions::default(),
    };
    let report = other.verify()?;
    if report.ok {
        return Ok(());
    }
    let named: Vec<&str> = report
        .problems
        .iter()
        .take(NAMED)
        .map(|p| p.message.as_str())
        .collect();
    Err(Error::MergeRefused {
        other: path.to_path_buf(),
        kind: "NOT_VERIFIED",
        message: format!(
            "it does not pass verify ({} problem(s): {}{}): a copy whose rows are not what its \
             audit trail records cannot be merged, since its changes could not be told from \
             edits made outside Hashira; run `hashira verify` on it and ask its reviewer for \
             the file again",
            report.problems.len(),
            named.join("; "),
            if report.problems.len() > NAMED {
                "; …"
            } else {
                ""
            }
        ),
    })
}

/// Turns a failed read of the other file into what it is. The file is opened read-only, so
/// SQL failing on it (a NULL where its schema has none, a value of another type, a row that
/// does not decode) comes from its content, damaged or edited outside Hashira:
/// `WORKBOOK_CORRUPT` naming the file, not the generic `DATABASE` code. Errors about this
/// workbook, or of another kind, pass unchanged.
pub(super) fn read_as_damage(other: &Path) -> impl Fn(Error) -> Error + use<> {
    let other: PathBuf = other.to_path_buf();
    move |error| match error {
        Error::Database { path, source } if path == other => Error::WorkbookCorrupt {
            path,
            reason: format!("it does not read as a workbook of this version ({source})"),
        },
        error => error,
    }
}
