//! Milestones: the review exactly as it was at a moment, kept in the workbook.
//!
//! A milestone is a snapshot of the workbook file (`VACUUM INTO`: a consistent copy of the
//! committed state) without the evidence contents, stored whole in `milestone.snapshot`, its
//! SHA-256 recorded in the audit chain (`milestone.add`). Reading a milestone opens that
//! snapshot with the same code that reads the workbook, so every surface shows it exactly as
//! it showed the review then: answers with who and when, risks from the set texts then in
//! force, workload properties, WG evaluations, the evidence list and the audit trail up to it.
//! A [`MilestoneView`] gives only `&Workbook`: nothing can be written through it.
//!
//! Evidence contents stay in the workbook once: a file removed from the current review that a
//! milestone lists is copied to `evidence_retained` first (one copy per SHA-256), and a
//! milestone's file is read from the current review's copy or from there. A content is really
//! deleted only when neither the current review nor any milestone refers to it.

use std::io::Write as _;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::evidence::Evidence;
use super::verify::{Problem, ProblemKind};
use super::{DbResult, Workbook};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::hashing::sha256_hex;

/// The longest milestone name, in characters.
pub const MAX_MILESTONE_NAME: usize = 100;

/// A milestone as listed (without its snapshot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MilestoneInfo {
    /// 1, 2, 3… in the order they were made.
    pub number: i64,
    pub name: String,
    pub created_at: String,
    pub created_by: String,
    /// The last audit entry the milestone holds.
    pub audit_seq: i64,
    /// SHA-256 of the snapshot, as the audit chain records it.
    pub content_sha256: String,
    pub size_bytes: i64,
    /// Stored evidence files the milestone lists.
    pub evidence_files: i64,
}

fn info_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<MilestoneInfo> {
    Ok(MilestoneInfo {
        number: r.get(0)?,
        name: r.get(1)?,
        created_at: r.get(2)?,
        created_by: r.get(3)?,
        audit_seq: r.get(4)?,
        content_sha256: r.get(5)?,
        size_bytes: r.get(6)?,
        evidence_files: r.get(7)?,
    })
}

const INFO_COLUMNS: &str = "number, name, created_at, created_by, audit_seq, content_sha256, \
     size_bytes, (SELECT count(*) FROM milestone_evidence e WHERE e.milestone_number = number)";

fn invalid_name(message: String) -> Error {
    Error::InvalidProperty {
        field: "milestone".into(),
        message,
    }
}

