//! Writing the review: a summary sheet of counts per set and pillar, then a sheet per set with
//! a row per question and a row per choice, the reviewer's columns as input cells.

use std::path::Path;

use hashira_core::clock::display_stored;
use hashira_core::glossary;
use hashira_core::review::{ChoiceReview, ChoiceStatus, QuestionReview};
use hashira_core::risk::{Risk, RiskCounts, RiskSummary, summarize};
use hashira_core::workbook::milestone::MilestoneInfo;
use hashira_core::workbook::{NotApplicableReason, format_time_zone};
use hashira_core::{Lang, LocalizedText, QuestionSet, Workbook};
use rust_xlsxwriter::{Format, Workbook as XlsxWorkbook, Worksheet};
use serde::Serialize;
use time::UtcOffset;

use super::{NOT_APPLICABLE, REVIEW_FIELDS, SELECTED, SUMMARY_SHEET, na_label};
use crate::error::Result;
use crate::read::{MAX_SHEET_CELLS, MAX_SHEET_ROWS, check_rows_to_write};
use crate::write::{
    CELL_CHAR_LIMIT, Formats, add_sheet, column_width, dropdown, fit_row, header, labelled, number,
    put, save, setup_table, wrapped_lines,
};

// A sheet of the most rows the import reads also fits its cell limit.
const _: () = assert!(MAX_SHEET_ROWS * (REVIEW_FIELDS.len() as u64) <= MAX_SHEET_CELLS);

/// The reviewer's columns, written as input cells; the others are for reading.
const INPUT_FIELDS: &[&str] = &["response", "notes", "na_reason", "na_text"];

/// The summary's columns: the review's figures as `RiskCounts` defines them, in the CLI's order
/// (ARCHITECTURE.md, "The figures"). レビュー済み = 回答済み + 対象外. Words from the glossary.
const SUMMARY_HEADERS: [&str; 11] = [
    "質問セット",
    "柱",
    "質問数",
    glossary::REVIEWED.ja,
    "進捗率",
    glossary::RISK_HIGH.ja,
    glossary::RISK_MEDIUM.ja,
    glossary::RISK_NONE.ja,
    glossary::NOT_APPLICABLE.ja,
    glossary::UNANSWERED.ja,
    glossary::NA_WITHOUT_REASON.ja,
];
const SUMMARY_NAME_WIDTH: f64 = 28.0;
/// The column of 進捗率, a number shown in percent.
const PROGRESS_COLUMN: u16 = 4;

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportSummary {
    /// The sets' sheets (the summary and the items sheet are always written too).
    pub sheets: Vec<String>,
    pub rows: usize,
    /// Rows of the improvement items sheet (改善計画).
    pub items: usize,
}

/// The 柱 cell of a set's own row, and the 質問セット cell of the row of all exported sets.
const SET_TOTAL: &str = "（合計）";
const WORKBOOK_TOTAL: &str = "合計";

