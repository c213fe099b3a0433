//! Applying a merge plan: one write transaction that appends the other file's entries after
//! the fork (their own actors, times, actions and values; each marked with the file and its
//! number and hash there), writes the rows taken, and closes with one `workbook.merge` entry
//! whose row record covers every row the appended entries name, so `verify`'s replay ends
//! at the rows the file holds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};

use super::super::audit::append_at;
use super::super::tracking::{StateRecord, TRACKED};
use super::super::{DbResult, Workbook, Write};
use super::{
    MERGE_ACTION, MergePlan, MergeResolution, MergeResolutions, MergeSettled, MergeSide, Op, Other,
    edit,
};
use crate::error::{Error, Result};

/// What an applied merge did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeOutcome {
    /// False when there was nothing to merge (already merged): neither file changed.
    pub merged: bool,
    pub their_entries: usize,
    pub taken: usize,
    /// Conflict id → the side taken, or `edit` (the reviewer's own value).
    pub resolutions: BTreeMap<String, MergeSettled>,
    pub audit_head: String,
}

fn sql_value(value: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .unwrap_or_else(|| Sql::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

fn settled(side: MergeSide) -> MergeSettled {
    match side {
        MergeSide::Ours => MergeSettled::Ours,
        MergeSide::Theirs => MergeSettled::Theirs,
    }
}

fn parse_text(text: &Option<String>) -> Option<Value> {
    text.as_ref()
        .map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.clone())))
}

