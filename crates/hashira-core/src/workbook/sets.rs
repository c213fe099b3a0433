//! Question sets inside a workbook: checked to fit together, copied in at creation, and read
//! back from the workbook's own copy.

use std::path::Path;

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use super::{DbResult, Workbook, Write, text_at};
use crate::error::{Error, Result};
use crate::question_set::QuestionSet;
use crate::question_set::lookup::id_key;

/// The sets of a new workbook, each keyed as [`keyed_for`] keys it after the ones before it.
pub(super) fn check_sets_fit_together(sets: Vec<QuestionSet>) -> Result<Vec<QuestionSet>> {
    if sets.is_empty() {
        return Err(Error::QuestionSetConflict {
            set_id: String::new(),
            message: "a workbook needs at least one question set".into(),
        });
    }
    let mut keyed: Vec<QuestionSet> = Vec::with_capacity(sets.len());
    for set in sets {
        let set = keyed_for(set, &keyed)?;
        keyed.push(set);
    }
    Ok(keyed)
}

/// `set` ready to join a workbook holding `present`: refused when a set of that id is there;
/// its questions keyed by their ids, or — when any of those ids is already a question key of
/// the workbook — all of them `set_id/question_id` (a set is keyed one way throughout, so its
/// keys read alike).
pub(super) fn keyed_for(set: QuestionSet, present: &[QuestionSet]) -> Result<QuestionSet> {
    let set_ids: HashSet<&str> = present.iter().map(|other| other.id()).collect();
    let keys: HashSet<&str> = present
        .iter()
        .flat_map(|other| other.questions().map(|(_, q)| q.key()))
        .collect();
    keyed_among(set, &set_ids, &keys)
}

/// [`keyed_for`] given the set ids and question keys the workbook has.
fn keyed_among(
    set: QuestionSet,
    set_ids: &HashSet<&str>,
    keys: &HashSet<&str>,
) -> Result<QuestionSet> {
    if set_ids.contains(set.id()) {
        return Err(Error::QuestionSetConflict {
            set_id: set.id().to_string(),
            message: "the workbook already holds a set with this id".into(),
        });
    }
    let clashes = set.questions().any(|(_, q)| keys.contains(q.id.as_str()));
    Ok(if clashes {
        set.with_qualified_keys()
    } else {
        set
    })
}

/// Copies `set` in at `position` with its audit entry (`question_set.add`: version, content
/// hash, and for a lens the lens file's name and SHA-256).
pub(super) fn add_set(
    write: &Write<'_>,
    set: &QuestionSet,
    position: usize,
    actor: &str,
) -> Result<()> {
    insert_set(write, set, position)?;
    let mut added = serde_json::json!({
        "version": set.version(),
        "content_hash": set.content_hash(),
    });
    if let Some(lens) = &set.document().lens {
        added["lens_file"] = lens.file.clone().into();
        added["lens_sha256"] = lens.sha256.clone().into();
    }
    write.audit(
        actor,
        crate::history::action::QUESTION_SET_ADD,
        set.id(),
        None,
        Some(&added),
    )
}

fn insert_set(write: &Write<'_>, set: &QuestionSet, position: usize) -> Result<()> {
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
    for (position, (pillar, question)) in set.questions().enumerate() {
        question_row
            .execute((question.key(), set.id(), &pillar.id, position as i64))
            .db(path)?;
    }
    insert_choices(&write.tx, path, set)?;
    // What the figures need, beside the text (`question_rules.rs`).
    super::question_rules::insert(&write.tx, path, set)
}

