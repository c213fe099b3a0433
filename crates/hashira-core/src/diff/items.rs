//! The improvement items' part of a [`ReviewDiff`](super::ReviewDiff): each item followed up
//! (status, owner, due date, reason, notes, in the plan or not) before → after.
//!
//! Both sides are listed by [`Workbook::improvement_items`], the list every surface shows. An
//! item is matched by its set id, its question's id within the set and its best practice's
//! choice id; an item a reviewer added, by its row id (such rows are never deleted, so the id
//! is the item). Only items someone follows up — an item with a stored row on either side —
//! are compared: a practice nobody has edited enters or leaves the plan with its question's
//! answer, which the question's own diff already shows.

use std::collections::HashMap;

use time::{Date, OffsetDateTime};

use super::{Change, DiffStatus, ItemDiff};
use crate::error::Result;
use crate::improvement::{ItemFields, ItemRow, TrackedItem, is_overdue, read_rows, today};
use crate::question_set::{Choice, LocalizedText, Question, QuestionSet};
use crate::risk::{Risk, question_risk};
use crate::workbook::{Answer, Workbook};

/// An item's identity across the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ItemKey {
    Practice {
        set_id: String,
        question_id: String,
        choice_id: String,
    },
    Added(i64),
}

/// A question of one side, by its key: its set, pillar, the question and its place in the
/// document (for the items' order).
struct Located<'a> {
    set: &'a QuestionSet,
    pillar_id: &'a str,
    question: &'a Question,
    position: usize,
}

/// One side of the items: its rows and what says whether a practice is in the plan. Read
/// without `review(None)` (which copies every text of every question): only the questions
/// that have rows are looked at, their risk from `question_risk` as `review` computes it.
struct ItemSide<'w> {
    questions: HashMap<&'w str, Located<'w>>,
    answers: HashMap<String, Answer>,
    rows: Vec<ItemRow>,
    today: Date,
}

