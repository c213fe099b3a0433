//! The two audit chains side by side: where they part (the fork point), the rows as they were
//! there (the base of the three-way merge, replayed from the row-state records), and who last
//! touched each row on each side since.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::Connection;
use serde_json::Value;

use super::super::DbResult;
use super::super::tracking::{RowState, StateRecord, current_rows};
use crate::error::{Error, Result};

/// A row of a tracked table: (table, key as JSON text).
pub(super) type RowKey = (String, String);
/// The rows of a state: present rows only.
pub(super) type Rows = BTreeMap<RowKey, Value>;

/// One stored audit entry, as written (texts unparsed, so it can be appended elsewhere).
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub entry_hash: String,
    pub state: Option<String>,
}

impl Entry {
    pub fn head(&self) -> String {
        format!("{}:{}", self.seq, self.entry_hash)
    }

    /// The row-state record; `None` when the entry has none or it does not parse.
    pub fn record(&self) -> Option<StateRecord> {
        serde_json::from_str(self.state.as_deref()?).ok()
    }
}

pub(super) fn entries(conn: &Connection, path: &Path) -> Result<Vec<Entry>> {
    let mut statement = conn
        .prepare(
            "SELECT seq, at, actor, action, target, old_value, new_value, entry_hash, state \
             FROM audit_entry ORDER BY seq",
        )
        .db(path)?;
    let rows = statement
        .query_map([], |r| {
            Ok(Entry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                target: r.get(4)?,
                old_value: r.get(5)?,
                new_value: r.get(6)?,
                entry_hash: r.get(7)?,
                state: r.get(8)?,
            })
        })
        .db(path)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().db(path)
}

/// How many entries the chains share from the start (same number and hash; the hash covers
/// every entry before, so the first difference ends the common part).
pub(super) fn common_prefix(ours: &[Entry], theirs: &[Entry]) -> usize {
    ours.iter()
        .zip(theirs)
        .take_while(|(a, b)| a.seq == b.seq && a.entry_hash == b.entry_hash)
        .count()
}

/// The heads of the other files already merged here (recorded by each `workbook.merge`).
pub(super) fn merged_heads(ours: &[Entry]) -> BTreeSet<String> {
    ours.iter()
        .filter(|e| e.action == super::MERGE_ACTION)
        .filter_map(|e| {
            let value: Value = serde_json::from_str(e.new_value.as_deref()?).ok()?;
            value["workbook_head"].as_str().map(str::to_string)
        })
        .collect()
}

/// The hashes (in the files they came from) of the entries merged into `ours` before.
pub(super) fn merged_origins(ours: &[Entry]) -> BTreeSet<String> {
    ours.iter()
        .filter_map(|e| e.record()?.merged_from)
        .filter_map(|origin| origin["entry_hash"].as_str().map(str::to_string))
        .collect()
}

pub(super) fn row_key(state: &RowState) -> RowKey {
    (state.table.clone(), state.key.to_string())
}

pub(super) fn rows_of(states: Vec<RowState>) -> Rows {
    states
        .into_iter()
        .filter_map(|s| {
            let key = row_key(&s);
            s.row.map(|row| (key, row))
        })
        .collect()
}

/// The rows as the first `upto` entries of `chain` leave them: their records replayed in
/// order (a baseline starts over). Refused when the records do not reach back far enough:
/// a chain whose first entry has no record (written before schema 4) and no baseline by then.
pub(super) fn replay(chain: &[Entry], upto: usize, other: &Path) -> Result<Rows> {
    let mut rows = Rows::new();
    let mut complete = chain.first().is_some_and(|e| e.state.is_some());
    for entry in &chain[..upto] {
        let Some(text) = entry.state.as_deref() else {
            continue;
        };
        let record: StateRecord = serde_json::from_str(text).map_err(|_| Error::MergeRefused {
            other: other.to_path_buf(),
            kind: "NO_ROW_RECORD",
            message: format!(
                "audit entry {} has a record of its rows that cannot be read, so the state \
                     where the copies parted is not known",
                entry.seq
            ),
        })?;
        if record.baseline {
            rows.clear();
            complete = true;
        }
        for state in record.rows {
            let key = row_key(&state);
            match state.row {
                Some(row) => rows.insert(key, row),
                None => rows.remove(&key),
            };
        }
    }
    if !complete {
        return Err(Error::MergeRefused {
            other: other.to_path_buf(),
            kind: "NO_ROW_RECORD",
            message: "the copies parted before the audit trail recorded the rows of each change \
                      (schema 4): the state they started from is not known, so a three-way \
                      merge cannot tell who changed what"
                .into(),
        });
    }
    Ok(rows)
}

/// Who last changed each row, and when, in `entries` (the entries after the fork).
pub(super) fn last_touch(entries: &[Entry]) -> BTreeMap<RowKey, (String, String)> {
    let mut touched = BTreeMap::new();
    // A merge's own entry records the rows it wrote, but the entries merged before it name
    // who made those changes.
    for entry in entries.iter().filter(|e| e.action != super::MERGE_ACTION) {
        if let Some(record) = entry.record() {
            for state in &record.rows {
                touched.insert(row_key(state), (entry.actor.clone(), entry.at.clone()));
            }
        }
    }
    touched
}

pub(super) fn current(conn: &Connection, path: &Path) -> Result<Rows> {
    Ok(rows_of(current_rows(conn, path)?))
}
