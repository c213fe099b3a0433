//! The sets of two compared states of a review (`delta.rs`): both hold the same sets, read
//! from the texts then in force and holding only the questions compared.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OpenFlags};

use super::delta::{Chunks, Record, column, text};
use super::snapshot::TableChunks;
use crate::error::{Error, Result};
use crate::question_set::{QuestionSet, StoredText};
use crate::workbook::{DbResult, Workbook};

/// A set as a side's `question_set` rows list it: position, id, content hash.
pub(super) type ListedSet = (i64, String, String);

/// Each listed set's text (kept by content hash: a milestone's, or the review's now) with its
/// parts found, read through a connection of its own (so on another thread than the rows).
pub(super) fn read_texts(path: &Path, listed: &[ListedSet]) -> Result<HashMap<String, StoredText>> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .db(path)?;
    crate::workbook::file::configure(&conn, path)?;
    // A set text is megabytes of overflow pages: mapped, not read a page at a time.
    conn.pragma_update(None, "mmap_size", 1_i64 << 30)
        .db(path)?;
    let mut texts = HashMap::new();
    for (_, _, hash) in listed {
        if texts.contains_key(hash) {
            continue;
        }
        let text: String = conn
            .query_row(
                "SELECT source_text FROM milestone_set_text WHERE content_hash = ?1 \
                 UNION ALL SELECT source_text FROM question_set WHERE content_hash = ?1 LIMIT 1",
                [hash],
                |r| r.get(0),
            )
            .db(path)?;
        texts.insert(hash.clone(), StoredText::new(text));
    }
    Ok(texts)
}

impl Workbook {
    fn column_of(&self, table: &TableChunks, name: &str) -> Result<usize> {
        column(table, name).ok_or_else(|| Error::WorkbookCorrupt {
            path: self.path.clone(),
            reason: format!("a milestone's {} rows have no column {name}", table.name),
        })
    }

    /// The sets a side's rows list, in the workbook's order.
    pub(super) fn listed_sets(
        &self,
        chunks: &mut Chunks<'_>,
        record: &Record,
    ) -> Result<Vec<ListedSet>> {
        let Some(table) = record
            .manifest
            .tables
            .iter()
            .find(|t| t.name == "question_set")
        else {
            return Ok(Vec::new());
        };
        let (id, position, hash) = (
            self.column_of(table, "id")?,
            self.column_of(table, "position")?,
            self.column_of(table, "content_hash")?,
        );
        let mut listed = Vec::new();
        for rows in chunks.table(record, table)? {
            for row in rows.iter() {
                if let (Some(id), Some(SqlValue::Integer(p)), Some(hash)) = (
                    row.get(id).and_then(text),
                    row.get(position),
                    row.get(hash).and_then(text),
                ) {
                    listed.push((*p, id.to_string(), hash.to_string()));
                }
            }
        }
        listed.sort();
        Ok(listed)
    }

    /// The sets (the same on both sides) holding only the `touched` questions, in the
    /// workbook's order, each parsed from its text (`texts`, by content hash); a text not laid
    /// out for reading part by part is parsed whole.
    pub(super) fn sets_of(
        &self,
        chunks: &mut Chunks<'_>,
        record: &Record,
        touched: &HashSet<String>,
        listed: &[ListedSet],
        mut texts: HashMap<String, StoredText>,
    ) -> Result<Vec<QuestionSet>> {
        let Some(questions) = record.manifest.tables.iter().find(|t| t.name == "question") else {
            return Ok(Vec::new());
        };
        let (id, set, position) = (
            self.column_of(questions, "id")?,
            self.column_of(questions, "set_id")?,
            self.column_of(questions, "position")?,
        );
        // Per set: how many questions, whether keyed `set/id`, and the touched questions' places.
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut qualified: HashSet<String> = HashSet::new();
        let mut wanted: HashMap<String, Vec<usize>> = HashMap::new();
        for rows in chunks.table(record, questions)? {
            for row in rows.iter() {
                let (Some(key), Some(set_id)) =
                    (row.get(id).and_then(text), row.get(set).and_then(text))
                else {
                    continue;
                };
                *counts.entry(set_id.to_string()).or_default() += 1;
                if key.contains('/') {
                    qualified.insert(set_id.to_string());
                }
                if touched.contains(key) {
                    let place = match row.get(position) {
                        Some(SqlValue::Integer(p)) => usize::try_from(*p).unwrap_or(usize::MAX),
                        _ => usize::MAX,
                    };
                    wanted.entry(set_id.to_string()).or_default().push(place);
                }
            }
        }
        let mut sets = Vec::new();
        for (_, id, hash) in listed {
            let Some(mut positions) = wanted.remove(id) else {
                continue;
            };
            positions.sort_unstable();
            positions.dedup();
            let origin = format!("set '{id}' of a milestone");
            let count = counts.get(id).copied().unwrap_or(0);
            let stored = texts.remove(hash).ok_or_else(|| Error::WorkbookCorrupt {
                path: self.path.clone(),
                reason: format!("the text of set '{id}' ({hash}) is not kept"),
            })?;
            let set = stored
                .questions(hash.clone(), &origin, &positions, count)
                .filter(|set| set.id() == id && set.question_count() == positions.len());
            let set = match set {
                Some(set) => set,
                None => QuestionSet::from_stored(stored.text().to_string(), hash.clone(), &origin)?,
            };
            sets.push(if qualified.contains(id) {
                set.with_qualified_keys()
            } else {
                set
            });
        }
        Ok(sets)
    }
}
