//! `hashira wg evaluate`, `hashira wg links` and the per-criterion lines of `wg import`.

use hashira_core::Error;
use hashira_core::glossary;
use hashira_core::wg::{
    WgCriterionMerge, WgCriterionStatus, WgDecision, WgEvaluationChange, WgEvaluationField,
    WgEvaluationOutcome, WgFieldMerge, WgFieldOutcome, WgMergePlan,
};
use serde_json::json;

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::wg::{EvaluateArgs, LinksArgs};
use crate::workbook::open;

pub fn evaluate(args: EvaluateArgs, context: &Context) -> Result<(), Failure> {
    let decision = match &args.decision {
        None => None,
        Some(text) => Some(WgDecision::parse(text).ok_or_else(|| Error::InvalidWg {
            message: format!(
                "--decision: '{text}' is not a decision (use {} or {})",
                WgDecision::ALL.map(|d| d.label_ja()).join(" / "),
                WgDecision::ALL.map(|d| d.as_str()).join(" / ")
            ),
        })?),
    };
    let change = WgEvaluationChange {
        decision,
        own_measures: args.measures,
        residual_risk: args.residual_risk,
        reviewer_notes: args.notes,
    };
    let mut workbook = open(&args.file, context)?;
    let actor = context.actor(args.by.as_deref());
    let (position, criterion) = match (args.id, args.row, &args.criterion_id) {
        (Some(id), _, _) => {
            workbook.update_wg_evaluation_of_id(&args.service, id, change, &actor)?
        }
        (None, Some(row), _) => workbook.update_wg_evaluation_by_id(
            &args.service,
            &format!("#{row}"),
            change,
            &actor,
        )?,
        (None, None, number) => workbook.update_wg_evaluation_by_id(
            &args.service,
            number.as_deref().unwrap_or_default(),
            change,
            &actor,
        )?,
    };
    if context.json {
        return print_json(&json!({
            "service": args.service.trim(),
            "position": position,
            "criterion": criterion,
        }));
    }
    out!(
        "{} #{} ({}): {}",
        args.service.trim(),
        position + 1,
        if criterion.criterion_no.is_empty() {
            "-"
        } else {
            &criterion.criterion_no
        },
        criterion.decision.label_ja()
    );
    for (label, text) in [
        (glossary::OWN_MEASURES.ja, &criterion.own_measures),
        (glossary::RESIDUAL_RISK.ja, &criterion.residual_risk),
        (glossary::REVIEWER_NOTES.ja, &criterion.reviewer_notes),
    ] {
        if !text.is_empty() {
            out!("  {label}: {text}");
        }
    }
    Ok(())
}

pub fn links(args: LinksArgs, context: &Context) -> Result<(), Failure> {
    let workbook = open(&args.file, context)?;
    let questions = workbook.wg_question_links(args.set.as_deref(), args.question.as_deref())?;
    if let Some(id) = &args.question {
        if context.json {
            return print_json(&questions.first());
        }
        let Some(q) = questions.first() else {
            return Ok(());
        };
        if q.criteria.is_empty() {
            out!("No WG criterion names {}.", id.trim());
        }
        print_question(q);
        return Ok(());
    }
    let criteria = workbook.wg_criteria_with_questions()?;
    if context.json {
        return print_json(&json!({ "criteria": criteria, "questions": questions }));
    }
    if criteria.is_empty() {
        out!("No WG criterion names a Well-Architected question.");
        return Ok(());
    }
    out!("Criteria → questions:");
    for links in &criteria {
        let c = &links.criterion;
        out!(
            "  {} #{} ({}) [{}]: {}",
            c.service,
            c.position + 1,
            c.criterion_no,
            c.decision.label_ja(),
            links.question_ids.join(", ")
        );
    }
    out!("Questions → criteria:");
    for q in &questions {
        print_question(q);
    }
    Ok(())
}

fn print_question(q: &hashira_core::wg::WgQuestionLinks) {
    out!(
        "  {}{}",
        q.question_id,
        if q.in_workbook {
            ""
        } else {
            " (not in this workbook's question sets)"
        }
    );
    for c in &q.criteria {
        out!(
            "    {} #{} ({}) [{}] {}",
            c.service,
            c.position + 1,
            c.criterion_no,
            c.decision.label_ja(),
            c.criterion.lines().next().unwrap_or("")
        );
    }
}

