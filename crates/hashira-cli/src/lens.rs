//! `hashira lens`: AWS WA Tool custom lenses, offline. `check` lists every problem of a lens
//! file by JSON path (exit 3 on errors; warnings alone pass); `export` writes a workbook's
//! question set as a lens that passes `check` without warnings. The work is in
//! `hashira_core::lens`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use hashira_core::Lang;
use hashira_core::lens::{self, LanguageFallback, LensProblem, Severity};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Subcommand)]
pub enum LensCommand {
    /// Check a custom-lens JSON file against the WA Tool's lens format (exit 3 on errors).
    Check(CheckArgs),
    /// Write a question set of a workbook as a custom lens the WA Tool accepts.
    Export(ExportArgs),
    /// Add a custom lens to a workbook as a question set (--dry-run: show what it adds).
    Import(crate::lens_import::ImportArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The lens JSON file.
    lens: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LensLang {
    Ja,
    En,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The workbook.
    file: PathBuf,
    /// The id of the question set to export (`hashira show` lists them).
    #[arg(long = "set", value_name = "ID")]
    set: String,
    /// Where to write the lens (a new file; an existing file is never overwritten).
    out: PathBuf,
    /// Language of the lens's texts (the other language stands in where a text has only one).
    #[arg(long, value_enum, default_value = "ja")]
    lang: LensLang,
}

#[derive(Debug, Serialize)]
struct CheckResult<'a> {
    file: String,
    valid: bool,
    errors: usize,
    warnings: usize,
    problems: &'a [LensProblem],
}

#[derive(Debug, Serialize)]
struct ExportResult {
    set_id: String,
    set_version: String,
    out: String,
    questions: usize,
    bytes: usize,
    lang: Lang,
    /// Texts the set has only in the other language, written in it, by question (an empty
    /// question id: the set's and its pillars' own texts).
    language_fallbacks: Vec<LanguageFallback>,
}

pub fn run(command: LensCommand, context: &Context) -> Result<(), Failure> {
    match command {
        LensCommand::Check(args) => check(args, context),
        LensCommand::Export(args) => export(args, context),
        LensCommand::Import(args) => crate::lens_import::import(args, context),
    }
}

fn check(args: CheckArgs, context: &Context) -> Result<(), Failure> {
    let problems = lens::check_lens_file(&args.lens)?;
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let result = CheckResult {
        file: args.lens.display().to_string(),
        valid: errors == 0,
        errors,
        warnings: problems.len() - errors,
        problems: &problems,
    };
    if context.json {
        print_json(&result)?;
    } else {
        for problem in &problems {
            out!("{problem}");
        }
        out!(
            "{}: {} ({} errors, {} warnings)",
            result.file,
            if result.valid { "valid" } else { "invalid" },
            result.errors,
            result.warnings
        );
    }
    if result.valid {
        Ok(())
    } else {
        Err(Failure::ProblemsFound)
    }
}

fn export(args: ExportArgs, context: &Context) -> Result<(), Failure> {
    let workbook = crate::workbook::open(&args.file, context)?;
    let set = workbook.question_set(&args.set)?;
    let lang = match args.lang {
        LensLang::Ja => Lang::Ja,
        LensLang::En => Lang::En,
    };
    let file = lens::lens_file(set, lang)?;
    lens::write_lens_file(&file.text, &args.out)?;
    let result = ExportResult {
        set_id: set.id().to_string(),
        set_version: set.version().to_string(),
        out: args.out.display().to_string(),
        questions: set.question_count(),
        bytes: file.text.len(),
        lang,
        language_fallbacks: file.fallbacks.clone(),
    };
    if context.json {
        return print_json(&result);
    }
    if let Some(line) = fallback_line(&file.fallbacks, lang) {
        out!("{line}");
    }
    out!(
        "wrote {} ({} {}, {} questions, {} bytes)",
        result.out,
        result.set_id,
        hashira_core::question_set::version_label(&result.set_version),
        result.questions,
        result.bytes
    );
    Ok(())
}

/// One line for the texts written in the other language: how many, and which questions.
pub(crate) fn fallback_line(fallbacks: &[LanguageFallback], lang: Lang) -> Option<String> {
    let texts: usize = fallbacks.iter().map(|f| f.texts).sum();
    if texts == 0 {
        return None;
    }
    let questions: Vec<&str> = fallbacks
        .iter()
        .map(|f| f.question_id.as_str())
        .filter(|q| !q.is_empty())
        .collect();
    let summary = LanguageFallback {
        question_id: String::new(),
        texts,
    }
    .message(lang);
    Some(if questions.is_empty() {
        format!("warning: {summary} (the set's own texts)")
    } else {
        format!(
            "warning: {summary} ({} questions: {})",
            questions.len(),
            questions.join(", ")
        )
    })
}
