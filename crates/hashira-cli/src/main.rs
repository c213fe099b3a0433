//! `hashira`: the command-line interface to Hashira workbooks.
//!
//! A stable contract: other tools and tests script it. Commands that read take `--json` with
//! stable field names; failures go to stderr naming the file, question or field at fault
//! (as `{"code", "message", "details"}` with `--json`). Exit codes: 0 success, 1 failure,
//! 2 usage error, 3 `verify` or `lens check` found problems.

#[macro_use]
mod output;
mod answer;
mod bundle;
mod context;
mod copy;
mod diff;
mod evidence;
mod free_text;
mod lens;
mod lens_import;
mod log;
mod merge;
mod milestone;
mod plan;
mod report;
mod set_upgrade;
mod sets;
mod wa_tool;
mod wg;
mod wg_evaluate;
mod wg_show;
mod workbook;
mod xlsx;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::context::Context;
use crate::output::Failure;

#[derive(Debug, Parser)]
#[command(
    name = "hashira",
    version,
    about = "Hashira (柱): AWS Well-Architected security review workbooks",
    long_about = "Hashira (柱): AWS Well-Architected security review workbooks.\n\n\
        Time comes from HASHIRA_NOW (RFC 3339) when set, which makes output reproducible; \
        the actor of a change comes from --by, else HASHIRA_USER, else the login name."
)]
struct Cli {
    /// Print results (and errors) as JSON with stable field names.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the shipped question sets (or check a set file with --file).
    Sets(sets::SetsArgs),
    /// A question set of a workbook: `set upgrade` to a new edition, keeping the answers.
    #[command(subcommand)]
    Set(set_upgrade::SetCommand),
    /// Create a workbook.
    New(workbook::NewArgs),
    /// Workload properties, question sets, progress and risk counts.
    Show(workbook::ShowArgs),
    /// Edit a workload property.
    SetProperty(workbook::SetPropertyArgs),
    /// Every question with its choices, the current answer and risk.
    Questions(answer::QuestionsArgs),
    /// Answer a question.
    Answer(answer::AnswerArgs),
    /// Add, list, extract or remove evidence.
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    /// The change history: who changed what, when (filters: --question, --actor, --from, --to).
    Log(log::LogArgs),
    /// Milestones: the review kept as it is now (add), listed (list); --milestone NAME on
    /// questions, show, evidence list|get, export xlsx and report shows one.
    #[command(subcommand)]
    Milestone(milestone::MilestoneCommand),
    /// What changed between two milestones, or a milestone and now (default: the latest
    /// milestone → now): answers, risks, evidence, workload properties, WG decisions.
    Diff(diff::DiffArgs),
    /// Check integrity, every evidence hash and the audit chain.
    Verify(workbook::FileArgs),
    /// Copy the workbook for another reviewer (records who took it; merge it back later).
    Copy(copy::CopyArgs),
    /// Merge a reviewer's copy into the workbook: --dry-run shows the plan and conflicts and
    /// writes a resolutions template; conflicts need --resolve FILE or --prefer ours|theirs.
    Merge(merge::MergeArgs),
    /// Create a realistic, partly answered demo workbook.
    Demo(workbook::DemoArgs),
    /// WG service evaluations (セキュリティリスク評価共同化WG workbooks): import, list, export, template.
    #[command(subcommand)]
    Wg(wg::WgCommand),
    /// Export the review's answers (xlsx).
    #[command(subcommand)]
    Export(xlsx::ExportCommand),
    /// Import filled-in answers (xlsx).
    #[command(subcommand)]
    Import(xlsx::ImportCommand),
    /// Write the PDF review report.
    Report(report::ReportArgs),
    /// The evidence bundle for hand-over: workbook snapshot, report, answers, evidence files,
    /// MANIFEST.json and SHA256SUMS in one zip (`bundle verify OUT.zip` checks one).
    Bundle(bundle::BundleArgs),
    /// Improvement items (owner, due date, status): list, or edit with `plan set` / `plan add`.
    Plan(plan::PlanArgs),
    /// AWS WA Tool custom lenses: check a lens file, export a question set as a lens.
    #[command(subcommand)]
    Lens(lens::LensCommand),
    /// AWS WA Tool hand-off: export a set's answers as AWS CLI requests, import them back.
    #[command(subcommand)]
    WaTool(wa_tool::WaToolCommand),
}

fn run(cli: Cli, context: &Context) -> Result<(), Failure> {
    match cli.command {
        Command::Sets(args) => sets::run(args, context),
        Command::Set(command) => set_upgrade::run(command, context),
        Command::New(args) => workbook::new(args, context),
        Command::Show(args) => workbook::show(args, context),
        Command::Milestone(command) => milestone::run(command, context),
        Command::SetProperty(args) => workbook::set_property(args, context),
        Command::Questions(args) => answer::questions(args, context),
        Command::Answer(args) => answer::answer(args, context),
        Command::Evidence(command) => evidence::run(command, context),
        Command::Log(args) => log::run(args, context),
        Command::Diff(args) => diff::run(args, context),
        Command::Verify(args) => workbook::verify(args, context),
        Command::Copy(args) => copy::run(args, context),
        Command::Merge(args) => merge::run(args, context),
        Command::Demo(args) => workbook::demo(args, context),
        Command::Wg(command) => wg::run(command, context),
        Command::Export(command) => xlsx::export(command, context),
        Command::Import(command) => xlsx::import(command, context),
        Command::Report(args) => report::run(args, context),
        Command::Bundle(args) => bundle::run(args, context),
        Command::Plan(args) => plan::run(args, context),
        Command::Lens(command) => lens::run(command, context),
        Command::WaTool(command) => wa_tool::run(command, context),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let context = Context::from_env(cli.json);
    match run(cli, &context) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => output::report_failure(&failure, context.json),
    }
}
