//! `hashira copy FILE NEW --by NAME`: a copy of the workbook for another reviewer, recording
//! who took it (core: `Workbook::copy_for_reviewer`). The copies merge back with
//! `hashira merge`.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::workbook::open;

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The workbook to copy (it may be open in the app meanwhile).
    file: PathBuf,
    /// The new file (must not exist).
    new: PathBuf,
    /// The reviewer who takes the copy (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

pub fn run(args: CopyArgs, context: &Context) -> Result<(), Failure> {
    let workbook = open(&args.file, context)?;
    let by = context.actor(args.by.as_deref());
    let head = workbook.copy_for_reviewer(&args.new, &by)?;
    if context.json {
        return print_json(&json!({
            "copy": args.new.display().to_string(),
            "workbook_id": workbook.id(),
            "by": by,
            "audit_head": head,
        }));
    }
    out!(
        "{} copied to {} for {by} (workbook id {}); merge it back with `hashira merge {} {}`",
        args.file.display(),
        args.new.display(),
        workbook.id(),
        args.file.display(),
        args.new.display()
    );
    Ok(())
}
