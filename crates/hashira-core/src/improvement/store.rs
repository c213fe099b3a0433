//! Improvement items in the workbook: the `improvement_item` rows read, and edits checked and
//! written — one audited write per edit (`improvement_item.set` / `improvement_item.add`, on
//! the question), the rows recorded by the tracking so `verify` replays them.

use rusqlite::params;
use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::items::{
    ItemEdit, ItemFields, ItemRow, ItemStatus, ItemTarget, TrackedItem, apply_edit, check_title,
    merge, today,
};
use crate::error::{Error, Result};
use crate::workbook::{DbResult, Workbook, Write};

/// One item an import or batch would change: as stored and as it would be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemUpdate {
    pub target: ItemTarget,
    /// The row's id when it has one.
    pub id: Option<i64>,
    pub question_id: String,
    pub choice_id: Option<String>,
    pub before: ItemFields,
    pub after: ItemFields,
}

/// The outcome of checking many item edits: what would change, and every edit refused (by its
/// index in the input) with the reason.
#[derive(Debug, Default)]
pub struct ItemPlan {
    pub updates: Vec<ItemUpdate>,
    pub rejected: Vec<(usize, Error)>,
}

pub(crate) fn read_rows(workbook: &Workbook) -> Result<Vec<ItemRow>> {
    let path = workbook.path();
    let mut statement = workbook
        .conn()
        .prepare(
            "SELECT id, question_id, choice_id, title, owner, due_date, status, \
             acceptance_reason, notes, updated_by, updated_at FROM improvement_item ORDER BY id",
        )
        .db(path)?;
    let rows = statement
        .query_map([], |r| {
            let status: String = r.get(6)?;
            Ok(ItemRow {
                id: r.get(0)?,
                question_id: r.get(1)?,
                choice_id: r.get(2)?,
                title: r.get(3)?,
                fields: ItemFields {
                    owner: r.get(4)?,
                    due_date: r.get(5)?,
                    // The table's CHECK allows only the four codes.
                    status: ItemStatus::parse(&status).unwrap_or_default(),
                    acceptance_reason: r.get(7)?,
                    notes: r.get(8)?,
                },
                updated_by: r.get(9)?,
                updated_at: r.get(10)?,
            })
        })
        .db(path)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().db(path)
}

fn audit_value(row_id: Option<i64>, update: &ItemUpdate, fields: &ItemFields) -> Value {
    json!({
        "item": update.target.name(),
        "id": row_id,
        "choice_id": update.choice_id,
        "owner": fields.owner,
        "due_date": fields.due_date,
        "status": fields.status,
        "acceptance_reason": fields.acceptance_reason,
        "notes": fields.notes,
    })
}

/// Writes one planned update and its audit entry; returns the row id.
fn store(write: &Write<'_>, update: &ItemUpdate, actor: &str) -> Result<i64> {
    let f = &update.after;
    let id = match update.id {
        Some(id) => {
            write
                .tx
                .execute(
                    "UPDATE improvement_item SET owner = ?2, due_date = ?3, status = ?4, \
                     acceptance_reason = ?5, notes = ?6, updated_by = ?7, updated_at = ?8 \
                     WHERE id = ?1",
                    params![
                        id,
                        f.owner,
                        f.due_date,
                        f.status.as_str(),
                        f.acceptance_reason,
                        f.notes,
                        actor,
                        write.at
                    ],
                )
                .db(write.path)?;
            id
        }
        None => {
            write
                .tx
                .execute(
                    "INSERT INTO improvement_item (question_id, choice_id, owner, due_date, \
                     status, acceptance_reason, notes, updated_by, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        update.question_id,
                        update.choice_id,
                        f.owner,
                        f.due_date,
                        f.status.as_str(),
                        f.acceptance_reason,
                        f.notes,
                        actor,
                        write.at
                    ],
                )
                .db(write.path)?;
            write.tx.last_insert_rowid()
        }
    };
    let old = audit_value(update.id, update, &update.before);
    let new = audit_value(Some(id), update, &update.after);
    write.audit(
        actor,
        crate::history::action::IMPROVEMENT_ITEM_SET,
        &update.question_id,
        Some(&old),
        Some(&new),
    )?;
    Ok(id)
}

/// Writes every planned update (each with its audit entry) inside an open write: for an import
/// that also changes answers in the same transaction.
pub(crate) fn store_updates(write: &Write<'_>, updates: &[ItemUpdate], actor: &str) -> Result<()> {
    for update in updates {
        store(write, update, actor)?;
    }
    Ok(())
}

impl Workbook {
    /// Every improvement item with its owner, due date, status and notes; `overdue` is
    /// measured against `now`'s date in the workbook's time zone.
    pub fn improvement_items(&self, now: OffsetDateTime) -> Result<Vec<TrackedItem>> {
        let today = today(now, self.time_offset()?);
        Ok(merge(&self.review(None)?, &read_rows(self)?, today))
    }

