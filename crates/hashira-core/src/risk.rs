//! Risk per question from its rules, and counts per pillar, set and workbook.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Result;
use crate::question_set::{LocalizedText, Question, QuestionSet, RuleRisk};
use crate::workbook::{Answer, Workbook};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Risk {
    Unanswered,
    High,
    Medium,
    None,
    NotApplicable,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Unanswered => "UNANSWERED",
            Risk::High => "HIGH",
            Risk::Medium => "MEDIUM",
            Risk::None => "NONE",
            Risk::NotApplicable => "NOT_APPLICABLE",
        }
    }
}

/// The risk of one question given its answer.
///
/// A choice the reviewer marked not applicable counts as satisfied: a best practice that does
/// not apply to the workload must not raise its risk (see `questions/README.md`).
pub fn question_risk(set: &QuestionSet, question: &Question, answer: Option<&Answer>) -> Risk {
    let Some(answer) = answer else {
        return Risk::Unanswered;
    };
    if answer.not_applicable.is_some() {
        return Risk::NotApplicable;
    }
    if answer.selected_choices.is_empty() {
        return Risk::Unanswered;
    }
    let satisfied: Vec<bool> = question
        .choices
        .iter()
        .map(|choice| {
            answer.selected_choices.contains(&choice.id)
                || answer
                    .choices_not_applicable
                    .iter()
                    .any(|na| na.choice_id == choice.id)
        })
        .collect();
    match set.evaluate(&question.id, &satisfied) {
        Some(RuleRisk::High) => Risk::High,
        Some(RuleRisk::Medium) => Risk::Medium,
        Some(RuleRisk::None) => Risk::None,
        // Unreachable for a validated set (its last rule is `default`); fail safe.
        None => Risk::High,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskCounts {
    pub questions: usize,
    /// Applicable questions that have an answer (high + medium + none).
    pub answered: usize,
    /// Questions not marked not applicable.
    pub applicable: usize,
    pub unanswered: usize,
    pub high: usize,
    pub medium: usize,
    pub none: usize,
    pub not_applicable: usize,
}

impl RiskCounts {
    pub fn add(&mut self, risk: Risk) {
        self.questions += 1;
        match risk {
            Risk::Unanswered => self.unanswered += 1,
            Risk::High => self.high += 1,
            Risk::Medium => self.medium += 1,
            Risk::None => self.none += 1,
            Risk::NotApplicable => self.not_applicable += 1,
        }
        self.answered = self.high + self.medium + self.none;
        self.applicable = self.questions - self.not_applicable;
    }

    fn merge(&mut self, other: &RiskCounts) {
        self.questions += other.questions;
        self.unanswered += other.unanswered;
        self.high += other.high;
        self.medium += other.medium;
        self.none += other.none;
        self.not_applicable += other.not_applicable;
        self.answered = self.high + self.medium + self.none;
        self.applicable = self.questions - self.not_applicable;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PillarRisk {
    pub pillar_id: String,
    pub title: LocalizedText,
    pub counts: RiskCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetRisk {
    pub set_id: String,
    pub version: String,
    pub title: LocalizedText,
    pub counts: RiskCounts,
    pub pillars: Vec<PillarRisk>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskSummary {
    pub counts: RiskCounts,
    pub sets: Vec<SetRisk>,
}

/// Counts for the given sets and answers (pure: the workbook method only loads the answers).
pub fn summarize(sets: &[QuestionSet], answers: &HashMap<String, Answer>) -> RiskSummary {
    let mut total = RiskCounts::default();
    let mut set_risks = Vec::with_capacity(sets.len());
    for set in sets {
        let mut set_counts = RiskCounts::default();
        let mut pillars = Vec::with_capacity(set.pillars().len());
        for pillar in set.pillars() {
            let mut counts = RiskCounts::default();
            for question in &pillar.questions {
                counts.add(question_risk(set, question, answers.get(&question.id)));
            }
            set_counts.merge(&counts);
            pillars.push(PillarRisk {
                pillar_id: pillar.id.clone(),
                title: pillar.title.clone(),
                counts,
            });
        }
        total.merge(&set_counts);
        set_risks.push(SetRisk {
            set_id: set.id().to_string(),
            version: set.version().to_string(),
            title: set.title().clone(),
            counts: set_counts,
            pillars,
        });
    }
    RiskSummary {
        counts: total,
        sets: set_risks,
    }
}

impl Workbook {
    pub fn risk_summary(&self) -> Result<RiskSummary> {
        Ok(summarize(
            self.question_sets(),
            &self.load_answers(None, false)?,
        ))
    }

    pub fn question_risk(&self, question_id: &str) -> Result<Risk> {
        let (set, _, question) = self.find_question(question_id)?;
        let answer = self.answer(question_id)?;
        Ok(question_risk(set, question, Some(&answer)))
    }
}
