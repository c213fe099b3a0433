//! `hashira bundle FILE OUT.zip` and `hashira bundle verify OUT.zip`: the evidence bundle for
//! hand-over (see the `hashira-bundle` crate).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use hashira_bundle::{BundleOptions, build_bundle, verify_bundle};
use hashira_core::Lang;

use crate::context::Context;
use crate::output::{Failure, format_size, print_json};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum BundleLang {
    Ja,
    En,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BundleArgs {
    #[command(subcommand)]
    command: Option<BundleCommand>,
    /// The workbook file (it may be open in the app meanwhile).
    #[arg(required = true)]
    file: Option<PathBuf>,
    /// The zip to write (never the workbook; an existing file only with --force).
    #[arg(required = true)]
    out: Option<PathBuf>,
    /// The report's language: ja (times in JST) or en (times in UTC).
    #[arg(long, value_enum, default_value = "ja")]
    lang: BundleLang,
    /// Report, answers and evidence as milestone NAME (or number) holds them; the snapshot is
    /// still the whole workbook.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
    /// Replace an existing OUT (only once the new bundle is complete).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Subcommand)]
enum BundleCommand {
    /// Check a bundle: every file against MANIFEST.json, SHA256SUMS, and the snapshot's audit
    /// chain against the recorded head. Exit 3 names every missing, extra or changed file.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// The bundle (.zip).
    bundle: PathBuf,
}

pub fn run(args: BundleArgs, context: &Context) -> Result<(), Failure> {
    if let Some(BundleCommand::Verify(verify)) = args.command {
        return check(verify, context);
    }
    let (Some(file), Some(out)) = (args.file, args.out) else {
        // clap requires both when there is no subcommand.
        return Ok(());
    };
    let options = BundleOptions {
        lang: match args.lang {
            BundleLang::Ja => Lang::Ja,
            BundleLang::En => Lang::En,
        },
        milestone: args.milestone,
        overwrite: args.force,
        clock: context.clock.clone(),
    };
    let done = build_bundle(&file, &out, &options, &mut |_| {})
        .map_err(|e| Failure::Error(e.payload()))?;
    if context.json {
        return print_json(&done);
    }
    out!(
        "wrote {} ({} files, {} evidence files, {})",
        done.path,
        done.entries,
        done.evidence_files,
        format_size(i64::try_from(done.bytes).unwrap_or(i64::MAX))
    );
    out!("  workbook {}", done.workbook_id);
    out!("  audit chain head {}", done.audit_chain_head);
    if let Some(milestone) = &done.milestone {
        out!("  milestone {} '{}'", milestone.number, milestone.name);
    }
    out!(
        "  SHA-256 of SHA256SUMS {} (send it to the recipient by another channel)",
        done.sums_sha256
    );
    for warning in &done.report_warnings {
        eprintln!("hashira: warning: {}", warning.message);
    }
    Ok(())
}

fn check(args: VerifyArgs, context: &Context) -> Result<(), Failure> {
    let check = verify_bundle(&args.bundle, context.clock.clone())
        .map_err(|e| Failure::Error(e.payload()))?;
    if context.json {
        print_json(&check)?;
    } else if check.ok {
        out!(
            "ok: {} files match MANIFEST.json and SHA256SUMS; the snapshot verifies and its audit chain ends at {}",
            check.files_checked,
            check.audit_chain_head
        );
    } else {
        for problem in &check.problems {
            out!("{:?}: {}", problem.kind, problem.message);
        }
    }
    if check.ok {
        Ok(())
    } else {
        if !context.json {
            eprintln!(
                "hashira: {} problem(s) found in {}",
                check.problems.len(),
                args.bundle.display()
            );
        }
        Err(Failure::ProblemsFound)
    }
}
