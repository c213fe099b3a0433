//! The report's parts, one module each, in the order they are printed. Each part after the
//! cover is a section: it starts on a new page under its title, which also goes into the
//! contents and the bookmarks.

mod answers;
mod changes;
mod cover;
mod fisc;
mod history;
mod plan;
mod sign_off;
mod summary;
mod wg;
mod workload;

pub(crate) use cover::{contents, cover};

use super::layout::{CONTENT_W, Layout, MARGIN_X};
use super::style::{BAND_FILL, BODY_STYLE, MUTED_BODY_STYLE, SMALL_LINK_STYLE, SMALL_STYLE};
use crate::i18n::Texts;
use crate::model::{LinkLine, ReportModel};

/// Draws one section's content under its title.
pub(crate) type Part = fn(&mut Layout, &ReportModel, &Texts);

/// The sections of `model`, titled, in order; the changes since a milestone only when asked
/// for, WG evaluations only when the workbook has any.
pub(crate) fn sections(model: &ReportModel, t: &Texts) -> Vec<(String, Part)> {
    let mut sections: Vec<(String, Part)> = vec![(t.summary.to_string(), summary::summary)];
    if let Some(changes) = &model.changes {
        sections.push((changes.title.clone(), changes::changes));
    }
    sections.extend([
        (t.workload.to_string(), workload::workload as Part),
        (t.answers.to_string(), answers::answers),
        (t.plan.to_string(), plan::plan),
        (t.fisc.to_string(), fisc::fisc),
    ]);
    if !model.wg_assessments.is_empty() {
        sections.push((t.wg.to_string(), wg::wg));
    }
    sections.push((t.sign_off.to_string(), sign_off::sign_off));
    if !model.history.is_empty() {
        sections.push((t.history.to_string(), history::history));
    }
    sections
}

/// A section's muted introduction; when the section has nothing to list (`empty`), says so
/// with `empty_text` and returns false.
fn intro(layout: &mut Layout, intro: &str, empty: bool, empty_text: &str) -> bool {
    layout.paragraph(MARGIN_X, CONTENT_W, intro, MUTED_BODY_STYLE);
    layout.y += 6.0;
    if empty {
        layout.paragraph(MARGIN_X, CONTENT_W, empty_text, BODY_STYLE);
    }
    !empty
}

/// Improvement texts under an unselected best practice: small print, each paragraph marked
/// with a light bar.
fn improvement_text(layout: &mut Layout, x: f32, width: f32, lines: &[String]) {
    for line in lines {
        layout.paragraph_with(x, width, line, SMALL_STYLE, Some(BAND_FILL), None);
    }
}

/// A URL printed under the text it belongs to (guidance, description, improvement), clickable.
fn url_line(layout: &mut Layout, x: f32, width: f32, url: Option<&str>) {
    if let Some(url) = url.filter(|u| !u.is_empty()) {
        layout.paragraph_with(x, width, url, SMALL_LINK_STYLE, None, Some(url));
    }
}

/// A best practice's related links, each `see also: title (url)` and clickable; a resource
/// that is text only is printed as text, with no link.
fn link_lines(layout: &mut Layout, x: f32, width: f32, see_also: &str, links: &[LinkLine]) {
    for link in links {
        let shown = match (link.title.as_str(), link.url.as_str()) {
            (title, "") => title.to_string(),
            ("", url) => url.to_string(),
            (title, url) if title == url => url.to_string(),
            (title, url) => format!("{title} ({url})"),
        };
        let text = format!("{see_also}: {shown}");
        if link.url.is_empty() {
            layout.paragraph(x, width, &text, SMALL_STYLE);
        } else {
            layout.paragraph_with(x, width, &text, SMALL_LINK_STYLE, None, Some(&link.url));
        }
    }
}
