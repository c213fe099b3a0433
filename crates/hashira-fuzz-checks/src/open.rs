//! Any bytes opened as a workbook (a file mailed around, truncated or not a workbook at all).

use hashira_core::{ErrorCode, Workbook};

use crate::{Scratch, clock, file_sha256};

/// The codes a file that is not a usable workbook may be refused with.
const REFUSALS: [ErrorCode; 3] = [
    ErrorCode::NotAWorkbook,
    ErrorCode::WorkbookCorrupt,
    ErrorCode::WorkbookTooNew,
];

/// Opening fails with one of [`REFUSALS`] naming the file (a file refused as not a workbook or
/// too new is left byte-identical), or opens, and then `verify` answers (a report, or one of
/// the refusals) without panicking.
pub fn check_open_workbook(bytes: &[u8]) {
    let scratch = Scratch::new();
    let path = scratch.file("mailed.hashira", bytes);
    let before = file_sha256(&path);
    match Workbook::open(&path, clock()) {
        Err(e) => {
            let message = e.to_string();
            assert!(
                REFUSALS.contains(&e.code()),
                "open: refused with {} instead of a clear code: {message}",
                e.code()
            );
            assert!(
                message.contains("mailed.hashira"),
                "open: the error does not name the file: {message}"
            );
            if matches!(
                e.code(),
                ErrorCode::NotAWorkbook | ErrorCode::WorkbookTooNew
            ) {
                assert_eq!(
                    file_sha256(&path),
                    before,
                    "open: a file refused as {} was modified",
                    e.code()
                );
            }
        }
        Ok(workbook) => {
            if let Err(e) = workbook.verify() {
                assert!(
                    REFUSALS.contains(&e.code()),
                    "verify: failed with {} instead of reporting the problem: {e}",
                    e.code()
                );
            }
        }
    }
}
