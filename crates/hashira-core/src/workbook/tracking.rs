//! Row-state records: the audit entry of every write carries the state, after the write, of
//! every tracked row the write changed, so `verify` can replay the trail and compare it with
//! what the file holds now.
//!
//! Changes are captured by TEMP triggers that only the product's own connection creates (at
//! open and at creation). A temp trigger lives in that connection alone: an edit made with
//! another program (sqlite3) records nothing, so it shows up as a difference. Foreign-key
//! cascades fire the triggers too, so a cascaded delete is recorded like a direct one.
//! Capturing costs one small insert per changed row; reading the state costs one indexed
//! lookup per changed row, so a write stays O(rows changed).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::DbResult;
use crate::error::Result;
use std::path::Path;

/// A table whose rows the audit trail records.
pub(crate) struct Tracked {
    pub table: &'static str,
    /// The natural key. Empty for the single-row workload table.
    pub key: &'static [&'static str],
    /// The recorded columns, in this order.
    pub columns: &'static [&'static str],
    /// Columns left out on purpose (see ARCHITECTURE.md); a unit test makes every column of a
    /// tracked table appear in exactly one list, so a new column forces a decision.
    #[cfg_attr(not(test), allow(dead_code))]
    pub untracked: &'static [&'static str],
}

pub(crate) const TRACKED: &[Tracked] = &[
    Tracked {
        table: "workload",
        key: &[],
        columns: &[
            "name",
            "description",
            "review_owner",
            "environment",
            "aws_regions",
            "other_regions",
            "account_ids",
            "industry",
            "architecture_url",
            "notes",
            "client_organization",
            "reviewers",
            "review_date",
            "time_zone",
        ],
        untracked: &["singleton"],
    },
    Tracked {
        table: "answer",
        key: &["question_id"],
        columns: &[
            "not_applicable_reason",
            "not_applicable_text",
            "notes",
            "updated_by",
            "updated_at",
        ],
        untracked: &[],
    },
    Tracked {
        table: "answer_choice",
        key: &["question_id", "choice_id"],
        columns: &["status", "reason", "reason_text"],
        untracked: &[],
    },
    // The re-review list of set upgrades: written by the upgrade, cleared by saving or
    // confirming an answer.
    Tracked {
        table: "rereview",
        key: &["question_id"],
        columns: &["reasons", "upgrade", "since"],
        untracked: &[],
    },
    Tracked {
        table: "evidence",
        key: &["id"],
        // File contents are not copied into the trail: their SHA-256 is, and `verify` checks
        // the stored content against it.
        columns: &[
            "question_id",
            "choice_id",
            "kind",
            "title",
            "file_name",
            "media_type",
            "size_bytes",
            "sha256",
            "url",
            "excerpt",
            "added_by",
            "added_at",
        ],
        untracked: &[],
    },
    Tracked {
        table: "wg_assessment",
        key: &["id"],
        columns: &[
            "service",
            "edition",
            "edition_date",
            "source_file",
            "source_sha256",
            "imported_by",
            "imported_at",
        ],
        untracked: &["layout"],
    },
    Tracked {
        table: "wg_criterion",
        key: &["id"],
        // The institution's columns, plus where the criterion sits. The WG's own text is the
        // imported file's (its SHA-256 is recorded with the assessment) and is not copied.
        columns: &[
            "assessment_id",
            "position",
            "criterion_no",
            "decision",
            "own_measures",
            "residual_risk",
            "reviewer_notes",
        ],
        untracked: &[
            "perspective",
            "category",
            "assumed_risk",
            "criterion",
            "controls",
            "responsibility_aws",
            "responsibility_customer",
            "fisc_refs",
            "refs",
            "extra",
            "links",
        ],
    },
    Tracked {
        table: "improvement_item",
        key: &["id"],
        columns: &[
            "question_id",
            "choice_id",
            "title",
            "owner",
            "due_date",
            "status",
            "acceptance_reason",
            "notes",
            "updated_by",
            "updated_at",
        ],
        untracked: &[],
    },
];

/// The state of one row after a write; `row` is `None` when the row no longer exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RowState {
    pub table: String,
    pub key: Value,
    pub row: Option<Value>,
}

/// What one audit entry records of the rows. A baseline is a snapshot of every tracked row
/// (written when a schema upgrade starts the record): replay starts over from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StateRecord {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub baseline: bool,
    pub rows: Vec<RowState>,
    /// On an entry a merge appended from another file: that file's name and the entry's
    /// number and hash there (`workbook/merge`). Absent on every other entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<Value>,
}

