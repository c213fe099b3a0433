//! Milestone figures on a 5,000-question workbook (issue #13 §5), release build:
//! - `milestone add` time (median of RUNS, each on a workbook with every question answered);
//! - the file size after 100 rounds of "change 10 answers, add a milestone", against the same
//!   100 rounds of changes without milestones (the goal: under 2× that size).
//!
//! Run: `cargo run --release -p hashira-core --example bench_milestones [QUESTIONS] [ROUNDS]`
//! (defaults 5000 and 100). Figures go to BENCHMARKS.md "Milestones and diff".
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../hashira-xlsx/benches/support/generated.rs"]
mod generated;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use hashira_core::workbook::AnswerChange;
use hashira_core::{SystemClock, Workbook};

fn answered_workbook(path: &Path, questions: usize) -> Workbook {
    let set = generated::generated_set(questions, 9);
    let mut workbook =
        Workbook::create(path, "bench", vec![set], "bench", Arc::new(SystemClock)).unwrap();
    let changes = (0..questions)
        .map(|q| {
            let change = AnswerChange {
                selected_choices: Some(vec![format!("G{q}-1")]),
                notes: Some(format!("質問 {q} のメモ")),
                ..AnswerChange::default()
            };
            (format!("G{q}"), change)
        })
        .collect();
    workbook.save_answers(changes, "bench").unwrap();
    workbook
}

/// Round `round` changes ten answers (a different ten each time).
fn change_ten(workbook: &mut Workbook, round: usize, questions: usize) {
    let changes = (0..10)
        .map(|i| {
            let q = (round * 10 + i) % questions;
            let change = AnswerChange {
                selected_choices: Some(vec![format!("G{q}-1"), format!("G{q}-2")]),
                notes: Some(format!("第{round}回の見直し")),
                ..AnswerChange::default()
            };
            (format!("G{q}"), change)
        })
        .collect();
    workbook.save_answers(changes, "bench").unwrap();
}

fn size(path: &Path) -> u64 {
    // The WAL is checkpointed when the connection closes: measure closed files.
    std::fs::metadata(path).unwrap().len()
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let questions = args.first().copied().unwrap_or(5000);
    let rounds = args.get(1).copied().unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();

    let path = dir.path().join("add.hashira");
    let mut workbook = answered_workbook(&path, questions);
    let mut times = Vec::new();
    for run in 0..11 {
        change_ten(&mut workbook, run, questions);
        let start = Instant::now();
        workbook
            .add_milestone(&format!("run {run}"), "bench")
            .unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "milestone add, {questions} questions answered: median {:.1} ms (min {:.1}, max {:.1})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    workbook.close().unwrap();

    let with = dir.path().join("with.hashira");
    let without = dir.path().join("without.hashira");
    let mut a = answered_workbook(&with, questions);
    let mut b = answered_workbook(&without, questions);
    a.close().unwrap();
    b.close().unwrap();
    let base = size(&without);
    a = Workbook::open(&with, Arc::new(SystemClock)).unwrap();
    b = Workbook::open(&without, Arc::new(SystemClock)).unwrap();
    for round in 0..rounds {
        change_ten(&mut a, round, questions);
        a.add_milestone(&format!("round {round}"), "bench").unwrap();
        change_ten(&mut b, round, questions);
    }
    a.close().unwrap();
    b.close().unwrap();
    let (with_size, without_size) = (size(&with), size(&without));
    println!(
        "{rounds} rounds of 10 changes: {:.1} MB with a milestone each round, {:.1} MB without \
         (base {:.1} MB): {:.2}× (goal < 2×)",
        with_size as f64 / 1e6,
        without_size as f64 / 1e6,
        base as f64 / 1e6,
        with_size as f64 / without_size as f64
    );
}
