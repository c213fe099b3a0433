//! The answers, set → pillar → question: what was selected, what was not (with the text on
//! how to improve), what is not applicable and why, notes and evidence.

use hashira_core::improvement::{self, ImprovementSource};
use hashira_core::question_set::Link;
use hashira_core::review::{ChoiceReview, ChoiceStatus, QuestionReview};
use hashira_core::workbook::{Evidence, EvidenceKind, NotApplicableReason};
use hashira_core::{Lang, Risk};
use serde::Serialize;
use time::UtcOffset;

use super::SelectedSets;
use super::format::{display_stored, improvement_lines, plain_text, text};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceLine {
    pub id: String,
    pub title: String,
}

/// A related link of a best practice (the shipped sets' related documents, a lens's additional
/// resources). `url` is empty for a resource that is text only: printed as text, never as a
/// link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkLine {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceImprovement {
    pub id: String,
    pub title: String,
    /// What the best practice means: its description (a lens choice's helpful resource), then
    /// the 解説 items unless they stand in for the improvement below; plain-text paragraphs.
    pub description: Vec<String>,
    /// The description's URL (a lens choice's `helpfulResource.url`).
    pub description_url: Option<String>,
    /// `improvement`, else the 解説 items, else empty.
    pub improvement: Vec<String>,
    /// The improvement's URL (a lens choice's `improvementPlan.url`).
    pub improvement_url: Option<String>,
    pub links: Vec<LinkLine>,
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
    /// The question's key in the workbook (`set_id/id` when two sets share an id): data only,
    /// the report prints `label`.
    pub id: String,
    pub label: String,
    pub title: String,
    /// The reviewer guidance (a lens question's helpful resource) as plain text; empty when
    /// the set has none.
    pub guidance: String,
    pub guidance_url: Option<String>,
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
            .map(|c| choice_improvement(c, lang))
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
        guidance: review
            .guidance
            .as_ref()
            .map(|g| plain_text(g.get(lang)).trim().to_string())
            .unwrap_or_default(),
        guidance_url: url(review.guidance_url.as_deref()),
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

/// An unselected best practice with everything the set says about it, the same fields for a
/// shipped set's choice (解説, related links) and a lens's (helpful resource, improvement plan,
/// additional resources).
fn choice_improvement(c: &ChoiceReview, lang: Lang) -> ChoiceImprovement {
    let improvement = improvement::improvement_text(c.improvement.as_ref(), &c.explanation);
    let mut about: Vec<_> = c.description.iter().cloned().collect();
    if improvement.source != ImprovementSource::Explanation {
        about.extend(c.explanation.iter().cloned());
    }
    ChoiceImprovement {
        id: c.id.clone(),
        title: text(&c.title, lang),
        description: improvement_lines(&about, lang),
        description_url: url(c.description_url.as_deref()),
        improvement: improvement_lines(&improvement.items, lang),
        improvement_url: url(c.improvement_url.as_deref()),
        links: link_lines(&c.links),
    }
}

/// A URL worth printing: none for a blank one.
pub(crate) fn url(url: Option<&str>) -> Option<String> {
    url.map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
}

/// The links as printed, in order; a link with neither title nor URL is left out.
pub(crate) fn link_lines(links: &[Link]) -> Vec<LinkLine> {
    links
        .iter()
        .map(|l| LinkLine {
            title: plain_text(l.title.trim()),
            url: l.url.trim().to_string(),
        })
        .filter(|l| !(l.title.is_empty() && l.url.is_empty()))
        .collect()
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
