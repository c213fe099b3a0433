//! The audit trail: every change appends an entry in the same transaction as the change.
//!
//! Entries are hash-chained: each entry's hash covers its fields and the previous entry's hash,
//! and the first entry chains from a value derived from the workbook id. The newest sequence
//! number and hash are also kept in `workbook_meta`, so deleting the newest entries is detected
//! as well as editing or deleting older ones. (Without a secret key a determined editor could
//! rebuild the whole chain; the chain makes any other edit evident.)
//!
//! Since schema 4 an entry also carries the state of the rows its write changed (see
//! [`super::tracking`]), hashed with the rest. Older entries have none and hash as before.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use super::tracking::{self, StateRecord};
use super::{DbResult, Workbook, Write};
use crate::error::{Error, Result};
use crate::question_set::sha256_hex;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub old_value: Option<Value>,
    pub new_value: Option<Value>,
    pub entry_hash: String,
}

fn genesis_hash(workbook_id: &str) -> String {
    sha256_hex(format!("hashira-audit-genesis\n{workbook_id}").as_bytes())
}

/// Hash of one entry: every field length-prefixed, so no two field lists encode alike. The
/// row state is a ninth field, present only when the entry has one: entries written before it
/// existed keep their hash, and removing a state changes the hash.
#[allow(clippy::too_many_arguments)]
fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    target: &str,
    old_value: Option<&str>,
    new_value: Option<&str>,
    prev_hash: &str,
    state: Option<&str>,
) -> String {
    let mut encoded = String::new();
    let seq = seq.to_string();
    for field in [
        Some(seq.as_str()),
        Some(at),
        Some(actor),
        Some(action),
        Some(target),
        old_value,
        new_value,
        Some(prev_hash),
    ] {
        match field {
            Some(text) => encoded.push_str(&format!("{}:{text}\n", text.len())),
            None => encoded.push_str("-\n"),
        }
    }
    if let Some(state) = state {
        encoded.push_str(&format!("{}:{state}\n", state.len()));
    }
    sha256_hex(encoded.as_bytes())
}

fn head(conn: &Connection, write: &Write<'_>) -> Result<(i64, String)> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM workbook_meta WHERE key = 'audit_head'",
            [],
            |r| r.get(0),
        )
        .optional()
        .db(write.path)?;
    let Some(text) = stored else {
        return Ok((0, genesis_hash(write.workbook_id)));
    };
    // A head that does not read is damage, not "no entry yet": chaining from the start again
    // would reuse entry numbers and hide the trail's end.
    text.split_once(':')
        .and_then(|(seq, hash)| Some((seq.parse().ok()?, hash.to_string())))
        .ok_or_else(|| Error::WorkbookCorrupt {
            path: write.path.to_path_buf(),
            reason: format!(
                "the stored head of its audit trail (table workbook_meta, row audit_head) cannot \
                 be read: {text:?}"
            ),
        })
}

/// The stored head ("seq:hash"; empty before the first entry) as this write sees it.
pub(super) fn head_text(write: &Write<'_>) -> Result<String> {
    let stored: Option<String> = write
        .tx
        .query_row(
            "SELECT value FROM workbook_meta WHERE key = 'audit_head'",
            [],
            |r| r.get(0),
        )
        .optional()
        .db(write.path)?;
    Ok(stored.unwrap_or_default())
}

/// Appends an entry carrying the state of the rows changed since the previous entry.
pub(super) fn append(
    write: &Write<'_>,
    actor: &str,
    action: &str,
    target: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<()> {
    let state = tracking::take_changes(&write.tx, write.path)?;
    append_with_state(write, actor, action, target, old, new, state.as_ref())
}

pub(super) fn append_with_state(
    write: &Write<'_>,
    actor: &str,
    action: &str,
    target: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    state: Option<&StateRecord>,
) -> Result<()> {
    // Every action the core writes is on the history's one list, so the history can describe
    // it; merged entries (`append_at`) keep the other file's names.
    debug_assert!(
        crate::history::action::ALL.contains(&action),
        "audit action {action} is not in history::action::ALL"
    );
    append_at(write, &write.at, actor, action, target, old, new, state)
}

/// [`append_with_state`] at a given time: a merge appends the other file's entries with the
/// times they were written there.
#[allow(clippy::too_many_arguments)]
pub(super) fn append_at(
    write: &Write<'_>,
    at: &str,
    actor: &str,
    action: &str,
    target: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    state: Option<&StateRecord>,
) -> Result<()> {
    let (last_seq, prev_hash) = head(&write.tx, write)?;
    let seq = last_seq + 1;
    let old_text = old.map(Value::to_string);
    let new_text = new.map(Value::to_string);
    let state_text = state.map(StateRecord::to_text);
    let hash = entry_hash(
        seq,
        at,
        actor,
        action,
        target,
        old_text.as_deref(),
        new_text.as_deref(),
        &prev_hash,
        state_text.as_deref(),
    );
    write
        .tx
        .execute(
            "INSERT INTO audit_entry (seq, at, actor, action, target, old_value, new_value, \
             prev_hash, entry_hash, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                seq,
                at,
                actor,
                action,
                target,
                &old_text,
                &new_text,
                &prev_hash,
                &hash,
                &state_text,
            ],
        )
        .map_err(|e| damaged_head(write, last_seq, e))?;
    write
        .tx
        .execute(
            "INSERT INTO workbook_meta (key, value) VALUES ('audit_head', ?1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [format!("{seq}:{hash}")],
        )
        .db(write.path)?;
    Ok(())
}

