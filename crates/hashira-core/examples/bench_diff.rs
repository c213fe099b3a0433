//! `hashira diff` figures on a 5,000-question workbook (issue #13 §5: diff between two
//! milestones < 100 ms), release build. Every question answered with a note; milestone A;
//! 100 answers changed, 50 marked not applicable, 20 evidence items added and a property
//! changed, 100 improvement items followed up; milestone B. Measured (median of RUNS), each
//! the whole command path in process (the file opened, both sides read, compared):
//! - `diff --from A --to B` and `diff --from B` (to now) as `hashira diff` reads them
//!   (`ReviewDiff::of_milestones`: chunk lists compared, only the changed questions read),
//!   each asserted equal to the diff of the two sides rebuilt whole;
//! - before: the same two diffs with each milestone rebuilt whole (`MilestoneView::open_in`)
//!   from the workbook opened with its sets, and the comparison alone;
//! - for scale, `Workbook::open` of the file.
//!
//! Run: `cargo run --release -p hashira-core --example bench_diff [QUESTIONS] [RUNS]`
//! (defaults 5000 and 11). Figures go to BENCHMARKS.md "Milestones and diff".
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../hashira-xlsx/benches/support/generated.rs"]
mod generated;

use std::sync::Arc;
use std::time::Instant;

use hashira_core::diff::ReviewDiff;
use hashira_core::improvement::{ItemEdit, ItemStatus, ItemTarget};
use hashira_core::workbook::milestone::MilestoneView;
use hashira_core::workbook::{
    AnswerChange, NewEvidence, NotApplicable, NotApplicableReason, WorkloadField,
};
use hashira_core::{SystemClock, Workbook};

fn median(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

/// CPU time (user + system, every thread) the process has used so far, in milliseconds, from
/// /proc/self/stat (clock ticks of 10 ms: summed over the runs, then averaged).
fn cpu_millis() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 10.0
}

fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let questions = args.first().copied().unwrap_or(5000);
    let runs = args.get(1).copied().unwrap_or(11);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diff.hashira");
    let clock = Arc::new(SystemClock);
    let set = generated::generated_set(questions, 9);
    let mut workbook = Workbook::create(&path, "bench", vec![set], "bench", clock.clone()).unwrap();
    let answer = |q: usize, choices: &[usize], notes: &str| {
        let change = AnswerChange {
            selected_choices: Some(choices.iter().map(|c| format!("G{q}-{c}")).collect()),
            notes: Some(notes.to_string()),
            ..AnswerChange::default()
        };
        (format!("G{q}"), change)
    };
    let all = (0..questions)
        .map(|q| answer(q, &[1], &format!("質問 {q} のメモ")))
        .collect();
    workbook.save_answers(all, "bench").unwrap();
    workbook.add_milestone("A", "bench").unwrap();
    let changed = (0..questions)
        .step_by(questions / 100)
        .map(|q| answer(q, &[1, 2], "見直し後"))
        .collect();
    workbook.save_answers(changed, "bench").unwrap();
    let not_applicable = (0..50)
        .map(|i| {
            let q = i * (questions / 50) + 1;
            let change = AnswerChange {
                not_applicable: Some(Some(NotApplicable {
                    reason: NotApplicableReason::OutOfScope,
                    text: "対象外".into(),
                })),
                ..AnswerChange::default()
            };
            (format!("G{q}"), change)
        })
        .collect();
    workbook.save_answers(not_applicable, "bench").unwrap();
    for i in 0..20 {
        let evidence = NewEvidence::Bytes {
            file_name: format!("evidence-{i}.pdf"),
            content: format!("%PDF-1.4 evidence {i}").into_bytes(),
            title: format!("証跡 {i}"),
        };
        workbook
            .add_evidence(&format!("G{}", i * 7), None, evidence, "bench")
            .unwrap();
    }
    workbook
        .set_property(WorkloadField::Description, "第2回レビュー", "bench")
        .unwrap();
    // 100 improvement items followed up (owner, due date, in progress): the diff then lists
    // each side's items, which reads each side's whole review.
    let mut followed = 0;
    for q in (0..questions).step_by(questions / 100) {
        let target = ItemTarget::Practice {
            question_id: format!("G{}", q + 2),
            choice_id: format!("G{}-3", q + 2),
        };
        let edit = ItemEdit {
            owner: Some("情報システム部".into()),
            due_date: Some("2026-03-31".into()),
            status: Some(ItemStatus::InProgress),
            ..ItemEdit::default()
        };
        let now = time::OffsetDateTime::now_utc();
        followed += usize::from(
            workbook
                .set_improvement_item(&target, edit, "bench", now)
                .is_ok(),
        );
    }
    assert!(
        followed > 0,
        "no practice of the generated set is in the plan"
    );
    workbook.add_milestone("B", "bench").unwrap();
    workbook.close().unwrap();

    let (mut compare, mut open, mut whole, mut whole_now) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut fast, mut fast_now) = (Vec::new(), Vec::new());
    let (mut fast_cpu, mut fast_now_cpu) = (0.0, 0.0);
    // For scale: opening the workbook itself (its set parsed).
    let mut plain = Vec::new();
    let mut summary = None;
    for _ in 0..runs {
        let opened = Instant::now();
        Workbook::open(&path, clock.clone())
            .unwrap()
            .close()
            .unwrap();
        plain.push(millis(opened));
        // Before: the workbook opened with its sets, both milestones rebuilt whole.
        let start = Instant::now();
        let current = Workbook::open(&path, clock.clone()).unwrap();
        let a = MilestoneView::open_in(&current, "A").unwrap();
        let b = MilestoneView::open_in(&current, "B").unwrap();
        open.push(millis(start));
        let compared = Instant::now();
        let at = ReviewDiff::instant_of(b.info()).unwrap();
        let rebuilt = ReviewDiff::between(&a, &b, at).unwrap();
        compare.push(millis(compared));
        whole.push(millis(start));
        drop((a, b));
        current.close().unwrap();
        let now = time::OffsetDateTime::now_utc();
        let start = Instant::now();
        let current = Workbook::open(&path, clock.clone()).unwrap();
        let b = MilestoneView::open_in(&current, "B").unwrap();
        let rebuilt_now = ReviewDiff::between(&b, &current, now).unwrap();
        whole_now.push(millis(start));
        drop(b);
        current.close().unwrap();
        // `hashira diff --from A --to B` now: the workbook opened without parsing its sets, the
        // two milestones compared chunk by chunk (ReviewDiff::of_milestones).
        let (start, cpu) = (Instant::now(), cpu_millis());
        let current = Workbook::open_for_figures(&path, clock.clone()).unwrap();
        let (from, to) = (
            current.milestone("A").unwrap(),
            current.milestone("B").unwrap(),
        );
        let diff = ReviewDiff::of_milestones(&current, &from, Some(&to), now).unwrap();
        fast.push(millis(start));
        fast_cpu += cpu_millis() - cpu;
        current.close().unwrap();
        assert_eq!(
            diff, rebuilt,
            "the chunk-by-chunk diff differs from the rebuilt one"
        );
        // `hashira diff --from B` (to now): the review now cut into chunks in memory.
        let (start, cpu) = (Instant::now(), cpu_millis());
        let current = Workbook::open_for_figures(&path, clock.clone()).unwrap();
        let from = current.milestone("B").unwrap();
        let diff_now = ReviewDiff::of_milestones(&current, &from, None, now).unwrap();
        fast_now.push(millis(start));
        fast_now_cpu += cpu_millis() - cpu;
        current.close().unwrap();
        assert_eq!(
            diff_now, rebuilt_now,
            "the diff to now differs from the rebuilt one"
        );
        summary = Some(diff.summary);
    }
    println!("{questions} questions, diff A → B: {summary:?}");
    println!(
        "CPU time (user + system, all threads) per diff, mean of {runs}: \
         A → B {:.1} ms, B → now {:.1} ms",
        fast_cpu / runs as f64,
        fast_now_cpu / runs as f64
    );
    for (what, times) in [
        (
            "diff --from A --to B: open + ReviewDiff::of_milestones",
            fast,
        ),
        (
            "diff --from B (to now): open + ReviewDiff::of_milestones",
            fast_now,
        ),
        (
            "before: ReviewDiff::between of two rebuilt milestones",
            compare,
        ),
        ("before: open the workbook, rebuild both milestones", open),
        ("before: A → B, open + rebuild both + compare", whole),
        ("before: B → now, open + rebuild B + compare", whole_now),
        ("for scale: Workbook::open of the file", plain),
    ] {
        let (median, min, max) = median(times);
        println!("{what}: median {median:.1} ms (min {min:.1}, max {max:.1})");
    }
}
