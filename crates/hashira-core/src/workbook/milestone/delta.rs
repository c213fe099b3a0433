//! Two states of a review read for comparing them (`hashira diff`): milestone "from" and
//! milestone "to" or the review now, each read back as only the rows that can differ instead
//! of the whole workbook (`view.rs`).
//!
//! A milestone is a list of content-addressed chunks per table (`snapshot.rs`); the review now
//! is cut into the same chunks in memory (what `milestone add` would store). A chunk on both
//! sides is the same rows on both sides, so the questions either side changed are the ones
//! named by a row of a chunk only one side has (answers, their choices, evidence) whose rows
//! there are not the same on both sides. Each side is then written to an in-memory database of
//! the workbook's schema holding: every row of those questions (from every
//! chunk of their tables), the rows of every other table (workload, improvement items, the sets'
//! own rows, …), the WG tables when any of them differs, and sets parsed from the texts then in
//! force holding only those questions (and the questions of improvement items) — read with the
//! same code every surface reads a workbook with. A question neither side changed has no row on
//! either side and its set text is the same, which is exactly the question the full comparison
//! passes over; so the comparison of the two small workbooks is the comparison of the whole
//! ones (tests/milestone_diff_chunks.rs holds them equal on many pairs).
//!
//! When the two sides do not hold the same sets (a set added, removed or upgraded between
//! them), the same schema or the same tables, both are rebuilt whole as `view.rs` reads a
//! milestone: the slow path, taken rarely, and the reference the fast one is tested against.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::rc::Rc;

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use super::MilestoneInfo;
use super::compared_sets::read_texts;
use super::snapshot::{Manifest, TableChunks, chunk_rows, insert_row, read_manifest};
use super::view::MilestoneView;
use crate::error::{Error, Result};
use crate::workbook::{DbResult, LATEST_SCHEMA_VERSION, SetsRead, Workbook, WorkbookOptions};

/// The tables whose rows belong to one question, and the column naming it: a side keeps only
/// the rows of the questions compared. Every other table is kept whole.
const BY_QUESTION: &[(&str, &str)] = &[
    ("question", "id"),
    ("answer", "question_id"),
    ("answer_choice", "question_id"),
    ("evidence", "question_id"),
    ("rereview", "question_id"),
];

/// Kept on both sides only when one of them differs (they are only the WG comparison's).
const WG_PREFIX: &str = "wg_";

/// One side of a comparison, readable as a [`Workbook`].
enum Held<'w> {
    /// The rows that can differ, in an in-memory database.
    Changed(Workbook),
    /// A milestone rebuilt whole.
    View(Box<MilestoneView>),
    /// The review now: the workbook the comparison was asked of.
    Current(&'w Workbook),
    /// The review now, opened again with its sets (the workbook asked was opened without).
    Opened(Workbook),
}

impl Deref for Held<'_> {
    type Target = Workbook;

    fn deref(&self) -> &Workbook {
        match self {
            Held::Changed(workbook) | Held::Opened(workbook) => workbook,
            Held::View(view) => view,
            Held::Current(workbook) => workbook,
        }
    }
}

/// The two sides of a comparison (see the module's comment): give them to
/// [`ReviewDiff::between`](crate::diff::ReviewDiff::between).
pub struct ComparedSides<'w> {
    from: Held<'w>,
    to: Held<'w>,
    /// The milestone of the "to" side; `None`: the review now.
    to_milestone: Option<MilestoneInfo>,
    changed_rows: bool,
}

impl std::fmt::Debug for ComparedSides<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComparedSides")
            .field("changed_rows", &self.changed_rows)
            .finish()
    }
}

