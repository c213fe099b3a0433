//! A milestone's copy of the workbook: taken (the rows in one read transaction, without what
//! is kept once for all milestones), and read back whole (set texts, audit trail, rebuilt rows).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::Snapshot;
use crate::error::{Error, Result};
use crate::workbook::{DbResult, Workbook};

impl Workbook {
    /// The workbook's rows as a milestone holds them: a file with the current schema, every
    /// table copied in one read transaction except what is kept once for all milestones or
    /// rebuilt on reading ([`SHARED_TABLES`], set texts), deflated.
    pub(super) fn snapshot(&self) -> Result<Snapshot> {
        let path = self.path();
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Beside the workbook: the copy holds the review, so it stays where the review is.
        let temp = tempfile::Builder::new()
            .prefix(".hashira-milestone-")
            .tempfile_in(&dir)
            .map_err(|e| Error::io("cannot create a file in", &dir, e))?;
        empty_schema(temp.path(), path)?;
        let conn = self.conn();
        let target = temp.path().to_string_lossy().into_owned();
        conn.execute("ATTACH DATABASE ?1 AS snap", [&target])
            .db(path)?;
        let copied = copy_rows(conn, path);
        let detached = conn.execute("DETACH DATABASE snap", []).db(path);
        let (audit_seq, files) = copied?;
        detached?;
        let raw =
            std::fs::read(temp.path()).map_err(|e| Error::io("cannot read", temp.path(), e))?;
        let mut deflater =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        deflater
            .write_all(&raw)
            .map_err(|e| Error::io("cannot compress", temp.path(), e))?;
        let bytes = deflater
            .finish()
            .map_err(|e| Error::io("cannot compress", temp.path(), e))?;
        Ok(Snapshot {
            bytes,
            audit_seq,
            files,
        })
    }
}

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
    "milestone_evidence",
    "milestone_set_text",
    "evidence_retained",
];

/// A file at `file` with the current schema and nothing in it (errors name `path`).
fn empty_schema(file: &Path, path: &Path) -> Result<()> {
    let mut conn = Connection::open(file).db(path)?;
    conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;")
        .db(path)?;
    conn.pragma_update(None, "application_id", crate::workbook::APPLICATION_ID)
        .db(path)?;
    let tx = conn.transaction().db(path)?;
    crate::workbook::migrations::apply(&tx, path, 0)?;
    tx.commit().db(path)?;
    conn.close()
        .map_err(|(_, e)| crate::workbook::db_error(path, e))
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The columns of `schema`.`table`, quoted.
fn columns(conn: &Connection, path: &Path, schema: &str, table: &str) -> Result<Vec<String>> {
    let mut statement = conn
        .prepare(&format!("PRAGMA {schema}.table_info({})", quoted(table)))
        .db(path)?;
    let rows = statement
        .query_map([], |r| r.get::<_, String>(1))
        .db(path)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().db(path)
}

/// Copies main's rows into the attached `snap` in one read transaction; returns the last audit
/// entry and the stored files (id, SHA-256) the copy holds.
fn copy_rows(conn: &Connection, path: &Path) -> Result<(i64, Vec<(i64, String)>)> {
    // The copy leaves out rows others point to (choices): its keys are checked when it is read
    // back whole. Foreign keys are switched back on whatever happens below.
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")
        .db(path)?;
    let result = (|| {
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
        for table in tables
            .iter()
            .filter(|t| !SHARED_TABLES.contains(&t.as_str()))
        {
            let columns = columns(conn, path, "main", table)?;
            let select: Vec<String> = columns
                .iter()
                .map(|c| {
                    if table == "question_set" && c == "\"source_text\"" {
                        "''".to_string()
                    } else {
                        c.clone()
                    }
                })
                .collect();
            conn.execute(
                &format!(
                    "INSERT INTO snap.{t} ({}) SELECT {} FROM main.{t}",
                    columns.join(", "),
                    select.join(", "),
                    t = quoted(table)
                ),
                [],
            )
            .db(path)?;
        }
        let audit_seq: i64 = conn
            .query_row(
                "SELECT coalesce(max(seq), 0) FROM main.audit_entry",
                [],
                |r| r.get(0),
            )
            .db(path)?;
        let mut statement = conn
            .prepare("SELECT id, sha256 FROM main.evidence WHERE kind = 'FILE' ORDER BY id")
            .db(path)?;
        let files = statement
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .db(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db(path)?;
        Ok((audit_seq, files))
    })();
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    let ended = conn.execute_batch(end).db(path);
    conn.execute_batch("PRAGMA foreign_keys = ON").db(path)?;
    ended?;
    result
}

/// Makes the milestone copy at `copy` a whole workbook again: its set texts and audit trail
/// from the workbook at `origin`, then the rows rebuilt from the texts.
pub(super) fn restore(copy: &Path, origin: &Path, audit_seq: i64) -> Result<()> {
    let conn = Connection::open(copy).db(origin)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS origin",
        [origin.to_string_lossy().as_ref()],
    )
    .db(origin)?;
    conn.execute_batch("BEGIN").db(origin)?;
    let result = (|| {
        conn.execute(
            "UPDATE main.question_set SET source_text = (SELECT t.source_text \
             FROM origin.milestone_set_text t WHERE t.content_hash = question_set.content_hash)",
            [],
        )
        .db(origin)?;
        let columns = columns(&conn, origin, "main", "audit_entry")?.join(", ");
        conn.execute(
            &format!(
                "INSERT INTO main.audit_entry ({columns}) SELECT {columns} \
                 FROM origin.audit_entry WHERE seq <= ?1"
            ),
            [audit_seq],
        )
        .db(origin)?;
        for set in crate::workbook::sets::load_sets(&conn, origin)? {
            crate::workbook::sets::insert_choices(&conn, origin, &set)?;
        }
        crate::workbook::question_rules::fill(&conn, origin)
    })();
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    conn.execute_batch(end).db(origin)?;
    conn.execute("DETACH DATABASE origin", []).db(origin)?;
    result
}
