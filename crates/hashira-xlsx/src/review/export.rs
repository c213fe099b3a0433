//! Writing the review: a summary sheet of counts per set and pillar, then a sheet per set with
//! a row per question and a row per choice, the reviewer's columns as input cells.

use std::path::Path;

use hashira_core::review::{ChoiceReview, ChoiceStatus, QuestionReview};
use hashira_core::risk::Risk;
use hashira_core::workbook::NotApplicableReason;
use hashira_core::{Lang, LocalizedText, Workbook};
use rust_xlsxwriter::{Workbook as XlsxWorkbook, Worksheet};
use serde::Serialize;

use super::{NOT_APPLICABLE, REVIEW_FIELDS, SELECTED, SUMMARY_SHEET, na_label};
use crate::error::Result;
use crate::write::{
    CELL_CHAR_LIMIT, Formats, add_sheet, dropdown, fit_row, header, labelled, number, put, save,
    setup_table, wrapped_lines,
};

/// The reviewer's columns, written as input cells; the others are for reading.
const INPUT_FIELDS: &[&str] = &["response", "notes", "na_reason", "na_text"];

const SUMMARY_HEADERS: [&str; 10] = [
    "質問セット",
    "柱",
    "質問数",
    "回答済",
    "未回答",
    "高リスク",
    "中リスク",
    "リスクなし",
    "非該当",
    "進捗率",
];

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportSummary {
    pub sheets: Vec<String>,
    pub rows: usize,
}

fn risk_label(risk: Risk) -> &'static str {
    match risk {
        Risk::Unanswered => "未回答",
        Risk::High => "高",
        Risk::Medium => "中",
        Risk::None => "なし",
        Risk::NotApplicable => "非該当",
    }
}

fn text(t: &LocalizedText) -> String {
    t.get(Lang::Ja).to_string()
}

/// Long texts are cut to what one cell holds, rather than failing the export: they are the
/// question set's, for reading, and never imported back.
fn clip(text: String) -> String {
    if text.chars().count() > CELL_CHAR_LIMIT {
        let mut t: String = text.chars().take(CELL_CHAR_LIMIT - 1).collect();
        t.push('…');
        t
    } else {
        text
    }
}

/// Sheet name for a set: its id, made safe for Excel.
fn sheet_name(set_id: &str) -> String {
    let safe: String = set_id
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if safe.is_empty() || safe == SUMMARY_SHEET {
        format!("set-{safe}")
    } else {
        safe
    }
}

/// A column of a set's sheet, by field key.
fn column(key: &str) -> Option<u16> {
    REVIEW_FIELDS
        .iter()
        .position(|f| f.key == key)
        .map(|c| c as u16)
}

/// Writes the review (all sets, or those named) to `out`.
pub fn export_review(
    workbook: &Workbook,
    set_ids: &[String],
    out: &Path,
    exported_at: &str,
) -> Result<ExportSummary> {
    for id in set_ids {
        workbook.question_set(id)?;
    }
    let reviews = workbook.review(None)?;
    let workload = workbook.workload()?;
    let sets: Vec<String> = workbook
        .question_sets()
        .iter()
        .map(|s| s.id().to_string())
        .filter(|id| set_ids.is_empty() || set_ids.contains(id))
        .collect();
    let review = Review {
        workbook,
        reviews: &reviews,
        workload: &workload.name,
        out,
        f: Formats::new(),
    };
    let mut book = XlsxWorkbook::new();
    review.write_summary(&mut book, &sets, exported_at)?;
    let mut summary = ExportSummary::default();
    for set_id in &sets {
        let name = sheet_name(set_id);
        summary.rows += review.write_set(&mut book, set_id, &name)?;
        summary.sheets.push(name);
    }
    save(&mut book, out)?;
    Ok(summary)
}

/// What every sheet of the export is written from.
struct Review<'a> {
    workbook: &'a Workbook,
    reviews: &'a [QuestionReview],
    workload: &'a str,
    out: &'a Path,
    f: Formats,
}

