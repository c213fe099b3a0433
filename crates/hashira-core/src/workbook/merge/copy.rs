//! `hashira copy`: a copy of the workbook for another reviewer. It keeps the workbook id and
//! the whole audit chain, so the copies merge back (`plan_merge`), and its own first new entry
//! (`workbook.copy`) records who took it, from which file and at which audit head.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::super::file::sync_dir;
use super::super::{DbResult, Workbook};
use crate::error::{Error, Result};

impl Workbook {
    /// Copies the workbook to `dest` (which must not exist) for reviewer `by`. The copy is
    /// `VACUUM INTO` a temporary file beside `dest` — one committed state even while the app
    /// has the workbook open — then the `workbook.copy` entry is written in it and it is
    /// renamed into place, so `dest` is never a half-made copy. Returns the copy's audit head.
    pub fn copy_for_reviewer(&self, dest: &Path, by: &str) -> Result<String> {
        if dest.exists() {
            return Err(Error::WorkbookExists {
                path: dest.to_path_buf(),
            });
        }
        let dir = match dest.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".hashira-copy-")
            .tempfile_in(&dir)
            .map_err(|e| Error::io("cannot create a file in", &dir, e))?;
        let name = temp.path().to_str().ok_or_else(|| {
            Error::io(
                "cannot write a copy to",
                dest,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "SQLite takes only a UTF-8 file name",
                ),
            )
        })?;
        self.conn()
            .execute("VACUUM INTO ?1", [name])
            .db(self.path())?;
        let from = self
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let from_head = self.audit_head()?;
        let mut copy = Workbook::open_for_figures(temp.path(), self.clock.clone())?;
        copy.write(|write| {
            write.audit(
                by,
                crate::history::action::WORKBOOK_COPY,
                &target,
                None,
                Some(&json!({ "from": from, "from_head": from_head, "by": by })),
            )
        })?;
        let head = copy.audit_head()?;
        copy.close()?;
        temp.persist_noclobber(dest).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::WorkbookExists {
                    path: dest.to_path_buf(),
                }
            } else {
                Error::io("cannot write the copy to", dest, e.error)
            }
        })?;
        sync_dir(&dir);
        Ok(head)
    }
}