    /// The item an edit is for, as listed now (a practice without a row is listed with
    /// defaults). A practice neither in the plan nor edited before, or an unknown id, is
    /// `IMPROVEMENT_ITEM_NOT_FOUND`.
    fn find_item<'a>(
        &self,
        items: &'a [TrackedItem],
        target: &ItemTarget,
    ) -> Result<&'a TrackedItem> {
        let found = match target {
            ItemTarget::Practice {
                question_id,
                choice_id,
            } => {
                let (_, _, question) = self.find_question(question_id)?;
                let choice = crate::question_set::lookup::resolve_choice(question, choice_id)?;
                items.iter().find(|i| {
                    i.question_id == question.key() && i.choice_id.as_deref() == Some(&choice.id)
                })
            }
            ItemTarget::Id { id } => items.iter().find(|i| i.id == Some(*id)),
        };
        found.ok_or_else(|| Error::ImprovementItemNotFound {
            item: target.name(),
            reason: match target {
                ItemTarget::Practice { .. } => "the practice is not in the improvement plan \
                     (it is selected or not applicable, or its question is not at high or \
                     medium risk)"
                    .into(),
                ItemTarget::Id { .. } => "no improvement item has this id".into(),
            },
        })
    }

    /// Checks `edits` with the same rules as [`Workbook::set_improvement_item`] without
    /// writing anything. Several edits of one item apply in order; edits that change nothing
    /// are left out.
    pub fn plan_item_edits(&self, edits: &[(ItemTarget, ItemEdit)]) -> Result<ItemPlan> {
        let items = self.improvement_items(OffsetDateTime::UNIX_EPOCH)?;
        let mut plan = ItemPlan::default();
        let mut planned: Vec<ItemUpdate> = Vec::new();
        for (index, (target, edit)) in edits.iter().enumerate() {
            let item = match self.find_item(&items, target) {
                Ok(item) => item,
                Err(error) => {
                    plan.rejected.push((index, error));
                    continue;
                }
            };
            let canonical = item.target();
            let at = planned.iter().position(|u| u.target == canonical);
            let current = at.map_or(&item.fields, |i| &planned[i].after);
            match apply_edit(&canonical.name(), current, edit) {
                Ok(after) => match at {
                    Some(i) => planned[i].after = after,
                    None => planned.push(ItemUpdate {
                        target: canonical,
                        id: item.id,
                        question_id: item.question_id.clone(),
                        choice_id: item.choice_id.clone(),
                        before: item.fields.clone(),
                        after,
                    }),
                },
                Err(error) => plan.rejected.push((index, error)),
            }
        }
        plan.updates = planned
            .into_iter()
            .filter(|u| u.before != u.after)
            .collect();
        Ok(plan)
    }

    /// Edits one item (owner, due date, status, reason for acceptance, notes) in one audited
    /// write. A practice gets its row on its first edit; an edit that changes nothing writes
    /// nothing. Returns the item as listed after the edit (`overdue` as of `now`).
    pub fn set_improvement_item(
        &mut self,
        target: &ItemTarget,
        edit: ItemEdit,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<TrackedItem> {
        let mut plan = self.plan_item_edits(&[(target.clone(), edit)])?;
        if let Some((_, error)) = plan.rejected.pop() {
            return Err(error);
        }
        let mut id = None;
        if let Some(update) = plan.updates.first() {
            id = Some(self.write(|write| store(write, update, actor))?);
        }
        let items = self.improvement_items(now)?;
        let target = match id {
            Some(id) => ItemTarget::Id { id },
            None => target.clone(),
        };
        self.find_item(&items, &target).cloned()
    }

    /// Adds an item of the reviewer's own to a question (any question, in the plan or not),
    /// with `edit` applied to a new OPEN item, in one audited write (`improvement_item.add`).
    pub fn add_improvement_item(
        &mut self,
        question_id: &str,
        title: &str,
        edit: ItemEdit,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<TrackedItem> {
        let (_, _, question) = self.find_question(question_id)?;
        let question_id = question.key().to_string();
        let title = check_title(title)?;
        let fields = apply_edit("(new)", &ItemFields::default(), &edit)?;
        let id = self.write(|write| {
            write
                .tx
                .execute(
                    "INSERT INTO improvement_item (question_id, choice_id, title, owner, \
                     due_date, status, acceptance_reason, notes, updated_by, updated_at) \
                     VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        question_id,
                        title,
                        fields.owner,
                        fields.due_date,
                        fields.status.as_str(),
                        fields.acceptance_reason,
                        fields.notes,
                        actor,
                        write.at
                    ],
                )
                .db(write.path)?;
            let id = write.tx.last_insert_rowid();
            let mut new = serde_json::to_value(&fields).unwrap_or_default();
            new["item"] = json!(format!("#{id}"));
            new["id"] = json!(id);
            new["title"] = json!(title);
            write.audit(
                actor,
                crate::history::action::IMPROVEMENT_ITEM_ADD,
                &question_id,
                None,
                Some(&new),
            )?;
            Ok(id)
        })?;
        let items = self.improvement_items(now)?;
        self.find_item(&items, &ItemTarget::Id { id }).cloned()
    }

    /// An import's answers and item edits in one transaction, after its batch entry: all of
    /// them or, if any is refused, none. Each changed answer and item gets its own entry.
    pub fn save_answers_and_items(
        &mut self,
        answers: Vec<(String, crate::workbook::AnswerChange)>,
        items: &[(ItemTarget, ItemEdit)],
        actor: &str,
        batch: (&str, &str, Value),
    ) -> Result<()> {
        let mut plan = self.plan_item_edits(items)?;
        if let Some((_, error)) = plan.rejected.pop() {
            return Err(error);
        }
        self.save_answers_with(answers, actor, batch, |write| {
            store_updates(write, &plan.updates, actor)
        })
    }
}
