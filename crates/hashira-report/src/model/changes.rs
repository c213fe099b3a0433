//! The "changes since milestone" section and the cover's milestone mark, as report data: the
//! core's diff ([`ReviewDiff`](hashira_core::diff::ReviewDiff)) and trend
//! (`Workbook::milestone_trend`) put in the report's words. No figure is counted here: the
//! summary is the diff's own [`DiffSummary`], the trend the figures each milestone kept.

use hashira_core::clock::display_stored;
use hashira_core::diff::{DiffStatus, DiffSummary, ItemDiff, QuestionDiff};
use hashira_core::glossary;
use hashira_core::wg::WgDecision;
use hashira_core::workbook::{Evidence, NotApplicable, Workload};
use hashira_core::{Lang, Risk, RiskCounts};
use serde::Serialize;
use time::UtcOffset;

use super::format::text;
use crate::i18n::{MilestoneTexts, milestone_texts, na_reason, wg_decision};
use crate::milestones::{AsOfMilestone, ChangesSince, choice_key};

/// The cover's statement that the report shows the review as of a milestone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneMark {
    pub number: i64,
    pub name: String,
    /// `マイルストーン『Q1』（2026-04-01 09:00 作成、鈴木）時点` / `As of milestone Q1 (…)`.
    pub as_of: String,
    /// The same, short, for every page's header: `マイルストーン『#1 Q1』時点`.
    pub as_of_short: String,
    /// SHA-256 of the milestone's record, as the audit chain records it.
    pub content_sha256: String,
    /// The workbook file the milestone belongs to.
    pub file_name: String,
    /// The integrity line: the audit entry that records the milestone, or what is wrong.
    pub integrity: String,
    pub vouched_for: bool,
}

impl MilestoneMark {
    pub(crate) fn build(as_of: &AsOfMilestone, lang: Lang, offset: UtcOffset) -> MilestoneMark {
        let m = milestone_texts(lang);
        let info = &as_of.info;
        let made = display_stored(&info.created_at, offset);
        let name = format!("#{} {}", info.number, info.name);
        let integrity = match as_of.recorded_at_seq {
            Some(seq) if as_of.workbook_problems.is_empty() => (m.integrity_passed)(seq),
            recorded => (m.integrity_failed)(recorded.is_some(), as_of.workbook_problems.len()),
        };
        MilestoneMark {
            number: info.number,
            name: info.name.clone(),
            as_of: (m.as_of)(&name, &made, &info.created_by),
            as_of_short: (m.as_of_short)(&name),
            content_sha256: info.content_sha256.clone(),
            file_name: as_of.file_name.clone(),
            integrity,
            vouched_for: as_of.vouched_for(),
        }
    }
}

/// One changed question: its label, title, risk before → after and each change on a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedQuestion {
    pub status: DiffStatus,
    pub set_id: String,
    pub label: String,
    pub title: String,
    pub risk_before: Option<Risk>,
    pub risk_after: Option<Risk>,
    pub changes: Vec<String>,
    /// Who changed it and when (the "to" side's last change), or empty.
    pub by: String,
}

/// One improvement item whose follow-up changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedItem {
    /// `SEC 1 SEC1-01` or `SEC 1 #3`.
    pub name: String,
    pub title: String,
    pub changes: Vec<String>,
    pub overdue: bool,
    pub by: String,
}

/// One bar of the risk trend: a milestone (or the review now) and its counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub label: String,
    pub counts: RiskCounts,
}

/// The risk trend of one question set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendSet {
    pub caption: String,
    pub points: Vec<TrendPoint>,
}

/// The section "changes since milestone X".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangesSection {
    pub title: String,
    pub intro: String,
    /// The core's counts, exactly as `hashira diff --json` prints them.
    pub summary: DiffSummary,
    /// The same counts with their labels, in the order printed.
    pub summary_rows: Vec<(String, usize)>,
    pub questions: Vec<ChangedQuestion>,
    /// Workload property (label), before, after.
    pub workload: Vec<(String, String, String)>,
    pub wg: Vec<String>,
    pub items: Vec<ChangedItem>,
    pub trend: Vec<TrendSet>,
}

/// What the section needs besides the changes.
pub(crate) struct SectionContext<'a> {
    pub lang: Lang,
    pub offset: UtcOffset,
    /// The milestone the report is as of (`None`: the review now).
    pub to: Option<&'a AsOfMilestone>,
    /// The report's own counts per set, the trend's last bar when the report is of now.
    pub now: &'a [hashira_core::risk::SetRisk],
    /// Only these sets (empty: all).
    pub set_ids: &'a [String],
}

