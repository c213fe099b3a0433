//! The three-way comparison: base (the rows where the copies parted), ours (this workbook)
//! and theirs (the other file), unit by unit — a question's answer (selections and N/A as
//! one), its notes, each workload property, each WG decision (the criterion's decision and
//! its three texts), each improvement item — plus the evidence union and the re-review list.
//! Changed on their side only → taken; the same on both → nothing; differently → a conflict.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::history::{RowKey, Rows};
use super::{MergeChange, MergeConflict, MergeItem, Op};

type Touch = BTreeMap<RowKey, (String, String)>;

/// The three states and who last touched each row on each side since the fork.
pub(super) struct Sides<'a> {
    pub base: &'a Rows,
    pub ours: &'a Rows,
    pub theirs: &'a Rows,
    pub ours_touch: &'a Touch,
    pub theirs_touch: &'a Touch,
}

#[derive(Default)]
pub(super) struct Compared {
    pub changes: Vec<MergeChange>,
    pub conflicts: Vec<MergeConflict>,
    /// What is left out, and why (a WG criterion no longer in this workbook).
    pub notes: Vec<String>,
}

fn key_of(text: &str) -> Vec<Value> {
    match serde_json::from_str(text) {
        Ok(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The rows of one table: (key parts, row).
fn table<'a>(rows: &'a Rows, name: &'a str) -> impl Iterator<Item = (Vec<Value>, &'a Value)> {
    rows.iter()
        .filter(move |((t, _), _)| t == name)
        .map(|((_, k), row)| (key_of(k), row))
}

fn key(table: &str, parts: Value) -> RowKey {
    (table.to_string(), parts.to_string())
}

/// Three-way decision for one unit: `Some(true)` take theirs, `Some(false)` keep, `None`
/// conflict.
fn decide<T: PartialEq>(base: &T, ours: &T, theirs: &T) -> Option<bool> {
    if theirs == base || theirs == ours {
        Some(false)
    } else if ours == base {
        Some(true)
    } else {
        None
    }
}

#[derive(Default, Clone)]
struct AnswerSide {
    row: Option<Value>,
    choices: BTreeMap<String, Value>,
}

impl AnswerSide {
    /// Selections and N/A: one answer.
    fn answer(&self) -> Value {
        let field = |name: &str| self.row.as_ref().map_or(Value::Null, |r| r[name].clone());
        json!({
            "not_applicable_reason": field("not_applicable_reason"),
            "not_applicable_text": text(&field("not_applicable_text")),
            "choices": self.choices,
        })
    }

    fn notes(&self) -> String {
        self.row
            .as_ref()
            .map(|r| text(&r["notes"]))
            .unwrap_or_default()
    }

    fn who(&self) -> (String, String) {
        self.row
            .as_ref()
            .map(|r| (text(&r["updated_by"]), text(&r["updated_at"])))
            .unwrap_or_default()
    }
}

fn answers(rows: &Rows) -> BTreeMap<String, AnswerSide> {
    let mut found: BTreeMap<String, AnswerSide> = BTreeMap::new();
    for (parts, row) in table(rows, "answer") {
        found.entry(text(&parts[0])).or_default().row = Some(row.clone());
    }
    for (parts, row) in table(rows, "answer_choice") {
        if parts.len() == 2 {
            found
                .entry(text(&parts[0]))
                .or_default()
                .choices
                .insert(text(&parts[1]), row.clone());
        }
    }
    found
}

impl Sides<'_> {
    fn touch(&self, theirs: bool, key: &RowKey) -> (Option<String>, Option<String>) {
        let map = if theirs {
            self.theirs_touch
        } else {
            self.ours_touch
        };
        match map.get(key) {
            Some((by, at)) => (Some(by.clone()), Some(at.clone())),
            None => (None, None),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn unit(
        &self,
        out: &mut Compared,
        item: MergeItem,
        id: String,
        target: String,
        row: &RowKey,
        (base, ours, theirs): (Value, Value, Value),
        op: Op,
    ) {
        let (by, at) = self.touch(true, row);
        match decide(&base, &ours, &theirs) {
            Some(false) => {}
            Some(true) => out.changes.push(MergeChange {
                id,
                item,
                target,
                ours,
                theirs,
                by,
                at,
                op,
            }),
            None => {
                let (ours_by, ours_at) = self.touch(false, row);
                out.conflicts.push(MergeConflict {
                    id,
                    item,
                    target,
                    base,
                    ours,
                    theirs,
                    ours_by,
                    ours_at,
                    theirs_by: by,
                    theirs_at: at,
                    op,
                })
            }
        }
    }

    pub fn compare(&self) -> Compared {
        let mut out = Compared::default();
        self.answers(&mut out);
        self.workload(&mut out);
        self.wg(&mut out);
        self.improvement_items(&mut out);
        self.evidence(&mut out);
        self.rereview(&mut out);
        out
    }

    fn answers(&self, out: &mut Compared) {
        let (base, ours, theirs) = (answers(self.base), answers(self.ours), answers(self.theirs));
        let questions: BTreeSet<&String> = base
            .keys()
            .chain(ours.keys())
            .chain(theirs.keys())
            .collect();
        let empty = AnswerSide::default();
        for question in questions {
            let b = base.get(question).unwrap_or(&empty);
            let o = ours.get(question).unwrap_or(&empty);
            let t = theirs.get(question).unwrap_or(&empty);
            let row = key("answer", json!([question]));
            let (by, at) = t.who();
            let their_row = t.row.is_some();
            self.unit(
                out,
                MergeItem::Answer,
                format!("answer:{question}"),
                question.clone(),
                &row,
                (b.answer(), o.answer(), t.answer()),
                Op::Answer {
                    question: question.clone(),
                    value: t.answer(),
                    by: by.clone(),
                    at: at.clone(),
                    their_row,
                },
            );
            self.unit(
                out,
                MergeItem::Notes,
                format!("notes:{question}"),
                question.clone(),
                &row,
                (json!(b.notes()), json!(o.notes()), json!(t.notes())),
                Op::Notes {
                    question: question.clone(),
                    notes: t.notes(),
                    by,
                    at,
                    their_row,
                },
            );
        }
    }

    fn workload(&self, out: &mut Compared) {
        let row = key("workload", json!([]));
        let (Some(b), Some(o), Some(t)) = (
            self.base.get(&row),
            self.ours.get(&row),
            self.theirs.get(&row),
        ) else {
            return;
        };
        let Some(columns) = t.as_object() else {
            return;
        };
        for (column, value) in columns {
            self.unit(
                out,
                MergeItem::Workload,
                format!("workload:{column}"),
                column.clone(),
                &row,
                (b[column].clone(), o[column].clone(), value.clone()),
                Op::Workload {
                    column: column.clone(),
                    value: value.clone(),
                },
            );
        }
    }

    fn wg(&self, out: &mut Compared) {
        let decision = |row: Option<&Value>| {
            row.map_or(Value::Null, |r| {
                json!({
                    "decision": r["decision"],
                    "own_measures": r["own_measures"],
                    "residual_risk": r["residual_risk"],
                    "reviewer_notes": r["reviewer_notes"],
                })
            })
        };
        for (parts, t) in table(self.theirs, "wg_criterion") {
            let row = key("wg_criterion", Value::Array(parts.clone()));
            let (b, o) = (decision(self.base.get(&row)), decision(self.ours.get(&row)));
            let t_value = decision(Some(t));
            let id = parts.first().and_then(Value::as_i64).unwrap_or(0);
            let target = format!("criterion No. {} (#{id})", text(&t["criterion_no"]));
            if o.is_null() {
                if t_value != b {
                    out.notes.push(format!(
                        "WG {target}: changed in the other file but no longer in this workbook \
                         (re-imported here); not merged"
                    ));
                }
                continue;
            }
            self.unit(
                out,
                MergeItem::WgDecision,
                format!("wg:{id}"),
                target,
                &row,
                (b, o, t_value.clone()),
                Op::Wg { id, value: t_value },
            );
        }
    }

    fn improvement_items(&self, out: &mut Compared) {
        // An item for a practice is the same item on every side (one per question and
        // practice); an item a reviewer added is the same only if the base had it.
        let identities = |rows: &Rows, side: &str| -> BTreeMap<String, (i64, Value)> {
            table(rows, "improvement_item")
                .map(|(parts, row)| {
                    let id = parts.first().and_then(Value::as_i64).unwrap_or(0);
                    let identity = if !row["choice_id"].is_null() {
                        format!("{}/{}", text(&row["question_id"]), text(&row["choice_id"]))
                    } else {
                        let in_base = self
                            .base
                            .get(&key("improvement_item", json!([id])))
                            .is_some_and(|b| b["question_id"] == row["question_id"]);
                        if in_base || side == "base" {
                            format!("#{id}")
                        } else {
                            format!("{side} #{id}")
                        }
                    };
                    (identity, (id, row.clone()))
                })
                .collect()
        };
        let (base, ours, theirs) = (
            identities(self.base, "base"),
            identities(self.ours, "ours"),
            identities(self.theirs, "theirs"),
        );
        let fields = |item: Option<&(i64, Value)>| {
            item.map_or(Value::Null, |(_, r)| {
                json!({
                    "title": r["title"], "owner": r["owner"], "due_date": r["due_date"],
                    "status": r["status"], "acceptance_reason": r["acceptance_reason"],
                    "notes": r["notes"],
                })
            })
        };
        let all: BTreeSet<&String> = base.keys().chain(theirs.keys()).collect();
        for identity in all {
            let t = theirs.get(identity);
            let o = ours.get(identity);
            let row_id = t.or(o).or(base.get(identity)).map_or(0, |(id, _)| *id);
            let row = key("improvement_item", json!([row_id]));
            let target = t
                .or(o)
                .or(base.get(identity))
                .map(|(_, r)| {
                    let question = text(&r["question_id"]);
                    match &r["choice_id"] {
                        Value::Null => format!("{question}: {}", text(&r["title"])),
                        choice => format!("{question} / {}", text(choice)),
                    }
                })
                .unwrap_or_default();
            self.unit(
                out,
                MergeItem::ImprovementItem,
                format!("improvement:{identity}"),
                target,
                &row,
                (fields(base.get(identity)), fields(o), fields(t)),
                Op::Improvement {
                    ours_id: o.map(|(id, _)| *id),
                    theirs: t.map(|(_, r)| r.clone()),
                },
            );
        }
    }

    /// The union: an item of the other file not here is added unless an item with the same
    /// content is already on the same question (stored once); an item there at the fork that
    /// the other side removed is removed here unless this side changed it since.
    fn evidence(&self, out: &mut Compared) {
        let content = |row: &Value| {
            let what = match row["kind"].as_str() {
                Some("FILE") => &row["sha256"],
                Some("LINK") => &row["url"],
                _ => &row["excerpt"],
            };
            (text(&row["question_id"]), text(&row["kind"]), text(what))
        };
        let mut here: BTreeSet<(String, String, String)> = table(self.ours, "evidence")
            .map(|(_, r)| content(r))
            .collect();
        for (parts, row) in table(self.theirs, "evidence") {
            let row_key = key("evidence", Value::Array(parts.clone()));
            if self.base.get(&row_key) == Some(row) {
                continue;
            }
            if !here.insert(content(row)) {
                continue;
            }
            let id = parts.first().and_then(Value::as_i64).unwrap_or(0);
            let (by, at) = (Some(text(&row["added_by"])), Some(text(&row["added_at"])));
            out.changes.push(MergeChange {
                id: format!("evidence:+{id}"),
                item: MergeItem::Evidence,
                target: text(&row["question_id"]),
                ours: Value::Null,
                theirs: row.clone(),
                by,
                at,
                op: Op::EvidenceAdd {
                    their_id: id,
                    row: row.clone(),
                },
            });
        }
        for (parts, row) in table(self.base, "evidence") {
            let row_key = key("evidence", Value::Array(parts.clone()));
            let removed_there = self.theirs.get(&row_key) != Some(row);
            if removed_there && self.ours.get(&row_key) == Some(row) {
                let id = parts.first().and_then(Value::as_i64).unwrap_or(0);
                let (by, at) = self.touch(true, &row_key);
                out.changes.push(MergeChange {
                    id: format!("evidence:-{id}"),
                    item: MergeItem::Evidence,
                    target: text(&row["question_id"]),
                    ours: row.clone(),
                    theirs: Value::Null,
                    by,
                    at,
                    op: Op::EvidenceRemove { ours_id: id },
                });
            }
        }
    }

    /// A question the base asked to re-review that the other side confirmed (its row gone)
    /// is confirmed here too.
    fn rereview(&self, out: &mut Compared) {
        for (parts, row) in table(self.base, "rereview") {
            let row_key = key("rereview", Value::Array(parts.clone()));
            if self.theirs.contains_key(&row_key) || !self.ours.contains_key(&row_key) {
                continue;
            }
            let question = parts.first().map(text).unwrap_or_default();
            let (by, at) = self.touch(true, &row_key);
            out.changes.push(MergeChange {
                id: format!("rereview:{question}"),
                item: MergeItem::Rereview,
                target: question.clone(),
                ours: row.clone(),
                theirs: Value::Null,
                by,
                at,
                op: Op::RereviewClear { question },
            });
        }
    }
}
