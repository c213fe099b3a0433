//! Milestones: the list with the figures each kept, a milestone shown read-only, and what
//! changed since one.

use hashira_core::RiskSummary;
use hashira_core::diff::{DiffSummary, QuestionDiff};
use hashira_core::review::QuestionReview;
use hashira_core::workbook::Evidence;
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

/// One question that changed since the milestone, with each side's own review of it and its
/// evidence (`None` and empty on the side that does not have the question).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ChangedQuestion {
    pub diff: QuestionDiff,
    pub then: Option<QuestionReview>,
    pub now: Option<QuestionReview>,
    pub then_evidence: Vec<Evidence>,
    pub now_evidence: Vec<Evidence>,
}

/// What changed from `milestone` to the review now, question by question.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MilestoneComparison {
    pub milestone: MilestoneInfo,
    pub summary: DiffSummary,
    pub questions: Vec<ChangedQuestion>,
}
