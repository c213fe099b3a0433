//! The check that the file holds what the audit trail says: the row-state records of the whole
//! trail are replayed in order (a baseline starts over), then every tracked row of the file is
//! compared with the result. A field that differs, a row the trail has but the file lacks, and
//! a row the file has but the trail never recorded are each one problem, naming the table, the
//! row's key and the field with the expected and found values.

use std::collections::BTreeMap;

use serde_json::Value;

use super::tracking::{self, RowState, TRACKED};
use super::verify::{Problem, ProblemKind};
use super::{DbResult, Workbook};
use crate::error::Result;

/// (position of the table in [`TRACKED`], key as JSON text) → (key, row).
type Rows = BTreeMap<(usize, String), (Value, Option<Value>)>;

fn table_index(table: &str) -> Option<usize> {
    TRACKED.iter().position(|t| t.table == table)
}

fn insert(rows: &mut Rows, state: RowState) {
    // A record naming a table this build does not track is ignored, not an error: a newer
    // build may track more (its files are refused before this point anyway).
    if let Some(index) = table_index(&state.table) {
        rows.insert((index, state.key.to_string()), (state.key, state.row));
    }
}

/// The key as a reader writes it: `SEC1`, `SEC1 / SEC1-02`, `12`; `None` for the workload.
fn display_key(key: &Value) -> Option<String> {
    let parts: Vec<String> = match key {
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect(),
        other => vec![other.to_string()],
    };
    (!parts.is_empty()).then(|| parts.join(" / "))
}

/// Where a WG criterion sits, for the message: its service, number and position.
fn criterion_context(row: &Value, current: &Rows, expected: &Rows) -> String {
    let service = row
        .get("assessment_id")
        .and_then(|id| {
            let index = table_index("wg_assessment")?;
            let key = (index, Value::Array(vec![id.clone()]).to_string());
            current
                .get(&key)
                .or_else(|| expected.get(&key))
                .and_then(|(_, row)| row.as_ref()?.get("service")?.as_str().map(str::to_string))
        })
        .unwrap_or_default();
    let number = row
        .get("criterion_no")
        .and_then(Value::as_str)
        .unwrap_or("");
    let position = row
        .get("position")
        .and_then(Value::as_i64)
        .map(|p| (p + 1).to_string())
        .unwrap_or_default();
    format!(" (WG evaluation of {service}, criterion No. {number}, row {position})")
}

struct Place {
    table: &'static str,
    key: Option<String>,
    context: String,
}

impl Place {
    fn name(&self) -> String {
        match &self.key {
            Some(key) => format!("{} {key}{}", self.table, self.context),
            None => format!("{}{}", self.table, self.context),
        }
    }

    fn problem(
        &self,
        message: String,
        field: Option<&str>,
        expected: Option<Value>,
        found: Option<Value>,
    ) -> Problem {
        Problem {
            kind: ProblemKind::RecordedState,
            message,
            table: Some(self.table.to_string()),
            key: self.key.clone(),
            field: field.map(str::to_string),
            expected,
            found,
        }
    }
}

fn compare(
    place: &Place,
    columns: &[&str],
    expected: &Option<Value>,
    found: &Option<Value>,
) -> Vec<Problem> {
    let name = place.name();
    match (expected, found) {
        (None, None) => Vec::new(),
        (Some(expected), None) => vec![place.problem(
            format!("{name}: the audit trail records this row as {expected}, but the file has no such row"),
            None,
            Some(expected.clone()),
            None,
        )],
        (None, Some(found)) => vec![place.problem(
            format!("{name}: the file has a row the audit trail never recorded: {found}"),
            None,
            None,
            Some(found.clone()),
        )],
        (Some(expected), Some(found)) => columns
            .iter()
            .filter_map(|column| {
                let (want, got) = (expected.get(*column), found.get(*column));
                (want != got).then(|| {
                    let show = |v: Option<&Value>| v.map(Value::to_string).unwrap_or("nothing".into());
                    place.problem(
                        format!(
                            "{name}, {column}: the audit trail says {} but the file has {}",
                            show(want),
                            show(got)
                        ),
                        Some(column),
                        want.cloned(),
                        got.cloned(),
                    )
                })
            })
            .collect(),
    }
}

impl Workbook {
    /// Triggers stored in the file. The product's schema has none (its change capture lives in
    /// the connection's temp schema), so a stored trigger was added by another program: it could
    /// rewrite rows during the product's own writes, which the record would then vouch for.
    pub(super) fn foreign_trigger_problems(&self) -> Result<Vec<String>> {
        let path = self.path();
        let mut statement = self
            .conn()
            .prepare("SELECT name, tbl_name FROM main.sqlite_master WHERE type = 'trigger' ORDER BY name")
            .db(path)?;
        let found = statement
            .query_map([], |r| {
                Ok(format!(
                    "the file holds a trigger '{}' on {} that Hashira never creates: it can change rows behind the product's writes",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?
                ))
            })
            .db(path)?;
        found.collect::<rusqlite::Result<_>>().db(path)
    }

    /// Replays the trail's row-state records and compares them with the file's rows.
    pub(super) fn state_problems(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut expected = Rows::new();
        for (seq, record) in self.state_records()? {
            let Some(record) = record else {
                problems.push(Problem::new(
                    ProblemKind::AuditTrail,
                    format!("audit entry {seq}: its record of the rows cannot be read"),
                ));
                continue;
            };
            if record.baseline {
                expected.clear();
            }
            for state in record.rows {
                insert(&mut expected, state);
            }
        }
        let mut current = Rows::new();
        for state in tracking::current_rows(self.conn(), self.path())? {
            insert(&mut current, state);
        }
        let mut keys: Vec<&(usize, String)> = expected.keys().chain(current.keys()).collect();
        keys.sort();
        keys.dedup();
        let none = (Value::Null, None);
        for key in keys {
            let (want_key, want) = expected.get(key).unwrap_or(&none);
            let (got_key, got) = current.get(key).unwrap_or(&none);
            if want == got {
                continue;
            }
            let tracked = &TRACKED[key.0];
            let row_key = if want_key.is_null() {
                got_key
            } else {
                want_key
            };
            let context = match (tracked.table, got.as_ref().or(want.as_ref())) {
                ("wg_criterion", Some(row)) => criterion_context(row, &current, &expected),
                _ => String::new(),
            };
            let place = Place {
                table: tracked.table,
                key: display_key(row_key),
                context,
            };
            problems.extend(compare(&place, tracked.columns, want, got));
        }
        Ok(problems)
    }
}
