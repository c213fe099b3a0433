//! `hashira wg evaluate`, `hashira wg links` and the per-criterion lines of `wg import`.

use hashira_core::Error;
use hashira_core::wg::{
    WgCriterionChangeKind, WgDecision, WgEvaluationChange, WgEvaluationOutcome, WgMergePlan,
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
    let (position, criterion) =
        workbook.update_wg_evaluation_by_id(&args.service, &args.criterion_id, change, &actor)?;
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
        ("自社対策", &criterion.own_measures),
        ("残存リスク", &criterion.residual_risk),
        ("レビューア所見", &criterion.reviewer_notes),
    ] {
        if !text.is_empty() {
            out!("  {label}: {text}");
        }
    }
    Ok(())
}

pub fn links(args: LinksArgs, context: &Context) -> Result<(), Failure> {
    let workbook = open(&args.file, context)?;
    let questions = workbook.wg_question_links(args.question.as_deref())?;
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

/// The per-criterion lines of an import over a stored evaluation.
pub fn print_merge(plan: &WgMergePlan) {
    out!(
        "  merge with the stored edition '{}' (matched by {}): {} added, {} changed, {} unchanged, \
         {} removed",
        plan.previous_edition,
        match plan.match_rule {
            hashira_core::wg::WgMatchRule::CriterionNo => "criterion number",
            hashira_core::wg::WgMatchRule::Text => "perspective + category + criterion text",
        },
        plan.added,
        plan.changed,
        plan.unchanged,
        plan.removed
    );
    for c in &plan.criteria {
        let what = match c.kind {
            WgCriterionChangeKind::Added => "added".to_string(),
            WgCriterionChangeKind::Changed => format!("changed ({})", c.changed_fields.join(", ")),
            WgCriterionChangeKind::Unchanged => "unchanged".to_string(),
            WgCriterionChangeKind::Removed => "removed".to_string(),
        };
        let decision = |e: &Option<hashira_core::wg::WgEvaluation>| {
            e.as_ref()
                .map(|e| e.decision.label_ja())
                .unwrap_or(WgDecision::NotEvaluated.label_ja())
        };
        let evaluation = match c.evaluation {
            WgEvaluationOutcome::Kept => {
                format!("evaluation kept ({})", decision(&c.stored_evaluation))
            }
            WgEvaluationOutcome::FromFile => {
                format!(
                    "evaluation from the file ({})",
                    decision(&c.file_evaluation)
                )
            }
            WgEvaluationOutcome::NotEvaluated => "未評価".to_string(),
            WgEvaluationOutcome::Removed => format!(
                "evaluation removed ({}), recorded in the audit",
                decision(&c.stored_evaluation)
            ),
        };
        out!(
            "    {} {}: {what}; {evaluation}",
            if c.criterion_no.is_empty() {
                "-"
            } else {
                &c.criterion_no
            },
            c.criterion.lines().next().unwrap_or("")
        );
    }
}
