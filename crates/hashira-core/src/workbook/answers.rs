//! Answers: selected choices (or "None of these"), the question or single choices marked not
//! applicable with a reason, notes, and who answered when.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{DbResult, Workbook, Write};
use crate::error::{Error, Result};
use crate::question_set::Question;

/// Why a question or choice does not apply (the AWS Well-Architected Tool's reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotApplicableReason {
    OutOfScope,
    BusinessPriorities,
    ArchitectureConstraints,
    Other,
}

impl NotApplicableReason {
    pub const ALL: [NotApplicableReason; 4] = [
        NotApplicableReason::OutOfScope,
        NotApplicableReason::BusinessPriorities,
        NotApplicableReason::ArchitectureConstraints,
        NotApplicableReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotApplicableReason::OutOfScope => "OUT_OF_SCOPE",
            NotApplicableReason::BusinessPriorities => "BUSINESS_PRIORITIES",
            NotApplicableReason::ArchitectureConstraints => "ARCHITECTURE_CONSTRAINTS",
            NotApplicableReason::Other => "OTHER",
        }
    }

    /// Accepts `OUT_OF_SCOPE`, `out-of-scope` and `out_of_scope`.
    pub fn parse(text: &str) -> Option<NotApplicableReason> {
        let normal = text.trim().to_ascii_uppercase().replace('-', "_");
        NotApplicableReason::ALL
            .into_iter()
            .find(|r| r.as_str() == normal)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotApplicable {
    pub reason: NotApplicableReason,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChoiceNotApplicable {
    pub choice_id: String,
    pub reason: NotApplicableReason,
    #[serde(default)]
    pub text: String,
}

/// The stored answer to one question. An unanswered question has an empty `Answer`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answer {
    pub question_id: String,
    /// Selected choice ids in the question's order; `["SEC1_no"]` when "None of these".
    pub selected_choices: Vec<String>,
    pub choices_not_applicable: Vec<ChoiceNotApplicable>,
    pub not_applicable: Option<NotApplicable>,
    pub notes: String,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

impl Answer {
    pub(super) fn empty(question_id: &str) -> Answer {
        Answer {
            question_id: question_id.to_string(),
            ..Answer::default()
        }
    }

    /// Answered means: marked not applicable, or at least one choice (or "None of these") selected.
    pub fn is_answered(&self) -> bool {
        self.not_applicable.is_some() || !self.selected_choices.is_empty()
    }

    /// The answer's content as audited (who and when are the audit entry's own fields).
    fn audit_value(&self) -> serde_json::Value {
        json!({
            "selected_choices": self.selected_choices,
            "choices_not_applicable": self.choices_not_applicable,
            "not_applicable": self.not_applicable,
            "notes": self.notes,
        })
    }

    pub(super) fn same_content(&self, other: &Answer) -> bool {
        self.selected_choices == other.selected_choices
            && self.choices_not_applicable == other.choices_not_applicable
            && self.not_applicable == other.not_applicable
            && self.notes == other.notes
    }

    /// Its choices in `question`'s order (the tables keep none of their own).
    pub(super) fn in_order_of(&mut self, question: &Question) {
        let position = |id: &str| question.choices.iter().position(|c| c.id == id);
        self.selected_choices.sort_by_key(|id| position(id));
        self.choices_not_applicable
            .sort_by_key(|na| position(&na.choice_id));
    }
}

/// A change to an answer. Each `Some` part replaces that part; `None` leaves it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnswerChange {
    /// Replaces the selection. Include the question's `_no` choice for "None of these".
    #[serde(default)]
    pub selected_choices: Option<Vec<String>>,
    /// Replaces the list of choices marked not applicable.
    #[serde(default)]
    pub choices_not_applicable: Option<Vec<ChoiceNotApplicable>>,
    /// `Some(None)` makes the question applicable again.
    #[serde(default)]
    pub not_applicable: Option<Option<NotApplicable>>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Notes are long Japanese text; this cap only guards the file against accidents (pasting a
/// whole log), far above any real note.
const NOTES_LIMIT_CHARS: usize = 1_000_000;

/// `current` with `change` applied, checked against the question's choices.
pub(super) fn apply(question: &Question, current: &Answer, change: AnswerChange) -> Result<Answer> {
    let invalid = |message: String| Error::InvalidAnswer {
        question_id: question.key().to_string(),
        message,
    };
    let known = |choice_id: &str| -> Result<usize> {
        question
            .choices
            .iter()
            .position(|c| c.id == choice_id)
            .ok_or_else(|| crate::question_set::lookup::choice_not_found(question, choice_id))
    };
    let mut next = current.clone();
    if let Some(selected) = change.selected_choices {
        let mut positions = Vec::new();
        for id in &selected {
            let position = known(id)?;
            if !positions.contains(&position) {
                positions.push(position);
            }
        }
        positions.sort_unstable();
        let none_selected = positions.iter().any(|p| question.choices[*p].none_of_these);
        if none_selected && positions.len() > 1 {
            return Err(invalid(
                "\"None of these\" cannot be selected together with other choices".into(),
            ));
        }
        next.selected_choices = positions
            .iter()
            .map(|p| question.choices[*p].id.clone())
            .collect();
    }
    if let Some(mut marked) = change.choices_not_applicable {
        for item in &marked {
            let position = known(&item.choice_id)?;
            if question.choices[position].none_of_these {
                return Err(invalid(
                    "\"None of these\" cannot be marked not applicable".into(),
                ));
            }
        }
        marked.sort_by_key(|item| question.choices.iter().position(|c| c.id == item.choice_id));
        marked.dedup_by(|a, b| a.choice_id == b.choice_id);
        next.choices_not_applicable = marked;
    }
    if let Some(not_applicable) = change.not_applicable {
        next.not_applicable = not_applicable;
    }
    if let Some(notes) = change.notes {
        if notes.chars().count() > NOTES_LIMIT_CHARS {
            return Err(invalid(format!(
                "the notes are longer than {NOTES_LIMIT_CHARS} characters"
            )));
        }
        next.notes = notes;
    }
    if let Some(clash) = next
        .choices_not_applicable
        .iter()
        .find(|item| next.selected_choices.contains(&item.choice_id))
    {
        return Err(invalid(format!(
            "choice {} cannot be both selected and not applicable",
            clash.choice_id
        )));
    }
    Ok(next)
}

impl Workbook {
    /// All stored answers by question id (questions never answered are absent).
    pub fn answers(&self) -> Result<HashMap<String, Answer>> {
        self.load_answers(None, true)
    }

    /// Stored answers, all of them or only the one for `only`. Without `texts`, notes are left
    /// empty: risk does not need them, and skipping them keeps the risk summary of a large
    /// workbook fast. The not-applicable text is always read: the figures count a question
    /// marked not applicable without one (`not_applicable_without_reason`).
    pub(crate) fn load_answers(
        &self,
        only: Option<&str>,
        texts: bool,
    ) -> Result<HashMap<String, Answer>> {
        let mut answers = read_answers(self.conn(), self.path(), only, texts)?;
        // Choices are reported in the question's order (the table has no order of its own).
        for answer in answers.values_mut() {
            if let Ok((_, _, question)) = self.find_question(&answer.question_id) {
                answer.in_order_of(question);
            }
        }
        Ok(answers)
    }

    /// The answer to one question (empty if never answered).
    pub fn answer(&self, question_id: &str) -> Result<Answer> {
        self.find_question(question_id)?;
        Ok(self
            .load_answers(Some(question_id), true)?
            .remove(question_id)
            .unwrap_or_else(|| Answer::empty(question_id)))
    }

    /// Applies `change` to the question's answer in one transaction with its audit entry.
    /// A change that alters nothing writes nothing.
    pub fn save_answer(
        &mut self,
        question_id: &str,
        change: AnswerChange,
        actor: &str,
    ) -> Result<Answer> {
        let (_, _, question) = self.find_question(question_id)?;
        let current = self.answer(question_id)?;
        let next = apply(question, &current, change)?;
        if next.same_content(&current) {
            return Ok(current);
        }
        let question_id = question.key().to_string();
        let at = self.write(|write| {
            store_answer(write, &question_id, &current, &next, actor)?;
            Ok(write.at.clone())
        })?;
        Ok(next.saved(actor, at))
    }
}

impl Answer {
    fn is_answered_or_noted(&self) -> bool {
        self.is_answered() || !self.notes.is_empty() || !self.choices_not_applicable.is_empty()
    }

    /// The answer as stored by `actor` at `at`.
    pub(super) fn saved(self, actor: &str, at: String) -> Answer {
        Answer {
            updated_by: Some(actor.to_string()),
            updated_at: Some(at),
            ..self
        }
    }
}

/// The stored answers (all, or only `only`'s) as `conn` sees them — the workbook's connection,
/// or a write's transaction on it (a merge's edit reads the rows the merge just wrote) —
/// choices in stored order ([`Answer::in_order_of`] puts them in the question's). Without
/// `texts`, notes and choices' N/A texts are left empty ([`Workbook::load_answers`]).
pub(super) fn read_answers(
    conn: &Connection,
    path: &Path,
    only: Option<&str>,
    texts: bool,
) -> Result<HashMap<String, Answer>> {
    // Two statements rather than `?1 IS NULL OR ...`, so a single answer uses the index.
    let filter = if only.is_some() {
        "WHERE question_id = ?1"
    } else {
        "WHERE ?1 IS NULL"
    };
    let columns = if texts {
        "question_id, not_applicable_reason, not_applicable_text, notes, updated_by, updated_at"
    } else {
        "question_id, not_applicable_reason, not_applicable_text, '', updated_by, updated_at"
    };
    let mut answers: HashMap<String, Answer> = HashMap::new();
    let mut statement = conn
        .prepare_cached(&format!("SELECT {columns} FROM answer {filter}"))
        .db(path)?;
    let rows = statement
        .query_map([only], |r| {
            let reason: Option<String> = r.get(1)?;
            let not_applicable = match reason.as_deref().and_then(NotApplicableReason::parse) {
                Some(reason) => Some(NotApplicable {
                    reason,
                    text: r.get(2)?,
                }),
                None => None,
            };
            Ok(Answer {
                question_id: r.get(0)?,
                selected_choices: Vec::new(),
                choices_not_applicable: Vec::new(),
                not_applicable,
                notes: r.get(3)?,
                updated_by: r.get(4)?,
                updated_at: r.get(5)?,
            })
        })
        .db(path)?;
    for row in rows {
        let answer = row.db(path)?;
        answers.insert(answer.question_id.clone(), answer);
    }
    let reason_text = if texts { "reason_text" } else { "''" };
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT question_id, choice_id, status, reason, {reason_text} \
             FROM answer_choice {filter}"
        ))
        .db(path)?;
    let rows = statement
        .query_map([only], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .db(path)?;
    for row in rows {
        let (question_id, choice_id, status, reason, text) = row.db(path)?;
        let Some(answer) = answers.get_mut(&question_id) else {
            continue;
        };
        match (
            status.as_str(),
            reason.as_deref().and_then(NotApplicableReason::parse),
        ) {
            ("SELECTED", _) => answer.selected_choices.push(choice_id),
            (_, Some(reason)) => answer.choices_not_applicable.push(ChoiceNotApplicable {
                choice_id,
                reason,
                text,
            }),
            _ => {}
        }
    }
    Ok(answers)
}

/// Writes one answer (row and choices) and its audit entry, from `before` to `next`, inside
/// `write`. An answer that held nothing is audited as absent rather than as an empty value.
pub(super) fn store_answer(
    write: &Write<'_>,
    question_id: &str,
    before: &Answer,
    next: &Answer,
    actor: &str,
) -> Result<()> {
    let path = write.path;
    let (reason, text) = match &next.not_applicable {
        Some(na) => (Some(na.reason.as_str()), na.text.as_str()),
        None => (None, ""),
    };
    write
        .tx
        .execute(
            "INSERT INTO answer (question_id, not_applicable_reason, not_applicable_text, \
             notes, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (question_id) DO UPDATE SET \
             not_applicable_reason = excluded.not_applicable_reason, \
             not_applicable_text = excluded.not_applicable_text, notes = excluded.notes, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (&question_id, reason, text, &next.notes, actor, &write.at),
        )
        .db(path)?;
    write
        .tx
        .execute(
            "DELETE FROM answer_choice WHERE question_id = ?1",
            [&question_id],
        )
        .db(path)?;
    let mut insert = write
        .tx
        .prepare(
            "INSERT INTO answer_choice (question_id, choice_id, status, reason, reason_text) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .db(path)?;
    for choice_id in &next.selected_choices {
        insert
            .execute((&question_id, choice_id, "SELECTED", None::<&str>, ""))
            .db(path)?;
    }
    for item in &next.choices_not_applicable {
        insert
            .execute((
                &question_id,
                &item.choice_id,
                "NOT_APPLICABLE",
                Some(item.reason.as_str()),
                &item.text,
            ))
            .db(path)?;
    }
    // A saved answer is a reviewed one: off the re-review list of a set upgrade.
    write
        .tx
        .execute(
            "DELETE FROM rereview WHERE question_id = ?1",
            [&question_id],
        )
        .db(path)?;
    let old_value = before.is_answered_or_noted().then(|| before.audit_value());
    write.audit(
        actor,
        crate::history::action::ANSWER_UPDATE,
        question_id,
        old_value.as_ref(),
        Some(&next.audit_value()),
    )
}
