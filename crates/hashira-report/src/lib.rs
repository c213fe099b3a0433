//! Hashira's PDF review report.
//!
//! Two steps, kept apart so the content can be tested without PDF and the layout changed
//! without touching the content:
//!
//! 1. [`ReportModel::build`] reads a workbook into plain serializable data (cover, summary,
//!    workload, answers, improvement plan, FISC coverage, WG evaluations, sign-off), with every
//!    text already in the report's language;
//! 2. [`render::render`] lays that model out on A4 pages with printpdf ops, embedding a subset
//!    of BIZ UDPGothic (SIL OFL 1.1, `ui/public/fonts/OFL.txt`, the app's UI font); characters
//!    the font lacks are printed as 〓 and returned as [`ReportWarning`]s by
//!    [`render::render_report`].
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use hashira_core::{Lang, SystemClock, Workbook};
//! # use hashira_report::{ReportModel, ReportOptions};
//! let workbook = Workbook::open("review.hashira".as_ref(), Arc::new(SystemClock))?;
//! let options = ReportOptions::new(Lang::Ja, time::OffsetDateTime::now_utc());
//! let pdf = hashira_report::render(&ReportModel::build(&workbook, &options)?)?;
//! std::fs::write("review.pdf", pdf).map_err(|e| hashira_report::ReportError::Io {
//!     action: "cannot write", path: "review.pdf".into(), source: e })?;
//! # Ok::<(), hashira_report::ReportError>(())
//! ```

mod counts;
pub mod error;
pub mod i18n;
pub mod linebreak;
pub mod milestones;
pub mod model;
pub mod render;
pub mod warning;

pub use error::{ReportError, Result};
pub use model::{ReportModel, ReportOptions};
pub use render::{RenderedReport, render, render_report};
pub use warning::ReportWarning;

/// Builds the model and renders it: the PDF bytes of the report.
pub fn report_pdf(workbook: &hashira_core::Workbook, options: &ReportOptions) -> Result<Vec<u8>> {
    render(&ReportModel::build(workbook, options)?)
}
