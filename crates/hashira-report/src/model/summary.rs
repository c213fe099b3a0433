//! The summary: progress, risk counts per set and pillar, and the high and medium risks.

use hashira_core::review::QuestionReview;
use hashira_core::{Lang, Risk, RiskCounts, RiskSummary};
use serde::Serialize;

use super::SelectedSets;
use super::format::text;
use crate::counts::add_counts;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub questions: usize,
    /// Answered, including questions marked not applicable.
    pub done: usize,
    pub percent: u32,
}

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
    pub progress: Progress,
    pub totals: RiskCounts,
    pub sets: Vec<SetSummary>,
    /// HIGH first, then MEDIUM, each in review order.
    pub risks: Vec<RiskItem>,
}

impl Summary {
    /// The summary of the included sets: `risks` holds every set's counts, `reviews` only
    /// the included sets' questions.
    pub(crate) fn build(
        risks: &RiskSummary,
        reviews: &[QuestionReview],
        sets: &SelectedSets,
        lang: Lang,
    ) -> Summary {
        let mut totals = RiskCounts::default();
        let set_summaries: Vec<SetSummary> = risks
            .sets
            .iter()
            .filter(|s| sets.includes(&s.set_id))
            .map(|s| {
                for pillar in &s.pillars {
                    add_counts(&mut totals, &pillar.counts);
                }
                SetSummary {
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
                }
            })
            .collect();
        let done = totals.answered + totals.not_applicable;
        let percent = (done * 100).checked_div(totals.questions).unwrap_or(0) as u32;
        let mut high_medium: Vec<RiskItem> = reviews
            .iter()
            .filter(|r| matches!(r.risk, Risk::High | Risk::Medium))
            .map(|r| RiskItem {
                risk: r.risk,
                set_id: r.set_id.clone(),
                pillar: text(&r.pillar_title, lang),
                question_id: r.question_id.clone(),
                label: r.label.clone(),
                title: text(&r.title, lang),
            })
            .collect();
        high_medium.sort_by_key(|r| if r.risk == Risk::High { 0 } else { 1 });
        Summary {
            progress: Progress {
                questions: totals.questions,
                done,
                percent,
            },
            totals,
            sets: set_summaries,
            risks: high_medium,
        }
    }
}
