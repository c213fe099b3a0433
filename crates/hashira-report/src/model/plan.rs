//! The improvement plan, in the report's language. Which questions and actions, and their
//! order, come from `hashira_core::improvement` so the desktop app shows the same plan; each
//! action carries its improvement item's follow-up (owner, due date, status, overdue), and
//! items a reviewer added are listed under their question.

use hashira_core::improvement::{self, ItemStatus, TrackedItem};
use hashira_core::review::QuestionReview;
use hashira_core::{Lang, Risk};
use serde::Serialize;

use super::SelectedSets;
use super::answers::{LinkLine, link_lines, url};
use super::format::{improvement_lines, text};

/// Where an improvement item stands: its row's fields, or the defaults of a practice nobody
/// has edited (OPEN, no owner, no due date).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub owner: String,
    pub due_date: Option<String>,
    pub status: ItemStatus,
    pub acceptance_reason: String,
    pub notes: String,
    /// Due before the report's date (in the workbook's time zone) and still open or in progress.
    pub overdue: bool,
}

impl FollowUp {
    fn of(item: &TrackedItem) -> FollowUp {
        FollowUp {
            owner: item.fields.owner.clone(),
            due_date: item.fields.due_date.clone(),
            status: item.fields.status,
            acceptance_reason: item.fields.acceptance_reason.clone(),
            notes: item.fields.notes.clone(),
            overdue: item.overdue,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAction {
    pub choice_id: String,
    pub title: String,
    pub fisc_refs: Vec<String>,
    pub improvement: Vec<String>,
    /// The improvement's URL (a lens choice's `improvementPlan.url`).
    pub improvement_url: Option<String>,
    pub links: Vec<LinkLine>,
    pub follow_up: FollowUp,
}

/// An item a reviewer added to the question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddedItem {
    pub id: i64,
    pub title: String,
    pub follow_up: FollowUp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    /// `HIGH` or `MEDIUM`; the question's own risk for a question listed only for the items a
    /// reviewer added to it.
    pub priority: Risk,
    pub set_id: String,
    pub set_title: String,
    pub pillar: String,
    pub question_id: String,
    pub label: String,
    pub title: String,
    pub actions: Vec<PlanAction>,
    pub added: Vec<AddedItem>,
}

impl PlanItem {
    /// In the plan by its risk (HIGH, MEDIUM), not only for the items added to it.
    pub fn is_risk(&self) -> bool {
        matches!(self.priority, Risk::High | Risk::Medium)
    }
}

/// How many items of the report's plan are in each status, and how many are overdue.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanCounts {
    pub open: usize,
    pub in_progress: usize,
    pub done: usize,
    pub risk_accepted: usize,
    pub overdue: usize,
}

impl PlanCounts {
    pub fn of(plan: &[PlanItem]) -> PlanCounts {
        let mut counts = PlanCounts::default();
        let follow_ups = plan.iter().flat_map(|i| {
            i.actions
                .iter()
                .map(|a| &a.follow_up)
                .chain(i.added.iter().map(|a| &a.follow_up))
        });
        for f in follow_ups {
            match f.status {
                ItemStatus::Open => counts.open += 1,
                ItemStatus::InProgress => counts.in_progress += 1,
                ItemStatus::Done => counts.done += 1,
                ItemStatus::RiskAccepted => counts.risk_accepted += 1,
            }
            counts.overdue += usize::from(f.overdue);
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.open + self.in_progress + self.done + self.risk_accepted
    }
}

fn follow_up_of(items: &[TrackedItem], question_id: &str, choice_id: &str) -> FollowUp {
    items
        .iter()
        .find(|i| i.question_id == question_id && i.choice_id.as_deref() == Some(choice_id))
        .map(FollowUp::of)
        .unwrap_or_else(|| FollowUp {
            owner: String::new(),
            due_date: None,
            status: ItemStatus::Open,
            acceptance_reason: String::new(),
            notes: String::new(),
            overdue: false,
        })
}

fn added_of(items: &[TrackedItem], question_id: &str, lang: Lang) -> Vec<AddedItem> {
    items
        .iter()
        .filter(|i| i.question_id == question_id && i.choice_id.is_none())
        .filter_map(|i| {
            Some(AddedItem {
                id: i.id?,
                title: text(&i.title, lang),
                follow_up: FollowUp::of(i),
            })
        })
        .collect()
}

pub(crate) fn improvement_plan(
    reviews: &[QuestionReview],
    items: &[TrackedItem],
    sets: &SelectedSets,
    lang: Lang,
) -> Vec<PlanItem> {
    let mut plan: Vec<PlanItem> = improvement::plan(reviews)
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
                        follow_up: follow_up_of(items, &item.question_id, &a.choice_id),
                    }
                })
                .collect(),
            added: added_of(items, &item.question_id, lang),
        })
        .collect();
    // Items a reviewer added to questions outside the plan follow it, in review order.
    for review in reviews {
        let added = added_of(items, &review.question_id, lang);
        if added.is_empty() || plan.iter().any(|p| p.question_id == review.question_id) {
            continue;
        }
        plan.push(PlanItem {
            priority: review.risk,
            set_id: review.set_id.clone(),
            set_title: sets.title(&review.set_id),
            pillar: text(&review.pillar_title, lang),
            question_id: review.question_id.clone(),
            label: review.label.clone(),
            title: text(&review.title, lang),
            actions: Vec::new(),
            added,
        });
    }
    plan
}
