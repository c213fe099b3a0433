//! `hashira wa-tool`: hand-off to the AWS Well-Architected Tool and back. `export` writes a
//! folder of AWS CLI requests and `push.sh`; `import` reads `get-answer` / `list-answers`
//! output back (`--dry-run` lists every change). The work is in `hashira_core::wa_tool`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use hashira_core::Lang;
use hashira_core::wa_tool::{self, WaToolError};
use serde_json::json;

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Subcommand)]
pub enum WaToolCommand {
    /// Write a set's lens, answers and a push.sh for the AWS WA Tool into a new folder.
    Export(ExportArgs),
    /// Read `aws wellarchitected get-answer` / `list-answers` output back into the workbook.
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum WaLang {
    Ja,
    En,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The workbook.
    file: PathBuf,
    /// The id of the question set (`hashira show` lists them).
    #[arg(long = "set", value_name = "ID")]
    set: String,
    /// The folder to write (new or empty; nothing is overwritten).
    out_dir: PathBuf,
    /// Language of the lens's texts.
    #[arg(long, value_enum, default_value = "ja")]
    lang: WaLang,
    /// Update this existing WA Tool workload (32 hex digits) instead of creating one.
    #[arg(long = "workload-id", value_name = "ID")]
    workload_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The workbook.
    file: PathBuf,
    /// The id of the question set the answers belong to.
    #[arg(long = "set", value_name = "ID")]
    set: String,
    /// A JSON file, or a folder of them (each get-answer or list-answers output).
    path: PathBuf,
    /// List every change without writing anything (and print the plan's fingerprint).
    #[arg(long)]
    dry_run: bool,
    /// Apply only the plan a dry run printed: refused (nothing applied) if a file or the
    /// workbook changed since.
    #[arg(long = "expect-plan", value_name = "SHA256")]
    expect_plan: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

fn failure(error: WaToolError) -> Failure {
    Failure::Error(error.payload())
}

pub fn run(command: WaToolCommand, context: &Context) -> Result<(), Failure> {
    match command {
        WaToolCommand::Export(args) => export(args, context),
        WaToolCommand::Import(args) => import(args, context),
    }
}

fn export(args: ExportArgs, context: &Context) -> Result<(), Failure> {
    let workbook = crate::workbook::open(&args.file, context)?;
    let lang = match args.lang {
        WaLang::Ja => Lang::Ja,
        WaLang::En => Lang::En,
    };
    let export =
        wa_tool::export_for_wa_tool(&workbook, &args.set, lang, args.workload_id.as_deref())
            .map_err(failure)?;
    wa_tool::write_export(&export, &args.out_dir).map_err(failure)?;
    if context.json {
        return print_json(&json!({
            "out_dir": args.out_dir.display().to_string(),
            "set_id": export.set_id,
            "lens_name": export.lens_name,
            "answers": export.answers,
            "files": export.files.iter().map(|(p, _)| p.display().to_string()).collect::<Vec<_>>(),
            "warnings": export.warnings,
            "language_fallbacks": export.language_fallbacks,
        }));
    }
    // The texts written in the other language in one line; every cut text on its own.
    if let Some(line) = crate::lens::fallback_line(&export.language_fallbacks, lang) {
        out!("{line}");
    }
    for warning in export
        .warnings
        .iter()
        .filter(|w| w.field != wa_tool::LANGUAGE_FIELD)
    {
        let question = if warning.question_id.is_empty() {
            "workload"
        } else {
            warning.question_id.as_str()
        };
        out!("warning: {question}: {}", warning.message);
    }
    out!(
        "wrote {} (set {}: lens.json, {} answer(s) in answers/, create-workload.json, push.sh, README.txt; {} warning(s)); run push.sh there (see README.txt)",
        args.out_dir.display(),
        export.set_id,
        export.answers,
        export.warnings.len()
    );
    Ok(())
}

fn import(args: ImportArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = crate::workbook::open(&args.file, context)?;
    let actor = context.actor(args.by.as_deref());
    let outcome = wa_tool::import_wa_tool(
        &mut workbook,
        &args.set,
        &args.path,
        args.dry_run,
        args.expect_plan.as_deref(),
        &actor,
    )
    .map_err(failure)?;
    if context.json {
        return print_json(&outcome);
    }
    for change in &outcome.changes {
        out!("{} ({}):", change.question_id, change.file);
        let (b, a) = (&change.before, &change.after);
        let list = |v: &[String]| format!("[{}]", v.join(", "));
        if b.selected_choices != a.selected_choices {
            out!(
                "  selected: {} → {}",
                list(&b.selected_choices),
                list(&a.selected_choices)
            );
        }
        if b.choices_not_applicable != a.choices_not_applicable {
            let ids = |v: &[hashira_core::workbook::ChoiceNotApplicable]| {
                let ids: Vec<String> = v
                    .iter()
                    .map(|c| format!("{} {}", c.choice_id, c.reason.as_str()))
                    .collect();
                format!("[{}]", ids.join(", "))
            };
            out!(
                "  choices N/A: {} → {}",
                ids(&b.choices_not_applicable),
                ids(&a.choices_not_applicable)
            );
        }
        if b.not_applicable != a.not_applicable {
            let na = |v: &Option<hashira_core::workbook::NotApplicable>| match v {
                Some(na) => format!("N/A {}", na.reason.as_str()),
                None => "applicable".to_string(),
            };
            out!(
                "  question: {} → {}",
                na(&b.not_applicable),
                na(&a.not_applicable)
            );
        }
        if b.notes != a.notes {
            out!(
                "  notes: {} → {} characters",
                b.notes.chars().count(),
                a.notes.chars().count()
            );
        }
    }
    out!(
        "{} {} answer change(s) from {} file(s) ({} answers read).",
        if outcome.applied {
            "Imported"
        } else if outcome.dry_run {
            "Would import"
        } else {
            "Nothing to import:"
        },
        outcome.changes.len(),
        outcome.files.len(),
        outcome.answers_read
    );
    if outcome.dry_run {
        out!(
            "Plan {} (apply exactly this plan with --expect-plan {}).",
            outcome.plan_sha256,
            outcome.plan_sha256
        );
    }
    Ok(())
}
