//! Appendix, the change history (only when asked for): each change's header in bold, then its
//! fields old → new, indented. Long notes wrap; nothing is cut.

use crate::i18n::Texts;
use crate::model::ReportModel;
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X};
use crate::render::style::{BODY, INK, MUTED_BODY_STYLE, SMALL_INK_STYLE, Style};

/// Indent of a change's field lines under its header.
const INDENT: f32 = 14.0;

pub(crate) fn history(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    layout.paragraph(MARGIN_X, CONTENT_W, t.history_intro, MUTED_BODY_STYLE);
    layout.y += 6.0;
    let header_style = Style::new(BODY, true, INK);
    for entry in &model.history {
        // A header is kept with its first line.
        layout.ensure(header_style.line_height() + SMALL_INK_STYLE.line_height() * 2.0);
        layout.paragraph(MARGIN_X, CONTENT_W, &entry.header, header_style);
        for line in &entry.lines {
            layout.paragraph(MARGIN_X + INDENT, CONTENT_W - INDENT, line, SMALL_INK_STYLE);
        }
        layout.y += 4.0;
    }
}
