//! What changed between two states of a review — two milestones, or a milestone and the
//! workbook now: per question (selections, not applicable, notes, risk, evidence, who), the
//! workload properties and the WG decisions, with a summary of the risks resolved and new.
//!
//! Both sides are read with the same code every surface uses (`Workbook::review`, `workload`,
//! `list_evidence`, `wg_stored`), so a risk here is the risk the core computed for that side
//! from the set texts then in force — never recomputed. A [`MilestoneView`] derefs to a
//! `&Workbook`, so "then" and "now" are both just workbooks. Every surface (`hashira diff`, the
//! app's comparison with a milestone, the report's "changes since") gives
//! [`ReviewDiff::between`] the two sides [`Workbook::compared_sides`] reads: workbooks holding
//! only the questions whose rows differ (the same diff, without reading 5,000 unchanged ones).
//! [`MilestoneComparison`] adds each changed question's review and evidence on both sides.
//!
//! **Matching.** A question is matched by its set id and its id within the set (not by its
//! key: a key is `set/id` only when another set already had the id, so the same question can
//! be keyed differently on two sides; its set + id cannot). A set only on one side lists its
//! questions as added or removed. Evidence is never edited, only added and removed: an item
//! is the same on both sides when its id and its whole record are (an id alone is not enough:
//! SQLite gives a removed item's id to the next one added). A file removed and attached again
//! to the same question (and choice) with the same SHA-256 is one item *re-attached* (old id →
//! new id), not a removal and an addition: its content, which is what a reviewer signs off,
//! did not change. WG criteria are matched by
//! service and criterion id (an id stays with its criterion across re-imports). Improvement
//! items followed up (owner, due date, status, notes) are compared item by item (`items.rs`).
//!
//! [`MilestoneView`]: crate::workbook::milestone::MilestoneView

mod changed;
mod items;
mod questions;
mod workload_wg;

use serde::Serialize;
use time::OffsetDateTime;

use crate::error::Result;
use crate::improvement::{ItemFields, ItemStatus, TrackedItem};
use crate::question_set::LocalizedText;
use crate::risk::Risk;
use crate::workbook::milestone::{ComparedSides, MilestoneInfo};
use crate::workbook::{Evidence, NotApplicable, Workbook, WorkloadField};

pub use changed::{ChangedQuestion, MilestoneComparison};
pub use items::diff_items;
pub use questions::diff_questions;
pub use workload_wg::{diff_wg, diff_workload};

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change<T> {
    pub before: T,
    pub after: T,
}

impl<T: PartialEq> Change<T> {
    /// `Some` only when the value changed.
    pub fn of(before: T, after: T) -> Option<Change<T>> {
        (before != after).then_some(Change { before, after })
    }
}

/// Whether an item is on both sides or only on one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DiffStatus {
    /// Only on the "to" side (its set was added, or a new edition has it).
    Added,
    /// Only on the "from" side.
    Removed,
    /// On both sides, different.
    Changed,
}

/// One choice's not-applicable mark before → after (`None`: not marked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChoiceNotApplicableChange {
    pub choice_id: String,
    pub before: Option<NotApplicable>,
    pub after: Option<NotApplicable>,
}

/// A stored file removed and attached again to the same question with the same content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvidenceReattached {
    pub before: Evidence,
    pub after: Evidence,
}

/// What changed on one question. Empty parts are empty lists or `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionDiff {
    pub status: DiffStatus,
    pub set_id: String,
    /// The question's id within its set.
    pub question_id: String,
    /// Its key in the workbook (`QuestionReview::question_id`) on the "to" side, else "from".
    pub key: String,
    /// As surfaces print it (`SEC 1`).
    pub label: String,
    pub title: LocalizedText,
    /// The risk each side's review gives; `None` on the side the question is not on.
    pub risk_before: Option<Risk>,
    pub risk_after: Option<Risk>,
    /// Choice ids, in the question's order.
    pub selections_added: Vec<String>,
    pub selections_removed: Vec<String>,
    /// The question's own not-applicable mark (reason and text), when it changed.
    pub not_applicable: Option<Change<Option<NotApplicable>>>,
    pub choices_not_applicable: Vec<ChoiceNotApplicableChange>,
    pub notes: Option<Change<String>>,
    pub evidence_added: Vec<Evidence>,
    pub evidence_removed: Vec<Evidence>,
    pub evidence_reattached: Vec<EvidenceReattached>,
    /// The "to" side's last change of the answer (who and when).
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

impl QuestionDiff {
    pub fn risk_changed(&self) -> bool {
        self.risk_before != self.risk_after
    }
}

