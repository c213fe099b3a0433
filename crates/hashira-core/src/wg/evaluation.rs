//! The institution's four columns of a criterion (判定, 自社対策, 残存リスク, レビューア所見) and
//! how an import merges a file's values into the stored ones, column by column.
//!
//! A value in the file replaces the stored one. A **blank** cell (判定 blank or 未評価, a text
//! blank or only spaces) keeps the stored value: a blank is what the WG's own editions carry and
//! what an export writes for 未評価, so it never silently erases the institution's work. Only
//! [`WgMergeOptions::clear_blank`] makes a blank cell clear the stored value, and the plan says so
//! column by column before anything is written.

use serde::{Deserialize, Serialize};

use super::{WgCriterion, WgDecision};
use crate::glossary;

/// How an import treats the file's institution columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgMergeOptions {
    /// A blank institution cell clears the stored value (default: the stored value is kept).
    #[serde(default)]
    pub clear_blank: bool,
}

/// The institution's columns of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct WgEvaluation {
    pub decision: WgDecision,
    pub own_measures: String,
    pub residual_risk: String,
    pub reviewer_notes: String,
}

/// One of the institution's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WgEvaluationField {
    Decision,
    OwnMeasures,
    ResidualRisk,
    ReviewerNotes,
}

impl WgEvaluationField {
    pub const ALL: [WgEvaluationField; 4] = [
        WgEvaluationField::Decision,
        WgEvaluationField::OwnMeasures,
        WgEvaluationField::ResidualRisk,
        WgEvaluationField::ReviewerNotes,
    ];

    /// The column's header in the WG sheet.
    pub fn label_ja(self) -> &'static str {
        match self {
            WgEvaluationField::Decision => glossary::WG_DECISION.ja,
            WgEvaluationField::OwnMeasures => glossary::OWN_MEASURES.ja,
            WgEvaluationField::ResidualRisk => glossary::RESIDUAL_RISK.ja,
            WgEvaluationField::ReviewerNotes => glossary::REVIEWER_NOTES.ja,
        }
    }
}

/// What an import does to one institution column of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgFieldOutcome {
    /// The file's value is the stored one (or both are blank).
    Same,
    /// The file's value replaces a different stored value.
    Set,
    /// The file's cell is blank: the stored value is kept.
    BlankKept,
    /// The file's cell is blank and blanks clear (`clear_blank`): the stored value is cleared.
    Cleared,
}

/// One institution column of one criterion: stored → file → what will be stored. A decision is
/// its code (`ADOPTED`, …, `NOT_EVALUATED`); `file` is absent when the cell is blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgFieldMerge {
    pub field: WgEvaluationField,
    pub stored: String,
    pub file: Option<String>,
    pub result: String,
    pub outcome: WgFieldOutcome,
}

impl WgEvaluation {
    pub fn of(c: &WgCriterion) -> WgEvaluation {
        WgEvaluation {
            decision: c.decision,
            own_measures: c.own_measures.clone(),
            residual_risk: c.residual_risk.clone(),
            reviewer_notes: c.reviewer_notes.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        WgEvaluationField::ALL
            .into_iter()
            .all(|f| self.value(f).is_none())
    }

    /// The column's value, `None` when blank (未評価 or an empty text).
    pub fn value(&self, field: WgEvaluationField) -> Option<String> {
        let text = |t: &String| (!t.trim().is_empty()).then(|| t.clone());
        match field {
            WgEvaluationField::Decision => (self.decision != WgDecision::NotEvaluated)
                .then(|| self.decision.as_str().to_string()),
            WgEvaluationField::OwnMeasures => text(&self.own_measures),
            WgEvaluationField::ResidualRisk => text(&self.residual_risk),
            WgEvaluationField::ReviewerNotes => text(&self.reviewer_notes),
        }
    }

    /// Sets one column from a value as [`WgEvaluation::value`] gives it (`None`: blank).
    fn set(&mut self, field: WgEvaluationField, value: Option<&str>) {
        let text = value.unwrap_or("").to_string();
        match field {
            WgEvaluationField::Decision => {
                self.decision = value.and_then(WgDecision::parse).unwrap_or_default()
            }
            WgEvaluationField::OwnMeasures => self.own_measures = text,
            WgEvaluationField::ResidualRisk => self.residual_risk = text,
            WgEvaluationField::ReviewerNotes => self.reviewer_notes = text,
        }
    }

    pub(super) fn apply_to(&self, c: &mut WgCriterion) {
        c.decision = self.decision;
        c.own_measures = self.own_measures.clone();
        c.residual_risk = self.residual_risk.clone();
        c.reviewer_notes = self.reviewer_notes.clone();
    }
}

/// The shown form of a column's value: a decision's code, `NOT_EVALUATED` or `""` when blank.
fn shown(field: WgEvaluationField, value: Option<String>) -> String {
    value.unwrap_or_else(|| match field {
        WgEvaluationField::Decision => WgDecision::NotEvaluated.as_str().to_string(),
        _ => String::new(),
    })
}

/// Merges the file's columns into the stored ones, column by column (see the module
/// documentation): the evaluation to store and what happened to each column.
pub fn merge_evaluation(
    stored: &WgEvaluation,
    file: &WgEvaluation,
    options: WgMergeOptions,
) -> (WgEvaluation, Vec<WgFieldMerge>) {
    let mut result = stored.clone();
    let mut fields = Vec::with_capacity(WgEvaluationField::ALL.len());
    for field in WgEvaluationField::ALL {
        let before = stored.value(field);
        let given = file.value(field);
        let (after, outcome) = match (&given, &before) {
            (Some(g), Some(b)) if g == b => (before.clone(), WgFieldOutcome::Same),
            (Some(_), _) => (given.clone(), WgFieldOutcome::Set),
            (None, None) => (None, WgFieldOutcome::Same),
            (None, Some(_)) if options.clear_blank => (None, WgFieldOutcome::Cleared),
            (None, Some(_)) => (before.clone(), WgFieldOutcome::BlankKept),
        };
        // A text is stored as written (with its spaces); only a changed column is rewritten.
        if outcome != WgFieldOutcome::Same && outcome != WgFieldOutcome::BlankKept {
            result.set(field, after.as_deref());
        }
        fields.push(WgFieldMerge {
            field,
            stored: shown(field, before),
            file: given,
            result: shown(field, after),
            outcome,
        });
    }
    (result, fields)
}
