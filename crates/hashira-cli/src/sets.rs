//! `hashira sets`: the shipped question sets, or a check of user-supplied set files.

use std::path::PathBuf;

use clap::Args;
use hashira_core::question_set::{LocalizedText, SetPlace, SetProblem, SourceInfo, shipped};
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
    let origin = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(&origin, e.as_bytes(), &e))?;
    QuestionSet::from_toml(&text, &origin)
}

/// A set file that is not UTF-8: one problem at the line and column of the first bad byte
/// (`details.problems[0].place.line`), as a file that does not parse is reported.
fn not_utf8(origin: &str, bytes: &[u8], error: &std::string::FromUtf8Error) -> Error {
    let offset = error.utf8_error().valid_up_to();
    // Everything before the bad byte is valid UTF-8.
    let before = bytes
        .get(..offset)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Error::QuestionSetProblems {
        origin: origin.to_string(),
        problems: vec![SetProblem {
            place: SetPlace {
                file: Some(origin.to_string()),
                line: u32::try_from(line).ok(),
                ..SetPlace::default()
            },
            message: format!(
                "line {line}, column {column}: the file is not UTF-8 text (invalid byte at offset {offset})"
            ),
        }],
    }
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
            hashira_core::question_set::version_label(&s.version),
            s.question_count,
            s.choice_count,
            s.title.get(Lang::Ja)
        );
    }
    Ok(())
}
