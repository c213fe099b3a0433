//! `hashira wg`: the セキュリティリスク評価共同化WG's per-service evaluation workbooks.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use hashira_core::clock::format_timestamp;
use serde_json::json;

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::workbook::open;

#[derive(Debug, Subcommand)]
pub enum WgCommand {
    /// Import a WG evaluation workbook (.xlsx) into the workbook.
    Import(ImportArgs),
    /// List the stored WG evaluations.
    List(ListArgs),
    /// Print a stored service's three tables, with the institution's columns and each
    /// criterion's row and id.
    Show(ShowArgs),
    /// Export a stored evaluation (with the institution's decisions) as a printable .xlsx.
    Export(ExportArgs),
    /// Write an empty WG evaluation workbook to fill in.
    Template(TemplateArgs),
    /// Record the institution's evaluation of one criterion (by its number, #N or --row N for the
    /// Nth row, or --id from `wg show`).
    Evaluate(EvaluateArgs),
    /// Criteria that name Well-Architected question ids, and the criteria of each question.
    Links(LinksArgs),
    /// Remove a service's stored evaluation; the institution's evaluations go into the audit entry.
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    pub(crate) file: PathBuf,
    /// The AWS service whose evaluation is removed.
    #[arg(long)]
    pub(crate) service: String,
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) by: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("criterion").required(true).args(["criterion_id", "row", "id"])))]
pub struct EvaluateArgs {
    pub(crate) file: PathBuf,
    /// The AWS service.
    #[arg(long)]
    pub(crate) service: String,
    /// The criterion's number (項番), or #N for the Nth criterion row.
    pub(crate) criterion_id: Option<String>,
    /// The Nth criterion row (1-based), as `wg show` numbers them.
    #[arg(long)]
    pub(crate) row: Option<usize>,
    /// The criterion's id, as `wg show` lists it (kept when a re-import matches the criterion).
    #[arg(long)]
    pub(crate) id: Option<i64>,
    /// 採用 / 条件付き採用 / 不採用 / 未評価 (or ADOPTED, CONDITIONAL, REJECTED, NOT_EVALUATED).
    #[arg(long)]
    pub(crate) decision: Option<String>,
    /// 自機関の対策: the institution's own measures.
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) measures: Option<String>,
    /// 残存リスク
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) residual_risk: Option<String>,
    /// レビュー担当者の所見 (reviewer notes)
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) notes: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) by: Option<String>,
}

#[derive(Debug, Args)]
pub struct LinksArgs {
    pub(crate) file: PathBuf,
    /// Only this question id (SEC1, FISCSEC3, …).
    #[arg(long)]
    pub(crate) question: Option<String>,
    /// The --question's set: needed only when several sets of the workbook have this id.
    #[arg(long = "set", value_name = "SET_ID")]
    pub(crate) set: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub(crate) file: PathBuf,
    pub(crate) sheet: PathBuf,
    /// Show what would be imported; change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// The AWS service name; required when the file names none (no cover or title with one).
    #[arg(long)]
    pub(crate) service: Option<String>,
    /// A blank 採否 / 自機関の対策 / 残存リスク / レビュー担当者の所見 cell clears the stored value
    /// (without it a blank cell keeps the stored value).
    #[arg(long)]
    pub(crate) clear_blank: bool,
    /// Apply only if the import would store exactly the plan a dry run printed (its `plan:`
    /// fingerprint); refused with WG_PLAN_CHANGED otherwise.
    #[arg(long, value_name = "SHA256")]
    pub(crate) expect_plan: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub(crate) file: PathBuf,
    /// The AWS service to show.
    #[arg(long)]
    pub(crate) service: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    pub(crate) file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub(crate) file: PathBuf,
    /// The AWS service to export.
    #[arg(long)]
    pub(crate) service: String,
    pub(crate) out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    pub(crate) out: PathBuf,
}

pub fn run(command: WgCommand, context: &Context) -> Result<(), Failure> {
    match command {
        WgCommand::Import(args) => import(args, context),
        WgCommand::List(args) => list(args, context),
        WgCommand::Show(args) => crate::wg_show::show(args, context),
        WgCommand::Export(args) => export(args, context),
        WgCommand::Template(args) => template(args, context),
        WgCommand::Evaluate(args) => crate::wg_evaluate::evaluate(args, context),
        WgCommand::Links(args) => crate::wg_evaluate::links(args, context),
        WgCommand::Delete(args) => delete(args, context),
    }
}

