//! `hashira diff FILE [--from MILESTONE] [--to MILESTONE]`: what changed between two states of
//! the review (default: from the latest milestone to now). The comparison is
//! `hashira_core::diff::ReviewDiff`; this file picks the two sides and prints.

use std::path::PathBuf;

use clap::Args;
use hashira_core::clock::display_stored;
use hashira_core::diff::{DiffStatus, ItemDiff, QuestionDiff, ReviewDiff, WgCriterionDiff};
use hashira_core::workbook::milestone::MilestoneInfo;
use hashira_core::workbook::{Evidence, NotApplicable};
use hashira_core::{ErrorCode, ErrorPayload, Workbook};
use serde::Serialize;
use serde_json::json;

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Args)]
pub struct DiffArgs {
    file: PathBuf,
    /// The milestone compared from (name or number; default: the latest one before --to).
    #[arg(long, value_name = "MILESTONE", allow_hyphen_values = true)]
    from: Option<String>,
    /// The milestone compared to (name or number; default: the review now).
    #[arg(long, value_name = "MILESTONE", allow_hyphen_values = true)]
    to: Option<String>,
}

#[derive(Serialize)]
struct Compared<'a> {
    /// `null` on a side that is the review now.
    from: Option<&'a MilestoneInfo>,
    to: Option<&'a MilestoneInfo>,
    #[serde(flatten)]
    diff: &'a ReviewDiff,
}

/// The milestone to compare from when `--from` is not given: the latest one, or the latest
/// before `to` when `--to` names a milestone.
fn default_from(
    milestones: &[MilestoneInfo],
    to: Option<&MilestoneInfo>,
) -> Result<String, Failure> {
    let before = milestones
        .iter()
        .rfind(|m| to.is_none_or(|to| m.number < to.number));
    match before {
        Some(m) => Ok(m.number.to_string()),
        None => {
            let message = match to {
                None => "this workbook has no milestone to compare with: make one with \
                         `hashira milestone add FILE NAME`"
                    .to_string(),
                Some(to) => format!(
                    "no milestone before '{}' to compare it with: name one with --from",
                    to.name
                ),
            };
            Err(Failure::Error(ErrorPayload {
                code: ErrorCode::MilestoneNotFound,
                message,
                details: json!({
                    "name": null,
                    "known": milestones.iter().map(|m| &m.name).collect::<Vec<_>>(),
                }),
            }))
        }
    }
}

pub fn run(args: DiffArgs, context: &Context) -> Result<(), Failure> {
    // The file is opened without parsing its sets: the two sides are compared chunk by chunk,
    // reading only the questions that differ (Workbook::compared_sides).
    let current = Workbook::open_for_figures(&args.file, context.clock.clone())?;
    let to = args
        .to
        .as_deref()
        .map(|name| current.milestone(name))
        .transpose()?;
    let from_name = match args.from {
        Some(name) => name,
        None => default_from(&current.milestones()?, to.as_ref())?,
    };
    let from = current.milestone(&from_name)?;
    let sides = current.compared_sides(&from, to.as_ref())?;
    // Items are overdue as of the "to" side: when its milestone was made, or now.
    let diff = ReviewDiff::of_sides(&sides, context.clock.now())?;
    if context.json {
        return print_json(&Compared {
            from: Some(&from),
            to: to.as_ref(),
            diff: &diff,
        });
    }
    print_text(&diff, Some(&from), to.as_ref(), sides.to())
}

fn side_name(side: Option<&MilestoneInfo>) -> String {
    match side {
        None => "now / 現在".to_string(),
        Some(m) => format!("milestone {} '{}'", m.number, m.name),
    }
}

/// A free text on one line, shortened: the JSON output has it whole.
fn shortened(text: &str) -> String {
    const LONGEST: usize = 60;
    let one_line = text.replace(['\r', '\n'], " ");
    let mut shown: String = one_line.chars().take(LONGEST).collect();
    if one_line.chars().count() > LONGEST {
        shown.push('…');
    }
    shown
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", shortened(text))
}

fn na_text(mark: Option<&NotApplicable>) -> String {
    match mark {
        None => "—".to_string(),
        Some(mark) if mark.text.is_empty() => mark.reason.as_str().to_string(),
        Some(mark) => format!("{} {}", mark.reason.as_str(), quoted(&mark.text)),
    }
}

fn risk_text(risk: Option<hashira_core::Risk>) -> &'static str {
    risk.map_or("—", |r| r.as_str())
}

