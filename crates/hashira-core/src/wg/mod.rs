//! Evaluations of AWS services by the セキュリティリスク評価共同化WG, kept in the workbook.
//!
//! The WG publishes one Excel workbook per AWS service with three sheets: 利用シナリオと接続経路
//! (scenarios), セキュリティクライテリア (criteria) and サービス利用時の留意事項 (notes). The
//! Excel reading and writing lives in `hashira-xlsx`; this module holds the data model and its
//! storage. Every write is one transaction with its audit entry, like the rest of the workbook.
//!
//! The evaluation perspectives and countermeasure categories are code lists kept as data: an
//! imported file's own lists are stored with its evaluation, and [`WgCodeLists::defaults`] (from
//! `questions/wg-code-lists.toml`) is only the app's default for new, empty sheets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Error, Result};

/// Text cells of unknown columns, by header text; hyperlinks by field key or header text.
pub type CellMap = BTreeMap<String, String>;

/// The institution's decision on one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgDecision {
    Adopted,
    Conditional,
    Rejected,
    #[default]
    NotEvaluated,
}

impl WgDecision {
    pub const ALL: [WgDecision; 4] = [
        WgDecision::Adopted,
        WgDecision::Conditional,
        WgDecision::Rejected,
        WgDecision::NotEvaluated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WgDecision::Adopted => "ADOPTED",
            WgDecision::Conditional => "CONDITIONAL",
            WgDecision::Rejected => "REJECTED",
            WgDecision::NotEvaluated => "NOT_EVALUATED",
        }
    }

    /// The label shown in sheets and the UI.
    pub fn label_ja(self) -> &'static str {
        match self {
            WgDecision::Adopted => "採用",
            WgDecision::Conditional => "条件付き採用",
            WgDecision::Rejected => "不採用",
            WgDecision::NotEvaluated => "未評価",
        }
    }

    /// Accepts the code, the Japanese label or an English word; blank means not evaluated.
    pub fn parse(text: &str) -> Option<WgDecision> {
        let t: String = text.split_whitespace().collect::<String>();
        if t.is_empty() {
            return Some(WgDecision::NotEvaluated);
        }
        let upper = t.to_ascii_uppercase().replace('-', "_");
        WgDecision::ALL.into_iter().find(|d| {
            d.as_str() == upper
                || d.label_ja() == t
                || match d {
                    WgDecision::Adopted => upper == "ADOPT" || upper == "ACCEPTED",
                    WgDecision::Conditional => {
                        upper == "CONDITIONALLY_ADOPTED" || upper == "CONDITIONALLYADOPTED"
                    }
                    WgDecision::Rejected => upper == "NOT_ADOPTED" || upper == "NOTADOPTED",
                    WgDecision::NotEvaluated => {
                        upper == "NOTEVALUATED" || upper == "NOT_YET_EVALUATED"
                    }
                }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgCodeKind {
    Perspective,
    Category,
}

impl WgCodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WgCodeKind::Perspective => "PERSPECTIVE",
            WgCodeKind::Category => "CATEGORY",
        }
    }
}

/// One entry of a code list. `parent` is the perspective a category belongs to (its code or name).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgCode {
    #[serde(default)]
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub parent: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgCodeLists {
    #[serde(default)]
    pub perspectives: Vec<WgCode>,
    #[serde(default)]
    pub categories: Vec<WgCode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeListFile {
    format_version: u32,
    #[allow(dead_code)]
    #[serde(default)]
    description: String,
    #[serde(default)]
    perspectives: Vec<WgCode>,
    #[serde(default)]
    categories: Vec<WgCode>,
}

const DEFAULT_CODE_LISTS: &str = include_str!("../../../../questions/wg-code-lists.toml");

impl WgCodeLists {
    /// The app's default lists, shipped in `questions/wg-code-lists.toml`.
    pub fn defaults() -> Result<WgCodeLists> {
        WgCodeLists::from_toml(DEFAULT_CODE_LISTS, "questions/wg-code-lists.toml")
    }

    pub fn from_toml(text: &str, origin: &str) -> Result<WgCodeLists> {
        let invalid = |message: String| Error::InvalidWg {
            message: format!("code lists {origin}: {message}"),
        };
        let file: CodeListFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if file.format_version != 1 {
            return Err(invalid(format!(
                "format_version {} is not supported (expected 1)",
                file.format_version
            )));
        }
        let lists = WgCodeLists {
            perspectives: file.perspectives,
            categories: file.categories,
        };
        for entry in lists.perspectives.iter().chain(&lists.categories) {
            if entry.name.trim().is_empty() {
                return Err(invalid("a code list entry has an empty name".into()));
            }
        }
        for category in &lists.categories {
            if !category.parent.is_empty()
                && !lists
                    .perspectives
                    .iter()
                    .any(|p| p.code == category.parent || p.name == category.parent)
            {
                return Err(invalid(format!(
                    "category '{}' names an unknown perspective '{}'",
                    category.name, category.parent
                )));
            }
        }
        Ok(lists)
    }

    pub fn is_empty(&self) -> bool {
        self.perspectives.is_empty() && self.categories.is_empty()
    }
}

/// 利用シナリオと接続経路: one row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgScenario {
    pub scenario_id: String,
    pub scenario: String,
    pub connection_source: String,
    pub route: String,
    pub notes: String,
    #[serde(default)]
    pub extra: CellMap,
    #[serde(default)]
    pub links: CellMap,
}

