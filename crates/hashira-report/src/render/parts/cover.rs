//! The cover page and its table of contents.

use hashira_core::Risk;

use crate::i18n::{Texts, join_list};
use crate::model::ReportModel;
use crate::render::draw;
use crate::render::layout::{BOTTOM, CONTENT_W, Layout, MARGIN_X, PAGE_W};
use crate::render::style::{INK, MUTED, NAVY, RULE, SMALL_INK_STYLE, Style, risk_colour};
use crate::render::table::{Cell, property_table};

/// The cover page; returns where the table of contents goes.
pub(crate) fn cover(layout: &mut Layout, model: &ReportModel, t: &Texts) -> f32 {
    layout.fill_rect(0.0, 0.0, PAGE_W, 14.0, NAVY);
    layout.y = 120.0;
    layout.title(t.title, Style::new(22.0, true, NAVY), 1.35);
    layout.y += 4.0;
    layout.fill_rect(MARGIN_X, layout.y, 64.0, 3.0, risk_colour(Risk::Medium));
    layout.y += 18.0;
    layout.title(&model.cover.workload_name, Style::new(15.0, true, INK), 1.4);
    if !model.cover.client_organization.is_empty() {
        layout.y += 2.0;
        layout.paragraph(
            MARGIN_X,
            CONTENT_W,
            &model.cover.client_organization,
            Style::new(11.5, false, MUTED),
        );
    }
    layout.y += 26.0;

    let sets = model
        .cover
        .sets
        .iter()
        .map(|s| format!("{} ({}) v{}", s.title, s.id, s.version))
        .collect::<Vec<_>>()
        .join("\n");
    let rows = [
        (t.workload_name, model.cover.workload_name.clone()),
        (
            t.client_organization,
            model.cover.client_organization.clone(),
        ),
        (t.reviewers, join_list(&model.cover.reviewers, model.lang)),
        (
            t.review_date,
            model.cover.review_date.clone().unwrap_or_default(),
        ),
        (t.question_sets, sets),
        (t.workbook_file, model.cover.workbook_file_name.clone()),
        (t.workbook_sha256, model.cover.workbook_sha256.clone()),
        (t.generated_at, model.generated_at.clone()),
        (t.confidentiality, model.label.clone()),
    ];
    let rows = rows
        .into_iter()
        .map(|(key, value)| {
            // The hash in small print, like the evidence hashes.
            let value = if key == t.workbook_sha256 {
                Cell::new(value).style(SMALL_INK_STYLE)
            } else {
                Cell::new(value)
            };
            (key.to_string(), value)
        })
        .collect();
    property_table(layout, t, rows);
    layout.y += 14.0;
    layout.y
}

/// The table of contents on the cover, drawn once the section pages are known.
pub(crate) fn contents(layout: &mut Layout, top: f32, toc: &[(String, usize)], t: &Texts) {
    let fonts = layout.fonts;
    let Some(first) = layout.pages.first_mut() else {
        return;
    };
    let heading = Style::new(11.0, true, NAVY);
    draw::text(
        first,
        fonts,
        MARGIN_X,
        top + heading.size,
        t.contents,
        heading,
    );
    let mut y = top + 24.0;
    let style = Style::new(9.5, false, INK);
    for (title, page) in toc {
        if y > BOTTOM - 12.0 {
            break;
        }
        let number = page.to_string();
        let nw = fonts.width(&number, style.size, false);
        let title = fonts.first_line(title, CONTENT_W - 60.0, style.size, false);
        let tw = fonts.width(&title, style.size, false);
        draw::text(first, fonts, MARGIN_X + 8.0, y, &title, style);
        draw::text(first, fonts, PAGE_W - MARGIN_X - nw, y, &number, style);
        // Dotted leader.
        let mut x = MARGIN_X + 8.0 + tw + 6.0;
        while x < PAGE_W - MARGIN_X - nw - 6.0 {
            draw::fill_rect(first, x, y - 1.8, 0.9, 0.9, RULE);
            x += 4.0;
        }
        y += 17.0;
    }
}
