//! Re-importing a filled review sheet: rows matched by question and choice id (so sorted,
//! filtered or re-ordered rows import), every problem collected with its sheet, row and column,
//! the core's answer rules checked, and only then one transaction.

use std::collections::HashMap;
use std::path::Path;

use hashira_core::Workbook;
use hashira_core::question_set::Question;
use hashira_core::workbook::{
    Answer, AnswerChange, AnswerPlan, ChoiceNotApplicable, NotApplicable, NotApplicableReason,
};
use serde::Serialize;
use serde_json::json;

use super::items::{ItemDiff, plan_items};
use super::{NOT_APPLICABLE, REVIEW_FIELDS, SELECTED, SUMMARY_SHEET, na_label, parse_na_reason};
use crate::error::{Problem, Result, XlsxError};
use crate::read::Book;
use crate::table::{Table, TableRow, read_table};
use crate::text::{column_letter, is_check_mark, normalize};

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
    /// The improvement items (sheet 改善計画) the import would change.
    pub items: Vec<ItemDiff>,
    /// What the preview showed, as one hash: the file's SHA-256, the workbook's audit head and
    /// every planned change. Given back as `expect_plan`, the apply is refused
    /// (`IMPORT_PLAN_CHANGED`) unless it would do exactly that to exactly that workbook.
    pub plan_sha256: String,
    pub applied: bool,
    pub dry_run: bool,
}

/// The rows of one question, wherever they stand.
struct QuestionRows<'a> {
    question_id: String,
    /// The table the question was first met in; its problems are reported there.
    table: &'a Table,
    question_row: Option<&'a TableRow>,
    first_row: u32,
    choices: Vec<(&'a TableRow, String)>,
}

impl QuestionRows<'_> {
    /// The row a problem or change of the whole answer points at.
    fn row_number(&self) -> u32 {
        self.question_row
            .map(|r| r.number)
            .unwrap_or(self.first_row)
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
        || ["notapplicable", "n/a", "na", "該当なし", "非該当"]
            .map(normalize)
            .contains(&n)
    {
        return Some(Response::NotApplicable);
    }
    None
}

/// The row's response, or the problem to report.
fn response_of(table: &Table, row: &TableRow) -> Result<Response, Problem> {
    parse_response(row.get("response")).ok_or_else(|| {
        table.problem(
            row,
            "response",
            format!(
                "'{}' is not a response (use {SELECTED} / {NOT_APPLICABLE} / blank)",
                row.get("response")
            ),
        )
    })
}

/// The reason of a not-applicable row (blank is "other"), or the problem to report.
fn reason_of(table: &Table, row: &TableRow) -> Result<NotApplicableReason, Problem> {
    let text = row.get("na_reason");
    if text.trim().is_empty() {
        return Ok(NotApplicableReason::Other);
    }
    parse_na_reason(text).ok_or_else(|| {
        table.problem(
            row,
            "na_reason",
            format!(
                "'{text}' is not a reason (use {})",
                NotApplicableReason::ALL.map(na_label).join(" / ")
            ),
        )
    })
}

/// Every sheet with a question-id and a response column; the others (the summary) are skipped.
fn answer_tables(book: &mut Book, path: &Path) -> Result<Vec<Table>> {
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        // Hyperlinks are not read: nothing in an answer sheet uses them.
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
    Ok(tables)
}

/// The label the export writes beside the workbook's id on its summary sheet.
const WORKBOOK_ID_LABEL: &str = "ワークブックID";

