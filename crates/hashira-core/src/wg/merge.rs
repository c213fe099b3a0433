//! Re-importing a WG edition over a stored evaluation without losing the institution's work.
//!
//! A new edition of a service's WG workbook replaces the WG's columns, but the institution's own
//! columns (判定 decision, 自社対策 own measures, 残存リスク residual risk, レビューア所見
//! reviewer notes) are carried over criterion by criterion. The rules:
//!
//! - **Matching key.** If every criterion of both the stored and the imported edition has a
//!   non-empty 項番 (criterion number) and the numbers are unique within each edition, criteria
//!   are matched by number ([`WgMatchRule::CriterionNo`]). Otherwise they are matched by
//!   perspective + category + criterion text ([`WgMatchRule::Text`]). Either way the text is
//!   normalised first: full-width ASCII and the ideographic space become ASCII, all whitespace is
//!   removed and letters are lower-cased. Criteria with the same key pair up in sheet order.
//! - **WG columns** of a matched criterion come from the new file; the fields that differ are
//!   listed in [`WgCriterionMerge::changed_fields`].
//! - **Institution columns** are merged column by column (see [`super::evaluation`]): a value
//!   in the file replaces the stored one, a blank cell keeps it unless the import clears blanks
//!   ([`WgMergeOptions::clear_blank`]). Every column is in the plan as stored → file → result
//!   ([`WgCriterionMerge::fields`]), and a criterion whose columns change, or whose blank cell
//!   covers a stored value, is never `UNCHANGED` ([`WgCriterionStatus`]). Stored values the
//!   file overwrites or clears are recorded in the audit entry.
//! - **New criteria** start as 未評価 unless the file carries an evaluation for them.
//! - **Removed criteria** (in the stored edition, not in the new one) are listed in the plan, and
//!   their institution columns are written into the import's audit entry before they are removed.

use serde::Serialize;
use serde_json::{Value, json};

use super::{
    WgAssessment, WgCriterion, WgEvaluation, WgFieldMerge, WgFieldOutcome, WgMergeOptions,
    merge_evaluation,
};

/// How criteria of two editions were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgMatchRule {
    CriterionNo,
    Text,
}

/// Whether a criterion is new, removed, or changes in any way (WG columns or the institution's,
/// including a blank cell over a stored value): `Unchanged` means nothing about it differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgCriterionChangeKind {
    Added,
    Changed,
    Unchanged,
    Removed,
}

/// What happens to one criterion's institution columns as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgEvaluationOutcome {
    /// The stored evaluation is kept as it is (the file's cells are blank or the same).
    Kept,
    /// At least one of the file's values replaces the stored one.
    FromFile,
    /// Blank cells clear stored values (`clear_blank`) and the file sets none.
    Cleared,
    /// There is no evaluation (未評価, nothing written), before or after.
    NotEvaluated,
    /// The criterion is removed and had an evaluation; it is recorded in the audit entry.
    Removed,
}

/// One criterion's headline in a plan, the most important change first: a decision cleared,
/// a decision changed, a text column cleared, a text column changed, a blank cell over a stored
/// value (kept), the WG's text changed, nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgCriterionStatus {
    New,
    Removed,
    DecisionCleared,
    DecisionChanged,
    EvaluationCleared,
    EvaluationChanged,
    BlankKept,
    TextChanged,
    Unchanged,
}

/// A criterion number the new edition uses on more than one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgDuplicateNumber {
    pub criterion_no: String,
    /// 0-based positions of its rows in the new edition.
    pub positions: Vec<usize>,
}

/// One criterion of a planned import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgCriterionMerge {
    pub kind: WgCriterionChangeKind,
    pub status: WgCriterionStatus,
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub criterion: String,
    /// 0-based position in the new edition (absent when removed).
    pub position: Option<usize>,
    /// 0-based position in the stored edition (absent when added).
    pub previous_position: Option<usize>,
    /// WG field keys whose value changes (`criterion`, `controls`, …).
    pub changed_fields: Vec<String>,
    pub evaluation: WgEvaluationOutcome,
    /// The institution's four columns, stored → file → stored afterwards (none when removed).
    pub fields: Vec<WgFieldMerge>,
    /// The stored evaluation, when there was one.
    pub stored_evaluation: Option<WgEvaluation>,
    /// The evaluation the imported row carried, when it carried one.
    pub file_evaluation: Option<WgEvaluation>,
}

