//! `aws wellarchitected get-answer` / `list-answers` output back into a workbook: every file
//! read and checked first (unknown ids by file and JSON path, invalid JSON by line and column,
//! files over [`MAX_IMPORT_BYTES`] refused), then one transaction through the core's batch
//! answer API ([`Workbook::save_answers_recorded`]) with one audit entry for the import.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};

use super::{
    ImportProblem, MAX_IMPORT_BYTES, NA_TEXT_MARKER, TRUNCATED_MARKER, WaResult, WaToolError,
    find_choice, find_question,
};
use crate::error::Error;
use crate::question_set::{Question, QuestionSet};
use crate::workbook::{
    Answer, AnswerChange, ChoiceNotApplicable, NotApplicable, NotApplicableReason, Workbook,
};

/// One answer the import changes (or would, in a dry run): the file it came from.
#[derive(Debug, Clone, Serialize)]
pub struct ImportChange {
    pub file: String,
    pub question_id: String,
    pub before: Answer,
    pub after: Answer,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub set_id: String,
    pub files: Vec<String>,
    /// Answers read from the files (one per question entry).
    pub answers_read: usize,
    pub changes: Vec<ImportChange>,
    /// SHA-256 of the plan: the workbook id, its audit head, every file's SHA-256 and every
    /// change. An apply passed this back (`expect_plan`) applies only what the preview showed.
    pub plan_sha256: String,
    pub dry_run: bool,
    pub applied: bool,
}

/// Imports the file or folder of files at `path` into the set `set_id` of `workbook`. With
/// `expect_plan` (a preview's `plan_sha256`), a file or workbook changed since the preview is
/// refused ([`Error::ImportPlanChanged`]) and nothing applied.
pub fn import_wa_tool(
    workbook: &mut Workbook,
    set_id: &str,
    path: &Path,
    dry_run: bool,
    expect_plan: Option<&str>,
    actor: &str,
) -> WaResult<ImportOutcome> {
    let files = input_files(path)?;
    let stored = workbook.answers()?;
    let set = workbook.question_set(set_id)?.clone();
    let mut problems = Vec::new();
    let mut changes: Vec<(String, AnswerChange)> = Vec::new();
    let mut origins: Vec<(String, String)> = Vec::new();
    let mut hashes = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let Some((bytes, value)) = read_json(file, &name, &mut problems)? else {
            continue;
        };
        hashes.push(json!({ "file": name, "sha256": crate::hashing::sha256_hex(&bytes) }));
        let entries: Vec<(String, &Value)> = match (
            value.get("Answer"),
            value.get("AnswerSummaries"),
        ) {
            (Some(answer), _) => vec![("Answer".to_string(), answer)],
            (None, Some(Value::Array(items))) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("AnswerSummaries[{i}]"), item))
                .collect(),
            _ => {
                problems.push(problem(
                    &name,
                    "",
                    "not the output of get-answer ({\"Answer\": …}) or list-answers ({\"AnswerSummaries\": […]})",
                ));
                continue;
            }
        };
        for (base, entry) in entries {
            let mut reader = EntryReader {
                set: &set,
                file: &name,
                base: &base,
                problems: &mut problems,
            };
            if let Some(change) = reader.change(entry, &stored) {
                // A question given twice (two exports mixed, an old and a new) is not guessed
                // between: both places are named.
                let earlier = changes.iter().position(|(key, _)| *key == change.0);
                if let Some((file, at)) = earlier.and_then(|index| origins.get(index)) {
                    let message = format!(
                        "question {} is also answered at {file}: {at}; each question may come once",
                        change.0
                    );
                    problems.push(problem(&name, &format!("{base}.QuestionId"), &message));
                    continue;
                }
                changes.push(change);
                origins.push((name.clone(), base));
            }
        }
    }
    if !problems.is_empty() {
        return Err(WaToolError::Problems { problems });
    }
    let plan = workbook.plan_answers(&changes)?;
    if !plan.rejected.is_empty() {
        let problems = plan
            .rejected
            .iter()
            .map(|(index, error)| {
                let (file, base) = origins.get(*index).cloned().unwrap_or_default();
                problem(&file, &base, &error.to_string())
            })
            .collect();
        return Err(WaToolError::Problems { problems });
    }
    let mut first_file: HashMap<&str, &str> = HashMap::new();
    for ((question_id, _), (file, _)) in changes.iter().zip(&origins) {
        first_file
            .entry(question_id.as_str())
            .or_insert(file.as_str());
    }
    let outcome_changes: Vec<ImportChange> = plan
        .updates
        .iter()
        .map(|u| ImportChange {
            file: first_file
                .get(u.question_id.as_str())
                .map(|f| f.to_string())
                .unwrap_or_default(),
            question_id: u.question_id.clone(),
            before: u.before.clone(),
            after: u.after.clone(),
        })
        .collect();
    let mut outcome = ImportOutcome {
        set_id: set.id().to_string(),
        files: files.iter().map(|f| f.display().to_string()).collect(),
        answers_read: changes.len(),
        changes: outcome_changes,
        plan_sha256: String::new(),
        dry_run,
        applied: false,
    };
    outcome.plan_sha256 = plan_fingerprint(workbook, &hashes, &outcome.changes)?;
    if let Some(expected) = expect_plan
        && expected != outcome.plan_sha256
    {
        return Err(Error::ImportPlanChanged {
            path: path.to_path_buf(),
        }
        .into());
    }
    if !dry_run && !outcome.changes.is_empty() {
        let target = path.display().to_string();
        workbook.save_answers_recorded(
            changes,
            actor,
            Some((
                crate::history::action::ANSWERS_IMPORT_WA_TOOL,
                &target,
                json!({ "path": target, "files": hashes, "answers": outcome.changes.len() }),
            )),
        )?;
        outcome.applied = true;
    }
    Ok(outcome)
}

