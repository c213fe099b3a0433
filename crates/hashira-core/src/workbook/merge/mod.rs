//! Merging a reviewer's copy of this workbook (issue #14): copies share the workbook id and
//! the start of the audit chain; the last common entry is the fork point, and the rows there —
//! replayed from the row-state records of the other file's chain — are the base of a
//! three-way merge (`compare.rs`). The plan (`Workbook::plan_merge`) lists what is taken
//! from the other file and every conflict with both values, who and when, under a
//! fingerprint; `Workbook::apply_merge` applies exactly that plan in one transaction
//! (`apply.rs`): the other file's entries after the fork appended with their own actors and
//! times (marked as merged from that file), then the rows, then one `workbook.merge` entry.
//! `copy.rs` makes the copies (`hashira copy`).

mod apply;
mod compare;
mod copy;
mod edit;
mod history;
mod shown;
mod trust;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::file::inspect;
use super::{DbResult, LATEST_SCHEMA_VERSION, Workbook};
use crate::error::{Error, Result};
use crate::hashing::sha256_hex;
use history::Entry;

pub use apply::MergeOutcome;
pub use edit::INVALID_EDIT;
pub use shown::{MergeChoiceShown, MergeCount, MergePlanShown, MergeRowShown};

/// The action of the entry that closes a merge.
pub const MERGE_ACTION: &str = crate::history::action::WORKBOOK_MERGE;

/// What a change or conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MergeItem {
    /// A question's answer: its selections and N/A as one.
    Answer,
    /// A question's notes.
    Notes,
    /// One workload property.
    Workload,
    /// A WG criterion's decision with its three texts.
    WgDecision,
    ImprovementItem,
    Evidence,
    /// A question the base asked to re-review, confirmed on the other side.
    Rereview,
}

/// A change taken from the other file.
#[derive(Debug, Clone, Serialize)]
pub struct MergeChange {
    /// Stable within a plan: `answer:SEC1`, `workload:description`, `evidence:+12`.
    pub id: String,
    pub item: MergeItem,
    /// The question, property, criterion or item.
    pub target: String,
    pub ours: Value,
    pub theirs: Value,
    /// Who made the change in the other file, and when.
    pub by: Option<String>,
    pub at: Option<String>,
    #[serde(skip)]
    op: Op,
}

/// A unit both sides changed differently since the fork.
#[derive(Debug, Clone, Serialize)]
pub struct MergeConflict {
    pub id: String,
    pub item: MergeItem,
    pub target: String,
    /// The value at the fork.
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
    pub ours_by: Option<String>,
    pub ours_at: Option<String>,
    pub theirs_by: Option<String>,
    pub theirs_at: Option<String>,
    #[serde(skip)]
    op: Op,
}

/// One write that takes the other side's value.
#[derive(Debug, Clone)]
enum Op {
    Answer {
        question: String,
        value: Value,
        by: String,
        at: String,
        their_row: bool,
    },
    Notes {
        question: String,
        notes: String,
        by: String,
        at: String,
        their_row: bool,
    },
    Workload {
        column: String,
        value: Value,
    },
    Wg {
        id: i64,
        value: Value,
    },
    Improvement {
        ours_id: Option<i64>,
        theirs: Option<Value>,
    },
    EvidenceAdd {
        their_id: i64,
        row: Value,
    },
    EvidenceRemove {
        ours_id: i64,
    },
    RereviewClear {
        question: String,
    },
}

/// The last entry both chains share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForkPoint {
    pub seq: i64,
    pub entry_hash: String,
    pub at: String,
}

