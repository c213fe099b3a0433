//! Part 3, answers: set → pillar → question, each question a block with its risk, the
//! selected, unselected (with improvement text) and not applicable best practices, notes and
//! evidence.

use hashira_core::question_set::version_label;
use hashira_core::workbook::NotApplicableReason;
use hashira_core::{Lang, Risk};

use crate::i18n::{self, Texts};
use crate::model::{ChoiceImprovement, EvidenceEntry, QuestionEntry, ReportModel};
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X, PAGE_W};
use crate::render::style::{
    BODY_STYLE, HEADER_FILL, INK, MUTED_BODY_STYLE, NAVY, NOTE_BAR, Rgbf, SMALL_INK_STYLE,
    SMALL_STYLE, Style, risk_colour, risk_text_colour,
};
use crate::render::table::{Align, Cell, columns, scale_columns};

pub(crate) fn answers(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    for (set_index, set) in model.answers.iter().enumerate() {
        if set_index > 0 {
            layout.new_page();
        }
        let title = format!("{} ({}) {}", set.title, set.id, version_label(&set.version));
        layout.bookmark(&title);
        layout.heading(&title, 13.0, NAVY, 80.0);
        for pillar in &set.pillars {
            layout.heading(
                &format!("{}: {}", t.pillar, pillar.title),
                10.5,
                risk_colour(Risk::NotApplicable),
                80.0,
            );
            for question in &pillar.questions {
                question_block(layout, question, t, model.lang);
            }
        }
    }
}

fn question_block(layout: &mut Layout, q: &QuestionEntry, t: &Texts, lang: Lang) {
    question_bar(layout, q, lang);
    // The body is indented under the bar.
    let x = MARGIN_X + 10.0;
    let w = CONTENT_W - 10.0;
    if let (Some(by), Some(at)) = (&q.answered_by, &q.answered_at) {
        layout.paragraph(x, w, &format!("{}: {by}　{at}", t.answered_by), SMALL_STYLE);
    }
    if !q.guidance.is_empty() || q.guidance_url.is_some() {
        group_label(layout, x, t.guidance, 12.0);
        if !q.guidance.is_empty() {
            layout.paragraph(x + 8.0, w - 8.0, &q.guidance, SMALL_STYLE);
        }
        super::url_line(layout, x + 8.0, w - 8.0, q.guidance_url.as_deref());
    }
    if let Some(na) = &q.not_applicable {
        layout.label(x, t.question_na, 12.0);
        let text = reason_text(t, lang, na.reason, &na.text);
        layout.paragraph(x + 8.0, w - 8.0, &text, BODY_STYLE);
    } else if q.risk == Risk::Unanswered {
        layout.paragraph(x, w, t.unanswered_note, MUTED_BODY_STYLE);
    }

    if let Some(title) = &q.none_of_these {
        // An answer, not a best practice: no id, no tick.
        layout.gap(3.0);
        layout.paragraph(x, w, &(t.none_of_these)(title), BODY_STYLE);
    }
    if !q.selected.is_empty() {
        group_label(layout, x, t.selected, 12.0);
        for choice in &q.selected {
            let colour = risk_colour(Risk::None);
            choice_line(layout, x, w, ("✓", colour), &choice.id, &choice.title);
        }
    }
    if !q.not_selected.is_empty() {
        group_label(layout, x, t.not_selected, 12.0);
        for choice in &q.not_selected {
            let colour = risk_colour(Risk::High);
            choice_line(layout, x, w, ("□", colour), &choice.id, &choice.title);
            choice_help(layout, x + 22.0, w - 22.0, choice, t);
            layout.gap(1.5);
        }
    }
    if !q.choices_not_applicable.is_empty() {
        group_label(layout, x, t.choices_na, 12.0);
        for choice in &q.choices_not_applicable {
            let colour = risk_colour(Risk::NotApplicable);
            choice_line(layout, x, w, ("－", colour), &choice.id, &choice.title);
            let text = reason_text(t, lang, choice.reason, &choice.text);
            layout.paragraph(x + 22.0, w - 22.0, &text, SMALL_STYLE);
        }
    }
    if !q.notes.trim().is_empty() {
        group_label(layout, x, t.notes, 12.0);
        layout.paragraph_with(
            x + 10.0,
            w - 10.0,
            &q.notes,
            BODY_STYLE,
            Some(NOTE_BAR),
            None,
        );
    }
    if !q.evidence.is_empty() {
        // Kept with room for the table's header and first row.
        group_label(layout, x, t.evidence, 30.0);
        evidence_table(layout, &q.evidence, x, w, t, lang);
    }
    layout.gap(8.0);
}