impl Review<'_> {
    fn write_summary(
        &self,
        book: &mut XlsxWorkbook,
        sets: &[String],
        exported_at: &str,
    ) -> Result<()> {
        let (out, f) = (self.out, &self.f);
        let ws = add_sheet(book, out, SUMMARY_SHEET)?;
        let title = format!("レビュー回答 — {}", self.workload);
        put(ws, out, 0, 0, &title, &f.title)?;
        let about = [
            ("出力日時", exported_at),
            ("ワークブックID", self.workbook.id()),
        ];
        labelled(ws, out, 1, &about, f)?;
        let header_row = 4u32;
        const NAME_WIDTH: f64 = 28.0;
        let columns: Vec<(&str, f64)> = SUMMARY_HEADERS
            .iter()
            .enumerate()
            .map(|(c, h)| (*h, if c < 2 { NAME_WIDTH } else { 10.0 }))
            .collect();
        header(ws, out, header_row, &columns, f)?;
        let mut r = header_row + 1;
        for set_id in sets {
            let set = self.workbook.question_set(set_id)?;
            let in_set = |q: &&QuestionReview| &q.set_id == set_id;
            let mut groups: Vec<(String, Vec<&QuestionReview>)> = vec![(
                "（合計）".into(),
                self.reviews.iter().filter(in_set).collect(),
            )];
            for pillar in set.pillars() {
                groups.push((
                    text(&pillar.title),
                    self.reviews
                        .iter()
                        .filter(|q| in_set(q) && q.pillar_id == pillar.id)
                        .collect(),
                ));
            }
            let set_title = format!("{} ({})", text(set.title()), set_id);
            for (pillar, qs) in groups {
                let count = |risk: Risk| qs.iter().filter(|q| q.risk == risk).count();
                let total = qs.len();
                let unanswered = count(Risk::Unanswered);
                put(ws, out, r, 0, &set_title, &f.body)?;
                put(ws, out, r, 1, &pillar, &f.body)?;
                for (c, n) in [
                    total,
                    total - unanswered,
                    unanswered,
                    count(Risk::High),
                    count(Risk::Medium),
                    count(Risk::None),
                    count(Risk::NotApplicable),
                ]
                .iter()
                .enumerate()
                {
                    number(ws, out, r, 2 + c as u16, *n as f64, &f.body)?;
                }
                let progress = if total == 0 {
                    0.0
                } else {
                    ((total - unanswered) as f64 / total as f64 * 1000.0).round() / 10.0
                };
                put(ws, out, r, 9, &format!("{progress}%"), &f.body)?;
                // Set titles wrap in their column; the row must be tall enough to show them.
                let lines =
                    wrapped_lines(&set_title, NAME_WIDTH).max(wrapped_lines(&pillar, NAME_WIDTH));
                fit_row(ws, out, r, lines)?;
                r += 1;
            }
        }
        setup_table(ws, out, header_row, r - 1, 9, 0, SUMMARY_SHEET)
    }

    /// A set's sheet; returns how many rows it has below the header.
    fn write_set(&self, book: &mut XlsxWorkbook, set_id: &str, name: &str) -> Result<usize> {
        let (out, f) = (self.out, &self.f);
        let ws = add_sheet(book, out, name)?;
        let set = self.workbook.question_set(set_id)?;
        let set_title = format!("{} ({set_id})", text(set.title()));
        let title = format!("{set_title} — {}", self.workload);
        put(ws, out, 0, 0, &title, &f.title)?;
        let header_row = 2u32;
        let columns: Vec<(&str, f64)> = REVIEW_FIELDS.iter().map(|c| (c.label, c.width)).collect();
        header(ws, out, header_row, &columns, f)?;
        let mut r = header_row + 1;
        for q in self.reviews.iter().filter(|q| q.set_id == set_id) {
            self.write_row(ws, r, &question_cells(q))?;
            if let Some(c) = column("evidence") {
                number(ws, out, r, c, q.evidence_count as f64, &f.body)?;
            }
            r += 1;
            for choice in &q.choices {
                self.write_row(ws, r, &choice_cells(q, choice))?;
                r += 1;
            }
        }
        let last_row = r - 1;
        let last_col = REVIEW_FIELDS.len() as u16 - 1;
        setup_table(ws, out, header_row, last_row, last_col, 2, &set_title)?;
        let responses = [SELECTED.to_string(), NOT_APPLICABLE.to_string()];
        let reasons: Vec<String> = NotApplicableReason::ALL
            .iter()
            .map(|r| na_label(*r).to_string())
            .collect();
        for (key, values) in [("response", &responses[..]), ("na_reason", &reasons[..])] {
            if let Some(c) = column(key) {
                dropdown(ws, out, header_row + 1, last_row, c, values, true)?;
            }
        }
        Ok((last_row - header_row) as usize)
    }

    /// Writes the given cells of row `r` (the others stay empty) and fits its height to them.
    fn write_row(&self, ws: &mut Worksheet, r: u32, cells: &[(&str, String)]) -> Result<()> {
        let mut lines = 1;
        for (c, field) in REVIEW_FIELDS.iter().enumerate() {
            let Some((_, value)) = cells.iter().find(|(key, _)| *key == field.key) else {
                continue;
            };
            let format = if INPUT_FIELDS.contains(&field.key) {
                &self.f.input
            } else {
                &self.f.body
            };
            put(ws, self.out, r, c as u16, value, format)?;
            lines = lines.max(wrapped_lines(value, field.width));
        }
        fit_row(ws, self.out, r, lines.min(30))
    }
}

