//! The change history as an auditor reads it: each audit entry described by who changed what
//! and when (in the workbook's time zone), the question with its title, and field-by-field
//! changes old → new with choice titles and reason labels, rather than the raw JSON the audit
//! trail stores. Pure functions over entries and question sets: the CLI's `log`, the app's
//! history screen and the PDF appendix all describe an entry through [`describe`] and print it
//! through [`render`], so every surface says the same thing.
//!
//! An entry this module does not know (a future action, a value of an unexpected shape) is
//! described generically as its old and new JSON: never an error, never hidden.

pub mod action;
#[cfg(test)]
mod action_tests;
mod describe;
mod items;
mod labels;
mod merge;
#[cfg(test)]
mod merge_tests;
mod render;
#[cfg(test)]
mod tests;
mod wg;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::error::Result;
use crate::question_set::{LocalizedText, QuestionSet};
use crate::workbook::{AuditEntry, Workbook};

pub use merge::{item_label as merge_item_label, merge_value_text};
pub use render::{header, lines};

/// What kind of change an entry records; its snake_case name is the key of its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    WorkbookCreate,
    QuestionSetAdd,
    WorkbookMigrate,
    AnswerUpdate,
    EvidenceAdd,
    EvidenceRemove,
    WorkloadUpdate,
    AnswersImport,
    WgImport,
    WgReplace,
    WgEvaluate,
    WgDelete,
    /// A reviewer's copy taken (`hashira copy`): written in the copy.
    WorkbookCopy,
    /// A reviewer's copy merged in (`hashira merge`).
    WorkbookMerge,
    /// Rows a write changed beyond what its entries describe, recorded on their own.
    WorkbookRecord,
    /// A question taken off the re-review list (`hashira confirm`).
    AnswerConfirm,
    AnswersImportWaTool,
    ImprovementItemSet,
    ImprovementItemAdd,
    MilestoneAdd,
    QuestionSetUpgrade,
    Other,
}

impl HistoryKind {
    pub const ALL: [HistoryKind; 22] = [
        HistoryKind::WorkbookCreate,
        HistoryKind::QuestionSetAdd,
        HistoryKind::WorkbookMigrate,
        HistoryKind::AnswerUpdate,
        HistoryKind::EvidenceAdd,
        HistoryKind::EvidenceRemove,
        HistoryKind::WorkloadUpdate,
        HistoryKind::AnswersImport,
        HistoryKind::WgImport,
        HistoryKind::WgReplace,
        HistoryKind::WgEvaluate,
        HistoryKind::WgDelete,
        HistoryKind::WorkbookCopy,
        HistoryKind::WorkbookMerge,
        HistoryKind::WorkbookRecord,
        HistoryKind::AnswerConfirm,
        HistoryKind::AnswersImportWaTool,
        HistoryKind::ImprovementItemSet,
        HistoryKind::ImprovementItemAdd,
        HistoryKind::MilestoneAdd,
        HistoryKind::QuestionSetUpgrade,
        HistoryKind::Other,
    ];

    /// The kind of an audit action as the core writes it (`answer.update`, `wg.evaluate`, …).
    pub fn of_action(action: &str) -> HistoryKind {
        action::kind(action)
    }

