//! `hashira plan`: the improvement items with their owner, due date and status, and editing
//! them (`plan set`, `plan add`). The rules are the core's (`hashira_core::improvement`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use hashira_core::Lang;
use hashira_core::improvement::{ItemEdit, ItemStatus, ItemTarget, TrackedItem};
use hashira_core::{Clock, Error, ErrorCode, ErrorPayload};

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::workbook::{open, open_as_of};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct PlanArgs {
    #[command(subcommand)]
    command: Option<PlanCommand>,
    /// The workbook whose items to list.
    #[arg(required = true)]
    file: Option<PathBuf>,
    /// List the items as milestone NAME (or number) holds them (overdue as of its date).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Edit an item: a practice of the plan (QUESTION CHOICE) or an item by id (--item).
    Set(SetArgs),
    /// Add an item of your own to a question (--title).
    Add(AddArgs),
}

/// The fields an edit may change.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Who is responsible for the item (対応担当者).
    #[arg(long, allow_hyphen_values = true)]
    owner: Option<String>,
    /// Due date, YYYY-MM-DD (期限); "" clears it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    /// OPEN (未着手), IN_PROGRESS (対応中), DONE (完了) or RISK_ACCEPTED (リスク受容, needs --reason).
    #[arg(long)]
    status: Option<String>,
    /// The reason for accepting the risk (リスク受容の理由), with --status RISK_ACCEPTED.
    #[arg(long, allow_hyphen_values = true)]
    reason: Option<String>,
    /// Notes (replace the current notes; may start with "-").
    #[arg(long, allow_hyphen_values = true)]
    notes: Option<String>,
    /// The question's set: needed only when several sets of the workbook have this id.
    #[arg(long = "set", value_name = "SET_ID")]
    set: Option<String>,
    /// Who makes the change (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    file: PathBuf,
    /// The question of the practice.
    #[arg(required_unless_present = "item")]
    question: Option<String>,
    /// The practice (choice id).
    #[arg(required_unless_present = "item")]
    choice: Option<String>,
    /// An item by its id (an item you added, or a practice once edited).
    #[arg(long, value_name = "ID", conflicts_with_all = ["question", "choice"])]
    item: Option<i64>,
    #[command(flatten)]
    edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    file: PathBuf,
    question: String,
    /// What is to be done.
    #[arg(long, allow_hyphen_values = true)]
    title: String,
    #[command(flatten)]
    edit: EditArgs,
}

fn parse_status(text: &str) -> Result<ItemStatus, Failure> {
    ItemStatus::parse(text).ok_or_else(|| {
        Failure::Error(ErrorPayload {
            code: ErrorCode::InvalidImprovementItem,
            message: format!(
                "'{text}' is not a status; use one of {}",
                ItemStatus::ALL.map(|s| s.as_str()).join(", ")
            ),
            details: serde_json::json!({ "field": "status", "reason": "unknown status" }),
        })
    })
}

fn edit_of(args: &EditArgs) -> Result<ItemEdit, Failure> {
    Ok(ItemEdit {
        owner: args.owner.clone(),
        due_date: args.due.clone(),
        status: args.status.as_deref().map(parse_status).transpose()?,
        acceptance_reason: args.reason.clone(),
        notes: args.notes.clone(),
    })
}

pub fn run(args: PlanArgs, context: &Context) -> Result<(), Failure> {
    match args.command {
        Some(PlanCommand::Set(set)) => set_item(set, context),
        Some(PlanCommand::Add(add)) => add_item(add, context),
        None => list(args.file, args.milestone, context),
    }
}

fn list(
    file: Option<PathBuf>,
    milestone: Option<String>,
    context: &Context,
) -> Result<(), Failure> {
    // `required = true` on FILE: clap refuses a bare `hashira plan`.
    let Some(file) = file else {
        return Err(Failure::Error(ErrorPayload {
            code: ErrorCode::Io,
            message: "no workbook given".into(),
            details: serde_json::Value::Null,
        }));
    };
    let review = open_as_of(&file, milestone.as_deref(), context)?;
    // A milestone's items are overdue as of the day it was made.
    let now = match review.milestone() {
        Some(info) => hashira_core::FixedClock::parse(&info.created_at, 0)
            .map_or_else(|| context.clock.now(), |at| at.now()),
        None => context.clock.now(),
    };
    let items = review.improvement_items(now)?;
    if context.json {
        return print_json(&items);
    }
    if items.is_empty() {
        out!("No improvement items.");
    }
    for item in &items {
        print_item(item);
    }
    Ok(())
}

fn print_item(item: &TrackedItem) {
    let state = if !item.in_plan {
        "RESOLVED"
    } else {
        item.priority.map(|r| r.as_str()).unwrap_or("ADDED")
    };
    let mut line = format!(
        "{:<18} {:<8} {:<13}",
        item.name(),
        state,
        item.fields.status.as_str()
    );
    if let Some(due) = &item.fields.due_date {
        line.push_str(&format!(" due {due}"));
        if item.overdue {
            line.push_str(" OVERDUE");
        }
    }
    if !item.fields.owner.is_empty() {
        line.push_str(&format!(" owner {}", item.fields.owner));
    }
    out!("{line}  {}", item.title.get(Lang::Ja));
    if !item.fields.acceptance_reason.is_empty() {
        out!("    reason: {}", item.fields.acceptance_reason);
    }
}

fn show_saved(item: &TrackedItem, context: &Context) -> Result<(), Failure> {
    if context.json {
        return print_json(item);
    }
    print_item(item);
    Ok(())
}

fn set_item(args: SetArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = open(&args.file, context)?;
    let target = match (args.item, &args.question, &args.choice) {
        (Some(id), _, _) => ItemTarget::Id { id },
        (None, Some(question), Some(choice)) => {
            let (_, _, question) =
                workbook.resolve_question_in(args.edit.set.as_deref(), question)?;
            ItemTarget::Practice {
                question_id: question.key().to_string(),
                choice_id: choice.clone(),
            }
        }
        // clap requires QUESTION and CHOICE unless --item.
        _ => {
            return Err(Error::ImprovementItemNotFound {
                item: String::new(),
                reason: "name a practice (QUESTION CHOICE) or an item (--item ID)".into(),
            }
            .into());
        }
    };
    let edit = edit_of(&args.edit)?;
    let actor = context.actor(args.edit.by.as_deref());
    let item = workbook.set_improvement_item(&target, edit, &actor, context.clock.now())?;
    show_saved(&item, context)
}

fn add_item(args: AddArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = open(&args.file, context)?;
    let (_, _, question) =
        workbook.resolve_question_in(args.edit.set.as_deref(), &args.question)?;
    let question_id = question.key().to_string();
    let edit = edit_of(&args.edit)?;
    let actor = context.actor(args.edit.by.as_deref());
    let item = workbook.add_improvement_item(
        &question_id,
        &args.title,
        edit,
        &actor,
        context.clock.now(),
    )?;
    show_saved(&item, context)
}
