//! A milestone's rows: taken from the workbook in one read transaction and stored as chunks
//! kept once for every milestone (content-addressed), and read back into a whole workbook file.
//!
//! Each table's rows, in primary-key order, are cut into chunks where a row's hash says so
//! (content-defined: a changed row changes its chunk and at most the next, never the chunks
//! after it), each chunk deflated JSON stored once under its SHA-256 in `milestone_chunk`. A
//! milestone's own record (`milestone.snapshot`) is a small manifest: the schema version and,
//! per table, its columns and chunk hashes. So a milestone after ten changed answers adds about
//! twenty chunks, not a copy of five thousand answers (BENCHMARKS.md "Milestones and diff").
//! Not in the chunks: the audit trail (a prefix of the workbook's own), evidence contents, set
//! texts (kept once in `milestone_set_text`) and the rows the texts give (rebuilt on reading).

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Snapshot;
use crate::error::{Error, Result};
use crate::hashing::sha256_hex;
use crate::question_set::QuestionSet;
use crate::workbook::{DbResult, Workbook};

/// Tables a milestone does not copy: the audit trail (a prefix of the workbook's, copied back
/// on reading), evidence contents (read from the workbook), the rows rebuilt from the set
/// texts on reading, and the milestones' own tables.
const SHARED_TABLES: &[&str] = &[
    "audit_entry",
    "evidence_blob",
    "choice",
    "question_rule",
    "set_figures",
    "milestone",
    "milestone_chunk",
    "milestone_evidence",
    "milestone_set_text",
    "evidence_retained",
];

/// A chunk ends after a row whose hash ends in 5 zero bits (32 rows on average), or at this.
const MAX_CHUNK_ROWS: usize = 256;

/// What `milestone.snapshot` holds (deflated JSON).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Manifest {
    pub schema_version: i64,
    pub tables: Vec<TableChunks>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct TableChunks {
    pub name: String,
    pub columns: Vec<String>,
    pub chunks: Vec<String>,
}

pub(super) fn deflate(bytes: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    deflater.write_all(bytes)?;
    deflater.finish()
}

pub(super) fn inflate(bytes: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// A milestone's record read back: its manifest.
pub(super) fn read_manifest(bytes: &[u8]) -> Option<Manifest> {
    serde_json::from_slice(&inflate(bytes).ok()?).ok()
}

/// A chunk's rows, each its column values as SQLite takes them: the one reader of a chunk
/// (reading a milestone back and comparing two use it alike). `None`: it cannot be read.
pub(super) fn chunk_rows(content: &[u8]) -> Option<Vec<Vec<SqlValue>>> {
    let rows: Vec<Vec<Cell>> = serde_json::from_slice(&inflate(content).ok()?).ok()?;
    Some(
        rows.into_iter()
            .map(|row| row.into_iter().map(|Cell(value)| value).collect())
            .collect(),
    )
}

pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The statement that puts one of `table`'s rows, its values in the manifest's column order,
/// back into the `main` database of `tx` (a milestone rebuilt, or a compared side).
pub(super) fn insert_row<'t>(
    tx: &'t rusqlite::Transaction<'_>,
    table: &TableChunks,
    path: &Path,
) -> Result<rusqlite::Statement<'t>> {
    let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
    let marks = vec!["?"; columns.len()].join(", ");
    tx.prepare(&format!(
        "INSERT INTO main.{} ({}) VALUES ({marks})",
        quoted(&table.name),
        columns.join(", ")
    ))
    .db(path)
}

/// A column value as JSON: text, numbers and NULL as themselves, a blob as `{"x": hex}`.
fn to_json(value: ValueRef<'_>) -> rusqlite::Result<Value> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(_) => Value::String(value.as_str()?.to_string()),
        ValueRef::Blob(b) => serde_json::json!({ "x": hex::encode(b) }),
    })
}

/// A column value as [`to_json`] writes it, read straight into SQLite's value (no JSON tree
/// in between: reading the chunks is most of the cost of comparing two milestones).
struct Cell(SqlValue);

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Cell, D::Error> {
        deserializer.deserialize_any(CellVisitor)
    }
}

struct CellVisitor;

