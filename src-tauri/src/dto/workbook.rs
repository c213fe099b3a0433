//! The start screen and the open workbook.

use hashira_core::RiskSummary;
use hashira_core::question_set::LocalizedText;
use hashira_core::review::QuestionReview;
use hashira_core::workbook::upgrade::RereviewItem;
use hashira_core::workbook::{WorkbookSetInfo, Workload};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the start screen needs to know about the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// The workbook path given as the first program argument, if any.
    pub initial_path: Option<String>,
    /// Started as `hashira-app --demo`: open the demo workbook.
    pub open_demo_at_start: bool,
    pub question_sets: Vec<SetChoice>,
    pub default_set_ids: Vec<String>,
    pub reviewer_name: String,
}

/// A shipped question set offered when creating a workbook.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetChoice {
    pub id: String,
    pub version: String,
    /// The version as every surface writes it (`question_set::version_label`).
    pub version_label: String,
    pub title: LocalizedText,
    pub question_count: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecentWorkbook {
    pub path: String,
    pub name: String,
    pub opened_at: String,
}

/// The open workbook as the review screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WorkbookView {
    pub path: String,
    pub file_name: String,
    pub workload: Workload,
    pub sets: Vec<WorkbookSetInfo>,
    pub questions: Vec<QuestionReview>,
    pub summary: RiskSummary,
    /// The questions a set upgrade asks to look at again (要再確認), with why.
    pub rereview: Vec<RereviewItem>,
}