impl ChangesSection {
    pub(crate) fn build(changes: &ChangesSince, cx: &SectionContext<'_>) -> ChangesSection {
        let (lang, m) = (cx.lang, milestone_texts(cx.lang));
        let since = &changes.milestone;
        let made = display_stored(&since.created_at, cx.offset);
        let name = format!("#{} {}", since.number, since.name);
        let to_name = cx
            .to
            .map(|to| format!("#{} {}", to.info.number, to.info.name));
        let included =
            |set_id: &str| cx.set_ids.is_empty() || cx.set_ids.iter().any(|s| s == set_id);
        let diff = &changes.diff;
        let by = |who: &Option<String>, at: &Option<String>| match (who, at) {
            (Some(who), Some(at)) => format!("{who} {}", display_stored(at, cx.offset)),
            (Some(who), None) => who.clone(),
            _ => String::new(),
        };
        let questions = diff
            .questions
            .iter()
            .filter(|q| included(&q.set_id))
            .map(|q| ChangedQuestion {
                status: q.status,
                set_id: q.set_id.clone(),
                label: q.label.clone(),
                title: text(&q.title, lang),
                risk_before: q.risk_before,
                risk_after: q.risk_after,
                changes: question_changes(q, changes, m, lang),
                by: by(&q.updated_by, &q.updated_at),
            })
            .collect();
        let labels = super::workload::workload_properties(&Workload::default(), lang);
        let workload = diff
            .workload
            .iter()
            .map(|w| {
                let key = w.field.key();
                let label = labels
                    .iter()
                    .find(|p| p.key == key)
                    .map_or_else(|| key.to_string(), |p| p.label.clone());
                (label, json_text(&w.before, m), json_text(&w.after, m))
            })
            .collect();
        let items = diff
            .items
            .iter()
            .filter(|i| included(&i.set_id))
            .map(|i| ChangedItem {
                name: match (&i.choice_id, i.id) {
                    (Some(choice), _) => format!("{} {choice}", i.label),
                    (None, Some(id)) => format!("{} #{id}", i.label),
                    (None, None) => i.label.clone(),
                },
                title: text(&i.title, lang),
                changes: item_changes(i, m, lang),
                overdue: i.overdue,
                by: by(&i.updated_by, &i.updated_at),
            })
            .collect();
        ChangesSection {
            title: (m.changes_title)(&name),
            intro: (m.changes_intro)(&name, &made, to_name.as_deref()),
            summary: diff.summary,
            summary_rows: (m.summary_rows)(&diff.summary)
                .into_iter()
                .map(|(label, n)| (label.to_string(), n))
                .collect(),
            questions,
            workload,
            wg: wg_lines(changes, m, lang),
            items,
            trend: trend(changes, cx, m),
        }
    }
}

