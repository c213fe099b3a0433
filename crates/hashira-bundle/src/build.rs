//! `build_bundle`: the snapshot taken first, and everything else — report, answers export,
//! evidence — read from that snapshot, so the bundle is one state of the workbook even while
//! the app keeps writing to it. Every file is streamed into a STORED zip entry in chunks while
//! its SHA-256 is computed (memory stays flat whatever the evidence weighs); the zip is
//! written under a temporary name beside the output and renamed into place once complete.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hashira_core::clock::format_timestamp;
use hashira_core::hashing::Sha256Stream;
use hashira_core::workbook::EvidenceKind;
use hashira_core::workbook::milestone::ReviewAsOf;
use hashira_core::{Clock, Lang, Workbook};
use hashira_report::{ReportModel, ReportOptions, ReportWarning, render_report};
use serde::Serialize;
use time::OffsetDateTime;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::error::{BundleError, Result};
use crate::manifest::{
    ANSWERS_NAME, FORMAT, MANIFEST_NAME, Manifest, ManifestEvidence, ManifestFile,
    ManifestMilestone, REPORT_NAME, SNAPSHOT_NAME, SUMS_NAME, sums_text,
};
use crate::names::{UniquePaths, safe_component};

/// Bytes read and written per step: large enough for the disk, small enough to stay flat.
const CHUNK: usize = 1024 * 1024;
/// How often progress is reported while a file streams.
const PROGRESS_STEP: u64 = 16 * 1024 * 1024;

pub struct BundleOptions {
    /// The report's language (and its times' zone).
    pub lang: Lang,
    /// Report, answers and evidence as this milestone (name or number) holds them.
    pub milestone: Option<String>,
    /// Replace an existing output (only once the new bundle is complete).
    pub overwrite: bool,
    pub clock: Arc<dyn Clock>,
}

/// How far a bundle has got: bytes streamed of the total (the snapshot and the evidence
/// files: the bulk of the time; the report, the answers export and the manifest are not
/// counted), entries written of all the zip's entries, and the entry being written.
#[derive(Debug, Clone, Serialize)]
pub struct BundleProgress {
    pub done_bytes: u64,
    pub total_bytes: u64,
    /// Entries complete, of `files_total` (`MANIFEST.json` and `SHA256SUMS` included, as in
    /// [`BundleDone::entries`]); equal once the zip is complete.
    pub files_done: usize,
    pub files_total: usize,
    pub current: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BundleDone {
    pub path: String,
    /// Entries of the zip, `MANIFEST.json` and `SHA256SUMS` included.
    pub entries: usize,
    pub evidence_files: usize,
    /// Size of the zip.
    pub bytes: u64,
    pub workbook_id: String,
    pub audit_chain_head: String,
    pub milestone: Option<ManifestMilestone>,
    /// SHA-256 of `SHA256SUMS`, which covers every file and the manifest: the one fingerprint
    /// to hand over by another channel.
    pub sums_sha256: String,
    /// Characters the report font lacks (printed as 〓).
    pub report_warnings: Vec<ReportWarning>,
}

/// Streams what it is given into a zip entry, hashing and counting it, and reports progress.
struct Entry<'a, 'p, W: Write> {
    sink: &'a mut W,
    hasher: Sha256Stream,
    size: u64,
    progress: &'a mut Progress<'p>,
}

impl<W: Write> Write for Entry<'_, '_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.sink.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.size += written as u64;
        self.progress.advance(written as u64);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.sink.flush()
    }
}

struct Progress<'a> {
    state: BundleProgress,
    last_reported: u64,
    report: &'a mut dyn FnMut(&BundleProgress),
}

