//! Commands on a workbook as a whole: new, show, set-property, verify, demo (`log` is `log.rs`).

use std::path::PathBuf;

use clap::Args;
use hashira_core::question_set::shipped;
use hashira_core::risk::RiskSummary;
use hashira_core::workbook::milestone::{MilestoneInfo, MilestoneView, ReviewAsOf};
use hashira_core::workbook::{
    LATEST_SCHEMA_VERSION, StoredFigures, StoredSetOverview, Workload, WorkloadField,
};
use hashira_core::{Error, Lang, QuestionSet, RiskCounts, Workbook};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Failure, print_json};
use crate::sets::load_set_file;

#[derive(Debug, Args)]
pub struct FileArgs {
    /// The workbook file.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The workbook file.
    pub file: PathBuf,
    /// Show the review as milestone NAME (or number) holds it.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to create the workbook (never overwritten).
    file: PathBuf,
    /// The workload name (may start with "-").
    #[arg(long, allow_hyphen_values = true)]
    name: String,
    /// A shipped question set to include (repeatable; default: sec and fisc-sec).
    #[arg(long = "set", value_name = "ID")]
    sets: Vec<String>,
    /// A question-set file of your own to include (repeatable).
    #[arg(long = "set-file", value_name = "PATH")]
    set_files: Vec<PathBuf>,
    /// A WA Tool custom lens (JSON) to include as a question set (repeatable; its set id is
    /// made from the lens name). With only --lens the workbook holds just those sets.
    #[arg(long = "lens", value_name = "LENS.json")]
    lenses: Vec<PathBuf>,
    /// Who creates it (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetPropertyArgs {
    file: PathBuf,
    /// One of: name, description, review_owner, environment, aws_regions, other_regions,
    /// account_ids, industry, architecture_url, notes, client_organization, reviewers,
    /// review_date. Lists are separated by commas.
    key: String,
    /// The new value (may start with "-", as a bulleted note does).
    #[arg(allow_hyphen_values = true)]
    value: String,
    /// Who makes the change (default: HASHIRA_USER, else the OS account).
    #[arg(long, allow_hyphen_values = true)]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to create the demo workbook.
    file: PathBuf,
}

pub fn open(file: &std::path::Path, context: &Context) -> Result<Workbook, Error> {
    Workbook::open(file, context.clock.clone())
}

/// The workbook, or the review as its milestone `milestone` holds it (`--milestone`).
pub fn open_as_of(
    file: &std::path::Path,
    milestone: Option<&str>,
    context: &Context,
) -> Result<ReviewAsOf, Error> {
    ReviewAsOf::open(file, milestone, context.clock.clone())
}

pub fn new(args: NewArgs, context: &Context) -> Result<(), Failure> {
    let mut sets: Vec<QuestionSet> = Vec::new();
    let only_defaults = args.sets.is_empty() && args.set_files.is_empty() && args.lenses.is_empty();
    let shipped_ids: Vec<String> = if only_defaults {
        shipped::DEFAULT_SET_IDS
            .iter()
            .map(|id| id.to_string())
            .collect()
    } else {
        args.sets.clone()
    };
    for id in &shipped_ids {
        sets.push(shipped::shipped_set(id)?);
    }
    for path in &args.set_files {
        sets.push(load_set_file(path)?);
    }
    let lenses = crate::lens_import::lens_sets(&args.lenses, &sets)?;
    sets.extend(lenses);
    let actor = context.actor(args.by.as_deref());
    let workbook = Workbook::create(&args.file, &args.name, sets, &actor, context.clock.clone())?;
    report_created(&workbook, context)
}

fn report_created(workbook: &Workbook, context: &Context) -> Result<(), Failure> {
    let sets: Vec<&str> = workbook.question_sets().iter().map(|s| s.id()).collect();
    if context.json {
        print_json(&serde_json::json!({
            "path": workbook.path().display().to_string(),
            "workbook_id": workbook.id(),
            "sets": sets,
        }))
    } else {
        out!(
            "created {} with sets {}",
            workbook.path().display(),
            sets.join(", ")
        );
        Ok(())
    }
}

#[derive(Debug, Serialize)]
struct Show {
    path: String,
    /// The milestone shown (`--milestone`); absent for the review as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    milestone: Option<MilestoneInfo>,
    workbook_id: String,
    schema_version: i64,
    workload: Workload,
    sets: Vec<StoredSetOverview>,
    risk: RiskSummary,
}

