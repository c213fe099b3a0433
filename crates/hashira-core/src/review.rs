//! The review as a reader sees it: every question with its choices, the current answer, the
//! evidence count and the risk — one shape shared by the CLI's `--json`, the app and reports.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Result;
use crate::question_set::{Link, LocalizedText};
use crate::risk::{Risk, question_risk};
use crate::workbook::{Answer, DbResult, NotApplicable, NotApplicableReason, Workbook};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChoiceStatus {
    Selected,
    NotApplicable,
    Unselected,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChoiceReview {
    pub id: String,
    pub title: LocalizedText,
    pub none_of_these: bool,
    /// What the best practice means (a lens choice's helpful resource), with its URL.
    pub description: Option<LocalizedText>,
    pub description_url: Option<String>,
    pub fisc_refs: Vec<String>,
    pub explanation: Vec<LocalizedText>,
    pub improvement: Option<LocalizedText>,
    pub improvement_url: Option<String>,
    /// Related links; a lens's additional resource may have an empty `url` (text only).
    pub links: Vec<Link>,
    pub status: ChoiceStatus,
    pub not_applicable_reason: Option<NotApplicableReason>,
    pub not_applicable_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionReview {
    pub set_id: String,
    pub pillar_id: String,
    pub pillar_title: LocalizedText,
    pub question_id: String,
    pub label: String,
    pub title: LocalizedText,
    pub description: Option<LocalizedText>,
    pub guidance: Option<LocalizedText>,
    /// The guidance's URL (a lens question's helpful resource).
    pub guidance_url: Option<String>,
    pub fisc_refs: Vec<String>,
    pub choices: Vec<ChoiceReview>,
    pub risk: Risk,
    pub not_applicable: Option<NotApplicable>,
    pub notes: String,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
    pub evidence_count: usize,
}

impl Workbook {
    fn evidence_counts(&self) -> Result<HashMap<String, usize>> {
        let mut statement = self
            .conn()
            .prepare("SELECT question_id, count(*) FROM evidence GROUP BY question_id")
            .db(self.path())?;
        let rows = statement
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })
            .db(self.path())?;
        rows.collect::<rusqlite::Result<_>>().db(self.path())
    }

    /// Every question of the workbook (or of one set) in document order.
    pub fn review(&self, set_id: Option<&str>) -> Result<Vec<QuestionReview>> {
        if let Some(set_id) = set_id {
            self.question_set(set_id)?;
        }
        let answers = self.answers()?;
        let evidence = self.evidence_counts()?;
        let empty = Answer::default();
        let mut reviews = Vec::new();
        for set in self
            .question_sets()
            .iter()
            .filter(|s| set_id.is_none_or(|id| s.id() == id))
        {
            for (pillar, question) in set.questions() {
                let stored = answers.get(question.key());
                let answer = stored.unwrap_or(&empty);
                let choices = question
                    .choices
                    .iter()
                    .map(|choice| {
                        let na = answer
                            .choices_not_applicable
                            .iter()
                            .find(|na| na.choice_id == choice.id);
                        let status = if answer.selected_choices.contains(&choice.id) {
                            ChoiceStatus::Selected
                        } else if na.is_some() {
                            ChoiceStatus::NotApplicable
                        } else {
                            ChoiceStatus::Unselected
                        };
                        ChoiceReview {
                            id: choice.id.clone(),
                            title: choice.title.clone(),
                            none_of_these: choice.none_of_these,
                            description: choice.description.clone(),
                            description_url: choice.description_url.clone(),
                            fisc_refs: choice.fisc_refs.clone(),
                            explanation: choice.explanation.clone(),
                            improvement: choice.improvement.clone(),
                            improvement_url: choice.improvement_url.clone(),
                            links: choice.links.clone(),
                            status,
                            not_applicable_reason: na.map(|na| na.reason),
                            not_applicable_text: na.map(|na| na.text.clone()),
                        }
                    })
                    .collect();
                reviews.push(QuestionReview {
                    set_id: set.id().to_string(),
                    pillar_id: pillar.id.clone(),
                    pillar_title: pillar.title.clone(),
                    question_id: question.key().to_string(),
                    label: question.label().to_string(),
                    title: question.title.clone(),
                    description: question.description.clone(),
                    guidance: question.guidance.clone(),
                    guidance_url: question.guidance_url.clone(),
                    fisc_refs: question
                        .fisc_refs()
                        .into_iter()
                        .map(str::to_string)
                        .collect(),
                    choices,
                    risk: question_risk(set, question, stored),
                    not_applicable: answer.not_applicable.clone(),
                    notes: answer.notes.clone(),
                    updated_by: answer.updated_by.clone(),
                    updated_at: answer.updated_at.clone(),
                    evidence_count: evidence.get(question.key()).copied().unwrap_or(0),
                });
            }
        }
        Ok(reviews)
    }
}
