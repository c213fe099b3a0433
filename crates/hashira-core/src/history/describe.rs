//! One audit entry → one [`HistoryRecord`], by the shape each action writes its values in
//! (see the `write.audit(…)` calls in `workbook/` and `wg/`). A value of another shape falls
//! back to the generic old/new JSON description.

use serde_json::Value;
use time::UtcOffset;

use super::labels::{self, same};
use super::wg;
use super::{HistoryChange, HistoryKind, HistoryQuestion, HistoryRecord};
use crate::clock::display_stored;
use crate::question_set::{LocalizedText, Question, QuestionSet};
use crate::workbook::{AuditEntry, EvidenceKind, NotApplicableReason, WorkloadField};

/// Hashes are shown by their first characters, as `hashira show` shows a set's hash.
const SHORT_HASH: usize = 12;

pub(super) fn record(entry: &AuditEntry, sets: &[QuestionSet], offset: UtcOffset) -> HistoryRecord {
    let kind = HistoryKind::of_action(&entry.action);
    let old = entry.old_value.as_ref();
    let new = entry.new_value.as_ref();
    let about_question = matches!(
        kind,
        HistoryKind::AnswerUpdate
            | HistoryKind::AnswerConfirm
            | HistoryKind::EvidenceAdd
            | HistoryKind::EvidenceRemove
            | HistoryKind::ImprovementItemSet
            | HistoryKind::ImprovementItemAdd
    );
    let found = about_question
        .then(|| find_question(sets, &entry.target))
        .flatten();
    let question = about_question.then(|| match found {
        Some(q) => HistoryQuestion {
            id: q.key().to_string(),
            label: q.label().to_string(),
            title: q.title.clone(),
        },
        // A question no set of the workbook holds is still named by its id.
        None => HistoryQuestion {
            id: entry.target.clone(),
            label: entry.target.clone(),
            title: LocalizedText::default(),
        },
    });
    // A question is named by `question`; a workload property or the schema by its change's
    // label; everything else by its target (a service, a file, a question set).
    let subject = match kind {
        HistoryKind::ImprovementItemSet | HistoryKind::ImprovementItemAdd => {
            Some(super::items::item_subject(found, new.or(old)))
        }
        _ if about_question => None,
        HistoryKind::WorkloadUpdate
        | HistoryKind::WorkbookCreate
        | HistoryKind::WorkbookMigrate
        | HistoryKind::WorkbookRecord => None,
        HistoryKind::WgEvaluate => Some(wg::criterion_subject(&entry.target, new.or(old))),
        _ => Some(same(entry.target.clone())),
    };
    let described = match kind {
        HistoryKind::AnswerUpdate => answer(found, old, new),
        HistoryKind::EvidenceAdd => {
            evidence(found, new).map(|item| vec![items("evidence", vec![item], vec![])])
        }
        HistoryKind::EvidenceRemove => {
            evidence(found, old).map(|item| vec![items("evidence", vec![], vec![item])])
        }
        HistoryKind::WorkloadUpdate => workload(&entry.target, old, new),
        HistoryKind::WorkbookCreate => workbook_create(new),
        HistoryKind::QuestionSetAdd => question_set(new),
        HistoryKind::WorkbookMigrate => Some(vec![plain(
            "schema_version",
            old.map(json_text),
            new.map(json_text),
        )]),
        HistoryKind::AnswersImport => answers_import(new),
        HistoryKind::WgImport | HistoryKind::WgReplace => wg::wg_import(old, new),
        HistoryKind::WgEvaluate => wg::wg_evaluate(old, new),
        HistoryKind::WgDelete => wg::wg_delete(old),
        HistoryKind::WorkbookCopy => super::merge::workbook_copy(new),
        HistoryKind::WorkbookMerge => super::merge::workbook_merge(new),
        HistoryKind::WorkbookRecord => Some(super::items::workbook_record()),
        HistoryKind::AnswerConfirm => Some(super::items::answer_confirm()),
        HistoryKind::AnswersImportWaTool => super::items::wa_tool_import(new),
        HistoryKind::ImprovementItemSet => super::items::item_set(old, new),
        HistoryKind::ImprovementItemAdd => super::items::item_add(new),
        HistoryKind::MilestoneAdd => super::items::milestone_add(new),
        HistoryKind::QuestionSetUpgrade => super::items::set_upgrade(&entry.target, old, new),
        HistoryKind::Other => None,
    };
    HistoryRecord {
        seq: entry.seq,
        at: entry.at.clone(),
        when: display_stored(&entry.at, offset),
        actor: entry.actor.clone(),
        action: entry.action.clone(),
        kind,
        kind_label: kind.label(),
        target: entry.target.clone(),
        question,
        subject,
        changes: described.unwrap_or_else(|| generic(old, new)),
    }
}

pub(super) fn find_question<'a>(sets: &'a [QuestionSet], id: &str) -> Option<&'a Question> {
    sets.iter().find_map(|set| set.question(id).map(|(_, q)| q))
}