/// One workload property before → after, as its JSON value (a text, a list, a code or null).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkloadChange {
    pub field: WorkloadField,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// One WG criterion whose institution columns changed (or that is only on one side). A
/// decision is its code (`ADOPTED`, …, `NOT_EVALUATED`); a column that did not change is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WgCriterionDiff {
    pub status: DiffStatus,
    pub service: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub criterion_id: i64,
    /// The criterion's number (項番) on the "to" side, else "from".
    pub criterion_no: String,
    pub criterion: String,
    pub decision: Option<Change<String>>,
    pub own_measures: Option<Change<String>>,
    pub residual_risk: Option<Change<String>>,
    pub reviewer_notes: Option<Change<String>>,
}

/// A WG service evaluation only on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WgServiceChange {
    pub status: DiffStatus,
    pub service: String,
    pub edition: String,
    pub criteria: usize,
}

/// One improvement item followed up on either side, before → after. A side the item is not on
/// counts as an item with default fields (OPEN, no owner, no due date) not in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemDiff {
    pub status: DiffStatus,
    /// Its row id on the "to" side, else "from" (`None`: a practice not edited on that side).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub id: Option<i64>,
    pub set_id: String,
    /// The question's id within its set.
    pub question_id: String,
    /// Its key in the workbook on the "to" side, else "from".
    pub key: String,
    pub label: String,
    /// The best practice; `None` for an item a reviewer added.
    pub choice_id: Option<String>,
    pub title: LocalizedText,
    /// The question's risk when HIGH or MEDIUM ("to" side, else "from").
    pub priority: Option<Risk>,
    pub item_status: Option<Change<ItemStatus>>,
    pub owner: Option<Change<String>>,
    pub due_date: Option<Change<Option<String>>>,
    pub acceptance_reason: Option<Change<String>>,
    pub notes: Option<Change<String>>,
    /// In the improvement plan, for an item on both sides (an item leaves it when its practice
    /// is selected, marked not applicable, or its question is no longer HIGH or MEDIUM).
    pub in_plan: Option<Change<bool>>,
    /// Its fields on the "to" side, else "from".
    pub fields: ItemFields,
    /// Overdue on the "to" side.
    pub overdue: bool,
    /// The "to" side's last change of the item (who and when).
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

/// The counts a reader looks at first. A risk "resolved" was HIGH (MEDIUM) and is on the "to"
/// side at another level; a "new" one is HIGH (MEDIUM) now and was not (or was not there).
/// A question that left with its set is counted in `questions_removed`, never as resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffSummary {
    pub high_resolved: usize,
    pub high_new: usize,
    pub medium_resolved: usize,
    pub medium_new: usize,
    /// Questions on both sides whose answer, risk or evidence differs.
    pub questions_changed: usize,
    pub questions_added: usize,
    pub questions_removed: usize,
    /// Unanswered (or not there) before, answered or not applicable after.
    pub newly_answered: usize,
    pub workload_fields_changed: usize,
    pub wg_criteria_changed: usize,
    /// Items DONE on the "to" side that were not DONE (or not there) before.
    pub items_done: usize,
    /// Items RISK_ACCEPTED on the "to" side that were not before.
    pub items_risk_accepted: usize,
    /// Items followed up only on the "to" side (added by a reviewer, or a practice that
    /// entered the plan and was edited).
    pub items_added: usize,
    /// Items followed up only on the "from" side.
    pub items_removed: usize,
    /// Items on both sides whose status, owner, due date, reason, notes or place in the plan
    /// differs.
    pub items_changed: usize,
    /// Every item overdue on the "to" side (changed or not): due before that side's date,
    /// still OPEN or IN_PROGRESS, in the plan.
    pub items_overdue: usize,
}

/// Everything that changed from one state of a review to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewDiff {
    pub summary: DiffSummary,
    /// In the "to" side's document order, then questions only "from" has.
    pub questions: Vec<QuestionDiff>,
    pub workload: Vec<WorkloadChange>,
    pub wg_services: Vec<WgServiceChange>,
    pub wg_criteria: Vec<WgCriterionDiff>,
    /// Improvement items followed up on either side that differ: in the "to" side's order
    /// (the plan's), then items only "from" has.
    pub items: Vec<ItemDiff>,
}

