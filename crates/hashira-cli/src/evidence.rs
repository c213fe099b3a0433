//! `hashira evidence add | list | get | remove`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use hashira_core::question_set::lookup;
use hashira_core::workbook::{Evidence, EvidenceKind, NewEvidence};

use crate::context::Context;
use crate::output::{Failure, format_size, print_json};
use crate::workbook::open;

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Attach a file, a link or a text excerpt to a question (or one of its choices).
    Add(AddArgs),
    /// List evidence.
    List(ListArgs),
    /// Write a stored file back to disk.
    Get(GetArgs),
    /// Remove an evidence item.
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(false)))]
pub struct AddArgs {
    file: PathBuf,
    question_id: String,
    /// The question's set: needed only when several sets of the workbook have this id.
    #[arg(long = "set", value_name = "SET_ID")]
    set: Option<String>,
    /// A file to store inside the workbook.
    #[arg(long = "file", value_name = "PATH", group = "what")]
    path: Option<PathBuf>,
    /// A link.
    #[arg(long, group = "what")]
    url: Option<String>,
    /// A text excerpt (may start with "-").
    #[arg(long, group = "what", allow_hyphen_values = true)]
    text: Option<String>,
    /// A title for the evidence (may start with "-").
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    title: String,
    /// Attach to this choice of the question.
    #[arg(long = "choice", value_name = "CHOICE_ID")]
    choice: Option<String>,
    /// Who adds it (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    file: PathBuf,
    /// Only this question's evidence.
    #[arg(long = "question", value_name = "QUESTION_ID")]
    question: Option<String>,
    /// The --question's set: needed only when several sets of the workbook have this id.
    #[arg(long = "set", value_name = "SET_ID")]
    set: Option<String>,
    /// Show the review as milestone NAME (or number) holds it.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    file: PathBuf,
    evidence_id: i64,
    /// Where to write the file.
    output: PathBuf,
    /// Replace an existing file at OUTPUT (only once the new copy is complete and verified).
    #[arg(long)]
    force: bool,
    /// A file milestone NAME (or number) lists, even if since removed from the review.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    file: PathBuf,
    evidence_id: i64,
    /// Who removes it (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

pub fn run(command: EvidenceCommand, context: &Context) -> Result<(), Failure> {
    match command {
        EvidenceCommand::Add(args) => add(args, context),
        EvidenceCommand::List(args) => list(args, context),
        EvidenceCommand::Get(args) => get(args, context),
        EvidenceCommand::Remove(args) => remove(args, context),
    }
}

fn describe(evidence: &Evidence) -> String {
    match evidence.kind {
        EvidenceKind::File => format!(
            "file {} ({}, {}, sha256 {})",
            evidence.file_name.as_deref().unwrap_or(""),
            evidence.media_type.as_deref().unwrap_or(""),
            format_size(evidence.size_bytes.unwrap_or(0)),
            evidence
                .sha256
                .as_deref()
                .map(|h| &h[..12.min(h.len())])
                .unwrap_or("")
        ),
        EvidenceKind::Link => format!("link {}", evidence.url.as_deref().unwrap_or("")),
        EvidenceKind::Text => {
            let excerpt = evidence.excerpt.as_deref().unwrap_or("");
            let short: String = excerpt.chars().take(40).collect();
            let ellipsis = if excerpt.chars().count() > 40 {
                "…"
            } else {
                ""
            };
            format!("text \"{short}{ellipsis}\"")
        }
    }
}

fn add(args: AddArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = open(&args.file, context)?;
    let title = args.title.clone();
    let item = match (args.path, args.url, args.text) {
        (Some(path), _, _) => NewEvidence::File { path, title },
        (_, Some(url), _) => NewEvidence::Link { url, title },
        (_, _, Some(text)) => NewEvidence::Text { text, title },
        // clap's required group guarantees one of the three.
        (None, None, None) => NewEvidence::Text {
            text: String::new(),
            title,
        },
    };
    let (_, _, question) = workbook.resolve_question_in(args.set.as_deref(), &args.question_id)?;
    let choice_id = match &args.choice {
        Some(text) => Some(lookup::resolve_choice(question, text)?.id.clone()),
        None => None,
    };
    let question_id = question.key().to_string();
    let actor = context.actor(args.by.as_deref());
    let evidence = workbook.add_evidence(&question_id, choice_id.as_deref(), item, &actor)?;
    if context.json {
        return print_json(&evidence);
    }
    out!(
        "added evidence {} to {}: {}",
        evidence.id,
        evidence.question_id,
        describe(&evidence)
    );
    Ok(())
}

fn list(args: ListArgs, context: &Context) -> Result<(), Failure> {
    let workbook = crate::workbook::open_as_of(&args.file, args.milestone.as_deref(), context)?;
    let question_id = match &args.question {
        Some(text) => Some(
            workbook
                .resolve_question_in(args.set.as_deref(), text)?
                .2
                .key()
                .to_string(),
        ),
        None => None,
    };
    let items = workbook.list_evidence(question_id.as_deref())?;
    if context.json {
        return print_json(&items);
    }
    for e in &items {
        let target = match &e.choice_id {
            Some(choice) => format!("{} / {choice}", e.question_id),
            None => e.question_id.clone(),
        };
        out!(
            "{:>4}  {:<24} {}  [{} {}]",
            e.id,
            target,
            describe(e),
            e.added_by,
            e.added_at
        );
        if !e.title.is_empty() {
            out!("      {}", e.title);
        }
    }
    Ok(())
}

fn get(args: GetArgs, context: &Context) -> Result<(), Failure> {
    let workbook = crate::workbook::open_as_of(&args.file, args.milestone.as_deref(), context)?;
    let evidence = workbook.extract_evidence(args.evidence_id, &args.output, args.force)?;
    if context.json {
        return print_json(&evidence);
    }
    out!("wrote {} ({})", args.output.display(), describe(&evidence));
    Ok(())
}

fn remove(args: RemoveArgs, context: &Context) -> Result<(), Failure> {
    let mut workbook = open(&args.file, context)?;
    let actor = context.actor(args.by.as_deref());
    let evidence = workbook.remove_evidence(args.evidence_id, &actor)?;
    if context.json {
        return print_json(&evidence);
    }
    out!(
        "removed evidence {} from {}",
        evidence.id,
        evidence.question_id
    );
    Ok(())
}
