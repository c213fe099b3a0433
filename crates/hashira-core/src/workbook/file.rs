//! The workbook file itself: SQLite error mapping, connection settings, and the header checks
//! that refuse foreign or newer files before SQLite writes anything.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, LATEST_SCHEMA_VERSION};
use crate::error::{Error, Result};

/// Maps SQLite failures to the errors a user can act on (locked, damaged, not a workbook).
pub(crate) fn db_error(path: &Path, error: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as Code;
    match error.sqlite_error_code() {
        Some(Code::DatabaseBusy | Code::DatabaseLocked) => Error::WorkbookLocked {
            path: path.to_path_buf(),
        },
        Some(Code::DatabaseCorrupt) => Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason: error.to_string(),
        },
        Some(Code::NotADatabase) => Error::NotAWorkbook {
            path: path.to_path_buf(),
            reason: "it is not a SQLite database".into(),
        },
        _ => Error::Database {
            path: path.to_path_buf(),
            source: error,
        },
    }
}

pub(crate) trait DbResult<T> {
    fn db(self, path: &Path) -> Result<T>;
}

impl<T> DbResult<T> for rusqlite::Result<T> {
    fn db(self, path: &Path) -> Result<T> {
        self.map_err(|e| db_error(path, e))
    }
}

/// How long a statement waits for another program's write (another app window, a script)
/// before the workbook is reported locked. Every write is one `BEGIN IMMEDIATE` transaction and
/// SQLite retries it, and each read, under this timeout; it must outlast the longest real
/// write (a 50 MiB evidence file streamed and fsynced, a large import), which takes seconds
/// on a slow disk, so that a user never sees "locked" while the other program is merely busy.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

pub(super) fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT).db(path)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        .db(path)?;
    Ok(())
}

/// A read-write connection to an existing workbook file, configured.
pub(super) fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .db(path)?;
    configure(&conn, path)?;
    Ok(conn)
}

/// Makes a rename in `dir` durable. Best effort: not every platform can open a directory.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Reads the 100-byte SQLite header of `path` directly and returns its schema version, refusing
/// files that are not workbooks or are newer than this build — before SQLite touches the file.
///
/// The header is read by hand rather than through a read-only connection because a workbook
/// left by a crash has a hot journal, which a read-only connection refuses to open; the
/// read-write open that follows rolls it back and the version is checked again there.
pub(super) fn inspect(path: &Path) -> Result<i64> {
    use std::io::Read as _;
    if !path.is_file() {
        return Err(Error::WorkbookNotFound {
            path: path.to_path_buf(),
        });
    }
    let not_a_workbook = |reason: &str| Error::NotAWorkbook {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let mut header = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|file| file.take(100).read_to_end(&mut header))
        .map_err(|e| Error::io("cannot read", path, e))?;
    if header.is_empty() {
        return Err(not_a_workbook("the file is empty"));
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Err(not_a_workbook("it is not a SQLite database"));
    }
    let be32 = |offset: usize| {
        i32::from_be_bytes([
            header[offset],
            header[offset + 1],
            header[offset + 2],
            header[offset + 3],
        ])
    };
    check_header(path, be32(68), i64::from(be32(60)))
}

pub(super) fn check_header(path: &Path, application_id: i32, version: i64) -> Result<i64> {
    if application_id != APPLICATION_ID {
        return Err(Error::NotAWorkbook {
            path: path.to_path_buf(),
            reason: "it is a SQLite database of another program".into(),
        });
    }
    if version > LATEST_SCHEMA_VERSION {
        return Err(Error::WorkbookTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_SCHEMA_VERSION,
        });
    }
    Ok(version)
}