impl<'w> ItemSide<'w> {
    /// `needed`: either side has rows (a side without any may still list a practice in its
    /// plan that the other side follows up).
    fn read(
        workbook: &'w Workbook,
        rows: Vec<ItemRow>,
        needed: bool,
        at: OffsetDateTime,
    ) -> Result<ItemSide<'w>> {
        let mut questions = HashMap::new();
        if needed {
            let all = workbook
                .question_sets()
                .iter()
                .flat_map(|set| set.questions().map(move |(p, q)| (set, p, q)));
            for (position, (set, pillar, question)) in all.enumerate() {
                let located = Located {
                    set,
                    pillar_id: pillar.id.as_str(),
                    question,
                    position,
                };
                questions.insert(question.key(), located);
            }
        }
        Ok(ItemSide {
            questions,
            answers: if needed {
                workbook.answers()?
            } else {
                HashMap::new()
            },
            rows,
            today: today(at, workbook.time_offset()?),
        })
    }

    /// The question's risk when HIGH or MEDIUM.
    fn priority(&self, q: &Located<'_>) -> Option<Risk> {
        let risk = question_risk(q.set, q.question, self.answers.get(q.question.key()));
        matches!(risk, Risk::High | Risk::Medium).then_some(risk)
    }

    /// Whether the practice is in the plan: its question HIGH or MEDIUM, the choice neither
    /// "none of these", selected nor marked not applicable (as `improvement_items` lists it).
    fn in_plan(&self, q: &Located<'_>, choice: &Choice) -> bool {
        let answer = self.answers.get(q.question.key());
        let selected = answer.is_some_and(|a| a.selected_choices.contains(&choice.id));
        let marked = answer.is_some_and(|a| {
            a.choices_not_applicable
                .iter()
                .any(|na| na.choice_id == choice.id)
        });
        self.priority(q).is_some() && !choice.none_of_these && !selected && !marked
    }

    /// The item as `improvement_items` lists it: a row's, or (`row: None`) a practice nobody
    /// edited, listed only while it is in the plan. `None` when the side does not list it.
    fn item(&self, key: &ItemKey, row: Option<&ItemRow>) -> Option<(Order, TrackedItem)> {
        let question_key = match (row, key) {
            (Some(row), _) => row.question_id.as_str(),
            (
                None,
                ItemKey::Practice {
                    set_id,
                    question_id,
                    ..
                },
            ) => self
                .questions
                .iter()
                .find(|(_, q)| q.set.id() == set_id && q.question.id == *question_id)
                .map(|(k, _)| *k)?,
            (None, ItemKey::Added(_)) => return None,
        };
        let q = self.questions.get(question_key)?;
        let priority = self.priority(q);
        let (choice_id, title, in_plan, choice_position) = match key {
            ItemKey::Practice { choice_id, .. } => {
                let (index, choice) = q
                    .question
                    .choices
                    .iter()
                    .enumerate()
                    .find(|(_, c)| c.id == *choice_id)?;
                let in_plan = self.in_plan(q, choice);
                if row.is_none() && !in_plan {
                    return None;
                }
                (
                    Some(choice.id.clone()),
                    choice.title.clone(),
                    in_plan,
                    index,
                )
            }
            ItemKey::Added(_) => {
                let title = LocalizedText::ja(&row?.title);
                (None, title, true, usize::MAX)
            }
        };
        let fields = row.map(|r| r.fields.clone()).unwrap_or_default();
        // The order `improvement_items` lists them in: the plan's HIGH, then MEDIUM practices
        // (each question's added items after them), added items of questions outside the
        // plan, then practices no longer in the plan; each in review order.
        let group = match (priority, in_plan) {
            (Some(Risk::High), true) => 0,
            (Some(_), true) => 1,
            (None, true) => 2,
            (_, false) => 3,
        };
        let order = (group, q.position, choice_position, row.map_or(0, |r| r.id));
        Some((
            order,
            TrackedItem {
                id: row.map(|r| r.id),
                set_id: q.set.id().to_string(),
                pillar_id: q.pillar_id.to_string(),
                question_id: question_key.to_string(),
                label: q.question.label().to_string(),
                question_title: q.question.title.clone(),
                choice_id,
                title,
                priority,
                in_plan,
                overdue: is_overdue(&fields, in_plan, self.today),
                fields,
                updated_by: row.map(|r| r.updated_by.clone()),
                updated_at: row.map(|r| r.updated_at.clone()),
            },
        ))
    }

    /// Each row's identity across the sides.
    fn keys(&self) -> Vec<(ItemKey, &ItemRow)> {
        self.rows
            .iter()
            .filter_map(|row| {
                let key = match &row.choice_id {
                    Some(choice_id) => {
                        let q = self.questions.get(row.question_id.as_str())?;
                        ItemKey::Practice {
                            set_id: q.set.id().to_string(),
                            question_id: q.question.id.clone(),
                            choice_id: choice_id.clone(),
                        }
                    }
                    None => ItemKey::Added(row.id),
                };
                Some((key, row))
            })
            .collect()
    }
}

/// Where an item is listed: group, question, choice, row id.
type Order = (u8, usize, usize, i64);