impl Progress<'_> {
    fn start(&mut self, current: &str) {
        self.state.current = current.to_string();
        self.last_reported = self.state.done_bytes;
        (self.report)(&self.state);
    }

    /// One entry is complete; the next `start` (or `finish`) reports it.
    fn entry_written(&mut self) {
        self.state.files_done += 1;
    }

    /// The zip is complete: reported once more, with every entry done.
    fn finish(&mut self) {
        self.state.current.clear();
        (self.report)(&self.state);
    }

    fn advance(&mut self, bytes: u64) {
        self.state.done_bytes += bytes;
        if self.state.done_bytes - self.last_reported >= PROGRESS_STEP {
            self.last_reported = self.state.done_bytes;
            (self.report)(&self.state);
        }
    }
}

type Zip = ZipWriter<BufWriter<File>>;

/// Writes the bundle of the workbook at `source` to `out`. `progress` is called as entries
/// start and every 16 MiB streamed.
pub fn build_bundle(
    source: &Path,
    out: &Path,
    options: &BundleOptions,
    progress: &mut dyn FnMut(&BundleProgress),
) -> Result<BundleDone> {
    if let (Ok(a), Ok(b)) = (out.canonicalize(), source.canonicalize())
        && a == b
    {
        return Err(BundleError::Exists {
            path: out.to_path_buf(),
        });
    }
    if !options.overwrite && out.exists() {
        return Err(BundleError::Exists {
            path: out.to_path_buf(),
        });
    }
    let dir = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let now = options.clock.now();
    let work = tempfile::Builder::new()
        .prefix(".hashira-bundle-")
        .tempdir_in(&dir)
        .map_err(|e| BundleError::io("create a folder in", &dir, e))?;
    let snapshot = work.path().join(SNAPSHOT_NAME);
    {
        let current = Workbook::open(source, options.clock.clone())?;
        current.snapshot_into(&snapshot)?;
        current.close()?;
    }
    let opened = Workbook::open(&snapshot, options.clock.clone())?;
    let workbook_id = opened.id().to_string();
    let audit_chain_head = opened.audit_head()?;
    let workload_name = opened.workload()?.name;
    let review = match &options.milestone {
        None => ReviewAsOf::Now(opened),
        Some(name) => {
            opened.close()?;
            ReviewAsOf::open(&snapshot, Some(name), options.clock.clone())?
        }
    };
    let milestone = review.milestone().map(|m| ManifestMilestone {
        number: m.number,
        name: m.name.clone(),
    });
    let evidence: Vec<_> = review
        .list_evidence(None)?
        .into_iter()
        .filter(|e| e.kind == EvidenceKind::File)
        .collect();
    let snapshot_size = std::fs::metadata(&snapshot)
        .map_err(|e| BundleError::io("read", &snapshot, e))?
        .len();
    let total_bytes = snapshot_size
        + evidence
            .iter()
            .map(|e| e.size_bytes.unwrap_or(0).max(0) as u64)
            .sum::<u64>();
    let mut progress = Progress {
        state: BundleProgress {
            done_bytes: 0,
            total_bytes,
            files_done: 0,
            // The report, the answers export, the evidence, the snapshot, the manifest, the sums.
            files_total: evidence.len() + 5,
            current: String::new(),
        },
        last_reported: 0,
        report: progress,
    };

    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle.zip".into());
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| BundleError::io("write to", &dir, e))?;
    let (file, temp_path) = temp.into_parts();
    let zip_error =
        |e: zip::result::ZipError| BundleError::io("write", out, std::io::Error::other(e));
    let mut zip: Zip = ZipWriter::new(BufWriter::with_capacity(CHUNK, file));
    let at = zip_time(now);
    let mut files: Vec<ManifestFile> = Vec::new();

    // The report and the answers export, of the review as the bundle shows it.
    progress.start(REPORT_NAME);
    let mut report_options =
        ReportOptions::new(options.lang, ReportOptions::report_time(options.lang, now));
    // A milestone's report says so on its cover, vouched for by the snapshot's own audit chain
    // and `verify` (not by the temporary copy the milestone is read back into).
    let (as_of, _) =
        hashira_report::milestones::read_milestone_inputs(&review, None, options.clock.clone())?;
    report_options.as_of = as_of;
    let model = ReportModel::build(&review, &report_options)?;
    let rendered = render_report(&model)?;
    files.push(write_bytes(
        &mut zip,
        REPORT_NAME,
        &rendered.bytes,
        at,
        &mut progress,
        out,
    )?);
    progress.start(ANSWERS_NAME);
    let answers = work.path().join(ANSWERS_NAME);
    match review.milestone() {
        // Marked as the milestone's (the answers import refuses it: see the README).
        Some(info) => hashira_xlsx::review::export_milestone_review(
            &review,
            info,
            &[],
            &answers,
            &format_timestamp(now),
        )?,
        None => {
            hashira_xlsx::review::export_review(&review, &[], &answers, &format_timestamp(now))?
        }
    };
    files.push(write_file(
        &mut zip,
        ANSWERS_NAME,
        &answers,
        false,
        at,
        &mut progress,
        out,
    )?);

    // Every stored file, straight from its blob into its entry.
    let mut paths = UniquePaths::default();
    let mut listed = Vec::with_capacity(evidence.len());
    for item in &evidence {
        let (set_id, question_id) = match review.find_question(&item.question_id) {
            Ok((set, _, question)) => (set.id().to_string(), question.id.clone()),
            Err(_) => (String::new(), item.question_id.clone()),
        };
        let file_name = item.file_name.clone().unwrap_or_default();
        let folder = format!(
            "evidence/{}/{}",
            safe_component(&set_id),
            safe_component(&question_id)
        );
        let path = paths.claim(
            &folder,
            &safe_component(&format!("{}-{file_name}", item.id)),
        );
        progress.start(&path);
        start_entry(
            &mut zip,
            &path,
            item.size_bytes.unwrap_or(0).max(0) as u64,
            at,
        )
        .map_err(zip_error)?;
        let mut entry = Entry {
            sink: &mut zip,
            hasher: Sha256Stream::new(),
            size: 0,
            progress: &mut progress,
        };
        review.copy_evidence_into(item.id, &mut entry, out)?;
        files.push(ManifestFile {
            path: path.clone(),
            size: entry.size,
            sha256: entry.hasher.finish(),
        });
        progress.entry_written();
        listed.push(ManifestEvidence {
            path,
            evidence_id: item.id,
            set_id,
            question_id,
            choice_id: item.choice_id.clone(),
            file_name,
            title: item.title.clone(),
            added_by: item.added_by.clone(),
            added_at: item.added_at.clone(),
        });
    }
    // Closed before its bytes are copied, so nothing of this process touches it meanwhile.
    drop(review);
    files.push(write_file(
        &mut zip,
        SNAPSHOT_NAME,
        &snapshot,
        true,
        at,
        &mut progress,
        out,
    )?);

    let manifest = Manifest {
        format: FORMAT.to_string(),
        workbook_id: workbook_id.clone(),
        workload_name,
        audit_chain_head: audit_chain_head.clone(),
        milestone: milestone.clone(),
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at: format_timestamp(now),
        lang: match options.lang {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
        .to_string(),
        snapshot: SNAPSHOT_NAME.to_string(),
        files,
        evidence: listed,
    };
    let manifest_text = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| BundleError::io("write", out, std::io::Error::other(e)))?;
    let manifest_entry = write_bytes(
        &mut zip,
        MANIFEST_NAME,
        &manifest_text,
        at,
        &mut progress,
        out,
    )?;
    let sums = sums_text(&manifest.files, &manifest_entry.sha256);
    let sums_entry = write_bytes(&mut zip, SUMS_NAME, sums.as_bytes(), at, &mut progress, out)?;

    let writer = zip.finish().map_err(zip_error)?;
    let file = writer
        .into_inner()
        .map_err(|e| BundleError::io("write", out, e.into_error()))?;
    file.sync_all()
        .map_err(|e| BundleError::io("write", out, e))?;
    let bytes = file
        .metadata()
        .map_err(|e| BundleError::io("write", out, e))?
        .len();
    drop(file);
    let persisted = if options.overwrite {
        temp_path.persist(out)
    } else {
        temp_path.persist_noclobber(out)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            BundleError::Exists {
                path: out.to_path_buf(),
            }
        } else {
            BundleError::io("write", out, e.error)
        }
    })?;
    // The rename survives a power cut only once its folder is synced.
    if let Ok(folder) = File::open(&dir) {
        let _ = folder.sync_all();
    }
    progress.finish();
    Ok(BundleDone {
        path: out.display().to_string(),
        entries: manifest.files.len() + 2,
        evidence_files: manifest.evidence.len(),
        bytes,
        workbook_id,
        audit_chain_head,
        milestone,
        sums_sha256: sums_entry.sha256,
        report_warnings: rendered.warnings,
    })
}