impl ComparedSides<'_> {
    pub fn from(&self) -> &Workbook {
        &self.from
    }

    pub fn to(&self) -> &Workbook {
        &self.to
    }

    /// The milestone the "to" side is, or `None` for the review now.
    pub fn to_milestone(&self) -> Option<&MilestoneInfo> {
        self.to_milestone.as_ref()
    }

    /// Whether the sides are only the rows that can differ (else both were rebuilt whole).
    pub fn changed_rows_only(&self) -> bool {
        self.changed_rows
    }
}

/// One side's record: its manifest and the chunks not stored in the workbook (the review
/// now's, cut in memory).
pub(super) struct Record {
    pub(super) manifest: Manifest,
    unstored: HashMap<String, Vec<u8>>,
}

/// Chunks read so far, by SHA-256: a chunk both sides list is read once.
pub(super) struct Chunks<'w> {
    workbook: &'w Workbook,
    read: HashMap<String, Rc<Vec<Vec<SqlValue>>>>,
}

impl Chunks<'_> {
    fn rows(&mut self, record: &Record, hash: &str) -> Result<Rc<Vec<Vec<SqlValue>>>> {
        if let Some(rows) = self.read.get(hash) {
            return Ok(rows.clone());
        }
        let path = self.workbook.path();
        let rows = match record.unstored.get(hash) {
            Some(content) => chunk_rows(content),
            None => {
                let mut statement = self
                    .workbook
                    .conn()
                    .prepare_cached("SELECT content FROM milestone_chunk WHERE sha256 = ?1")
                    .db(path)?;
                let content: Vec<u8> = statement.query_row([hash], |r| r.get(0)).db(path)?;
                chunk_rows(&content)
            }
        };
        let rows = Rc::new(rows.ok_or_else(|| Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason: format!("the milestone chunk {hash} cannot be read"),
        })?);
        self.read.insert(hash.to_string(), rows.clone());
        Ok(rows)
    }

    /// Every row of `table` on a side, in key order.
    pub(super) fn table(
        &mut self,
        record: &Record,
        table: &TableChunks,
    ) -> Result<Vec<Rc<Vec<Vec<SqlValue>>>>> {
        table
            .chunks
            .iter()
            .map(|hash| self.rows(record, hash))
            .collect()
    }
}

pub(super) fn text(value: &SqlValue) -> Option<&str> {
    match value {
        SqlValue::Text(text) => Some(text),
        _ => None,
    }
}

pub(super) fn column(table: &TableChunks, name: &str) -> Option<usize> {
    table.columns.iter().position(|c| c == name)
}

/// Whether the two manifests can be compared chunk by chunk: both of this schema, the same
/// tables and columns, and the same sets (their rows and their questions' rows).
fn comparable(a: &Manifest, b: &Manifest) -> bool {
    a.schema_version == LATEST_SCHEMA_VERSION
        && b.schema_version == LATEST_SCHEMA_VERSION
        && a.tables.len() == b.tables.len()
        && a.tables.iter().zip(&b.tables).all(|(a, b)| {
            a.name == b.name
                && a.columns == b.columns
                && (!matches!(a.name.as_str(), "question_set" | "question") || a.chunks == b.chunks)
                && BY_QUESTION
                    .iter()
                    .find(|(name, _)| *name == a.name)
                    .is_none_or(|(_, key)| column(a, key).is_some())
        })
}