/// A file exported from another workbook is refused at the summary's workbook-id cell: its
/// answers belong to another review (a copy, an older file of another workload), and applying
/// them silently would mix two reviews. A sheet without a summary or without the id (made by
/// hand, or the cell cleared on purpose) is not checked.
fn other_workbook(book: &mut Book, workbook: &Workbook) -> Result<Option<Problem>> {
    if !book.sheet_names().iter().any(|n| n == SUMMARY_SHEET) {
        return Ok(None);
    }
    let grid = book.grid_with(SUMMARY_SHEET, false)?;
    let label = normalize(WORKBOOK_ID_LABEL);
    for (r, row) in grid.cells.iter().enumerate().take(40) {
        let Some(c) = row.iter().position(|cell| normalize(cell) == label) else {
            continue;
        };
        let id = grid.cell(r, c + 1).trim();
        if id.is_empty() || id == workbook.id() {
            return Ok(None);
        }
        return Ok(Some(Problem {
            sheet: SUMMARY_SHEET.to_string(),
            row: r as u32 + 1,
            column: column_letter(c as u32 + 1),
            header: WORKBOOK_ID_LABEL.to_string(),
            message: format!(
                "this file was exported from another workbook ({id}), not this one ({}); \
                 clear this cell to import its answers anyway",
                workbook.id()
            ),
        }));
    }
    Ok(None)
}

/// A file exported as of a milestone is refused at the summary's milestone cell: its answers
/// are the review as it was then, and importing them would silently put back every answer
/// changed since. A reviewer who means to restore them clears the cell (and reads the dry run,
/// which lists every answer that would go back).
fn milestone_export(book: &mut Book) -> Result<Option<Problem>> {
    if !book.sheet_names().iter().any(|n| n == SUMMARY_SHEET) {
        return Ok(None);
    }
    let grid = book.grid_with(SUMMARY_SHEET, false)?;
    let label = normalize(super::MILESTONE_LABEL);
    for (r, row) in grid.cells.iter().enumerate().take(40) {
        let Some(c) = row.iter().position(|cell| normalize(cell) == label) else {
            continue;
        };
        let as_of = grid.cell(r, c + 1).trim();
        if as_of.is_empty() {
            return Ok(None);
        }
        return Ok(Some(Problem {
            sheet: SUMMARY_SHEET.to_string(),
            row: r as u32 + 1,
            column: column_letter(c as u32 + 1),
            header: super::MILESTONE_LABEL.to_string(),
            message: format!(
                "this file is the review as of milestone {as_of}, not the review now: importing \
                 it would put back the answers of then over every change made since; to restore \
                 them on purpose, clear this cell and check the dry run first"
            ),
        }));
    }
    Ok(None)
}

/// The rows grouped by question, in the order questions are first met; a row with an unknown
/// or repeated id is a problem and left out.
fn group_rows<'a>(
    tables: &'a [Table],
    questions: &HashMap<&str, &Question>,
    problems: &mut Vec<Problem>,
) -> Vec<QuestionRows<'a>> {
    let mut grouped: Vec<QuestionRows<'a>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<(String, String), (String, u32)> = HashMap::new();
    for table in tables {
        for row in &table.rows {
            let question_id = row.get("question_id").trim().to_string();
            let choice_id = row.get("choice_id").trim().to_string();
            if question_id.is_empty() {
                let message = "the question id is empty".into();
                problems.push(table.problem(row, "question_id", message));
                continue;
            }
            let Some(question) = questions.get(question_id.as_str()) else {
                let message = format!("unknown question id '{question_id}'");
                problems.push(table.problem(row, "question_id", message));
                continue;
            };
            if !choice_id.is_empty() && question.choice(&choice_id).is_none() {
                let message = format!("question {question_id} has no choice '{choice_id}'");
                problems.push(table.problem(row, "choice_id", message));
                continue;
            }
            if let Some((sheet, first)) = seen.insert(
                (question_id.clone(), choice_id.clone()),
                (table.sheet.clone(), row.number),
            ) {
                let key = if choice_id.is_empty() {
                    "question_id"
                } else {
                    "choice_id"
                };
                let message = format!("this row repeats sheet '{sheet}' row {first}");
                problems.push(table.problem(row, key, message));
                continue;
            }
            let at = *index.entry(question_id.clone()).or_insert_with(|| {
                grouped.push(QuestionRows {
                    question_id,
                    table,
                    question_row: None,
                    first_row: row.number,
                    choices: Vec::new(),
                });
                grouped.len() - 1
            });
            let entry = &mut grouped[at];
            if choice_id.is_empty() {
                entry.question_row = Some(row);
            } else {
                entry.choices.push((row, choice_id));
            }
        }
    }
    grouped
}

