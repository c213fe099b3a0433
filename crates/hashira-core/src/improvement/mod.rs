//! The improvement plan: for every answered question at HIGH or MEDIUM risk, the best
//! practices that are neither selected nor marked not applicable, each with its improvement
//! text. HIGH risks come first, then MEDIUM; within a priority the order is the review order
//! (set → pillar → question → choice, as in the question sets).
//!
//! Shared by the PDF report and the desktop app, so both show the same plan.
//!
//! `items` and `store`: the same practices (and items a reviewer adds) as improvement items
//! that are followed up — owner, due date, status, notes (see `items.rs`).

mod items;
mod store;

/// For the diff, which lists only the items followed up (their rows) without the whole review.
pub(crate) use items::ItemRow;
pub use items::{
    ItemEdit, ItemFields, ItemStatus, ItemTarget, TrackedItem, apply_edit, is_overdue, today,
};
pub(crate) use store::read_rows;
/// A merge writes an edited item inside its own transaction.
pub(crate) use store::store_updates;
pub use store::{ItemPlan, ItemUpdate};

use serde::Serialize;

use crate::error::Result;
use crate::question_set::LocalizedText;
use crate::review::{ChoiceReview, ChoiceStatus, QuestionReview};
use crate::risk::Risk;
use crate::workbook::Workbook;

/// Where an improvement text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImprovementSource {
    /// The choice's own `improvement` text.
    Improvement,
    /// No `improvement`: the choice's 解説 (`explanation`) stands in.
    Explanation,
    /// The set gives no text for this choice.
    None,
}

/// The text to show for improving one choice: `improvement` if the set has one, else the
/// choice's 解説 (one item per bullet or paragraph), else nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImprovementText {
    pub source: ImprovementSource,
    pub items: Vec<LocalizedText>,
}

pub fn improvement_text(
    improvement: Option<&LocalizedText>,
    explanation: &[LocalizedText],
) -> ImprovementText {
    match improvement {
        Some(text) if !text.get(crate::Lang::Ja).trim().is_empty() => ImprovementText {
            source: ImprovementSource::Improvement,
            items: vec![text.clone()],
        },
        _ if !explanation.is_empty() => ImprovementText {
            source: ImprovementSource::Explanation,
            items: explanation.to_vec(),
        },
        _ => ImprovementText {
            source: ImprovementSource::None,
            items: Vec::new(),
        },
    }
}

/// One best practice to put in place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImprovementAction {
    pub choice_id: String,
    pub title: LocalizedText,
    pub fisc_refs: Vec<String>,
    pub text: ImprovementText,
}

/// One question of the plan with the practices it is missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImprovementItem {
    /// `HIGH` or `MEDIUM`.
    pub priority: Risk,
    pub set_id: String,
    pub pillar_id: String,
    pub pillar_title: LocalizedText,
    pub question_id: String,
    pub label: String,
    pub question_title: LocalizedText,
    pub actions: Vec<ImprovementAction>,
}

fn action(choice: &ChoiceReview) -> ImprovementAction {
    ImprovementAction {
        choice_id: choice.id.clone(),
        title: choice.title.clone(),
        fisc_refs: choice.fisc_refs.clone(),
        text: improvement_text(choice.improvement.as_ref(), &choice.explanation),
    }
}

fn rank(risk: Risk) -> Option<u8> {
    match risk {
        Risk::High => Some(0),
        Risk::Medium => Some(1),
        _ => None,
    }
}

/// The plan for a review (pure: [`Workbook::improvement_plan`] only loads the review).
pub fn plan(reviews: &[QuestionReview]) -> Vec<ImprovementItem> {
    let mut items: Vec<(u8, ImprovementItem)> = reviews
        .iter()
        .filter_map(|review| {
            let rank = rank(review.risk)?;
            let actions = review
                .choices
                .iter()
                .filter(|c| !c.none_of_these && c.status == ChoiceStatus::Unselected)
                .map(action)
                .collect();
            Some((
                rank,
                ImprovementItem {
                    priority: review.risk,
                    set_id: review.set_id.clone(),
                    pillar_id: review.pillar_id.clone(),
                    pillar_title: review.pillar_title.clone(),
                    question_id: review.question_id.clone(),
                    label: review.label.clone(),
                    question_title: review.title.clone(),
                    actions,
                },
            ))
        })
        .collect();
    // Stable: review order is kept within a priority.
    items.sort_by_key(|(rank, _)| *rank);
    items.into_iter().map(|(_, item)| item).collect()
}

impl Workbook {
    /// The improvement plan of the whole workbook (every set), HIGH risks first.
    pub fn improvement_plan(&self) -> Result<Vec<ImprovementItem>> {
        Ok(plan(&self.review(None)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use std::sync::Arc;
    use time::macros::datetime;

    #[test]
    fn demo_plan_puts_high_first_and_skips_selected_and_not_applicable_choices() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000));
        let workbook = crate::demo::create_demo(&dir.path().join("demo.hashira"), clock).unwrap();
        let plan = workbook.improvement_plan().unwrap();
        assert!(!plan.is_empty());
        let first_medium = plan
            .iter()
            .position(|i| i.priority == Risk::Medium)
            .unwrap_or(plan.len());
        assert!(
            plan[..first_medium]
                .iter()
                .all(|i| i.priority == Risk::High)
        );
        assert!(
            plan[first_medium..]
                .iter()
                .all(|i| i.priority == Risk::Medium)
        );

        // SEC 3 was answered "None of these": every practice is to be done.
        let sec3 = plan.iter().find(|i| i.question_id == "SEC3").unwrap();
        assert_eq!(sec3.priority, Risk::High);
        assert_eq!(sec3.actions.len(), 6);
        assert!(sec3.actions.iter().all(|a| !a.choice_id.ends_with("_no")));

        // Selected (SEC1-01) and not-applicable (SEC6-03) choices are never in the plan.
        for item in &plan {
            for action in &item.actions {
                assert_ne!(action.choice_id, "SEC1-01");
                assert_ne!(action.choice_id, "SEC6-03");
            }
        }
        // Unanswered (SEC5) and not-applicable (FISCSEC10) questions are not in the plan.
        assert!(!plan.iter().any(|i| i.question_id == "SEC5"));
        assert!(!plan.iter().any(|i| i.question_id == "FISCSEC10"));

        // FISC choices have no `improvement`: their 解説 stands in.
        let fisc = plan
            .iter()
            .flat_map(|i| &i.actions)
            .find(|a| a.choice_id.starts_with("FISCSEC1-"))
            .unwrap();
        assert_eq!(fisc.text.source, ImprovementSource::Explanation);
        assert!(!fisc.text.items.is_empty());
    }

    #[test]
    fn improvement_text_prefers_improvement_then_explanation() {
        let improvement = LocalizedText::ja("改善する");
        let explanation = vec![LocalizedText::ja("解説")];
        assert_eq!(
            improvement_text(Some(&improvement), &explanation).source,
            ImprovementSource::Improvement
        );
        assert_eq!(
            improvement_text(None, &explanation).source,
            ImprovementSource::Explanation
        );
        let none = improvement_text(Some(&LocalizedText::ja("  ")), &[]);
        assert_eq!(none.source, ImprovementSource::None);
        assert!(none.items.is_empty());
    }
}
