//! Part 4, the improvement plan: HIGH then MEDIUM, grouped by set and pillar; per question
//! the best practices to adopt with their FISC references and improvement text. While
//! questions are unanswered the plan says so (their risk is unknown) and never that nothing
//! needs improving. Each item shows its follow-up (status, owner, due date) and an overdue
//! item is marked in red; items a reviewer added follow the practices of their question.

use hashira_core::glossary;
use hashira_core::{Lang, Risk};

use crate::i18n::Texts;
use crate::model::{FollowUp, PlanCounts, PlanItem, ReportModel};
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X};
use crate::render::style::MUTED_BODY_STYLE;
use crate::render::style::{
    BODY, BODY_STYLE, INK, MUTED, SMALL, Style, WARNING, risk_colour, risk_text_colour,
};

pub(crate) fn plan(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let unanswered = model.summary.totals.unanswered;
    let empty = model.improvement_plan.is_empty();
    if unanswered > 0 {
        layout.paragraph(MARGIN_X, CONTENT_W, t.plan_intro, MUTED_BODY_STYLE);
        layout.y += 6.0;
        let text = (t.plan_incomplete)(unanswered);
        layout.paragraph(MARGIN_X, CONTENT_W, &text, Style::new(BODY, true, WARNING));
        layout.y += 6.0;
        if empty {
            return;
        }
    } else if !super::intro(layout, t.plan_intro, empty, t.plan_empty) {
        return;
    }
    let counts = PlanCounts::of(&model.improvement_plan);
    let style = if counts.overdue > 0 {
        Style::new(BODY, true, WARNING)
    } else {
        BODY_STYLE
    };
    layout.paragraph(MARGIN_X, CONTENT_W, &(t.plan_counts)(&counts), style);
    layout.y += 4.0;
    let mut current: Option<(Risk, String, String)> = None;
    for item in &model.improvement_plan {
        // Questions listed only for their added items share one heading.
        let group = |risk: Risk| match risk {
            Risk::High | Risk::Medium => risk,
            _ => Risk::Unanswered,
        };
        let priority_changed = current
            .as_ref()
            .is_none_or(|(p, _, _)| group(*p) != group(item.priority));
        if priority_changed {
            let title = match item.priority {
                Risk::High => t.priority_high,
                Risk::Medium => t.priority_medium,
                _ => t.priority_other,
            };
            layout.y += 4.0;
            layout.heading(title, 12.5, risk_colour(item.priority), 60.0);
        }
        let group_changed = priority_changed
            || current
                .as_ref()
                .is_none_or(|(_, s, p)| *s != item.set_id || *p != item.pillar);
        if group_changed {
            layout.heading(
                &format!(
                    "{} ({}) — {}: {}",
                    item.set_title, item.set_id, t.pillar, item.pillar
                ),
                9.5,
                risk_colour(Risk::NotApplicable),
                50.0,
            );
        }
        current = Some((item.priority, item.set_id.clone(), item.pillar.clone()));
        plan_item(layout, item, t, model.lang);
    }
}

/// An item's follow-up under it: status, owner and due date on one line (in red and marked
/// when overdue), then the reason for a risk acceptance and the notes.
fn follow_up(layout: &mut Layout, x: f32, width: f32, f: &FollowUp, t: &Texts, lang: Lang) {
    let mut parts = vec![format!(
        "{}: {}",
        glossary::ITEM_STATUS.get(lang),
        f.status.term().get(lang)
    )];
    if !f.owner.is_empty() {
        parts.push(format!("{}: {}", glossary::ITEM_OWNER.get(lang), f.owner));
    }
    if let Some(due) = &f.due_date {
        parts.push(format!("{}: {due}", glossary::DUE_DATE.get(lang)));
    }
    let mut line = parts.join(" / ");
    let style = if f.overdue {
        line = format!("[{}] {line}", glossary::OVERDUE.get(lang));
        Style::new(SMALL, true, WARNING)
    } else {
        Style::new(SMALL, false, MUTED)
    };
    layout.paragraph(x, width, &line, style);
    let small = Style::new(SMALL, false, INK);
    if !f.acceptance_reason.is_empty() {
        let text = format!(
            "{}: {}",
            glossary::ACCEPTANCE_REASON.get(lang),
            f.acceptance_reason
        );
        layout.paragraph(x, width, &text, small);
    }
    if !f.notes.trim().is_empty() {
        let text = format!("{}: {}", t.notes, f.notes);
        layout.paragraph(x, width, &text, small);
    }
}

/// The question (label badge and title), then its actions.
fn plan_item(layout: &mut Layout, item: &PlanItem, t: &Texts, lang: Lang) {
    let style = Style::new(9.4, true, INK);
    let lines = layout
        .fonts
        .wrap(&item.title, CONTENT_W - 76.0, style.size, true);
    layout.ensure(lines.len() as f32 * style.line_height() + 30.0);
    let top = layout.y;
    let badge = Style::new(7.4, true, risk_text_colour(item.priority));
    layout.fill_rect(MARGIN_X, top + 1.0, 56.0, 12.0, risk_colour(item.priority));
    let bw = layout.fonts.width(&item.label, badge.size, true);
    layout.text(MARGIN_X + (56.0 - bw) / 2.0, top + 3.2, &item.label, badge);
    layout.paragraph(MARGIN_X + 64.0, CONTENT_W - 64.0, &item.title, style);
    layout.y = layout.y.max(top + 15.0);
    if !item.actions.is_empty() {
        layout.label(MARGIN_X + 64.0, t.actions, 12.0);
    }
    for action in &item.actions {
        let mut text = format!("{}  {}", action.choice_id, action.title);
        if !action.fisc_refs.is_empty() {
            text.push_str(&(t.paren)(&format!(
                "FISC: {}",
                action.fisc_refs.join(", ")
            )));
        }
        layout.bullet(
            MARGIN_X + 66.0,
            CONTENT_W - 66.0,
            "□",
            risk_colour(item.priority),
            &text,
            BODY_STYLE,
        );
        super::improvement_text(
            layout,
            MARGIN_X + 84.0,
            CONTENT_W - 84.0,
            &action.improvement,
        );
        let (x, w) = (MARGIN_X + 84.0, CONTENT_W - 84.0);
        super::url_line(layout, x, w, action.improvement_url.as_deref());
        super::link_lines(layout, x, w, t.see_also, &action.links);
        follow_up(layout, x, w, &action.follow_up, t, lang);
        layout.gap(2.0);
    }
    for added in &item.added {
        let text = format!("#{}  {}{}", added.id, added.title, (t.paren)(t.added_item));
        layout.bullet(
            MARGIN_X + 66.0,
            CONTENT_W - 66.0,
            "□",
            risk_colour(item.priority),
            &text,
            BODY_STYLE,
        );
        let (x, w) = (MARGIN_X + 84.0, CONTENT_W - 84.0);
        follow_up(layout, x, w, &added.follow_up, t, lang);
        layout.gap(2.0);
    }
    layout.gap(7.0);
}