/// A merge as a dry run shows it and `apply_merge` applies it.
#[derive(Debug, Clone, Serialize)]
pub struct MergePlan {
    pub other: PathBuf,
    pub workbook_id: String,
    /// Where the chains part (for a file merged before: its head then).
    pub fork: ForkPoint,
    /// The other file's audit head ("seq:hash").
    pub their_head: String,
    /// The other file's entries after the fork, appended as merged entries.
    pub their_entries: usize,
    /// Everything in the other file is already here: applying changes nothing.
    pub already_merged: bool,
    pub taken: Vec<MergeChange>,
    pub conflicts: Vec<MergeConflict>,
    /// What the merge leaves out and why (milestones made in the other file; a WG criterion
    /// re-imported away here).
    pub notes: Vec<String>,
    /// SHA-256 over both heads and every change and conflict: the apply refuses another plan.
    pub fingerprint: String,
    #[serde(skip)]
    our_head: String,
    #[serde(skip)]
    appended: Vec<Entry>,
}

/// Which side a conflict takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MergeSide {
    Ours,
    Theirs,
}

/// How one conflict is settled: a side, or a value of the merging reviewer's own
/// (`{"edit": value}`; what the value is per kind: `edit.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum MergeResolution {
    Side(MergeSide),
    Edit {
        #[cfg_attr(feature = "ts", ts(type = "JsonValue"))]
        edit: Value,
    },
}

/// How a conflict was settled, as the outcome and the merge entry record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MergeSettled {
    Ours,
    Theirs,
    /// The merging reviewer's own value, written as their change after the merge entry.
    Edit,
}

/// How the conflicts are settled: one resolution per conflict id, else `prefer` for the rest.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MergeResolutions {
    /// The plan's fingerprint these were chosen for (the template writes it).
    #[serde(default)]
    pub plan: Option<String>,
    #[serde(default)]
    pub prefer: Option<MergeSide>,
    /// Conflict id → `"ours"`, `"theirs"` or `{"edit": value}`; `null` (as the template
    /// leaves it) is not chosen yet.
    #[serde(default)]
    pub resolutions: BTreeMap<String, Option<MergeResolution>>,
}

/// The other file, read-only, inside one read transaction so its plan and its evidence
/// contents are of one state.
struct Other {
    conn: Connection,
    path: PathBuf,
}

