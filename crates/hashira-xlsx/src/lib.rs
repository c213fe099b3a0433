//! Excel for Hashira: the セキュリティリスク評価共同化WG's per-service evaluation workbooks
//! (import, printable export, template) and the review's answers (export, re-import).
//!
//! Safety rules kept everywhere: text is always written as a string, never a formula; imported
//! formulas are read as their cached values, never evaluated; files are checked (size, zip
//! directory, sheet/row/cell limits) before they are parsed; an import is all or nothing.

pub mod error;
pub mod read;
pub mod review;
pub mod table;
pub mod text;
pub mod wg;
pub mod write;

pub use error::{Problem, Result, XlsxError};
pub use read::{Book, Limits};
