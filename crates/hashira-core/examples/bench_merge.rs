//! Merge figures (issue #14 §1: two 5,000-question workbooks with 1,000 changes each merged
//! in < 1 s), release build. A 5,000-question workbook with every question answered is copied
//! for a reviewer; then each side changes 1,000 answers (selections and notes), 100 of them on
//! the same questions differently (100 conflicts, settled `--prefer theirs`), and the reviewer
//! adds 20 evidence items. Measured on fresh copies of both files each run (median of RUNS):
//! - `Workbook::plan_merge` (the dry run) on the opened workbook;
//! - the merge as `hashira merge` does it: open (`open_for_figures`) + plan + apply in one
//!   transaction (fsync'd), then close.
//!
//! Run: `cargo run --release -p hashira-core --example bench_merge [QUESTIONS] [RUNS]`
//! (defaults 5000 and 7). Figures go to BENCHMARKS.md "Merge (issue #14)".
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../hashira-xlsx/benches/support/generated.rs"]
mod generated;

use std::sync::Arc;
use std::time::Instant;

use hashira_core::workbook::merge::{MergeResolutions, MergeSide};
use hashira_core::workbook::{AnswerChange, NewEvidence};
use hashira_core::{SystemClock, Workbook};

fn median(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn answer(q: usize, choices: &[usize], notes: &str) -> (String, AnswerChange) {
    let change = AnswerChange {
        selected_choices: Some(choices.iter().map(|c| format!("G{q}-{c}")).collect()),
        notes: Some(notes.to_string()),
        ..AnswerChange::default()
    };
    (format!("G{q}"), change)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let questions = args.first().copied().unwrap_or(5000);
    let runs = args.get(1).copied().unwrap_or(7);
    let changes = questions / 5;
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.hashira");
    let theirs = dir.path().join("theirs.hashira");
    let clock = Arc::new(SystemClock);
    let set = generated::generated_set(questions, 9);
    let mut workbook = Workbook::create(&ours, "bench", vec![set], "lead", clock.clone()).unwrap();
    let all = (0..questions)
        .map(|q| answer(q, &[1], &format!("質問 {q} のメモ")))
        .collect();
    workbook.save_answers(all, "lead").unwrap();
    workbook.copy_for_reviewer(&theirs, "reviewer").unwrap();
    // Ours: questions 0..changes; theirs: the last `changes` questions, plus 100 of ours
    // answered otherwise (the conflicts).
    let mine = (0..changes)
        .map(|q| answer(q, &[1, 2], "見直し（主担当）"))
        .collect();
    workbook.save_answers(mine, "lead").unwrap();
    workbook.close().unwrap();
    let mut other = Workbook::open(&theirs, clock.clone()).unwrap();
    let conflicts = 100.min(changes);
    let theirs_changes = (questions - changes + conflicts..questions)
        .chain(0..conflicts)
        .map(|q| answer(q, &[2, 3], "見直し（副担当）"))
        .collect();
    other.save_answers(theirs_changes, "reviewer").unwrap();
    for i in 0..20 {
        let evidence = NewEvidence::Bytes {
            file_name: format!("evidence-{i}.pdf"),
            content: format!("%PDF-1.4 evidence {i}").repeat(1000).into_bytes(),
            title: format!("証跡 {i}"),
        };
        other
            .add_evidence(
                &format!("G{}", questions - 1 - i),
                None,
                evidence,
                "reviewer",
            )
            .unwrap();
    }
    other.close().unwrap();

    let resolutions = MergeResolutions {
        prefer: Some(MergeSide::Theirs),
        ..MergeResolutions::default()
    };
    let (mut plans, mut merges) = (Vec::new(), Vec::new());
    let mut shown = None;
    for run in 0..runs {
        let path = dir.path().join(format!("run-{run}.hashira"));
        std::fs::copy(&ours, &path).unwrap();
        let opened = Workbook::open_for_figures(&path, clock.clone()).unwrap();
        let planned = Instant::now();
        let plan = opened.plan_merge(&theirs).unwrap();
        plans.push(millis(planned));
        shown = Some((plan.taken.len(), plan.conflicts.len(), plan.their_entries));
        opened.close().unwrap();
        let start = Instant::now();
        let mut workbook = Workbook::open_for_figures(&path, clock.clone()).unwrap();
        let outcome = workbook
            .apply_merge(&theirs, None, &resolutions, "lead")
            .unwrap();
        workbook.close().unwrap();
        merges.push(millis(start));
        assert!(outcome.merged);
        if run == 0 {
            let check = Workbook::open(&path, clock.clone()).unwrap();
            assert!(check.verify().unwrap().ok, "the merged workbook verifies");
        }
        std::fs::remove_file(&path).unwrap();
    }
    let (taken, conflicts, entries) = shown.unwrap();
    println!(
        "{questions} questions, {changes} changes per side: {taken} taken, {conflicts} conflicts, {entries} of their entries appended"
    );
    for (what, times) in [
        ("plan_merge (dry run, workbook open)", plans),
        ("open + plan + apply + close (as hashira merge)", merges),
    ] {
        let (median, min, max) = median(times);
        println!("{what}: median {median:.1} ms (min {min:.1}, max {max:.1})");
    }
}