impl Other {
    fn open(path: &Path, ours: &Workbook) -> Result<Other> {
        let refuse = |kind: &'static str, message: String| Error::MergeRefused {
            other: path.to_path_buf(),
            kind,
            message,
        };
        let same = match (path.canonicalize(), ours.path().canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(refuse("SAME_FILE", "it is this workbook itself".into()));
        }
        // Refuses what is not a workbook, and a newer schema, as opening does.
        let version = inspect(path)?;
        if version < LATEST_SCHEMA_VERSION {
            return Err(refuse(
                "OLDER_SCHEMA",
                format!(
                    "it has schema {version}, older than this workbook's {LATEST_SCHEMA_VERSION}: \
                     open it once with this version of Hashira (which upgrades it), then merge"
                ),
            ));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .db(path)?;
        conn.busy_timeout(super::file::BUSY_TIMEOUT).db(path)?;
        conn.execute_batch("BEGIN").db(path)?;
        let id: String = conn
            .query_row(
                "SELECT value FROM workbook_meta WHERE key = 'workbook_id'",
                [],
                |r| r.get(0),
            )
            .db(path)?;
        if id != ours.id() {
            return Err(refuse(
                "OTHER_WORKBOOK",
                format!(
                    "it is another workbook (id {id}, this one is {}): only copies of one \
                     workbook can be merged",
                    ours.id()
                ),
            ));
        }
        Ok(Other {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn sets(&self) -> Result<Vec<(String, String)>> {
        sets_of(&self.conn, &self.path)
    }
}

fn sets_of(conn: &Connection, path: &Path) -> Result<Vec<(String, String)>> {
    let mut statement = conn
        .prepare("SELECT id, content_hash FROM question_set ORDER BY id")
        .db(path)?;
    let rows = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .db(path)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().db(path)
}

/// The WG evaluations as imported (services, editions, criteria and where they sit): the
/// other side may change decisions, not re-import.
fn wg_imports(rows: &history::Rows) -> Vec<Value> {
    rows.iter()
        .filter_map(|((table, key), row)| match table.as_str() {
            "wg_assessment" => Some(json!([table, key, row])),
            "wg_criterion" => Some(json!([
                table,
                key,
                row["assessment_id"],
                row["position"],
                row["criterion_no"]
            ])),
            _ => None,
        })
        .collect()
}

impl Workbook {
    /// The plan of merging `other` (a copy of this workbook) into this one: a dry run that
    /// changes neither file.
    pub fn plan_merge(&self, other: &Path) -> Result<MergePlan> {
        let damage = trust::read_as_damage(other);
        let other = Other::open(other, self).map_err(&damage)?;
        self.plan_with(&other).map_err(&damage)
    }

    fn plan_with(&self, other: &Other) -> Result<MergePlan> {
        let path = other.path.as_path();
        let refuse = |kind: &'static str, message: String| Error::MergeRefused {
            other: path.to_path_buf(),
            kind,
            message,
        };
        let ours = history::entries(self.conn(), self.path())?;
        let theirs = history::entries(&other.conn, path)?;
        let common = history::common_prefix(&ours, &theirs);
        if common == 0 {
            return Err(refuse(
                "NO_COMMON_HISTORY",
                "its audit trail shares no entry with this workbook's: it is not a copy of it"
                    .into(),
            ));
        }
        // A file merged before: what it had then is here already, so the merge starts from
        // its head then (the base is its rows at that entry).
        let merged = history::merged_heads(&ours);
        let start = theirs
            .iter()
            .rposition(|e| merged.contains(&e.head()))
            .map_or(common, |i| (i + 1).max(common));
        let fork_entry = &theirs[start - 1];
        let their_head = theirs.last().map(Entry::head).unwrap_or_default();
        let our_head = self.audit_head()?;
        let fork = ForkPoint {
            seq: fork_entry.seq,
            entry_hash: fork_entry.entry_hash.clone(),
            at: fork_entry.at.clone(),
        };
        // Entries of this workbook that the other file merged in (a reviewer who merged the
        // lead's file to catch up) are here already: not appended twice.
        let here: std::collections::BTreeSet<&str> =
            ours.iter().map(|e| e.entry_hash.as_str()).collect();
        let theirs_new: Vec<Entry> = theirs[start..]
            .iter()
            .filter(|e| {
                let origin = e.record().and_then(|r| r.merged_from);
                !origin.is_some_and(|o| o["entry_hash"].as_str().is_some_and(|h| here.contains(h)))
            })
            .cloned()
            .collect();
        // Nor entries merged here before from another copy that had them too: a copy taken of
        // a reviewer's copy carries that reviewer's entries from before it was taken, and
        // once the first copy is merged they are here (as merged entries, by their hash).
        let merged_here = history::merged_origins(&ours);
        let appended: Vec<Entry> = theirs_new
            .iter()
            .filter(|e| !merged_here.contains(e.entry_hash.as_str()))
            .cloned()
            .collect();
        if appended.is_empty() {
            return Ok(MergePlan {
                other: path.to_path_buf(),
                workbook_id: self.id().to_string(),
                fingerprint: sha256_hex(format!("{our_head}\n{their_head}\nnothing").as_bytes()),
                fork,
                their_head,
                their_entries: 0,
                already_merged: true,
                taken: Vec::new(),
                conflicts: Vec::new(),
                notes: Vec::new(),
                our_head,
                appended,
            });
        }
        if appended
            .iter()
            .any(|e| e.record().is_some_and(|r| r.baseline))
        {
            return Err(refuse(
                "NO_ROW_RECORD",
                "it was upgraded from before schema 4 after the copies parted: the state they \
                 started from is not known"
                    .into(),
            ));
        }
        if other.sets()? != sets_of(self.conn(), self.path())? {
            return Err(refuse(
                "SETS_DIFFER",
                "its question sets differ from this workbook's (a set was added or upgraded in \
                 one copy): bring both to the same sets first"
                    .into(),
            ));
        }
        let base = history::replay(&theirs, start, path)?;
        let their_rows = history::current(&other.conn, path)?;
        let our_rows = history::current(self.conn(), self.path())?;
        if wg_imports(&their_rows) != wg_imports(&base) {
            return Err(refuse(
                "WG_IMPORTED",
                "a WG evaluation was imported or removed in it after the copies parted: import \
                 it into this workbook instead (decisions made in the other file are merged \
                 only on evaluations both copies had)"
                    .into(),
            ));
        }
        // Only a file that proves itself is merged (`trust.rs`); the refusals above name what
        // is wrong with a copy more precisely, so they come first.
        trust::check_verifies(path, self)?;
        let ours_touch = history::last_touch(&ours[common..]);
        // Who changed a unit last on their side, also where that entry was merged here
        // before: a conflict names the reviewer who made their value.
        let theirs_touch = history::last_touch(&theirs_new);
        let compared = compare::Sides {
            base: &base,
            ours: &our_rows,
            theirs: &their_rows,
            ours_touch: &ours_touch,
            theirs_touch: &theirs_touch,
        }
        .compare();
        let mut notes = compared.notes;
        let milestones = appended
            .iter()
            .filter(|e| e.action == crate::history::action::MILESTONE_ADD)
            .count();
        if milestones > 0 {
            notes.push(format!(
                "{milestones} milestone(s) made in the other file stay there: their entries are \
                 merged into the trail, not the milestones"
            ));
        }
        let fingerprint = sha256_hex(
            json!({
                "workbook": self.id(),
                "ours": our_head,
                "theirs": their_head,
                "fork": fork.entry_hash,
                "taken": compared.changes.iter().map(|c| json!([c.id, c.theirs])).collect::<Vec<_>>(),
                "conflicts": compared.conflicts.iter().map(|c| json!([c.id, c.ours, c.theirs])).collect::<Vec<_>>(),
            })
            .to_string()
            .as_bytes(),
        );
        Ok(MergePlan {
            other: path.to_path_buf(),
            workbook_id: self.id().to_string(),
            fork,
            their_head,
            their_entries: appended.len(),
            already_merged: false,
            taken: compared.changes,
            conflicts: compared.conflicts,
            notes,
            fingerprint,
            our_head,
            appended,
        })
    }
}

impl Workbook {
    /// Where each entry a merge appended came from: its number here → `{file, seq,
    /// entry_hash}` (the other file's name and the entry's number and hash there).
    pub fn merged_entry_origins(&self) -> Result<BTreeMap<i64, Value>> {
        Ok(self
            .state_records()?
            .into_iter()
            .filter_map(|(seq, record)| Some((seq, record?.merged_from?)))
            .collect())
    }
}

impl MergePlan {
    /// The resolutions file a dry run writes: every conflict with both values and a
    /// resolution to choose (`"ours"`, `"theirs"` or `{"edit": value}`; left `null`, the merge
    /// refuses it). Each conflict shows both values also in the form an edit takes
    /// (`edit_from_ours`, `edit_from_theirs`), to copy into `resolutions` and change.
    pub fn resolutions_template(&self) -> Value {
        let conflicts: Vec<Value> = self
            .conflicts
            .iter()
            .map(|c| {
                let mut shown = serde_json::to_value(c).unwrap_or_default();
                for (key, side) in [("edit_from_ours", &c.ours), ("edit_from_theirs", &c.theirs)] {
                    let form = edit::form_of(c, side);
                    shown[key] = if form.is_null() {
                        Value::Null
                    } else {
                        json!({ "edit": form })
                    };
                }
                shown
            })
            .collect();
        json!({
            "plan": self.fingerprint,
            "prefer": null,
            "how": "set each resolution to \"ours\", \"theirs\" or {\"edit\": value}: a conflict's \
                    edit_from_ours / edit_from_theirs is that side's value as an edit, to copy and \
                    change (notes and workload properties: text; an answer: selected_choices, \
                    choices_not_applicable, not_applicable {reason, text}; a WG decision: \
                    decision, own_measures, residual_risk, reviewer_notes; an improvement item: \
                    owner, due_date, status, acceptance_reason, notes)",
            "resolutions": self.conflicts.iter().map(|c| (c.id.clone(), Value::Null)).collect::<serde_json::Map<_, _>>(),
            "conflicts": conflicts,
        })
    }
}
