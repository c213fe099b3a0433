//! The writer half of the crash-safety test: writes answers and evidence to a workbook as fast
//! as it can and reports each commit on stdout (`COMMITTED <kind> <question> <n>`) only after
//! `save_answer` / `add_evidence` has returned, i.e. after SQLite committed it.
//!
//! Usage: hashira-crash-writer WORKBOOK FIRST_ITERATION

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use hashira_core::workbook::{AnswerChange, NewEvidence};
use hashira_core::{SystemClock, Workbook};

fn run(path: PathBuf, first: u64) -> Result<(), hashira_core::Error> {
    let mut workbook = Workbook::open(&path, Arc::new(SystemClock))?;
    let questions: Vec<(String, Vec<String>)> = workbook
        .question_sets()
        .iter()
        .flat_map(|set| set.questions())
        .map(|(_, q)| {
            (
                q.key().to_string(),
                q.practice_choices().map(|c| c.id.clone()).collect(),
            )
        })
        .collect();
    let mut stdout = std::io::stdout().lock();
    for n in first.. {
        let (question_id, choices) = &questions[(n as usize) % questions.len()];
        // A different subset each time, and notes long enough to span several pages.
        let selected: Vec<String> = choices
            .iter()
            .enumerate()
            .filter(|(i, _)| (n >> i) & 1 == 1)
            .map(|(_, c)| c.clone())
            .collect();
        let notes = format!(
            "書き込み番号 {n}\n{}",
            "監査証跡と整合性を確認する。".repeat(200)
        );
        let change = AnswerChange {
            selected_choices: Some(selected),
            notes: Some(notes),
            ..AnswerChange::default()
        };
        workbook.save_answer(question_id, change, "crash-writer")?;
        let _ = writeln!(stdout, "COMMITTED answer {question_id} {n}");
        let _ = stdout.flush();
        if n % 4 == 0 {
            let content = vec![(n % 251) as u8; 64 * 1024];
            let evidence = workbook.add_evidence(
                question_id,
                None,
                NewEvidence::Bytes {
                    file_name: format!("証跡-{n}.bin"),
                    content,
                    title: format!("evidence {n}"),
                },
                "crash-writer",
            )?;
            let _ = writeln!(stdout, "COMMITTED evidence {} {n}", evidence.id);
            let _ = stdout.flush();
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(first)) = (args.next(), args.next().and_then(|n| n.parse().ok())) else {
        eprintln!("usage: hashira-crash-writer WORKBOOK FIRST_ITERATION");
        return ExitCode::from(2);
    };
    match run(PathBuf::from(path), first) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("crash-writer: {error}");
            ExitCode::from(1)
        }
    }
}
