//! Evidence attached to a question or one of its choices: files stored inside the workbook,
//! links, and text excerpts.
//!
//! Files are streamed into the workbook through SQLite's incremental blob I/O while their
//! SHA-256 is computed, so a 50 MB file is never held in memory twice.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{DbResult, Workbook};
use crate::error::{Error, Result};

mod add;
mod extract;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EvidenceKind {
    File,
    Link,
    Text,
}

impl EvidenceKind {
    fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::File => "FILE",
            EvidenceKind::Link => "LINK",
            EvidenceKind::Text => "TEXT",
        }
    }

    /// `None` for a kind this build does not know (a damaged or edited row).
    fn parse(text: &str) -> Option<EvidenceKind> {
        match text {
            "FILE" => Some(EvidenceKind::File),
            "LINK" => Some(EvidenceKind::Link),
            "TEXT" => Some(EvidenceKind::Text),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub question_id: String,
    pub choice_id: Option<String>,
    pub kind: EvidenceKind,
    pub title: String,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub url: Option<String>,
    pub excerpt: Option<String>,
    pub added_by: String,
    pub added_at: String,
}

/// What to attach.
#[derive(Debug, Clone)]
pub enum NewEvidence {
    /// A file on disk, copied into the workbook.
    File {
        path: PathBuf,
        title: String,
    },
    /// File content already in memory (a drop from the UI, generated demo files).
    Bytes {
        file_name: String,
        content: Vec<u8>,
        title: String,
    },
    Link {
        url: String,
        title: String,
    },
    Text {
        text: String,
        title: String,
    },
}

const COPY_CHUNK: usize = 256 * 1024;

/// SQLite's own ceiling for one value (`SQLITE_MAX_LENGTH`); no option can raise the limit past it.
const MAX_BLOB_BYTES: u64 = 1_000_000_000;

fn media_type_of(file_name: &str) -> String {
    mime_guess::from_path(file_name)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

fn check_link(url: &str) -> Result<()> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| Error::InvalidEvidence {
        message: format!("'{url}' is not a valid URL ({e})"),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::InvalidEvidence {
            message: format!("'{url}' must be an http or https link"),
        });
    }
    Ok(())
}

impl Workbook {
    fn check_target(&self, question_id: &str, choice_id: Option<&str>) -> Result<()> {
        let (_, _, question) = self.find_question(question_id)?;
        if let Some(choice_id) = choice_id
            && question.choice(choice_id).is_none()
        {
            return Err(crate::question_set::lookup::choice_not_found(
                question, choice_id,
            ));
        }
        Ok(())
    }

    fn evidence_rows(&self, filter: &str, param: &dyn rusqlite::ToSql) -> Result<Vec<Evidence>> {
        let sql = format!(
            "SELECT id, question_id, choice_id, kind, title, file_name, media_type, size_bytes, \
             sha256, url, excerpt, added_by, added_at FROM evidence WHERE {filter} ORDER BY id"
        );
        let mut statement = self.conn().prepare(&sql).db(self.path())?;
        let rows = statement
            .query_map([param], |r| {
                let kind: String = r.get(3)?;
                let evidence = Evidence {
                    id: r.get(0)?,
                    question_id: r.get(1)?,
                    choice_id: r.get(2)?,
                    kind: EvidenceKind::parse(&kind).unwrap_or(EvidenceKind::Text),
                    title: r.get(4)?,
                    file_name: r.get(5)?,
                    media_type: r.get(6)?,
                    size_bytes: r.get(7)?,
                    sha256: r.get(8)?,
                    url: r.get(9)?,
                    excerpt: r.get(10)?,
                    added_by: r.get(11)?,
                    added_at: r.get(12)?,
                };
                Ok((kind, evidence))
            })
            .db(self.path())?;
        let rows = rows.collect::<rusqlite::Result<Vec<_>>>().db(self.path())?;
        // An unknown kind is damage to report, not text to show.
        rows.into_iter()
            .map(|(kind, evidence)| match EvidenceKind::parse(&kind) {
                Some(_) => Ok(evidence),
                None => Err(Error::StoredRowInvalid {
                    path: self.path().to_path_buf(),
                    table: "evidence",
                    row: evidence.id.to_string(),
                    reason: format!("unknown evidence kind '{kind}'"),
                }),
            })
            .collect()
    }

    /// All evidence, or only that of one question.
    pub fn list_evidence(&self, question_id: Option<&str>) -> Result<Vec<Evidence>> {
        self.evidence_rows("?1 IS NULL OR question_id = ?1", &question_id)
    }

    pub fn evidence(&self, evidence_id: i64) -> Result<Evidence> {
        self.evidence_rows("id = ?1", &evidence_id)?
            .pop()
            .ok_or(Error::EvidenceNotFound { id: evidence_id })
    }

    /// Removes one evidence item (and its stored content).
    pub fn remove_evidence(&mut self, evidence_id: i64, actor: &str) -> Result<Evidence> {
        let evidence = self.evidence(evidence_id)?;
        let old = serde_json::to_value(&evidence).unwrap_or_default();
        self.write(|write| {
            // A milestone that lists the file keeps its content (one copy per SHA-256);
            // otherwise the content goes with the row.
            write
                .tx
                .execute(
                    "INSERT OR IGNORE INTO evidence_retained (sha256, content) \
                     SELECT e.sha256, b.content FROM evidence e \
                     JOIN evidence_blob b ON b.evidence_id = e.id \
                     WHERE e.id = ?1 AND EXISTS \
                       (SELECT 1 FROM milestone_evidence m WHERE m.sha256 = e.sha256)",
                    [evidence_id],
                )
                .db(write.path)?;
            write
                .tx
                .execute("DELETE FROM evidence WHERE id = ?1", [evidence_id])
                .db(write.path)?;
            write.audit(
                actor,
                crate::history::action::EVIDENCE_REMOVE,
                &evidence.question_id,
                Some(&old),
                None,
            )
        })?;
        Ok(evidence)
    }
}
