//! The questions that changed since a milestone, each with both sides' own review of it and
//! its evidence: what a then/now view shows (the app's comparison with a milestone).
//!
//! Read from the two small workbooks [`Workbook::compared_sides`] gives, which hold exactly the
//! compared questions: their reviews and evidence lists are those of the whole sides.

use std::collections::HashMap;

use serde::Serialize;
use time::OffsetDateTime;

use super::{DiffSummary, QuestionDiff, ReviewDiff};
use crate::error::Result;
use crate::review::QuestionReview;
use crate::workbook::milestone::MilestoneInfo;
use crate::workbook::{Evidence, Workbook};

/// One question that changed since the milestone, with each side's own review of it and its
/// evidence (`None` and empty on the side that does not have the question).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangedQuestion {
    pub diff: QuestionDiff,
    pub then: Option<QuestionReview>,
    pub now: Option<QuestionReview>,
    pub then_evidence: Vec<Evidence>,
    pub now_evidence: Vec<Evidence>,
}

/// What changed from `milestone` to the review now, question by question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MilestoneComparison {
    pub milestone: MilestoneInfo,
    pub summary: DiffSummary,
    pub questions: Vec<ChangedQuestion>,
}

impl MilestoneComparison {
    /// What changed from `milestone` to the review now of `current`, `now` being the instant
    /// the review now is at (items overdue), read from only the rows that differ.
    pub fn of_milestone(
        current: &Workbook,
        milestone: &MilestoneInfo,
        now: OffsetDateTime,
    ) -> Result<MilestoneComparison> {
        let sides = current.compared_sides(milestone, None)?;
        let diff = ReviewDiff::of_sides(&sides, now)?;
        MilestoneComparison::of_diff(milestone.clone(), sides.from(), sides.to(), diff)
    }

    /// `diff` (from `then` to `now`) with each changed question's review and evidence read
    /// from `then` and `now`: two compared sides, or the two whole states.
    pub fn of_diff(
        milestone: MilestoneInfo,
        then: &Workbook,
        now: &Workbook,
        diff: ReviewDiff,
    ) -> Result<MilestoneComparison> {
        let mut then_reviews = by_set_and_id(then, then.review(None)?);
        let mut now_reviews = by_set_and_id(now, now.review(None)?);
        let mut questions = Vec::with_capacity(diff.questions.len());
        for question in diff.questions {
            let side = (question.set_id.clone(), question.question_id.clone());
            let then_review = then_reviews.remove(&side);
            let now_review = now_reviews.remove(&side);
            let then_evidence = match &then_review {
                Some(q) => then.list_evidence(Some(&q.question_id))?,
                None => Vec::new(),
            };
            let now_evidence = match &now_review {
                Some(q) => now.list_evidence(Some(&q.question_id))?,
                None => Vec::new(),
            };
            questions.push(ChangedQuestion {
                diff: question,
                then: then_review,
                now: now_review,
                then_evidence,
                now_evidence,
            });
        }
        Ok(MilestoneComparison {
            milestone,
            summary: diff.summary,
            questions,
        })
    }
}

/// Each question's review by its set id and its id within the set (how the diff matches
/// them: a key can differ between the two sides).
fn by_set_and_id(
    book: &Workbook,
    reviews: Vec<QuestionReview>,
) -> HashMap<(String, String), QuestionReview> {
    let mut id_of_key = HashMap::new();
    for set in book.question_sets() {
        for pillar in set.pillars() {
            for question in &pillar.questions {
                id_of_key.insert(
                    (set.id().to_string(), question.key().to_string()),
                    question.id.clone(),
                );
            }
        }
    }
    reviews
        .into_iter()
        .filter_map(|review| {
            let id = id_of_key.remove(&(review.set_id.clone(), review.question_id.clone()))?;
            Some(((review.set_id.clone(), id), review))
        })
        .collect()
}
