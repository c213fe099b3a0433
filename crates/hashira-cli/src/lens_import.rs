//! `hashira lens import FILE LENS.json`: a WA Tool custom lens added to a workbook as a
//! question set (`--dry-run` shows what would be added), and the lenses of `hashira new
//! --lens`. The work is in `hashira_core::lens` (import, add).

use std::path::{Path, PathBuf};

use clap::Args;
use hashira_core::QuestionSet;
use hashira_core::lens::{self, LensImportError, LensPreview, LensProblem};

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The workbook.
    file: PathBuf,
    /// The custom-lens JSON file.
    lens: PathBuf,
    /// The new set's id (default: made from the lens name, never one the workbook has).
    #[arg(long = "set-id", value_name = "ID")]
    set_id: Option<String>,
    /// Show what would be added; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Add only if the file still has this SHA-256 (the dry run's `sha256`).
    #[arg(long = "expect-sha256", value_name = "HEX")]
    expect_sha256: Option<String>,
    /// Who adds it (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

fn failure(error: LensImportError) -> Failure {
    Failure::Error(error.payload())
}

pub fn import(args: ImportArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = crate::workbook::open(&args.file, context)?;
    let preview = if args.dry_run {
        workbook
            .preview_lens(&args.lens, args.set_id.as_deref())
            .map_err(failure)?
            .0
    } else {
        let actor = context.actor(args.by.as_deref());
        workbook
            .add_lens(
                &args.lens,
                args.set_id.as_deref(),
                args.expect_sha256.as_deref(),
                &actor,
            )
            .map_err(failure)?
    };
    if context.json {
        return print_json(&serde_json::json!({
            "dry_run": args.dry_run,
            "added": !args.dry_run,
            "preview": preview,
        }));
    }
    print_preview(&preview, args.dry_run);
    Ok(())
}

fn print_preview(preview: &LensPreview, dry_run: bool) {
    out!(
        "{} {} as set {} ({} {}, {} pillars, {} questions, {} choices)",
        if dry_run { "would add" } else { "added" },
        preview.file,
        preview.set_id,
        preview.name,
        preview.version_label,
        preview.pillars.len(),
        preview.question_count,
        preview.choice_count
    );
    for pillar in &preview.pillars {
        out!("  {} {}", pillar.id, pillar.title);
        for question in &pillar.questions {
            out!(
                "    {} {} ({} choices{}, {} rules)",
                question.id,
                question.title,
                question.choices,
                if question.none_of_these {
                    " + None of these"
                } else {
                    ""
                },
                question.rules
            );
        }
    }
    if preview.shares_question_ids {
        out!(
            "note: another set of the workbook uses some of these question ids: name the set with --set {} where an id is shared",
            preview.set_id
        );
    }
    print_warnings(&preview.warnings);
    out!("sha256 {}", preview.sha256);
}

fn print_warnings(warnings: &[LensProblem]) {
    for warning in warnings {
        out!("{warning}");
    }
}

/// The sets of `hashira new --lens`, in order, each with an id not taken by the sets before.
pub fn lens_sets(paths: &[PathBuf], before: &[QuestionSet]) -> Result<Vec<QuestionSet>, Failure> {
    let mut taken: Vec<String> = before.iter().map(|s| s.id().to_string()).collect();
    let mut sets = Vec::new();
    for path in paths {
        let set = lens_set(path, &taken)?;
        taken.push(set.id().to_string());
        sets.push(set);
    }
    Ok(sets)
}

fn lens_set(path: &Path, taken: &[String]) -> Result<QuestionSet, Failure> {
    let bytes = lens::read_lens_file(path).map_err(failure)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
    let imported = lens::lens_to_set(&bytes, &name, None, &taken).map_err(|refused| {
        failure(LensImportError::Refused {
            file: path.display().to_string(),
            problems: refused.problems,
        })
    })?;
    // Warnings go to stderr: stdout stays the command's own result (`--json` included).
    for warning in &imported.warnings {
        eprintln!("{}: {warning}", path.display());
    }
    Ok(imported.set)
}