/// The old and new JSON as they are: the description of an entry nothing else describes.
fn generic(old: Option<&Value>, new: Option<&Value>) -> Vec<HistoryChange> {
    if old.is_none() && new.is_none() {
        return Vec::new();
    }
    vec![plain("value", old.map(json_text), new.map(json_text))]
}

/// A JSON value as text: strings as themselves, the rest as compact JSON.
pub(super) fn json_text(value: &Value) -> LocalizedText {
    match value {
        Value::String(text) => same(text.clone()),
        other => same(other.to_string()),
    }
}

pub(super) fn change(
    field: &str,
    old: Option<LocalizedText>,
    new: Option<LocalizedText>,
    free_text: bool,
) -> HistoryChange {
    HistoryChange {
        field: field.to_string(),
        label: labels::field(field),
        old,
        new,
        added: Vec::new(),
        removed: Vec::new(),
        free_text,
    }
}

pub(super) fn plain(
    field: &str,
    old: Option<LocalizedText>,
    new: Option<LocalizedText>,
) -> HistoryChange {
    change(field, old, new, false)
}

pub(super) fn items(
    field: &str,
    added: Vec<LocalizedText>,
    removed: Vec<LocalizedText>,
) -> HistoryChange {
    HistoryChange {
        added,
        removed,
        ..plain(field, None, None)
    }
}

pub(super) fn short_hash(hash: &str) -> String {
    hash.chars().take(SHORT_HASH).collect()
}

/// `SEC1-02 (title)` in each language; an unknown choice by its id alone.
pub(super) fn choice_text(question: Option<&Question>, choice_id: &str) -> LocalizedText {
    match question.and_then(|q| q.choice(choice_id)) {
        Some(choice) => LocalizedText {
            ja: Some(format!(
                "{choice_id} ({})",
                choice.title.get(crate::Lang::Ja)
            )),
            en: Some(format!(
                "{choice_id} ({})",
                choice.title.get(crate::Lang::En)
            )),
        },
        None => same(choice_id),
    }
}

/// Joins per-language parts: `map(lang)` for Japanese and English.
pub(super) fn per_lang(map: impl Fn(crate::Lang) -> String) -> LocalizedText {
    LocalizedText {
        ja: Some(map(crate::Lang::Ja)),
        en: Some(map(crate::Lang::En)),
    }
}

pub(super) fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

struct AnswerParts {
    selected: Vec<String>,
    choices_na: Vec<(String, NotApplicableReason, String)>,
    not_applicable: Option<(NotApplicableReason, String)>,
    notes: String,
}

/// An answer's audited value (`Answer::audit_value`); absent means "no answer".
fn answer_parts(value: Option<&Value>) -> Option<AnswerParts> {
    let Some(value) = value else {
        return Some(AnswerParts {
            selected: Vec::new(),
            choices_na: Vec::new(),
            not_applicable: None,
            notes: String::new(),
        });
    };
    let map = value.as_object()?;
    let selected = match map.get("selected_choices") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value(v.clone()).ok()?,
    };
    let reason_of = |v: &Value| -> Option<(NotApplicableReason, String)> {
        let reason = serde_json::from_value(v.get("reason")?.clone()).ok()?;
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        Some((reason, text))
    };
    let choices_na = match map.get("choices_not_applicable") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|item| {
                let id = item.get("choice_id")?.as_str()?.to_string();
                let (reason, text) = reason_of(item)?;
                Some((id, reason, text))
            })
            .collect::<Option<Vec<_>>>()?,
        Some(_) => return None,
    };
    let not_applicable = match map.get("not_applicable") {
        None | Some(Value::Null) => None,
        Some(v) => Some(reason_of(v)?),
    };
    let notes = match map.get("notes") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(_) => return None,
    };
    Some(AnswerParts {
        selected,
        choices_na,
        not_applicable,
        notes,
    })
}

pub(super) fn reason_text(reason: NotApplicableReason, text: &str) -> LocalizedText {
    let label = labels::reason(reason);
    per_lang(|lang| {
        if text.is_empty() {
            label.get(lang).to_string()
        } else {
            format!("{} — {}", label.get(lang), quoted(text))
        }
    })
}

fn answer(
    question: Option<&Question>,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Option<Vec<HistoryChange>> {
    let before = answer_parts(old)?;
    let after = answer_parts(new)?;
    let mut changes = Vec::new();
    let added: Vec<LocalizedText> = after
        .selected
        .iter()
        .filter(|id| !before.selected.contains(id))
        .map(|id| choice_text(question, id))
        .collect();
    let removed: Vec<LocalizedText> = before
        .selected
        .iter()
        .filter(|id| !after.selected.contains(id))
        .map(|id| choice_text(question, id))
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        changes.push(items("selected_choices", added, removed));
    }
    if before.not_applicable != after.not_applicable {
        let shown = |na: &Option<(NotApplicableReason, String)>| {
            na.as_ref().map(|(r, t)| reason_text(*r, t))
        };
        changes.push(plain(
            "not_applicable",
            Some(shown(&before.not_applicable).unwrap_or_else(labels::none)),
            Some(shown(&after.not_applicable).unwrap_or_else(labels::none)),
        ));
    }
    let choice_na = |(id, reason, text): &(String, NotApplicableReason, String)| {
        let choice = choice_text(question, id);
        let why = reason_text(*reason, text);
        per_lang(|lang| format!("{}: {}", choice.get(lang), why.get(lang)))
    };
    let added: Vec<LocalizedText> = after
        .choices_na
        .iter()
        .filter(|item| !before.choices_na.contains(item))
        .map(choice_na)
        .collect();
    let removed: Vec<LocalizedText> = before
        .choices_na
        .iter()
        .filter(|item| !after.choices_na.contains(item))
        .map(choice_na)
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        changes.push(items("choices_not_applicable", added, removed));
    }
    if before.notes != after.notes {
        let old_notes = old.is_some().then(|| same(before.notes.clone()));
        changes.push(change(
            "notes",
            old_notes,
            Some(same(after.notes.clone())),
            true,
        ));
    }
    Some(changes)
}

