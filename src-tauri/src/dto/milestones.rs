//! Milestones: the list with the figures each kept, a milestone shown read-only, and what
//! changed since one.

use hashira_core::RiskSummary;
use hashira_core::workbook::milestone::{MilestoneFigures, MilestoneInfo};
use serde::Serialize;
use ts_rs::TS;

use super::WorkbookView;

/// The workbook's milestones in order, each with the figures counted when it was made, and
/// the figures of the review now (the trend's last bar).
#[derive(Debug, Clone, Serialize, TS)]
pub struct MilestoneTrend {
    pub milestones: Vec<MilestoneFigures>,
    pub now: RiskSummary,
}

/// The window now shows `milestone`: the review as it holds it, read-only.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MilestoneShown {
    pub milestone: MilestoneInfo,
    pub view: WorkbookView,
}

// What changed since a milestone, question by question with both sides' review and evidence,
// is the core's (the same assembly for every surface).
pub use hashira_core::diff::{ChangedQuestion, MilestoneComparison};
