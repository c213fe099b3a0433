//! `hashira sets`: the shipped question sets, or a check of user-supplied set files.

use std::path::PathBuf;

use clap::Args;
use hashira_core::question_set::{LocalizedText, SourceInfo, shipped};
use hashira_core::{Error, Lang, QuestionSet};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Args)]
pub struct SetsArgs {
    /// Check and describe a question-set file instead of the shipped sets (repeatable).
    #[arg(long = "file", value_name = "PATH")]
    files: Vec<PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct SetSummary {
    pub id: String,
    pub version: String,
    pub title: LocalizedText,
    pub question_count: usize,
    pub choice_count: usize,
    pub content_hash: String,
    pub source: SourceInfo,
}

impl SetSummary {
    pub fn of(set: &QuestionSet) -> SetSummary {
        SetSummary {
            id: set.id().to_string(),
            version: set.version().to_string(),
            title: set.title().clone(),
            question_count: set.question_count(),
            choice_count: set.choice_count(),
            content_hash: set.content_hash().to_string(),
            source: set.document().source.clone(),
        }
    }
}

/// Reads and validates a user-supplied set file.
pub fn load_set_file(path: &PathBuf) -> Result<QuestionSet, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        action: "cannot read",
        path: path.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::QuestionSetInvalid {
        origin: path.display().to_string(),
        message: format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    QuestionSet::from_toml(&text, &path.display().to_string())
}

pub fn run(args: SetsArgs, context: &Context) -> Result<(), Failure> {
    let sets = if args.files.is_empty() {
        shipped::shipped_sets()?
    } else {
        args.files
            .iter()
            .map(load_set_file)
            .collect::<Result<Vec<_>, _>>()?
    };
    let summaries: Vec<SetSummary> = sets.iter().map(SetSummary::of).collect();
    if context.json {
        return print_json(&summaries);
    }
    for s in &summaries {
        out!(
            "{:<10} {:<9} {:>3} questions {:>3} choices  {}",
            s.id,
            s.version,
            s.question_count,
            s.choice_count,
            s.title.get(Lang::Ja)
        );
    }
    Ok(())
}
