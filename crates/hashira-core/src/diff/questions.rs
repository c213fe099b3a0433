//! The per-question part of a [`ReviewDiff`](super::ReviewDiff): both sides' questions
//! matched by set id + question id, each field compared.
//!
//! Read as `Workbook::review` reads (the sets' questions and choices, `answers()`, the risk
//! from [`question_risk`], the function `review` calls) but without copying every text of
//! every choice: a 5,000-question review copies ~50,000 choices' texts, which cost more than
//! the comparison itself (BENCHMARKS.md "Milestones and diff"). A question whose set text and
//! answer are the same on both sides has the same risk, so only its evidence is compared.

use std::collections::HashMap;

use super::{Change, ChoiceNotApplicableChange, DiffStatus, EvidenceReattached, QuestionDiff};
use crate::error::Result;
use crate::question_set::{Question, QuestionSet};
use crate::risk::{Risk, question_risk};
use crate::workbook::{Answer, Evidence, EvidenceKind, NotApplicable, Workbook};

/// One side: its answers and evidence by question key.
struct Side<'w> {
    workbook: &'w Workbook,
    answers: HashMap<String, Answer>,
    evidence: HashMap<String, Vec<Evidence>>,
}

/// One question on one side.
#[derive(Clone, Copy)]
struct Entry<'a> {
    set: &'a QuestionSet,
    question: &'a Question,
    answer: Option<&'a Answer>,
    evidence: &'a [Evidence],
}

impl<'a> Entry<'a> {
    fn risk(self) -> Risk {
        question_risk(self.set, self.question, self.answer)
    }

    /// Selected choice ids in the question's order (a stored id the set no longer has is not
    /// shown, as in `review`).
    fn selected(self) -> Vec<&'a str> {
        let Some(answer) = self.answer else {
            return Vec::new();
        };
        self.question
            .choices
            .iter()
            .filter(|c| answer.selected_choices.contains(&c.id))
            .map(|c| c.id.as_str())
            .collect()
    }

    fn choice_marks(self) -> Vec<(&'a str, NotApplicable)> {
        let Some(answer) = self.answer else {
            return Vec::new();
        };
        self.question
            .choices
            .iter()
            .filter_map(|c| {
                let na = answer
                    .choices_not_applicable
                    .iter()
                    .find(|na| na.choice_id == c.id)?;
                Some((
                    c.id.as_str(),
                    NotApplicable {
                        reason: na.reason,
                        text: na.text.clone(),
                    },
                ))
            })
            .collect()
    }
}

impl<'w> Side<'w> {
    fn read(workbook: &'w Workbook) -> Result<Side<'w>> {
        let mut evidence: HashMap<String, Vec<Evidence>> = HashMap::new();
        for item in workbook.list_evidence(None)? {
            evidence
                .entry(item.question_id.clone())
                .or_default()
                .push(item);
        }
        Ok(Side {
            workbook,
            answers: workbook.answers()?,
            evidence,
        })
    }

    /// Every question in document order.
    fn entries(&self) -> Vec<Entry<'_>> {
        self.workbook
            .question_sets()
            .iter()
            .flat_map(|set| {
                set.questions().map(move |(_, question)| Entry {
                    set,
                    question,
                    answer: self.answers.get(question.key()),
                    evidence: self.evidence.get(question.key()).map_or(&[], Vec::as_slice),
                })
            })
            .collect()
    }
}

