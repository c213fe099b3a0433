//! Merging a reviewer's workbook: what the UI sends for each conflict. The plan and the
//! outcome cross as the core's own types (`MergePlanShown`, `MergeOutcome`).

use hashira_core::workbook::merge::MergeSide;
use serde::Deserialize;
use ts_rs::TS;

/// The side the user chose for one conflict of the plan (by the plan's conflict id).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct MergeChoice {
    pub id: String,
    pub side: MergeSide,
}
