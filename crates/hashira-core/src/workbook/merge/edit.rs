//! A conflict settled by the merging reviewer's own value (`{"edit": value}`, issue #14). The
//! value per kind, checked by the rules of that thing's ordinary edit:
//!
//! - `notes:Q` — the question's notes, a string;
//! - `answer:Q` — `{"selected_choices": [...], "choices_not_applicable": [{"choice_id",
//!   "reason", "text"}], "not_applicable": null | {"reason", "text"}}` (each may be left out:
//!   empty; the notes stay as merged): the question's choices, "None of these" alone, a reason
//!   for every N/A;
//! - `workload:P` — the property as text, as `hashira set` takes it (lists separated by commas);
//! - `wg:N` — `{"decision", "own_measures", "residual_risk", "reviewer_notes"}`: the decision
//!   as a code, a Japanese label or an English word; a part left out keeps this workbook's;
//! - `improvement:…` — `{"owner", "due_date", "status", "acceptance_reason", "notes"}`, as
//!   `hashira improvement set` takes them; a part left out keeps this workbook's.
//!
//! The merge keeps this workbook's value for the unit and, after its closing entry, writes the
//! edited value as the merging reviewer's own change with the ordinary action (old → new), so
//! `log` tells who decided what and `verify` replays it. A value that does not pass is refused
//! before anything is written (MERGE_REFUSED, kind INVALID_EDIT, naming the conflict and field).

use serde::Deserialize;
use serde_json::{Value, json};

use super::super::answers::{self, Answer, AnswerChange, ChoiceNotApplicable, NotApplicable};
use super::super::workload::{self, WorkloadField};
use super::super::{DbResult, Workbook, Write};
use super::{MergeConflict, MergeItem, Op};
use crate::error::{Error, Result};
use crate::improvement::{ItemEdit, ItemStatus, ItemTarget, ItemUpdate};
use crate::question_set::Question;
use crate::wg::{WgDecision, WgEvaluationChange};

/// The kind of MERGE_REFUSED an edit that does not pass gets.
pub const INVALID_EDIT: &str = "INVALID_EDIT";

/// An edited value, checked, ready to be written after the merge entry.
pub(super) enum Edit {
    Answer {
        question: Box<Question>,
        change: AnswerChange,
    },
    Notes {
        question: Box<Question>,
        notes: String,
    },
    Workload {
        field: WorkloadField,
        old: Value,
        new: Value,
    },
    Wg {
        id: i64,
        target: String,
        old: Value,
        new: Value,
    },
    Item {
        update: Option<Box<ItemUpdate>>,
    },
}

