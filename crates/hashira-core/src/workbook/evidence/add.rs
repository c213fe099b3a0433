//! Attaching evidence, in named steps: check the content before the transaction (a missing,
//! oversized or empty item fails without touching the workbook), insert the row, stream a
//! file's content into its blob while hashing it, record the hash, write the audit entry.

use std::fs::File;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

use rusqlite::blob::{Blob, ZeroBlob};
use serde_json::json;

use super::{
    COPY_CHUNK, Evidence, EvidenceKind, MAX_BLOB_BYTES, NewEvidence, check_link, media_type_of,
};
use crate::error::{Error, Result};
use crate::hashing::Sha256Stream;
use crate::workbook::{DbResult, Workbook, Write};

/// The content of a file item, opened and measured before the transaction.
enum Content<'a> {
    File {
        name: String,
        size: u64,
        file: File,
        origin: PathBuf,
    },
    Bytes {
        name: String,
        bytes: &'a [u8],
    },
}

impl Content<'_> {
    fn name(&self) -> &str {
        match self {
            Content::File { name, .. } | Content::Bytes { name, .. } => name,
        }
    }

    fn size(&self) -> u64 {
        match self {
            Content::File { size, .. } => *size,
            Content::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }
}

/// The row's describing columns.
struct Described {
    kind: EvidenceKind,
    title: String,
    url: Option<String>,
    excerpt: Option<String>,
}

/// Checks `evidence` and opens its content (`None` for a link or a text excerpt).
fn checked_content(evidence: &NewEvidence, limit: u64) -> Result<Option<Content<'_>>> {
    match evidence {
        NewEvidence::File { path, .. } => {
            let file = File::open(path).map_err(|e| Error::io("cannot read", path, e))?;
            let metadata = file
                .metadata()
                .map_err(|e| Error::io("cannot read", path, e))?;
            if !metadata.is_file() {
                return Err(Error::InvalidEvidence {
                    message: format!("{} is not a regular file", path.display()),
                });
            }
            if metadata.len() > limit {
                return Err(Error::EvidenceTooLarge {
                    path: path.clone(),
                    size: metadata.len(),
                    limit,
                });
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "evidence".into());
            Ok(Some(Content::File {
                name,
                size: metadata.len(),
                file,
                origin: path.clone(),
            }))
        }
        NewEvidence::Bytes {
            file_name, content, ..
        } => {
            if content.len() as u64 > limit {
                return Err(Error::EvidenceTooLarge {
                    path: PathBuf::from(file_name),
                    size: content.len() as u64,
                    limit,
                });
            }
            if file_name.trim().is_empty() {
                return Err(Error::InvalidEvidence {
                    message: "the file name is empty".into(),
                });
            }
            Ok(Some(Content::Bytes {
                name: file_name.clone(),
                bytes: content,
            }))
        }
        NewEvidence::Link { url, .. } => {
            check_link(url)?;
            Ok(None)
        }
        NewEvidence::Text { text, .. } => {
            if text.trim().is_empty() {
                return Err(Error::InvalidEvidence {
                    message: "the text excerpt is empty".into(),
                });
            }
            Ok(None)
        }
    }
}

fn described(evidence: &NewEvidence) -> Described {
    match evidence {
        NewEvidence::File { title, .. } | NewEvidence::Bytes { title, .. } => Described {
            kind: EvidenceKind::File,
            title: title.trim().to_string(),
            url: None,
            excerpt: None,
        },
        NewEvidence::Link { url, title } => Described {
            kind: EvidenceKind::Link,
            title: title.trim().to_string(),
            url: Some(url.trim().to_string()),
            excerpt: None,
        },
        NewEvidence::Text { text, title } => Described {
            kind: EvidenceKind::Text,
            title: title.trim().to_string(),
            url: None,
            excerpt: Some(text.clone()),
        },
    }
}