/// The cells every row of a question repeats, so that a sorted or filtered row still says
/// which question it belongs to.
fn question_id_cells(q: &QuestionReview) -> Vec<(&'static str, String)> {
    vec![
        ("pillar", text(&q.pillar_title)),
        ("question_id", q.question_id.clone()),
        ("question", text(&q.title)),
    ]
}

/// A question's row: the question, its not-applicable state and notes, its risk.
fn question_cells(q: &QuestionReview) -> Vec<(&'static str, String)> {
    let na = q.not_applicable.as_ref();
    let mut cells = question_id_cells(q);
    cells.extend([
        (
            "explanation",
            clip(q.description.as_ref().map(text).unwrap_or_default()),
        ),
        (
            "response",
            if na.is_some() {
                NOT_APPLICABLE.into()
            } else {
                String::new()
            },
        ),
        ("notes", q.notes.clone()),
        ("risk", risk_label(q.risk).into()),
        (
            "na_reason",
            na.map(|na| na_label(na.reason).to_string())
                .unwrap_or_default(),
        ),
        ("na_text", na.map(|na| na.text.clone()).unwrap_or_default()),
        ("fisc_refs", q.fisc_refs.join(", ")),
        ("updated_by", q.updated_by.clone().unwrap_or_default()),
        ("updated_at", q.updated_at.clone().unwrap_or_default()),
    ]);
    cells
}

/// A choice's row, under its question's.
fn choice_cells(q: &QuestionReview, choice: &ChoiceReview) -> Vec<(&'static str, String)> {
    let response = match choice.status {
        ChoiceStatus::Selected => SELECTED,
        ChoiceStatus::NotApplicable => NOT_APPLICABLE,
        ChoiceStatus::Unselected => "",
    };
    let detail = choice
        .explanation
        .iter()
        .map(text)
        .collect::<Vec<_>>()
        .join("\n");
    let mut cells = question_id_cells(q);
    cells.extend([
        ("choice_id", choice.id.clone()),
        ("choice", text(&choice.title)),
        ("detail", clip(detail)),
        ("response", response.to_string()),
        (
            "na_reason",
            choice
                .not_applicable_reason
                .map(|r| na_label(r).to_string())
                .unwrap_or_default(),
        ),
        (
            "na_text",
            choice.not_applicable_text.clone().unwrap_or_default(),
        ),
        ("fisc_refs", choice.fisc_refs.join(", ")),
    ]);
    cells
}
