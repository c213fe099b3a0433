//! The entries of the review's follow-up: improvement items set and added
//! (`improvement_item.set` / `.add`), milestones (`milestone.add`), a question set's upgrade
//! (`question_set.upgrade`), a question confirmed after it (`answer.confirm`), an AWS WA Tool
//! import (`answers.import_wa_tool`) and the rows a write recorded on its own
//! (`workbook.record`). Each described field by field, old → new, in the glossary's words.

use serde_json::Value;

use super::HistoryChange;
use super::describe::{change, choice_text, per_lang, plain, short_hash};
use super::labels::{self, both, same};
use crate::improvement::ItemStatus;
use crate::question_set::{LocalizedText, Question};

/// The fields of an improvement item an entry records, in the order the app shows them.
const ITEM_FIELDS: [&str; 5] = ["owner", "due_date", "status", "acceptance_reason", "notes"];

/// What an item is called in the header: its practice (`SEC1-02 (title)`) or its number.
pub(super) fn item_subject(question: Option<&Question>, value: Option<&Value>) -> LocalizedText {
    let text = |key: &str| value.and_then(|v| v.get(key)).and_then(Value::as_str);
    match (text("choice_id"), text("item")) {
        (Some(choice), _) => choice_text(question, choice),
        (None, Some(item)) => per_lang(|lang| match lang {
            crate::Lang::Ja => format!("{} {item}", crate::glossary::IMPROVEMENT_ITEM.ja),
            crate::Lang::En => format!("{} {item}", crate::glossary::IMPROVEMENT_ITEM.en),
        }),
        (None, None) => labels::none(),
    }
}

/// Fields someone types: shown quoted, kept whole.
fn is_free_text(key: &str) -> bool {
    matches!(key, "acceptance_reason" | "notes" | "title")
}

/// One field's value as words: the status by its label, an owner or date not set as 未設定 /
/// (none); a typed text as it is, even empty (it is shown quoted).
fn item_value(key: &str, value: Option<&Value>) -> LocalizedText {
    match value {
        Some(Value::String(text)) if key == "status" => match ItemStatus::parse(text) {
            Some(status) => labels::item_status(status),
            None => same(text.clone()),
        },
        Some(Value::String(text)) if !text.is_empty() || is_free_text(key) => same(text.clone()),
        _ if is_free_text(key) => same(""),
        _ if key == "owner" => labels::unset(),
        _ => labels::none(),
    }
}

/// One field old → new; an entry without an old value (a practice's first edit) reads its
/// old value as the default (未設定, 未着手, empty).
fn item_change(key: &str, old: Option<&Value>, new: Option<&Value>) -> HistoryChange {
    let shown = |value: Option<&Value>| item_value(key, value.and_then(|v| v.get(key)));
    change(key, Some(shown(old)), Some(shown(new)), is_free_text(key))
}

/// `improvement_item.set`: each field that changed, old → new.
pub(super) fn item_set(old: Option<&Value>, new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let new_map = new?.as_object()?;
    let old_map = old.and_then(Value::as_object);
    Some(
        ITEM_FIELDS
            .into_iter()
            .filter(|key| old_map.and_then(|m| m.get(*key)) != new_map.get(*key))
            .map(|key| item_change(key, old, new))
            .collect(),
    )
}

/// `improvement_item.add`: the item's number, what is to be done and each field set.
pub(super) fn item_add(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let map = new?.as_object()?;
    let mut changes = vec![change(
        "title",
        None,
        Some(same(map.get("title")?.as_str()?)),
        true,
    )];
    let default = serde_json::to_value(crate::improvement::ItemFields::default()).ok()?;
    changes.extend(
        ITEM_FIELDS
            .into_iter()
            .filter(|key| map.get(*key) != default.get(*key))
            .map(|key| {
                let mut added = item_change(key, None, new);
                added.old = None;
                added
            }),
    );
    Some(changes)
}

