//! `verify`'s check of the figures' rows (`question_rules.rs`) against the sets' texts: the
//! text is the authority (its hash is checked by the question-set check), and every row that
//! says something else is one problem naming the table, the row's key and the field, with the
//! value the text gives (`expected`) and the one stored (`found`). A row missing is a problem
//! with `found: None`; a row for no question of the text one with `expected: None`.

use std::collections::HashMap;

use serde_json::Value;

use super::question_rules::{question_columns, question_keys, set_columns};
use super::verify::{Problem, ProblemKind};
use super::{DbResult, Workbook};
use crate::error::Result;

/// A stored row: its fields as JSON values (a text that is not JSON is kept as a string).
type StoredRow = HashMap<&'static str, Value>;

impl Workbook {
    /// Every disagreement between the figures' rows and the sets' texts (see the module).
    pub(super) fn question_rule_problems(&self) -> Result<Vec<Problem>> {
        let mut figures = self.stored_rows(
            "SELECT set_id, title, pillars, added_at FROM set_figures",
            &["title", "pillars", "added_at"],
        )?;
        let added_at: HashMap<String, String> = self
            .set_infos()?
            .into_iter()
            .map(|info| (info.id, info.added_at))
            .collect();
        let mut rules = self.stored_rows(
            "SELECT question_id, choices, practices, rules FROM question_rule",
            &["choices", "practices", "rules"],
        )?;
        let mut problems = Vec::new();
        for set in self.question_sets() {
            let (title, pillars) = set_columns(set);
            compare(
                &mut problems,
                "set_figures",
                set.id(),
                &format!("set '{}'", set.id()),
                &[
                    ("title", title),
                    ("pillars", pillars),
                    ("added_at", Value::from(added_at.get(set.id()).cloned())),
                ],
                figures.remove(set.id()).as_ref(),
            );
            let keys = question_keys(self.conn(), self.path(), set.id())?;
            let questions: Vec<_> = set.questions().collect();
            if keys.len() != questions.len() {
                problems.push(Problem {
                    table: Some("question".into()),
                    key: Some(set.id().to_string()),
                    expected: Some(Value::from(questions.len())),
                    found: Some(Value::from(keys.len())),
                    ..Problem::new(
                        ProblemKind::QuestionSet,
                        format!(
                            "set '{}': its text has {} questions, the question table {}",
                            set.id(),
                            questions.len(),
                            keys.len()
                        ),
                    )
                });
            }
            for ((key, pillar_id), (pillar, question)) in keys.iter().zip(questions) {
                let place = format!("question {key} of set '{}'", set.id());
                if *pillar_id != pillar.id {
                    problems.push(Problem {
                        table: Some("question".into()),
                        key: Some(key.clone()),
                        field: Some("pillar_id".into()),
                        expected: Some(Value::from(pillar.id.as_str())),
                        found: Some(Value::from(pillar_id.as_str())),
                        ..Problem::new(
                            ProblemKind::QuestionSet,
                            format!(
                                "{place}: the question table puts it in pillar '{pillar_id}', \
                                 the set's text in '{}'",
                                pillar.id
                            ),
                        )
                    });
                }
                let (choices, practices, risk_rules) = question_columns(question);
                compare(
                    &mut problems,
                    "question_rule",
                    key,
                    &place,
                    &[
                        ("choices", choices),
                        ("practices", Value::from(practices)),
                        ("rules", risk_rules),
                    ],
                    rules.remove(key.as_str()).as_ref(),
                );
            }
        }
        // Rows for no question or set of the texts (their `question` row has no set text).
        for (table, rows) in [("set_figures", figures), ("question_rule", rules)] {
            let mut keys: Vec<String> = rows.into_keys().collect();
            keys.sort();
            for key in keys {
                problems.push(Problem {
                    table: Some(table.into()),
                    key: Some(key.clone()),
                    ..Problem::new(
                        ProblemKind::QuestionSet,
                        format!("table {table}, row {key}: no stored set's text has it"),
                    )
                });
            }
        }
        Ok(problems)
    }

    /// Rows of `sql` (key first, then `fields`) by key.
    fn stored_rows(
        &self,
        sql: &str,
        fields: &[&'static str],
    ) -> Result<HashMap<String, StoredRow>> {
        let path = self.path();
        let mut statement = self.conn().prepare(sql).db(path)?;
        let rows = statement
            .query_map([], |r| {
                let key = String::from_utf8_lossy(r.get_ref(0)?.as_bytes()?).into_owned();
                let mut row = StoredRow::new();
                for (i, field) in fields.iter().enumerate() {
                    let value = match r.get_ref(i + 1)? {
                        rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                        rusqlite::types::ValueRef::Text(bytes) => {
                            let text = String::from_utf8_lossy(bytes);
                            serde_json::from_str(&text).unwrap_or(Value::String(text.into()))
                        }
                        _ => Value::Null,
                    };
                    row.insert(field, value);
                }
                Ok((key, row))
            })
            .db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }
}

/// One problem per field of `found` that differs from `expected` (all of them when the row is
/// missing: one problem without a field).
fn compare(
    problems: &mut Vec<Problem>,
    table: &str,
    key: &str,
    place: &str,
    expected: &[(&'static str, Value)],
    found: Option<&StoredRow>,
) {
    let Some(found) = found else {
        problems.push(Problem {
            table: Some(table.into()),
            key: Some(key.into()),
            ..Problem::new(
                ProblemKind::QuestionSet,
                format!("{place}: table {table} has no row for it"),
            )
        });
        return;
    };
    for (field, value) in expected {
        let stored = found.get(field).cloned().unwrap_or(Value::Null);
        if stored != *value {
            problems.push(Problem {
                table: Some(table.into()),
                key: Some(key.into()),
                field: Some((*field).into()),
                expected: Some(value.clone()),
                found: Some(stored),
                ..Problem::new(
                    ProblemKind::QuestionSet,
                    format!("{place}: its stored {field} ({table}) disagrees with the set's text"),
                )
            });
        }
    }
}