/// What importing an edition over the stored evaluation does (the dry run shows this).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgMergePlan {
    pub service: String,
    /// Whether a stored evaluation of the service exists.
    pub existing: bool,
    pub previous_edition: String,
    pub match_rule: WgMatchRule,
    /// Whether a blank institution cell clears the stored value.
    pub clear_blank: bool,
    pub added: usize,
    /// Matched criteria that change in any way (see [`WgCriterionChangeKind`]).
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub kept_evaluations: usize,
    pub evaluations_from_file: usize,
    pub cleared_evaluations: usize,
    pub removed_evaluations: usize,
    /// Criteria with a blank cell over a stored value that is kept.
    pub blanks_kept: usize,
    /// Criterion numbers used on more than one row of the new edition.
    pub duplicate_numbers: Vec<WgDuplicateNumber>,
    /// New edition's criteria in sheet order, then the removed ones.
    pub criteria: Vec<WgCriterionMerge>,
    /// The evaluation that will be stored.
    #[serde(skip)]
    pub merged: WgAssessment,
}

/// Normalises a text for matching (see the module documentation).
pub fn wg_match_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Numbers used on more than one row (compared normalised), in order of first use.
pub fn wg_duplicate_numbers(criteria: &[WgCriterion]) -> Vec<WgDuplicateNumber> {
    let mut list: Vec<(String, WgDuplicateNumber)> = Vec::new();
    for (position, c) in criteria.iter().enumerate() {
        let key = wg_match_text(&c.criterion_no);
        if key.is_empty() {
            continue;
        }
        match list.iter_mut().find(|(k, _)| *k == key) {
            Some((_, d)) => d.positions.push(position),
            None => list.push((
                key,
                WgDuplicateNumber {
                    criterion_no: c.criterion_no.clone(),
                    positions: vec![position],
                },
            )),
        }
    }
    list.into_iter()
        .map(|(_, d)| d)
        .filter(|d| d.positions.len() > 1)
        .collect()
}

fn numbers_usable(criteria: &[WgCriterion]) -> bool {
    criteria.iter().all(|c| !c.criterion_no.trim().is_empty())
        && wg_duplicate_numbers(criteria).is_empty()
}

fn key(rule: WgMatchRule, c: &WgCriterion) -> String {
    match rule {
        WgMatchRule::CriterionNo => wg_match_text(&c.criterion_no),
        WgMatchRule::Text => format!(
            "{}\u{1F}{}\u{1F}{}",
            wg_match_text(&c.perspective),
            wg_match_text(&c.category),
            wg_match_text(&c.criterion)
        ),
    }
}