/// The fingerprint of what an import would apply: the same files into the same workbook state
/// give the same fingerprint; any changed file or workbook change since gives another.
fn plan_fingerprint(
    workbook: &Workbook,
    files: &[Value],
    changes: &[ImportChange],
) -> WaResult<String> {
    let plan = json!({
        "workbook": workbook.id(),
        "audit_head": workbook.audit_head()?,
        "files": files,
        "changes": changes,
    });
    Ok(crate::hashing::sha256_hex(plan.to_string().as_bytes()))
}

fn problem(file: &str, path: &str, message: &str) -> ImportProblem {
    ImportProblem {
        file: file.to_string(),
        path: path.to_string(),
        message: message.to_string(),
    }
}

/// `path` itself, or the `*.json` files of the folder `path` in name order.
fn input_files(path: &Path) -> WaResult<Vec<PathBuf>> {
    let io = |source| Error::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let file = entry.map_err(io)?.path();
        if file.is_file() && file.extension().is_some_and(|e| e == "json") {
            files.push(file);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(WaToolError::Problems {
            problems: vec![problem(
                &path.display().to_string(),
                "",
                "the folder holds no .json file",
            )],
        });
    }
    Ok(files)
}

/// The file's bytes and JSON, or `None` with a problem recorded (too big, not JSON).
fn read_json(
    file: &Path,
    name: &str,
    problems: &mut Vec<ImportProblem>,
) -> WaResult<Option<(Vec<u8>, Value)>> {
    let io = |source| Error::Io {
        action: "cannot read",
        path: file.to_path_buf(),
        source,
    };
    let handle = std::fs::File::open(file).map_err(io)?;
    let mut bytes = Vec::new();
    // `take`: a file that grows (or a device) is read no further than the limit.
    handle
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        problems.push(problem(
            name,
            "",
            &format!("the file is over the limit of {MAX_IMPORT_BYTES} bytes; refused unread"),
        ));
        return Ok(None);
    }
    let text = match super::encoding::json_text(&bytes) {
        Ok(text) => text,
        Err(reason) => {
            problems.push(problem(name, "", &reason));
            return Ok(None);
        }
    };
    match serde_json::from_slice::<Value>(&text) {
        Ok(value) => Ok(Some((bytes, value))),
        Err(e) => {
            problems.push(problem(
                name,
                "",
                &format!(
                    "invalid JSON at line {}, column {}: {}",
                    e.line(),
                    e.column(),
                    crate::lens::check::json_reason(&e)
                ),
            ));
            Ok(None)
        }
    }
}