fn import(args: ImportArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = open(&args.file, context)?;
    let options = hashira_xlsx::wg::WgImportOptions {
        service: args.service.clone(),
        dry_run: args.dry_run,
        clear_blank: args.clear_blank,
        expect_plan: args.expect_plan.clone(),
    };
    let actor = context.actor(args.by.as_deref());
    let report = hashira_xlsx::wg::import_wg(&mut workbook, &args.sheet, &options, &actor)
        .map_err(|e| Failure::Error(e.payload()))?;
    if context.json {
        return print_json(&report);
    }
    out!(
        "{} {} ({} {}) from {}",
        if report.dry_run {
            "Would import"
        } else {
            "Imported"
        },
        report.service,
        if report.edition.is_empty() {
            "-"
        } else {
            &report.edition
        },
        if report.edition_date.is_empty() {
            "-"
        } else {
            &report.edition_date
        },
        report.file
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
    for (key, (sheet, row)) in &report.sheets {
        let unknown = report.unknown_columns.get(key).cloned().unwrap_or_default();
        out!(
            "  {key}: sheet '{sheet}', header on row {row}{}",
            if unknown.is_empty() {
                String::new()
            } else {
                format!(", kept unknown columns: {}", unknown.join(", "))
            }
        );
    }
    out!(
        "  {} scenarios, {} criteria, {} notes; {} perspectives and {} categories ({})",
        report.scenarios,
        report.criteria,
        report.notes,
        report.perspectives,
        report.categories,
        if report.code_lists_from == "file" {
            "from the file"
        } else {
            "derived from the criteria"
        }
    );
    for warning in &report.warnings {
        out!("  note: {warning}");
    }
    for d in &report.duplicate_numbers {
        out!(
            "  duplicate criterion number '{}': rows {} (wg evaluate: {})",
            d.criterion_no,
            d.rows
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            d.positions
                .iter()
                .map(|p| format!("--row {}", p + 1))
                .collect::<Vec<_>>()
                .join(" / ")
        );
    }
    if let Some(plan) = &report.merge
        && plan.existing
    {
        crate::wg_evaluate::print_merge(plan);
    }
    Ok(())
}

fn list(args: ListArgs, context: &Context) -> Result<(), Failure> {
    let workbook = open(&args.file, context)?;
    let list = workbook.wg_assessments()?;
    if context.json {
        return print_json(&list);
    }
    if list.is_empty() {
        out!("No WG evaluations in {}.", args.file.display());
    }
    for item in list {
        out!(
            "{}  {} {}  {} criteria (採用 {}, 条件付き採用 {}, 不採用 {}, 未評価 {})  from {} ({}…)",
            item.service,
            item.edition,
            item.edition_date,
            item.criteria,
            item.decisions.get("ADOPTED").copied().unwrap_or(0),
            item.decisions.get("CONDITIONAL").copied().unwrap_or(0),
            item.decisions.get("REJECTED").copied().unwrap_or(0),
            item.decisions.get("NOT_EVALUATED").copied().unwrap_or(0),
            item.source_file,
            item.source_sha256.chars().take(12).collect::<String>()
        );
    }
    Ok(())
}

fn delete(args: DeleteArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = open(&args.file, context)?;
    let actor = context.actor(args.by.as_deref());
    // Read first: the summary says what was lost (how many criteria carried a decision).
    let removed = workbook
        .wg_assessments()?
        .into_iter()
        .find(|item| item.service == args.service);
    workbook.delete_wg_assessment(&args.service, &actor)?;
    let (criteria, decided) = removed.map_or((0, 0), |item| (item.criteria, item.decided()));
    if context.json {
        return print_json(&json!({
            "service": args.service,
            "criteria": criteria,
            "decided": decided,
        }));
    }
    out!(
        "Removed the WG evaluation of {} ({} criteria, {} with a decision) from {}.",
        args.service,
        criteria,
        decided,
        args.file.display()
    );
    Ok(())
}

fn export(args: ExportArgs, context: &Context) -> Result<(), Failure> {
    let workbook = open(&args.file, context)?;
    let at = format_timestamp(context.clock.now());
    let criteria = hashira_xlsx::wg::export_wg(&workbook, &args.service, &args.out, &at)
        .map_err(|e| Failure::Error(e.payload()))?;
    if context.json {
        return print_json(&json!({
            "service": args.service,
            "out": args.out.display().to_string(),
            "criteria": criteria,
        }));
    }
    out!("Wrote {} ({} criteria).", args.out.display(), criteria);
    Ok(())
}

fn template(args: TemplateArgs, context: &Context) -> Result<(), Failure> {
    let at = format_timestamp(context.clock.now());
    hashira_xlsx::wg::write_template(&args.out, &at).map_err(|e| Failure::Error(e.payload()))?;
    if context.json {
        return print_json(&json!({ "out": args.out.display().to_string() }));
    }
    out!("Wrote {}.", args.out.display());
    Ok(())
}
