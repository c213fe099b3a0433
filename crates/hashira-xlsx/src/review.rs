//! The review's answers as .xlsx: one sheet per question set (a row per question and per
//! choice, ids in visible columns) and a summary sheet; and the re-import of a filled sheet,
//! keyed by ids so sorted, filtered or re-ordered rows still import.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use hashira_core::Workbook;
use hashira_core::review::{ChoiceStatus, QuestionReview};
use hashira_core::risk::Risk;
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, NotApplicable, NotApplicableReason,
};
use hashira_core::{Lang, LocalizedText};
use rust_xlsxwriter::Workbook as XlsxWorkbook;
use serde::Serialize;
use serde_json::json;

use crate::error::{Problem, Result, XlsxError};
use crate::read::Book;
use crate::table::{Field, Table, TableRow, read_table};
use crate::text::{column_letter, is_check_mark, normalize};
use crate::write::{Formats, dropdown, fit_row, number, put, save, setup_table, wrapped_lines};

pub const SUMMARY_SHEET: &str = "サマリー";

/// Response words written and accepted.
pub const SELECTED: &str = "選択";
pub const NOT_APPLICABLE: &str = "非該当";

macro_rules! field {
    ($key:literal, $label:literal, $width:literal, [$($s:literal),* $(,)?]) => {
        Field { key: $key, label: $label, width: $width, synonyms: &[$($s),*] }
    };
}

pub const REVIEW_FIELDS: &[Field] = &[
    field!("pillar", "柱", 14.0, ["Pillar", "Pillar name"]),
    field!(
        "question_id",
        "質問ID",
        10.0,
        ["Question ID", "QuestionId", "質問番号"]
    ),
    field!("question", "質問", 36.0, ["Question", "Question title"]),
    field!(
        "explanation",
        "説明",
        30.0,
        ["Explanation", "Description", "質問の説明"]
    ),
    field!(
        "choice_id",
        "選択肢ID",
        12.0,
        ["Choice ID", "ChoiceId", "ベストプラクティスID"]
    ),
    field!(
        "choice",
        "選択肢",
        36.0,
        ["Choice", "Choice title", "ベストプラクティス"]
    ),
    field!(
        "detail",
        "詳細",
        40.0,
        ["Detail", "Details", "Choice description", "解説"]
    ),
    field!(
        "response",
        "回答",
        10.0,
        ["Response", "Answer", "Selected", "回答状況"]
    ),
    field!("notes", "メモ", 36.0, ["Notes", "Note", "備考"]),
    field!("risk", "リスク", 10.0, ["Risk"]),
    field!(
        "na_reason",
        "非該当理由",
        18.0,
        ["Not applicable reason", "Reason", "N/A reason"]
    ),
    field!(
        "na_text",
        "非該当の説明",
        24.0,
        ["Not applicable text", "Reason text", "非該当理由の説明"]
    ),
    field!(
        "evidence",
        "エビデンス数",
        8.0,
        ["Evidence", "Evidence count"]
    ),
    field!(
        "fisc_refs",
        "FISC参照",
        14.0,
        ["FISC", "FISC references", "関連FISC"]
    ),
    field!("updated_by", "更新者", 12.0, ["Updated by"]),
    field!("updated_at", "更新日時", 18.0, ["Updated at"]),
];

fn na_label(reason: NotApplicableReason) -> &'static str {
    match reason {
        NotApplicableReason::OutOfScope => "対象範囲外",
        NotApplicableReason::BusinessPriorities => "ビジネス上の優先事項",
        NotApplicableReason::ArchitectureConstraints => "アーキテクチャ上の制約",
        NotApplicableReason::Other => "その他",
    }
}

