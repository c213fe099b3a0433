//! `hashira export xlsx` and `hashira import xlsx`: the review's answers as an Excel workbook.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use hashira_core::clock::format_timestamp;
use serde_json::json;

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::workbook::open;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write the review (all sets, or those named) to .xlsx: a sheet per set and a summary.
    Xlsx(ExportXlsxArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Apply the answers of a filled review .xlsx (keyed by question and choice ids).
    Xlsx(ImportXlsxArgs),
}

#[derive(Debug, Args)]
pub struct ExportXlsxArgs {
    file: PathBuf,
    out: PathBuf,
    /// Only this question set (repeatable).
    #[arg(long = "set", value_name = "ID")]
    sets: Vec<String>,
    /// The review as milestone NAME (or number) holds it; the summary sheet says so, and
    /// `import xlsx` refuses the file while that cell is filled in.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportXlsxArgs {
    file: PathBuf,
    input: PathBuf,
    /// List every change; apply nothing.
    #[arg(long)]
    dry_run: bool,
    /// Apply only if the plan is still the one a dry run printed (its plan fingerprint): a file
    /// or workbook changed since is refused (IMPORT_PLAN_CHANGED) and nothing is applied.
    #[arg(long, value_name = "SHA256")]
    expect_plan: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

pub fn export(command: ExportCommand, context: &Context) -> Result<(), Failure> {
    let ExportCommand::Xlsx(args) = command;
    let workbook = crate::workbook::open_as_of(&args.file, args.milestone.as_deref(), context)?;
    let at = format_timestamp(context.clock.now());
    let summary = match workbook.milestone() {
        None => hashira_xlsx::review::export_review(&workbook, &args.sets, &args.out, &at),
        // The export says it is the review as of the milestone (and is not imported back).
        Some(milestone) => hashira_xlsx::review::export_milestone_review(
            &workbook, milestone, &args.sets, &args.out, &at,
        ),
    }
    .map_err(|e| Failure::Error(e.payload()))?;
    if context.json {
        return print_json(&json!({
            "out": args.out.display().to_string(),
            "sheets": summary.sheets,
            "rows": summary.rows,
        }));
    }
    out!(
        "Wrote {} ({} rows on sheets {}).",
        args.out.display(),
        summary.rows,
        summary.sheets.join(", ")
    );
    Ok(())
}

pub fn import(command: ImportCommand, context: &Context) -> Result<(), Failure> {
    let ImportCommand::Xlsx(args) = command;
    let mut workbook = open(&args.file, context)?;
    let actor = context.actor(args.by.as_deref());
    let report = hashira_xlsx::review::import_review_expecting(
        &mut workbook,
        &args.input,
        args.dry_run,
        args.expect_plan.as_deref(),
        &actor,
    )
    .map_err(|e| Failure::Error(e.payload()))?;
    if context.json {
        return print_json(&report);
    }
    for change in &report.changes {
        out!(
            "{} (sheet '{}', row {}):",
            change.question_id,
            change.sheet,
            change.row
        );
        for field in &change.changes {
            out!("  {}: {} → {}", field.field, field.before, field.after);
        }
    }
    out!(
        "{} {} answer(s) from {} ({} rows read).",
        if report.applied {
            "Applied"
        } else if report.dry_run {
            "Would change"
        } else {
            "Nothing to change:"
        },
        report.changes.len(),
        report.file,
        report.rows
    );
    out!("  SHA-256: {}", report.sha256);
    out!(
        "  plan: {}{}",
        report.plan_sha256,
        if report.dry_run {
            " (apply exactly this plan with --expect-plan)"
        } else {
            ""
        }
    );
    Ok(())
}