/// The question's shaded title bar: risk-coloured edge, label, wrapped title, risk badge.
fn question_bar(layout: &mut Layout, q: &QuestionEntry, lang: Lang) {
    let fonts = layout.fonts;
    let badge_w = 66.0;
    let label_w = 58.0;
    let title_style = Style::new(9.6, true, INK);
    let title_w = CONTENT_W - label_w - badge_w - 14.0;
    let title_lines = fonts.wrap(&q.title, title_w, title_style.size, true);
    let lh = title_style.line_height();
    let bar_h = (title_lines.len() as f32 * lh + 8.0).max(22.0);
    // Keep the bar with the start of the answer.
    layout.ensure(bar_h + 64.0);
    layout.y += 4.0;
    let top = layout.y;
    layout.fill_rect(MARGIN_X, top, CONTENT_W, bar_h, HEADER_FILL);
    layout.fill_rect(MARGIN_X, top, 3.0, bar_h, risk_colour(q.risk));
    let label_style = Style::new(9.6, true, NAVY);
    layout.text(
        MARGIN_X + 8.0,
        top + 4.0 + (lh - label_style.size) / 2.0,
        &q.label,
        label_style,
    );
    for (i, line) in title_lines.iter().enumerate() {
        layout.text(
            MARGIN_X + label_w + 4.0,
            top + 4.0 + i as f32 * lh + (lh - title_style.size) / 2.0,
            line,
            title_style,
        );
    }
    let badge_x = PAGE_W - MARGIN_X - badge_w - 5.0;
    let badge_h = 14.0;
    let badge_top = top + (bar_h - badge_h) / 2.0;
    layout.fill_rect(badge_x, badge_top, badge_w, badge_h, risk_colour(q.risk));
    let badge_style = Style::new(8.0, true, risk_text_colour(q.risk));
    let text = i18n::risk_label(lang, q.risk);
    let w = fonts.width(text, badge_style.size, true);
    layout.text(
        badge_x + (badge_w - w) / 2.0,
        badge_top + 3.0,
        text,
        badge_style,
    );
    layout.y = top + bar_h + 4.0;
}

/// What the set says about an unselected best practice: its description (a lens's helpful
/// resource) and URL, its improvement (the 解説 when the set has none) and URL, its links. With
/// a description above it, the improvement is marked as such.
fn choice_help(layout: &mut Layout, x: f32, w: f32, choice: &ChoiceImprovement, t: &Texts) {
    super::improvement_text(layout, x, w, &choice.description);
    super::url_line(layout, x, w, choice.description_url.as_deref());
    let mut improvement = choice.improvement.clone();
    if !choice.description.is_empty()
        && let Some(first) = improvement.first_mut()
    {
        *first = format!("{}: {first}", t.improvement);
    }
    super::improvement_text(layout, x, w, &improvement);
    // Lenses often give both texts the same URL: printed once, under the description.
    let improvement_url = choice
        .improvement_url
        .as_deref()
        .filter(|url| choice.description_url.as_deref() != Some(*url));
    super::url_line(layout, x, w, improvement_url);
    super::link_lines(layout, x, w, t.see_also, &choice.links);
}

/// The small label opening one group of a question block (selected, notes, evidence, …).
fn group_label(layout: &mut Layout, x: f32, text: &str, keep: f32) {
    layout.gap(3.0);
    layout.label(x, text, keep);
}

/// One best practice as a bullet: `mark` in its colour, then id and title.
fn choice_line(
    layout: &mut Layout,
    x: f32,
    w: f32,
    (mark, colour): (&str, Rgbf),
    id: &str,
    title: &str,
) {
    let text = format!("{id}  {title}");
    layout.bullet(x + 4.0, w - 4.0, mark, colour, &text, BODY_STYLE);
}

/// `reason label: reason — text`, the dash and text left out when there is no text.
fn reason_text(t: &Texts, lang: Lang, reason: NotApplicableReason, text: &str) -> String {
    let reason = i18n::na_reason(lang, reason);
    if text.is_empty() {
        format!("{}: {reason}", t.reason)
    } else {
        format!("{}: {reason} — {text}", t.reason)
    }
}

/// The evidence of a question: name (with the best practice it supports, the file name or
/// URL as a link, and the excerpt), kind, size, short hash, who added it and when.
fn evidence_table(
    layout: &mut Layout,
    evidence: &[EvidenceEntry],
    x: f32,
    w: f32,
    t: &Texts,
    lang: Lang,
) {
    let cols = columns(&[
        (t.evidence_name, 3.6, Align::Left),
        (t.kind, 0.8, Align::Left),
        (t.size, 1.05, Align::Right),
        (t.sha256_short, 1.2, Align::Left),
        (t.added, 1.55, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = evidence
        .iter()
        .map(|e| {
            let mut name = e.title.clone();
            if let Some(choice) = &e.choice_id {
                name.push_str(&(t.paren)(&format!("{}: {choice}", t.for_choice)));
            }
            if !e.name.is_empty() {
                name.push('\n');
                name.push_str(&e.name);
            }
            if let Some(excerpt) = e.excerpt.as_ref().filter(|x| !x.is_empty()) {
                name.push('\n');
                name.push_str(excerpt);
            }
            vec![
                Cell::new(name).link(e.url.clone()),
                Cell::new(i18n::evidence_kind(lang, e.kind)),
                Cell::new(e.size_bytes.map(t.bytes).unwrap_or_default()).style(SMALL_INK_STYLE),
                Cell::new(e.sha256_short.clone().unwrap_or_default()).style(SMALL_INK_STYLE),
                Cell::new(format!("{}\n{}", e.added_by, e.added_at)).style(SMALL_INK_STYLE),
            ]
        })
        .collect();
    layout.table(x, &scale_columns(cols, w), &rows, false);
}
