//! Merging a reviewer's workbook: what the UI sends for each conflict. The plan and the
//! outcome cross as the core's own types (`MergePlanShown`, `MergeOutcome`).

use hashira_core::workbook::merge::MergeResolution;
use serde::Deserialize;
use ts_rs::TS;

/// What the user chose for one conflict of the plan (by the plan's conflict id): a side, or
/// a value of their own (`{ edit: value }`, checked by the core as an ordinary edit).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct MergeChoice {
    pub id: String,
    pub resolution: MergeResolution,
}
