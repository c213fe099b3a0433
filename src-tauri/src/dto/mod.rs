//! Shapes that only exist at the IPC boundary. Everything else crosses as the core's own types.
//!
//! One module per area of the UI, like `commands`; everything is re-exported here so the rest of
//! the app (and `bindings.rs`, which generates the TypeScript) names them as `crate::dto::X`.

mod answers;
mod bundle;
mod evidence;
mod history;
mod merge;
mod milestones;
mod report;
mod set_upgrade;
mod wa_tool;
mod wg;
mod workbook;
mod xlsx;

pub use answers::{AnswerChangeInput, QuestionUpdate};
pub use bundle::{
    BUNDLE_PROGRESS_EVENT, BundleChecked, BundleCreated, BundleMilestone, BundleProblemCode,
    BundleProblemRow, BundleProgressEvent,
};
pub use evidence::EvidenceInput;
pub use history::{HistoryItem, HistoryView};
pub use merge::MergeChoice;
pub use milestones::{ChangedQuestion, MilestoneComparison, MilestoneShown, MilestoneTrend};
pub use report::{ReportDone, ReportGlyphWarning};
pub use set_upgrade::{SetUpgradePreview, UpgradeEdition};
pub use wa_tool::{
    LensExportDone, WaToolAnswer, WaToolChange, WaToolExportDone, WaToolImport, WaToolWarning,
};
pub use wg::{
    WgChangeInput, WgChangeKind, WgCriterionRow, WgDecisionCode, WgDuplicateRow, WgExportDone,
    WgField, WgFieldChange, WgFieldRow, WgImport, WgLinkedQuestion, WgMergeRow, WgNoteRow,
    WgOutcome, WgQuestionCriterion, WgScenarioRow, WgStatus, WgSummary, WgView,
};
pub use workbook::{AppInfo, RecentWorkbook, SetChoice, WorkbookView};
pub use xlsx::{AnswerDiff, FieldChange, ReviewImport, XlsxExportDone};