struct EntryReader<'a> {
    set: &'a QuestionSet,
    file: &'a str,
    base: &'a str,
    problems: &'a mut Vec<ImportProblem>,
}

impl EntryReader<'_> {
    fn fail(&mut self, field: &str, message: String) {
        let path = if field.is_empty() {
            self.base.to_string()
        } else {
            format!("{}.{field}", self.base)
        };
        self.problems.push(problem(self.file, &path, &message));
    }

    fn reason(&mut self, field: &str, value: Option<&Value>) -> NotApplicableReason {
        match value {
            None | Some(Value::Null) => NotApplicableReason::Other,
            // The WA Tool's NONE: no reason given; Hashira records every N/A with one.
            Some(Value::String(text)) if text == "NONE" => NotApplicableReason::Other,
            Some(Value::String(text)) => match NotApplicableReason::parse(text) {
                Some(reason) if text == reason.as_str() => reason,
                _ => {
                    self.fail(field, format!("'{text}' is not a WA Tool reason (OUT_OF_SCOPE, BUSINESS_PRIORITIES, ARCHITECTURE_CONSTRAINTS, OTHER, NONE)"));
                    NotApplicableReason::Other
                }
            },
            Some(other) => {
                self.fail(field, format!("expected a string, found {other}"));
                NotApplicableReason::Other
            }
        }
    }

    fn choice_id(&mut self, question: &Question, field: &str, value: &Value) -> Option<String> {
        let Some(id) = value.as_str() else {
            self.fail(field, format!("expected a choice id, found {value}"));
            return None;
        };
        match find_choice(question, id) {
            Some(choice) => Some(choice.id.clone()),
            None => {
                self.fail(
                    field,
                    format!("unknown choice '{id}' of question {}", question.id),
                );
                None
            }
        }
    }

    /// The entry as a change of its question, or `None` with its problems recorded.
    fn change(
        &mut self,
        entry: &Value,
        stored: &HashMap<String, Answer>,
    ) -> Option<(String, AnswerChange)> {
        let before = self.problems.len();
        if !entry.is_object() {
            self.fail("", format!("expected an answer object, found {entry}"));
            return None;
        }
        let question = match entry.get("QuestionId") {
            Some(Value::String(id)) => match find_question(self.set, id) {
                Some(question) => question,
                None => {
                    self.fail(
                        "QuestionId",
                        format!("unknown question '{id}' in set {}", self.set.id()),
                    );
                    return None;
                }
            },
            other => {
                self.fail(
                    "QuestionId",
                    format!(
                        "expected a question id, found {}",
                        other.unwrap_or(&Value::Null)
                    ),
                );
                return None;
            }
        };
        let current = stored.get(question.key());
        let mut change = AnswerChange::default();
        match entry.get("SelectedChoices") {
            None => {}
            Some(Value::Array(items)) => {
                let mut selected = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if let Some(id) =
                        self.choice_id(question, &format!("SelectedChoices[{i}]"), item)
                    {
                        selected.push(id);
                    }
                }
                change.selected_choices = Some(selected);
            }
            Some(other) => self.fail(
                "SelectedChoices",
                format!("expected an array, found {other}"),
            ),
        }
        let (field, choice_answers) = match (
            entry.get("ChoiceAnswers"),
            entry.get("ChoiceAnswerSummaries"),
        ) {
            (Some(v), _) => ("ChoiceAnswers", Some(v)),
            (None, Some(v)) => ("ChoiceAnswerSummaries", Some(v)),
            (None, None) => ("", None),
        };
        match choice_answers {
            None => {}
            Some(Value::Array(items)) => {
                let mut marked = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{field}[{i}]");
                    let Some(choice_id) = self.choice_id(
                        question,
                        &format!("{at}.ChoiceId"),
                        item.get("ChoiceId").unwrap_or(&Value::Null),
                    ) else {
                        continue;
                    };
                    match item.get("Status").and_then(Value::as_str) {
                        Some("SELECTED") | Some("UNSELECTED") => {}
                        Some("NOT_APPLICABLE") => {
                            let reason = self.reason(&format!("{at}.Reason"), item.get("Reason"));
                            let stored = current
                                .and_then(|a| {
                                    a.choices_not_applicable
                                        .iter()
                                        .find(|c| c.choice_id == choice_id)
                                })
                                .map(|c| c.text.as_str())
                                .unwrap_or("");
                            // list-answers carries no choice notes: the stored text stays.
                            let text = match item.get("Notes").and_then(Value::as_str) {
                                Some(notes) => keep_full(notes.to_string(), stored),
                                None => stored.to_string(),
                            };
                            marked.push(ChoiceNotApplicable {
                                choice_id,
                                reason,
                                text,
                            });
                        }
                        _ => self.fail(
                            &format!("{at}.Status"),
                            format!(
                                "expected SELECTED, NOT_APPLICABLE or UNSELECTED, found {}",
                                item.get("Status").unwrap_or(&Value::Null)
                            ),
                        ),
                    }
                }
                change.choices_not_applicable = Some(marked);
            }
            Some(other) => self.fail(field, format!("expected an array, found {other}")),
        }
        let (notes, na_text) = match entry.get("Notes") {
            None | Some(Value::Null) => (None, None),
            Some(Value::String(text)) => {
                let (notes, na_text) = split_na_text(text);
                (Some(keep_full_notes(notes, current)), na_text)
            }
            Some(other) => {
                self.fail("Notes", format!("expected a string, found {other}"));
                (None, None)
            }
        };
        change.notes = notes;
        match entry.get("IsApplicable") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(true)) => change.not_applicable = Some(None),
            Some(Value::Bool(false)) => {
                let reason = self.reason("Reason", entry.get("Reason"));
                // list-answers carries no notes: the stored N/A text stays.
                let text = na_text.unwrap_or_else(|| {
                    current
                        .and_then(|a| a.not_applicable.as_ref())
                        .map(|na| na.text.clone())
                        .unwrap_or_default()
                });
                change.not_applicable = Some(Some(NotApplicable { reason, text }));
            }
            Some(other) => self.fail(
                "IsApplicable",
                format!("expected true or false, found {other}"),
            ),
        }
        (self.problems.len() == before).then(|| (question.key().to_string(), change))
    }
}

