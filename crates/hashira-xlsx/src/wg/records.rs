//! Each WG record's fields by column key, both ways: from an imported row, and to the cells of an
//! exported row. A column added in `headers.rs` is read and written here.

use hashira_core::wg::{CellMap, WgCriterion, WgDecision, WgNote, WgScenario, parse_question_ids};

use crate::error::Problem;
use crate::table::{Column, Table, TableRow};
use crate::text::normalize_mark;

pub(super) fn scenario_from(row: &TableRow) -> WgScenario {
    WgScenario {
        scenario_id: row.get("scenario_id").to_string(),
        scenario: row.get("scenario").to_string(),
        connection_source: row.get("connection_source").to_string(),
        route: row.get("route").to_string(),
        notes: row.get("notes").to_string(),
        extra: row.extra.clone(),
        links: row.links.clone(),
    }
}

/// An unreadable decision is a problem (and the criterion is kept as not evaluated, so the
/// rest of the sheet is still checked).
pub(super) fn criterion_from(
    table: &Table,
    row: &TableRow,
    problems: &mut Vec<Problem>,
) -> WgCriterion {
    let decision = WgDecision::parse(row.get("decision")).unwrap_or_else(|| {
        problems.push(table.problem(
            row,
            "decision",
            format!(
                "'{}' is not a decision (use {})",
                row.get("decision"),
                WgDecision::ALL.map(|d| d.label_ja()).join(" / ")
            ),
        ));
        WgDecision::NotEvaluated
    });
    WgCriterion {
        criterion_no: row.get("criterion_no").to_string(),
        perspective: row.get("perspective").to_string(),
        category: row.get("category").to_string(),
        assumed_risk: row.get("assumed_risk").to_string(),
        criterion: row.get("criterion").to_string(),
        controls: row.get("controls").to_string(),
        responsibility_aws: normalize_mark(row.get("responsibility_aws")),
        responsibility_customer: normalize_mark(row.get("responsibility_customer")),
        fisc_refs: row.get("fisc_refs").to_string(),
        references: row.get("references").to_string(),
        question_ids: parse_question_ids(row.get("question_ids")),
        decision,
        own_measures: row.get("own_measures").to_string(),
        residual_risk: row.get("residual_risk").to_string(),
        reviewer_notes: row.get("reviewer_notes").to_string(),
        extra: row.extra.clone(),
        links: row.links.clone(),
    }
}

pub(super) fn note_from(row: &TableRow) -> WgNote {
    WgNote {
        category: row.get("category").to_string(),
        note: row.get("note").to_string(),
        detail: row.get("detail").to_string(),
        references: row.get("references").to_string(),
        extra: row.extra.clone(),
        links: row.links.clone(),
    }
}

/// One exported row: cell values and hyperlinks, both by layout key.
pub(super) struct SheetRow<'a> {
    pub values: Vec<(String, String)>,
    pub links: &'a CellMap,
}

impl SheetRow<'_> {
    pub fn value(&self, key: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

fn sheet_row<'a>(
    known: &[(&'static str, &str)],
    extra: &CellMap,
    links: &'a CellMap,
) -> SheetRow<'a> {
    let known = known
        .iter()
        .map(|&(key, value)| (Column::Known(key).layout_key(), value.to_string()));
    let extra = extra
        .iter()
        .map(|(header, value)| (Column::Extra(header.clone()).layout_key(), value.clone()));
    SheetRow {
        values: known.chain(extra).collect(),
        links,
    }
}

pub(super) fn scenario_row(s: &WgScenario) -> SheetRow<'_> {
    sheet_row(
        &[
            ("scenario_id", &s.scenario_id),
            ("scenario", &s.scenario),
            ("connection_source", &s.connection_source),
            ("route", &s.route),
            ("notes", &s.notes),
        ],
        &s.extra,
        &s.links,
    )
}

pub(super) fn criterion_row(c: &WgCriterion) -> SheetRow<'_> {
    let question_ids = c.question_ids.join(", ");
    // Not evaluated is written as a blank input cell, and a blank reads back as not evaluated.
    let decision = if c.decision == WgDecision::NotEvaluated {
        ""
    } else {
        c.decision.label_ja()
    };
    sheet_row(
        &[
            ("criterion_no", &c.criterion_no),
            ("perspective", &c.perspective),
            ("category", &c.category),
            ("assumed_risk", &c.assumed_risk),
            ("criterion", &c.criterion),
            ("controls", &c.controls),
            ("responsibility_aws", &c.responsibility_aws),
            ("responsibility_customer", &c.responsibility_customer),
            ("fisc_refs", &c.fisc_refs),
            ("references", &c.references),
            ("question_ids", &question_ids),
            ("decision", decision),
            ("own_measures", &c.own_measures),
            ("residual_risk", &c.residual_risk),
            ("reviewer_notes", &c.reviewer_notes),
        ],
        &c.extra,
        &c.links,
    )
}

pub(super) fn note_row(n: &WgNote) -> SheetRow<'_> {
    sheet_row(
        &[
            ("category", &n.category),
            ("note", &n.note),
            ("detail", &n.detail),
            ("references", &n.references),
        ],
        &n.extra,
        &n.links,
    )
}