/// Inserts the evidence row; a file's hash is an empty placeholder until its content is stored
/// (the placeholder never commits). Returns the new id.
fn insert_row(
    write: &Write<'_>,
    question_id: &str,
    choice_id: Option<&str>,
    described: &Described,
    content: Option<&Content<'_>>,
    actor: &str,
) -> Result<i64> {
    let file_name = content.map(Content::name);
    let size = content.map(|c| c.size() as i64);
    let placeholder = content.map(|_| String::new());
    write
        .tx
        .execute(
            "INSERT INTO evidence (question_id, choice_id, kind, title, file_name, media_type, \
             size_bytes, sha256, url, excerpt, added_by, added_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            (
                question_id,
                choice_id,
                described.kind.as_str(),
                &described.title,
                file_name,
                file_name.map(media_type_of),
                size,
                &placeholder,
                &described.url,
                &described.excerpt,
                actor,
                &write.at,
            ),
        )
        .db(write.path)?;
    Ok(write.tx.last_insert_rowid())
}

/// Copies `file` into `blob` in chunks, hashing as it goes. A file that grew or shrank since it
/// was measured is refused (the transaction then rolls back).
fn copy_file(
    blob: &mut Blob<'_>,
    file: &mut File,
    size: u64,
    origin: &Path,
    hasher: &mut Sha256Stream,
) -> Result<()> {
    let mut buffer = vec![0u8; COPY_CHUNK];
    let mut copied: u64 = 0;
    loop {
        let read = file
            .read(&mut buffer)
            .map_err(|e| Error::io("cannot read", origin, e))?;
        if read == 0 {
            break;
        }
        copied += read as u64;
        if copied > size {
            break;
        }
        hasher.update(&buffer[..read]);
        blob.write_all(&buffer[..read])
            .map_err(|e| Error::io("cannot store", origin, e))?;
    }
    if copied != size {
        return Err(Error::InvalidEvidence {
            message: format!(
                "{} changed size while it was being read; try again",
                origin.display()
            ),
        });
    }
    Ok(())
}

/// Streams the content into the row's blob and records its SHA-256, which it returns.
fn store_content(write: &Write<'_>, id: i64, content: Content<'_>) -> Result<String> {
    let path = write.path;
    write
        .tx
        .execute(
            "INSERT INTO evidence_blob (evidence_id, content) VALUES (?1, ?2)",
            (id, ZeroBlob(content.size())),
        )
        .db(path)?;
    let mut blob = write
        .tx
        .blob_open("main", "evidence_blob", "content", id, false)
        .db(path)?;
    let mut hasher = Sha256Stream::new();
    match content {
        Content::File {
            size,
            mut file,
            origin,
            ..
        } => copy_file(&mut blob, &mut file, size, &origin, &mut hasher)?,
        Content::Bytes { bytes, .. } => {
            hasher.update(bytes);
            blob.write_all(bytes)
                .map_err(|e| Error::io("cannot store", Path::new("evidence"), e))?;
        }
    }
    drop(blob);
    let digest = hasher.finish();
    write
        .tx
        .execute(
            "UPDATE evidence SET sha256 = ?1 WHERE id = ?2",
            (&digest, id),
        )
        .db(path)?;
    Ok(digest)
}

impl Workbook {
    /// Attaches evidence to a question, or to one of its choices.
    pub fn add_evidence(
        &mut self,
        question_id: &str,
        choice_id: Option<&str>,
        evidence: NewEvidence,
        actor: &str,
    ) -> Result<Evidence> {
        self.check_target(question_id, choice_id)?;
        let limit = self.options().evidence_size_limit.min(MAX_BLOB_BYTES);
        let content = checked_content(&evidence, limit)?;
        let described = described(&evidence);
        let id = self.write(|write| {
            let id = insert_row(
                write,
                question_id,
                choice_id,
                &described,
                content.as_ref(),
                actor,
            )?;
            let file_name = content.as_ref().map(|c| c.name().to_string());
            let size = content.as_ref().map(|c| c.size() as i64);
            let sha256 = content.map(|c| store_content(write, id, c)).transpose()?;
            write.audit(
                actor,
                crate::history::action::EVIDENCE_ADD,
                question_id,
                None,
                Some(&json!({
                    "evidence_id": id,
                    "choice_id": choice_id,
                    "kind": described.kind,
                    "title": described.title,
                    "file_name": file_name,
                    "size_bytes": size,
                    "sha256": sha256,
                    "url": described.url,
                    "excerpt": described.excerpt,
                })),
            )?;
            Ok(id)
        })?;
        self.evidence(id)
    }
}
