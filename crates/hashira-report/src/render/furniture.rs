//! Page headers and footers, added once every page exists so the footer can say
//! `ページ N / M`: the workload name and report title (or the milestone the report is as of)
//! at the top, the confidentiality label and the page number at the bottom. While the review is a draft, or when the workbook
//! failed its integrity check, a red band under the header says so on every page, so no
//! single page can pass for a finished, intact report.

use printpdf::{Op, PaintMode};

use super::draw;
use super::fonts::Fonts;
use super::layout::{CONTENT_W, MARGIN_X, PAGE_H, PAGE_W};
use super::style::{MUTED, RULE, Style, WARNING, WARNING_FILL};
use crate::i18n::Texts;
use crate::model::ReportModel;

pub(crate) fn page_furniture(
    ops: &mut Vec<Op>,
    fonts: &Fonts,
    model: &ReportModel,
    t: &Texts,
    page: usize,
    total: usize,
) {
    let header = Style::new(7.5, false, MUTED);
    let header_y = 30.0;
    let name_w = CONTENT_W * 0.62;
    let name = fonts.fitted_line(&model.cover.workload_name, name_w, header.size, false);
    draw::text(ops, fonts, MARGIN_X, header_y, &name, header);
    // The title only when it fits beside the name; a report as of a milestone says so on
    // every page instead, so no page passes for one of the review now.
    let right = match &model.milestone {
        Some(mark) => fonts.fitted_line(
            &mark.as_of_short,
            CONTENT_W - name_w - 10.0,
            header.size,
            false,
        ),
        None => t.title.to_string(),
    };
    let title_w = fonts.width(&right, header.size, false);
    if title_w < CONTENT_W - name_w - 10.0 {
        draw::text(
            ops,
            fonts,
            PAGE_W - MARGIN_X - title_w,
            header_y,
            &right,
            header,
        );
    }
    rule(ops, header_y + 6.0);
    warnings(ops, fonts, model, t, header_y + 9.0);

    let footer_y = PAGE_H - 30.0;
    rule(ops, footer_y - 12.0);
    // The confidentiality label in a red box.
    let label_style = Style::new(8.0, true, (0.70, 0.10, 0.10));
    let label = fonts.fitted_line(&model.label, CONTENT_W * 0.45, label_style.size, true);
    let label_w = fonts.width(&label, label_style.size, true);
    draw::text(ops, fonts, MARGIN_X + 4.0, footer_y, &label, label_style);
    let label_box = draw::pdf_rect(
        MARGIN_X,
        PAGE_H - footer_y - 3.0,
        label_w + 8.0,
        label_style.size + 5.0,
        PaintMode::Stroke,
    );
    draw::stroke_rect(ops, label_box, label_style.colour, 0.8);
    let page_text = (t.page_of)(page, total);
    let footer = Style::new(8.0, false, MUTED);
    let w = fonts.width(&page_text, footer.size, false);
    draw::text(
        ops,
        fonts,
        PAGE_W - MARGIN_X - w,
        footer_y,
        &page_text,
        footer,
    );
}

/// The draft mark and the integrity warning, in a band whose top is at `top` (between the
/// header rule and the content, which starts at `layout::TOP`).
fn warnings(ops: &mut Vec<Op>, fonts: &Fonts, model: &ReportModel, t: &Texts, top: f32) {
    let mut marks = Vec::new();
    if model.is_draft() {
        marks.push(t.draft_mark);
    }
    if !model.integrity.passed {
        marks.push(t.integrity_warning);
    }
    if marks.is_empty() {
        return;
    }
    let style = Style::new(8.0, true, WARNING);
    let text = fonts.fitted_line(&marks.join("　／　"), CONTENT_W - 8.0, style.size, true);
    let h = style.size + 6.0;
    draw::fill_rect(ops, MARGIN_X, top, CONTENT_W, h, WARNING_FILL);
    draw::text(
        ops,
        fonts,
        MARGIN_X + 4.0,
        top + 3.0 + style.size * 0.9,
        &text,
        style,
    );
}

/// A thin rule across the content width at `y`.
fn rule(ops: &mut Vec<Op>, y: f32) {
    draw::line(ops, (MARGIN_X, y), (PAGE_W - MARGIN_X, y), RULE, 0.6);
}
