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

use time::OffsetDateTime;

use super::{Change, DiffStatus, ItemDiff};
use crate::error::Result;
use crate::improvement::{ItemFields, TrackedItem};
use crate::workbook::Workbook;

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

/// The question's id within its set, by its key in this workbook.
fn ids_by_key(workbook: &Workbook) -> HashMap<String, String> {
    workbook
        .question_sets()
        .iter()
        .flat_map(|set| {
            set.questions()
                .map(|(_, q)| (q.key().to_string(), q.id.clone()))
        })
        .collect()
}

/// The items of one side with their identity, in the side's order.
fn keyed(workbook: &Workbook, at: OffsetDateTime) -> Result<Vec<(ItemKey, TrackedItem)>> {
    let ids = ids_by_key(workbook);
    Ok(workbook
        .improvement_items(at)?
        .into_iter()
        .filter_map(|item| {
            let key = match (&item.choice_id, item.id) {
                (Some(choice_id), _) => ItemKey::Practice {
                    set_id: item.set_id.clone(),
                    question_id: ids
                        .get(&item.question_id)
                        .cloned()
                        .unwrap_or_else(|| item.question_id.clone()),
                    choice_id: choice_id.clone(),
                },
                (None, Some(id)) => ItemKey::Added(id),
                (None, None) => return None,
            };
            Some((key, item))
        })
        .collect())
}

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
    let before = keyed(from, to_at)?;
    let after = keyed(to, to_at)?;
    let mut by_key: HashMap<&ItemKey, &TrackedItem> = before.iter().map(|(k, i)| (k, i)).collect();
    let mut diffs = Vec::new();
    for (key, now) in &after {
        let then = by_key.remove(key);
        let status = if then.is_some() {
            DiffStatus::Changed
        } else {
            DiffStatus::Added
        };
        diffs.extend(compare(status, key, then, Some(now)));
    }
    for (key, then) in &before {
        if by_key.contains_key(key) {
            diffs.extend(compare(DiffStatus::Removed, key, Some(then), None));
        }
    }
    Ok((after.into_iter().map(|(_, i)| i).collect(), diffs))
}
