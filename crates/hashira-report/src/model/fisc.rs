//! FISC 実務基準 coverage: every reference cited by a best practice, in numeric order, with
//! the state of each best practice citing it.

use std::collections::BTreeMap;

use hashira_core::review::{ChoiceStatus, QuestionReview};
use hashira_core::{Lang, Risk};
use serde::Serialize;

use super::format::text;

/// The state of one best practice as seen from a FISC reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CoverageStatus {
    Selected,
    NotSelected,
    NotApplicable,
    Unanswered,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiscEntry {
    pub set_id: String,
    pub question_id: String,
    pub label: String,
    pub question_title: String,
    pub choice_id: String,
    pub choice_title: String,
    pub status: CoverageStatus,
    pub question_risk: Risk,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiscReference {
    /// `実63`.
    pub reference: String,
    pub entries: Vec<FiscEntry>,
}

/// Sorts `実1 < 実5 < 実10 < 実63-2`, and the other FISC categories after 実 in the order
/// 統, 実, 設, 監.
pub fn fisc_sort_key(reference: &str) -> (u8, Vec<u64>, String) {
    let mut chars = reference.chars();
    let category = match chars.next() {
        Some('統') => 0,
        Some('実') => 1,
        Some('設') => 2,
        Some('監') => 3,
        _ => 9,
    };
    let numbers = chars
        .as_str()
        .split('-')
        .map(|part| part.parse::<u64>().unwrap_or(u64::MAX))
        .collect();
    (category, numbers, reference.to_string())
}

/// Every reference with its entries in review order.
pub(crate) fn fisc_coverage(reviews: &[QuestionReview], lang: Lang) -> Vec<FiscReference> {
    let mut by_ref: BTreeMap<(u8, Vec<u64>, String), Vec<FiscEntry>> = BTreeMap::new();
    for review in reviews {
        // "None of these" is an answer, not a best practice.
        for choice in review.choices.iter().filter(|c| !c.none_of_these) {
            for reference in &choice.fisc_refs {
                by_ref
                    .entry(fisc_sort_key(reference))
                    .or_default()
                    .push(FiscEntry {
                        set_id: review.set_id.clone(),
                        question_id: review.question_id.clone(),
                        label: review.label.clone(),
                        question_title: text(&review.title, lang),
                        choice_id: choice.id.clone(),
                        choice_title: text(&choice.title, lang),
                        status: coverage_status(review, choice.status),
                        question_risk: review.risk,
                    });
            }
        }
    }
    by_ref
        .into_iter()
        .map(|((_, _, reference), entries)| FiscReference { reference, entries })
        .collect()
}

/// A question not applicable or unanswered decides for all its best practices.
fn coverage_status(review: &QuestionReview, status: ChoiceStatus) -> CoverageStatus {
    match review.risk {
        Risk::NotApplicable => CoverageStatus::NotApplicable,
        Risk::Unanswered => CoverageStatus::Unanswered,
        _ => match status {
            ChoiceStatus::Selected => CoverageStatus::Selected,
            ChoiceStatus::NotApplicable => CoverageStatus::NotApplicable,
            ChoiceStatus::Unselected => CoverageStatus::NotSelected,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fisc_refs_sort_numerically() {
        let mut refs = vec![
            "実10", "実5", "実1", "実100", "実63-2", "実63", "統2", "設1",
        ];
        refs.sort_by_key(|r| fisc_sort_key(r));
        assert_eq!(
            refs,
            vec![
                "統2", "実1", "実5", "実10", "実63", "実63-2", "実100", "設1"
            ]
        );
    }
}
