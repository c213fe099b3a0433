//! The summary: progress, risk counts per set and pillar, the high and medium risks, and what
//! keeps the review from being complete.
//!
//! Every figure is the core's `RiskCounts` (see ARCHITECTURE.md, "The figures"), computed by
//! `hashira_core::risk::summarize` for the sets in the report: the report adds nothing up.

use hashira_core::review::QuestionReview;
use hashira_core::{Lang, Risk, RiskCounts, RiskSummary};
use serde::Serialize;

use super::format::text;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarSummary {
    pub id: String,
    pub title: String,
    pub counts: RiskCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetSummary {
    pub id: String,
    pub title: String,
    pub version: String,
    pub counts: RiskCounts,
    pub pillars: Vec<PillarSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskItem {
    pub risk: Risk,
    pub set_id: String,
    pub pillar: String,
    pub question_id: String,
    pub label: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The figures of the sets in the report, as the core counts them.
    pub totals: RiskCounts,
    /// `totals.is_complete()`: no question unanswered, no N/A without a reason. A report of
    /// an incomplete review is a draft.
    pub complete: bool,
    pub sets: Vec<SetSummary>,
    /// HIGH first, then MEDIUM, each in review order.
    pub risks: Vec<RiskItem>,
    /// Questions marked not applicable without a written reason (to be fixed before the
    /// review is complete), in review order.
    pub not_applicable_without_reason: Vec<RiskItem>,
}

impl Summary {
    /// The summary of the sets in the report: `risks` is the core's summary of exactly those
    /// sets, `reviews` their questions.
    pub(crate) fn build(risks: &RiskSummary, reviews: &[QuestionReview], lang: Lang) -> Summary {
        let sets: Vec<SetSummary> = risks
            .sets
            .iter()
            .map(|s| SetSummary {
                id: s.set_id.clone(),
                title: text(&s.title, lang),
                version: s.version.clone(),
                counts: s.counts,
                pillars: s
                    .pillars
                    .iter()
                    .map(|p| PillarSummary {
                        id: p.pillar_id.clone(),
                        title: text(&p.title, lang),
                        counts: p.counts,
                    })
                    .collect(),
            })
            .collect();
        let item = |r: &QuestionReview| RiskItem {
            risk: r.risk,
            set_id: r.set_id.clone(),
            pillar: text(&r.pillar_title, lang),
            question_id: r.question_id.clone(),
            label: r.label.clone(),
            title: text(&r.title, lang),
        };
        let mut high_medium: Vec<RiskItem> = reviews
            .iter()
            .filter(|r| matches!(r.risk, Risk::High | Risk::Medium))
            .map(item)
            .collect();
        high_medium.sort_by_key(|r| if r.risk == Risk::High { 0 } else { 1 });
        // The same test as `RiskCounts::add_answer`: marked N/A with a blank reason text.
        let without_reason = reviews
            .iter()
            .filter(|r| {
                r.risk == Risk::NotApplicable
                    && r.not_applicable
                        .as_ref()
                        .is_some_and(|na| na.text.trim().is_empty())
            })
            .map(item)
            .collect();
        Summary {
            totals: risks.counts,
            complete: risks.counts.is_complete(),
            sets,
            risks: high_medium,
            not_applicable_without_reason: without_reason,
        }
    }
}