    /// The key: `answer_update`.
    pub fn key(self) -> &'static str {
        match self {
            HistoryKind::WorkbookCreate => "workbook_create",
            HistoryKind::QuestionSetAdd => "question_set_add",
            HistoryKind::WorkbookMigrate => "workbook_migrate",
            HistoryKind::AnswerUpdate => "answer_update",
            HistoryKind::EvidenceAdd => "evidence_add",
            HistoryKind::EvidenceRemove => "evidence_remove",
            HistoryKind::WorkloadUpdate => "workload_update",
            HistoryKind::AnswersImport => "answers_import",
            HistoryKind::WgImport => "wg_import",
            HistoryKind::WgReplace => "wg_replace",
            HistoryKind::WgEvaluate => "wg_evaluate",
            HistoryKind::WgDelete => "wg_delete",
            HistoryKind::WorkbookCopy => "workbook_copy",
            HistoryKind::WorkbookMerge => "workbook_merge",
            HistoryKind::WorkbookRecord => "workbook_record",
            HistoryKind::AnswerConfirm => "answer_confirm",
            HistoryKind::AnswersImportWaTool => "answers_import_wa_tool",
            HistoryKind::ImprovementItemSet => "improvement_item_set",
            HistoryKind::ImprovementItemAdd => "improvement_item_add",
            HistoryKind::MilestoneAdd => "milestone_add",
            HistoryKind::QuestionSetUpgrade => "question_set_upgrade",
            HistoryKind::Other => "other",
        }
    }

    /// Accepts the key (`answer_update`, `answer-update`) or the audit action (`answer.update`).
    pub fn parse(text: &str) -> Option<HistoryKind> {
        let text = text.trim();
        let key = text.to_ascii_lowercase().replace('-', "_");
        HistoryKind::ALL
            .into_iter()
            .find(|k| k.key() == key)
            .or_else(|| Some(HistoryKind::of_action(text)).filter(|k| *k != HistoryKind::Other))
    }

    pub fn label(self) -> LocalizedText {
        labels::kind(self)
    }
}

/// The label of a field a change touches (a workload property's key, `notes`, `decision`…).
pub fn field_label(key: &str) -> LocalizedText {
    labels::field(key)
}

/// The question a change is about: its id, its label as the set shows it, and its title.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryQuestion {
    pub id: String,
    pub label: String,
    pub title: LocalizedText,
}

/// One field of a change: its label and its old and new values, or the items added to and
/// removed from it (selections, choices marked not applicable, evidence). Values are already
/// words in both languages (choice titles beside ids, reason labels, decisions).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryChange {
    /// The field's key: `selected_choices`, `notes`, `decision`, a workload property's key…
    pub field: String,
    pub label: LocalizedText,
    /// The value before (absent for a value that did not exist).
    pub old: Option<LocalizedText>,
    /// The value after (absent for a value that no longer exists).
    pub new: Option<LocalizedText>,
    pub added: Vec<LocalizedText>,
    pub removed: Vec<LocalizedText>,
    /// Free text someone typed (notes, reasons): shown quoted, kept whole.
    pub free_text: bool,
}

/// One audit entry as the auditor reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryRecord {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// The stored instant (UTC, RFC 3339).
    pub at: String,
    /// The instant in the workbook's time zone: `2026-04-01 09:00`.
    pub when: String,
    pub actor: String,
    /// The audit action as stored (`answer.update`).
    pub action: String,
    pub kind: HistoryKind,
    pub kind_label: LocalizedText,
    /// The audit target as stored.
    pub target: String,
    /// The question, when the change is about one.
    pub question: Option<HistoryQuestion>,
    /// What the change is about when it is not a question: a service and criterion, a
    /// workload property, a file, a question set.
    pub subject: Option<LocalizedText>,
    pub changes: Vec<HistoryChange>,
}

/// Which entries to show. Every part left empty matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryFilter {
    /// A question id (case-insensitive): the entries about that question.
    #[serde(default)]
    pub question: Option<String>,
    /// Who made the change, as recorded.
    #[serde(default)]
    pub actor: Option<String>,
    /// First day shown, `YYYY-MM-DD`, inclusive, in the workbook's time zone.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day shown, `YYYY-MM-DD`, inclusive, in the workbook's time zone.
    #[serde(default)]
    pub to: Option<String>,
    /// Kinds of change shown (empty: all).
    #[serde(default)]
    pub kinds: Vec<HistoryKind>,
}

/// A date typed as `2026-04-01`.
pub fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), format).ok()
}

/// An invalid filter date, named by the field it came from.
fn invalid_date(field: &str, text: &str) -> crate::Error {
    crate::Error::InvalidFilter {
        field: field.to_string(),
        message: format!("'{text}' is not a date like 2026-04-01"),
    }
}