/// `milestone.add`: 「2026Q1」を作成, with how much of the trail and how many files it holds.
pub(super) fn milestone_add(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let map = new?.as_object()?;
    let name = map.get("name")?.as_str()?;
    let number = map.get("number").and_then(Value::as_i64);
    let created = per_lang(|lang| {
        let numbered = number.map(|n| format!(" (No.{n})")).unwrap_or_default();
        match lang {
            crate::Lang::Ja => format!("「{name}」を作成{numbered}"),
            crate::Lang::En => format!("\"{name}\" created{numbered}"),
        }
    });
    let mut changes = vec![plain("milestone", None, Some(created))];
    if let Some(seq) = map.get("audit_seq").and_then(Value::as_i64) {
        let upto = per_lang(|lang| match lang {
            crate::Lang::Ja => format!("#{seq} まで"),
            crate::Lang::En => format!("up to #{seq}"),
        });
        changes.push(plain("audit_seq", None, Some(upto)));
    }
    if let Some(files) = map.get("evidence_files").and_then(Value::as_u64) {
        changes.push(plain("evidence_files", None, Some(same(files.to_string()))));
    }
    if let Some(hash) = map.get("content_sha256").and_then(Value::as_str) {
        changes.push(plain("sha256", None, Some(same(short_hash(hash)))));
    }
    Some(changes)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|v| match v {
                    Value::String(text) => text.clone(),
                    // A renamed question: `["SEC1", "SEC01"]`.
                    Value::Array(pair) => pair
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" → "),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `question_set.upgrade`: fisc-sec を v1.6.1 → v1.7.0 に更新（要再確認 12 問）, the milestone
/// kept from before, and the questions to re-review, renumbered, new and removed.
pub(super) fn set_upgrade(
    set_id: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Option<Vec<HistoryChange>> {
    let version = |value: Option<&Value>| {
        value?
            .get("version")?
            .as_str()
            .map(crate::question_set::version_label)
    };
    let (from, to) = (version(old)?, version(new)?);
    let new = new?;
    let to_rereview = strings(new.get("to_rereview"));
    let count = to_rereview.len();
    let upgraded = per_lang(|lang| match lang {
        crate::Lang::Ja => format!("{set_id} を {from} → {to} に更新（要再確認 {count} 問）"),
        crate::Lang::En => {
            format!("{set_id} upgraded {from} → {to} ({count} questions to re-review)")
        }
    });
    let mut changes = vec![plain("question_set", None, Some(upgraded))];
    let hash = |value: Option<&Value>| {
        value?
            .get("content_hash")?
            .as_str()
            .map(|h| same(short_hash(h)))
    };
    changes.push(plain("sha256", hash(old), hash(Some(new))));
    if let Some(milestone) = new.get("milestone").and_then(Value::as_str) {
        changes.push(plain("milestone_before", None, Some(same(milestone))));
    }
    for key in [
        "to_rereview",
        "renamed",
        "new_questions",
        "removed_questions",
    ] {
        let listed = strings(new.get(key));
        if !listed.is_empty() {
            changes.push(plain(key, None, Some(same(listed.join(", ")))));
        }
    }
    Some(changes)
}

/// `answer.confirm`: the question leaves the re-review list.
pub(super) fn answer_confirm() -> Vec<HistoryChange> {
    vec![plain(
        "rereview",
        Some(both("要再確認", "To re-review")),
        Some(both("確認済み", "Confirmed")),
    )]
}

/// `answers.import_wa_tool`: the folder, its files and how many answers changed.
pub(super) fn wa_tool_import(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let map = new?.as_object()?;
    let mut changes = vec![plain(
        "folder",
        None,
        Some(same(map.get("path")?.as_str()?)),
    )];
    let files: Vec<String> = map
        .get("files")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|file| {
                    let name = file.get("file")?.as_str()?;
                    let hash = file.get("sha256").and_then(Value::as_str).unwrap_or("");
                    Some(format!("{name} (sha256 {})", short_hash(hash)))
                })
                .collect()
        })
        .unwrap_or_default();
    if !files.is_empty() {
        changes.push(plain("file", None, Some(same(files.join(", ")))));
    }
    if let Some(count) = map.get("answers").and_then(Value::as_u64) {
        changes.push(plain("answers", None, Some(same(count.to_string()))));
    }
    Some(changes)
}

/// `workbook.record`: rows a write changed after its last entry, kept so `verify` replays them.
pub(super) fn workbook_record() -> Vec<HistoryChange> {
    vec![plain(
        "record",
        None,
        Some(both(
            "この変更で書き換わった行（検証で照合されます）",
            "Rows this change rewrote (checked by verify)",
        )),
    )]
}