fn risk_label(risk: Risk) -> &'static str {
    match risk {
        Risk::Unanswered => "未回答",
        Risk::High => "高",
        Risk::Medium => "中",
        Risk::None => "なし",
        Risk::NotApplicable => glossary::NOT_APPLICABLE.ja,
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

/// Excel's longest sheet name, in UTF-16 units.
const SHEET_NAME_LIMIT: usize = 31;

/// The sheet names of the sets, in order: each set's id made safe for Excel (none of
/// `[]:*?/\'`, at most 31 characters) and unique as Excel compares names, ignoring case. Set ids
/// are longer than that (a lens's, made from its name, up to 48 characters and `-2` when taken),
/// so two may agree in their first 31: the later one is cut shorter and ends in `~2`, `~3`….
/// The import never reads the name (rows are keyed by their question ids).
fn sheet_names(set_ids: &[String]) -> Vec<String> {
    // `History` is reserved by Excel.
    let mut taken: Vec<String> = vec![
        SUMMARY_SHEET.to_lowercase(),
        "history".to_string(),
        super::items::ITEMS_SHEET.to_lowercase(),
    ];
    let mut names = Vec::new();
    for set_id in set_ids {
        let mut safe: String = set_id
            .chars()
            .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
            .collect();
        if safe.is_empty() || safe == SUMMARY_SHEET {
            safe = format!("set-{safe}");
        }
        let mut name = cut(&safe, SHEET_NAME_LIMIT);
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            let suffix = format!("~{n}");
            name = cut(&safe, SHEET_NAME_LIMIT - suffix.len()) + &suffix;
            n += 1;
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

/// The longest start of `text` within `limit` UTF-16 units.
fn cut(text: &str, limit: usize) -> String {
    let mut units = 0;
    text.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= limit
        })
        .collect()
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
    export(workbook, None, set_ids, out, exported_at)
}

/// Writes the review as milestone `milestone` holds it (`workbook` is its view): the summary
/// says so beside the workbook's id ([`super::MILESTONE_LABEL`]), and the import refuses the
/// file while that cell is filled in. Items are overdue as of the milestone's time.
pub fn export_milestone_review(
    workbook: &Workbook,
    milestone: &MilestoneInfo,
    set_ids: &[String],
    out: &Path,
    exported_at: &str,
) -> Result<ExportSummary> {
    export(workbook, Some(milestone), set_ids, out, exported_at)
}

fn export(
    workbook: &Workbook,
    milestone: Option<&MilestoneInfo>,
    set_ids: &[String],
    out: &Path,
    exported_at: &str,
) -> Result<ExportSummary> {
    for id in set_ids {
        workbook.question_set(id)?;
    }
    let reviews = workbook.review(None)?;
    let workload = workbook.workload()?;
    let offset = workbook.time_offset()?;
    let selected: Vec<QuestionSet> = workbook
        .question_sets()
        .iter()
        .filter(|s| set_ids.is_empty() || set_ids.iter().any(|id| id == s.id()))
        .cloned()
        .collect();
    let sets: Vec<String> = selected.iter().map(|s| s.id().to_string()).collect();
    // The figures of the exported sets, counted by the core as on every other surface.
    let figures = summarize(&selected, &workbook.answers()?);
    let rereview: std::collections::HashSet<String> = workbook
        .rereview_list()?
        .into_iter()
        .map(|item| item.question_id)
        .collect();
    let review = Review {
        workbook,
        milestone,
        rereview: &rereview,
        reviews: &reviews,
        workload: &workload.name,
        offset,
        out,
        f: Formats::new(),
    };
    let mut book = XlsxWorkbook::new();
    review.write_summary(&mut book, &figures, exported_at)?;
    let mut summary = ExportSummary::default();
    for (set_id, name) in sets.iter().zip(sheet_names(&sets)) {
        summary.rows += review.write_set(&mut book, set_id, &name)?;
        summary.sheets.push(name);
    }
    // Overdue as of the milestone's time, else the export's (a stored UTC timestamp).
    let now = milestone
        .and_then(hashira_core::diff::ReviewDiff::instant_of)
        .or_else(|| {
            hashira_core::FixedClock::parse(exported_at, 0).map(|at| hashira_core::Clock::now(&at))
        })
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    summary.items = super::items::write_items(&mut book, workbook, set_ids, out, now)?;
    save(&mut book, out)?;
    Ok(summary)
}

/// What every sheet of the export is written from.
struct Review<'a> {
    workbook: &'a Workbook,
    /// The milestone the review is as of, if any.
    milestone: Option<&'a MilestoneInfo>,
    /// The questions on the re-review list of a set upgrade.
    rereview: &'a std::collections::HashSet<String>,
    reviews: &'a [QuestionReview],
    workload: &'a str,
    /// The workbook's time zone: stored UTC times are shown in it.
    offset: UtcOffset,
    out: &'a Path,
    f: Formats,
}

