//! `verify`'s check of the milestones.

use serde_json::json;

use crate::error::Result;
use crate::hashing::sha256_hex;
use crate::workbook::verify::{Problem, ProblemKind};
use crate::workbook::{DbResult, Workbook};

impl Workbook {
    /// `verify`'s check of the milestones: each as its `milestone.add` entry records it (name,
    /// number, SHA-256 of the snapshot, which must still be the snapshot's), none missing and
    /// none without its entry; every retained evidence content with its SHA-256.
    pub(in crate::workbook) fn milestone_problems(&self) -> Result<Vec<Problem>> {
        let path = self.path();
        let mut problems = Vec::new();
        let mut recorded = std::collections::BTreeMap::new();
        // A milestone made in a reviewer's copy stays there: its entry, merged in, is history.
        let merged = self.merged_entry_seqs()?;
        for entry in self.audit_log()? {
            if entry.action != crate::history::action::MILESTONE_ADD || merged.contains(&entry.seq)
            {
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
        problems.extend(self.chunk_problems()?);
        let texts = self.recorded_hashes(
            "SELECT content_hash, source_text FROM milestone_set_text",
            Stored::Text,
        )?;
        for (hash, actual) in texts {
            if hash != actual {
                let mut p = Problem::new(
                    ProblemKind::Milestone,
                    format!(
                        "a question-set text the milestones hold no longer has its SHA-256 {hash}"
                    ),
                );
                p.table = Some("milestone_set_text".into());
                p.key = Some(hash);
                problems.push(p);
            }
        }
        let retained = self.recorded_hashes(
            "SELECT sha256, content FROM evidence_retained",
            Stored::Blob,
        )?;
        for (sha256, actual) in retained {
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

    /// Each row of `sql` — a recorded SHA-256, then the content it was taken of (a `content`
    /// column: text or blob) — as (recorded, actual SHA-256).
    fn recorded_hashes(&self, sql: &str, content: Stored) -> Result<Vec<(String, String)>> {
        let path = self.path();
        let mut statement = self.conn().prepare(sql).db(path)?;
        let rows = statement
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, {
                    let value = r.get_ref(1)?;
                    sha256_hex(match content {
                        Stored::Text => value.as_bytes()?,
                        Stored::Blob => value.as_blob()?,
                    })
                }))
            })
            .db(path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(path)
    }

    /// Every kept chunk still has its SHA-256, and every chunk a milestone lists is kept.
    fn chunk_problems(&self) -> Result<Vec<Problem>> {
        let path = self.path();
        let mut problems = Vec::new();
        let mut kept = std::collections::HashSet::new();
        let chunks =
            self.recorded_hashes("SELECT sha256, content FROM milestone_chunk", Stored::Blob)?;
        for (hash, actual) in chunks {
            if hash != actual {
                let mut p = Problem::new(
                    ProblemKind::Milestone,
                    format!("a milestone chunk no longer has its SHA-256 {hash}"),
                );
                p.table = Some("milestone_chunk".into());
                p.key = Some(hash.clone());
                problems.push(p);
            }
            kept.insert(hash);
        }
        let mut statement = self
            .conn()
            .prepare("SELECT number, name, snapshot FROM milestone ORDER BY number")
            .db(path)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })
            .db(path)?;
        for row in rows {
            let (number, name, record) = row.db(path)?;
            let manifest: Option<super::snapshot::Manifest> = super::snapshot::inflate(&record)
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok());
            let missing = match manifest {
                None => {
                    let mut p = Problem::new(
                        ProblemKind::Milestone,
                        format!("milestone {number} '{name}': its record cannot be read"),
                    );
                    p.table = Some("milestone".into());
                    p.key = Some(number.to_string());
                    problems.push(p);
                    continue;
                }
                Some(m) => m
                    .tables
                    .iter()
                    .flat_map(|t| t.chunks.iter())
                    .filter(|h| !kept.contains(*h))
                    .count(),
            };
            if missing > 0 {
                let mut p = Problem::new(
                    ProblemKind::Milestone,
                    format!("milestone {number} '{name}': {missing} of its chunks are missing"),
                );
                p.table = Some("milestone_chunk".into());
                p.key = Some(number.to_string());
                problems.push(p);
            }
        }
        Ok(problems)
    }
}

/// How a hashed column holds its content (a value of the other kind is a damaged row).
#[derive(Clone, Copy)]
enum Stored {
    Text,
    Blob,
}
