//! Milestones: the review exactly as it was at a moment, kept in the workbook.
//!
//! A milestone is the workbook's rows, read in one transaction and stored as content-addressed
//! chunks kept once for all milestones (`snapshot.rs`), without what is kept once anyway — the
//! set texts (in `milestone_set_text`, by content hash), the audit trail (a prefix of the
//! workbook's own), evidence contents — or rebuilt from the set texts when it is read (choice
//! rows, the figures' rows). Its record (`milestone.snapshot`: the list of its chunks) has its
//! SHA-256 in the audit chain (`milestone.add`), and each chunk is named by its own SHA-256, so
//! the record vouches for every row. A hundred milestones of a large set cost the chunks that
//! changed, not a hundred copies (BENCHMARKS.md "Milestones and diff"). Reading a milestone
//! (`view.rs`) rebuilds the whole workbook file and opens it with the same code that reads the
//! workbook, so every surface shows it as it showed the review then: answers with who and when,
//! risks from the set texts then in force, workload properties, WG evaluations, the evidence
//! list and the audit trail up to it. A [`MilestoneView`] gives only `&Workbook`: nothing can
//! be written through it. Comparing two states (`delta.rs`, `hashira diff`) reads only the
//! rows that differ between them, from the chunks neither side shares.
//!
//! Evidence contents stay in the workbook once: a file removed from the current review that a
//! milestone lists is copied to `evidence_retained` first (one copy per SHA-256), and a
//! milestone's file is read from the current review's copy or from there. A content is really
//! deleted only when neither the current review nor any milestone refers to it.

mod compared_sets;
mod delta;
mod snapshot;
mod verify;
mod view;

pub use delta::ComparedSides;
pub use view::{MilestoneView, ReviewAsOf};

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

use super::{DbResult, Workbook};
use crate::error::{Error, Result};
use crate::hashing::sha256_hex;
use crate::risk::RiskSummary;

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

/// A milestone and its figures (progress and risk per set) when it was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MilestoneFigures {
    pub milestone: MilestoneInfo,
    pub risk: RiskSummary,
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
        if let Some(taken) = self.find_milestone(&name)? {
            return Err(Error::MilestoneNameTaken {
                name,
                number: taken.number,
                existing: taken.name,
            });
        }
        // Another process may write between the copy and the transaction: the copy must be
        // the state the milestone's audit entry follows, so take it again (a few times).
        for _ in 0..5 {
            let snapshot = self.snapshot()?;
            // Counted from the rows as they are: if nothing was written since the copy (checked
            // when it is stored), they are the copy's figures.
            let figures = self.stored_figures()?.risk;
            if let Some(info) = self.record_milestone(&name, actor, snapshot, &figures)? {
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
        figures: &RiskSummary,
    ) -> Result<Option<MilestoneInfo>> {
        let figures_json = serde_json::to_value(figures).unwrap_or_default();
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
            // Each set text once for all milestones (the current review's copy may be replaced
            // by an upgrade; the milestone's stays).
            write
                .tx
                .execute(
                    "INSERT OR IGNORE INTO milestone_set_text (content_hash, source_text) \
                     SELECT content_hash, source_text FROM question_set",
                    [],
                )
                .db(path)?;
            let mut added_bytes = snapshot.bytes.len();
            let mut chunk_row = write
                .tx
                .prepare("INSERT OR IGNORE INTO milestone_chunk (sha256, content) VALUES (?1, ?2)")
                .db(path)?;
            for (hash, content) in &snapshot.chunks {
                if chunk_row
                    .execute(rusqlite::params![hash, content])
                    .db(path)?
                    > 0
                {
                    added_bytes += content.len();
                }
            }
            let sha256 = sha256_hex(&snapshot.bytes);
            let size = i64::try_from(added_bytes).unwrap_or(i64::MAX);
            write
                .tx
                .execute(
                    "INSERT INTO milestone (number, name, created_at, created_by, audit_seq, \
                     content_sha256, size_bytes, snapshot, figures) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    rusqlite::params![
                        number,
                        name,
                        write.at,
                        actor,
                        snapshot.audit_seq,
                        sha256,
                        size,
                        snapshot.bytes,
                        figures_json.to_string()
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
                "figures": figures_json,
            });
            write.audit(
                actor,
                crate::history::action::MILESTONE_ADD,
                name,
                None,
                Some(&added),
            )?;
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

    /// The progress and risk figures of every milestone, oldest first, as counted when each
    /// was made (the same counts as `hashira show`): the risk trend.
    pub fn milestone_trend(&self) -> Result<Vec<MilestoneFigures>> {
        let path = self.path();
        let mut statement = self
            .conn()
            .prepare(&format!(
                "SELECT {INFO_COLUMNS}, figures FROM milestone ORDER BY number"
            ))
            .db(path)?;
        let rows = statement
            .query_map([], |r| Ok((info_of(r)?, r.get::<_, String>(8)?)))
            .db(path)?;
        let mut trend = Vec::new();
        for row in rows {
            let (milestone, figures) = row.db(path)?;
            let risk = serde_json::from_str(&figures).map_err(|e| Error::WorkbookCorrupt {
                path: path.to_path_buf(),
                reason: format!(
                    "milestone {} '{}': its figures cannot be read: {e}",
                    milestone.number, milestone.name
                ),
            })?;
            trend.push(MilestoneFigures { milestone, risk });
        }
        Ok(trend)
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

    /// Milestone `info`'s record (its deflated manifest), refused when it no longer has the
    /// SHA-256 the audit chain recorded.
    fn recorded_snapshot(&self, info: &MilestoneInfo) -> Result<Vec<u8>> {
        let path = self.path();
        let bytes: Vec<u8> = self
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
        Ok(bytes)
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
}

/// What a milestone stores: its record (the deflated manifest), its chunks (SHA-256 →
/// content; those already kept are not stored again), the last audit entry and the stored
/// files (id, SHA-256) it lists.
struct Snapshot {
    bytes: Vec<u8>,
    chunks: Vec<(String, Vec<u8>)>,
    audit_seq: i64,
    files: Vec<(i64, String)>,
}