/// A STORED entry: evidence is mostly PDFs, images and archives already compressed, and
/// deflating a gigabyte would cost more time than it saves space.
fn start_entry(
    zip: &mut Zip,
    path: &str,
    size: u64,
    at: zip::DateTime,
) -> zip::result::ZipResult<()> {
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(size >= u64::from(u32::MAX))
        .last_modified_time(at)
        .unix_permissions(0o644);
    zip.start_file(path, options)
}

fn write_bytes(
    zip: &mut Zip,
    path: &str,
    bytes: &[u8],
    at: zip::DateTime,
    progress: &mut Progress<'_>,
    out: &Path,
) -> Result<ManifestFile> {
    write_from(
        zip,
        path,
        &mut &bytes[..],
        bytes.len() as u64,
        false,
        at,
        progress,
        out,
        out,
    )
}

/// `counted`: its bytes are part of [`BundleProgress::total_bytes`] (the snapshot's are).
fn write_file(
    zip: &mut Zip,
    path: &str,
    file: &Path,
    counted: bool,
    at: zip::DateTime,
    progress: &mut Progress<'_>,
    out: &Path,
) -> Result<ManifestFile> {
    let mut reader = File::open(file).map_err(|e| BundleError::io("read", file, e))?;
    let size = reader
        .metadata()
        .map_err(|e| BundleError::io("read", file, e))?
        .len();
    write_from(
        zip,
        path,
        &mut reader,
        size,
        counted,
        at,
        progress,
        file,
        out,
    )
}