impl HistoryFilter {
    /// Checks the dates; the error names the field (`from`, `to`) at fault.
    pub fn dates(&self) -> Result<(Option<Date>, Option<Date>)> {
        let parse = |field: &str, text: &Option<String>| -> Result<Option<Date>> {
            match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => parse_date(t)
                    .map(Some)
                    .ok_or_else(|| invalid_date(field, t)),
            }
        };
        Ok((parse("from", &self.from)?, parse("to", &self.to)?))
    }

    /// Whether `record` is shown. `from`/`to` are the checked dates of [`HistoryFilter::dates`].
    fn matches(
        &self,
        record: &HistoryRecord,
        offset: UtcOffset,
        from: Option<Date>,
        to: Option<Date>,
    ) -> bool {
        let wanted = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        if let Some(question) = wanted(&self.question) {
            let about = record.question.as_ref().map(|q| q.id.as_str());
            if !about.is_some_and(|id| id.eq_ignore_ascii_case(&question)) {
                return false;
            }
        }
        if let Some(actor) = wanted(&self.actor)
            && record.actor.trim() != actor
        {
            return false;
        }
        if !self.kinds.is_empty() && !self.kinds.contains(&record.kind) {
            return false;
        }
        if from.is_some() || to.is_some() {
            // An instant that cannot be read has no day: a date filter does not show it.
            let Ok(at) = OffsetDateTime::parse(&record.at, &Rfc3339) else {
                return false;
            };
            let day = at.to_offset(offset).date();
            if from.is_some_and(|from| day < from) || to.is_some_and(|to| day > to) {
                return false;
            }
        }
        true
    }
}

/// Describes every entry (oldest first) that `filter` lets through.
pub fn describe_all(
    entries: &[AuditEntry],
    sets: &[QuestionSet],
    offset: UtcOffset,
    filter: &HistoryFilter,
) -> Result<Vec<HistoryRecord>> {
    let (from, to) = filter.dates()?;
    let mut records: Vec<HistoryRecord> = entries
        .iter()
        .map(|entry| describe(entry, sets, offset))
        .collect();
    describe::name_imported_questions(&mut records);
    Ok(records
        .into_iter()
        .filter(|record| filter.matches(record, offset, from, to))
        .collect())
}

/// Everyone who changed the workbook, in the order they first did (for an actor filter).
pub fn actors(entries: &[AuditEntry]) -> Vec<String> {
    let mut actors: Vec<String> = Vec::new();
    for entry in entries {
        if !actors.contains(&entry.actor) {
            actors.push(entry.actor.clone());
        }
    }
    actors
}

/// Describes one entry; times in `offset`.
pub fn describe(entry: &AuditEntry, sets: &[QuestionSet], offset: UtcOffset) -> HistoryRecord {
    describe::record(entry, sets, offset)
}

impl Workbook {
    /// The change history, described and filtered, in the workbook's time zone. An entry a
    /// merge appended from another reviewer's file says so first (統合元: that file's name and
    /// the entry's number there), so every surface — `hashira log`, the app, the PDF — tells
    /// whose file a change came from, not only who made it.
    pub fn history(&self, filter: &HistoryFilter) -> Result<Vec<HistoryRecord>> {
        self.history_of(&self.audit_log()?, filter)
    }

    /// [`Workbook::history`] of `entries`, this workbook's trail already read (`log --json`
    /// and the app show each record beside its raw entry).
    pub fn history_of(
        &self,
        entries: &[AuditEntry],
        filter: &HistoryFilter,
    ) -> Result<Vec<HistoryRecord>> {
        let offset = self.time_offset()?;
        let mut records = describe_all(entries, self.question_sets(), offset, filter)?;
        let origins = self.merged_entry_origins()?;
        for record in &mut records {
            if let Some(origin) = origins.get(&record.seq) {
                record.changes.insert(0, merge::merged_from(origin));
            }
        }
        Ok(records)
    }
}