fn json_text(value: &serde_json::Value, m: &MilestoneTexts) -> String {
    match value {
        serde_json::Value::Null => m.nothing.to_string(),
        serde_json::Value::String(s) if s.is_empty() => m.nothing.to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn na_text(mark: Option<&NotApplicable>, m: &MilestoneTexts, lang: Lang) -> String {
    match mark {
        None => m.nothing.to_string(),
        Some(mark) if mark.text.trim().is_empty() => na_reason(lang, mark.reason).to_string(),
        Some(mark) => format!("{}: {}", na_reason(lang, mark.reason), mark.text),
    }
}

fn or_nothing(text: &str, m: &MilestoneTexts) -> String {
    if text.trim().is_empty() {
        m.nothing.to_string()
    } else {
        text.to_string()
    }
}

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
    .cloned()
    .unwrap_or_default()
}

/// Each change of a question on its own line, choices with their titles.
fn question_changes(
    q: &QuestionDiff,
    changes: &ChangesSince,
    m: &MilestoneTexts,
    lang: Lang,
) -> Vec<String> {
    let choice =
        |id: &str| match changes
            .choice_titles
            .get(&choice_key(&q.set_id, &q.question_id, id))
        {
            Some(title) => format!("{id} {}", text(title, lang)),
            None => id.to_string(),
        };
    let mut lines = Vec::new();
    match q.status {
        DiffStatus::Added => lines.push(m.question_added.to_string()),
        DiffStatus::Removed => lines.push(m.question_removed.to_string()),
        DiffStatus::Changed => {}
    }
    for id in &q.selections_added {
        lines.push(format!("{}: {}", m.selections_added, choice(id)));
    }
    for id in &q.selections_removed {
        lines.push(format!("{}: {}", m.selections_removed, choice(id)));
    }
    if let Some(na) = &q.not_applicable {
        lines.push(format!(
            "{}: {} → {}",
            m.question_na,
            na_text(na.before.as_ref(), m, lang),
            na_text(na.after.as_ref(), m, lang)
        ));
    }
    for c in &q.choices_not_applicable {
        lines.push(format!(
            "{} ({}): {} → {}",
            m.choice_na,
            choice(&c.choice_id),
            na_text(c.before.as_ref(), m, lang),
            na_text(c.after.as_ref(), m, lang)
        ));
    }
    if let Some(notes) = &q.notes {
        lines.push(format!(
            "{}: {} → {}",
            m.notes,
            or_nothing(&notes.before, m),
            or_nothing(&notes.after, m)
        ));
    }
    for e in &q.evidence_added {
        lines.push(format!(
            "{}: #{} {}",
            m.evidence_added,
            e.id,
            evidence_name(e)
        ));
    }
    for e in &q.evidence_removed {
        lines.push(format!(
            "{}: #{} {}",
            m.evidence_removed,
            e.id,
            evidence_name(e)
        ));
    }
    for r in &q.evidence_reattached {
        lines.push(format!(
            "{}: #{} → #{} {}",
            m.evidence_reattached,
            r.before.id,
            r.after.id,
            evidence_name(&r.after)
        ));
    }
    lines
}

fn item_changes(i: &ItemDiff, m: &MilestoneTexts, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    match i.status {
        DiffStatus::Added => lines.push(m.item_added.to_string()),
        DiffStatus::Removed => lines.push(m.item_removed.to_string()),
        DiffStatus::Changed => {}
    }
    if let Some(c) = &i.item_status {
        lines.push(format!(
            "{}: {} → {}",
            glossary::ITEM_STATUS.get(lang),
            c.before.term().get(lang),
            c.after.term().get(lang)
        ));
    }
    let pairs = [
        (glossary::ITEM_OWNER.get(lang), &i.owner),
        (glossary::ACCEPTANCE_REASON.get(lang), &i.acceptance_reason),
        (m.notes, &i.notes),
    ];
    for (label, change) in pairs {
        if let Some(c) = change {
            lines.push(format!(
                "{label}: {} → {}",
                or_nothing(&c.before, m),
                or_nothing(&c.after, m)
            ));
        }
    }
    if let Some(c) = &i.due_date {
        let date = |d: &Option<String>| d.clone().unwrap_or_else(|| m.nothing.to_string());
        lines.push(format!(
            "{}: {} → {}",
            glossary::DUE_DATE.get(lang),
            date(&c.before),
            date(&c.after)
        ));
    }
    if let Some(c) = &i.in_plan {
        lines.push(format!(
            "{} → {}",
            (m.in_plan)(c.before),
            (m.in_plan)(c.after)
        ));
    }
    if i.overdue {
        lines.push(format!("[{}]", glossary::OVERDUE.get(lang)));
    }
    lines
}

fn decision(code: &str, lang: Lang) -> String {
    WgDecision::ALL
        .into_iter()
        .find(|d| d.as_str() == code)
        .map_or_else(|| code.to_string(), |d| wg_decision(lang, d).to_string())
}

fn wg_lines(changes: &ChangesSince, m: &MilestoneTexts, lang: Lang) -> Vec<String> {
    let diff = &changes.diff;
    let mut lines: Vec<String> = diff
        .wg_services
        .iter()
        .map(|s| {
            let what = match s.status {
                DiffStatus::Removed => m.wg_service_removed,
                _ => m.wg_service_added,
            };
            format!("{} ({}): {what}", s.service, s.edition)
        })
        .collect();
    for c in &diff.wg_criteria {
        let mut parts = Vec::new();
        match c.status {
            DiffStatus::Added => parts.push(m.wg_criterion_added.to_string()),
            DiffStatus::Removed => parts.push(m.wg_criterion_removed.to_string()),
            DiffStatus::Changed => {}
        }
        if let Some(d) = &c.decision {
            parts.push(format!(
                "{} → {}",
                decision(&d.before, lang),
                decision(&d.after, lang)
            ));
        }
        for change in [&c.own_measures, &c.residual_risk, &c.reviewer_notes]
            .into_iter()
            .flatten()
        {
            parts.push(format!(
                "{} → {}",
                or_nothing(&change.before, m),
                or_nothing(&change.after, m)
            ));
        }
        lines.push(format!(
            "{} {}: {}",
            c.service,
            c.criterion_no,
            parts.join(" / ")
        ));
    }
    lines
}

/// Per set (in the report's set order, then sets only milestones had): a bar per milestone
/// with the counts it kept, and the review now unless the report is as of a milestone.
fn trend(changes: &ChangesSince, cx: &SectionContext<'_>, m: &MilestoneTexts) -> Vec<TrendSet> {
    let included = |set_id: &str| cx.set_ids.is_empty() || cx.set_ids.iter().any(|s| s == set_id);
    let mut order: Vec<(String, String)> = cx
        .now
        .iter()
        .map(|s| (s.set_id.clone(), text(&s.title, cx.lang)))
        .collect();
    for figures in &changes.trend {
        for set in &figures.risk.sets {
            if included(&set.set_id) && !order.iter().any(|(id, _)| *id == set.set_id) {
                order.push((set.set_id.clone(), text(&set.title, cx.lang)));
            }
        }
    }
    order
        .into_iter()
        .map(|(set_id, title)| {
            let mut points: Vec<TrendPoint> = changes
                .trend
                .iter()
                .filter_map(|figures| {
                    let set = figures.risk.sets.iter().find(|s| s.set_id == set_id)?;
                    Some(TrendPoint {
                        label: format!("#{} {}", figures.milestone.number, figures.milestone.name),
                        counts: set.counts,
                    })
                })
                .collect();
            if cx.to.is_none()
                && let Some(set) = cx.now.iter().find(|s| s.set_id == set_id)
            {
                points.push(TrendPoint {
                    label: m.now.to_string(),
                    counts: set.counts,
                });
            }
            TrendSet {
                caption: (m.trend_set)(&title, &set_id),
                points,
            }
        })
        .collect()
}
