//! A merge plan as a person reads it (the app's merge screen): each unit named in words and
//! each side's value described by the change history's glossary (`history::merge_value_text`),
//! times in the workbook's time zone, and the counts of what is taken by kind.

use serde::Serialize;
use time::UtcOffset;

use super::{MergeChange, MergeConflict, MergeItem, MergePlan};
use crate::clock::display_stored;
use crate::history::{merge_item_label, merge_value_text};
use crate::question_set::{LocalizedText, QuestionSet};

/// One change taken, or one conflict, in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeRowShown {
    /// The plan's id (`answer:SEC1`): what a resolution names.
    pub id: String,
    pub item: MergeItem,
    pub item_label: LocalizedText,
    /// The question id, workload column, criterion or item as the plan names it.
    pub target: String,
    /// The question with its label and title, a property's label, else the target.
    pub subject: LocalizedText,
    /// The value where the copies parted (conflicts only).
    pub base: Option<LocalizedText>,
    pub ours: LocalizedText,
    pub theirs: LocalizedText,
    pub ours_by: Option<String>,
    /// In the workbook's time zone: `2026-04-01 09:00`.
    pub ours_when: Option<String>,
    pub theirs_by: Option<String>,
    pub theirs_when: Option<String>,
    /// A conflict's two values in the form its edit takes (`merge/edit.rs`), to start an edit
    /// from; `null` for a change taken, or a side with nothing to start from.
    #[cfg_attr(feature = "ts", ts(type = "JsonValue | null"))]
    pub edit_ours: serde_json::Value,
    #[cfg_attr(feature = "ts", ts(type = "JsonValue | null"))]
    pub edit_theirs: serde_json::Value,
    /// An answer conflict's question's choices, for choosing an edited answer.
    pub choices: Vec<MergeChoiceShown>,
}

/// One choice of the question an answer conflict is about.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeChoiceShown {
    pub id: String,
    pub title: LocalizedText,
    /// "None of these": selected alone.
    pub none_of_these: bool,
}

/// How many changes of one kind are taken.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeCount {
    pub item: MergeItem,
    pub label: LocalizedText,
    pub count: usize,
}

/// [`MergePlan`] in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergePlanShown {
    pub other: String,
    /// The last audit entry both copies share, and when it was written.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub fork_seq: i64,
    pub fork_when: String,
    /// The other file's audit entries that the merge adds here.
    pub their_entries: usize,
    pub already_merged: bool,
    pub taken_counts: Vec<MergeCount>,
    pub taken: Vec<MergeRowShown>,
    pub conflicts: Vec<MergeRowShown>,
    pub notes: Vec<String>,
    /// What the apply must name (the plan's fingerprint).
    pub fingerprint: String,
}

struct Words<'a> {
    sets: &'a [QuestionSet],
    offset: UtcOffset,
}