/// The notes without the line that carries the question's N/A text, and that text.
fn split_na_text(text: &str) -> (String, Option<String>) {
    let at = if text.starts_with(NA_TEXT_MARKER) {
        Some(0)
    } else {
        text.rfind(&format!("\n\n{NA_TEXT_MARKER}")).map(|i| i + 2)
    };
    match at {
        Some(i) => (
            text[..i].trim_end_matches('\n').to_string(),
            Some(text[i + NA_TEXT_MARKER.len()..].to_string()),
        ),
        None => (text.to_string(), None),
    }
}

/// Notes the export cut (ending in [`TRUNCATED_MARKER`]) whose kept part still starts the
/// workbook's notes: the workbook's full text, not the cut one.
fn keep_full_notes(notes: String, current: Option<&Answer>) -> String {
    match current {
        Some(answer) => keep_full(notes, &answer.notes),
        None => notes,
    }
}

/// `text`, or `stored` when `text` is `stored` as the export cut it.
fn keep_full(text: String, stored: &str) -> String {
    match text.strip_suffix(TRUNCATED_MARKER) {
        Some(kept) if stored.starts_with(kept) => stored.to_string(),
        _ => text,
    }
}

#[cfg(test)]
pub(super) fn split_na_text_for_test(text: &str) -> (String, Option<String>) {
    split_na_text(text)
}

#[cfg(test)]
pub(super) fn keep_full_notes_for_test(notes: String, current: Option<&Answer>) -> String {
    keep_full_notes(notes, current)
}