impl StateRecord {
    pub fn to_text(&self) -> String {
        // Serialising plain strings, numbers and maps cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn key_expression(tracked: &Tracked, row: &str) -> String {
    let columns: Vec<String> = tracked.key.iter().map(|k| format!("{row}.{k}")).collect();
    format!("json_array({})", columns.join(", "))
}

fn row_expression(tracked: &Tracked, row: &str) -> String {
    let pairs: Vec<String> = tracked
        .columns
        .iter()
        .map(|c| format!("'{c}', {row}.{c}"))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// Creates the change table and the triggers in this connection's temp schema. Table and
/// column names come from [`TRACKED`], never from input.
pub(super) fn install(conn: &Connection, path: &Path) -> Result<()> {
    // In memory: the change table is small and lives only as long as a write; set before any
    // temp object exists (changing it later drops them).
    let mut sql = String::from(
        "PRAGMA temp_store = MEMORY;\nCREATE TEMP TABLE IF NOT EXISTS hashira_changed (tbl TEXT NOT NULL, key TEXT NOT NULL, \
         PRIMARY KEY (tbl, key)) WITHOUT ROWID;\n",
    );
    for tracked in TRACKED {
        let t = tracked.table;
        // Not `INSERT OR IGNORE`: the conflict policy of the statement that fires a trigger
        // overrides the trigger's own (an upsert would turn a repeat into an error).
        let record = |row: &str| {
            let key = key_expression(tracked, row);
            format!(
                "INSERT INTO hashira_changed (tbl, key) SELECT '{t}', {key} WHERE NOT EXISTS \
                 (SELECT 1 FROM hashira_changed WHERE tbl = '{t}' AND key = {key});"
            )
        };
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS hashira_{t}_insert AFTER INSERT ON main.{t} \
             BEGIN {} END;\n\
             CREATE TEMP TRIGGER IF NOT EXISTS hashira_{t}_update AFTER UPDATE ON main.{t} \
             BEGIN {} {} END;\n\
             CREATE TEMP TRIGGER IF NOT EXISTS hashira_{t}_delete AFTER DELETE ON main.{t} \
             BEGIN {} END;\n",
            record("NEW"),
            record("OLD"),
            record("NEW"),
            record("OLD"),
        ));
    }
    conn.execute_batch(&sql).db(path)
}

/// Whether rows changed since the last [`take_changes`].
pub(super) fn has_changes(conn: &Connection, path: &Path) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.hashira_changed)",
        [],
        |r| r.get(0),
    )
    .db(path)
}

fn parse(text: &str) -> Value {
    // SQLite's json_array/json_object always produce valid JSON; keep the text otherwise.
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The current state of every row changed since the last call, then forgets the changes.
/// `None` when nothing changed.
pub(super) fn take_changes(conn: &Connection, path: &Path) -> Result<Option<StateRecord>> {
    if !has_changes(conn, path)? {
        return Ok(None);
    }
    let mut rows = Vec::new();
    for tracked in TRACKED {
        let join: Vec<String> = tracked
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("t.{k} = json_extract(c.key, '$[{i}]')"))
            .collect();
        let join = if join.is_empty() {
            "1".to_string()
        } else {
            join.join(" AND ")
        };
        let sql = format!(
            "SELECT c.key, CASE WHEN t.rowid IS NULL THEN NULL ELSE {} END \
             FROM temp.hashira_changed c LEFT JOIN main.{} t ON {join} \
             WHERE c.tbl = ?1 ORDER BY c.key",
            row_expression(tracked, "t"),
            tracked.table,
        );
        let mut statement = conn.prepare_cached(&sql).db(path)?;
        let found = statement
            .query_map([tracked.table], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .db(path)?;
        for item in found {
            let (key, row) = item.db(path)?;
            rows.push(RowState {
                table: tracked.table.to_string(),
                key: parse(&key),
                row: row.as_deref().map(parse),
            });
        }
    }
    conn.execute("DELETE FROM temp.hashira_changed", [])
        .db(path)?;
    Ok(Some(StateRecord {
        baseline: false,
        rows,
        merged_from: None,
    }))
}

/// Every tracked row as it is now, keyed like the records.
pub(super) fn current_rows(conn: &Connection, path: &Path) -> Result<Vec<RowState>> {
    let mut rows = Vec::new();
    for tracked in TRACKED {
        let sql = format!(
            "SELECT {}, {} FROM main.{} t ORDER BY 1",
            key_expression(tracked, "t"),
            row_expression(tracked, "t"),
            tracked.table
        );
        let mut statement = conn.prepare(&sql).db(path)?;
        let found = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .db(path)?;
        for item in found {
            let (key, row) = item.db(path)?;
            rows.push(RowState {
                table: tracked.table.to_string(),
                key: parse(&key),
                row: Some(parse(&row)),
            });
        }
    }
    Ok(rows)
}

/// A snapshot of every tracked row: the record a schema upgrade starts from.
pub(super) fn baseline(conn: &Connection, path: &Path) -> Result<StateRecord> {
    Ok(StateRecord {
        baseline: true,
        rows: current_rows(conn, path)?,
        merged_from: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_a_tracked_table_is_recorded_or_left_out_on_purpose() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in super::super::migrations::MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        for tracked in TRACKED {
            let mut statement = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    tracked.table
                ))
                .unwrap();
            let mut actual: Vec<String> = statement
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let mut listed: Vec<String> = tracked
                .key
                .iter()
                .chain(tracked.columns)
                .chain(tracked.untracked)
                .map(|c| c.to_string())
                .collect();
            actual.sort();
            listed.sort();
            assert_eq!(actual, listed, "columns of {}", tracked.table);
        }
    }
}
