//! Append-only schema migrations tracked in `PRAGMA user_version`.
//!
//! Migration N (1-based) brings a workbook from version N-1 to N. Released files never change:
//! `tests::released_migrations_are_unchanged` pins their hashes.
//!
//! [`apply`] runs inside the caller's transaction: opening an older workbook upgrades it and
//! appends the audit entry that records the upgrade in that one transaction, so a crash leaves
//! either the old file or the upgraded, recorded one (issue #11).

use std::path::Path;

use rusqlite::Connection;

use super::DbResult;
use super::file::{integrity_problems, is_damage};
use crate::error::{Error, Result};

pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_wg_assessment.sql"),
    include_str!("../../migrations/0003_workload_time_zone.sql"),
    include_str!("../../migrations/0004_audit_row_state.sql"),
    include_str!("../../migrations/0005_question_rules.sql"),
    include_str!("../../migrations/0006_milestones.sql"),
    include_str!("../../migrations/0007_rereview_and_improvement_items.sql"),
];

/// The first schema whose audit entries record row states (`audit_entry.state`). Upgrading from
/// an earlier version writes a baseline; from this one on the trail already vouches for rows.
pub(crate) const FIRST_RECORDING_VERSION: i64 = 4;

/// The first schema that keeps the figures' rows beside each stored set (`question_rules.rs`).
/// Upgrading from an earlier version writes them from the sets' texts, right after the
/// migration that creates their tables (so with the code of this build: a later migration
/// that changes the `question` table must keep that order working).
pub(crate) const QUESTION_RULES_VERSION: i64 = 5;

/// The schema version this build writes.
pub const LATEST_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema of version `to` on an empty database (a milestone read back as it was taken;
/// opening it then upgrades it like any workbook).
pub(crate) fn apply_up_to(conn: &Connection, path: &Path, to: i64) -> Result<()> {
    let count = usize::try_from(to).unwrap_or(0).min(MIGRATIONS.len());
    for (index, sql) in MIGRATIONS.iter().enumerate().take(count) {
        conn.execute_batch(sql).db(path)?;
        if index as i64 + 1 == QUESTION_RULES_VERSION {
            super::question_rules::fill(conn, path)?;
        }
    }
    conn.pragma_update(None, "user_version", count as i64)
        .db(path)
}

/// Applies every migration after `from` and sets the version. Must run inside a transaction
/// that the caller commits or rolls back.
///
/// A migration that SQLite refuses on a file that passed the header and schema checks means the
/// file is not what its version says (rows that break a constraint the migration relies on):
/// `WORKBOOK_CORRUPT` naming the step and what SQLite's integrity check finds.
pub(crate) fn apply(conn: &Connection, path: &Path, from: i64) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let version = index as i64 + 1;
        conn.execute_batch(sql)
            .db(path)
            .and_then(|()| {
                if version == QUESTION_RULES_VERSION {
                    super::question_rules::fill(conn, path)
                } else {
                    Ok(())
                }
            })
            .map_err(|e| upgrade_failure(conn, path, from, version, e))?;
    }
    conn.pragma_update(None, "user_version", LATEST_SCHEMA_VERSION)
        .db(path)
}

/// The error of migration `version`, run to upgrade a file from schema `from`: the migrations
/// succeed on every file the product wrote, so SQLite refusing one (a foreign key or a unique
/// key its rows break, say through a damaged index the integrity check before the upgrade did
/// not see) means the file is damaged. Named with the migration, SQLite's own words (without
/// the migration's SQL) and what the integrity check finds. Locked and disk failures stay what
/// they are.
fn upgrade_failure(conn: &Connection, path: &Path, from: i64, version: i64, error: Error) -> Error {
    let Error::Database { source, .. } = &error else {
        return error;
    };
    if !is_damage(&error) {
        return error;
    }
    let said = match source {
        rusqlite::Error::SqliteFailure(_, Some(message))
        | rusqlite::Error::SqlInputError { msg: message, .. } => message.clone(),
        other => other.to_string(),
    };
    let found = integrity_problems(conn, path);
    let found = if found.is_empty() {
        String::new()
    } else {
        format!("; SQLite's integrity check: {}", found.join("; "))
    };
    Error::WorkbookCorrupt {
        path: path.to_path_buf(),
        reason: format!(
            "it cannot be upgraded from schema {from} to {LATEST_SCHEMA_VERSION}: migration {version} \
             failed ({said}){found}"
        ),
    }
}