/// The entry after the stored head could not be written. The values are the product's own, so
/// SQLite refusing them on a constraint (entry `last_seq + 1` already there) means the stored
/// head (`workbook_meta` audit_head) is behind the trail: damage, named as such. Other failures
/// (locked, disk) stay what they are.
fn damaged_head(write: &Write<'_>, last_seq: i64, error: rusqlite::Error) -> Error {
    if error.sqlite_error_code() != Some(rusqlite::ErrorCode::ConstraintViolation) {
        return super::db_error(write.path, error);
    }
    let said = match &error {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        other => other.to_string(),
    };
    Error::WorkbookCorrupt {
        path: write.path.to_path_buf(),
        reason: format!(
            "its audit trail cannot be extended: the stored head (table workbook_meta, row \
             audit_head) names entry {last_seq}, and SQLite refuses entry {} ({said})",
            last_seq + 1
        ),
    }
}

struct StoredEntry {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    old_value: Option<String>,
    new_value: Option<String>,
    prev_hash: String,
    entry_hash: String,
    state: Option<String>,
}

fn stored_entries(workbook: &Workbook) -> Result<Vec<StoredEntry>> {
    let mut statement = workbook
        .conn()
        .prepare(
            "SELECT seq, at, actor, action, target, old_value, new_value, prev_hash, entry_hash, \
             state FROM audit_entry ORDER BY seq",
        )
        .db(workbook.path())?;
    let rows = statement
        .query_map([], |r| {
            Ok(StoredEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                target: r.get(4)?,
                old_value: r.get(5)?,
                new_value: r.get(6)?,
                prev_hash: r.get(7)?,
                entry_hash: r.get(8)?,
                state: r.get(9)?,
            })
        })
        .db(workbook.path())?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .db(workbook.path())
}

fn parse_json(text: Option<String>) -> Option<Value> {
    // A value that is not JSON is shown as the string it is rather than hidden.
    text.map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t)))
}

impl Workbook {
    /// The head of the audit chain ("seq:hash" of the last entry; empty before the first):
    /// every write moves it, so a plan fingerprinted with it goes stale when the workbook
    /// changes. One row read, not the trail.
    pub fn audit_head(&self) -> Result<String> {
        let stored: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM workbook_meta WHERE key = 'audit_head'",
                [],
                |r| r.get(0),
            )
            .optional()
            .db(self.path())?;
        Ok(stored.unwrap_or_default())
    }

    /// The audit trail, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        Ok(stored_entries(self)?
            .into_iter()
            .map(|e| AuditEntry {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action,
                target: e.target,
                old_value: parse_json(e.old_value),
                new_value: parse_json(e.new_value),
                entry_hash: e.entry_hash,
            })
            .collect())
    }

    /// Checks the chain; returns one message per broken link (empty when intact).
    pub(super) fn audit_chain_problems(&self) -> Result<Vec<String>> {
        let entries = stored_entries(self)?;
        let mut problems = Vec::new();
        let mut expected_prev = genesis_hash(self.id());
        let mut expected_seq = 1;
        for entry in &entries {
            if entry.seq != expected_seq {
                problems.push(format!(
                    "audit entry {} follows entry {}: entries are missing",
                    entry.seq,
                    expected_seq - 1
                ));
            }
            if entry.prev_hash != expected_prev {
                problems.push(format!(
                    "audit entry {} does not chain to the entry before it",
                    entry.seq
                ));
            }
            let recomputed = entry_hash(
                entry.seq,
                &entry.at,
                &entry.actor,
                &entry.action,
                &entry.target,
                entry.old_value.as_deref(),
                entry.new_value.as_deref(),
                &entry.prev_hash,
                entry.state.as_deref(),
            );
            if recomputed != entry.entry_hash {
                problems.push(format!(
                    "audit entry {} ({} {} at {}) was altered after it was written",
                    entry.seq, entry.action, entry.target, entry.at
                ));
            }
            expected_prev = entry.entry_hash.clone();
            expected_seq = entry.seq + 1;
        }
        let head: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM workbook_meta WHERE key = 'audit_head'",
                [],
                |r| r.get(0),
            )
            .optional()
            .db(self.path())?;
        let last = entries
            .last()
            .map(|e| format!("{}:{}", e.seq, e.entry_hash));
        if head != last {
            problems.push(format!(
                "the audit trail ends at entry {} but the workbook recorded entry {} as the last: entries were removed",
                entries.last().map(|e| e.seq).unwrap_or(0),
                head.as_deref().and_then(|h| h.split_once(':')).map(|(s, _)| s).unwrap_or("0")
            ));
        }
        Ok(problems)
    }
}

impl Workbook {
    /// The numbers of the entries a merge appended from another file (their row-state record
    /// names the file and the entry there): `verify` does not look for what those entries
    /// made in the other file (a milestone) in this one.
    pub(crate) fn merged_entry_seqs(&self) -> Result<std::collections::BTreeSet<i64>> {
        Ok(self
            .state_records()?
            .into_iter()
            .filter(|(_, record)| record.as_ref().is_some_and(|r| r.merged_from.is_some()))
            .map(|(seq, _)| seq)
            .collect())
    }

    /// The row-state record of each entry that has one, oldest first, with its entry's number;
    /// `None` for a record that is not readable.
    pub(super) fn state_records(&self) -> Result<Vec<(i64, Option<StateRecord>)>> {
        Ok(stored_entries(self)?
            .into_iter()
            .filter_map(|e| {
                let text = e.state?;
                Some((e.seq, serde_json::from_str(&text).ok()))
            })
            .collect())
    }
}
