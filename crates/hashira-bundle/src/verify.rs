//! `verify_bundle`: every file the manifest lists is there with its size and SHA-256, nothing
//! else is, `SHA256SUMS` says what the manifest says, and the workbook snapshot inside opens,
//! passes the workbook's own `verify` and its audit chain ends at the head the manifest
//! records. A file that is not a readable bundle (not a zip, damaged, no manifest, over a
//! limit) is an error, never a crash; nothing is read beyond what the manifest declares.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;
use std::sync::Arc;

use hashira_core::hashing::Sha256Stream;
use hashira_core::{Clock, Workbook};
use serde::Serialize;
use zip::ZipArchive;

use crate::error::{BundleError, Result};
use crate::manifest::{FORMAT, MANIFEST_NAME, Manifest, ManifestMilestone, SUMS_NAME, sums_text};

/// More entries than any real review has evidence files: refused before anything is read.
const MAX_ENTRIES: usize = 1_000_000;
/// `MANIFEST.json` and `SHA256SUMS` are read whole; past this they are refused.
const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;
/// A compressed entry expanding more than this many times is refused unread (a zip bomb; a
/// bundle stores its files uncompressed, and text rarely deflates past 20:1).
const MAX_RATIO: u64 = 100;
const CHUNK: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BundleProblemKind {
    /// The manifest lists it; the zip does not have it.
    Missing,
    /// The zip has it; the manifest does not list it.
    Extra,
    /// Its size or SHA-256 is not the manifest's (or it cannot be read back).
    Changed,
    /// The snapshot's audit chain does not end at the recorded head, or it is another workbook.
    AuditChain,
    /// The snapshot does not open, or the workbook's `verify` finds a problem in it.
    Snapshot,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleProblem {
    pub kind: BundleProblemKind,
    /// The file of the bundle it is about.
    pub path: String,
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BundleCheck {
    pub ok: bool,
    pub path: String,
    pub workbook_id: String,
    pub audit_chain_head: String,
    pub milestone: Option<ManifestMilestone>,
    pub created_at: String,
    pub app_version: String,
    /// Files of the manifest found and compared.
    pub files_checked: usize,
    pub problems: Vec<BundleProblem>,
}

/// How a problem names a zip entry or manifest path that is the empty string (a damaged or
/// hand-made zip has one): never as nothing.
const EMPTY_NAME: &str = "\"\" (an empty name)";

/// A problem about the bundle's file `path`; every `message` starts with that path, which an
/// empty one gets named by [`EMPTY_NAME`] in both.
fn problem(
    kind: BundleProblemKind,
    path: &str,
    message: String,
    expected: Option<String>,
    found: Option<String>,
) -> BundleProblem {
    let (path, message) = match path {
        "" => (EMPTY_NAME.to_string(), format!("{EMPTY_NAME}{message}")),
        path => (path.to_string(), message),
    };
    BundleProblem {
        kind,
        path,
        message,
        expected,
        found,
    }
}

/// What one entry turned out to hold.
struct Read_ {
    size: u64,
    sha256: String,
}

/// Checks the bundle at `path` (see the module's documentation).
pub fn verify_bundle(path: &Path, clock: Arc<dyn Clock>) -> Result<BundleCheck> {
    let file = File::open(path).map_err(|e| BundleError::io("read", path, e))?;
    let mut archive = ZipArchive::new(BufReader::with_capacity(CHUNK, file))
        .map_err(|e| BundleError::invalid(path, format!("not a readable zip file ({e})")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(BundleError::invalid(
            path,
            format!("{} entries, over the limit of {MAX_ENTRIES}", archive.len()),
        ));
    }
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (i, name) in archive.file_names().enumerate() {
        let name = name
            .map_err(|e| {
                BundleError::invalid(path, format!("entry {i} has no readable name ({e})"))
            })?
            .into_owned();
        if index.insert(name.clone(), i).is_some() {
            problems.push(problem(
                BundleProblemKind::Extra,
                &name,
                format!("{name}: the zip holds it more than once"),
                None,
                None,
            ));
        }
    }
    let manifest_index = *index
        .get(MANIFEST_NAME)
        .ok_or_else(|| BundleError::invalid(path, format!("it has no {MANIFEST_NAME}")))?;
    let manifest_bytes = read_text(&mut archive, manifest_index, path, MANIFEST_NAME)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        BundleError::invalid(path, format!("{MANIFEST_NAME} does not read as one ({e})"))
    })?;
    if manifest.format != FORMAT {
        return Err(BundleError::invalid(
            path,
            format!(
                "{MANIFEST_NAME} is of format '{}'; this build reads '{FORMAT}'",
                manifest.format
            ),
        ));
    }
    let mut manifest_sha = Sha256Stream::new();
    manifest_sha.update(&manifest_bytes);
    let manifest_sha256 = manifest_sha.finish();

    let snapshot_copy = tempfile::Builder::new()
        .prefix("hashira-bundle-snapshot-")
        .suffix(".hashira")
        .tempfile()
        .map_err(|e| BundleError::io("create a temporary file for", path, e))?;
    let mut snapshot_ok = false;
    let mut files_checked = 0;
    for listed in &manifest.files {
        let Some(&i) = index.get(&listed.path) else {
            problems.push(problem(
                BundleProblemKind::Missing,
                &listed.path,
                format!("{}: missing from the bundle", listed.path),
                Some(listed.sha256.clone()),
                None,
            ));
            continue;
        };
        files_checked += 1;
        let is_snapshot = listed.path == manifest.snapshot;
        let mut tee: Option<&File> = is_snapshot.then(|| snapshot_copy.as_file());
        match read_entry(&mut archive, i, listed.size, &mut tee) {
            Ok(found) if found.size == listed.size && found.sha256 == listed.sha256 => {
                snapshot_ok |= is_snapshot;
            }
            Ok(found) => problems.push(problem(
                BundleProblemKind::Changed,
                &listed.path,
                format!(
                    "{}: changed ({} bytes, SHA-256 {} where the manifest records {} bytes, {})",
                    listed.path, found.size, found.sha256, listed.size, listed.sha256
                ),
                Some(listed.sha256.clone()),
                Some(found.sha256),
            )),
            Err(reason) => problems.push(problem(
                BundleProblemKind::Changed,
                &listed.path,
                format!("{}: cannot be read back ({reason})", listed.path),
                Some(listed.sha256.clone()),
                None,
            )),
        }
    }
    let listed: std::collections::HashSet<&str> =
        manifest.files.iter().map(|f| f.path.as_str()).collect();
    let mut extra: Vec<&String> = index
        .keys()
        .filter(|name| {
            !name.ends_with('/')
                && name.as_str() != MANIFEST_NAME
                && name.as_str() != SUMS_NAME
                && !listed.contains(name.as_str())
        })
        .collect();
    extra.sort();
    for name in extra {
        problems.push(problem(
            BundleProblemKind::Extra,
            name,
            format!("{name}: in the bundle but not in its manifest"),
            None,
            None,
        ));
    }
    match index.get(SUMS_NAME) {
        None => problems.push(problem(
            BundleProblemKind::Missing,
            SUMS_NAME,
            format!("{SUMS_NAME}: missing from the bundle"),
            None,
            None,
        )),
        Some(&i) => {
            let expected = sums_text(&manifest.files, &manifest_sha256);
            let found = read_text(&mut archive, i, path, SUMS_NAME)?;
            if found != expected.as_bytes() {
                problems.push(problem(
                    BundleProblemKind::Changed,
                    SUMS_NAME,
                    format!("{SUMS_NAME}: does not list what {MANIFEST_NAME} lists"),
                    None,
                    None,
                ));
            }
        }
    }
    if snapshot_ok {
        problems.extend(check_snapshot(snapshot_copy.path(), &manifest, clock));
    }
    Ok(BundleCheck {
        ok: problems.is_empty(),
        path: path.display().to_string(),
        workbook_id: manifest.workbook_id,
        audit_chain_head: manifest.audit_chain_head,
        milestone: manifest.milestone,
        created_at: manifest.created_at,
        app_version: manifest.app_version,
        files_checked,
        problems,
    })
}

/// The snapshot (already matched to its SHA-256) opened: the same workbook, its chain ending
/// at the recorded head, and every problem the workbook's `verify` finds.
fn check_snapshot(copy: &Path, manifest: &Manifest, clock: Arc<dyn Clock>) -> Vec<BundleProblem> {
    let name = manifest.snapshot.as_str();
    let snapshot =
        |message: String| problem(BundleProblemKind::Snapshot, name, message, None, None);
    let workbook = match Workbook::open(copy, clock) {
        Ok(workbook) => workbook,
        Err(e) => {
            return vec![snapshot(format!(
                "{name}: does not open as a workbook ({e})"
            ))];
        }
    };
    let mut problems = Vec::new();
    if workbook.id() != manifest.workbook_id {
        problems.push(problem(
            BundleProblemKind::AuditChain,
            name,
            format!("{name}: another workbook than the manifest names"),
            Some(manifest.workbook_id.clone()),
            Some(workbook.id().to_string()),
        ));
    }
    match workbook.audit_head() {
        Ok(head) if head == manifest.audit_chain_head => {}
        Ok(head) => problems.push(problem(
            BundleProblemKind::AuditChain,
            name,
            format!(
                "{name}: its audit chain ends at {head}, not at the recorded head {}",
                manifest.audit_chain_head
            ),
            Some(manifest.audit_chain_head.clone()),
            Some(head),
        )),
        Err(e) => problems.push(snapshot(format!("{name}: no audit chain head ({e})"))),
    }
    match workbook.verify() {
        Ok(report) => problems.extend(report.problems.into_iter().map(|p| {
            let kind = if p.kind == hashira_core::workbook::ProblemKind::AuditTrail {
                BundleProblemKind::AuditChain
            } else {
                BundleProblemKind::Snapshot
            };
            problem(
                kind,
                name,
                format!("{name}: {:?}: {}", p.kind, p.message),
                None,
                None,
            )
        })),
        Err(e) => problems.push(snapshot(format!("{name}: cannot be verified ({e})"))),
    }
    problems
}

/// Entry `i` streamed through SHA-256 (and into `tee` if given), reading at most one byte
/// past `declared`: a longer entry is reported changed without being read to its end.
fn read_entry<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    i: usize,
    declared: u64,
    tee: &mut Option<&File>,
) -> std::result::Result<Read_, String> {
    let entry = archive.by_index(i).map_err(|e| e.to_string())?;
    if entry.compression() != zip::CompressionMethod::Stored
        && entry.size() / entry.compressed_size().max(1) > MAX_RATIO
    {
        return Err(format!(
            "it expands {} bytes to {}, over {MAX_RATIO} times: refused unread",
            entry.compressed_size(),
            entry.size()
        ));
    }
    let mut limited = entry.take(declared.saturating_add(1));
    let mut hasher = Sha256Stream::new();
    let mut buffer = vec![0u8; CHUNK];
    let mut size: u64 = 0;
    loop {
        let read = limited.read(&mut buffer).map_err(|e| e.to_string())?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        if let Some(file) = tee {
            file.write_all(&buffer[..read]).map_err(|e| e.to_string())?;
        }
        size += read as u64;
    }
    Ok(Read_ {
        size,
        sha256: hasher.finish(),
    })
}

/// A small text entry read whole, refused past [`MAX_TEXT_BYTES`].
fn read_text<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    i: usize,
    path: &Path,
    name: &str,
) -> Result<Vec<u8>> {
    let entry = archive
        .by_index(i)
        .map_err(|e| BundleError::invalid(path, format!("{name} cannot be read ({e})")))?;
    if entry.size() > MAX_TEXT_BYTES {
        return Err(BundleError::invalid(
            path,
            format!(
                "{name} is {} bytes, over the limit of {MAX_TEXT_BYTES}",
                entry.size()
            ),
        ));
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| BundleError::invalid(path, format!("{name} cannot be read ({e})")))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(BundleError::invalid(
            path,
            format!("{name} is over the limit of {MAX_TEXT_BYTES} bytes"),
        ));
    }
    Ok(bytes)
}
