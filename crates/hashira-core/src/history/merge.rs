//! The entries of reviewers' copies (`workbook/merge/`): `workbook.copy`, written in a copy
//! for the reviewer who took it, and `workbook.merge`, closing a merge of another copy.

use serde_json::Value;

use super::HistoryChange;
use super::describe::{items, plain};
use super::labels::{both, same};
use crate::LocalizedText;
use crate::glossary;

/// A copy: the file it was taken from.
pub(super) fn workbook_copy(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let from = new?.get("from")?.as_str()?;
    Some(vec![plain("copied_from", None, Some(same(from)))])
}

/// A merge: how many of its entries were added, what was taken from it by
/// kind, and each conflict with the side chosen.
pub(super) fn workbook_merge(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    // The file is the entry's target, which the header names.
    let map = new?.as_object()?;
    let mut changes = Vec::new();
    if let Some(count) = map.get("entries").and_then(Value::as_u64) {
        changes.push(plain("merged_entries", None, Some(same(count.to_string()))));
    }
    if let Some(taken) = map.get("taken").and_then(Value::as_object)
        && !taken.is_empty()
    {
        let counted: Vec<(LocalizedText, u64)> = taken
            .iter()
            .map(|(item, count)| (item_label(item), count.as_u64().unwrap_or(0)))
            .collect();
        let join = |pick: fn(&LocalizedText) -> Option<&String>| {
            counted
                .iter()
                .map(|(label, n)| format!("{} {n}", pick(label).map_or("", String::as_str)))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let text = LocalizedText {
            ja: Some(join(|l| l.ja.as_ref())),
            en: Some(join(|l| l.en.as_ref())),
        };
        changes.push(plain("taken", None, Some(text)));
    }
    if let Some(conflicts) = map.get("conflicts").and_then(Value::as_array)
        && !conflicts.is_empty()
    {
        let resolved = conflicts
            .iter()
            .map(|c| {
                let id = c["id"].as_str().unwrap_or("");
                let (ja, en) = match c["resolution"].as_str() {
                    Some("theirs") => ("相手側を採用", "theirs taken"),
                    Some("ours") => ("こちら側を維持", "ours kept"),
                    _ => ("未解決", "unresolved"),
                };
                both(&format!("{id}: {ja}"), &format!("{id}: {en}"))
            })
            .collect();
        changes.push(items("resolutions", resolved, Vec::new()));
    }
    Some(changes)
}

/// What a merge takes, by the item names the core's `MergeItem` serialises to.
pub fn item_label(item: &str) -> LocalizedText {
    let (ja, en) = match item {
        "ANSWER" => ("回答", "Answers"),
        "NOTES" => ("メモ", "Notes"),
        "WORKLOAD" => ("ワークロードのプロパティ", "Workload properties"),
        "WG_DECISION" => ("WG クライテリアの採否", "WG decisions"),
        "IMPROVEMENT_ITEM" => (glossary::IMPROVEMENT_ITEM.ja, "Improvement items"),
        "EVIDENCE" => (glossary::EVIDENCE.ja, glossary::EVIDENCE.en),
        "REREVIEW" => ("再レビューの確認", "Re-reviews confirmed"),
        other => return same(other),
    };
    both(ja, en)
}
