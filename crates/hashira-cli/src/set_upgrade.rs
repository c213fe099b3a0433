//! `hashira set upgrade`: a new edition of a question set the workbook holds, its answers
//! carried (`hashira_core::workbook::upgrade`). The dry run prints the plan and its
//! fingerprint; `--expect-plan HEX` applies only that plan.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use hashira_core::Error;
use hashira_core::lens::{self, LensImportError};
use hashira_core::question_set::QuestionSet;
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::workbook::upgrade::{IdMap, UpgradePlan};

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::workbook::open;

#[derive(Debug, Subcommand)]
pub enum SetCommand {
    /// Upgrade a question set to a new edition, keeping the answers (a milestone "before
    /// upgrade to SET VERSION" keeps the review as it was).
    Upgrade(UpgradeArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("edition").required(true).args(["new_file", "lens", "shipped"])))]
pub struct UpgradeArgs {
    file: PathBuf,
    /// The set to upgrade.
    #[arg(long = "set", value_name = "ID")]
    set: String,
    /// The new edition as a set file (TOML).
    #[arg(long = "file", value_name = "NEW.toml")]
    new_file: Option<PathBuf>,
    /// The new edition as an AWS WA Tool custom lens (JSON).
    #[arg(long, value_name = "NEW.json")]
    lens: Option<PathBuf>,
    /// The edition this build ships.
    #[arg(long)]
    shipped: bool,
    /// Old → new id renames (questions/README.md "Upgrade maps").
    #[arg(long, value_name = "MAP.toml")]
    map: Option<PathBuf>,
    /// Show the plan; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Apply only the plan with this fingerprint (from the dry run).
    #[arg(long, value_name = "HEX")]
    expect_plan: Option<String>,
    /// Who upgrades (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| Error::Io {
        action: "cannot read (not UTF-8)",
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

fn new_edition(args: &UpgradeArgs, taken: &[String]) -> Result<QuestionSet, Failure> {
    if let Some(path) = &args.new_file {
        return Ok(crate::sets::load_set_file(path)?);
    }
    if let Some(path) = &args.lens {
        let bytes = lens::read_lens_file(path).map_err(|e| Failure::Error(e.payload()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        let imported =
            lens::lens_to_set(&bytes, &name, Some(&args.set), &taken).map_err(|refused| {
                Failure::Error(
                    LensImportError::Refused {
                        file: path.display().to_string(),
                        problems: refused.problems,
                    }
                    .payload(),
                )
            })?;
        for warning in &imported.warnings {
            eprintln!("{}: {warning}", path.display());
        }
        return Ok(imported.set);
    }
    Ok(shipped_set(&args.set)?)
}

pub fn run(command: SetCommand, context: &Context) -> Result<(), Failure> {
    let SetCommand::Upgrade(args) = command;
    let mut workbook = open(&args.file, context)?;
    let taken: Vec<String> = workbook
        .question_sets()
        .iter()
        .map(|s| s.id().to_string())
        .filter(|id| *id != args.set)
        .collect();
    let new = new_edition(&args, &taken)?;
    let map = match &args.map {
        Some(path) => Some(IdMap::from_toml(
            &read_text(path)?,
            &path.display().to_string(),
            &args.set,
        )?),
        None => None,
    };
    if args.dry_run {
        let plan = workbook.plan_set_upgrade(&args.set, new, map.as_ref())?;
        if context.json {
            return print_json(&plan);
        }
        print_plan(&plan);
        out!(
            "dry run: nothing changed; apply with --expect-plan {}",
            plan.fingerprint
        );
        return Ok(());
    }
    let actor = context.actor(args.by.as_deref());
    let outcome = workbook.apply_set_upgrade(
        &args.set,
        new,
        map.as_ref(),
        args.expect_plan.as_deref(),
        &actor,
    )?;
    if context.json {
        return print_json(&outcome);
    }
    print_plan(&outcome.plan);
    out!(
        "upgraded; the review as it was is milestone {} '{}'",
        outcome.milestone.number,
        outcome.milestone.name
    );
    Ok(())
}

fn print_plan(plan: &UpgradePlan) {
    let s = &plan.summary;
    out!(
        "{} {} → {}: {} carried unchanged, {} changed ({} to re-review), {} selections lost, {} new questions, {} new choices, {} removed questions ({} answered, {} evidence)",
        plan.set_id,
        plan.from_version_label,
        plan.to_version_label,
        s.unchanged,
        s.changed,
        s.to_rereview,
        s.lost_selections,
        s.new_questions,
        s.new_choices,
        s.removed_questions,
        s.removed_answers,
        s.removed_evidence
    );
    for c in plan.unchanged.iter().filter(|c| c.from != c.to) {
        out!("  renamed    {} → {}", c.from, c.to);
    }
    for c in &plan.changed {
        let mut what = Vec::new();
        if c.from != c.to {
            what.push(format!("renamed from {}", c.from));
        }
        if c.split {
            what.push(format!("split from {}", c.from));
        }
        if c.question_text_changed {
            what.push("question text".to_string());
        }
        if c.rules_changed {
            what.push("risk rules".to_string());
        }
        if !c.choices_text_changed.is_empty() {
            what.push(format!("choice text {}", c.choices_text_changed.join(", ")));
        }
        if !c.choices_added.is_empty() {
            what.push(format!("new choices {}", c.choices_added.join(", ")));
        }
        if !c.choices_removed.is_empty() {
            what.push(format!("removed choices {}", c.choices_removed.join(", ")));
        }
        let mark = if c.to_rereview {
            "re-review"
        } else {
            "changed  "
        };
        out!("  {mark}  {}: {}", c.to, what.join("; "));
    }
    for l in &plan.lost_selections {
        out!("  lost       {} {} ({})", l.question, l.choice_id, l.status);
    }
    for q in &plan.new_questions {
        out!("  new        {} ({} choices)", q.id, q.choices);
    }
    for r in &plan.removed_questions {
        out!(
            "  removed    {}{}",
            r.id,
            if r.answered {
                format!(
                    " (answered; {} evidence) — kept in the milestone",
                    r.evidence
                )
            } else {
                String::new()
            }
        );
    }
}

/// `hashira questions --rereview`: the re-review list, each question with its title and what
/// changed.
pub fn print_rereview(
    workbook: &hashira_core::Workbook,
    set: Option<&str>,
    context: &Context,
) -> Result<(), Failure> {
    let items: Vec<_> = workbook
        .rereview_list()?
        .into_iter()
        .filter(|item| set.is_none_or(|set| item.set_id == set))
        .collect();
    if context.json {
        return print_json(&items);
    }
    for item in &items {
        let title = workbook
            .find_question(&item.question_id)
            .map(|(_, _, q)| q.title.get(hashira_core::Lang::Ja).to_string())
            .unwrap_or_default();
        out!("{:<10} 要再確認 / to re-review  {title}", item.question_id);
        let list = |key: &str| -> Vec<String> {
            item.reasons[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut what = Vec::new();
        if item.reasons["question_text"] == true {
            what.push("question text".to_string());
        }
        if item.reasons["rules"] == true {
            what.push("risk rules".to_string());
        }
        for (key, label) in [
            ("choices_text", "choice text"),
            ("choices_added", "new choices"),
            ("choices_removed", "removed choices"),
            ("selections_lost", "selections lost"),
        ] {
            let ids = list(key);
            if !ids.is_empty() {
                what.push(format!("{label} {}", ids.join(", ")));
            }
        }
        out!("    {} ({}): {}", item.upgrade, item.since, what.join("; "));
    }
    Ok(())
}
