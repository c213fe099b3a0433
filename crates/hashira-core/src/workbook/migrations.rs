//! Append-only schema migrations tracked in `PRAGMA user_version`.
//!
//! Migration N (1-based) brings a workbook from version N-1 to N. Released files never change:
//! `tests::released_migrations_are_unchanged` pins their hashes.

use std::path::Path;

use rusqlite::Connection;

use super::DbResult;
use crate::error::Result;

pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_wg_assessment.sql"),
    include_str!("../../migrations/0003_workload_time_zone.sql"),
];

/// The schema version this build writes.
pub const LATEST_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration after `from`, each in its own transaction with its version bump.
pub(crate) fn migrate(conn: &Connection, path: &Path, from: i64) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let version = index as i64 + 1;
        let script = format!("BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;");
        if let Err(error) = conn.execute_batch(&script) {
            // Leave the workbook as it was: the failed migration's transaction is rolled back.
            let _ = conn.execute_batch("ROLLBACK;");
            return Err(error).db(path);
        }
    }
    Ok(())
}