#[allow(clippy::too_many_arguments)]
fn write_from(
    zip: &mut Zip,
    path: &str,
    reader: &mut impl Read,
    size: u64,
    counted: bool,
    at: zip::DateTime,
    progress: &mut Progress<'_>,
    source: &Path,
    out: &Path,
) -> Result<ManifestFile> {
    progress.start(path);
    start_entry(zip, path, size, at)
        .map_err(|e| BundleError::io("write", out, std::io::Error::other(e)))?;
    let mut hasher = Sha256Stream::new();
    let mut buffer = vec![0u8; CHUNK];
    let mut written: u64 = 0;
    loop {
        let read = reader
            .read(&mut buffer)
            .map_err(|e| BundleError::io("read", source, e))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        zip.write_all(&buffer[..read])
            .map_err(|e| BundleError::io("write", out, e))?;
        written += read as u64;
        if counted {
            progress.advance(read as u64);
        }
    }
    progress.entry_written();
    Ok(ManifestFile {
        path: path.to_string(),
        size: written,
        sha256: hasher.finish(),
    })
}

/// The entries' time: the bundle's, in UTC (a zip stores no zone).
fn zip_time(now: OffsetDateTime) -> zip::DateTime {
    let utc = now.to_offset(time::UtcOffset::UTC);
    zip::DateTime::from_date_and_time(
        u16::try_from(utc.year()).unwrap_or(1980),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
    )
    .unwrap_or_default()
}