fn parse_na_reason(text: &str) -> Option<NotApplicableReason> {
    NotApplicableReason::parse(text).or_else(|| {
        NotApplicableReason::ALL
            .into_iter()
            .find(|r| normalize(na_label(*r)) == normalize(text))
    })
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

fn clip(text: String) -> String {
    if text.chars().count() > crate::write::CELL_CHAR_LIMIT {
        let mut t: String = text
            .chars()
            .take(crate::write::CELL_CHAR_LIMIT - 1)
            .collect();
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

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportSummary {
    pub sheets: Vec<String>,
    pub rows: usize,
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
    let f = Formats::new();
    let mut book = XlsxWorkbook::new();
    let mut summary = ExportSummary::default();

    // Summary sheet first.
    {
        let ws = book.add_worksheet();
        let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, SUMMARY_SHEET, e);
        ws.set_name(SUMMARY_SHEET).map_err(fail)?;
        put(
            ws,
            out,
            0,
            0,
            &format!("レビュー回答 — {}", workload.name),
            &f.title,
        )?;
        put(ws, out, 1, 0, "出力日時", &f.label)?;
        put(ws, out, 1, 1, exported_at, &f.body)?;
        put(ws, out, 2, 0, "ワークブックID", &f.label)?;
        put(ws, out, 2, 1, workbook.id(), &f.body)?;
        let headers = [
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
        let header_row = 4u32;
        for (c, h) in headers.iter().enumerate() {
            put(ws, out, header_row, c as u16, h, &f.header)?;
            ws.set_column_width(c as u16, if c < 2 { 28 } else { 10 })
                .map_err(fail)?;
        }
        let mut r = header_row + 1;
        for set_id in &sets {
            let set = workbook.question_set(set_id)?;
            let mut groups: Vec<(String, Vec<&QuestionReview>)> = vec![(
                "（合計）".into(),
                reviews.iter().filter(|q| &q.set_id == set_id).collect(),
            )];
            for pillar in set.pillars() {
                groups.push((
                    text(&pillar.title),
                    reviews
                        .iter()
                        .filter(|q| &q.set_id == set_id && q.pillar_id == pillar.id)
                        .collect(),
                ));
            }
            for (pillar, qs) in groups {
                let count = |risk: Risk| qs.iter().filter(|q| q.risk == risk).count();
                let total = qs.len();
                let unanswered = count(Risk::Unanswered);
                put(
                    ws,
                    out,
                    r,
                    0,
                    &format!("{} ({})", text(set.title()), set_id),
                    &f.body,
                )?;
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
                r += 1;
            }
        }
        setup_table(ws, out, header_row, r - 1, 9, 0, "サマリー")?;
    }

    let responses = vec![SELECTED.to_string(), NOT_APPLICABLE.to_string()];
    let reasons: Vec<String> = NotApplicableReason::ALL
        .iter()
        .map(|r| na_label(*r).to_string())
        .collect();
    for set_id in &sets {
        let name = sheet_name(set_id);
        let ws = book.add_worksheet();
        let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, &name, e);
        ws.set_name(&name).map_err(fail)?;
        let set = workbook.question_set(set_id)?;
        put(
            ws,
            out,
            0,
            0,
            &format!("{} ({}) — {}", text(set.title()), set_id, workload.name),
            &f.title,
        )?;
        let header_row = 2u32;
        for (c, field) in REVIEW_FIELDS.iter().enumerate() {
            put(ws, out, header_row, c as u16, field.label, &f.header)?;
            ws.set_column_width(c as u16, field.width).map_err(fail)?;
        }
        let mut r = header_row + 1;
        for q in reviews.iter().filter(|q| &q.set_id == set_id) {
            let pillar = text(&q.pillar_title);
            let question = text(&q.title);
            // The question row: not applicable, notes.
            let mut cells: Vec<(usize, String, bool)> = vec![
                (0, pillar.clone(), false),
                (1, q.question_id.clone(), false),
                (2, question.clone(), false),
                (
                    3,
                    clip(q.description.as_ref().map(text).unwrap_or_default()),
                    false,
                ),
                (
                    7,
                    if q.not_applicable.is_some() {
                        NOT_APPLICABLE.into()
                    } else {
                        String::new()
                    },
                    true,
                ),
                (8, q.notes.clone(), true),
                (9, risk_label(q.risk).into(), false),
                (
                    10,
                    q.not_applicable
                        .as_ref()
                        .map(|na| na_label(na.reason).to_string())
                        .unwrap_or_default(),
                    true,
                ),
                (
                    11,
                    q.not_applicable
                        .as_ref()
                        .map(|na| na.text.clone())
                        .unwrap_or_default(),
                    true,
                ),
                (13, q.fisc_refs.join(", "), false),
                (14, q.updated_by.clone().unwrap_or_default(), false),
                (15, q.updated_at.clone().unwrap_or_default(), false),
            ];
            write_row(ws, out, &f, r, &mut cells)?;
            number(ws, out, r, 12, q.evidence_count as f64, &f.body)?;
            r += 1;
            for choice in &q.choices {
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
                let mut cells: Vec<(usize, String, bool)> = vec![
                    (0, pillar.clone(), false),
                    (1, q.question_id.clone(), false),
                    (2, question.clone(), false),
                    (4, choice.id.clone(), false),
                    (5, text(&choice.title), false),
                    (6, clip(detail), false),
                    (7, response.to_string(), true),
                    (
                        10,
                        choice
                            .not_applicable_reason
                            .map(|r| na_label(r).to_string())
                            .unwrap_or_default(),
                        true,
                    ),
                    (
                        11,
                        choice.not_applicable_text.clone().unwrap_or_default(),
                        true,
                    ),
                    (13, choice.fisc_refs.join(", "), false),
                ];
                write_row(ws, out, &f, r, &mut cells)?;
                r += 1;
            }
        }
        let last_row = r - 1;
        setup_table(
            ws,
            out,
            header_row,
            last_row,
            REVIEW_FIELDS.len() as u16 - 1,
            2,
            &format!("{} ({set_id})", text(set.title())),
        )?;
        dropdown(ws, out, header_row + 1, last_row, 7, &responses, true)?;
        dropdown(ws, out, header_row + 1, last_row, 10, &reasons, true)?;
        summary.rows += (last_row - header_row) as usize;
        summary.sheets.push(name);
    }
    save(&mut book, out)?;
    Ok(summary)
}

fn write_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    out: &Path,
    f: &Formats,
    r: u32,
    cells: &mut [(usize, String, bool)],
) -> Result<()> {
    let mut lines = 1;
    for (c, value, input) in cells.iter() {
        put(
            ws,
            out,
            r,
            *c as u16,
            value,
            if *input { &f.input } else { &f.body },
        )?;
        let width = REVIEW_FIELDS.get(*c).map(|f| f.width).unwrap_or(10.0);
        lines = lines.max(wrapped_lines(value, width));
    }
    fit_row(ws, out, r, lines.min(30))
}

/// One answer the import would change, field by field.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerDiff {
    pub question_id: String,
    pub sheet: String,
    pub row: u32,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewImportReport {
    pub file: String,
    pub sha256: String,
    pub sheets: Vec<String>,
    pub rows: usize,
    pub changes: Vec<AnswerDiff>,
    pub applied: bool,
    pub dry_run: bool,
}

struct QuestionRows<'a> {
    sheet: String,
    question_row: Option<&'a TableRow>,
    first_row: u32,
    choices: Vec<(&'a TableRow, String)>,
}

fn problem_at(table: &Table, row: &TableRow, key: &str, message: String) -> Problem {
    let col = row.column_of(key).unwrap_or(0);
    Problem {
        sheet: table.sheet.clone(),
        row: row.number,
        column: column_letter(col as u32),
        header: table.header_of(col).to_string(),
        message,
    }
}

enum Response {
    Blank,
    Selected,
    NotApplicable,
}

fn parse_response(text: &str) -> Option<Response> {
    match text {
        "" => return Some(Response::Blank),
        SELECTED => return Some(Response::Selected),
        NOT_APPLICABLE => return Some(Response::NotApplicable),
        _ => {}
    }
    let n = normalize(text);
    if n.is_empty()
        || ["未選択", "なし", "notselected", "unselected", "false", "no"]
            .map(normalize)
            .contains(&n)
        || text.trim() == "-"
    {
        return Some(Response::Blank);
    }
    if n == normalize(SELECTED)
        || is_check_mark(text)
        || ["selected", "true", "x", "済"].contains(&n.as_str())
    {
        return Some(Response::Selected);
    }
    if n == normalize(NOT_APPLICABLE)
        || ["notapplicable", "n/a", "na", "該当なし", "対象外"]
            .map(normalize)
            .contains(&n)
    {
        return Some(Response::NotApplicable);
    }
    None
}

/// Reads a filled review sheet and applies its answers in one transaction (unless `dry_run`).
/// Any problem (unknown id, invalid response, an answer the rules refuse) is reported by sheet,
/// row and column, and then nothing is applied.
pub fn import_review(
    workbook: &mut Workbook,
    path: &Path,
    dry_run: bool,
    actor: &str,
) -> Result<ReviewImportReport> {
    let mut book = Book::open(path)?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let grid = book.grid_with(&name, false)?;
        if let Some(table) = read_table(&grid, REVIEW_FIELDS, "question_id")
            && table.has("response")
        {
            tables.push(table);
        }
    }
    if tables.is_empty() {
        return Err(XlsxError::NoHeader {
            path: path.to_path_buf(),
            sheet: book.sheet_names().join(", "),
            expected: "質問ID, 選択肢ID, 回答 (Question ID, Choice ID, Response)".into(),
        });
    }
    let questions: HashMap<&str, &hashira_core::question_set::Question> = workbook
        .question_sets()
        .iter()
        .flat_map(|set| set.questions().map(|(_, q)| (q.id.as_str(), q)))
        .collect();
    let mut problems = Vec::new();
    let mut by_question: BTreeMap<String, QuestionRows<'_>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut seen: HashMap<(String, String), (String, u32)> = HashMap::new();
    let mut rows = 0usize;
    for table in &tables {
        for row in &table.rows {
            rows += 1;
            let question_id = row.get("question_id").trim().to_string();
            let choice_id = row.get("choice_id").trim().to_string();
            if question_id.is_empty() {
                problems.push(problem_at(
                    table,
                    row,
                    "question_id",
                    "the question id is empty".into(),
                ));
                continue;
            }
            let question = match questions.get(question_id.as_str()) {
                Some(q) => *q,
                None => {
                    problems.push(problem_at(
                        table,
                        row,
                        "question_id",
                        format!("unknown question id '{question_id}'"),
                    ));
                    continue;
                }
            };
            if !choice_id.is_empty() && question.choice(&choice_id).is_none() {
                problems.push(problem_at(
                    table,
                    row,
                    "choice_id",
                    format!("question {question_id} has no choice '{choice_id}'"),
                ));
                continue;
            }
            if let Some((sheet, first)) = seen.insert(
                (question_id.clone(), choice_id.clone()),
                (table.sheet.clone(), row.number),
            ) {
                problems.push(problem_at(
                    table,
                    row,
                    if choice_id.is_empty() {
                        "question_id"
                    } else {
                        "choice_id"
                    },
                    format!("this row repeats sheet '{sheet}' row {first}"),
                ));
                continue;
            }
            let entry = by_question.entry(question_id.clone()).or_insert_with(|| {
                order.push(question_id.clone());
                QuestionRows {
                    sheet: table.sheet.clone(),
                    question_row: None,
                    first_row: row.number,
                    choices: Vec::new(),
                }
            });
            if choice_id.is_empty() {
                entry.question_row = Some(row);
            } else {
                entry.choices.push((row, choice_id));
            }
        }
    }
    // Build the changes.
    let table_of = |sheet: &str| tables.iter().find(|t| t.sheet == sheet);
    let stored = workbook.answers()?;
    let mut changes: Vec<(String, AnswerChange)> = Vec::new();
    let mut change_rows: Vec<(String, u32)> = Vec::new();
    for question_id in &order {
        let Some(rows) = by_question.get(question_id) else {
            continue;
        };
        let Some(table) = table_of(&rows.sheet) else {
            continue;
        };
        let current = stored.get(question_id).cloned().unwrap_or_default();
        let mut change = AnswerChange::default();
        if let Some(row) = rows.question_row {
            match parse_response(row.get("response")) {
                Some(Response::Blank) => change.not_applicable = Some(None),
                Some(Response::NotApplicable) => {
                    let reason_text = row.get("na_reason");
                    let reason = if reason_text.trim().is_empty() { Some(NotApplicableReason::Other) } else { parse_na_reason(reason_text) };
                    match reason {
                        Some(reason) => change.not_applicable = Some(Some(NotApplicable { reason, text: row.get("na_text").to_string() })),
                        None => problems.push(problem_at(table, row, "na_reason", format!("'{reason_text}' is not a reason (use {})", NotApplicableReason::ALL.map(na_label).join(" / ")))),
                    }
                }
                Some(Response::Selected) => problems.push(problem_at(table, row, "response", format!("a question row takes '{NOT_APPLICABLE}' or nothing; choose choices on their own rows"))),
                None => problems.push(problem_at(table, row, "response", format!("'{}' is not a response (use {SELECTED} / {NOT_APPLICABLE} / blank)", row.get("response")))),
            }
            if table.has("notes") {
                change.notes = Some(row.get("notes").to_string());
            }
        }
        if !rows.choices.is_empty() {
            let mut selected = current.selected_choices.clone();
            let mut na = current.choices_not_applicable.clone();
            for (row, choice_id) in &rows.choices {
                selected.retain(|c| c != choice_id);
                na.retain(|c| &c.choice_id != choice_id);
                match parse_response(row.get("response")) {
                    Some(Response::Blank) => {}
                    Some(Response::Selected) => selected.push(choice_id.clone()),
                    Some(Response::NotApplicable) => {
                        let reason_text = row.get("na_reason");
                        let reason = if reason_text.trim().is_empty() {
                            Some(NotApplicableReason::Other)
                        } else {
                            parse_na_reason(reason_text)
                        };
                        match reason {
                            Some(reason) => na.push(ChoiceNotApplicable {
                                choice_id: choice_id.clone(),
                                reason,
                                text: row.get("na_text").to_string(),
                            }),
                            None => problems.push(problem_at(
                                table,
                                row,
                                "na_reason",
                                format!(
                                    "'{reason_text}' is not a reason (use {})",
                                    NotApplicableReason::ALL.map(na_label).join(" / ")
                                ),
                            )),
                        }
                    }
                    None => problems.push(problem_at(
                        table,
                        row,
                        "response",
                        format!(
                            "'{}' is not a response (use {SELECTED} / {NOT_APPLICABLE} / blank)",
                            row.get("response")
                        ),
                    )),
                }
            }
            change.selected_choices = Some(selected);
            change.choices_not_applicable = Some(na);
        }
        changes.push((question_id.clone(), change));
        change_rows.push((
            rows.sheet.clone(),
            rows.question_row
                .map(|r| r.number)
                .unwrap_or(rows.first_row),
        ));
    }
    // The core's own rules (e.g. "None of these" with other choices).
    let plan = workbook.plan_answers(&changes)?;
    for (index, error) in &plan.rejected {
        let (sheet, row) = change_rows[*index].clone();
        let col = tables.iter().find(|t| t.sheet == sheet).and_then(|t| {
            t.columns
                .iter()
                .find(|(_, c, _)| matches!(c, crate::table::Column::Known("response")))
                .map(|(c, _, h)| (*c, h.clone()))
        });
        problems.push(Problem {
            sheet,
            row,
            column: col
                .as_ref()
                .map(|(c, _)| column_letter(*c as u32))
                .unwrap_or_default(),
            header: col.map(|(_, h)| h).unwrap_or_default(),
            message: error.to_string(),
        });
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (a.sheet.as_str(), a.row).cmp(&(b.sheet.as_str(), b.row)));
        return Err(XlsxError::Problems {
            path: path.to_path_buf(),
            problems,
        });
    }
    let diffs: Vec<AnswerDiff> = plan
        .updates
        .iter()
        .map(|u| {
            let (sheet, row) = order
                .iter()
                .position(|q| q == &u.question_id)
                .map(|i| change_rows[i].clone())
                .unwrap_or_default();
            let mut fields = Vec::new();
            let mut push = |field: &str, before: serde_json::Value, after: serde_json::Value| {
                if before != after {
                    fields.push(FieldChange {
                        field: field.into(),
                        before,
                        after,
                    });
                }
            };
            push(
                "selected_choices",
                json!(u.before.selected_choices),
                json!(u.after.selected_choices),
            );
            push(
                "choices_not_applicable",
                json!(u.before.choices_not_applicable),
                json!(u.after.choices_not_applicable),
            );
            push(
                "not_applicable",
                json!(u.before.not_applicable),
                json!(u.after.not_applicable),
            );
            push("notes", json!(u.before.notes), json!(u.after.notes));
            AnswerDiff {
                question_id: u.question_id.clone(),
                sheet,
                row,
                changes: fields,
            }
        })
        .collect();
    let mut report = ReviewImportReport {
        file: book.file_name.clone(),
        sha256: book.sha256.clone(),
        sheets: tables.iter().map(|t| t.sheet.clone()).collect(),
        rows,
        changes: diffs,
        applied: false,
        dry_run,
    };
    if !dry_run && !report.changes.is_empty() {
        workbook.save_answers_recorded(
            changes,
            actor,
            Some((
                "answers.import_xlsx",
                &report.file,
                json!({ "file": report.file, "sha256": report.sha256, "answers": report.changes.len() }),
            )),
        )?;
        report.applied = true;
    }
    Ok(report)
}