impl Words<'_> {
    fn when(&self, at: &Option<String>) -> Option<String> {
        at.as_deref().map(|at| display_stored(at, self.offset))
    }

    fn subject(&self, item: MergeItem, target: &str) -> LocalizedText {
        let question = self
            .sets
            .iter()
            .find_map(|set| set.question(target).map(|(_, q)| q));
        match (item, question) {
            (
                MergeItem::Answer | MergeItem::Notes | MergeItem::Evidence | MergeItem::Rereview,
                Some(q),
            ) => LocalizedText {
                ja: Some(format!("{} {}", q.label(), q.title.get(crate::Lang::Ja))),
                en: Some(format!("{} {}", q.label(), q.title.get(crate::Lang::En))),
            },
            (MergeItem::Workload, _) => crate::history::field_label(target),
            (MergeItem::WgDecision, _) => criterion_subject(target),
            _ => LocalizedText {
                ja: Some(target.to_string()),
                en: Some(target.to_string()),
            },
        }
    }

    fn value(&self, item: MergeItem, target: &str, value: &serde_json::Value) -> LocalizedText {
        merge_value_text(item, value, self.sets, target)
    }

    fn change(&self, c: &MergeChange) -> MergeRowShown {
        MergeRowShown {
            id: c.id.clone(),
            item: c.item,
            item_label: item_label(c.item),
            target: c.target.clone(),
            subject: self.subject(c.item, &c.target),
            base: None,
            ours: self.value(c.item, &c.target, &c.ours),
            theirs: self.value(c.item, &c.target, &c.theirs),
            ours_by: None,
            ours_when: None,
            theirs_by: c.by.clone(),
            theirs_when: self.when(&c.at),
            edit_ours: serde_json::Value::Null,
            edit_theirs: serde_json::Value::Null,
            choices: Vec::new(),
        }
    }

    fn conflict(&self, c: &MergeConflict) -> MergeRowShown {
        MergeRowShown {
            id: c.id.clone(),
            item: c.item,
            item_label: item_label(c.item),
            target: c.target.clone(),
            subject: self.subject(c.item, &c.target),
            base: Some(self.value(c.item, &c.target, &c.base)),
            ours: self.value(c.item, &c.target, &c.ours),
            theirs: self.value(c.item, &c.target, &c.theirs),
            ours_by: c.ours_by.clone(),
            ours_when: self.when(&c.ours_at),
            theirs_by: c.theirs_by.clone(),
            theirs_when: self.when(&c.theirs_at),
            edit_ours: super::edit::form_of(c, &c.ours),
            edit_theirs: super::edit::form_of(c, &c.theirs),
            choices: self.choices(c),
        }
    }

    fn choices(&self, c: &MergeConflict) -> Vec<MergeChoiceShown> {
        if c.item != MergeItem::Answer {
            return Vec::new();
        }
        let question = self
            .sets
            .iter()
            .find_map(|set| set.question(&c.target).map(|(_, q)| q));
        question.map_or_else(Vec::new, |q| {
            q.choices
                .iter()
                .map(|choice| MergeChoiceShown {
                    id: choice.id.clone(),
                    title: choice.title.clone(),
                    none_of_these: choice.none_of_these,
                })
                .collect()
        })
    }
}

/// A WG criterion as `compare.rs` names it (`criterion No. 1-2 (#3)`), in both languages.
fn criterion_subject(target: &str) -> LocalizedText {
    let parsed = target
        .strip_prefix("criterion No. ")
        .and_then(|rest| rest.strip_suffix(')'))
        .and_then(|rest| rest.rsplit_once(" (#"));
    match parsed {
        Some((number, id)) => LocalizedText {
            ja: Some(format!(
                "WG {} No.{number}（#{id}）",
                crate::glossary::CRITERION.ja
            )),
            en: Some(format!("WG criterion No. {number} (#{id})")),
        },
        None => LocalizedText {
            ja: Some(target.to_string()),
            en: Some(target.to_string()),
        },
    }
}

fn item_key(item: MergeItem) -> String {
    serde_json::to_value(item)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn item_label(item: MergeItem) -> LocalizedText {
    merge_item_label(&item_key(item))
}

impl MergePlan {
    /// The plan in words: subjects and values described, times in `offset`.
    pub fn shown(&self, sets: &[QuestionSet], offset: UtcOffset) -> MergePlanShown {
        let words = Words { sets, offset };
        let mut taken_counts: Vec<MergeCount> = Vec::new();
        for change in &self.taken {
            match taken_counts.iter_mut().find(|c| c.item == change.item) {
                Some(count) => count.count += 1,
                None => taken_counts.push(MergeCount {
                    item: change.item,
                    label: item_label(change.item),
                    count: 1,
                }),
            }
        }
        MergePlanShown {
            other: self.other.display().to_string(),
            fork_seq: self.fork.seq,
            fork_when: display_stored(&self.fork.at, offset),
            their_entries: self.their_entries,
            already_merged: self.already_merged,
            taken_counts,
            taken: self.taken.iter().map(|c| words.change(c)).collect(),
            conflicts: self.conflicts.iter().map(|c| words.conflict(c)).collect(),
            notes: self.notes.clone(),
            fingerprint: self.fingerprint.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wg_criterion_is_named_in_both_languages_and_anything_else_as_it_is() {
        let named = criterion_subject("criterion No. 1-2 (#3)");
        assert_eq!(named.ja.as_deref(), Some("WG クライテリア No.1-2（#3）"));
        assert_eq!(named.en.as_deref(), Some("WG criterion No. 1-2 (#3)"));
        let odd = criterion_subject("criterion 7");
        assert_eq!(odd.ja.as_deref(), Some("criterion 7"));
    }
}