/// The change a question's rows ask for: its own row sets not-applicable and notes, its choice
/// rows set their choices over the stored answer (choices without a row keep their state).
fn change_of(
    rows: &QuestionRows<'_>,
    stored: Option<&Answer>,
    problems: &mut Vec<Problem>,
) -> AnswerChange {
    let table = rows.table;
    let mut change = AnswerChange::default();
    if let Some(row) = rows.question_row {
        match response_of(table, row) {
            Ok(Response::Blank) => change.not_applicable = Some(None),
            Ok(Response::NotApplicable) => match reason_of(table, row) {
                Ok(reason) => {
                    let text = row.get("na_text").to_string();
                    change.not_applicable = Some(Some(NotApplicable { reason, text }));
                }
                Err(problem) => problems.push(problem),
            },
            Ok(Response::Selected) => problems.push(table.problem(
                row,
                "response",
                format!(
                    "a question row takes '{NOT_APPLICABLE}' or nothing; choose choices on \
                     their own rows"
                ),
            )),
            Err(problem) => problems.push(problem),
        }
        if table.has("notes") {
            change.notes = Some(row.get("notes").to_string());
        }
    }
    if !rows.choices.is_empty() {
        let current = stored.cloned().unwrap_or_default();
        let mut selected = current.selected_choices;
        let mut na = current.choices_not_applicable;
        for (row, choice_id) in &rows.choices {
            selected.retain(|c| c != choice_id);
            na.retain(|c| &c.choice_id != choice_id);
            match response_of(table, row) {
                Ok(Response::Blank) => {}
                Ok(Response::Selected) => selected.push(choice_id.clone()),
                Ok(Response::NotApplicable) => match reason_of(table, row) {
                    Ok(reason) => na.push(ChoiceNotApplicable {
                        choice_id: choice_id.clone(),
                        reason,
                        text: row.get("na_text").to_string(),
                    }),
                    Err(problem) => problems.push(problem),
                },
                Err(problem) => problems.push(problem),
            }
        }
        change.selected_choices = Some(selected);
        change.choices_not_applicable = Some(na);
    }
    change
}

/// What the core's own rules refuse (e.g. "None of these" with other choices), at the
/// question's row and response column.
fn rejections(plan: &AnswerPlan, grouped: &[QuestionRows<'_>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (index, error) in &plan.rejected {
        let Some(rows) = grouped.get(*index) else {
            continue;
        };
        let column = rows.table.column("response");
        problems.push(Problem {
            sheet: rows.table.sheet.clone(),
            row: rows.row_number(),
            column: column.map(|c| column_letter(c as u32)).unwrap_or_default(),
            header: column
                .map(|c| rows.table.header_of(c).to_string())
                .unwrap_or_default(),
            message: error.to_string(),
        });
    }
    problems
}

/// The answer fields a sheet can change, by their serialised names in `Answer`.
const DIFF_FIELDS: [&str; 4] = [
    "selected_choices",
    "choices_not_applicable",
    "not_applicable",
    "notes",
];

