//! The workbook file itself: SQLite error mapping, connection settings, and the header checks
//! that refuse foreign or newer files before SQLite writes anything.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::types::{FromSqlError, Type};
use rusqlite::{Connection, OpenFlags, Row};
use serde::de::DeserializeOwned;

use super::verify::{Problem, ProblemKind};
use super::{APPLICATION_ID, LATEST_SCHEMA_VERSION, Workbook};
use crate::error::{Error, Result};

/// The JSON columns and the type each is read as: (table, key column, column, check).
type JsonCheck = fn(&str) -> bool;

fn reads_as<T: DeserializeOwned>(text: &str) -> bool {
    serde_json::from_str::<T>(text).is_ok()
}

const JSON_COLUMNS: &[(&str, &str, &str, JsonCheck)] = &[
    (
        "workload",
        "singleton",
        "aws_regions",
        reads_as::<Vec<String>>,
    ),
    (
        "workload",
        "singleton",
        "other_regions",
        reads_as::<Vec<String>>,
    ),
    (
        "workload",
        "singleton",
        "account_ids",
        reads_as::<Vec<String>>,
    ),
    (
        "workload",
        "singleton",
        "reviewers",
        reads_as::<Vec<String>>,
    ),
    (
        "wg_assessment",
        "id",
        "layout",
        reads_as::<BTreeMap<String, Vec<String>>>,
    ),
    (
        "wg_scenario",
        "rowid",
        "extra",
        reads_as::<BTreeMap<String, String>>,
    ),
    (
        "wg_scenario",
        "rowid",
        "links",
        reads_as::<BTreeMap<String, String>>,
    ),
    (
        "wg_criterion",
        "id",
        "extra",
        reads_as::<BTreeMap<String, String>>,
    ),
    (
        "wg_criterion",
        "id",
        "links",
        reads_as::<BTreeMap<String, String>>,
    ),
    (
        "wg_note",
        "rowid",
        "extra",
        reads_as::<BTreeMap<String, String>>,
    ),
    (
        "wg_note",
        "rowid",
        "links",
        reads_as::<BTreeMap<String, String>>,
    ),
];

impl Workbook {
    /// Every stored JSON value the readers could not read, one problem each with its table,
    /// row and column (`verify`).
    pub(super) fn stored_value_problems(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        for (table, key, column, check) in JSON_COLUMNS {
            let mut statement = self
                .conn()
                .prepare(&format!(
                    "SELECT {key}, {column} FROM {table} ORDER BY {key}"
                ))
                .db(self.path())?;
            let rows: Vec<(i64, String)> = statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .db(self.path())?
                .collect::<rusqlite::Result<_>>()
                .db(self.path())?;
            for (row, text) in rows.into_iter().filter(|(_, text)| !check(text)) {
                problems.push(Problem {
                    table: Some(table.to_string()),
                    key: Some(row.to_string()),
                    field: Some(column.to_string()),
                    found: Some(serde_json::Value::String(text)),
                    ..Problem::new(
                        ProblemKind::Integrity,
                        format!("table {table}, row {row}: column {column} cannot be read"),
                    )
                });
            }
        }
        Ok(problems)
    }
}

/// A stored value this build cannot read, found inside a row mapper (which can only return a
/// rusqlite error); [`db_error`] turns it into [`Error::StoredRowInvalid`] naming the table, the
/// row and the column, instead of the value silently reading as empty.
#[derive(Debug)]
pub(crate) struct StoredRowDamage {
    pub table: &'static str,
    pub row: String,
    pub reason: String,
}

impl std::fmt::Display for StoredRowDamage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "table {}, row {}: {}", self.table, self.row, self.reason)
    }
}

impl std::error::Error for StoredRowDamage {}

/// Column `index` of `r`, stored as JSON, read as a `T`; damage names `table` and `row`.
pub(crate) fn json_at<T: DeserializeOwned>(
    r: &Row<'_>,
    index: usize,
    table: &'static str,
    row: impl FnOnce() -> String,
) -> rusqlite::Result<T> {
    let text: String = r.get(index)?;
    serde_json::from_str(&text).map_err(|e| {
        let column = r.as_ref().column_name(index).unwrap_or("?").to_string();
        let damage = StoredRowDamage {
            table,
            row: row(),
            reason: format!("column {column} cannot be read ({e})"),
        };
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(damage))
    })
}