impl Review<'_> {
    fn write_summary(
        &self,
        book: &mut XlsxWorkbook,
        figures: &RiskSummary,
        exported_at: &str,
    ) -> Result<()> {
        let (out, f) = (self.out, &self.f);
        let ws = add_sheet(book, out, SUMMARY_SHEET)?;
        let title = format!("レビュー回答 — {}", self.workload);
        put(ws, out, 0, 0, &title, &f.title)?;
        let zone = format!("UTC{}", format_time_zone(self.offset));
        let exported = format!("{} ({zone})", display_stored(exported_at, self.offset));
        let as_of = self.milestone.map(|m| {
            format!(
                "#{} {} （{} 作成、{}、SHA-256 {}）時点",
                m.number,
                m.name,
                display_stored(&m.created_at, self.offset),
                m.created_by,
                m.content_sha256
            )
        });
        let mut about = vec![
            ("出力日時", exported.as_str()),
            ("ワークブックID", self.workbook.id()),
            ("タイムゾーン", zone.as_str()),
        ];
        if let Some(as_of) = &as_of {
            about.push((super::MILESTONE_LABEL, as_of.as_str()));
        }
        labelled(ws, out, 1, &about, f)?;
        let header_row = 5u32;
        let columns: Vec<(&str, f64)> = SUMMARY_HEADERS
            .iter()
            .enumerate()
            .map(|(c, h)| (*h, if c < 2 { SUMMARY_NAME_WIDTH } else { 10.0 }))
            .collect();
        header(ws, out, header_row, &columns, f)?;
        let percent = f.body.clone().set_num_format("0%");
        let mut r = header_row + 1;
        for set in &figures.sets {
            let set_title = format!("{} ({})", text(&set.title), set.set_id);
            self.summary_row(ws, r, [&set_title, SET_TOTAL], &set.counts, &percent)?;
            r += 1;
            for pillar in &set.pillars {
                let pillar_title = text(&pillar.title);
                self.summary_row(ws, r, [&set_title, &pillar_title], &pillar.counts, &percent)?;
                r += 1;
            }
        }
        self.summary_row(ws, r, [WORKBOOK_TOTAL, ""], &figures.counts, &percent)?;
        let last_col = SUMMARY_HEADERS.len() as u16 - 1;
        setup_table(ws, out, header_row, r, last_col, 0, SUMMARY_SHEET)
    }

    /// One row of figures: its two names, the counts as numbers, progress as a number in percent.
    fn summary_row(
        &self,
        ws: &mut Worksheet,
        r: u32,
        names: [&str; 2],
        c: &RiskCounts,
        percent: &Format,
    ) -> Result<()> {
        let (out, f) = (self.out, &self.f);
        for (col, name) in names.iter().enumerate() {
            put(ws, out, r, col as u16, name, &f.body)?;
        }
        for (col, n) in [
            (2, c.questions),
            (3, c.reviewed),
            (5, c.high),
            (6, c.medium),
            (7, c.none),
            (8, c.not_applicable),
            (9, c.unanswered),
            (10, c.not_applicable_without_reason),
        ] {
            number(ws, out, r, col, n as f64, &f.body)?;
        }
        // Exactly progress_percent / 100, so Excel shows the whole percent every surface shows.
        number(ws, out, r, PROGRESS_COLUMN, c.progress_fraction(), percent)?;
        // Set titles wrap in their column; the row must be tall enough to show them.
        let lines = names
            .iter()
            .map(|name| wrapped_lines(name, SUMMARY_NAME_WIDTH))
            .max()
            .unwrap_or(1);
        fit_row(ws, out, r, lines)
    }

    /// A set's sheet; returns how many rows it has below the header.
    fn write_set(&self, book: &mut XlsxWorkbook, set_id: &str, name: &str) -> Result<usize> {
        let (out, f) = (self.out, &self.f);
        let questions = self.reviews.iter().filter(|q| q.set_id == set_id);
        let rows: usize = questions.map(|q| 1 + q.choices.len()).sum();
        check_rows_to_write(out, name, 3 + rows as u64)?;
        let ws = add_sheet(book, out, name)?;
        let set = self.workbook.question_set(set_id)?;
        let set_title = format!("{} ({set_id})", text(set.title()));
        let title = format!("{set_title} — {}", self.workload);
        put(ws, out, 0, 0, &title, &f.title)?;
        let header_row = 2u32;
        let columns: Vec<(&str, f64)> = REVIEW_FIELDS.iter().map(|c| (c.label, c.width)).collect();
        header(ws, out, header_row, &columns, f)?;
        let ids = self.ids(set);
        if let Some(c) = column("choice_id") {
            column_width(ws, out, c, ids.width)?;
        }
        let mut r = header_row + 1;
        for q in self.reviews.iter().filter(|q| q.set_id == set_id) {
            let mut cells = question_cells(q, self.offset);
            if self.rereview.contains(&q.question_id) {
                cells.push(("rereview", super::REREVIEW.to_string()));
            }
            self.write_row(ws, r, &cells, &ids)?;
            if let Some(c) = column("evidence") {
                number(ws, out, r, c, q.evidence_count as f64, &f.body)?;
            }
            r += 1;
            for choice in &q.choices {
                self.write_row(ws, r, &choice_cells(q, choice), &ids)?;
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

    /// The choice-id column of a set's sheet: wide enough for its longest id, never wrapped (an
    /// id broken over lines reads as two ids).
    fn ids(&self, set: &QuestionSet) -> IdColumn {
        let longest = set
            .pillars()
            .iter()
            .flat_map(|p| &p.questions)
            .flat_map(|q| &q.choices)
            .map(|c| c.id.chars().count())
            .max()
            .unwrap_or(0);
        let field = column("choice_id").map_or(0.0, |c| REVIEW_FIELDS[usize::from(c)].width);
        IdColumn {
            // Excel's width unit is about one digit of the default font; ids are ASCII.
            width: field.max(longest as f64 * 1.1 + 2.0),
            format: self.f.body.clone().unset_text_wrap(),
        }
    }

    /// Writes the given cells of row `r` (the others stay empty) and fits its height to them.
    fn write_row(
        &self,
        ws: &mut Worksheet,
        r: u32,
        cells: &[(&str, String)],
        ids: &IdColumn,
    ) -> Result<()> {
        let mut lines = 1;
        for (c, field) in REVIEW_FIELDS.iter().enumerate() {
            let Some((_, value)) = cells.iter().find(|(key, _)| *key == field.key) else {
                continue;
            };
            if field.key == "choice_id" {
                put(ws, self.out, r, c as u16, value, &ids.format)?;
                continue;
            }
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

/// How a set's sheet writes its choice ids.
struct IdColumn {
    width: f64,
    format: Format,
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
fn question_cells(q: &QuestionReview, offset: UtcOffset) -> Vec<(&'static str, String)> {
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
        (
            "updated_at",
            q.updated_at
                .as_deref()
                .map(|at| display_stored(at, offset))
                .unwrap_or_default(),
        ),
    ]);
    cells
}

/// What the set says about a choice, for reading: its description (a lens's helpful resource)
/// and URL, its 解説, its improvement and URL, its links (a text-only resource as its text).
fn choice_detail(choice: &ChoiceReview) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut push = |line: String| {
        if !line.trim().is_empty() {
            lines.push(line);
        }
    };
    push(choice.description.as_ref().map(text).unwrap_or_default());
    push(choice.description_url.clone().unwrap_or_default());
    for item in &choice.explanation {
        push(text(item));
    }
    if let Some(improvement) = choice.improvement.as_ref().map(text) {
        push(format!("{IMPROVEMENT}: {improvement}"));
    }
    if choice.improvement_url != choice.description_url {
        push(choice.improvement_url.clone().unwrap_or_default());
    }
    for link in choice
        .links
        .iter()
        .filter(|l| !(l.title.trim().is_empty() && l.url.trim().is_empty()))
    {
        push(match (link.title.trim(), link.url.trim()) {
            (title, "") => format!("{SEE_ALSO}: {title}"),
            ("", url) => format!("{SEE_ALSO}: {url}"),
            (title, url) => format!("{SEE_ALSO}: {title} ({url})"),
        });
    }
    lines.join("\n")
}

/// The words before a choice's improvement and its links in the 詳細 column.
const IMPROVEMENT: &str = "改善";
const SEE_ALSO: &str = "参考";

/// A choice's row, under its question's.
fn choice_cells(q: &QuestionReview, choice: &ChoiceReview) -> Vec<(&'static str, String)> {
    let response = match choice.status {
        ChoiceStatus::Selected => SELECTED,
        ChoiceStatus::NotApplicable => NOT_APPLICABLE,
        ChoiceStatus::Unselected => "",
    };
    let detail = choice_detail(choice);
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