impl<'de> serde::de::Visitor<'de> for CellVisitor {
    type Value = Cell;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("null, a number, a text or {\"x\": hex}")
    }

    fn visit_unit<E>(self) -> Result<Cell, E> {
        Ok(Cell(SqlValue::Null))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Cell, E> {
        Ok(Cell(SqlValue::Integer(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Cell, E> {
        // Beyond i64 only as a real number, as it was read before (`as_i64`, else `as_f64`).
        Ok(Cell(
            i64::try_from(v).map_or(SqlValue::Real(v as f64), SqlValue::Integer),
        ))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Cell, E> {
        Ok(Cell(SqlValue::Real(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cell, E> {
        Ok(Cell(SqlValue::Text(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Cell, E> {
        Ok(Cell(SqlValue::Text(v)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Cell, A::Error> {
        let mut blob = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "x" {
                blob = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        let hex = blob.ok_or_else(|| serde::de::Error::missing_field("x"))?;
        hex::decode(hex)
            .map(|bytes| Cell(SqlValue::Blob(bytes)))
            .map_err(serde::de::Error::custom)
    }
}

/// The columns of `schema`.`table` and its primary-key columns in key order.
fn columns(
    conn: &Connection,
    path: &Path,
    schema: &str,
    table: &str,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut statement = conn
        .prepare(&format!("PRAGMA {schema}.table_info({})", quoted(table)))
        .db(path)?;
    let rows = statement
        .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))
        .db(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .db(path)?;
    let mut key: Vec<(i64, String)> = rows
        .iter()
        .filter(|(_, pk)| *pk > 0)
        .map(|(name, pk)| (*pk, name.clone()))
        .collect();
    key.sort();
    Ok((
        rows.into_iter().map(|(name, _)| name).collect(),
        key.into_iter().map(|(_, name)| name).collect(),
    ))
}

impl Workbook {
    /// The workbook's rows as a milestone holds them (see the module's comment), read in one
    /// transaction, with the last audit entry and the stored files (id, SHA-256) they hold.
    pub(super) fn snapshot(&self) -> Result<Snapshot> {
        let conn = self.conn();
        let path = self.path();
        conn.execute_batch("BEGIN").db(path)?;
        let taken = take_rows(conn, path);
        conn.execute_batch(if taken.is_ok() { "COMMIT" } else { "ROLLBACK" })
            .db(path)?;
        taken
    }
}

fn take_rows(conn: &Connection, path: &Path) -> Result<Snapshot> {
    let schema_version: i64 = conn
        .query_row("PRAGMA main.user_version", [], |r| r.get(0))
        .db(path)?;
    let tables: Vec<String> = {
        let mut statement = conn
            .prepare(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .db(path)?;
        let rows = statement.query_map([], |r| r.get(0)).db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)?
    };
    let mut chunks = BTreeMap::new();
    let mut manifest = Manifest {
        schema_version,
        tables: Vec::new(),
    };
    for table in tables
        .iter()
        .filter(|t| !SHARED_TABLES.contains(&t.as_str()))
    {
        let (columns, key) = columns(conn, path, "main", table)?;
        let select: Vec<String> = columns
            .iter()
            .map(|c| {
                // Set texts are kept once for all milestones (`milestone_set_text`).
                if table == "question_set" && c == "source_text" {
                    "''".to_string()
                } else {
                    quoted(c)
                }
            })
            .collect();
        let order = if key.is_empty() {
            "rowid".to_string()
        } else {
            key.iter().map(|k| quoted(k)).collect::<Vec<_>>().join(", ")
        };
        let mut statement = conn
            .prepare(&format!(
                "SELECT {} FROM main.{} ORDER BY {order}",
                select.join(", "),
                quoted(table)
            ))
            .db(path)?;
        let width = columns.len();
        let mut rows = statement.query([]).db(path)?;
        let mut hashes = Vec::new();
        let mut chunk: Vec<Value> = Vec::new();
        let mut finish = |chunk: &mut Vec<Value>| -> Result<()> {
            if chunk.is_empty() {
                return Ok(());
            }
            let text = serde_json::to_vec(&Value::Array(std::mem::take(chunk)))
                .map_err(|e| corrupt_row(path, table, &e.to_string()))?;
            let content = deflate(&text).map_err(|e| Error::io("cannot compress", path, e))?;
            let hash = sha256_hex(&content);
            hashes.push(hash.clone());
            chunks.entry(hash).or_insert(content);
            Ok(())
        };
        while let Some(row) = rows.next().db(path)? {
            let values = (0..width)
                .map(|i| row.get_ref(i).and_then(to_json))
                .collect::<rusqlite::Result<Vec<_>>>()
                .db(path)?;
            let row = Value::Array(values);
            // A boundary after 1 row in 32, decided by the row alone.
            let digest = sha256_hex(&serde_json::to_vec(&row).unwrap_or_default());
            let boundary = u8::from_str_radix(&digest[62..], 16).is_ok_and(|b| b % 32 == 0);
            chunk.push(row);
            if boundary || chunk.len() >= MAX_CHUNK_ROWS {
                finish(&mut chunk)?;
            }
        }
        finish(&mut chunk)?;
        manifest.tables.push(TableChunks {
            name: table.clone(),
            columns,
            chunks: hashes,
        });
    }
    let audit_seq: i64 = conn
        .query_row(
            "SELECT coalesce(max(seq), 0) FROM main.audit_entry",
            [],
            |r| r.get(0),
        )
        .db(path)?;
    let files = {
        let mut statement = conn
            .prepare("SELECT id, sha256 FROM main.evidence WHERE kind = 'FILE' ORDER BY id")
            .db(path)?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .db(path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(path)?
    };
    let manifest = serde_json::to_vec(&manifest)
        .map_err(|e| corrupt_row(path, "milestone", &e.to_string()))?;
    let bytes = deflate(&manifest).map_err(|e| Error::io("cannot compress", path, e))?;
    Ok(Snapshot {
        bytes,
        chunks: chunks.into_iter().collect(),
        audit_seq,
        files,
    })
}

fn corrupt_row(path: &Path, table: &str, reason: &str) -> Error {
    Error::WorkbookCorrupt {
        path: path.to_path_buf(),
        reason: format!("a row of {table} cannot be kept in a milestone: {reason}"),
    }
}

/// Builds the milestone whose manifest is `manifest` as a whole workbook file at `copy`: the
/// schema of its version, its rows from the chunks, its set texts and audit trail from the
/// workbook at `origin`, then the rows the texts give. Opening it upgrades it if it is older.
/// Reads milestone `manifest` back into the new file `copy`; `parsed` are sets already parsed
/// (the review's now), taken instead of parsing a stored text that is the same again. Returns
/// the copy's sets.
pub(super) fn restore(
    copy: &Path,
    origin: &Path,
    manifest: &[u8],
    audit_seq: i64,
    parsed: &[QuestionSet],
) -> Result<Vec<QuestionSet>> {
    let bad = |reason: String| Error::WorkbookCorrupt {
        path: origin.to_path_buf(),
        reason,
    };
    let manifest =
        read_manifest(manifest).ok_or_else(|| bad("a milestone's record cannot be read".into()))?;
    let mut conn = Connection::open(copy).db(origin)?;
    // Rows go in table by table, before the choice rows they point to: keys are checked when
    // the copy is opened as a workbook (and by `verify`).
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;",
    )
    .db(origin)?;
    conn.pragma_update(None, "application_id", crate::workbook::APPLICATION_ID)
        .db(origin)?;
    // Attached outside the transaction (SQLite refuses it inside one).
    conn.execute(
        "ATTACH DATABASE ?1 AS origin",
        [origin.to_string_lossy().as_ref()],
    )
    .db(origin)?;
    let tx = conn.transaction().db(origin)?;
    crate::workbook::migrations::apply_up_to(&tx, origin, manifest.schema_version)?;
    for table in &manifest.tables {
        let mut insert = insert_row(&tx, table, origin)?;
        for hash in &table.chunks {
            let content: Vec<u8> = tx
                .query_row(
                    "SELECT content FROM origin.milestone_chunk WHERE sha256 = ?1",
                    [hash],
                    |r| r.get(0),
                )
                .db(origin)?;
            let rows = chunk_rows(&content)
                .ok_or_else(|| bad(format!("a chunk of {} cannot be read", table.name)))?;
            for values in rows {
                insert
                    .execute(rusqlite::params_from_iter(values))
                    .db(origin)?;
            }
        }
    }
    tx.execute(
        "UPDATE main.question_set SET source_text = (SELECT t.source_text \
         FROM origin.milestone_set_text t WHERE t.content_hash = question_set.content_hash)",
        [],
    )
    .db(origin)?;
    let (audit_columns, _) = columns(&tx, origin, "main", "audit_entry")?;
    let audit_columns: Vec<String> = audit_columns.iter().map(|c| quoted(c)).collect();
    let audit_columns = audit_columns.join(", ");
    tx.execute(
        &format!(
            "INSERT INTO main.audit_entry ({audit_columns}) SELECT {audit_columns} \
             FROM origin.audit_entry WHERE seq <= ?1"
        ),
        [audit_seq],
    )
    .db(origin)?;
    // The rows the texts give, from the sets already parsed where the text is the same.
    let sets = crate::workbook::sets::load_sets_reusing(&tx, origin, parsed)?;
    for set in &sets {
        crate::workbook::sets::insert_choices(&tx, origin, set)?;
        crate::workbook::question_rules::insert(&tx, origin, set)?;
    }
    tx.commit().db(origin)?;
    conn.execute("DETACH DATABASE origin", []).db(origin)?;
    conn.close()
        .map_err(|(_, e)| crate::workbook::db_error(origin, e))?;
    Ok(sets)
}