/// An evidence item as a reader knows it: its title, else its file name, link or excerpt.
fn evidence_name(e: &Evidence) -> String {
    [
        Some(&e.title),
        e.file_name.as_ref(),
        e.url.as_ref(),
        e.excerpt.as_ref(),
    ]
    .into_iter()
    .flatten()
    .find(|t| !t.trim().is_empty())
    .map_or_else(String::new, |t| shortened(t))
}

/// `sec/SEC1: risk HIGH → NONE; +SEC1-01 −SEC1_no; notes "" → "…"; by 佐藤 2026-04-01 09:00`
fn question_line(q: &QuestionDiff, shown_at: &dyn Fn(&str) -> String) -> String {
    let mut parts = Vec::new();
    match q.status {
        DiffStatus::Added => parts.push("added / 追加".to_string()),
        DiffStatus::Removed => parts.push("removed / 削除".to_string()),
        DiffStatus::Changed => {}
    }
    if q.risk_changed() || q.status != DiffStatus::Changed {
        parts.push(format!(
            "risk {} → {}",
            risk_text(q.risk_before),
            risk_text(q.risk_after)
        ));
    }
    let selections: Vec<String> = q
        .selections_added
        .iter()
        .map(|c| format!("+{c}"))
        .chain(q.selections_removed.iter().map(|c| format!("−{c}")))
        .collect();
    if !selections.is_empty() {
        parts.push(selections.join(" "));
    }
    if let Some(na) = &q.not_applicable {
        parts.push(format!(
            "N/A {} → {}",
            na_text(na.before.as_ref()),
            na_text(na.after.as_ref())
        ));
    }
    for c in &q.choices_not_applicable {
        parts.push(format!(
            "{} N/A {} → {}",
            c.choice_id,
            na_text(c.before.as_ref()),
            na_text(c.after.as_ref())
        ));
    }
    if let Some(notes) = &q.notes {
        parts.push(format!(
            "notes {} → {}",
            quoted(&notes.before),
            quoted(&notes.after)
        ));
    }
    let evidence: Vec<String> = q
        .evidence_added
        .iter()
        .map(|e| format!("+#{} {}", e.id, evidence_name(e)))
        .chain(
            q.evidence_removed
                .iter()
                .map(|e| format!("−#{} {}", e.id, evidence_name(e))),
        )
        .chain(q.evidence_reattached.iter().map(|r| {
            format!(
                "#{}→#{} {} (same content / 同一内容)",
                r.before.id,
                r.after.id,
                evidence_name(&r.after)
            )
        }))
        .collect();
    if !evidence.is_empty() {
        parts.push(format!("evidence {}", evidence.join(" ")));
    }
    if let Some(by) = &q.updated_by {
        let at = q
            .updated_at
            .as_deref()
            .map(|at| format!(" {}", shown_at(at)))
            .unwrap_or_default();
        parts.push(format!("by {by}{at}"));
    }
    format!("{}/{}: {}", q.set_id, q.label, parts.join("; "))
}

fn wg_line(c: &WgCriterionDiff) -> String {
    let mut parts = Vec::new();
    match c.status {
        DiffStatus::Added => parts.push("added / 追加".to_string()),
        DiffStatus::Removed => parts.push("removed / 削除".to_string()),
        DiffStatus::Changed => {}
    }
    if let Some(d) = &c.decision {
        parts.push(format!("decision / 採否 {} → {}", d.before, d.after));
    }
    for (label, change) in [
        ("own measures / 自機関の対策", &c.own_measures),
        ("residual risk / 残存リスク", &c.residual_risk),
        ("reviewer notes / レビュー担当者の所見", &c.reviewer_notes),
    ] {
        if let Some(change) = change {
            parts.push(format!(
                "{label} {} → {}",
                quoted(&change.before),
                quoted(&change.after)
            ));
        }
    }
    format!(
        "{} 項番 {} (#{}): {}",
        c.service,
        c.criterion_no,
        c.criterion_id,
        parts.join("; ")
    )
}