/// One line of figures, as `RiskCounts` defines them (ARCHITECTURE.md, "The figures"): the
/// same numbers the app, the Excel summary and the PDF print.
fn print_counts(label: &str, counts: &RiskCounts) {
    let mut line = format!(
        "  {label:<28} reviewed {:>3}/{:<3} {:>3}%  high {:>2}  medium {:>2}  none {:>2}  n/a {:>2}  unanswered {:>2}",
        counts.reviewed,
        counts.questions,
        counts.progress_percent,
        counts.high,
        counts.medium,
        counts.none,
        counts.not_applicable,
        counts.unanswered
    );
    if counts.not_applicable_without_reason > 0 {
        line.push_str(&format!(
            "  n/a without reason {}",
            counts.not_applicable_without_reason
        ));
    }
    out!("{line}");
}

pub fn show(args: ShowArgs, context: &Context) -> Result<(), Failure> {
    // The figures come from the rows kept beside each set's text: no set is parsed, so `show`
    // stays fast on a 10,000-question set (BENCHMARKS.md "Scale"). A milestone is read from
    // its copy, which the view keeps while it lives.
    let view = match &args.milestone {
        Some(name) => Some(MilestoneView::open(
            &args.file,
            name,
            context.clock.clone(),
        )?),
        None => None,
    };
    let path = view.as_ref().map_or(args.file.as_path(), |v| v.path());
    let workbook = Workbook::open_for_figures(path, context.clock.clone())?;
    let workload = workbook.workload()?;
    let StoredFigures { sets, risk } = workbook.stored_figures()?;
    let show = Show {
        path: args.file.display().to_string(),
        milestone: view.as_ref().map(|v| v.info().clone()),
        workbook_id: workbook.id().to_string(),
        schema_version: LATEST_SCHEMA_VERSION,
        workload,
        sets,
        risk,
    };
    if context.json {
        return print_json(&show);
    }
    let w = &show.workload;
    out!("{}", w.name);
    if let Some(m) = &show.milestone {
        out!(
            "  as of milestone {} '{}' ({}, by {})",
            m.number,
            m.name,
            m.created_at,
            m.created_by
        );
    }
    let list = |items: &[String]| items.join(", ");
    for (label, value) in [
        ("description", w.description.clone()),
        ("client organization", w.client_organization.clone()),
        ("review owner", w.review_owner.clone()),
        ("reviewers", list(&w.reviewers)),
        ("review date", w.review_date.clone().unwrap_or_default()),
        (
            "environment",
            w.environment
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("AWS regions", list(&w.aws_regions)),
        ("other regions", list(&w.other_regions)),
        ("account IDs", list(&w.account_ids)),
        ("industry", w.industry.clone()),
        ("architecture", w.architecture_url.clone()),
        ("notes", w.notes.clone()),
    ] {
        if !value.is_empty() {
            out!("  {label:<20} {value}");
        }
    }
    out!("\nquestion sets");
    for set in &show.sets {
        out!(
            "  {:<10} {:<9} {}  sha256 {}",
            set.id,
            hashira_core::question_set::version_label(&set.version),
            set.title.get(Lang::Ja),
            &set.content_hash[..12.min(set.content_hash.len())]
        );
    }
    out!("\nprogress and risk (reviewed = answered + n/a)");
    for set in &show.risk.sets {
        print_counts(&set.set_id, &set.counts);
    }
    print_counts("total", &show.risk.counts);
    Ok(())
}

pub fn set_property(args: SetPropertyArgs, context: &Context) -> Result<(), Failure> {
    let field = WorkloadField::parse(&args.key).ok_or_else(|| Error::InvalidProperty {
        field: args.key.clone(),
        message: format!(
            "unknown property; known: {}",
            WorkloadField::ALL.map(|f| f.key()).join(", ")
        ),
    })?;
    let mut workbook = open(&args.file, context)?;
    let actor = context.actor(args.by.as_deref());
    let workload = workbook.set_property(field, &args.value, &actor)?;
    if context.json {
        return print_json(&workload);
    }
    out!("{} updated", field.key());
    Ok(())
}

pub fn verify(args: FileArgs, context: &Context) -> Result<(), Failure> {
    let workbook = open(&args.file, context)?;
    let report = workbook.verify()?;
    if context.json {
        print_json(&report)?;
    } else if report.ok {
        out!(
            "ok: integrity, foreign keys, question sets, {} evidence files and {} audit entries verified; every answer, evidence item, workload property and WG evaluation is as the audit trail records it",
            report.evidence_files,
            report.audit_entries
        );
    } else {
        for problem in &report.problems {
            out!("{:?}: {}", problem.kind, problem.message);
        }
    }
    if report.ok {
        Ok(())
    } else {
        if !context.json {
            eprintln!(
                "hashira: {} problem(s) found in {}",
                report.problems.len(),
                args.file.display()
            );
        }
        Err(Failure::ProblemsFound)
    }
}

pub fn demo(args: DemoArgs, context: &Context) -> Result<(), Failure> {
    let workbook = hashira_core::demo::create_demo(&args.file, context.clock.clone())?;
    report_created(&workbook, context)
}