/// セキュリティクライテリア: one row, with the institution's own columns.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgCriterion {
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub assumed_risk: String,
    pub criterion: String,
    pub controls: String,
    /// The responsibility marks as written (normalised to `○`, `-` or blank when a mark).
    pub responsibility_aws: String,
    pub responsibility_customer: String,
    pub fisc_refs: String,
    pub references: String,
    /// Well-Architected question ids (SEC1, FISCSEC3, …) the criterion relates to.
    #[serde(default)]
    pub question_ids: Vec<String>,
    #[serde(default)]
    pub decision: WgDecision,
    #[serde(default)]
    pub own_measures: String,
    #[serde(default)]
    pub residual_risk: String,
    #[serde(default)]
    pub reviewer_notes: String,
    #[serde(default)]
    pub extra: CellMap,
    #[serde(default)]
    pub links: CellMap,
}

/// サービス利用時の留意事項: one row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgNote {
    pub category: String,
    pub note: String,
    pub detail: String,
    pub references: String,
    #[serde(default)]
    pub extra: CellMap,
    #[serde(default)]
    pub links: CellMap,
}

/// A whole WG evaluation of one AWS service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgAssessment {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub source_sha256: String,
    /// Column order per sheet as found in the source (`field:<key>` or `extra:<header>`).
    #[serde(default)]
    pub layout: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub code_lists: WgCodeLists,
    pub scenarios: Vec<WgScenario>,
    pub criteria: Vec<WgCriterion>,
    pub notes: Vec<WgNote>,
}

/// A stored evaluation with each criterion's id, in the same order as `assessment.criteria`.
/// An id stays with its criterion while it is stored: a re-import that matches the criterion
/// keeps it, and a removed criterion's id is not given to a new one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct WgStored {
    pub assessment: WgAssessment,
    pub criterion_ids: Vec<i64>,
}

/// One stored evaluation as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgAssessmentSummary {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub source_sha256: String,
    pub imported_by: String,
    pub imported_at: String,
    pub scenarios: usize,
    pub criteria: usize,
    pub notes: usize,
    /// Criteria per decision code (`ADOPTED`, …), every decision present.
    pub decisions: BTreeMap<String, usize>,
}

impl WgAssessmentSummary {
    /// Criteria that carry an institution decision (anything but not evaluated): what deleting
    /// the evaluation would lose.
    pub fn decided(&self) -> usize {
        self.decisions
            .iter()
            // A code this build does not know reads as not evaluated, as in `wg_assessment`.
            .filter(|(code, _)| {
                WgDecision::parse(code).unwrap_or_default() != WgDecision::NotEvaluated
            })
            .map(|(_, count)| count)
            .sum()
    }
}

/// A criterion seen from a Well-Architected question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgCriterionRef {
    pub service: String,
    /// The criterion's stored id ([`WgStored::criterion_ids`]).
    pub id: i64,
    pub position: usize,
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub criterion: String,
    pub decision: WgDecision,
}

/// What the institution changes on one criterion. `None` leaves a part unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgEvaluationChange {
    #[serde(default)]
    pub decision: Option<WgDecision>,
    #[serde(default)]
    pub own_measures: Option<String>,
    #[serde(default)]
    pub residual_risk: Option<String>,
    #[serde(default)]
    pub reviewer_notes: Option<String>,
}

/// Whether `import_wg_assessment` added a new service or replaced a stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgImportKind {
    Added,
    Replaced,
}

const TEXT_LIMIT_CHARS: usize = 1_000_000;

fn invalid(message: String) -> Error {
    Error::InvalidWg { message }
}

fn validate(assessment: &WgAssessment) -> Result<()> {
    if assessment.service.trim().is_empty() {
        return Err(invalid("the AWS service name is empty".into()));
    }
    let too_long = |text: &str| text.chars().count() > TEXT_LIMIT_CHARS;
    for c in &assessment.criteria {
        for text in [
            &c.criterion,
            &c.controls,
            &c.assumed_risk,
            &c.own_measures,
            &c.reviewer_notes,
            &c.residual_risk,
        ] {
            if too_long(text) {
                return Err(invalid(format!(
                    "a text of criterion {} is longer than {TEXT_LIMIT_CHARS} characters",
                    c.criterion_no
                )));
            }
        }
    }
    Ok(())
}

fn summary_value(a: &WgAssessment) -> Value {
    json!({
        "service": a.service,
        "edition": a.edition,
        "edition_date": a.edition_date,
        "source_file": a.source_file,
        "source_sha256": a.source_sha256,
        "scenarios": a.scenarios.len(),
        "criteria": a.criteria.len(),
        "notes": a.notes.len(),
    })
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
}

/// Splits a cell that lists question ids ("SEC1, FISCSEC3\nSEC 2") into ids, in order, once each.
pub fn parse_question_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for part in text.split(|c: char| {
        matches!(
            c,
            ',' | '、' | '，' | ';' | '；' | '\n' | '\r' | '/' | '／' | '・'
        )
    }) {
        let id: String = part
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                // Full-width letters and digits to ASCII.
                '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                _ => c,
            })
            .collect::<String>()
            .to_ascii_uppercase();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

mod evaluation;
mod merge;
mod query;
mod read;
mod write;

pub use evaluation::*;
pub use merge::*;
pub use query::*;
/// A merge's edited WG decision is checked as an ordinary evaluation is.
pub(crate) use write::evaluated;

#[cfg(test)]
mod merge_tests;
#[cfg(test)]
mod tests;
