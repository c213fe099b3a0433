//! The entries of reviewers' copies (`workbook/merge/`): `workbook.copy`, written in a copy
//! for the reviewer who took it, and `workbook.merge`, closing a merge of another copy.

use serde_json::Value;

use super::HistoryChange;
use super::describe::{self, json_text, plain};
use super::labels::{self, both, same};
use crate::LocalizedText;
use crate::glossary;
use crate::improvement::ItemStatus;
use crate::question_set::{Question, QuestionSet};
use crate::wg::WgDecision;
use crate::workbook::NotApplicableReason;
use crate::workbook::merge::MergeItem;

/// A copy: the file it was taken from.
pub(super) fn workbook_copy(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let from = new?.get("from")?.as_str()?;
    Some(vec![plain("copied_from", None, Some(same(from)))])
}

/// Where an entry a merge appended came from (`Workbook::merged_entry_origins`: `{file, seq}`):
/// 統合元: e2e-sato.hashira の #26.
pub(super) fn merged_from(origin: &Value) -> HistoryChange {
    let file = origin["file"].as_str().unwrap_or("");
    let seq = &origin["seq"];
    plain(
        "merged_from",
        None,
        Some(both(
            &format!("{file} の #{seq}"),
            &format!("{file} #{seq}"),
        )),
    )
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
        // Each conflict and the side kept, in one line: not items added to something.
        let resolved: Vec<(LocalizedText, &str, &str)> = conflicts
            .iter()
            .map(|c| {
                let id = conflict_subject(c["id"].as_str().unwrap_or(""));
                let (ja, en) = match c["resolution"].as_str() {
                    Some("theirs") => ("相手側を採用", "theirs taken"),
                    Some("ours") => ("このワークブックの値を維持", "ours kept"),
                    // The value itself is the merging reviewer's own entry that follows.
                    Some("edit") => (
                        "統合者が編集した値に（次の変更）",
                        "edited by the merger (next change)",
                    ),
                    _ => ("未解決", "unresolved"),
                };
                (id, ja, en)
            })
            .collect();
        let text = describe::per_lang(|lang| {
            resolved
                .iter()
                .map(|(subject, ja, en)| {
                    let subject = subject.get(lang);
                    match lang {
                        crate::Lang::Ja => format!("{subject}: {ja}"),
                        crate::Lang::En => format!("{subject}: {en}"),
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        });
        changes.push(plain("resolutions", None, Some(text)));
    }
    Some(changes)
}

/// What a conflict was about, from its id (`workbook/merge/compare.rs`: `answer:SEC7`,
/// `notes:SEC7`, `workload:environment`, `wg:12`, `improvement:…`, `rereview:SEC7`), in words:
/// 回答 SEC7, 環境 — the id itself is the resolutions file's key, not a reader's.
fn conflict_subject(id: &str) -> LocalizedText {
    let Some((kind, target)) = id.split_once(':') else {
        return same(id);
    };
    let (ja, en) = match kind {
        "answer" => ("回答", "Answer"),
        "notes" => ("メモ", "Notes"),
        // A workload property's own label (ワークロード名, 環境, …) says what it is.
        "workload" => return labels::field(target),
        "wg" => ("WG クライテリア", "WG criterion"),
        "improvement" => (glossary::IMPROVEMENT_ITEM.ja, glossary::IMPROVEMENT_ITEM.en),
        "rereview" => ("再レビューの確認", "Re-review confirmation"),
        _ => return same(id),
    };
    let target = if kind == "wg" {
        format!("#{target}")
    } else {
        target.to_string()
    };
    both(&format!("{ja} {target}"), &format!("{en} {target}"))
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

/// One side's value of a merge unit (`MergeChange`/`MergeConflict` `ours`, `theirs`, `base`)
/// in words, as the history words a change: choices with their titles, the reason label of
/// N/A, a WG decision's label, an item's status. `question` is the unit's question, if any.
pub fn merge_value_text(
    item: MergeItem,
    value: &Value,
    sets: &[QuestionSet],
    question: &str,
) -> LocalizedText {
    let found = describe::find_question(sets, question);
    let text = |v: &Value| v.as_str().unwrap_or("").trim().to_string();
    match (item, value) {
        (MergeItem::Rereview, Value::Null) => both("確認済み", "confirmed"),
        (MergeItem::Rereview, _) => both("要再確認", "to re-review"),
        (_, Value::Null) => labels::none(),
        (MergeItem::Answer, answer) => answer_text(found, answer),
        (MergeItem::Evidence, row) => {
            describe::evidence(found, Some(row)).unwrap_or_else(|| json_text(row))
        }
        (MergeItem::WgDecision, row) => {
            let decision = row["decision"]
                .as_str()
                .and_then(WgDecision::parse)
                .map(labels::decision);
            let mut parts: Vec<(LocalizedText, LocalizedText)> = Vec::new();
            if let Some(decision) = decision {
                parts.push((labels::field("decision"), decision));
            }
            for key in ["own_measures", "residual_risk", "reviewer_notes"] {
                let typed = text(&row[key]);
                if !typed.is_empty() {
                    parts.push((labels::field(key), same(describe::quoted(&typed))));
                }
            }
            fields(&parts)
        }
        (MergeItem::ImprovementItem, row) => {
            let mut parts = vec![(both("件名", "Title"), same(text(&row["title"])))];
            if let Some(status) = row["status"]
                .as_str()
                .and_then(|s| ItemStatus::ALL.into_iter().find(|x| x.as_str() == s))
            {
                let term = status.term();
                parts.push((
                    both(glossary::ITEM_STATUS.ja, glossary::ITEM_STATUS.en),
                    both(term.ja, term.en),
                ));
            }
            for (key, term) in [
                ("owner", glossary::ITEM_OWNER),
                ("due_date", glossary::DUE_DATE),
                ("acceptance_reason", glossary::ACCEPTANCE_REASON),
            ] {
                let typed = text(&row[key]);
                if !typed.is_empty() {
                    parts.push((both(term.ja, term.en), same(typed)));
                }
            }
            let notes = text(&row["notes"]);
            if !notes.is_empty() {
                parts.push((both("メモ", "Notes"), same(describe::quoted(&notes))));
            }
            fields(&parts)
        }
        (MergeItem::Notes, Value::String(notes)) if notes.trim().is_empty() => labels::none(),
        (MergeItem::Workload, Value::Array(list)) => {
            same(list.iter().map(text).collect::<Vec<_>>().join(", "))
        }
        (MergeItem::Workload, Value::String(v)) if question == "environment" => {
            labels::environment(v)
        }
        (_, Value::String(v)) if v.trim().is_empty() => labels::none(),
        (_, other) => json_text(other),
    }
}

/// `label: value · label: value` in each language.
fn fields(parts: &[(LocalizedText, LocalizedText)]) -> LocalizedText {
    describe::per_lang(|lang| {
        parts
            .iter()
            .map(|(label, value)| format!("{}: {}", label.get(lang), value.get(lang)))
            .collect::<Vec<_>>()
            .join(" · ")
    })
}

/// A question's answer as a merge compares it: selections + N/A (`compare.rs`'s shape).
fn answer_text(question: Option<&Question>, answer: &Value) -> LocalizedText {
    if let Some(reason) = answer["not_applicable_reason"]
        .as_str()
        .and_then(NotApplicableReason::parse)
    {
        let why =
            describe::reason_text(reason, answer["not_applicable_text"].as_str().unwrap_or(""));
        return describe::per_lang(|lang| {
            format!(
                "{}: {}",
                labels::field("not_applicable").get(lang),
                why.get(lang)
            )
        });
    }
    let choices = answer["choices"].as_object();
    let with = |status: &str| -> Vec<LocalizedText> {
        choices
            .into_iter()
            .flatten()
            .filter(|(_, row)| row["status"] == status)
            .map(|(id, _)| describe::choice_text(question, id))
            .collect()
    };
    let (selected, not_applicable) = (with("SELECTED"), with("NOT_APPLICABLE"));
    if selected.is_empty() && not_applicable.is_empty() {
        let term = &glossary::UNANSWERED;
        return both(term.ja, term.en);
    }
    describe::per_lang(|lang| {
        let list = |items: &[LocalizedText]| {
            items
                .iter()
                .map(|i| i.get(lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        if !selected.is_empty() {
            out.push(format!(
                "{}: {}",
                labels::field("selected_choices").get(lang),
                list(&selected)
            ));
        }
        if !not_applicable.is_empty() {
            out.push(format!(
                "{}: {}",
                labels::field("choices_not_applicable").get(lang),
                list(&not_applicable)
            ));
        }
        out.join(" · ")
    })
}