/// `sec/SEC3 SEC3-01: status OPEN → DONE; owner "" → "佐藤"; due — → 2026-06-30; by 佐藤 …`
fn item_line(i: &ItemDiff, shown_at: &dyn Fn(&str) -> String) -> String {
    let mut parts = Vec::new();
    match i.status {
        DiffStatus::Added => parts.push("added / 追加".to_string()),
        DiffStatus::Removed => parts.push("removed / 削除".to_string()),
        DiffStatus::Changed => {}
    }
    if let Some(c) = &i.item_status {
        parts.push(format!(
            "status {} → {}",
            c.before.as_str(),
            c.after.as_str()
        ));
    }
    if let Some(c) = &i.owner {
        parts.push(format!(
            "owner {} → {}",
            quoted(&c.before),
            quoted(&c.after)
        ));
    }
    if let Some(c) = &i.due_date {
        let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "—".into());
        parts.push(format!("due {} → {}", date(&c.before), date(&c.after)));
    }
    if let Some(c) = &i.acceptance_reason {
        parts.push(format!(
            "reason {} → {}",
            quoted(&c.before),
            quoted(&c.after)
        ));
    }
    if let Some(c) = &i.notes {
        parts.push(format!(
            "notes {} → {}",
            quoted(&c.before),
            quoted(&c.after)
        ));
    }
    if let Some(c) = &i.in_plan {
        parts.push(format!("in plan {} → {}", c.before, c.after));
    }
    if i.overdue {
        parts.push("OVERDUE / 期限超過".to_string());
    }
    if let Some(by) = &i.updated_by {
        let at = i
            .updated_at
            .as_deref()
            .map(|at| format!(" {}", shown_at(at)))
            .unwrap_or_default();
        parts.push(format!("by {by}{at}"));
    }
    let item = match (&i.choice_id, i.id) {
        (Some(choice), _) => choice.clone(),
        (None, Some(id)) => format!("#{id}"),
        (None, None) => String::new(),
    };
    format!("{}/{} {item}: {}", i.set_id, i.label, parts.join("; "))
}

fn print_text(
    diff: &ReviewDiff,
    from: Option<&MilestoneInfo>,
    to: Option<&MilestoneInfo>,
    to_side: &Workbook,
) -> Result<(), Failure> {
    out!("{} → {}", side_name(from), side_name(to));
    let s = &diff.summary;
    out!("summary / 概要");
    for (label, count) in [
        ("HIGH risks resolved / 高リスク解消", s.high_resolved),
        ("new HIGH risks / 新たな高リスク", s.high_new),
        ("MEDIUM risks resolved / 中リスク解消", s.medium_resolved),
        ("new MEDIUM risks / 新たな中リスク", s.medium_new),
        ("questions changed / 変更された質問", s.questions_changed),
        ("newly answered / 新たに回答", s.newly_answered),
        ("questions added / 追加された質問", s.questions_added),
        ("questions removed / 削除された質問", s.questions_removed),
        (
            "workload properties / ワークロード項目",
            s.workload_fields_changed,
        ),
        ("WG criteria / WG 基準", s.wg_criteria_changed),
        ("items done / 完了した改善項目", s.items_done),
        (
            "items risk accepted / リスク受容した改善項目",
            s.items_risk_accepted,
        ),
        ("items added / 追加された改善項目", s.items_added),
        ("items changed / 変更された改善項目", s.items_changed),
        ("items removed / 削除された改善項目", s.items_removed),
        ("items overdue / 期限超過の改善項目", s.items_overdue),
    ] {
        out!("  {count:>5}  {label}");
    }
    if diff.is_empty() {
        out!("no changes / 変更なし");
        return Ok(());
    }
    // Times in the "to" side's own zone, as every surface shows them.
    let offset = to_side.time_offset()?;
    let shown_at = |at: &str| display_stored(at, offset);
    if !diff.questions.is_empty() {
        out!("questions / 質問");
        for q in &diff.questions {
            out!("  {}", question_line(q, &shown_at));
        }
    }
    if !diff.workload.is_empty() {
        out!("workload / ワークロード");
        for w in &diff.workload {
            out!("  {}: {} → {}", w.field.key(), w.before, w.after);
        }
    }
    if !diff.wg_services.is_empty() || !diff.wg_criteria.is_empty() {
        out!("WG evaluations / WG 評価");
        for service in &diff.wg_services {
            let status = match service.status {
                DiffStatus::Added => "added / 追加",
                DiffStatus::Removed => "removed / 削除",
                DiffStatus::Changed => "changed / 変更",
            };
            out!(
                "  {}: {status} ({} {} criteria)",
                service.service,
                service.edition,
                service.criteria
            );
        }
        for c in &diff.wg_criteria {
            out!("  {}", wg_line(c));
        }
    }
    if !diff.items.is_empty() {
        out!("improvement items / 改善項目");
        for i in &diff.items {
            out!("  {}", item_line(i, &shown_at));
        }
    }
    Ok(())
}
