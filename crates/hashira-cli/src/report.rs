//! `hashira report`: the PDF review report (see the `hashira-report` crate).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use hashira_core::{ErrorCode, ErrorPayload, Lang};
use hashira_report::{ReportModel, ReportOptions, ReportWarning, render_report};
use serde::Serialize;

use crate::context::Context;
use crate::output::{Failure, print_json};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportLang {
    Ja,
    En,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The workbook file.
    file: PathBuf,
    /// Where to write the PDF (replaced if it exists; never the workbook itself).
    out: PathBuf,
    /// Report language: ja (times in JST) or en (times in UTC).
    #[arg(long, value_enum, default_value = "ja")]
    lang: ReportLang,
    /// Include only this question set (repeatable; default: every set of the workbook).
    #[arg(long = "set", value_name = "ID")]
    sets: Vec<String>,
    /// Confidentiality label printed on every page (default: 社外秘; en: Confidential).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    label: Option<String>,
    /// Append the change history (every audit entry, described) as an appendix.
    #[arg(long)]
    with_history: bool,
    /// The review as milestone NAME (or number) holds it; the cover says so.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    milestone: Option<String>,
    /// Add the section "changes since milestone NAME" (前回のマイルストーンからの変更) with
    /// the risk trend; with --milestone, NAME must be an earlier milestone.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    since: Option<String>,
}

#[derive(Debug, Serialize)]
struct ReportDone {
    path: String,
    pages: usize,
    bytes: usize,
    lang: Lang,
    sets: Vec<String>,
    label: String,
    workbook_sha256: String,
    /// The milestone the report is as of, and the one its changes are since.
    milestone: Option<String>,
    since: Option<String>,
    /// The counts of the section "changes since" (the same as `hashira diff --json`'s).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes_summary: Option<hashira_core::diff::DiffSummary>,
    /// What the integrity check stated on the cover found (empty when it passed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    integrity_problems: Vec<String>,
    /// Characters the report font lacks, printed as 〓 (see `hashira_report::ReportWarning`).
    warnings: Vec<ReportWarning>,
}

fn io_failure(action: &str, path: &Path, error: &std::io::Error) -> Failure {
    Failure::Error(ErrorPayload {
        code: ErrorCode::Io,
        message: format!("{action} {}: {error}", path.display()),
        details: hashira_core::error::io_details(action, path, error),
    })
}

/// Writes beside `out` first and renames, so a failed run never leaves half a PDF.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report.pdf".into());
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io_failure("cannot write the report", out, &error));
    }
    std::fs::rename(&temp, out).map_err(|error| {
        let _ = std::fs::remove_file(&temp);
        io_failure("cannot write the report", out, &error)
    })
}

pub fn run(args: ReportArgs, context: &Context) -> Result<(), Failure> {
    let workbook = crate::workbook::open_as_of(&args.file, args.milestone.as_deref(), context)?;
    // Refuse to write the report over the workbook.
    if let (Ok(a), Ok(b)) = (args.out.canonicalize(), args.file.canonicalize())
        && a == b
    {
        return Err(Failure::Error(ErrorPayload {
            code: ErrorCode::WorkbookExists,
            message: format!(
                "{} is the workbook itself; choose another output file",
                args.out.display()
            ),
            details: serde_json::json!({ "path": args.out.display().to_string() }),
        }));
    }
    let lang = match args.lang {
        ReportLang::Ja => Lang::Ja,
        ReportLang::En => Lang::En,
    };
    let mut options =
        ReportOptions::new(lang, ReportOptions::report_time(lang, context.clock.now()));
    let (as_of, changes) = hashira_report::milestones::read_milestone_inputs(
        &workbook,
        args.since.as_deref(),
        context.clock.clone(),
    )
    .map_err(|e| Failure::Error(e.payload()))?;
    options.as_of = as_of;
    options.changes = changes;
    options.set_ids = args.sets;
    options.with_history = args.with_history;
    if let Some(label) = args.label.filter(|l| !l.trim().is_empty()) {
        options.label = label.trim().to_string();
    }
    let model = ReportModel::build(&workbook, &options).map_err(|e| Failure::Error(e.payload()))?;
    let rendered = render_report(&model).map_err(|e| Failure::Error(e.payload()))?;
    write_atomically(&args.out, &rendered.bytes)?;
    let done = ReportDone {
        path: args.out.display().to_string(),
        pages: rendered.pages,
        bytes: rendered.bytes.len(),
        lang,
        sets: model.cover.sets.iter().map(|s| s.id.clone()).collect(),
        label: model.label.clone(),
        workbook_sha256: model.cover.workbook_sha256.clone(),
        milestone: model.milestone.as_ref().map(|m| m.name.clone()),
        since: options.changes.as_ref().map(|c| c.milestone.name.clone()),
        changes_summary: model.changes.as_ref().map(|c| c.summary),
        integrity_problems: model.integrity.problems.clone(),
        warnings: rendered.warnings,
    };
    if context.json {
        return print_json(&done);
    }
    out!(
        "wrote {} ({} pages, {} bytes; sets {})",
        done.path,
        done.pages,
        done.bytes,
        done.sets.join(", ")
    );
    // On stderr, so stdout stays the one line above; `--json` has them in `warnings`.
    let mut stderr = std::io::stderr().lock();
    for warning in &done.warnings {
        let _ = writeln!(stderr, "hashira: warning: {}", warning.message);
    }
    Ok(())
}
