//! The question pane: an answer change as the UI sends it, and the question after it.

use hashira_core::RiskSummary;
use hashira_core::review::QuestionReview;
use hashira_core::workbook::upgrade::RereviewItem;
use hashira_core::workbook::{AnswerChange, ChoiceNotApplicable, Evidence, NotApplicable};
use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

/// The answer after a change, with the new totals (the dashboard and tree update from it).
#[derive(Debug, Clone, Serialize, TS)]
pub struct QuestionUpdate {
    pub question: QuestionReview,
    pub summary: RiskSummary,
    pub evidence: Vec<Evidence>,
    /// The question's place on the re-review list after the change; absent when it is not on it
    /// (saving or confirming the answer takes it off).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rereview: Option<RereviewItem>,
}

/// A change to an answer as the UI sends it. Unlike the core's serde form, `not_applicable: null`
/// means "applicable again" and a missing field means "unchanged".
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct AnswerChangeInput {
    #[serde(default)]
    #[ts(optional)]
    pub selected_choices: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub choices_not_applicable: Option<Vec<ChoiceNotApplicable>>,
    #[serde(default, deserialize_with = "present")]
    #[ts(optional, type = "NotApplicable | null")]
    pub not_applicable: Option<Option<NotApplicable>>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl From<AnswerChangeInput> for AnswerChange {
    fn from(input: AnswerChangeInput) -> Self {
        AnswerChange {
            selected_choices: input.selected_choices,
            choices_not_applicable: input.choices_not_applicable,
            not_applicable: input.not_applicable,
            notes: input.notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_not_applicable_means_applicable_again() {
        let change: AnswerChangeInput =
            serde_json::from_str(r#"{"not_applicable": null}"#).unwrap();
        assert_eq!(change.not_applicable, Some(None));
        let change: AnswerChangeInput = serde_json::from_str(r#"{"notes": "メモ"}"#).unwrap();
        assert_eq!(change.not_applicable, None);
        assert_eq!(change.notes.as_deref(), Some("メモ"));
    }
}