/// Column `index` of `r` as text; text that is not valid UTF-8 (the product writes only valid
/// text) names `table` and `row`, as [`json_at`] does.
pub(crate) fn text_at<'r>(
    r: &'r Row<'_>,
    index: usize,
    table: &'static str,
    row: impl FnOnce() -> String,
) -> rusqlite::Result<&'r str> {
    let bytes = r.get_ref(index)?.as_bytes()?;
    std::str::from_utf8(bytes).map_err(|e| {
        let column = r.as_ref().column_name(index).unwrap_or("?").to_string();
        let damage = StoredRowDamage {
            table,
            row: row(),
            reason: format!("column {column} is not valid UTF-8 text ({e})"),
        };
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(damage))
    })
}

/// Maps SQLite failures to the errors a user can act on (locked, damaged, not a workbook).
pub(crate) fn db_error(path: &Path, error: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as Code;
    if let rusqlite::Error::FromSqlConversionFailure(_, _, source) = &error
        && let Some(damage) = source.downcast_ref::<StoredRowDamage>()
    {
        return Error::StoredRowInvalid {
            path: path.to_path_buf(),
            table: damage.table,
            row: damage.row.clone(),
            reason: damage.reason.clone(),
        };
    }
    if let Some(reason) = damage_reason(&error) {
        return Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason,
        };
    }
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

/// What is damaged, when `error` can only come from a damaged file rather than from the disk
/// or another program: the product writes only valid UTF-8 text, and SQLite names a stored
/// schema it cannot read ("malformed database schema", "unsupported file format").
fn damage_reason(error: &rusqlite::Error) -> Option<String> {
    match error {
        rusqlite::Error::Utf8Error(_, e) => Some(format!("a stored text is not valid UTF-8 ({e})")),
        rusqlite::Error::FromSqlConversionFailure(_, _, source)
            if source.downcast_ref::<std::str::Utf8Error>().is_some()
                || matches!(
                    source.downcast_ref::<FromSqlError>(),
                    Some(FromSqlError::Utf8Error(_))
                ) =>
        {
            Some(format!("a stored text is not valid UTF-8 ({source})"))
        }
        rusqlite::Error::SqliteFailure(_, Some(message))
            if error.sqlite_error_code() == Some(rusqlite::ErrorCode::Unknown)
                && (message.starts_with("malformed database schema")
                    || message.starts_with("unsupported file format")) =>
        {
            Some(format!("its stored schema cannot be read ({message})"))
        }
        _ => None,
    }
}

/// Whether `error` means the file is damaged (a check that met it reports a problem) rather
/// than that it could not be read at all: locked, or a failing disk, which `verify` must not
/// report as the workbook's fault.
pub(super) fn is_damage(error: &Error) -> bool {
    use rusqlite::ErrorCode as Code;
    match error {
        Error::WorkbookCorrupt { .. } | Error::StoredRowInvalid { .. } => true,
        Error::Database { source, .. } => !matches!(
            source.sqlite_error_code(),
            Some(
                Code::DatabaseBusy
                    | Code::DatabaseLocked
                    | Code::SystemIoFailure
                    | Code::DiskFull
                    | Code::CannotOpen
                    | Code::OutOfMemory
                    | Code::PermissionDenied
                    | Code::ReadOnly
                    | Code::OperationInterrupted
                    | Code::FileLockingProtocolFailed
            )
        ),
        _ => false,
    }
}

/// Refuses a file whose stored schema lacks a table or column that the migrations up to its
/// `version` create (a table dropped or a column renamed by another program or by damage), so
/// that it is named at open instead of failing later inside the product's own SQL. The expected
/// schema is the migrations themselves, applied to an empty in-memory database.
pub(super) fn check_schema(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let expected = Connection::open_in_memory().db(path)?;
    for sql in super::migrations::MIGRATIONS
        .iter()
        .take(version.max(0) as usize)
    {
        expected.execute_batch(sql).db(path)?;
    }
    let corrupt = |reason: String| Error::WorkbookCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    for table in names(
        &expected,
        path,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        "",
    )? {
        let columns = |conn: &Connection, schema: &str| {
            names(
                conn,
                path,
                &format!("SELECT name FROM pragma_table_info(?1, '{schema}') ORDER BY cid"),
                &table,
            )
        };
        let found = columns(conn, "main")?;
        if found.is_empty() {
            return Err(corrupt(format!("table {table} is missing")));
        }
        if let Some(column) = columns(&expected, "main")?
            .into_iter()
            .find(|c| !found.iter().any(|f| f.eq_ignore_ascii_case(c)))
        {
            return Err(corrupt(format!("table {table} has no column {column}")));
        }
    }
    // A table of a later schema in a file whose header gives an earlier one: the version
    // number is damaged, and upgrading would fail on the table already there.
    if version < LATEST_SCHEMA_VERSION {
        let tables =
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        let earlier = names(&expected, path, tables, "")?;
        let held = names(conn, path, tables, "")?;
        for (index, sql) in super::migrations::MIGRATIONS
            .iter()
            .enumerate()
            .skip(version.max(0) as usize)
        {
            expected.execute_batch(sql).db(path)?;
            if let Some(table) = names(&expected, path, tables, "")?
                .into_iter()
                .find(|t| !earlier.contains(t) && held.iter().any(|h| h.eq_ignore_ascii_case(t)))
            {
                return Err(corrupt(format!(
                    "its header gives schema version {version}, but it already holds table \
                     {table}, which version {} creates",
                    index + 1
                )));
            }
        }
    }
    // A damaged file is not upgraded: the upgrade's writes would fail on rows that break a
    // key (a damaged index), or, from a schema before row records, its baseline would vouch for
    // damaged rows in the audit trail.
    if version < LATEST_SCHEMA_VERSION {
        let found = integrity_problems(conn, path);
        if !found.is_empty() {
            return Err(corrupt(format!(
                "it needs an upgrade from schema {version} to {LATEST_SCHEMA_VERSION}, and \
                 SQLite's integrity check finds: {}",
                found.join("; ")
            )));
        }
    }
    Ok(())
}