fn compare(
    status: DiffStatus,
    key: &ItemKey,
    before: Option<&TrackedItem>,
    after: Option<&TrackedItem>,
) -> Option<ItemDiff> {
    let shown = after.or(before)?;
    // Followed up on one side at least.
    if before.is_none_or(|b| b.id.is_none()) && after.is_none_or(|a| a.id.is_none()) {
        return None;
    }
    let empty = ItemFields::default();
    let b = before.map_or(&empty, |i| &i.fields);
    let a = after.map_or(&empty, |i| &i.fields);
    let question_id = match key {
        ItemKey::Practice { question_id, .. } => question_id.clone(),
        ItemKey::Added(_) => shown.question_id.clone(),
    };
    let diff = ItemDiff {
        status,
        id: shown.id,
        set_id: shown.set_id.clone(),
        question_id,
        key: shown.question_id.clone(),
        label: shown.label.clone(),
        choice_id: shown.choice_id.clone(),
        title: shown.title.clone(),
        priority: shown.priority,
        item_status: Change::of(b.status, a.status),
        owner: Change::of(b.owner.clone(), a.owner.clone()),
        due_date: Change::of(b.due_date.clone(), a.due_date.clone()),
        acceptance_reason: Change::of(b.acceptance_reason.clone(), a.acceptance_reason.clone()),
        notes: Change::of(b.notes.clone(), a.notes.clone()),
        // Only for an item on both sides: an item added or removed says so by its status.
        in_plan: before
            .zip(after)
            .and_then(|(b, a)| Change::of(b.in_plan, a.in_plan)),
        fields: shown.fields.clone(),
        overdue: after.is_some_and(|i| i.overdue),
        updated_by: after.and_then(|i| i.updated_by.clone()),
        updated_at: after.and_then(|i| i.updated_at.clone()),
    };
    let changed = status != DiffStatus::Changed
        || diff.item_status.is_some()
        || diff.owner.is_some()
        || diff.due_date.is_some()
        || diff.acceptance_reason.is_some()
        || diff.notes.is_some()
        || diff.in_plan.is_some();
    changed.then_some(diff)
}

/// The items of `to` and the changes of every item followed up on either side: in `to`'s
/// order, then those only `from` has. `to_at` is the instant "overdue" is measured at on the
/// "to" side (its milestone's time, or now).
pub fn diff_items(
    from: &Workbook,
    to: &Workbook,
    to_at: OffsetDateTime,
) -> Result<(Vec<TrackedItem>, Vec<ItemDiff>)> {
    // The "from" side's overdue marks are not shown: any instant will do.
    let (rows_before, rows_after) = (read_rows(from)?, read_rows(to)?);
    let needed = !rows_before.is_empty() || !rows_after.is_empty();
    let before = ItemSide::read(from, rows_before, needed, to_at)?;
    let after = ItemSide::read(to, rows_after, needed, to_at)?;
    let mut keys: Vec<ItemKey> = Vec::new();
    let mut rows: HashMap<ItemKey, (Option<&ItemRow>, Option<&ItemRow>)> = HashMap::new();
    for (side, key, row) in before
        .keys()
        .into_iter()
        .map(|(k, r)| (0, k, r))
        .chain(after.keys().into_iter().map(|(k, r)| (1, k, r)))
    {
        let entry = rows.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            (None, None)
        });
        if side == 0 {
            entry.0 = Some(row);
        } else {
            entry.1 = Some(row);
        }
    }
    let mut listed: Vec<(Order, ItemDiff)> = Vec::new();
    let mut tracked_after = Vec::new();
    for key in &keys {
        let (row_before, row_after) = rows[key];
        let then = before.item(key, row_before);
        let now = after.item(key, row_after);
        if let (Some((_, item)), Some(_)) = (&now, row_after) {
            tracked_after.push(item.clone());
        }
        let status = match (&then, &now) {
            (Some(_), Some(_)) => DiffStatus::Changed,
            (None, Some(_)) => DiffStatus::Added,
            (Some(_), None) => DiffStatus::Removed,
            (None, None) => continue,
        };
        // Where "to" lists it, else where "from" did; items only "from" has come last.
        let Some(order) = now.as_ref().or(then.as_ref()).map(|(order, _)| *order) else {
            continue;
        };
        let (then, now) = (then.map(|(_, i)| i), now.map(|(_, i)| i));
        listed.extend(compare(status, key, then.as_ref(), now.as_ref()).map(|d| (order, d)));
    }
    listed.sort_by_key(|(order, diff)| (diff.status == DiffStatus::Removed, *order));
    Ok((tracked_after, listed.into_iter().map(|(_, d)| d).collect()))
}
