//! Reading a milestone: its copy opened as a workbook, readable only.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::MilestoneInfo;
use super::snapshot::restore;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::workbook::evidence::Evidence;
use crate::workbook::{DbResult, Workbook};

/// The review as milestone `info` holds it: a [`Workbook`] read from the milestone's snapshot
/// (a temporary copy, deleted when the view is dropped), readable through `Deref` only.
pub struct MilestoneView {
    workbook: Workbook,
    info: MilestoneInfo,
    origin: PathBuf,
    _copy: tempfile::TempPath,
}

impl std::fmt::Debug for MilestoneView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MilestoneView")
            .field("origin", &self.origin)
            .field("milestone", &self.info.name)
            .finish()
    }
}

impl Deref for MilestoneView {
    type Target = Workbook;

    fn deref(&self) -> &Workbook {
        &self.workbook
    }
}

impl MilestoneView {
    /// Opens milestone `name` (or number) of the workbook at `path`.
    pub fn open(path: &Path, name: &str, clock: Arc<dyn Clock>) -> Result<MilestoneView> {
        let current = Workbook::open(path, clock)?;
        let view = MilestoneView::open_in(&current, name)?;
        current.close()?;
        Ok(view)
    }

    /// Opens milestone `name` (or number) of the open workbook `current`. Its sets whose text
    /// is the one in force now are taken from `current` instead of being parsed again (most of
    /// the cost of reading a milestone of a large set back: BENCHMARKS.md "Milestones and
    /// diff"); so opening two milestones of one workbook (a diff) parses each text once.
    pub fn open_in(current: &Workbook, name: &str) -> Result<MilestoneView> {
        MilestoneView::open_milestone(current, current.milestone(name)?)
    }

    /// [`MilestoneView::open_in`] of the milestone `info` lists.
    pub fn open_milestone(current: &Workbook, info: MilestoneInfo) -> Result<MilestoneView> {
        let path = current.path();
        let bytes = current.recorded_snapshot(&info)?;
        let corrupt = |reason: String| Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason: format!("milestone {} '{}' {reason}", info.number, info.name),
        };
        let copy = tempfile::Builder::new()
            .prefix("hashira-milestone-")
            .suffix(".hashira")
            .tempfile()
            .map_err(|e| Error::io("cannot create a temporary file for", path, e))?
            .into_temp_path();
        let sets = restore(&copy, path, &bytes, info.audit_seq, current.question_sets())
            .map_err(|e| corrupt(format!("cannot be read back: {e}")))?;
        let workbook =
            Workbook::open_with_sets(&copy, current.clock.clone(), sets).map_err(|e| {
                Error::WorkbookCorrupt {
                    path: path.to_path_buf(),
                    reason: format!(
                        "milestone {} '{}' cannot be opened: {e}",
                        info.number, info.name
                    ),
                }
            })?;
        Ok(MilestoneView {
            workbook,
            info,
            origin: path.to_path_buf(),
            _copy: copy,
        })
    }

    pub fn info(&self) -> &MilestoneInfo {
        &self.info
    }

    /// The workbook file the milestone belongs to.
    pub fn origin(&self) -> &Path {
        &self.origin
    }

    /// Saves a stored file the milestone lists, as [`Workbook::extract_evidence`] does: its
    /// content from the current review's copy or the retained one, checked against the
    /// milestone's record of its size and SHA-256.
    pub fn extract_evidence(
        &self,
        evidence_id: i64,
        output: &Path,
        overwrite: bool,
    ) -> Result<Evidence> {
        self.bring_content(evidence_id)?;
        self.workbook
            .extract_evidence(evidence_id, output, overwrite)
    }

    /// Streams a stored file the milestone lists into `sink`, as
    /// [`Workbook::copy_evidence_into`] does (a bundle of the milestone).
    pub fn copy_evidence_into(
        &self,
        evidence_id: i64,
        sink: &mut impl std::io::Write,
        sink_path: &Path,
    ) -> Result<Evidence> {
        self.bring_content(evidence_id)?;
        self.workbook
            .copy_evidence_into(evidence_id, sink, sink_path)
    }

    /// Copies the content of a file the milestone lists into the milestone's copy, from the
    /// current review's row or the retained content with the recorded SHA-256.
    fn bring_content(&self, evidence_id: i64) -> Result<()> {
        let evidence = self.workbook.evidence(evidence_id)?;
        if let Some(sha256) = evidence.sha256.as_deref() {
            let conn = self.workbook.conn();
            let copy = self.workbook.path();
            let origin = self.origin.to_string_lossy().into_owned();
            conn.execute("ATTACH DATABASE ?1 AS origin", [&origin])
                .db(copy)?;
            let copied = conn
                .execute(
                    "INSERT OR REPLACE INTO main.evidence_blob (evidence_id, content) \
                     SELECT ?1, content FROM ( \
                       SELECT b.content FROM origin.evidence_blob b \
                       JOIN origin.evidence e ON e.id = b.evidence_id \
                       WHERE b.evidence_id = ?1 AND e.sha256 = ?2 \
                       UNION ALL SELECT content FROM origin.evidence_retained WHERE sha256 = ?2 \
                       LIMIT 1)",
                    rusqlite::params![evidence_id, sha256],
                )
                .db(copy);
            conn.execute("DETACH DATABASE origin", []).db(copy)?;
            copied?;
        }
        Ok(())
    }
}

/// The review now or as a milestone holds it: what every reading command opens (`--milestone`).
#[derive(Debug)]
pub enum ReviewAsOf {
    Now(Workbook),
    Milestone(MilestoneView),
}

impl ReviewAsOf {
    /// The workbook at `path`, or its milestone `milestone` (a name or number) when given.
    pub fn open(path: &Path, milestone: Option<&str>, clock: Arc<dyn Clock>) -> Result<ReviewAsOf> {
        Ok(match milestone {
            None => ReviewAsOf::Now(Workbook::open(path, clock)?),
            Some(name) => ReviewAsOf::Milestone(MilestoneView::open(path, name, clock)?),
        })
    }

    /// The milestone shown, if it is one.
    pub fn milestone(&self) -> Option<&MilestoneInfo> {
        match self {
            ReviewAsOf::Now(_) => None,
            ReviewAsOf::Milestone(view) => Some(view.info()),
        }
    }

    /// Streams a stored evidence file into `sink` (from the milestone's record when it is one).
    pub fn copy_evidence_into(
        &self,
        evidence_id: i64,
        sink: &mut impl std::io::Write,
        sink_path: &Path,
    ) -> Result<Evidence> {
        match self {
            ReviewAsOf::Now(workbook) => workbook.copy_evidence_into(evidence_id, sink, sink_path),
            ReviewAsOf::Milestone(view) => view.copy_evidence_into(evidence_id, sink, sink_path),
        }
    }

    /// Saves a stored evidence file (from the milestone's record when it is one).
    pub fn extract_evidence(
        &self,
        evidence_id: i64,
        output: &Path,
        overwrite: bool,
    ) -> Result<Evidence> {
        match self {
            ReviewAsOf::Now(workbook) => workbook.extract_evidence(evidence_id, output, overwrite),
            ReviewAsOf::Milestone(view) => view.extract_evidence(evidence_id, output, overwrite),
        }
    }
}

impl Deref for ReviewAsOf {
    type Target = Workbook;

    fn deref(&self) -> &Workbook {
        match self {
            ReviewAsOf::Now(workbook) => workbook,
            ReviewAsOf::Milestone(view) => view,
        }
    }
}
