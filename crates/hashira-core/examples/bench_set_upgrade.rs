//! Set upgrade figures on a 5,000-question workbook (issue #13 §5: upgrade plan < 200 ms),
//! release build. Every question answered with a note; the new edition rewords every 10th
//! question, removes a choice from every 20th (answers selecting it lose it) and adds a pillar
//! of 25 questions. Measured (median of RUNS):
//! - `Workbook::plan_set_upgrade` (the plan the dry run shows; the new edition already parsed);
//! - parsing and validating the new edition's TOML (`QuestionSet::from_toml`), which the
//!   command also pays;
//! - once, `apply_set_upgrade` (milestone + the one transaction) and `verify` after it.
//!
//! Run: `cargo run --release -p hashira-core --example bench_set_upgrade [QUESTIONS] [RUNS]`
//! (defaults 5000 and 11). Figures go to BENCHMARKS.md "Milestones and diff".
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../hashira-xlsx/benches/support/generated.rs"]
mod generated;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use hashira_core::workbook::AnswerChange;
use hashira_core::{QuestionSet, SystemClock, Workbook};

fn median(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// The next edition of the generated set's text.
fn next_edition(text: &str, questions: usize) -> String {
    let mut text = text.replacen("version = \"1\"", "version = \"2\"", 1);
    for q in (0..questions).step_by(10) {
        text = text.replacen(
            &format!("ja = \"質問 {q}: "),
            &format!("ja = \"質問 {q}（改訂）: "),
            1,
        );
    }
    for q in (0..questions).step_by(20) {
        let block = format!("[[pillars.questions.choices]]\nid = \"G{q}-9\"\n");
        let start = text.find(&block).unwrap();
        let end = start + 1 + text[start + 1..].find("[[").unwrap();
        text.replace_range(start..end, "");
    }
    writeln!(
        text,
        "[[pillars]]\nid = \"new\"\ntitle = {{ ja = \"新しい柱\" }}"
    )
    .unwrap();
    for i in 0..25 {
        let q = questions + i;
        writeln!(
            text,
            "[[pillars.questions]]\nid = \"G{q}\"\ntitle = {{ ja = \"新しい質問 {q}\" }}\n\
             risk_rules = [{{ condition = \"G{q}_no\", risk = \"HIGH\" }}, {{ condition = \"default\", risk = \"NONE\" }}]\n\
             [[pillars.questions.choices]]\nid = \"G{q}-1\"\ntitle = {{ ja = \"対策\" }}\n\
             [[pillars.questions.choices]]\nid = \"G{q}_no\"\ntitle = {{ ja = \"いずれも該当しない\" }}\nnone_of_these = true"
        )
        .unwrap();
    }
    text
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let questions = args.first().copied().unwrap_or(5000);
    let runs = args.get(1).copied().unwrap_or(11);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upgrade.hashira");
    let clock = Arc::new(SystemClock);
    let set = generated::generated_set(questions, 9);
    let text = next_edition(set.source_text(), questions);
    let mut workbook = Workbook::create(&path, "bench", vec![set], "bench", clock.clone()).unwrap();
    let all = (0..questions)
        .map(|q| {
            let change = AnswerChange {
                selected_choices: Some(vec![format!("G{q}-1"), format!("G{q}-9")]),
                notes: Some(format!("質問 {q} のメモ")),
                ..AnswerChange::default()
            };
            (format!("G{q}"), change)
        })
        .collect();
    workbook.save_answers(all, "bench").unwrap();

    let mut parse = Vec::new();
    let mut plans = Vec::new();
    let mut plan = None;
    for _ in 0..runs {
        let start = Instant::now();
        let new = QuestionSet::from_toml(&text, "next.toml").unwrap();
        parse.push(millis(start));
        let start = Instant::now();
        plan = Some(workbook.plan_set_upgrade("bench", new, None).unwrap());
        plans.push(millis(start));
    }
    let plan = plan.unwrap();
    let new = QuestionSet::from_toml(&text, "next.toml").unwrap();
    let start = Instant::now();
    workbook
        .apply_set_upgrade("bench", new, None, Some(&plan.fingerprint), "bench")
        .unwrap();
    let apply = millis(start);
    let start = Instant::now();
    let report = workbook.verify().unwrap();
    let verify = millis(start);
    assert!(report.ok, "{:#?}", report.problems);
    let (p, p_min, p_max) = median(plans);
    let (t, t_min, t_max) = median(parse);
    println!(
        "{questions} questions: summary {}",
        serde_json::to_string(&plan.summary).unwrap()
    );
    println!("plan_set_upgrade: median {p:.1} ms ({p_min:.1}–{p_max:.1}) of {runs}");
    println!("new edition from_toml: median {t:.1} ms ({t_min:.1}–{t_max:.1})");
    println!(
        "apply_set_upgrade (milestone + transaction): {apply:.0} ms; verify after: {verify:.0} ms"
    );
}