/// The name as stored: trimmed, 1–100 characters.
fn checked_name(name: &str) -> Result<&str> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_MILESTONE_NAME {
        return Err(invalid_name(format!(
            "a milestone name has 1 to {MAX_MILESTONE_NAME} characters (this one has {chars})"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid_name(
            "a milestone name has no control characters".into(),
        ));
    }
    Ok(name)
}

impl Workbook {
    /// Makes milestone `name` of the review as it is now, by `actor`.
    pub fn add_milestone(&mut self, name: &str, actor: &str) -> Result<MilestoneInfo> {
        let name = checked_name(name)?.to_string();
        if self.find_milestone(&name)?.is_some() {
            return Err(invalid_name(format!(
                "this workbook already has a milestone named '{name}'"
            )));
        }
        // Another process may write between the copy and the transaction: the copy must be
        // the state the milestone's audit entry follows, so take it again (a few times).
        for _ in 0..5 {
            let snapshot = self.snapshot()?;
            if let Some(info) = self.record_milestone(&name, actor, snapshot)? {
                return Ok(info);
            }
        }
        Err(Error::WorkbookLocked {
            path: self.path().to_path_buf(),
        })
    }

    /// Stores `snapshot` as milestone `name`, or `None` when the workbook changed since it was
    /// taken.
    fn record_milestone(
        &mut self,
        name: &str,
        actor: &str,
        snapshot: Snapshot,
    ) -> Result<Option<MilestoneInfo>> {
        self.write(|write| {
            let path = write.path;
            let head: i64 = write
                .tx
                .query_row("SELECT coalesce(max(seq), 0) FROM audit_entry", [], |r| {
                    r.get(0)
                })
                .db(path)?;
            if head != snapshot.audit_seq {
                return Ok(None);
            }
            let number: i64 = write
                .tx
                .query_row(
                    "SELECT coalesce(max(number), 0) + 1 FROM milestone",
                    [],
                    |r| r.get(0),
                )
                .db(path)?;
            let sha256 = sha256_hex(&snapshot.bytes);
            let size = i64::try_from(snapshot.bytes.len()).unwrap_or(i64::MAX);
            write
                .tx
                .execute(
                    "INSERT INTO milestone (number, name, created_at, created_by, audit_seq, \
                     content_sha256, size_bytes, snapshot) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    rusqlite::params![
                        number,
                        name,
                        write.at,
                        actor,
                        snapshot.audit_seq,
                        sha256,
                        size,
                        snapshot.bytes
                    ],
                )
                .db(path)?;
            let mut listed = write
                .tx
                .prepare(
                    "INSERT INTO milestone_evidence (milestone_number, evidence_id, sha256) \
                     VALUES (?1, ?2, ?3)",
                )
                .db(path)?;
            for (id, sha) in &snapshot.files {
                listed
                    .execute(rusqlite::params![number, id, sha])
                    .db(path)?;
            }
            let added = json!({
                "number": number,
                "name": name,
                "audit_seq": snapshot.audit_seq,
                "content_sha256": sha256,
                "size_bytes": size,
                "evidence_files": snapshot.files.len(),
            });
            write.audit(actor, "milestone.add", name, None, Some(&added))?;
            Ok(Some(MilestoneInfo {
                number,
                name: name.to_string(),
                created_at: write.at.clone(),
                created_by: actor.to_string(),
                audit_seq: snapshot.audit_seq,
                content_sha256: sha256,
                size_bytes: size,
                evidence_files: i64::try_from(snapshot.files.len()).unwrap_or(i64::MAX),
            }))
        })
    }

    /// Every milestone, oldest first.
    pub fn milestones(&self) -> Result<Vec<MilestoneInfo>> {
        let path = self.path();
        let mut statement = self
            .conn()
            .prepare(&format!(
                "SELECT {INFO_COLUMNS} FROM milestone ORDER BY number"
            ))
            .db(path)?;
        let rows = statement.query_map([], info_of).db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }

    /// The milestone named `text` (its name exactly, else its number: `3` or `#3`).
    pub fn milestone(&self, text: &str) -> Result<MilestoneInfo> {
        self.find_milestone(text)?
            .ok_or_else(|| Error::MilestoneNotFound {
                name: text.to_string(),
                known: self
                    .milestones()
                    .map(|all| all.into_iter().map(|m| m.name).collect())
                    .unwrap_or_default(),
            })
    }

    fn find_milestone(&self, text: &str) -> Result<Option<MilestoneInfo>> {
        let path = self.path();
        let by_name = self
            .conn()
            .query_row(
                &format!("SELECT {INFO_COLUMNS} FROM milestone WHERE name = ?1"),
                [text.trim()],
                info_of,
            )
            .optional()
            .db(path)?;
        if by_name.is_some() {
            return Ok(by_name);
        }
        let Ok(number) = text.trim().trim_start_matches('#').parse::<i64>() else {
            return Ok(None);
        };
        self.conn()
            .query_row(
                &format!("SELECT {INFO_COLUMNS} FROM milestone WHERE number = ?1"),
                [number],
                info_of,
            )
            .optional()
            .db(path)
    }

    /// A consistent copy of the committed workbook without evidence contents.
    fn snapshot(&self) -> Result<Snapshot> {
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
        let target = temp.path().to_string_lossy().into_owned();
        // VACUUM INTO writes only into an empty file; the temp file is one.
        self.conn().execute("VACUUM INTO ?1", [&target]).db(path)?;
        let copy = Connection::open(temp.path()).db(path)?;
        copy.execute_batch("DELETE FROM evidence_blob; VACUUM;")
            .db(path)?;
        let audit_seq: i64 = copy
            .query_row("SELECT coalesce(max(seq), 0) FROM audit_entry", [], |r| {
                r.get(0)
            })
            .db(path)?;
        let files = {
            let mut statement = copy
                .prepare("SELECT id, sha256 FROM evidence WHERE kind = 'FILE' ORDER BY id")
                .db(path)?;
            let rows = statement
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
                .db(path)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().db(path)?
        };
        copy.close().map_err(|(_, e)| super::db_error(path, e))?;
        let bytes =
            std::fs::read(temp.path()).map_err(|e| Error::io("cannot read", temp.path(), e))?;
        Ok(Snapshot {
            bytes,
            audit_seq,
            files,
        })
    }

    /// `verify`'s check of the milestones: each as its `milestone.add` entry records it (name,
    /// number, SHA-256 of the snapshot, which must still be the snapshot's), none missing and
    /// none without its entry; every retained evidence content with its SHA-256.
    pub(super) fn milestone_problems(&self) -> Result<Vec<Problem>> {
        let path = self.path();
        let mut problems = Vec::new();
        let mut recorded = std::collections::BTreeMap::new();
        for entry in self.audit_log()? {
            if entry.action != "milestone.add" {
                continue;
            }
            let value = entry.new_value.unwrap_or_default();
            let number = value["number"].as_i64().unwrap_or(0);
            recorded.insert(number, value);
        }
        let mut statement = self
            .conn()
            .prepare("SELECT number, name, content_sha256, snapshot FROM milestone ORDER BY number")
            .db(path)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    sha256_hex(r.get_ref(3)?.as_blob()?),
                ))
            })
            .db(path)?;
        let mut problem = |key: String, message: String| {
            let mut p = Problem::new(ProblemKind::Milestone, message);
            p.table = Some("milestone".into());
            p.key = Some(key);
            problems.push(p);
        };
        for row in rows {
            let (number, name, sha256, actual) = row.db(path)?;
            let key = number.to_string();
            match recorded.remove(&number) {
                None => problem(
                    key,
                    format!("milestone {number} '{name}' is not in the audit trail"),
                ),
                Some(value) => {
                    if value["name"] != json!(name) || value["content_sha256"] != json!(sha256) {
                        problem(
                            key.clone(),
                            format!(
                                "milestone {number} '{name}' differs from its audit entry (recorded '{}', {})",
                                value["name"].as_str().unwrap_or(""),
                                value["content_sha256"].as_str().unwrap_or("")
                            ),
                        );
                    }
                    if actual != sha256 {
                        problem(
                            key,
                            format!(
                                "milestone {number} '{name}': its snapshot was changed (SHA-256 {actual}, recorded {sha256})"
                            ),
                        );
                    }
                }
            }
        }
        for (number, value) in recorded {
            problem(
                number.to_string(),
                format!(
                    "milestone {number} '{}' was deleted: the audit trail records it",
                    value["name"].as_str().unwrap_or("")
                ),
            );
        }
        let mut retained = self
            .conn()
            .prepare("SELECT sha256, content FROM evidence_retained")
            .db(path)?;
        let rows = retained
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, sha256_hex(r.get_ref(1)?.as_blob()?)))
            })
            .db(path)?;
        for row in rows {
            let (sha256, actual) = row.db(path)?;
            if sha256 != actual {
                let mut p = Problem::new(
                    ProblemKind::Evidence,
                    format!("a retained evidence file no longer has its SHA-256 {sha256}"),
                );
                p.table = Some("evidence_retained".into());
                p.key = Some(sha256);
                problems.push(p);
            }
        }
        Ok(problems)
    }
}

