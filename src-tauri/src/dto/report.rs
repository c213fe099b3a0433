//! The PDF report.

use serde::Serialize;
use ts_rs::TS;

/// A written PDF report.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportDone {
    pub path: String,
    pub pages: usize,
    pub bytes: usize,
    pub sets: Vec<String>,
    pub label: String,
    /// The title of the section "changes since milestone X", when the report has it.
    pub since: Option<String>,
    /// Characters the report font lacks, printed as 〓 (or left out): shown after writing.
    pub warnings: Vec<ReportGlyphWarning>,
}

/// One character of the report that its font has no glyph for, and where it is.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportGlyphWarning {
    pub character: String,
    /// `U+20BB7`.
    pub code_point: String,
    /// What the report prints instead: `〓`, or empty when it is left out.
    pub replacement: String,
    pub question_id: Option<String>,
    /// Where in the report's data (`answers.pillars.questions.notes`).
    pub field: Option<String>,
}

impl From<hashira_report::ReportWarning> for ReportGlyphWarning {
    fn from(w: hashira_report::ReportWarning) -> Self {
        ReportGlyphWarning {
            character: w.character,
            code_point: w.code_point,
            replacement: w.replacement,
            question_id: w.question_id,
            field: w.field,
        }
    }
}
