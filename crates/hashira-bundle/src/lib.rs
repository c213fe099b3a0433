//! The evidence bundle for hand-over (issue #14 §2): one zip holding a consistent snapshot of
//! the workbook, the PDF report, the answers export, every stored evidence file under
//! `evidence/<set>/<question>/<id>-<name>`, `MANIFEST.json` (every file's SHA-256 and size, the
//! workbook id, the audit chain head, the milestone, the app version, the time) and
//! `SHA256SUMS` (`sha256sum -c` format, covering the manifest too) — and its check.
//!
//! A crate of its own, not part of `hashira-core`: it needs the report and the Excel export,
//! which depend on the core. The CLI (`hashira bundle`) and the app both call it.

mod build;
mod error;
mod manifest;
mod names;
mod verify;

pub use build::{BundleDone, BundleOptions, BundleProgress, build_bundle};
pub use error::{BundleError, Result};
pub use manifest::{MANIFEST_NAME, Manifest, ManifestEvidence, ManifestFile, SUMS_NAME};
pub use names::safe_component;
pub use verify::{BundleCheck, BundleProblem, BundleProblemKind, verify_bundle};