impl Workbook {
    /// Merges `other` as [`Workbook::plan_merge`] shows it. `expected` (the fingerprint the
    /// dry run showed, or the resolutions file's `plan`) refuses a plan that changed since;
    /// every conflict needs a side or an edited value (by id, else `prefer`; an edited value
    /// is checked first, see `merge/edit.rs`). All in one transaction: a failure
    /// or a crash leaves this workbook as it was. Merging a file already merged changes
    /// nothing.
    pub fn apply_merge(
        &mut self,
        other: &Path,
        expected: Option<&str>,
        resolutions: &MergeResolutions,
        actor: &str,
    ) -> Result<MergeOutcome> {
        let damage = super::trust::read_as_damage(other);
        let other = Other::open(other, self).map_err(&damage)?;
        let plan = self.plan_with(&other).map_err(&damage)?;
        let changed = || Error::MergePlanChanged {
            other: other.path.clone(),
        };
        if let Some(expected) = expected.or(resolutions.plan.as_deref())
            && expected != plan.fingerprint
        {
            return Err(changed());
        }
        if plan.already_merged {
            return Ok(MergeOutcome {
                merged: false,
                their_entries: 0,
                taken: 0,
                resolutions: BTreeMap::new(),
                audit_head: self.audit_head()?,
            });
        }
        // A resolution for a conflict the plan does not have would be dropped unseen: a
        // mistyped id, or a file written for another plan, must not pass for a decision.
        let unknown: Vec<&str> = resolutions
            .resolutions
            .keys()
            .map(String::as_str)
            .filter(|id| !plan.conflicts.iter().any(|c| c.id == *id))
            .collect();
        if !unknown.is_empty() {
            let listed: Vec<&str> = plan.conflicts.iter().map(|c| c.id.as_str()).collect();
            return Err(Error::MergeRefused {
                other: other.path.clone(),
                kind: "UNKNOWN_CONFLICT",
                message: format!(
                    "the resolutions name {} that this merge's plan does not have (its \
                     conflicts: {}); correct the id, or write a fresh template with --dry-run",
                    unknown
                        .iter()
                        .map(|id| format!("'{id}'"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if listed.is_empty() {
                        "none".to_string()
                    } else {
                        listed.join(", ")
                    }
                ),
            });
        }
        let mut chosen = BTreeMap::new();
        let mut edits = Vec::new();
        let mut open = Vec::new();
        for conflict in &plan.conflicts {
            let resolution = resolutions.resolutions.get(&conflict.id).cloned().flatten();
            match resolution.or(resolutions.prefer.map(MergeResolution::Side)) {
                Some(MergeResolution::Side(side)) => {
                    chosen.insert(conflict.id.clone(), settled(side));
                }
                Some(MergeResolution::Edit { edit: value }) => {
                    let checked = edit::check(self, &other.path, conflict, &value)?;
                    chosen.insert(conflict.id.clone(), MergeSettled::Edit);
                    edits.push((conflict.id.clone(), checked, value));
                }
                None => open.push(conflict.id.clone()),
            }
        }
        if !open.is_empty() {
            return Err(Error::MergeConflicts {
                other: other.path.clone(),
                conflicts: open,
            });
        }
        let file_name = other
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.write(|write| {
            if super::super::audit::head_text(write)? != plan.our_head {
                return Err(changed());
            }
            let extra = append_theirs(write, &plan, &file_name)?;
            let mut ops: Vec<&Op> = plan.taken.iter().map(|c| &c.op).collect();
            ops.extend(
                plan.conflicts
                    .iter()
                    .filter(|c| chosen.get(&c.id) == Some(&MergeSettled::Theirs))
                    .map(|c| &c.op),
            );
            apply_ops(write, &other, &ops)?;
            mark_changed(write, &extra)?;
            let mut taken: BTreeMap<String, usize> = BTreeMap::new();
            for change in &plan.taken {
                let item = serde_json::to_value(change.item).unwrap_or_default();
                *taken
                    .entry(item.as_str().unwrap_or("").to_string())
                    .or_default() += 1;
            }
            write.audit(
                actor,
                MERGE_ACTION,
                &file_name,
                None,
                Some(&json!({
                    "file": file_name,
                    "workbook_head": plan.their_head,
                    "fork": { "seq": plan.fork.seq, "entry_hash": plan.fork.entry_hash },
                    "entries": plan.their_entries,
                    "taken": taken,
                    "conflicts": plan.conflicts.iter().map(|c| {
                        let mut entry = json!({
                            "id": c.id,
                            "resolution": chosen.get(&c.id),
                            "ours": c.ours,
                            "theirs": c.theirs,
                        });
                        if let Some((_, _, value)) = edits.iter().find(|(id, _, _)| *id == c.id) {
                            entry["edit"] = value.clone();
                        }
                        entry
                    }).collect::<Vec<_>>(),
                    "plan": plan.fingerprint,
                })),
            )?;
            // The edited values: the merging reviewer's own changes, after the merge entry
            // (which kept this workbook's values for those units), each with its own entry.
            for (_, checked, _) in &edits {
                edit::store(write, checked, actor)?;
            }
            Ok(())
        })
        .map_err(&damage)?;
        Ok(MergeOutcome {
            merged: true,
            their_entries: plan.their_entries,
            taken: plan.taken.len(),
            resolutions: chosen,
            audit_head: self.audit_head()?,
        })
    }
}

/// Appends the other file's entries; returns every row their records name.
fn append_theirs(
    write: &Write<'_>,
    plan: &MergePlan,
    file_name: &str,
) -> Result<BTreeSet<(String, String)>> {
    let mut named = BTreeSet::new();
    for entry in &plan.appended {
        let mut record = entry.record().unwrap_or(StateRecord {
            baseline: false,
            rows: Vec::new(),
            merged_from: None,
        });
        for state in &record.rows {
            named.insert((state.table.clone(), state.key.to_string()));
        }
        record.merged_from = Some(json!({
            "file": file_name,
            "seq": entry.seq,
            "entry_hash": entry.entry_hash,
        }));
        append_at(
            write,
            &entry.at,
            &entry.actor,
            &entry.action,
            &entry.target,
            parse_text(&entry.old_value).as_ref(),
            parse_text(&entry.new_value).as_ref(),
            Some(&record),
        )?;
    }
    Ok(named)
}

/// Makes the closing entry record these rows as they are now (the appended entries recorded
/// them as they were in the other file, under its evidence and item numbers).
fn mark_changed(write: &Write<'_>, rows: &BTreeSet<(String, String)>) -> Result<()> {
    let mut statement = write
        .tx
        .prepare_cached(
            "INSERT INTO temp.hashira_changed (tbl, key) SELECT ?1, json(?2) WHERE NOT EXISTS \
             (SELECT 1 FROM temp.hashira_changed WHERE tbl = ?1 AND key = json(?2))",
        )
        .db(write.path)?;
    for (table, key) in rows {
        if TRACKED.iter().any(|t| t.table == table) {
            statement.execute(params![table, key]).db(write.path)?;
        }
    }
    Ok(())
}

/// The ops of one question's answer row, applied together (answer and notes are separate
/// units of the same row).
#[derive(Default)]
struct AnswerOps<'a> {
    answer: Option<(&'a Value, &'a str, &'a str, bool)>,
    notes: Option<(&'a str, &'a str, &'a str, bool)>,
}

fn apply_ops(write: &Write<'_>, other: &Other, ops: &[&Op]) -> Result<()> {
    let mut answers: BTreeMap<&str, AnswerOps<'_>> = BTreeMap::new();
    let tx = &write.tx;
    let path = write.path;
    for op in ops {
        match op {
            Op::Answer {
                question,
                value,
                by,
                at,
                their_row,
            } => {
                answers.entry(question).or_default().answer =
                    Some((value, by.as_str(), at.as_str(), *their_row));
            }
            Op::Notes {
                question,
                notes,
                by,
                at,
                their_row,
            } => {
                answers.entry(question).or_default().notes =
                    Some((notes.as_str(), by.as_str(), at.as_str(), *their_row));
            }
            Op::Workload { column, value } => {
                let tracked = TRACKED.iter().find(|t| t.table == "workload");
                if tracked.is_some_and(|t| t.columns.contains(&column.as_str())) {
                    tx.execute(
                        &format!("UPDATE workload SET {column} = ?1"),
                        [sql_value(value)],
                    )
                    .db(path)?;
                }
            }
            Op::Wg { id, value } => {
                tx.execute(
                    "UPDATE wg_criterion SET decision = ?1, own_measures = ?2, \
                     residual_risk = ?3, reviewer_notes = ?4 WHERE id = ?5",
                    params![
                        sql_value(&value["decision"]),
                        sql_value(&value["own_measures"]),
                        sql_value(&value["residual_risk"]),
                        sql_value(&value["reviewer_notes"]),
                        id
                    ],
                )
                .db(path)?;
            }
            Op::Improvement { ours_id, theirs } => improvement(write, *ours_id, theirs.as_ref())?,
            Op::EvidenceAdd { their_id, row } => add_evidence(write, other, *their_id, row)?,
            Op::EvidenceRemove { ours_id } => {
                tx.execute(
                    "INSERT OR IGNORE INTO evidence_retained (sha256, content) \
                     SELECT e.sha256, b.content FROM evidence e \
                     JOIN evidence_blob b ON b.evidence_id = e.id \
                     WHERE e.id = ?1 AND EXISTS \
                       (SELECT 1 FROM milestone_evidence m WHERE m.sha256 = e.sha256)",
                    [ours_id],
                )
                .db(path)?;
                tx.execute("DELETE FROM evidence WHERE id = ?1", [ours_id])
                    .db(path)?;
            }
            Op::RereviewClear { question } => {
                tx.execute("DELETE FROM rereview WHERE question_id = ?1", [question])
                    .db(path)?;
            }
        }
    }
    for (question, ops) in answers {
        answer(write, question, &ops)?;
    }
    Ok(())
}

fn answer(write: &Write<'_>, question: &str, ops: &AnswerOps<'_>) -> Result<()> {
    let (tx, path) = (&write.tx, write.path);
    type Current = (Option<String>, String, String, String, String);
    let current: Option<Current> = tx
        .query_row(
            "SELECT not_applicable_reason, not_applicable_text, notes, updated_by, updated_at \
             FROM answer WHERE question_id = ?1",
            [question],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()
        .db(path)?;
    let (mut reason, mut reason_text, mut notes, mut by, mut at) = current.unwrap_or_default();
    let mut their_row = false;
    let mut choices: Option<&serde_json::Map<String, Value>> = None;
    if let Some((value, who, when, row)) = ops.answer {
        reason = value["not_applicable_reason"].as_str().map(str::to_string);
        reason_text = value["not_applicable_text"]
            .as_str()
            .unwrap_or("")
            .to_string();
        choices = value["choices"].as_object();
        (by, at) = (who.to_string(), when.to_string());
        their_row |= row;
    }
    if let Some((text, who, when, row)) = ops.notes {
        notes = text.to_string();
        if ops.answer.is_none() {
            (by, at) = (who.to_string(), when.to_string());
        }
        their_row |= row;
    }
    let remaining: i64 = match choices {
        Some(c) => c.len() as i64,
        None => tx
            .query_row(
                "SELECT count(*) FROM answer_choice WHERE question_id = ?1",
                [question],
                |r| r.get(0),
            )
            .db(path)?,
    };
    if !their_row
        && reason.is_none()
        && reason_text.is_empty()
        && notes.is_empty()
        && remaining == 0
    {
        // The other side has no answer row at all: neither does the merge.
        tx.execute("DELETE FROM answer WHERE question_id = ?1", [question])
            .db(path)?;
        return Ok(());
    }
    tx.execute(
        "INSERT INTO answer (question_id, not_applicable_reason, not_applicable_text, notes, \
         updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (question_id) DO UPDATE SET not_applicable_reason = excluded.not_applicable_reason, \
         not_applicable_text = excluded.not_applicable_text, notes = excluded.notes, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        params![question, reason, reason_text, notes, by, at],
    )
    .db(path)?;
    if let Some(choices) = choices {
        tx.execute(
            "DELETE FROM answer_choice WHERE question_id = ?1",
            [question],
        )
        .db(path)?;
        for (choice, row) in choices {
            tx.execute(
                "INSERT INTO answer_choice (question_id, choice_id, status, reason, reason_text) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    question,
                    choice,
                    sql_value(&row["status"]),
                    sql_value(&row["reason"]),
                    sql_value(&row["reason_text"])
                ],
            )
            .db(path)?;
        }
    }
    Ok(())
}

const ITEM_COLUMNS: [&str; 10] = [
    "question_id",
    "choice_id",
    "title",
    "owner",
    "due_date",
    "status",
    "acceptance_reason",
    "notes",
    "updated_by",
    "updated_at",
];

fn improvement(write: &Write<'_>, ours_id: Option<i64>, theirs: Option<&Value>) -> Result<()> {
    let (tx, path) = (&write.tx, write.path);
    match (ours_id, theirs) {
        (Some(id), None) => {
            tx.execute("DELETE FROM improvement_item WHERE id = ?1", [id])
                .db(path)?;
        }
        (Some(id), Some(row)) => {
            let sets: Vec<String> = ITEM_COLUMNS
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect();
            let mut values: Vec<rusqlite::types::Value> =
                ITEM_COLUMNS.iter().map(|c| sql_value(&row[*c])).collect();
            values.push(rusqlite::types::Value::Integer(id));
            tx.execute(
                &format!(
                    "UPDATE improvement_item SET {} WHERE id = ?{}",
                    sets.join(", "),
                    ITEM_COLUMNS.len() + 1
                ),
                rusqlite::params_from_iter(values),
            )
            .db(path)?;
        }
        (None, Some(row)) => {
            let marks: Vec<String> = (1..=ITEM_COLUMNS.len()).map(|i| format!("?{i}")).collect();
            tx.execute(
                &format!(
                    "INSERT INTO improvement_item ({}) VALUES ({})",
                    ITEM_COLUMNS.join(", "),
                    marks.join(", ")
                ),
                rusqlite::params_from_iter(ITEM_COLUMNS.iter().map(|c| sql_value(&row[*c]))),
            )
            .db(path)?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// The evidence columns a row state records (`tracking::TRACKED`), which the row copied from
/// the other file's trail is made of.
fn evidence_columns() -> &'static [&'static str] {
    TRACKED
        .iter()
        .find(|tracked| tracked.table == "evidence")
        .map_or(&[], |tracked| tracked.columns)
}

/// Adds an item of the other file under a new number here, its content copied for a file.
fn add_evidence(write: &Write<'_>, other: &Other, their_id: i64, row: &Value) -> Result<()> {
    let (tx, path) = (&write.tx, write.path);
    let columns = evidence_columns();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    tx.execute(
        &format!(
            "INSERT INTO evidence ({}) VALUES ({})",
            columns.join(", "),
            marks.join(", ")
        ),
        rusqlite::params_from_iter(columns.iter().map(|c| sql_value(&row[*c]))),
    )
    .db(path)?;
    let id = tx.last_insert_rowid();
    if row["kind"] == "FILE" {
        let content: Vec<u8> = other
            .conn
            .query_row(
                "SELECT content FROM evidence_blob WHERE evidence_id = ?1",
                [their_id],
                |r| r.get(0),
            )
            .db(&other.path)?;
        tx.execute(
            "INSERT INTO evidence_blob (evidence_id, content) VALUES (?1, ?2)",
            params![id, content],
        )
        .db(path)?;
    }
    Ok(())
}
