//! The WG actions' entries (`wg.import`, `wg.replace`, `wg.evaluate`, `wg.delete`): the
//! service and criterion, the edition and counts, the decision and texts old → new, and every
//! evaluation an import or deletion removed.

use serde_json::Value;

use super::HistoryChange;
use super::describe::{change, items, json_text, per_lang, plain, quoted, short_hash};
use super::labels::{self, same};
use crate::question_set::LocalizedText;
use crate::wg::WgDecision;

/// A WG criterion is named by its number and the start of its text.
const CRITERION_CHARS: usize = 40;

/// `Amazon S3#3` → "Amazon S3 criterion #3 in the sheet": the target records the criterion's
/// position in the WG sheet. An entry whose value also names the criterion's number
/// (`criterion_no`) is named by that number instead, as the sheet prints it.
pub(super) fn criterion_subject(target: &str, value: Option<&Value>) -> LocalizedText {
    let Some((service, position)) = target.rsplit_once('#') else {
        return same(target);
    };
    let number = value
        .and_then(|v| v.get("criterion_no"))
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty());
    per_lang(|lang| match (lang, number) {
        (crate::Lang::Ja, Some(number)) => format!("{service} のクライテリア No.{number}"),
        (crate::Lang::En, Some(number)) => format!("{service} criterion No.{number}"),
        (crate::Lang::Ja, None) => format!("{service} のクライテリア（シートの {position} 番目）"),
        (crate::Lang::En, None) => format!("{service} criterion #{position} in the sheet"),
    })
}

/// A WG criterion named in a list: `No.3 "The start of its text…"`, with the evaluation lost.
fn criterion_item(value: &Value) -> LocalizedText {
    let number = value
        .get("criterion_no")
        .and_then(Value::as_str)
        .unwrap_or("");
    let text = value.get("criterion").and_then(Value::as_str).unwrap_or("");
    let mut short: String = text.chars().take(CRITERION_CHARS).collect();
    if text.chars().count() > CRITERION_CHARS {
        short.push('…');
    }
    let decision = value
        .get("evaluation")
        .and_then(|e| e.get("decision"))
        .and_then(|d| serde_json::from_value::<WgDecision>(d.clone()).ok())
        .map(labels::decision);
    per_lang(|lang| {
        let mut line = format!("No.{number} {}", quoted(&short));
        if let Some(decision) = &decision {
            line.push_str(&format!(": {}", decision.get(lang)));
        }
        line
    })
}

pub(super) fn wg_import(old: Option<&Value>, new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let after = new?.as_object()?;
    let before = old.and_then(Value::as_object);
    let mut changes = Vec::new();
    for (key, field) in [
        ("edition", "edition"),
        ("edition_date", "edition_date"),
        ("source_file", "file"),
        ("source_sha256", "sha256"),
        ("scenarios", "scenarios"),
        ("criteria", "criteria"),
        ("notes", "wg_notes"),
    ] {
        let shown = |map: &serde_json::Map<String, Value>| {
            map.get(key)
                .filter(|v| !v.is_null())
                .map(|v| match (field, v) {
                    ("sha256", Value::String(hash)) => same(short_hash(hash)),
                    _ => json_text(v),
                })
        };
        let was = before.and_then(shown);
        let now = shown(after);
        if was != now {
            changes.push(plain(field, was, now));
        }
    }
    if let Some(merge) = after.get("merge").and_then(Value::as_object) {
        let count = |key: &str| merge.get(key).and_then(Value::as_u64).unwrap_or(0);
        changes.push(plain(
            "merge",
            None,
            Some(labels::merge_counts(
                count("added"),
                count("changed"),
                count("unchanged"),
                count("removed"),
            )),
        ));
    }
    for key in ["removed_criteria", "overwritten_evaluations"] {
        let lost: Vec<LocalizedText> = before
            .and_then(|b| b.get(key))
            .and_then(Value::as_array)
            .map(|list| list.iter().map(criterion_item).collect())
            .unwrap_or_default();
        if !lost.is_empty() {
            changes.push(items(key, vec![], lost));
        }
    }
    Some(changes)
}

pub(super) fn wg_evaluate(old: Option<&Value>, new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let before = old?.as_object()?;
    let after = new?.as_object()?;
    let mut changes = Vec::new();
    let decision = |map: &serde_json::Map<String, Value>| -> Option<WgDecision> {
        serde_json::from_value(map.get("decision")?.clone()).ok()
    };
    let (was, now) = (decision(before), decision(after));
    if was != now {
        changes.push(plain(
            "decision",
            was.map(labels::decision),
            now.map(labels::decision),
        ));
    }
    for key in ["own_measures", "residual_risk", "reviewer_notes"] {
        let text = |map: &serde_json::Map<String, Value>| {
            map.get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let (was, now) = (text(before), text(after));
        if was != now {
            changes.push(change(key, Some(same(was)), Some(same(now)), true));
        }
    }
    Some(changes)
}

pub(super) fn wg_delete(old: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let before = old?.as_object()?;
    let mut changes = Vec::new();
    for (key, field) in [("edition", "edition"), ("criteria", "criteria")] {
        if let Some(value) = before.get(key).filter(|v| !v.is_null()) {
            changes.push(plain(field, Some(json_text(value)), None));
        }
    }
    let lost: Vec<LocalizedText> = before
        .get("removed_evaluations")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(criterion_item).collect())
        .unwrap_or_default();
    if !lost.is_empty() {
        changes.push(items("removed_evaluations", vec![], lost));
    }
    Some(changes)
}
