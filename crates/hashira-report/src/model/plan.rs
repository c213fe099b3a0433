//! The improvement plan, in the report's language. Which questions and actions, and their
//! order, come from `hashira_core::improvement` so the desktop app shows the same plan.

use hashira_core::improvement;
use hashira_core::review::QuestionReview;
use hashira_core::{Lang, Risk};
use serde::Serialize;

use super::SelectedSets;
use super::answers::{LinkLine, link_lines, url};
use super::format::{improvement_lines, text};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAction {
    pub choice_id: String,
    pub title: String,
    pub fisc_refs: Vec<String>,
    pub improvement: Vec<String>,
    /// The improvement's URL (a lens choice's `improvementPlan.url`).
    pub improvement_url: Option<String>,
    pub links: Vec<LinkLine>,
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
        .map(|item| {
            // The plan keeps the text; the URL and links are the review's choice's.
            let choices = reviews
                .iter()
                .find(|r| r.question_id == item.question_id)
                .map(|r| r.choices.as_slice())
                .unwrap_or_default();
            (item, choices)
        })
        .map(|(item, choices)| PlanItem {
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
                .map(|a| {
                    let choice = choices.iter().find(|c| c.id == a.choice_id);
                    PlanAction {
                        choice_id: a.choice_id.clone(),
                        title: text(&a.title, lang),
                        fisc_refs: a.fisc_refs.clone(),
                        improvement: improvement_lines(&a.text.items, lang),
                        improvement_url: url(choice.and_then(|c| c.improvement_url.as_deref())),
                        links: choice.map(|c| link_lines(&c.links)).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect()
}
