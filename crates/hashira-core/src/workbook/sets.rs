//! Question sets inside a workbook: checked to fit together, copied in at creation, and read
//! back from the workbook's own copy.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::{DbResult, Write, text_at};
use crate::error::{Error, Result};
use crate::question_set::QuestionSet;
use crate::question_set::lookup::id_key;

pub(super) fn check_sets_fit_together(sets: &[QuestionSet]) -> Result<()> {
    if sets.is_empty() {
        return Err(Error::QuestionSetConflict {
            set_id: String::new(),
            message: "a workbook needs at least one question set".into(),
        });
    }
    let mut set_ids = std::collections::HashSet::new();
    let mut question_ids = std::collections::HashMap::new();
    for set in sets {
        if !set_ids.insert(set.id()) {
            return Err(Error::QuestionSetConflict {
                set_id: set.id().to_string(),
                message: "the set is named twice".into(),
            });
        }
        for (_, question) in set.questions() {
            if let Some(other) = question_ids.insert(question.id.as_str(), set.id()) {
                return Err(Error::QuestionSetConflict {
                    set_id: set.id().to_string(),
                    message: format!("question id {} is also used by set '{other}'", question.id),
                });
            }
        }
    }
    Ok(())
}

pub(super) fn insert_set(write: &Write<'_>, set: &QuestionSet, position: usize) -> Result<()> {
    let path = write.path;
    write
        .tx
        .execute(
            "INSERT INTO question_set (id, position, version, content_hash, source_text, added_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (
                set.id(),
                position as i64,
                set.version(),
                set.content_hash(),
                set.source_text(),
                &write.at,
            ),
        )
        .db(path)?;
    let mut question_row = write
        .tx
        .prepare("INSERT INTO question (id, set_id, pillar_id, position) VALUES (?1, ?2, ?3, ?4)")
        .db(path)?;
    let mut choice_row = write
        .tx
        .prepare(
            "INSERT INTO choice (question_id, id, position, none_of_these) VALUES (?1, ?2, ?3, ?4)",
        )
        .db(path)?;
    for (position, (pillar, question)) in set.questions().enumerate() {
        question_row
            .execute((&question.id, set.id(), &pillar.id, position as i64))
            .db(path)?;
        for (choice_position, choice) in question.choices.iter().enumerate() {
            choice_row
                .execute((
                    &question.id,
                    &choice.id,
                    choice_position as i64,
                    choice.none_of_these,
                ))
                .db(path)?;
        }
    }
    Ok(())
}

/// Every set from the workbook's own copy, parsed and compiled (not validated again: see
/// [`QuestionSet::from_stored`]).
pub(super) fn load_sets(conn: &Connection, path: &Path) -> Result<Vec<QuestionSet>> {
    let mut statement = conn
        .prepare("SELECT id, source_text, content_hash FROM question_set ORDER BY position")
        .db(path)?;
    let rows = statement
        .query_map([], |r| {
            let id = String::from_utf8_lossy(r.get_ref(0)?.as_bytes()?).into_owned();
            let text = text_at(r, 1, "question_set", || format!("'{id}'"))?.to_string();
            Ok((
                text_at(r, 0, "question_set", || id.clone())?.to_string(),
                text,
                r.get(2)?,
            ))
        })
        .db(path)?
        .collect::<rusqlite::Result<Vec<(String, String, String)>>>()
        .db(path)?;
    rows.into_iter()
        .map(|(id, text, hash)| {
            QuestionSet::from_stored(text, hash, &origin(&id)).map_err(|e| unreadable(path, &id, e))
        })
        .collect()
}

/// Only the question `text` names (as [`crate::question_set::lookup::resolve_question`] reads
/// it: its exact id, else the one id with the same key), found through the `question` table
/// and read from its part of its set's stored text: one set holding that one question. `None`
/// when the text names no question or one ambiguously (reading every set gives the error with
/// suggestions), or when the stored text is not laid out for reading one question.
pub(super) fn load_one_question(
    conn: &Connection,
    path: &Path,
    text: &str,
) -> Result<Option<Vec<QuestionSet>>> {
    let found = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(String, String, String, i64)> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    };
    let exact = conn
        .query_row(
            "SELECT id, set_id, pillar_id, position FROM question WHERE id = ?1",
            [text],
            found,
        )
        .optional()
        .db(path)?;
    let question = match exact {
        Some(question) => question,
        None => {
            let key = id_key(text);
            let mut statement = conn
                .prepare("SELECT id, set_id, pillar_id, position FROM question")
                .db(path)?;
            let mut same_key = statement
                .query_map([], found)
                .db(path)?
                .filter(|row| row.as_ref().map_or(true, |(id, ..)| id_key(id) == key));
            match (same_key.next(), same_key.next()) {
                (Some(question), None) => question.db(path)?,
                _ => return Ok(None),
            }
        }
    };
    let (question_id, set_id, pillar_id, position) = question;
    let origin = origin(&set_id);
    // The text is read where SQLite holds it, not copied: only the question's part is kept.
    let set = conn
        .query_row(
            "SELECT source_text, content_hash, \
             (SELECT count(*) FROM question WHERE set_id = ?1) FROM question_set WHERE id = ?1",
            [&set_id],
            |r| {
                let text = text_at(r, 0, "question_set", || format!("'{set_id}'"))?;
                Ok(QuestionSet::one_question_of_stored(
                    text,
                    r.get(1)?,
                    &origin,
                    usize::try_from(position).unwrap_or(usize::MAX),
                    usize::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                ))
            },
        )
        .db(path)?;
    // The part read must be the question the table names, in the pillar it names.
    Ok(set
        .filter(|set| {
            let mut questions = set.questions();
            matches!(
                (questions.next(), questions.next()),
                (Some((pillar, question)), None)
                    if question.id == question_id && pillar.id == pillar_id
            ) && set.id() == set_id
        })
        .map(|set| vec![set]))
}

fn origin(set_id: &str) -> String {
    format!("'{set_id}' stored in the workbook")
}

fn unreadable(path: &Path, set_id: &str, e: Error) -> Error {
    Error::WorkbookCorrupt {
        path: path.to_path_buf(),
        reason: format!("its copy of question set '{set_id}' cannot be read: {e}"),
    }
}

#[cfg(test)]
#[path = "sets_tests.rs"]
mod tests;
