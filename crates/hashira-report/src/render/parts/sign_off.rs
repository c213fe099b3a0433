//! The sign-off table: a line per reviewer and blank approver lines, tall enough to sign,
//! with how complete the review is stated right above the signatures.

use crate::i18n::Texts;
use crate::model::ReportModel;
use crate::render::layout::{CONTENT_W, Layout, MARGIN_X};
use crate::render::style::{BODY, BODY_STYLE, NAVY, Style, WARNING};
use crate::render::table::{Align, Cell, columns};

pub(crate) fn sign_off(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    layout.paragraph(MARGIN_X, CONTENT_W, t.sign_off_intro, BODY_STYLE);
    layout.y += 6.0;
    let totals = &model.summary.totals;
    let colour = if totals.is_complete() { NAVY } else { WARNING };
    let text = (t.completeness)(totals);
    layout.paragraph(MARGIN_X, CONTENT_W, &text, Style::new(BODY, true, colour));
    layout.y += 10.0;
    let cols = columns(&[
        (t.role, 1.2, Align::Left),
        (t.name, 1.6, Align::Left),
        (t.signature, 2.0, Align::Left),
        (t.date, 1.2, Align::Left),
    ]);
    let reviewers = if model.sign_off.reviewers.is_empty() {
        vec![String::new()]
    } else {
        model.sign_off.reviewers.clone()
    };
    let approvers = vec![String::new(); model.sign_off.approver_lines.max(1)];
    let rows: Vec<Vec<Cell>> = reviewers
        .into_iter()
        .map(|name| signature_row(t.role_reviewer, name))
        .chain(
            approvers
                .into_iter()
                .map(|name| signature_row(t.role_approver, name)),
        )
        .collect();
    layout.table(MARGIN_X, &cols, &rows, false);
}

fn signature_row(role: &str, name: String) -> Vec<Cell> {
    // Tall rows leave room to sign: pad the role with empty lines.
    let pad = "\n\n\n";
    vec![
        Cell::key(format!("{role}{pad}")),
        Cell::new(name),
        Cell::new(""),
        Cell::new("　　　　/　　/"),
    ]
}
