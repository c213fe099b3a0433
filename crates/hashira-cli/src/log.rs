//! `hashira log`: the change history, read as a record (who changed which question's field
//! from what to what, when, in the workbook's time zone), filtered by question, actor, days
//! and kind of change. `--json` keeps the raw audit entries as they always were and adds each
//! one's readable description under `description`.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use hashira_core::history::{self, HistoryFilter, HistoryKind, HistoryRecord};
use hashira_core::workbook::AuditEntry;
use hashira_core::{Error, Lang};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::workbook::open;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogLang {
    Ja,
    En,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The workbook file.
    file: PathBuf,
    /// Only changes to this question (its id, e.g. SEC1).
    #[arg(long, value_name = "ID")]
    question: Option<String>,
    /// The --question's set: needed only when several sets of the workbook have this id.
    #[arg(long = "set", value_name = "SET_ID")]
    set: Option<String>,
    /// Only changes made by this person, as recorded.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    actor: Option<String>,
    /// First day shown (YYYY-MM-DD, inclusive, in the workbook's time zone).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last day shown (YYYY-MM-DD, inclusive, in the workbook's time zone).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only this kind of change (repeatable): answer_update, answer_confirm, evidence_add,
    /// evidence_remove, workload_update, answers_import, answers_import_wa_tool, wg_import,
    /// wg_replace, wg_evaluate, wg_delete, improvement_item_set, improvement_item_add,
    /// milestone_add, question_set_upgrade, workbook_create, question_set_add, workbook_migrate,
    /// workbook_record, workbook_copy, workbook_merge, other (or the audit action:
    /// improvement_item.set).
    #[arg(long = "kind", value_name = "KIND")]
    kinds: Vec<String>,
    /// Language of the text output.
    #[arg(long, value_enum, default_value = "ja")]
    lang: LogLang,
}

/// A raw entry as `log --json` has always printed it, plus its description.
#[derive(Serialize)]
struct LoggedEntry<'a> {
    #[serde(flatten)]
    entry: &'a AuditEntry,
    description: &'a HistoryRecord,
    /// On an entry a merge brought from a reviewer's copy: `{file, seq, entry_hash}` there.
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_from: Option<&'a serde_json::Value>,
}

pub fn run(args: LogArgs, context: &Context) -> Result<(), Failure> {
    let kinds = args
        .kinds
        .iter()
        .map(|text| {
            HistoryKind::parse(text).ok_or_else(|| Error::InvalidFilter {
                field: "kind".into(),
                message: format!(
                    "unknown kind of change '{text}'; known: {}",
                    HistoryKind::ALL.map(|k| k.key()).join(", ")
                ),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let workbook = open(&args.file, context)?;
    let question = match &args.question {
        Some(text) => Some(
            workbook
                .resolve_question_in(args.set.as_deref(), text)?
                .2
                .key()
                .to_string(),
        ),
        None => None,
    };
    let filter = HistoryFilter {
        question,
        actor: args.actor,
        from: args.from,
        to: args.to,
        kinds,
    };
    let entries = workbook.audit_log()?;
    // Described by the core, a merged entry's origin (統合元) its first line.
    let records = workbook.history_of(&entries, &filter)?;
    if context.json {
        // The raw origin ({file, seq, entry_hash}) beside the words, for scripts.
        let origins = workbook.merged_entry_origins()?;
        let by_seq: HashMap<i64, &AuditEntry> = entries.iter().map(|e| (e.seq, e)).collect();
        let logged: Vec<LoggedEntry<'_>> = records
            .iter()
            .filter_map(|record| {
                by_seq.get(&record.seq).map(|entry| LoggedEntry {
                    entry,
                    description: record,
                    merged_from: origins.get(&record.seq),
                })
            })
            .collect();
        return print_json(&logged);
    }
    let lang = match args.lang {
        LogLang::Ja => Lang::Ja,
        LogLang::En => Lang::En,
    };
    for (index, record) in records.iter().enumerate() {
        if index > 0 {
            out!("");
        }
        out!("{}", history::header(record, lang));
        for line in history::lines(record, lang) {
            // A note's own line breaks stay, indented under their field.
            out!("    {}", line.replace('\n', "\n      "));
        }
    }
    Ok(())
}
