//! Question sets inside a workbook: checked to fit together, copied in at creation, and read
//! back from the workbook's own copy.

use std::path::Path;

use rusqlite::Connection;

use super::{DbResult, Write};
use crate::error::{Error, Result};
use crate::question_set::QuestionSet;

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

pub(super) fn load_sets(conn: &Connection, path: &Path) -> Result<Vec<QuestionSet>> {
    let mut statement = conn
        .prepare("SELECT id, source_text FROM question_set ORDER BY position")
        .db(path)?;
    let rows = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .db(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .db(path)?;
    rows.into_iter()
        .map(|(id, text)| {
            QuestionSet::from_toml(&text, &format!("'{id}' stored in the workbook")).map_err(|e| {
                Error::WorkbookCorrupt {
                    path: path.to_path_buf(),
                    reason: format!("its copy of question set '{id}' cannot be read: {e}"),
                }
            })
        })
        .collect()
}
