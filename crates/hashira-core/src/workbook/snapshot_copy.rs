//! A consistent copy of the whole workbook file taken while it stays open (the evidence
//! bundle's snapshot).

use std::path::Path;

use super::{DbResult, Workbook};
use crate::error::{Error, Result};

impl Workbook {
    /// Writes a copy of the whole workbook — rows, evidence, milestones, audit trail — to
    /// `dest`, which must not exist, with SQLite's `VACUUM INTO`. It reads in one transaction,
    /// so the copy is one committed state even while the app or another process has the file
    /// open (their writes wait for it, as for any reader); copying the file's bytes could catch
    /// a write half done. The copy keeps the header's application id and schema version.
    pub fn snapshot_into(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::WorkbookExists {
                path: dest.to_path_buf(),
            });
        }
        let name = dest.to_str().ok_or_else(|| {
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
        Ok(())
    }
}