impl ReviewDiff {
    /// What changed from `from` to `to` (each a workbook or a milestone's view). `to_at` is
    /// when the "to" side is: when its milestone was made (see [`ReviewDiff::instant_of`]),
    /// or now; items are overdue against its date in the workbook's time zone.
    pub fn between(from: &Workbook, to: &Workbook, to_at: OffsetDateTime) -> Result<ReviewDiff> {
        let questions = diff_questions(from, to)?;
        let workload = diff_workload(from, to)?;
        let (wg_services, wg_criteria) = diff_wg(from, to)?;
        let (to_items, items) = diff_items(from, to, to_at)?;
        let mut summary = summarize(&questions, &workload, &wg_criteria);
        count_items(&mut summary, &items, &to_items);
        Ok(ReviewDiff {
            summary,
            questions,
            workload,
            wg_services,
            wg_criteria,
            items,
        })
    }

    /// What changed from milestone `from` to milestone `to`, or to the review now when `to`
    /// is `None`, of the workbook `current` (opened any way: [`Workbook::open_for_figures`]
    /// is enough). The same diff as [`ReviewDiff::between`] of the two sides read whole, read
    /// from only the rows that differ ([`Workbook::compared_sides`]). `now` is the instant the
    /// review now is at (items overdue), when it is the "to" side.
    pub fn of_milestones(
        current: &Workbook,
        from: &MilestoneInfo,
        to: Option<&MilestoneInfo>,
        now: OffsetDateTime,
    ) -> Result<ReviewDiff> {
        ReviewDiff::of_sides(&current.compared_sides(from, to)?, now)
    }

    /// [`ReviewDiff::between`] the two sides of `sides`, the "to" side at its milestone's
    /// instant or `now`.
    pub fn of_sides(sides: &ComparedSides<'_>, now: OffsetDateTime) -> Result<ReviewDiff> {
        let to_at = sides
            .to_milestone()
            .and_then(ReviewDiff::instant_of)
            .unwrap_or(now);
        ReviewDiff::between(sides.from(), sides.to(), to_at)
    }

    /// The instant a milestone was made (its stored `created_at`), for [`ReviewDiff::between`]
    /// when the "to" side is that milestone. `None` when the stored text is not a timestamp.
    pub fn instant_of(milestone: &MilestoneInfo) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(
            &milestone.created_at,
            &time::format_description::well_known::Rfc3339,
        )
        .ok()
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
            && self.workload.is_empty()
            && self.wg_services.is_empty()
            && self.wg_criteria.is_empty()
            && self.items.is_empty()
    }
}

fn count_items(summary: &mut DiffSummary, items: &[ItemDiff], to_items: &[TrackedItem]) {
    for item in items {
        match item.status {
            DiffStatus::Added => summary.items_added += 1,
            DiffStatus::Removed => summary.items_removed += 1,
            DiffStatus::Changed => summary.items_changed += 1,
        }
        if item.status == DiffStatus::Removed {
            continue;
        }
        // A change of status says it became that status (a side without the item is OPEN).
        let became =
            |status: ItemStatus| item.item_status.as_ref().is_some_and(|c| c.after == status);
        if became(ItemStatus::Done) {
            summary.items_done += 1;
        }
        if became(ItemStatus::RiskAccepted) {
            summary.items_risk_accepted += 1;
        }
    }
    summary.items_overdue = to_items.iter().filter(|i| i.overdue).count();
}

fn answered(risk: Option<Risk>) -> bool {
    risk.is_some_and(|r| r != Risk::Unanswered)
}

fn summarize(
    questions: &[QuestionDiff],
    workload: &[WorkloadChange],
    wg_criteria: &[WgCriterionDiff],
) -> DiffSummary {
    let mut summary = DiffSummary {
        workload_fields_changed: workload.len(),
        wg_criteria_changed: wg_criteria.len(),
        ..DiffSummary::default()
    };
    for q in questions {
        match q.status {
            DiffStatus::Added => summary.questions_added += 1,
            DiffStatus::Removed => summary.questions_removed += 1,
            DiffStatus::Changed => summary.questions_changed += 1,
        }
        if q.status != DiffStatus::Removed {
            let was = |level: Risk| q.risk_before == Some(level);
            let is = |level: Risk| q.risk_after == Some(level);
            for (level, resolved, new) in [
                (
                    Risk::High,
                    &mut summary.high_resolved,
                    &mut summary.high_new,
                ),
                (
                    Risk::Medium,
                    &mut summary.medium_resolved,
                    &mut summary.medium_new,
                ),
            ] {
                if was(level) && !is(level) {
                    *resolved += 1;
                }
                if is(level) && !was(level) {
                    *new += 1;
                }
            }
            if !answered(q.risk_before) && answered(q.risk_after) {
                summary.newly_answered += 1;
            }
        }
    }
    summary
}