fn changed_fields(old: &WgCriterion, new: &WgCriterion) -> Vec<String> {
    let pairs: [(&str, bool); 13] = [
        ("criterion_no", old.criterion_no != new.criterion_no),
        ("perspective", old.perspective != new.perspective),
        ("category", old.category != new.category),
        ("assumed_risk", old.assumed_risk != new.assumed_risk),
        ("criterion", old.criterion != new.criterion),
        ("controls", old.controls != new.controls),
        (
            "responsibility_aws",
            old.responsibility_aws != new.responsibility_aws,
        ),
        (
            "responsibility_customer",
            old.responsibility_customer != new.responsibility_customer,
        ),
        ("fisc_refs", old.fisc_refs != new.fisc_refs),
        ("references", old.references != new.references),
        ("question_ids", old.question_ids != new.question_ids),
        ("extra", old.extra != new.extra),
        ("links", old.links != new.links),
    ];
    pairs
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The headline of a matched criterion from its WG changes and its columns' outcomes.
fn status_of(changed_fields: &[String], fields: &[WgFieldMerge]) -> WgCriterionStatus {
    let decision = |outcome| {
        fields
            .iter()
            .any(|f| f.field == super::WgEvaluationField::Decision && f.outcome == outcome)
    };
    let any = |outcome| fields.iter().any(|f| f.outcome == outcome);
    if decision(WgFieldOutcome::Cleared) {
        WgCriterionStatus::DecisionCleared
    } else if decision(WgFieldOutcome::Set) {
        WgCriterionStatus::DecisionChanged
    } else if any(WgFieldOutcome::Cleared) {
        WgCriterionStatus::EvaluationCleared
    } else if any(WgFieldOutcome::Set) {
        WgCriterionStatus::EvaluationChanged
    } else if any(WgFieldOutcome::BlankKept) {
        WgCriterionStatus::BlankKept
    } else if !changed_fields.is_empty() {
        WgCriterionStatus::TextChanged
    } else {
        WgCriterionStatus::Unchanged
    }
}

fn outcome_of(stored: &WgEvaluation, fields: &[WgFieldMerge]) -> WgEvaluationOutcome {
    let any = |outcome| fields.iter().any(|f| f.outcome == outcome);
    if any(WgFieldOutcome::Set) {
        WgEvaluationOutcome::FromFile
    } else if any(WgFieldOutcome::Cleared) {
        WgEvaluationOutcome::Cleared
    } else if stored.is_empty() {
        WgEvaluationOutcome::NotEvaluated
    } else {
        WgEvaluationOutcome::Kept
    }
}

fn entry(
    kind: WgCriterionChangeKind,
    c: &WgCriterion,
    position: Option<usize>,
    previous_position: Option<usize>,
) -> WgCriterionMerge {
    WgCriterionMerge {
        kind,
        status: match kind {
            WgCriterionChangeKind::Added => WgCriterionStatus::New,
            WgCriterionChangeKind::Removed => WgCriterionStatus::Removed,
            _ => WgCriterionStatus::Unchanged,
        },
        criterion_no: c.criterion_no.clone(),
        perspective: c.perspective.clone(),
        category: c.category.clone(),
        criterion: c.criterion.clone(),
        position,
        previous_position,
        changed_fields: Vec::new(),
        evaluation: WgEvaluationOutcome::NotEvaluated,
        fields: Vec::new(),
        stored_evaluation: None,
        file_evaluation: None,
    }
}

/// Plans importing `incoming` over `stored` (none: a new service). Pure; stores nothing.
pub fn plan_wg_merge(
    stored: Option<&WgAssessment>,
    incoming: &WgAssessment,
    options: WgMergeOptions,
) -> WgMergePlan {
    let empty = Vec::new();
    let old = stored.map(|s| &s.criteria).unwrap_or(&empty);
    let rule = if numbers_usable(&incoming.criteria) && (old.is_empty() || numbers_usable(old)) {
        WgMatchRule::CriterionNo
    } else {
        WgMatchRule::Text
    };
    let mut unmatched: Vec<Option<&WgCriterion>> = old.iter().map(Some).collect();
    let old_keys: Vec<String> = old.iter().map(|c| key(rule, c)).collect();
    let mut merged = incoming.clone();
    let mut criteria = Vec::new();
    for (position, c) in merged.criteria.iter_mut().enumerate() {
        let k = key(rule, c);
        let found = old_keys
            .iter()
            .enumerate()
            .find(|(i, ok)| **ok == k && unmatched[*i].is_some())
            .map(|(i, _)| i);
        let file_eval = WgEvaluation::of(c);
        let (mut item, stored_eval) = match found.and_then(|i| unmatched[i].take().map(|o| (i, o)))
        {
            None => (
                entry(WgCriterionChangeKind::Added, c, Some(position), None),
                WgEvaluation::default(),
            ),
            Some((i, o)) => {
                let mut item = entry(WgCriterionChangeKind::Unchanged, c, Some(position), Some(i));
                item.changed_fields = changed_fields(o, c);
                (item, WgEvaluation::of(o))
            }
        };
        let (result, fields) = merge_evaluation(&stored_eval, &file_eval, options);
        result.apply_to(c);
        item.evaluation = outcome_of(&stored_eval, &fields);
        if item.kind != WgCriterionChangeKind::Added {
            item.status = status_of(&item.changed_fields, &fields);
            if item.status != WgCriterionStatus::Unchanged {
                item.kind = WgCriterionChangeKind::Changed;
            }
        }
        item.fields = fields;
        item.stored_evaluation = (!stored_eval.is_empty()).then_some(stored_eval);
        item.file_evaluation = (!file_eval.is_empty()).then_some(file_eval);
        criteria.push(item);
    }
    for (i, o) in unmatched.iter().enumerate() {
        if let Some(o) = o {
            let mut item = entry(WgCriterionChangeKind::Removed, o, None, Some(i));
            let stored_eval = WgEvaluation::of(o);
            if !stored_eval.is_empty() {
                item.stored_evaluation = Some(stored_eval);
                item.evaluation = WgEvaluationOutcome::Removed;
            }
            criteria.push(item);
        }
    }
    let count = |f: &dyn Fn(&WgCriterionMerge) -> bool| criteria.iter().filter(|c| f(c)).count();
    let outcome = |o: WgEvaluationOutcome| count(&|c| c.evaluation == o);
    WgMergePlan {
        service: incoming.service.trim().to_string(),
        existing: stored.is_some(),
        previous_edition: stored.map(|s| s.edition.clone()).unwrap_or_default(),
        match_rule: rule,
        clear_blank: options.clear_blank,
        added: count(&|c| c.kind == WgCriterionChangeKind::Added),
        changed: count(&|c| c.kind == WgCriterionChangeKind::Changed),
        unchanged: count(&|c| c.kind == WgCriterionChangeKind::Unchanged),
        removed: count(&|c| c.kind == WgCriterionChangeKind::Removed),
        kept_evaluations: outcome(WgEvaluationOutcome::Kept),
        evaluations_from_file: outcome(WgEvaluationOutcome::FromFile),
        cleared_evaluations: outcome(WgEvaluationOutcome::Cleared),
        removed_evaluations: outcome(WgEvaluationOutcome::Removed),
        blanks_kept: count(&|c| {
            c.fields
                .iter()
                .any(|f| f.outcome == WgFieldOutcome::BlankKept)
        }),
        duplicate_numbers: wg_duplicate_numbers(&incoming.criteria),
        criteria,
        merged,
    }
}

impl WgMergePlan {
    /// SHA-256 of the plan and of the evaluation it stores: a preview's fingerprint, which an
    /// apply compares so that it stores exactly what was previewed.
    pub fn fingerprint(&self) -> String {
        let bytes = serde_json::to_vec(&(self, &self.merged)).unwrap_or_default();
        crate::question_set::sha256_hex(&bytes)
    }

    /// What the import's audit entry records beyond the summaries: every removed criterion with
    /// its evaluation, every stored evaluation the file overwrote or cleared (before and after),
    /// and, in the new value, every column change the plan showed.
    pub(super) fn audit_details(&self) -> (Value, Value) {
        let lost = |c: &WgCriterionMerge| {
            json!({
                "criterion_no": c.criterion_no,
                "perspective": c.perspective,
                "category": c.category,
                "criterion": c.criterion,
                "previous_position": c.previous_position,
                "evaluation": c.stored_evaluation,
            })
        };
        let removed: Vec<Value> = self
            .criteria
            .iter()
            .filter(|c| c.kind == WgCriterionChangeKind::Removed)
            .map(lost)
            .collect();
        let changes_stored = |c: &&WgCriterionMerge| {
            c.stored_evaluation.is_some()
                && matches!(
                    c.evaluation,
                    WgEvaluationOutcome::FromFile | WgEvaluationOutcome::Cleared
                )
        };
        let overwritten: Vec<Value> = self
            .criteria
            .iter()
            .filter(changes_stored)
            .map(lost)
            .collect();
        let evaluation_changes: Vec<Value> = self
            .criteria
            .iter()
            .filter(|c| {
                c.fields
                    .iter()
                    .any(|f| matches!(f.outcome, WgFieldOutcome::Set | WgFieldOutcome::Cleared))
            })
            .map(|c| {
                json!({
                    "criterion_no": c.criterion_no,
                    "position": c.position,
                    "status": c.status,
                    "fields": c.fields.iter().filter(|f| matches!(
                        f.outcome,
                        WgFieldOutcome::Set | WgFieldOutcome::Cleared
                    )).collect::<Vec<_>>(),
                })
            })
            .collect();
        (
            json!({ "removed_criteria": removed, "overwritten_evaluations": overwritten }),
            json!({
                "match_rule": self.match_rule,
                "clear_blank": self.clear_blank,
                "added": self.added,
                "changed": self.changed,
                "unchanged": self.unchanged,
                "removed": self.removed,
                "kept_evaluations": self.kept_evaluations,
                "evaluations_from_file": self.evaluations_from_file,
                "cleared_evaluations": self.cleared_evaluations,
                "removed_evaluations": self.removed_evaluations,
                "blanks_kept": self.blanks_kept,
                "evaluation_changes": evaluation_changes,
            }),
        )
    }
}
