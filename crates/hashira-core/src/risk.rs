//! Risk per question from its rules, and counts per pillar, set and workbook.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

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
    risk_of(
        answer,
        question.choices.iter().map(|choice| choice.id.as_str()),
        |satisfied| set.evaluate(question.key(), satisfied),
    )
}

/// The risk of a question from its answer, its choice ids in document order and its rules
/// (`evaluate`: the first rule that holds over `satisfied`, called only when the answer
/// selects something): the one definition, for a parsed set ([`question_risk`]) and for the
/// rules a workbook stores beside it (`workbook::question_rules`).
pub(crate) fn risk_of<'a>(
    answer: Option<&Answer>,
    choice_ids: impl Iterator<Item = &'a str>,
    evaluate: impl FnOnce(&[bool]) -> Option<RuleRisk>,
) -> Risk {
    let Some(answer) = answer else {
        return Risk::Unanswered;
    };
    if answer.not_applicable.is_some() {
        return Risk::NotApplicable;
    }
    if answer.selected_choices.is_empty() {
        return Risk::Unanswered;
    }
    let satisfied: Vec<bool> = choice_ids
        .map(|choice_id| {
            answer.selected_choices.iter().any(|id| id == choice_id)
                || answer
                    .choices_not_applicable
                    .iter()
                    .any(|na| na.choice_id == choice_id)
        })
        .collect();
    match evaluate(&satisfied) {
        Some(RuleRisk::High) => Risk::High,
        Some(RuleRisk::Medium) => Risk::Medium,
        Some(RuleRisk::None) => Risk::None,
        // Unreachable for a validated set (its last rule is `default`); fail safe.
        None => Risk::High,
    }
}

/// The review's figures for a pillar, a set or the whole workbook: the one definition every
/// surface prints (CLI, app, PDF, Excel). See ARCHITECTURE.md, "The figures".
///
/// Every question is in exactly one of: answered (high, medium or none), not applicable, or
/// unanswered. A question marked not applicable is *reviewed* (it counts towards progress, as
/// the WA Tool counts it as answered) but has no risk. Progress is
/// `floor(100 × (answered + not_applicable) / questions)`: rounded down, so an unfinished review
/// never shows 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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
    /// Questions marked not applicable without a written reason text: the review is not complete
    /// while there are any.
    pub not_applicable_without_reason: usize,
    /// answered + not_applicable: the questions the reviewer has decided.
    pub reviewed: usize,
    /// `floor(100 × reviewed / questions)`; 0 when there are no questions.
    pub progress_percent: u32,
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
        self.derive();
    }

    /// Counts one question with its answer (flags a not-applicable mark without a reason text).
    pub fn add_answer(&mut self, risk: Risk, answer: Option<&Answer>) {
        if risk == Risk::NotApplicable
            && answer
                .and_then(|a| a.not_applicable.as_ref())
                .is_some_and(|na| na.text.trim().is_empty())
        {
            self.not_applicable_without_reason += 1;
        }
        self.add(risk);
    }

    /// Adds whole counts (a set's pillars into totals, one pillar across sets): every field,
    /// the derived ones recomputed — the one way figures are summed.
    pub fn merge(&mut self, other: &RiskCounts) {
        self.questions += other.questions;
        self.unanswered += other.unanswered;
        self.high += other.high;
        self.medium += other.medium;
        self.none += other.none;
        self.not_applicable += other.not_applicable;
        self.not_applicable_without_reason += other.not_applicable_without_reason;
        self.derive();
    }

    fn derive(&mut self) {
        self.answered = self.high + self.medium + self.none;
        self.applicable = self.questions - self.not_applicable;
        self.reviewed = self.answered + self.not_applicable;
        self.progress_percent = progress_percent(self.reviewed, self.questions);
    }

    /// Complete: every question answered or marked not applicable with a written reason. A
    /// report of an incomplete review is a draft.
    pub fn is_complete(&self) -> bool {
        self.unanswered == 0 && self.not_applicable_without_reason == 0
    }

    /// Progress as a fraction for Excel's percent format: exactly `progress_percent / 100`, so a
    /// spreadsheet shows the same whole percent as every other surface.
    pub fn progress_fraction(&self) -> f64 {
        f64::from(self.progress_percent) / 100.0
    }
}

/// `floor(100 × done / total)`, 0 for an empty total.
pub fn progress_percent(done: usize, total: usize) -> u32 {
    if total == 0 {
        return 0;
    }
    u32::try_from(done.saturating_mul(100) / total).unwrap_or(100)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PillarRisk {
    pub pillar_id: String,
    pub title: LocalizedText,
    pub counts: RiskCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetRisk {
    pub set_id: String,
    pub version: String,
    /// The version as every surface writes it (`question_set::version_label`).
    pub version_label: String,
    pub title: LocalizedText,
    pub counts: RiskCounts,
    pub pillars: Vec<PillarRisk>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
                let answer = answers.get(question.key());
                counts.add_answer(question_risk(set, question, answer), answer);
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
            version_label: crate::question_set::version_label(set.version()),
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