impl Workbook {
    /// The two sides of a comparison of milestone `from` with milestone `to`, or with the
    /// review now when `to` is `None`: only the rows that can differ when both hold the same
    /// sets (see the module's comment), else both rebuilt whole. `self` may be opened without
    /// its sets ([`Workbook::open_for_figures`]): they are not used, and are read again only
    /// when the review now has to be read whole.
    pub fn compared_sides(
        &self,
        from: &MilestoneInfo,
        to: Option<&MilestoneInfo>,
    ) -> Result<ComparedSides<'_>> {
        match self.changed_sides(from, to)? {
            Some(sides) => Ok(sides),
            None => self.rebuilt_sides(from, to),
        }
    }

    /// Both sides read whole: each milestone rebuilt as every reading command reads it
    /// ([`MilestoneView`]), the review now as this workbook (opened again with its sets if it
    /// was opened without). What [`Workbook::compared_sides`] falls back to, and the reference
    /// its tests compare with.
    pub fn rebuilt_sides(
        &self,
        from: &MilestoneInfo,
        to: Option<&MilestoneInfo>,
    ) -> Result<ComparedSides<'_>> {
        let before = Held::View(Box::new(MilestoneView::open_milestone(self, from.clone())?));
        let after = match to {
            Some(to) => Held::View(Box::new(MilestoneView::open_milestone(self, to.clone())?)),
            None if self.sets.is_empty() => {
                Held::Opened(Workbook::open(&self.path, self.clock.clone())?)
            }
            None => Held::Current(self),
        };
        Ok(ComparedSides {
            from: before,
            to: after,
            to_milestone: to.cloned(),
            changed_rows: false,
        })
    }

    fn changed_sides(
        &self,
        from: &MilestoneInfo,
        to: Option<&MilestoneInfo>,
    ) -> Result<Option<ComparedSides<'_>>> {
        let corrupt = |info: &MilestoneInfo| Error::WorkbookCorrupt {
            path: self.path.clone(),
            reason: format!(
                "milestone {} '{}': its record cannot be read",
                info.number, info.name
            ),
        };
        let before = Record {
            manifest: read_manifest(&self.recorded_snapshot(from)?).ok_or_else(|| corrupt(from))?,
            unstored: HashMap::new(),
        };
        let after = match to {
            Some(to) => Record {
                manifest: read_manifest(&self.recorded_snapshot(to)?).ok_or_else(|| corrupt(to))?,
                unstored: HashMap::new(),
            },
            None => {
                let snapshot = self.snapshot()?;
                // Just written by `snapshot`: unreadable only if the rows cannot be kept.
                let manifest =
                    read_manifest(&snapshot.bytes).ok_or_else(|| Error::WorkbookCorrupt {
                        path: self.path.clone(),
                        reason: "the review now cannot be read as a milestone's rows".into(),
                    })?;
                Record {
                    manifest,
                    unstored: snapshot.chunks.into_iter().collect(),
                }
            }
        };
        if !comparable(&before.manifest, &after.manifest) {
            return Ok(None);
        }
        let mut chunks = Chunks {
            workbook: self,
            read: HashMap::new(),
        };
        // The sets' texts are read, and their parts found, on another thread while the rows
        // are compared (both sides hold the same sets).
        let listed = self.listed_sets(&mut chunks, &before)?;
        let path = self.path.as_path();
        let (touched, texts) = std::thread::scope(|scope| -> Result<_> {
            let reader = std::thread::Builder::new()
                .spawn_scoped(scope, || read_texts(path, &listed))
                .ok();
            let touched = self.touched_questions(&mut chunks, &before, &after);
            let texts = match reader {
                Some(reader) => reader.join().unwrap_or_else(|_| read_texts(path, &listed)),
                None => read_texts(path, &listed),
            };
            Ok((touched?, texts?))
        })?;
        let wg_differs = before
            .manifest
            .tables
            .iter()
            .zip(&after.manifest.tables)
            .any(|(a, b)| a.name.starts_with(WG_PREFIX) && a.chunks != b.chunks);
        let sets = self.sets_of(&mut chunks, &before, &touched, &listed, texts)?;
        // A workbook of the side's rows in memory, named as the file it comes from (for
        // errors), with the sets of the compared questions; only ever read.
        let mut side = |record: &Record| -> Result<Held<'static>> {
            Ok(Held::Changed(Workbook {
                conn: self.write_side(&mut chunks, record, &touched, wg_differs)?,
                path: self.path.clone(),
                id: self.id.clone(),
                sets: sets.clone(),
                sets_read: SetsRead::ComparedQuestions,
                clock: self.clock.clone(),
                options: WorkbookOptions::default(),
            }))
        };
        Ok(Some(ComparedSides {
            from: side(&before)?,
            to: side(&after)?,
            to_milestone: to.cloned(),
            changed_rows: true,
        }))
    }

    /// The questions (by key) whose rows differ between the sides, and those of every
    /// improvement item on either side (an item's place in the plan follows its question's
    /// answer, which may be unchanged).
    ///
    /// Only chunks one side lists are read: a row in a chunk both list is on both sides. A
    /// chunk holds ~32 rows, so a changed row brings its neighbours along; they are told apart
    /// by their question's rows in those chunks, the same on both sides or not (a row unchanged
    /// is in such a chunk on both sides or on neither: a chunk both list holds it on both).
    fn touched_questions(
        &self,
        chunks: &mut Chunks<'_>,
        before: &Record,
        after: &Record,
    ) -> Result<HashSet<String>> {
        let mut touched = HashSet::new();
        for (a, b) in before.manifest.tables.iter().zip(&after.manifest.tables) {
            let key = match BY_QUESTION.iter().find(|(name, _)| *name == a.name) {
                Some(("question", _)) => continue,
                Some((_, key)) => *key,
                None if a.name == "improvement_item" => "question_id",
                None => continue,
            };
            let whole = a.name == "improvement_item";
            // The chunks only one side lists (an item's every chunk), with the key's column.
            let mut read = Vec::new();
            for (side, (record, table, other)) in
                [(before, a, b), (after, b, a)].into_iter().enumerate()
            {
                let Some(index) = column(table, key) else {
                    continue;
                };
                let other: HashSet<&String> = other.chunks.iter().collect();
                for hash in &table.chunks {
                    if whole || !other.contains(hash) {
                        read.push((side, index, chunks.rows(record, hash)?));
                    }
                }
            }
            // Per question: its rows in those chunks on each side, in key order.
            let mut rows: HashMap<&str, [Vec<&Vec<SqlValue>>; 2]> = HashMap::new();
            for (side, index, chunk) in &read {
                for row in chunk.iter() {
                    if let Some(question) = row.get(*index).and_then(text) {
                        rows.entry(question).or_default()[*side].push(row);
                    }
                }
            }
            touched.extend(
                rows.into_iter()
                    .filter(|(_, [before, after])| whole || before != after)
                    .map(|(question, _)| question.to_string()),
            );
        }
        Ok(touched)
    }

    /// One side's rows kept for the comparison, written to a new in-memory database of the
    /// workbook's schema.
    fn write_side(
        &self,
        chunks: &mut Chunks<'_>,
        record: &Record,
        touched: &HashSet<String>,
        wg_differs: bool,
    ) -> Result<Connection> {
        let path = self.path();
        let mut conn = Connection::open_in_memory().db(path)?;
        // Rows go in without the rows they point to (choices, other questions').
        conn.execute_batch("PRAGMA foreign_keys = OFF;").db(path)?;
        let tx = conn.transaction().db(path)?;
        crate::workbook::migrations::apply_up_to(&tx, path, record.manifest.schema_version)?;
        for table in &record.manifest.tables {
            if table.name.starts_with(WG_PREFIX) && !wg_differs {
                continue;
            }
            let key = BY_QUESTION
                .iter()
                .find(|(name, _)| *name == table.name)
                .and_then(|(_, key)| column(table, key));
            let mut insert = insert_row(&tx, table, path)?;
            for rows in chunks.table(record, table)? {
                for row in rows.iter() {
                    let kept = key.is_none_or(|key| {
                        row.get(key)
                            .and_then(text)
                            .is_some_and(|q| touched.contains(q))
                    });
                    if kept {
                        insert.execute(rusqlite::params_from_iter(row)).db(path)?;
                    }
                }
            }
        }
        tx.commit().db(path)?;
        Ok(conn)
    }
}