fn choice_mark_changes<'a>(
    before: Option<Entry<'a>>,
    after: Option<Entry<'a>>,
) -> Vec<ChoiceNotApplicableChange> {
    let before = before.map(Entry::choice_marks).unwrap_or_default();
    let after = after.map(Entry::choice_marks).unwrap_or_default();
    let find = |marks: &[(&str, NotApplicable)], id: &str| {
        marks.iter().find(|(c, _)| *c == id).map(|(_, m)| m.clone())
    };
    let mut ids: Vec<&str> = after.iter().map(|(id, _)| *id).collect();
    ids.extend(
        before
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !after.iter().any(|(a, _)| a == id)),
    );
    ids.into_iter()
        .filter_map(|id| {
            let (b, a) = (find(&before, id), find(&after, id));
            (b != a).then(|| ChoiceNotApplicableChange {
                choice_id: id.to_string(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// The same evidence item on both sides: its id *and* its record. An id alone does not say it
/// (a removed item's id is given to the next one added), but an item is never edited, so
/// the same id with the same record is the same item. The question key is left out: it is the
/// side's key of the same question.
fn same_item(a: &Evidence, b: &Evidence) -> bool {
    a.id == b.id
        && a.choice_id == b.choice_id
        && a.kind == b.kind
        && a.title == b.title
        && a.file_name == b.file_name
        && a.media_type == b.media_type
        && a.size_bytes == b.size_bytes
        && a.sha256 == b.sha256
        && a.url == b.url
        && a.excerpt == b.excerpt
        && a.added_by == b.added_by
        && a.added_at == b.added_at
}

type EvidenceChanges = (Vec<Evidence>, Vec<Evidence>, Vec<EvidenceReattached>);

/// Added, removed and re-attached (same file content under a new id) evidence.
fn evidence_changes(before: &[Evidence], after: &[Evidence]) -> EvidenceChanges {
    let mut added: Vec<Evidence> = after
        .iter()
        .filter(|e| !before.iter().any(|b| same_item(b, e)))
        .cloned()
        .collect();
    let mut removed: Vec<Evidence> = before
        .iter()
        .filter(|e| !after.iter().any(|a| same_item(a, e)))
        .cloned()
        .collect();
    let mut reattached = Vec::new();
    let mut index = 0;
    while index < removed.len() {
        let old = &removed[index];
        let same = added.iter().position(|new| {
            old.kind == EvidenceKind::File
                && new.kind == EvidenceKind::File
                && old.sha256.is_some()
                && new.sha256 == old.sha256
                && new.choice_id == old.choice_id
        });
        match same {
            Some(position) => {
                let after = added.remove(position);
                let before = removed.remove(index);
                reattached.push(EvidenceReattached { before, after });
            }
            None => index += 1,
        }
    }
    (added, removed, reattached)
}

/// Whether the two sides' answers say the same (who and when aside).
fn same_answer(before: Option<&Answer>, after: Option<&Answer>) -> bool {
    let empty = Answer::default();
    let (b, a) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    b.selected_choices == a.selected_choices
        && b.choices_not_applicable == a.choices_not_applicable
        && b.not_applicable == a.not_applicable
        && b.notes == a.notes
}

fn compare<'a>(
    status: DiffStatus,
    before: Option<Entry<'a>>,
    after: Option<Entry<'a>>,
) -> Option<QuestionDiff> {
    let shown = after.or(before)?;
    if let (Some(b), Some(a)) = (before, after)
        && b.set.content_hash() == a.set.content_hash()
        && same_answer(b.answer, a.answer)
        && b.evidence.len() == a.evidence.len()
        && b.evidence
            .iter()
            .zip(a.evidence)
            .all(|(b, a)| same_item(b, a))
    {
        return None;
    }
    let sel_before = before.map(Entry::selected).unwrap_or_default();
    let sel_after = after.map(Entry::selected).unwrap_or_default();
    let list = |from: &[&str], without: &[&str]| -> Vec<String> {
        from.iter()
            .filter(|id| !without.contains(id))
            .map(|id| id.to_string())
            .collect()
    };
    let (evidence_added, evidence_removed, evidence_reattached) = evidence_changes(
        before.map_or(&[], |e| e.evidence),
        after.map_or(&[], |e| e.evidence),
    );
    let answer_of = |e: Option<Entry<'a>>| e.and_then(|e| e.answer);
    let notes = |e: Option<Entry<'a>>| answer_of(e).map(|a| a.notes.clone()).unwrap_or_default();
    let marked = |e: Option<Entry<'a>>| answer_of(e).and_then(|a| a.not_applicable.clone());
    let diff = QuestionDiff {
        status,
        set_id: shown.set.id().to_string(),
        question_id: shown.question.id.clone(),
        key: shown.question.key().to_string(),
        label: shown.question.label().to_string(),
        title: shown.question.title.clone(),
        risk_before: before.map(|e| e.risk()),
        risk_after: after.map(|e| e.risk()),
        selections_added: list(&sel_after, &sel_before),
        selections_removed: list(&sel_before, &sel_after),
        not_applicable: Change::of(marked(before), marked(after)),
        choices_not_applicable: choice_mark_changes(before, after),
        notes: Change::of(notes(before), notes(after)),
        evidence_added,
        evidence_removed,
        evidence_reattached,
        updated_by: answer_of(after).and_then(|a| a.updated_by.clone()),
        updated_at: answer_of(after).and_then(|a| a.updated_at.clone()),
    };
    let changed = status != DiffStatus::Changed
        || diff.risk_changed()
        || !diff.selections_added.is_empty()
        || !diff.selections_removed.is_empty()
        || diff.not_applicable.is_some()
        || !diff.choices_not_applicable.is_empty()
        || diff.notes.is_some()
        || !diff.evidence_added.is_empty()
        || !diff.evidence_removed.is_empty()
        || !diff.evidence_reattached.is_empty();
    changed.then_some(diff)
}

/// Every question that differs from `from` to `to`: in `to`'s order, then those only `from` has.
pub fn diff_questions(from: &Workbook, to: &Workbook) -> Result<Vec<QuestionDiff>> {
    let before = Side::read(from)?;
    let after = Side::read(to)?;
    let before_entries = before.entries();
    let mut by_id: HashMap<(&str, &str), Entry<'_>> = before_entries
        .iter()
        .map(|e| ((e.set.id(), e.question.id.as_str()), *e))
        .collect();
    let mut diffs = Vec::new();
    for now in after.entries() {
        let then = by_id.remove(&(now.set.id(), now.question.id.as_str()));
        let status = if then.is_some() {
            DiffStatus::Changed
        } else {
            DiffStatus::Added
        };
        diffs.extend(compare(status, then, Some(now)));
    }
    for then in before_entries {
        if by_id.contains_key(&(then.set.id(), then.question.id.as_str())) {
            diffs.extend(compare(DiffStatus::Removed, Some(then), None));
        }
    }
    Ok(diffs)
}