/// The answer part of an edit (the notes are a conflict of their own).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerEdit {
    #[serde(default)]
    selected_choices: Vec<String>,
    #[serde(default)]
    choices_not_applicable: Vec<ChoiceNotApplicable>,
    #[serde(default)]
    not_applicable: Option<NotApplicable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WgEdit {
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    own_measures: Option<String>,
    #[serde(default)]
    residual_risk: Option<String>,
    #[serde(default)]
    reviewer_notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFieldsEdit {
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    due_date: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    acceptance_reason: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

/// Checks `value` as the edit of `conflict` in `workbook` (as it is before the merge: the unit
/// keeps this workbook's value until the edit is written).
pub(super) fn check(
    workbook: &Workbook,
    other: &std::path::Path,
    conflict: &MergeConflict,
    value: &Value,
) -> Result<Edit> {
    let refuse = |field: &str, why: String| Error::MergeRefused {
        other: other.to_path_buf(),
        kind: INVALID_EDIT,
        message: format!(
            "the edited value of conflict '{}' ({field}) is refused: {why}; nothing was merged",
            conflict.id
        ),
    };
    let parse = |field: &str| {
        let field = field.to_string();
        move |e: serde_json::Error| refuse(&field, e.to_string())
    };
    match (&conflict.item, &conflict.op) {
        (MergeItem::Notes, Op::Notes { question, .. }) => {
            let notes = value
                .as_str()
                .ok_or_else(|| refuse("notes", "the notes must be a string".into()))?;
            let question = &question_of(workbook, question)?;
            answers::apply(
                question,
                &Answer::empty(question.key()),
                AnswerChange {
                    notes: Some(notes.to_string()),
                    ..AnswerChange::default()
                },
            )
            .map_err(|e| refuse("notes", e.to_string()))?;
            Ok(Edit::Notes {
                question: Box::new(question.clone()),
                notes: notes.to_string(),
            })
        }
        (MergeItem::Answer, Op::Answer { question, .. }) => {
            let edit: AnswerEdit =
                serde_json::from_value(value.clone()).map_err(parse("answer"))?;
            let question = &question_of(workbook, question)?;
            let empty = Answer::empty(question.key());
            // Each part alone first, so the refusal names the part at fault.
            let parts = [
                (
                    "selected_choices",
                    AnswerChange {
                        selected_choices: Some(edit.selected_choices.clone()),
                        ..AnswerChange::default()
                    },
                ),
                (
                    "choices_not_applicable",
                    AnswerChange {
                        choices_not_applicable: Some(edit.choices_not_applicable.clone()),
                        ..AnswerChange::default()
                    },
                ),
            ];
            for (field, change) in parts {
                answers::apply(question, &empty, change)
                    .map_err(|e| refuse(field, e.to_string()))?;
            }
            let change = AnswerChange {
                selected_choices: Some(edit.selected_choices),
                choices_not_applicable: Some(edit.choices_not_applicable),
                not_applicable: Some(edit.not_applicable),
                notes: None,
            };
            answers::apply(question, &empty, change.clone())
                .map_err(|e| refuse("choices_not_applicable", e.to_string()))?;
            Ok(Edit::Answer {
                question: Box::new(question.clone()),
                change,
            })
        }
        (MergeItem::Workload, Op::Workload { column, .. }) => {
            let field = WorkloadField::parse(column)
                .ok_or_else(|| refuse(column, "not a workload property".into()))?;
            let text = match value {
                Value::String(text) => text.clone(),
                // A list may be given as a JSON list as well as text.
                Value::Array(items) if field.is_list() => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| refuse(column, "the list must hold strings".into()))?
                    .join("\n"),
                _ => return Err(refuse(column, "the property must be text".into())),
            };
            let current = workbook.workload()?;
            let new = workload::with_property(current.clone(), field, &text)
                .and_then(workload::normalise)
                .map_err(|e| refuse(column, e.to_string()))?;
            Ok(Edit::Workload {
                field,
                old: field.get(&current),
                new: field.get(&new),
            })
        }
        (MergeItem::WgDecision, Op::Wg { id, .. }) => {
            let edit: WgEdit =
                serde_json::from_value(value.clone()).map_err(parse("wg_decision"))?;
            let decision = match &edit.decision {
                Some(text) => Some(WgDecision::parse(text).ok_or_else(|| {
                    refuse(
                        "decision",
                        format!(
                            "'{text}' is not a decision ({})",
                            WgDecision::ALL.map(WgDecision::as_str).join(", ")
                        ),
                    )
                })?),
                None => None,
            };
            let (service, position): (String, i64) = workbook
                .conn()
                .query_row(
                    "SELECT a.service, c.position FROM wg_criterion c \
                     JOIN wg_assessment a ON a.id = c.assessment_id WHERE c.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .db(workbook.path())?;
            let stored = workbook.wg_stored(&service)?;
            let Some(current) = stored
                .criterion_ids
                .iter()
                .position(|c| c == id)
                .and_then(|i| stored.assessment.criteria.get(i))
            else {
                return Err(refuse("wg_decision", "the criterion is not here".into()));
            };
            let next = crate::wg::evaluated(
                current,
                WgEvaluationChange {
                    decision,
                    own_measures: edit.own_measures,
                    residual_risk: edit.residual_risk,
                    reviewer_notes: edit.reviewer_notes,
                },
            )
            .map_err(|e| refuse("wg_decision", e.to_string()))?;
            let evaluation = |c: &crate::wg::WgCriterion| {
                json!({
                    "decision": c.decision,
                    "own_measures": c.own_measures,
                    "residual_risk": c.residual_risk,
                    "reviewer_notes": c.reviewer_notes,
                })
            };
            Ok(Edit::Wg {
                id: *id,
                target: format!("{service}#{}", position + 1),
                old: evaluation(current),
                new: evaluation(&next),
            })
        }
        (MergeItem::ImprovementItem, Op::Improvement { ours_id, .. }) => {
            let Some(id) = ours_id else {
                return Err(refuse(
                    "improvement_item",
                    "this workbook no longer has the item: take a side".into(),
                ));
            };
            let edit: ItemFieldsEdit =
                serde_json::from_value(value.clone()).map_err(parse("improvement_item"))?;
            let status =
                match &edit.status {
                    Some(text) => Some(ItemStatus::parse(text).ok_or_else(|| {
                        refuse("status", format!("'{text}' is not an item status"))
                    })?),
                    None => None,
                };
            let mut plan = workbook.plan_item_edits(&[(
                ItemTarget::Id { id: *id },
                ItemEdit {
                    owner: edit.owner,
                    due_date: edit.due_date,
                    status,
                    acceptance_reason: edit.acceptance_reason,
                    notes: edit.notes,
                },
            )])?;
            if let Some((_, error)) = plan.rejected.pop() {
                return Err(refuse("improvement_item", error.to_string()));
            }
            Ok(Edit::Item {
                update: plan.updates.pop().map(Box::new),
            })
        }
        _ => Err(refuse(
            "edit",
            "this kind of conflict cannot be edited: take a side".into(),
        )),
    }
}

/// The question a conflict is about, also from a workbook opened without its sets parsed
/// (`Workbook::open_for_figures`, as `hashira merge` opens it): then that one question is read.
fn question_of(workbook: &Workbook, id: &str) -> Result<Question> {
    let not_found = match workbook.find_question(id) {
        Ok((_, _, question)) => return Ok(question.clone()),
        Err(error) => error,
    };
    let (conn, path) = (workbook.conn(), workbook.path());
    let sets = match super::super::sets::load_one_question(conn, path, id)? {
        Some(sets) => sets,
        None => super::super::sets::load_sets(conn, path)?,
    };
    sets.iter()
        .find_map(|set| set.question(id).map(|(_, q)| q.clone()))
        .ok_or(not_found)
}

/// The answer to `question` as this write sees it (after the merge's own rows).
fn answer_now(write: &Write<'_>, question: &Question) -> Result<Answer> {
    let key = question.key();
    let mut answer = answers::read_answers(&write.tx, write.path, Some(key), true)?
        .remove(key)
        .unwrap_or_else(|| Answer::empty(key));
    answer.in_order_of(question);
    Ok(answer)
}

/// Writes an edit as `actor`'s own change with its ordinary audit entry (nothing when the
/// value is what the merge left).
pub(super) fn store(write: &Write<'_>, edit: &Edit, actor: &str) -> Result<()> {
    match edit {
        Edit::Answer { question, change } => store_answer(write, question, change.clone(), actor),
        Edit::Notes { question, notes } => store_answer(
            write,
            question,
            AnswerChange {
                notes: Some(notes.clone()),
                ..AnswerChange::default()
            },
            actor,
        ),
        Edit::Workload { field, old, new } => {
            if old == new {
                return Ok(());
            }
            workload::store_property(write, *field, old, new, actor)
        }
        Edit::Wg {
            id,
            target,
            old,
            new,
        } => {
            if old == new {
                return Ok(());
            }
            write
                .tx
                .execute(
                    "UPDATE wg_criterion SET decision = ?1, own_measures = ?2, \
                     residual_risk = ?3, reviewer_notes = ?4 WHERE id = ?5",
                    rusqlite::params![
                        new["decision"].as_str(),
                        new["own_measures"].as_str(),
                        new["residual_risk"].as_str(),
                        new["reviewer_notes"].as_str(),
                        id
                    ],
                )
                .db(write.path)?;
            write.audit(
                actor,
                crate::history::action::WG_EVALUATE,
                target,
                Some(old),
                Some(new),
            )
        }
        Edit::Item { update } => match update {
            Some(update) => {
                crate::improvement::store_updates(write, std::slice::from_ref(&**update), actor)
            }
            None => Ok(()),
        },
    }
}

fn store_answer(
    write: &Write<'_>,
    question: &Question,
    change: AnswerChange,
    actor: &str,
) -> Result<()> {
    let current = answer_now(write, question)?;
    let next = answers::apply(question, &current, change)?;
    if next.same_content(&current) {
        return Ok(());
    }
    answers::store_answer(write, question.key(), &current, &next, actor)
}

/// One side's value of `conflict` in the form its edit takes (`Null` when that side has no
/// value to start from): the template shows both, ready to copy as `{"edit": …}` and change.
pub(super) fn form_of(conflict: &MergeConflict, side: &Value) -> Value {
    let text = |v: &Value| match v {
        Value::Null => Value::String(String::new()),
        other => other.clone(),
    };
    match conflict.item {
        MergeItem::Notes => text(side),
        MergeItem::Workload => text(side),
        MergeItem::Answer => {
            let mut selected = Vec::new();
            let mut not_applicable = Vec::new();
            if let Some(choices) = side["choices"].as_object() {
                for (choice, row) in choices {
                    if row["status"] == "SELECTED" {
                        selected.push(json!(choice));
                    } else {
                        not_applicable.push(json!({
                            "choice_id": choice,
                            "reason": row["reason"],
                            "text": row["reason_text"].as_str().unwrap_or(""),
                        }));
                    }
                }
            }
            let question_na = match &side["not_applicable_reason"] {
                Value::Null => Value::Null,
                reason => json!({
                    "reason": reason,
                    "text": side["not_applicable_text"].as_str().unwrap_or(""),
                }),
            };
            json!({
                "selected_choices": selected,
                "choices_not_applicable": not_applicable,
                "not_applicable": question_na,
            })
        }
        MergeItem::WgDecision | MergeItem::ImprovementItem => match side.as_object() {
            Some(fields) => Value::Object(
                fields
                    .iter()
                    .filter(|(k, v)| *k != "title" && !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            None => Value::Null,
        },
        MergeItem::Evidence | MergeItem::Rereview => Value::Null,
    }
}
