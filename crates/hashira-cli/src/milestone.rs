//! `hashira milestone add|list`: the review as it is now, kept in the workbook under a name
//! (`--milestone NAME` on the reading commands shows it). The work is in
//! `hashira_core::workbook::milestone`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::workbook::open;

#[derive(Debug, Subcommand)]
pub enum MilestoneCommand {
    /// Keep the review as it is now as milestone NAME (1–100 characters, unique).
    Add(AddArgs),
    /// List the milestones, oldest first.
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    file: PathBuf,
    /// The milestone's name (may start with "-").
    #[arg(allow_hyphen_values = true)]
    name: String,
    /// Who makes it (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    file: PathBuf,
}

pub fn run(command: MilestoneCommand, context: &Context) -> Result<(), Failure> {
    match command {
        MilestoneCommand::Add(args) => {
            let mut workbook = open(&args.file, context)?;
            let actor = context.actor(args.by.as_deref());
            let added = workbook.add_milestone(&args.name, &actor)?;
            if context.json {
                return print_json(&added);
            }
            out!(
                "milestone {} '{}' ({} evidence files; sha256 {})",
                added.number,
                added.name,
                added.evidence_files,
                &added.content_sha256[..12]
            );
            Ok(())
        }
        MilestoneCommand::List(args) => {
            let workbook = open(&args.file, context)?;
            let milestones = workbook.milestones()?;
            if context.json {
                return print_json(&milestones);
            }
            for m in &milestones {
                out!(
                    "{:>3}  {:<30} {}  {}  audit #{}  {} evidence files",
                    m.number,
                    m.name,
                    m.created_at,
                    m.created_by,
                    m.audit_seq,
                    m.evidence_files
                );
            }
            Ok(())
        }
    }
}