/// An evidence item as one line: kind, title, file name or URL, short hash, choice.
pub(super) fn evidence(
    question: Option<&Question>,
    value: Option<&Value>,
) -> Option<LocalizedText> {
    let map = value?.as_object()?;
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
    };
    let kind: EvidenceKind = serde_json::from_value(map.get("kind")?.clone()).ok()?;
    let kind = labels::evidence_kind(kind);
    let title = text("title").unwrap_or("");
    let mut details: Vec<String> = Vec::new();
    if let Some(name) = text("file_name") {
        details.push(name.to_string());
    }
    if let Some(url) = text("url") {
        details.push(url.to_string());
    }
    if let Some(hash) = text("sha256") {
        details.push(format!("sha256 {}", short_hash(hash)));
    }
    let choice = text("choice_id").map(|id| choice_text(question, id));
    Some(per_lang(|lang| {
        let mut line = format!("{} {}", kind.get(lang), quoted(title));
        if !details.is_empty() {
            line.push_str(&format!(" ({})", details.join(", ")));
        }
        if let Some(choice) = &choice {
            line.push_str(&format!(" — {}", choice.get(lang)));
        }
        line
    }))
}

/// A workload property's value as words: lists joined, the environment by its label.
fn workload_value(field: WorkloadField, value: Option<&Value>) -> Option<LocalizedText> {
    match value? {
        Value::Null => None,
        Value::Array(list) if list.is_empty() => None,
        Value::Array(list) => Some(same(
            list.iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect::<Vec<_>>()
                .join(", "),
        )),
        Value::String(text) if field == WorkloadField::Environment => {
            Some(labels::environment(text))
        }
        other => Some(json_text(other)),
    }
}

fn workload(target: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let field = WorkloadField::parse(target)?;
    let free = !field.is_list()
        && !matches!(
            field,
            WorkloadField::Environment | WorkloadField::ReviewDate | WorkloadField::TimeZone
        );
    let shown = |v| workload_value(field, v).or_else(|| Some(labels::none()));
    Some(vec![change(field.key(), shown(old), shown(new), free)])
}

fn workbook_create(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let name = new?.get("name")?.as_str()?;
    Some(vec![change("name", None, Some(same(name)), true)])
}

fn question_set(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let map = new?.as_object()?;
    let version = map.get("version")?.as_str()?;
    let hash = map
        .get("content_hash")
        .and_then(Value::as_str)
        .unwrap_or("");
    Some(vec![
        plain("version", None, Some(same(version))),
        plain("sha256", None, Some(same(short_hash(hash)))),
    ])
}

fn answers_import(new: Option<&Value>) -> Option<Vec<HistoryChange>> {
    let map = new?.as_object()?;
    let mut changes = vec![plain("file", None, Some(same(map.get("file")?.as_str()?)))];
    if let Some(hash) = map.get("sha256").and_then(Value::as_str) {
        changes.push(plain("sha256", None, Some(same(short_hash(hash)))));
    }
    if let Some(count) = map.get("answers").and_then(Value::as_u64) {
        changes.push(plain("answers", None, Some(same(count.to_string()))));
    }
    Some(changes)
}

/// An import's entry (Excel, AWS WA Tool) is followed, in the same transaction (same instant
/// and actor), by one `answer.update` entry per question it changed: the import names those
/// questions too.
pub(super) fn name_imported_questions(records: &mut [HistoryRecord]) {
    for index in 0..records.len() {
        if !matches!(
            records[index].kind,
            HistoryKind::AnswersImport | HistoryKind::AnswersImportWaTool
        ) {
            continue;
        }
        let (at, actor) = (records[index].at.clone(), records[index].actor.clone());
        let ids: Vec<String> = records[index + 1..]
            .iter()
            .take_while(|r| r.kind == HistoryKind::AnswerUpdate && r.at == at && r.actor == actor)
            .filter_map(|r| r.question.as_ref().map(|q| q.id.clone()))
            .collect();
        if !ids.is_empty() {
            records[index]
                .changes
                .push(plain("questions", None, Some(same(ids.join(", ")))));
        }
    }
}