struct Snapshot {
    bytes: Vec<u8>,
    audit_seq: i64,
    files: Vec<(i64, String)>,
}

/// The review as milestone `info` holds it: a [`Workbook`] read from the milestone's snapshot
/// (a temporary copy, deleted when the view is dropped), readable through `Deref` only.
pub struct MilestoneView {
    workbook: Workbook,
    info: MilestoneInfo,
    origin: PathBuf,
    _copy: tempfile::TempPath,
}

impl std::fmt::Debug for MilestoneView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MilestoneView")
            .field("origin", &self.origin)
            .field("milestone", &self.info.name)
            .finish()
    }
}

impl Deref for MilestoneView {
    type Target = Workbook;

    fn deref(&self) -> &Workbook {
        &self.workbook
    }
}

impl MilestoneView {
    /// Opens milestone `name` (or number) of the workbook at `path`.
    pub fn open(path: &Path, name: &str, clock: Arc<dyn Clock>) -> Result<MilestoneView> {
        let current = Workbook::open(path, clock.clone())?;
        let info = current.milestone(name)?;
        let bytes: Vec<u8> = current
            .conn()
            .query_row(
                "SELECT snapshot FROM milestone WHERE number = ?1",
                [info.number],
                |r| r.get(0),
            )
            .db(path)?;
        if sha256_hex(&bytes) != info.content_sha256 {
            return Err(Error::WorkbookCorrupt {
                path: path.to_path_buf(),
                reason: format!(
                    "milestone {} '{}' no longer has its recorded SHA-256",
                    info.number, info.name
                ),
            });
        }
        current.close()?;
        let mut copy = tempfile::Builder::new()
            .prefix("hashira-milestone-")
            .suffix(".hashira")
            .tempfile()
            .map_err(|e| Error::io("cannot create a temporary file for", path, e))?;
        copy.write_all(&bytes)
            .and_then(|()| copy.flush())
            .map_err(|e| Error::io("cannot write", copy.path(), e))?;
        let copy = copy.into_temp_path();
        let workbook = Workbook::open(&copy, clock).map_err(|e| Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason: format!(
                "milestone {} '{}' cannot be opened: {e}",
                info.number, info.name
            ),
        })?;
        Ok(MilestoneView {
            workbook,
            info,
            origin: path.to_path_buf(),
            _copy: copy,
        })
    }

    pub fn info(&self) -> &MilestoneInfo {
        &self.info
    }

    /// The workbook file the milestone belongs to.
    pub fn origin(&self) -> &Path {
        &self.origin
    }

    /// Saves a stored file the milestone lists, as [`Workbook::extract_evidence`] does: its
    /// content from the current review's copy or the retained one, checked against the
    /// milestone's record of its size and SHA-256.
    pub fn extract_evidence(
        &self,
        evidence_id: i64,
        output: &Path,
        overwrite: bool,
    ) -> Result<Evidence> {
        let evidence = self.workbook.evidence(evidence_id)?;
        if let Some(sha256) = evidence.sha256.as_deref() {
            let conn = self.workbook.conn();
            let copy = self.workbook.path();
            let origin = self.origin.to_string_lossy().into_owned();
            conn.execute("ATTACH DATABASE ?1 AS origin", [&origin])
                .db(copy)?;
            let copied = conn
                .execute(
                    "INSERT OR REPLACE INTO main.evidence_blob (evidence_id, content) \
                     SELECT ?1, content FROM ( \
                       SELECT b.content FROM origin.evidence_blob b \
                       JOIN origin.evidence e ON e.id = b.evidence_id \
                       WHERE b.evidence_id = ?1 AND e.sha256 = ?2 \
                       UNION ALL SELECT content FROM origin.evidence_retained WHERE sha256 = ?2 \
                       LIMIT 1)",
                    rusqlite::params![evidence_id, sha256],
                )
                .db(copy);
            conn.execute("DETACH DATABASE origin", []).db(copy)?;
            copied?;
        }
        self.workbook
            .extract_evidence(evidence_id, output, overwrite)
    }
}