/// Refuses a stored schema that SQLite reads on a read-only connection but refuses on a
/// writable one — it tolerates schema errors read-only (a CHECK holding a parameter, an index
/// on a column that is not there), while every read-write open calls the same file damaged. A
/// check that must not write the file (the other reviewer's copy in a merge) replays its
/// stored CREATE statements on an empty writable database in memory, so it refuses exactly
/// what open refuses, in open's words.
pub(super) fn check_schema_parses(conn: &Connection, path: &Path) -> Result<()> {
    let memory = Connection::open_in_memory().db(path)?;
    let mut statements = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2
                                ELSE 3 END, rowid",
        )
        .db(path)?;
    let stored = statements
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .db(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .db(path)?;
    for (name, sql) in stored {
        if let Err(error) = memory.execute_batch(&sql) {
            let message = match &error {
                rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
                other => other.to_string(),
            };
            return Err(Error::WorkbookCorrupt {
                path: path.to_path_buf(),
                reason: format!("malformed database schema ({name}) - {message}"),
            });
        }
    }
    Ok(())
}

/// The first three problems SQLite's integrity check reports, one line each; none when it
/// finds none or cannot run (a check stopped by damage is reported by `verify`).
pub(super) fn integrity_problems(conn: &Connection, path: &Path) -> Vec<String> {
    // Its rows may hold several lines each, under a "*** in database main ***" heading.
    names(conn, path, "PRAGMA integrity_check(3)", "")
        .unwrap_or_default()
        .iter()
        .flat_map(|row| row.lines())
        .filter(|line| !line.is_empty() && *line != "ok" && !line.starts_with("***"))
        .map(str::to_string)
        .collect()
}

/// The first column of every row of `sql` (with `argument` as ?1 when the query takes one).
pub(super) fn names(
    conn: &Connection,
    path: &Path,
    sql: &str,
    argument: &str,
) -> Result<Vec<String>> {
    let mut statement = conn.prepare(sql).db(path)?;
    let arguments = [argument].into_iter().take(statement.parameter_count());
    let rows = statement
        .query_map(rusqlite::params_from_iter(arguments), |r| {
            // Lossy: a damaged name must still be reported, as not the name expected.
            Ok(String::from_utf8_lossy(r.get_ref(0)?.as_bytes()?).into_owned())
        })
        .db(path)?;
    rows.collect::<rusqlite::Result<_>>().db(path)
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
    let version = check_header(path, be32(68), i64::from(be32(60)))?;
    // SQLite reads schema formats 1 to 4 (0: no schema yet); any other number is a damaged
    // header, which SQLite would only report later as "unsupported file format".
    let schema_format = be32(44);
    if !(0..=4).contains(&schema_format) {
        return Err(Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason: format!(
                "its SQLite header gives schema format {schema_format}, which SQLite cannot read (1 to 4)"
            ),
        });
    }
    Ok(version)
}

/// [`check_header`] on what an open connection reads of the file's header (its
/// `application_id` and `user_version`): the schema version, checked.
pub(super) fn check_stored_header(conn: &Connection, path: &Path) -> Result<i64> {
    let application_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .db(path)?;
    let stored_version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .db(path)?;
    check_header(path, application_id, stored_version)
}

pub(super) fn check_header(path: &Path, application_id: i32, version: i64) -> Result<i64> {
    if application_id != APPLICATION_ID {
        return Err(Error::NotAWorkbook {
            path: path.to_path_buf(),
            reason: "it is a SQLite database of another program".into(),
        });
    }
    if version < 0 {
        // No build writes one: the header's version number is damaged.
        return Err(Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason: format!("its header gives schema version {version}, which no Hashira writes"),
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
