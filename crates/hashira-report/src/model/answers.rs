//! The answers, set → pillar → question: what was selected, what was not (with the text on
//! how to improve), what is not applicable and why, notes and evidence.

use hashira_core::improvement;
use hashira_core::review::{ChoiceStatus, QuestionReview};
use hashira_core::workbook::{Evidence, EvidenceKind, NotApplicableReason};
use hashira_core::{Lang, Risk};
use serde::Serialize;
use time::UtcOffset;

use super::SelectedSets;
use super::format::{display_stored, improvement_lines, text};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceLine {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceImprovement {
    pub id: String,
    pub title: String,
    /// `improvement`, else the 解説 items, else empty.
    pub improvement: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceNotApplicable {
    pub id: String,
    pub title: String,
    pub reason: NotApplicableReason,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionNotApplicable {
    pub reason: NotApplicableReason,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceEntry {
    pub id: i64,
    pub title: String,
    pub kind: EvidenceKind,
    /// File name, URL, or empty for text.
    pub name: String,
    pub choice_id: Option<String>,
    pub size_bytes: Option<i64>,
    /// First 12 hex digits of the file's SHA-256.
    pub sha256_short: Option<String>,
    pub url: Option<String>,
    pub excerpt: Option<String>,
    pub added_by: String,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionEntry {
    pub id: String,
    pub label: String,
    pub title: String,
    pub risk: Risk,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    /// The title of the "None of these" choice when the reviewer chose it; it is an answer,
    /// not a best practice, so it is never in `selected`.
    pub none_of_these: Option<String>,
    /// Best practices selected ("None of these" left out).
    pub selected: Vec<ChoiceLine>,
    pub not_selected: Vec<ChoiceImprovement>,
    pub choices_not_applicable: Vec<ChoiceNotApplicable>,
    pub not_applicable: Option<QuestionNotApplicable>,
    pub notes: String,
    pub evidence: Vec<EvidenceEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarAnswers {
    pub id: String,
    pub title: String,
    pub questions: Vec<QuestionEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetAnswers {
    pub id: String,
    pub title: String,
    pub version: String,
    pub pillars: Vec<PillarAnswers>,
}

/// Groups the reviews (in review order) by set, then pillar.
pub(crate) fn answers(
    reviews: &[QuestionReview],
    evidence: &[Evidence],
    sets: &SelectedSets,
    lang: Lang,
    offset: UtcOffset,
) -> Vec<SetAnswers> {
    let mut answers: Vec<SetAnswers> = Vec::new();
    for review in reviews {
        if answers.last().is_none_or(|s| s.id != review.set_id) {
            answers.push(SetAnswers {
                id: review.set_id.clone(),
                title: sets.title(&review.set_id),
                version: sets.version(&review.set_id),
                pillars: Vec::new(),
            });
        }
        let Some(set) = answers.last_mut() else {
            continue;
        };
        if set.pillars.last().is_none_or(|p| p.id != review.pillar_id) {
            set.pillars.push(PillarAnswers {
                id: review.pillar_id.clone(),
                title: text(&review.pillar_title, lang),
                questions: Vec::new(),
            });
        }
        let Some(pillar) = set.pillars.last_mut() else {
            continue;
        };
        pillar
            .questions
            .push(question_entry(review, evidence, lang, offset));
    }
    answers
}

fn question_entry(
    review: &QuestionReview,
    evidence: &[Evidence],
    lang: Lang,
    offset: UtcOffset,
) -> QuestionEntry {
    let answered = matches!(review.risk, Risk::High | Risk::Medium | Risk::None);
    let none_of_these = review
        .choices
        .iter()
        .find(|c| c.none_of_these && c.status == ChoiceStatus::Selected)
        .map(|c| text(&c.title, lang));
    let selected = review
        .choices
        .iter()
        .filter(|c| !c.none_of_these && c.status == ChoiceStatus::Selected)
        .map(|c| ChoiceLine {
            id: c.id.clone(),
            title: text(&c.title, lang),
        })
        .collect();
    // Unanswered, every choice is unselected: listing them all as "not selected" says nothing.
    let not_selected = if answered {
        review
            .choices
            .iter()
            .filter(|c| !c.none_of_these && c.status == ChoiceStatus::Unselected)
            .map(|c| ChoiceImprovement {
                id: c.id.clone(),
                title: text(&c.title, lang),
                improvement: improvement_lines(
                    &improvement::improvement_text(c.improvement.as_ref(), &c.explanation).items,
                    lang,
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    let choices_not_applicable = review
        .choices
        .iter()
        .filter(|c| !c.none_of_these && c.status == ChoiceStatus::NotApplicable)
        .map(|c| ChoiceNotApplicable {
            id: c.id.clone(),
            title: text(&c.title, lang),
            reason: c
                .not_applicable_reason
                .unwrap_or(NotApplicableReason::Other),
            text: c.not_applicable_text.clone().unwrap_or_default(),
        })
        .collect();
    QuestionEntry {
        id: review.question_id.clone(),
        label: review.label.clone(),
        title: text(&review.title, lang),
        risk: review.risk,
        answered_by: review.updated_by.clone(),
        answered_at: review
            .updated_at
            .as_deref()
            .map(|at| display_stored(at, offset)),
        none_of_these,
        selected,
        not_selected,
        choices_not_applicable,
        not_applicable: review
            .not_applicable
            .as_ref()
            .map(|na| QuestionNotApplicable {
                reason: na.reason,
                text: na.text.clone(),
            }),
        notes: review.notes.clone(),
        evidence: evidence
            .iter()
            .filter(|e| e.question_id == review.question_id)
            .map(|e| evidence_entry(e, offset))
            .collect(),
    }
}

fn evidence_entry(e: &Evidence, offset: UtcOffset) -> EvidenceEntry {
    EvidenceEntry {
        id: e.id,
        title: e.title.clone(),
        kind: e.kind,
        name: match e.kind {
            EvidenceKind::File => e.file_name.clone().unwrap_or_default(),
            EvidenceKind::Link => e.url.clone().unwrap_or_default(),
            EvidenceKind::Text => String::new(),
        },
        choice_id: e.choice_id.clone(),
        size_bytes: e.size_bytes,
        sha256_short: e.sha256.as_ref().map(|h| h.chars().take(12).collect()),
        url: e.url.clone(),
        excerpt: e.excerpt.clone(),
        added_by: e.added_by.clone(),
        added_at: display_stored(&e.added_at, offset),
    }
}
