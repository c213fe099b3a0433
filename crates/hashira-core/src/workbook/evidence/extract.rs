//! Stored evidence files read back: saved to disk (checked, then renamed into place) and
//! re-hashed by `verify`. Both stream the blob through one reader that hashes as it copies.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::hashing::Sha256Stream;
use rusqlite::OptionalExtension;

use super::{COPY_CHUNK, Evidence, EvidenceKind};
use crate::error::{Error, Result};
use crate::workbook::file::sync_dir;
use crate::workbook::{DbResult, Workbook};

/// What a stored file's content turned out to be as it was streamed.
struct Streamed {
    size: i64,
    sha256: String,
}

impl Workbook {
    /// Streams the stored content of evidence `evidence_id` into `sink` (named `sink_path` in
    /// messages). `None` when the workbook has no content row for it.
    fn stream_content(
        &self,
        evidence_id: i64,
        sink: &mut impl Write,
        sink_path: &Path,
    ) -> Result<Option<Streamed>> {
        let rowid: Option<i64> = self
            .conn()
            .query_row(
                "SELECT rowid FROM evidence_blob WHERE evidence_id = ?1",
                [evidence_id],
                |r| r.get(0),
            )
            .optional()
            .db(self.path())?;
        let Some(rowid) = rowid else {
            return Ok(None);
        };
        let mut blob = self
            .conn()
            .blob_open("main", "evidence_blob", "content", rowid, true)
            .db(self.path())?;
        let mut hasher = Sha256Stream::new();
        let mut buffer = vec![0u8; COPY_CHUNK];
        let mut size: i64 = 0;
        loop {
            let read = blob
                .read(&mut buffer)
                .map_err(|e| Error::io("cannot read", self.path(), e))?;
            if read == 0 {
                break;
            }
            size += read as i64;
            hasher.update(&buffer[..read]);
            sink.write_all(&buffer[..read])
                .map_err(|e| Error::io("cannot write", sink_path, e))?;
        }
        Ok(Some(Streamed {
            size,
            sha256: hasher.finish(),
        }))
    }

    /// Saves a stored file at `output`. The content is written to a temporary file beside it,
    /// checked against the recorded size and SHA-256, fsynced and only then renamed into
    /// place, so an existing `output` is never deleted or truncated before a complete, verified
    /// copy replaces it; a damaged stored file writes nothing. An existing `output` is refused
    /// unless `overwrite` (the app's save dialog has already asked; the CLI's `--force`).
    pub fn extract_evidence(
        &self,
        evidence_id: i64,
        output: &Path,
        overwrite: bool,
    ) -> Result<Evidence> {
        let evidence = self.evidence(evidence_id)?;
        if evidence.kind != EvidenceKind::File {
            return Err(not_a_file(&evidence));
        }
        if !overwrite && output.exists() {
            return Err(already_there(output));
        }
        let dir = match output.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut temp = tempfile::Builder::new()
            .prefix(".hashira-extract-")
            .tempfile_in(&dir)
            .map_err(|e| Error::io("cannot write to", &dir, e))?;
        let streamed = self.stream_content(evidence_id, &mut temp, output)?;
        self.check_streamed(&evidence, streamed)?;
        temp.as_file()
            .sync_all()
            .map_err(|e| Error::io("cannot write", output, e))?;
        if overwrite {
            temp.persist(output)
                .map_err(|e| Error::io("cannot write", output, e.error))?;
        } else {
            temp.persist_noclobber(output).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    already_there(output)
                } else {
                    Error::io("cannot write", output, e.error)
                }
            })?;
        }
        // The rename itself survives a power cut only once its folder is synced.
        sync_dir(&dir);
        Ok(evidence)
    }

    /// Streams stored file `evidence_id` into `sink` (named `sink_path` in messages) in chunks
    /// — a bundle's zip entry — and then checks what was streamed against the recorded size and
    /// SHA-256. On an error the caller must discard what `sink` received: the check can only
    /// come after the last byte.
    pub fn copy_evidence_into(
        &self,
        evidence_id: i64,
        sink: &mut impl Write,
        sink_path: &Path,
    ) -> Result<Evidence> {
        let evidence = self.evidence(evidence_id)?;
        if evidence.kind != EvidenceKind::File {
            return Err(not_a_file(&evidence));
        }
        let streamed = self.stream_content(evidence_id, sink, sink_path)?;
        self.check_streamed(&evidence, streamed)?;
        Ok(evidence)
    }

    /// A stored file's content as streamed, against its record: missing, or another size or
    /// SHA-256, is `WORKBOOK_CORRUPT` naming the item.
    fn check_streamed(&self, evidence: &Evidence, streamed: Option<Streamed>) -> Result<()> {
        let corrupt = |reason: String| Error::WorkbookCorrupt {
            path: self.path().to_path_buf(),
            reason: format!("evidence {}: {reason}; nothing was written", evidence.id),
        };
        let streamed = streamed.ok_or_else(|| corrupt("the stored file is missing".into()))?;
        if Some(streamed.size) != evidence.size_bytes
            || evidence.sha256.as_deref() != Some(streamed.sha256.as_str())
        {
            return Err(corrupt(format!(
                "the stored file ({} bytes) does not match its recorded size ({} bytes) and SHA-256",
                streamed.size,
                evidence.size_bytes.unwrap_or(0)
            )));
        }
        Ok(())
    }

    /// Unknown kinds and, for every stored file, a missing content or one whose size or
    /// SHA-256 differs from the record; one message each.
    pub(in crate::workbook) fn evidence_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut statement = self
            .conn()
            .prepare("SELECT id, kind, file_name, size_bytes, sha256 FROM evidence ORDER BY id")
            .db(self.path())?;
        type Row = (i64, String, Option<String>, Option<i64>, Option<String>);
        let rows: Vec<Row> = statement
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .db(self.path())?
            .collect::<rusqlite::Result<_>>()
            .db(self.path())?;
        for (id, kind, file_name, size_bytes, sha256) in rows {
            match EvidenceKind::parse(&kind) {
                Some(EvidenceKind::File) => {}
                Some(_) => continue,
                None => {
                    problems.push(format!(
                        "table evidence, row {id}: unknown evidence kind '{kind}'"
                    ));
                    continue;
                }
            }
            let name = file_name.as_deref().unwrap_or("");
            let Some(streamed) = self.stream_content(id, &mut std::io::sink(), self.path())? else {
                problems.push(format!("evidence {id}: the stored file is missing"));
                continue;
            };
            if Some(streamed.size) != size_bytes {
                problems.push(format!(
                    "evidence {id} ({name}): stored size {} differs from the recorded {}",
                    streamed.size,
                    size_bytes.unwrap_or(0)
                ));
            }
            if sha256.as_deref() != Some(streamed.sha256.as_str()) {
                problems.push(format!(
                    "evidence {id} ({name}): SHA-256 of the stored file does not match the recorded hash"
                ));
            }
        }
        Ok(problems)
    }
}

fn not_a_file(evidence: &Evidence) -> Error {
    Error::InvalidEvidence {
        message: format!(
            "evidence {} is a {:?}, not a stored file",
            evidence.id, evidence.kind
        )
        .to_lowercase(),
    }
}

fn already_there(output: &Path) -> Error {
    Error::io(
        "will not overwrite",
        output,
        std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "a file is already there (it was left as it is)",
        ),
    )
}