/// The per-criterion lines of an import over a stored evaluation: what happens to the criterion,
/// then its 採否 and each text column that is not blank on both sides, stored → file.
pub fn print_merge(plan: &WgMergePlan) {
    out!(
        "  merge with the stored edition '{}' (matched by {}): {} added, {} changed, {} unchanged, \
         {} removed; blank cells {}",
        plan.previous_edition,
        match plan.match_rule {
            hashira_core::wg::WgMatchRule::CriterionNo => "criterion number",
            hashira_core::wg::WgMatchRule::Text => "perspective + category + criterion text",
        },
        plan.added,
        plan.changed,
        plan.unchanged,
        plan.removed,
        if plan.clear_blank {
            "clear the stored value (--clear-blank)"
        } else {
            "keep the stored value"
        }
    );
    for c in &plan.criteria {
        out!(
            "    {} {}: {}",
            if c.criterion_no.is_empty() {
                "-"
            } else {
                &c.criterion_no
            },
            c.criterion.lines().next().unwrap_or(""),
            headline(c)
        );
        for f in &c.fields {
            // 採否 always; a text column when either side has a value.
            if f.field != WgEvaluationField::Decision
                && f.outcome == WgFieldOutcome::Same
                && f.file.is_none()
            {
                continue;
            }
            out!("      {}: {}", f.field.label_ja(), field_line(f));
        }
    }
}

fn headline(c: &WgCriterionMerge) -> String {
    let decision = |e: &Option<hashira_core::wg::WgEvaluation>| {
        e.as_ref()
            .map(|e| e.decision.label_ja())
            .unwrap_or(WgDecision::NotEvaluated.label_ja())
    };
    let status = match c.status {
        WgCriterionStatus::New => "new".to_string(),
        WgCriterionStatus::Removed => match c.evaluation {
            WgEvaluationOutcome::Removed => format!(
                "removed; evaluation removed ({}), recorded in the audit",
                decision(&c.stored_evaluation)
            ),
            _ => "removed".to_string(),
        },
        WgCriterionStatus::DecisionCleared => "decision cleared".to_string(),
        WgCriterionStatus::DecisionChanged => "decision changed".to_string(),
        WgCriterionStatus::EvaluationCleared => "evaluation cleared".to_string(),
        WgCriterionStatus::EvaluationChanged => "evaluation changed".to_string(),
        WgCriterionStatus::BlankKept => "blank cell, stored value kept".to_string(),
        WgCriterionStatus::TextChanged => "criterion text changed".to_string(),
        WgCriterionStatus::Unchanged => "unchanged".to_string(),
    };
    let fields = c.changed_fields.join(", ");
    match (c.changed_fields.is_empty(), c.status) {
        (true, _) => status,
        (false, WgCriterionStatus::TextChanged) => format!("{status} ({fields})"),
        (false, _) => format!("{status}; WG columns changed ({fields})"),
    }
}

/// `採用 → (blank) kept`, `採用 → 不採用`, `採用 → (blank) cleared`, `採用` (the same).
fn field_line(f: &WgFieldMerge) -> String {
    let shown = |value: &str| -> String {
        if f.field == WgEvaluationField::Decision {
            return WgDecision::parse(value)
                .unwrap_or_default()
                .label_ja()
                .to_string();
        }
        if value.trim().is_empty() {
            return "(blank)".to_string();
        }
        let first = value.lines().next().unwrap_or("");
        let mut text: String = first.chars().take(40).collect();
        if text.chars().count() < value.chars().count() {
            text.push('…');
        }
        format!("「{text}」")
    };
    match (f.outcome, &f.file) {
        (WgFieldOutcome::Same, _) => shown(&f.stored),
        (WgFieldOutcome::Set, Some(file)) => format!("{} → {}", shown(&f.stored), shown(file)),
        (WgFieldOutcome::Set, None) => format!("{} → {}", shown(&f.stored), shown(&f.result)),
        (WgFieldOutcome::BlankKept, _) => format!("{} → (blank) kept", shown(&f.stored)),
        (WgFieldOutcome::Cleared, _) => format!("{} → (blank) cleared", shown(&f.stored)),
    }
}