fn diffs(plan: &AnswerPlan, grouped: &[QuestionRows<'_>]) -> Vec<AnswerDiff> {
    plan.updates
        .iter()
        .map(|u| {
            let (sheet, row) = grouped
                .iter()
                .find(|q| q.question_id == u.question_id)
                .map(|q| (q.table.sheet.clone(), q.row_number()))
                .unwrap_or_default();
            let (before, after) = (json!(u.before), json!(u.after));
            let fields = DIFF_FIELDS
                .iter()
                .filter(|field| before[**field] != after[**field])
                .map(|field| FieldChange {
                    field: field.to_string(),
                    before: before[*field].clone(),
                    after: after[*field].clone(),
                })
                .collect();
            AnswerDiff {
                question_id: u.question_id.clone(),
                sheet,
                row,
                changes: fields,
            }
        })
        .collect()
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
    import_review_expecting(workbook, path, dry_run, None, actor)
}

/// The fingerprint of a plan: the file read, the workbook's last audit entry (any change to
/// the workbook since moves it) and the changes listed.
fn plan_fingerprint(
    workbook: &Workbook,
    file_sha256: &str,
    changes: &[AnswerDiff],
    items: &[ItemDiff],
) -> Result<String> {
    let head = workbook.audit_head()?;
    let mut plan = json!({
        "workbook": workbook.id(),
        "audit_head": head,
        "file_sha256": file_sha256,
        "changes": changes,
    });
    if !items.is_empty() {
        plan["items"] = json!(items);
    }
    Ok(hashira_core::hashing::sha256_hex(
        plan.to_string().as_bytes(),
    ))
}

/// [`import_review`] that applies only the plan a preview showed: with `expect_plan` (the
/// preview's `plan_sha256`), a file or workbook changed since is refused and nothing applied.
pub fn import_review_expecting(
    workbook: &mut Workbook,
    path: &Path,
    dry_run: bool,
    expect_plan: Option<&str>,
    actor: &str,
) -> Result<ReviewImportReport> {
    let mut book = Book::open(path)?;
    let tables = answer_tables(&mut book, path)?;
    let questions: HashMap<&str, &Question> = workbook
        .question_sets()
        .iter()
        .flat_map(|set| set.questions().map(|(_, q)| (q.key(), q)))
        .collect();
    let mut problems: Vec<Problem> = other_workbook(&mut book, workbook)?.into_iter().collect();
    problems.extend(milestone_export(&mut book)?);
    let grouped = group_rows(&tables, &questions, &mut problems);
    let stored = workbook.answers()?;
    let changes: Vec<(String, AnswerChange)> = grouped
        .iter()
        .map(|rows| {
            let change = change_of(rows, stored.get(&rows.question_id), &mut problems);
            (rows.question_id.clone(), change)
        })
        .collect();
    let plan = workbook.plan_answers(&changes)?;
    problems.extend(rejections(&plan, &grouped));
    let item_import = plan_items(&mut book, workbook, &mut problems)?;
    if !problems.is_empty() {
        problems.sort_by(|a, b| (a.sheet.as_str(), a.row).cmp(&(b.sheet.as_str(), b.row)));
        return Err(XlsxError::Problems {
            path: path.to_path_buf(),
            problems,
        });
    }
    let mut report = ReviewImportReport {
        file: book.file_name.clone(),
        sha256: book.sha256.clone(),
        sheets: tables.iter().map(|t| t.sheet.clone()).collect(),
        rows: tables.iter().map(|t| t.rows.len()).sum(),
        changes: diffs(&plan, &grouped),
        items: item_import.diffs,
        plan_sha256: String::new(),
        applied: false,
        dry_run,
    };
    report.plan_sha256 =
        plan_fingerprint(workbook, &report.sha256, &report.changes, &report.items)?;
    if let Some(expected) = expect_plan
        && expected != report.plan_sha256
    {
        return Err(hashira_core::Error::ImportPlanChanged {
            path: path.to_path_buf(),
        }
        .into());
    }
    if !dry_run && (!report.changes.is_empty() || !report.items.is_empty()) {
        let mut batch = json!({ "file": report.file, "sha256": report.sha256, "answers": report.changes.len() });
        if !report.items.is_empty() {
            batch["items"] = json!(report.items.len());
        }
        // Answers and improvement items in one transaction: all of them or nothing.
        let batch = (
            hashira_core::history::action::ANSWERS_IMPORT_XLSX,
            report.file.as_str(),
            batch,
        );
        workbook.save_answers_and_items(changes, &item_import.edits, actor, batch)?;
        report.applied = true;
    }
    Ok(report)
}
