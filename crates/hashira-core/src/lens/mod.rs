//! AWS Well-Architected Tool custom lenses (the *Lens format specification*, `schemaVersion`
//! "2021-11-01"), offline: the file's model ([`model`]), a validator that lists every problem
//! with its JSON path ([`check`]), and a question set exported as a lens ([`export`], with the
//! risk rules rewritten by [`rules`]).
//!
//! Not applicable: in Hashira a choice marked not applicable counts as satisfied (true in a
//! condition, see `questions/README.md`). The WA Tool records a choice's status as SELECTED,
//! NOT_APPLICABLE or UNSELECTED (`ChoiceUpdate`); the documentation we could consult does not say
//! how its risk rules read a NOT_APPLICABLE choice (searched 2026-12-05: the user guide's *Lens
//! format specification*, the API reference's `ChoiceUpdate`, `ChoiceAnswer` and `AnswerSummary`,
//! the Well-Architected Labs custom-lens lab; none says). An export therefore keeps the rules'
//! meaning over *satisfied* choices: they give Hashira's risk when every satisfied choice is
//! selected in the WA Tool. A reviewer who marks a best practice not applicable there should
//! compare the question's risk with Hashira's.

pub mod add;
pub mod check;
mod duplicate_keys;
pub mod export;
mod fallback;
pub mod import;
pub mod model;
mod path;
mod problem;
pub mod rules;

use std::io::{Read, Write};
use std::path::Path;

pub use add::{LensImportError, LensPreview, read_lens_file};
pub use check::{LensProblem, MAX_LENS_BYTES, MAX_READ_BYTES, Severity, check_lens_bytes};
pub use export::{LensFile, export_lens, lens_file, lens_id, lens_text};
pub use fallback::LanguageFallback;
pub use import::{LensImport, LensRefused, free_set_id, lens_to_set};
pub use model::Lens;
use problem::too_big;

use crate::error::{Error, Result};

/// Every problem of the lens file at `path`. A file over [`MAX_READ_BYTES`] is refused without
/// being parsed (one problem); a file that cannot be read is an error.
pub fn check_lens_file(path: &Path) -> Result<Vec<LensProblem>> {
    let io = |source| Error::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_READ_BYTES {
        return Ok(vec![too_big(size)]);
    }
    let mut bytes = Vec::new();
    // `take`: a file that grows (or a device) is still read no further than the limit.
    Read::by_ref(&mut file)
        .take(MAX_READ_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Ok(vec![too_big(bytes.len() as u64)]);
    }
    Ok(check_lens_bytes(&bytes))
}

/// Writes `text` to `path` as a new file: built under a temporary name and renamed into
/// place, never over an existing file.
pub fn write_lens_file(text: &str, path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        action: "cannot write",
        path: path.to_path_buf(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(directory).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    file.persist_noclobber(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests;
