//! Hashira's core: question sets, the workbook store (one SQLite file per engagement), answers,
//! evidence, risk scoring and the audit trail. No UI, Excel or PDF code lives here.
//!
//! See `ARCHITECTURE.md` at the repository root for the code map and invariants.

pub mod actor;
pub mod clock;
pub mod demo;
pub mod diff;
pub mod error;
pub mod glossary;
pub mod hashing;
pub mod history;
pub mod improvement;
pub mod lens;
pub mod question_set;
pub mod review;
pub mod risk;
pub mod wa_tool;
pub mod wg;
pub mod workbook;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use question_set::{Lang, LocalizedText, QuestionSet};
pub use risk::{Risk, RiskCounts, RiskSummary};
pub use workbook::Workbook;
