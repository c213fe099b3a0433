//! The per-question part of a [`ReviewDiff`](super::ReviewDiff): both sides' reviews matched
//! by set id + question id, each field compared.

use std::collections::HashMap;

use super::{Change, ChoiceNotApplicableChange, DiffStatus, EvidenceReattached, QuestionDiff};
use crate::error::Result;
use crate::review::{ChoiceStatus, QuestionReview};
use crate::workbook::{Evidence, EvidenceKind, NotApplicable, Workbook};

/// One side: its review rows and evidence by question key.
struct Side {
    reviews: Vec<QuestionReview>,
    evidence: HashMap<String, Vec<Evidence>>,
}

impl Side {
    fn read(workbook: &Workbook) -> Result<Side> {
        let mut evidence: HashMap<String, Vec<Evidence>> = HashMap::new();
        for item in workbook.list_evidence(None)? {
            evidence
                .entry(item.question_id.clone())
                .or_default()
                .push(item);
        }
        Ok(Side {
            reviews: workbook.review(None)?,
            evidence,
        })
    }

    fn evidence_of(&self, review: &QuestionReview) -> &[Evidence] {
        self.evidence
            .get(&review.question_id)
            .map_or(&[], Vec::as_slice)
    }
}

/// The question's id within its set: its key without the `set/` a qualified key carries.
fn own_id(review: &QuestionReview) -> &str {
    review
        .question_id
        .strip_prefix(review.set_id.as_str())
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(&review.question_id)
}

fn selected(review: Option<&QuestionReview>) -> Vec<&str> {
    review.map_or_else(Vec::new, |r| {
        r.choices
            .iter()
            .filter(|c| c.status == ChoiceStatus::Selected)
            .map(|c| c.id.as_str())
            .collect()
    })
}

fn choice_marks(review: Option<&QuestionReview>) -> Vec<(&str, NotApplicable)> {
    review.map_or_else(Vec::new, |r| {
        r.choices
            .iter()
            .filter_map(|c| {
                let reason = c.not_applicable_reason?;
                Some((
                    c.id.as_str(),
                    NotApplicable {
                        reason,
                        text: c.not_applicable_text.clone().unwrap_or_default(),
                    },
                ))
            })
            .collect()
    })
}

fn choice_mark_changes(
    before: Option<&QuestionReview>,
    after: Option<&QuestionReview>,
) -> Vec<ChoiceNotApplicableChange> {
    let before = choice_marks(before);
    let after = choice_marks(after);
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

type EvidenceChanges = (Vec<Evidence>, Vec<Evidence>, Vec<EvidenceReattached>);

/// Added, removed and re-attached (same file content under a new id) evidence.
fn evidence_changes(before: &[Evidence], after: &[Evidence]) -> EvidenceChanges {
    let mut added: Vec<Evidence> = after
        .iter()
        .filter(|e| !before.iter().any(|b| b.id == e.id))
        .cloned()
        .collect();
    let mut removed: Vec<Evidence> = before
        .iter()
        .filter(|e| !after.iter().any(|a| a.id == e.id))
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

fn compare(
    status: DiffStatus,
    before: Option<(&QuestionReview, &[Evidence])>,
    after: Option<(&QuestionReview, &[Evidence])>,
) -> Option<QuestionDiff> {
    let (b, a) = (before.map(|s| s.0), after.map(|s| s.0));
    let shown = a.or(b)?;
    let (sel_before, sel_after) = (selected(b), selected(a));
    let list = |from: &[&str], without: &[&str]| -> Vec<String> {
        from.iter()
            .filter(|id| !without.contains(id))
            .map(|id| id.to_string())
            .collect()
    };
    let (evidence_added, evidence_removed, evidence_reattached) =
        evidence_changes(before.map_or(&[], |s| s.1), after.map_or(&[], |s| s.1));
    let text = |r: Option<&QuestionReview>| r.map(|r| r.notes.clone()).unwrap_or_default();
    let diff = QuestionDiff {
        status,
        set_id: shown.set_id.clone(),
        question_id: own_id(shown).to_string(),
        key: shown.question_id.clone(),
        label: shown.label.clone(),
        title: shown.title.clone(),
        risk_before: b.map(|r| r.risk),
        risk_after: a.map(|r| r.risk),
        selections_added: list(&sel_after, &sel_before),
        selections_removed: list(&sel_before, &sel_after),
        not_applicable: Change::of(
            b.and_then(|r| r.not_applicable.clone()),
            a.and_then(|r| r.not_applicable.clone()),
        ),
        choices_not_applicable: choice_mark_changes(b, a),
        notes: Change::of(text(b), text(a)),
        evidence_added,
        evidence_removed,
        evidence_reattached,
        updated_by: a.and_then(|r| r.updated_by.clone()),
        updated_at: a.and_then(|r| r.updated_at.clone()),
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
    let mut by_id: HashMap<(&str, &str), &QuestionReview> = before
        .reviews
        .iter()
        .map(|r| ((r.set_id.as_str(), own_id(r)), r))
        .collect();
    let mut diffs = Vec::new();
    for now in &after.reviews {
        let then = by_id.remove(&(now.set_id.as_str(), own_id(now)));
        let status = if then.is_some() {
            DiffStatus::Changed
        } else {
            DiffStatus::Added
        };
        diffs.extend(compare(
            status,
            then.map(|r| (r, before.evidence_of(r))),
            Some((now, after.evidence_of(now))),
        ));
    }
    for then in &before.reviews {
        if by_id.contains_key(&(then.set_id.as_str(), own_id(then))) {
            diffs.extend(compare(
                DiffStatus::Removed,
                Some((then, before.evidence_of(then))),
                None,
            ));
        }
    }
    Ok(diffs)
}
