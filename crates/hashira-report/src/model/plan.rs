//! The improvement plan, in the report's language. Which questions and actions, and their
//! order, come from `hashira_core::improvement` so the desktop app shows the same plan.

use hashira_core::improvement;
use hashira_core::review::QuestionReview;
use hashira_core::{Lang, Risk};
use serde::Serialize;

use super::SelectedSets;
use super::format::{improvement_lines, text};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAction {
    pub choice_id: String,
    pub title: String,
    pub fisc_refs: Vec<String>,
    pub improvement: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    pub priority: Risk,
    pub set_id: String,
    pub set_title: String,
    pub pillar: String,
    pub question_id: String,
    pub label: String,
    pub title: String,
    pub actions: Vec<PlanAction>,
}

pub(crate) fn improvement_plan(
    reviews: &[QuestionReview],
    sets: &SelectedSets,
    lang: Lang,
) -> Vec<PlanItem> {
    improvement::plan(reviews)
        .iter()
        .map(|item| PlanItem {
            priority: item.priority,
            set_id: item.set_id.clone(),
            set_title: sets.title(&item.set_id),
            pillar: text(&item.pillar_title, lang),
            question_id: item.question_id.clone(),
            label: item.label.clone(),
            title: text(&item.question_title, lang),
            actions: item
                .actions
                .iter()
                .map(|a| PlanAction {
                    choice_id: a.choice_id.clone(),
                    title: text(&a.title, lang),
                    fisc_refs: a.fisc_refs.clone(),
                    improvement: improvement_lines(&a.text.items, lang),
                })
                .collect(),
        })
        .collect()
}
