//! `hashira merge FILE OTHER [--dry-run] [--prefer ours|theirs] [--resolve FILE]`: a
//! reviewer's copy merged into the workbook (core: `hashira_core::workbook::merge`). The dry
//! run prints the plan and writes the resolutions template; the merge applies exactly the
//! plan the template (or the dry run) was made for.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use hashira_core::clock::display_stored;
use hashira_core::workbook::merge::{
    MergeConflict, MergeItem, MergePlan, MergeResolution, MergeResolutions, MergeSettled, MergeSide,
};
use hashira_core::{Error, Workbook};
use serde_json::{Value, json};

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Prefer {
    Ours,
    Theirs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The dry run writes the resolutions template beside OTHER as \
    OTHER-STEM.resolutions.json (or --template PATH; an existing file is kept): one entry per \
    conflict id, set each to \"ours\", \"theirs\" or {\"edit\": VALUE} (your own value: \
    copy the conflict's edit_from_ours or edit_from_theirs and change it; checked as an \
    ordinary edit of that thing, written as your change) and pass the file to --resolve. The \
    merge refuses a template made for another plan (MERGE_PLAN_CHANGED), unresolved conflicts \
    (MERGE_CONFLICTS) and an edited value that does not pass (MERGE_REFUSED, INVALID_EDIT); \
    --prefer settles every conflict the file leaves open."
)]
pub struct MergeArgs {
    /// The workbook merged into.
    file: PathBuf,
    /// A reviewer's copy of the same workbook (`hashira copy`, or a file copy).
    other: PathBuf,
    /// Show the plan and write the resolutions template; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// The side every conflict not resolved otherwise takes.
    #[arg(long, value_enum)]
    prefer: Option<Prefer>,
    /// Resolutions (the dry run's template, filled in).
    #[arg(long, value_name = "RESOLUTIONS.json")]
    resolve: Option<PathBuf>,
    /// Where the dry run writes the resolutions template.
    #[arg(long, value_name = "PATH")]
    template: Option<PathBuf>,
    /// Who merges (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

fn template_path(args: &MergeArgs) -> PathBuf {
    if let Some(path) = &args.template {
        return path.clone();
    }
    let stem = args
        .other
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "merge".into());
    args.other
        .with_file_name(format!("{stem}.resolutions.json"))
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn read_resolutions(path: &Path) -> Result<MergeResolutions, Error> {
    let bytes = std::fs::read(path).map_err(|e| io("cannot read", path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        io(
            "cannot read (not a resolutions file)",
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })
}

/// A value as a reader wants it: an answer as its selections or N/A, nothing as "—".
fn describe(item: MergeItem, value: &Value) -> String {
    match (item, value) {
        (_, Value::Null) => "—".into(),
        (MergeItem::Answer, value) => {
            if let Some(reason) = value["not_applicable_reason"].as_str() {
                return format!("N/A ({reason})");
            }
            let selected: Vec<&str> = value["choices"]
                .as_object()
                .map(|c| {
                    c.iter()
                        .filter(|(_, row)| row["status"] == "SELECTED")
                        .map(|(id, _)| id.as_str())
                        .collect()
                })
                .unwrap_or_default();
            if selected.is_empty() {
                "unanswered".into()
            } else {
                selected.join(", ")
            }
        }
        (MergeItem::Evidence, row) => format!(
            "{} {}",
            row["kind"].as_str().unwrap_or(""),
            row["file_name"]
                .as_str()
                .or(row["url"].as_str())
                .or(row["title"].as_str())
                .unwrap_or("")
        ),
        (_, Value::String(text)) => format!("{text:?}"),
        (_, other) => other.to_string(),
    }
}

fn who(by: &Option<String>, at: &Option<String>, shown: &dyn Fn(&str) -> String) -> String {
    match (by, at) {
        (Some(by), Some(at)) => format!("{by}, {}", shown(at)),
        (Some(by), None) => by.clone(),
        _ => "—".into(),
    }
}

fn print_plan(plan: &MergePlan, template: Option<&Path>, shown: &dyn Fn(&str) -> String) {
    out!(
        "merge of {} (copies parted after audit entry {}, {})",
        plan.other.display(),
        plan.fork.seq,
        shown(&plan.fork.at)
    );
    if plan.already_merged {
        out!("already merged: nothing to do");
        return;
    }
    out!("their audit entries to add: {}", plan.their_entries);
    out!("taken from them ({}):", plan.taken.len());
    for change in &plan.taken {
        out!(
            "  {:<28} {} → {}  ({})",
            change.id,
            describe(change.item, &change.ours),
            describe(change.item, &change.theirs),
            who(&change.by, &change.at, shown)
        );
    }
    out!("conflicts ({}):", plan.conflicts.len());
    for conflict in &plan.conflicts {
        print_conflict(conflict, shown);
    }
    for note in &plan.notes {
        out!("note: {note}");
    }
    out!("plan: {}", plan.fingerprint);
    if let Some(path) = template {
        out!(
            "resolutions template: {} (set each conflict to \"ours\", \"theirs\" or {{\"edit\": value}} \
             — copy a conflict's edit_from_ours or edit_from_theirs and change it — then --resolve it)",
            path.display()
        );
    }
}

fn print_conflict(conflict: &MergeConflict, shown: &dyn Fn(&str) -> String) {
    out!(
        "  {}: at the fork {}; ours {} ({}); theirs {} ({})",
        conflict.id,
        describe(conflict.item, &conflict.base),
        describe(conflict.item, &conflict.ours),
        who(&conflict.ours_by, &conflict.ours_at, shown),
        describe(conflict.item, &conflict.theirs),
        who(&conflict.theirs_by, &conflict.theirs_at, shown)
    );
}

pub fn run(args: MergeArgs, context: &Context) -> Result<(), Failure> {
    let resolutions = match &args.resolve {
        Some(path) if !args.dry_run => Some(read_resolutions(path)?),
        _ => None,
    };
    let edits = resolutions.as_ref().is_some_and(|r| {
        r.resolutions
            .values()
            .any(|v| matches!(v, Some(MergeResolution::Edit { .. })))
    });
    // The merge reads and writes rows, never a set's text: not parsed — unless a conflict is
    // settled by an edited value, which is checked against its question and items.
    let mut workbook = if edits {
        Workbook::open(&args.file, context.clock.clone())?
    } else {
        Workbook::open_for_figures(&args.file, context.clock.clone())?
    };
    if args.dry_run {
        let plan = workbook.plan_merge(&args.other)?;
        let template = (!plan.conflicts.is_empty()).then(|| template_path(&args));
        let mut written = None;
        if let Some(path) = &template
            && !path.exists()
        {
            let text =
                serde_json::to_string_pretty(&plan.resolutions_template()).unwrap_or_default();
            std::fs::write(path, text + "\n").map_err(|e| io("cannot write", path, e))?;
            written = Some(path.clone());
        }
        if context.json {
            let mut value = serde_json::to_value(&plan).unwrap_or_default();
            value["resolutions_template"] =
                json!(template.as_ref().map(|p| p.display().to_string()));
            value["template_written"] = json!(written.is_some());
            return print_json(&value);
        }
        let offset = workbook.time_offset()?;
        print_plan(&plan, template.as_deref(), &|at| display_stored(at, offset));
        if let (Some(path), None) = (&template, &written) {
            out!(
                "({} exists and was kept: delete it for a fresh template)",
                path.display()
            );
        }
        return Ok(());
    }
    let mut resolutions = resolutions.unwrap_or_default();
    if let Some(prefer) = args.prefer {
        resolutions.prefer = Some(match prefer {
            Prefer::Ours => MergeSide::Ours,
            Prefer::Theirs => MergeSide::Theirs,
        });
    }
    let actor = context.actor(args.by.as_deref());
    let outcome = workbook.apply_merge(&args.other, None, &resolutions, &actor)?;
    if context.json {
        return print_json(&outcome);
    }
    if !outcome.merged {
        out!(
            "{} is already merged: nothing changed",
            args.other.display()
        );
        return Ok(());
    }
    out!(
        "merged {} into {}: {} change(s) taken, {} of their audit entries added, {} conflict(s) resolved",
        args.other.display(),
        args.file.display(),
        outcome.taken,
        outcome.their_entries,
        outcome.resolutions.len()
    );
    for (id, settled) in &outcome.resolutions {
        out!(
            "  {id}: {}",
            match settled {
                MergeSettled::Ours => "ours",
                MergeSettled::Theirs => "theirs",
                MergeSettled::Edit => "edited (your value, recorded as your change)",
            }
        );
    }
    Ok(())
}
