//! A bundle handed over (`hashira bundle verify`): any bytes checked as the bundle zip.

use std::io::Read;
use std::path::Path;

use hashira_bundle::{MANIFEST_NAME, verify_bundle};
use hashira_core::ErrorCode;
use hashira_core::hashing::sha256_hex;
use serde_json::Value;

use crate::{Scratch, clock, file_sha256};

/// What the input file is called: every refusal must name it.
const FILE: &str = "handed-over.zip";

/// What a bundle check saw (the invariants held either way): the replay test uses it to
/// prove its seeds reach each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleOutcome {
    /// Not a readable bundle: refused with `BUNDLE_INVALID`.
    Refused,
    /// Read, with problems reported.
    Problems,
    /// Read, and every check passed.
    Verified,
}

/// `verify_bundle` either refuses the file with `BUNDLE_INVALID` naming it, or reports: `ok`
/// exactly when it lists no problem, each problem naming a file of the bundle and saying
/// something. A bundle reported ok has every file its manifest lists, with that size and
/// SHA-256 (read back here on its own with the zip crate). The file is never changed, and
/// nothing is left beside it (the snapshot is checked in a temporary file elsewhere).
/// Memory stays bounded: libFuzzer's RSS limit catches an entry inflated unbounded.
pub fn check_bundle_verify(bytes: &[u8]) -> BundleOutcome {
    let scratch = Scratch::new();
    let path = scratch.file(FILE, bytes);
    let before = file_sha256(&path);
    let outcome = match verify_bundle(&path, clock()) {
        Err(e) => {
            let payload = e.payload();
            assert_eq!(
                payload.code,
                ErrorCode::BundleInvalid,
                "bundle verify: refused with {} instead of BUNDLE_INVALID: {e}",
                payload.code
            );
            assert!(
                payload.message.contains(FILE),
                "bundle verify: the refusal does not name the file: {e}"
            );
            BundleOutcome::Refused
        }
        Ok(check) => {
            assert_eq!(
                check.ok,
                check.problems.is_empty(),
                "bundle verify: ok must be true exactly when there is no problem: {:?}",
                check.problems
            );
            for problem in &check.problems {
                assert!(
                    !problem.path.is_empty() && !problem.message.trim().is_empty(),
                    "bundle verify: a problem that names no file or says nothing: {problem:?}"
                );
            }
            if check.ok {
                assert_manifest_holds(&path);
                BundleOutcome::Verified
            } else {
                BundleOutcome::Problems
            }
        }
    };
    assert_eq!(
        file_sha256(&path),
        before,
        "bundle verify: the bundle file was changed"
    );
    let left: Vec<String> = match std::fs::read_dir(scratch.dir.path()) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name != FILE)
            .collect(),
        Err(e) => panic!("setup: cannot list the scratch directory: {e}"),
    };
    assert!(
        left.is_empty(),
        "bundle verify: wrote beside the bundle: {left:?}"
    );
    outcome
}

/// Every file the manifest lists is in the zip (once), with the listed size and SHA-256.
fn assert_manifest_holds(path: &Path) {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => panic!("setup: cannot read {}: {e}", path.display()),
    };
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(archive) => archive,
        Err(e) => panic!("bundle verify: reported ok, but the zip crate cannot read it: {e}"),
    };
    let manifest: Value = match serde_json::from_slice(&read(&mut archive, MANIFEST_NAME)) {
        Ok(manifest) => manifest,
        Err(e) => panic!("bundle verify: reported ok, but {MANIFEST_NAME} is not JSON: {e}"),
    };
    let Some(files) = manifest["files"].as_array() else {
        panic!("bundle verify: reported ok, but {MANIFEST_NAME} lists no files");
    };
    assert!(
        !files.is_empty(),
        "bundle verify: reported ok, but {MANIFEST_NAME} lists no file"
    );
    for listed in files {
        let name = listed["path"].as_str().unwrap_or_default();
        let named = archive
            .file_names()
            .filter(|n| n.as_deref().is_ok_and(|n| n == name))
            .count();
        assert_eq!(
            named, 1,
            "bundle verify: reported ok, but the zip holds {name:?} {named} times"
        );
        let content = read(&mut archive, name);
        assert_eq!(
            Some(content.len() as u64),
            listed["size"].as_u64(),
            "bundle verify: reported ok, but {name} is not of its listed size"
        );
        assert_eq!(
            Some(sha256_hex(&content).as_str()),
            listed["sha256"].as_str(),
            "bundle verify: reported ok, but {name} is not of its listed SHA-256"
        );
    }
}

/// Entry `name` read whole (a bundle reported ok holds it at its listed size, which the
/// fuzzed inputs keep small).
fn read<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>, name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    match archive.by_name(name) {
        Ok(mut entry) => {
            if let Err(e) = entry.read_to_end(&mut bytes) {
                panic!("bundle verify: reported ok, but {name} cannot be read: {e}");
            }
        }
        Err(e) => panic!("bundle verify: reported ok, but {name} is not in the zip: {e}"),
    }
    bytes
}