/// The `choice` rows of `set`'s questions (its `question` rows are there): when a set is added,
/// and when a milestone's copy is read back (`milestone.rs` keeps no choice rows).
pub(super) fn insert_choices(conn: &Connection, path: &Path, set: &QuestionSet) -> Result<()> {
    let mut choice_row = conn
        .prepare_cached(
            "INSERT INTO choice (question_id, id, position, none_of_these) VALUES (?1, ?2, ?3, ?4)",
        )
        .db(path)?;
    for (_, question) in set.questions() {
        for (position, choice) in question.choices.iter().enumerate() {
            choice_row
                .execute((
                    question.key(),
                    &choice.id,
                    position as i64,
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
    load_sets_reusing(conn, path, &[])
}

/// Like [`load_sets`], taking a set of `parsed` instead of parsing the stored text again when
/// it has the same content hash (the same text, so the same set): a milestone read back holds
/// mostly the texts the review now holds, and parsing a 5,000-question set costs ~150 ms.
pub(super) fn load_sets_reusing(
    conn: &Connection,
    path: &Path,
    parsed: &[QuestionSet],
) -> Result<Vec<QuestionSet>> {
    let mut statement = conn
        .prepare("SELECT id, content_hash FROM question_set ORDER BY position")
        .db(path)?;
    let rows = statement
        .query_map([], |r| {
            let label = String::from_utf8_lossy(r.get_ref(0)?.as_bytes()?).into_owned();
            let id = text_at(r, 0, "question_set", || label.clone())?.to_string();
            Ok((id, text_at(r, 1, "question_set", || label)?.to_string()))
        })
        .db(path)?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()
        .db(path)?;
    let qualified = sets_with_qualified_keys(conn, path)?;
    rows.into_iter()
        .map(|(id, hash)| {
            // Keyed as this file keys it: a parsed set keyed otherwise is parsed again.
            let keyed = qualified.contains(&id);
            let known = parsed.iter().find(|s| {
                s.id() == id && s.content_hash() == hash && s.has_qualified_keys() == keyed
            });
            match known {
                Some(set) => Ok(set.clone()),
                None => {
                    let text: String = conn
                        .query_row(
                            "SELECT source_text FROM question_set WHERE id = ?1",
                            [&id],
                            |r| Ok(text_at(r, 0, "question_set", || format!("'{id}'"))?.to_string()),
                        )
                        .db(path)?;
                    let set = QuestionSet::from_stored(text, hash, &origin(&id))
                        .map_err(|e| unreadable(path, &id, e))?;
                    Ok(keyed_as_stored(set, &qualified))
                }
            }
        })
        .collect()
}

/// The sets whose questions the `question` table keys `set_id/question_id`.
fn sets_with_qualified_keys(conn: &Connection, path: &Path) -> Result<HashSet<String>> {
    let mut statement = conn
        .prepare("SELECT DISTINCT set_id FROM question WHERE instr(id, '/') > 0")
        .db(path)?;
    let rows = statement.query_map([], |r| r.get(0)).db(path)?;
    rows.collect::<rusqlite::Result<_>>().db(path)
}

fn keyed_as_stored(set: QuestionSet, qualified: &HashSet<String>) -> QuestionSet {
    if qualified.contains(set.id()) {
        set.with_qualified_keys()
    } else {
        set
    }
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
    // An id another set also uses (keyed `set_id/id` there) needs every set: to say it is
    // ambiguous, or to find it by its set.
    let shared: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM question WHERE instr(id, '/') > 0 \
             AND substr(id, instr(id, '/') + 1) = ?1)",
            [text],
            |r| r.get(0),
        )
        .db(path)?;
    if shared {
        return Ok(None);
    }
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
    // The text is read where SQLite holds it, not copied, nor checked as UTF-8 whole: only
    // the question's part is taken (and checked).
    let set = conn
        .query_row(
            "SELECT source_text, content_hash FROM question_set WHERE id = ?1",
            [&set_id],
            |r| {
                Ok(QuestionSet::one_question_of_stored(
                    r.get_ref(0)?.as_bytes()?,
                    r.get(1)?,
                    &origin,
                    usize::try_from(position).unwrap_or(usize::MAX),
                ))
            },
        )
        .db(path)?;
    let qualified = sets_with_qualified_keys(conn, path)?;
    // The part read must be the question the table names, in the pillar it names.
    Ok(set
        .map(|set| keyed_as_stored(set, &qualified))
        .filter(|set| {
            let mut questions = set.questions();
            matches!(
                (questions.next(), questions.next()),
                (Some((pillar, question)), None)
                    if question.key() == question_id && pillar.id == pillar_id
            ) && set.id() == set_id
        })
        .map(|set| vec![set]))
}

impl Workbook {
    /// Adds a question set (a custom lens, a set file) to the workbook, in one transaction with
    /// its audit entry. Its questions are keyed by their ids, or `set_id/question_id` when
    /// another set already uses one of them (see [`keyed_for`]); a set id already in the
    /// workbook is refused. Returns the set as the workbook now holds it.
    pub fn add_question_set(&mut self, set: QuestionSet, actor: &str) -> Result<&QuestionSet> {
        // Keyed against the stored sets and keys as this transaction sees them (not the sets
        // this handle parsed, which may be only some of them): no set is parsed again.
        let set = self.write(|write| {
            let strings = |sql: &str| -> Result<Vec<String>> {
                let mut statement = write.tx.prepare(sql).db(write.path)?;
                let rows = statement.query_map([], |r| r.get(0)).db(write.path)?;
                rows.collect::<rusqlite::Result<_>>().db(write.path)
            };
            let set_ids = strings("SELECT id FROM question_set")?;
            let keys = strings("SELECT id FROM question")?;
            let set = keyed_among(
                set,
                &set_ids.iter().map(String::as_str).collect(),
                &keys.iter().map(String::as_str).collect(),
            )?;
            let next: i64 = write
                .tx
                .query_row(
                    "SELECT coalesce(max(position), -1) + 1 FROM question_set",
                    [],
                    |r| r.get(0),
                )
                .db(write.path)?;
            add_set(
                write,
                &set,
                usize::try_from(next).unwrap_or(set_ids.len()),
                actor,
            )?;
            Ok(set)
        })?;
        self.sets.push(set);
        self.sets.last().ok_or_else(|| Error::QuestionSetNotFound {
            id: String::new(),
            known: String::new(),
        })
    }
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
