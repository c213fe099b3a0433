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
//! - **Institution columns.** If the imported row itself carries an evaluation (a decision other
//!   than 未評価 or any non-empty own measures / residual risk / reviewer notes) — typically a
//!   sheet the institution exported, filled in and imported again — the file's four values win
//!   ([`WgEvaluationOutcome::FromFile`]); a stored evaluation they overwrite is recorded in the
//!   audit entry. Otherwise the stored evaluation is kept ([`WgEvaluationOutcome::Kept`]). A blank
//!   row never erases a stored evaluation; use `update_wg_evaluation` to reset one.
//! - **New criteria** start as 未評価 unless the file carries an evaluation for them.
//! - **Removed criteria** (in the stored edition, not in the new one) are listed in the plan, and
//!   their institution columns are written into the import's audit entry before they are removed.

use serde::Serialize;
use serde_json::{Value, json};

use super::{WgAssessment, WgCriterion, WgDecision};

/// How criteria of two editions were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgMatchRule {
    CriterionNo,
    Text,
}

/// What happens to one criterion's WG columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgCriterionChangeKind {
    Added,
    Changed,
    Unchanged,
    Removed,
}

/// What happens to one criterion's institution columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgEvaluationOutcome {
    /// The stored evaluation is kept.
    Kept,
    /// The imported row's evaluation is used.
    FromFile,
    /// There is no evaluation (未評価, nothing written), before or after.
    NotEvaluated,
    /// The criterion is removed and had an evaluation; it is recorded in the audit entry.
    Removed,
}

/// The institution's columns of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct WgEvaluation {
    pub decision: WgDecision,
    pub own_measures: String,
    pub residual_risk: String,
    pub reviewer_notes: String,
}

impl WgEvaluation {
    pub fn of(c: &WgCriterion) -> WgEvaluation {
        WgEvaluation {
            decision: c.decision,
            own_measures: c.own_measures.clone(),
            residual_risk: c.residual_risk.clone(),
            reviewer_notes: c.reviewer_notes.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.decision == WgDecision::NotEvaluated
            && self.own_measures.trim().is_empty()
            && self.residual_risk.trim().is_empty()
            && self.reviewer_notes.trim().is_empty()
    }

    fn apply_to(&self, c: &mut WgCriterion) {
        c.decision = self.decision;
        c.own_measures = self.own_measures.clone();
        c.residual_risk = self.residual_risk.clone();
        c.reviewer_notes = self.reviewer_notes.clone();
    }
}

/// One criterion of a planned import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgCriterionMerge {
    pub kind: WgCriterionChangeKind,
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
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub kept_evaluations: usize,
    pub evaluations_from_file: usize,
    pub removed_evaluations: usize,
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

fn numbers_usable(criteria: &[WgCriterion]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    criteria
        .iter()
        .all(|c| !c.criterion_no.trim().is_empty() && seen.insert(wg_match_text(&c.criterion_no)))
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

fn entry(
    kind: WgCriterionChangeKind,
    c: &WgCriterion,
    position: Option<usize>,
    previous_position: Option<usize>,
) -> WgCriterionMerge {
    WgCriterionMerge {
        kind,
        criterion_no: c.criterion_no.clone(),
        perspective: c.perspective.clone(),
        category: c.category.clone(),
        criterion: c.criterion.clone(),
        position,
        previous_position,
        changed_fields: Vec::new(),
        evaluation: WgEvaluationOutcome::NotEvaluated,
        stored_evaluation: None,
        file_evaluation: None,
    }
}

/// Plans importing `incoming` over `stored` (none: a new service). Pure; stores nothing.
pub fn plan_wg_merge(stored: Option<&WgAssessment>, incoming: &WgAssessment) -> WgMergePlan {
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
        let file_evaluation = (!file_eval.is_empty()).then_some(file_eval);
        let mut item = match found.and_then(|i| unmatched[i].take().map(|o| (i, o))) {
            None => entry(WgCriterionChangeKind::Added, c, Some(position), None),
            Some((i, o)) => {
                let fields = changed_fields(o, c);
                let kind = if fields.is_empty() {
                    WgCriterionChangeKind::Unchanged
                } else {
                    WgCriterionChangeKind::Changed
                };
                let mut item = entry(kind, c, Some(position), Some(i));
                item.changed_fields = fields;
                let stored_eval = WgEvaluation::of(o);
                if !stored_eval.is_empty() {
                    item.stored_evaluation = Some(stored_eval);
                }
                item
            }
        };
        match (&file_evaluation, &item.stored_evaluation) {
            (Some(_), _) => item.evaluation = WgEvaluationOutcome::FromFile,
            (None, Some(stored_eval)) => {
                stored_eval.apply_to(c);
                item.evaluation = WgEvaluationOutcome::Kept;
            }
            (None, None) => WgEvaluation::default().apply_to(c),
        }
        item.file_evaluation = file_evaluation;
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
    WgMergePlan {
        service: incoming.service.trim().to_string(),
        existing: stored.is_some(),
        previous_edition: stored.map(|s| s.edition.clone()).unwrap_or_default(),
        match_rule: rule,
        added: count(&|c| c.kind == WgCriterionChangeKind::Added),
        changed: count(&|c| c.kind == WgCriterionChangeKind::Changed),
        unchanged: count(&|c| c.kind == WgCriterionChangeKind::Unchanged),
        removed: count(&|c| c.kind == WgCriterionChangeKind::Removed),
        kept_evaluations: count(&|c| c.evaluation == WgEvaluationOutcome::Kept),
        evaluations_from_file: count(&|c| c.evaluation == WgEvaluationOutcome::FromFile),
        removed_evaluations: count(&|c| c.evaluation == WgEvaluationOutcome::Removed),
        criteria,
        merged,
    }
}

impl WgMergePlan {
    /// What the import's audit entry records beyond the summaries: every removed criterion with
    /// its evaluation, and every stored evaluation the file overwrote.
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
        let overwritten: Vec<Value> = self
            .criteria
            .iter()
            .filter(|c| {
                c.evaluation == WgEvaluationOutcome::FromFile
                    && c.stored_evaluation.is_some()
                    && c.stored_evaluation != c.file_evaluation
            })
            .map(lost)
            .collect();
        (
            json!({ "removed_criteria": removed, "overwritten_evaluations": overwritten }),
            json!({
                "match_rule": self.match_rule,
                "added": self.added,
                "changed": self.changed,
                "unchanged": self.unchanged,
                "removed": self.removed,
                "kept_evaluations": self.kept_evaluations,
                "evaluations_from_file": self.evaluations_from_file,
                "removed_evaluations": self.removed_evaluations,
            }),
        )
    }
}
