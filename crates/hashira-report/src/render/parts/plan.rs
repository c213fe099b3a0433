//! Part 4, the improvement plan: HIGH then MEDIUM, grouped by set and pillar; per question
//! the best practices to adopt with their FISC references and improvement text. While
//! questions are unanswered the plan says so (their risk is unknown) and never that nothing
//! needs improving.

use hashira_core::Risk;

use crate::i18n::Texts;
use crate::model::{PlanItem, ReportModel};
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X};
use crate::render::style::MUTED_BODY_STYLE;
use crate::render::style::{BODY, BODY_STYLE, INK, Style, WARNING, risk_colour, risk_text_colour};

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
    let mut current: Option<(Risk, String, String)> = None;
    for item in &model.improvement_plan {
        let priority_changed = current.as_ref().is_none_or(|(p, _, _)| *p != item.priority);
        if priority_changed {
            let title = if item.priority == Risk::High {
                t.priority_high
            } else {
                t.priority_medium
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
        plan_item(layout, item, t);
    }
}

/// The question (label badge and title), then its actions.
fn plan_item(layout: &mut Layout, item: &PlanItem, t: &Texts) {
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
    layout.label(MARGIN_X + 64.0, t.actions, 12.0);
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
        layout.gap(2.0);
    }
    layout.gap(7.0);
}
