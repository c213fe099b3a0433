//! Speed targets of the workbook engine (release build):
//! - creating a workbook with sec + fisc-sec: < 50 ms;
//! - the risk summary of a generated 5,000-question workbook: < 30 ms.
//!
//! Run: `cargo bench -p hashira-core --bench workbook`. Results are recorded in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::workbook::AnswerChange;
use hashira_core::{QuestionSet, SystemClock, Workbook};

const QUESTIONS: usize = 5_000;
const CHOICES: usize = 6;

/// A set shaped like the shipped ones: 50 pillars of 100 questions, six choices and
/// "None of these" each, and the usual four rules.
fn generated_set() -> QuestionSet {
    let mut text = String::from(
        "format_version = 1\nid = \"bench\"\nversion = \"1\"\nlanguages = [\"ja\"]\n\
         title = { ja = \"性能測定用\" }\n[source]\ndocument = \"generated\"\nedition = \"1\"\n",
    );
    for q in 0..QUESTIONS {
        if q % 100 == 0 {
            writeln!(
                text,
                "[[pillars]]\nid = \"p{}\"\ntitle = {{ ja = \"柱 {}\" }}",
                q / 100,
                q / 100
            )
            .unwrap();
        }
        let all: Vec<String> = (1..=CHOICES).map(|c| format!("G{q}-{c}")).collect();
        writeln!(
            text,
            "[[pillars.questions]]\nid = \"G{q}\"\ntitle = {{ ja = \"質問 {q} をどのように管理していますか？\" }}\n\
             risk_rules = [{{ condition = \"G{q}_no\", risk = \"HIGH\" }}, {{ condition = \"{}\", risk = \"NONE\" }}, \
             {{ condition = \"G{q}-1 && (G{q}-2 || G{q}-3)\", risk = \"MEDIUM\" }}, {{ condition = \"default\", risk = \"HIGH\" }}]",
            all.join(" && ")
        )
        .unwrap();
        for c in 1..=CHOICES {
            writeln!(
                text,
                "[[pillars.questions.choices]]\nid = \"G{q}-{c}\"\ntitle = {{ ja = \"対策 {c}\" }}"
            )
            .unwrap();
        }
        writeln!(
            text,
            "[[pillars.questions.choices]]\nid = \"G{q}_no\"\ntitle = {{ ja = \"いずれも該当しない\" }}\nnone_of_these = true"
        )
        .unwrap();
    }
    QuestionSet::from_toml(&text, "generated").unwrap()
}

fn create(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let sets = vec![
        shipped_set("sec").unwrap(),
        shipped_set("fisc-sec").unwrap(),
    ];
    let mut n = 0;
    c.bench_function("create workbook (sec + fisc-sec)", |b| {
        b.iter_batched(
            || {
                n += 1;
                dir.path().join(format!("w{n}.hashira"))
            },
            |path| {
                Workbook::create(
                    &path,
                    "性能測定",
                    sets.clone(),
                    "bench",
                    Arc::new(SystemClock),
                )
                .unwrap()
            },
            BatchSize::PerIteration,
        )
    });
}

fn risk_summary(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::create(
        &dir.path().join("big.hashira"),
        "5,000 問",
        vec![generated_set()],
        "bench",
        Arc::new(SystemClock),
    )
    .unwrap();
    // Four in five questions answered, with varied selections so every rule is exercised.
    let changes: Vec<(String, AnswerChange)> = (0..QUESTIONS)
        .filter(|q| q % 5 != 4)
        .map(|q| {
            let selected = (1..=CHOICES)
                .filter(|c| (q + c) % 3 != 0)
                .map(|c| format!("G{q}-{c}"))
                .collect();
            let change = AnswerChange {
                selected_choices: Some(selected),
                notes: Some(format!("回答メモ {q}")),
                ..AnswerChange::default()
            };
            (format!("G{q}"), change)
        })
        .collect();
    workbook.save_answers(changes, "bench").unwrap();
    let summary = workbook.risk_summary().unwrap();
    assert_eq!(summary.counts.questions, QUESTIONS);
    assert_eq!(summary.counts.unanswered, QUESTIONS / 5);
    c.bench_function("risk summary (5,000 questions)", |b| {
        b.iter(|| workbook.risk_summary().unwrap())
    });
}

/// The row-state record: one answer saved in a workbook of 4,000 answers costs the rows it
/// changes (not the workbook), and `verify` replays the whole trail against every row.
fn recorded_state(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::create(
        &dir.path().join("state.hashira"),
        "5,000 問",
        vec![generated_set()],
        "bench",
        Arc::new(SystemClock),
    )
    .unwrap();
    let changes: Vec<(String, AnswerChange)> = (0..QUESTIONS)
        .filter(|q| q % 5 != 4)
        .map(|q| {
            let change = AnswerChange {
                selected_choices: Some(vec![format!("G{q}-1"), format!("G{q}-2")]),
                notes: Some(format!("回答メモ {q}")),
                ..AnswerChange::default()
            };
            (format!("G{q}"), change)
        })
        .collect();
    workbook.save_answers(changes, "bench").unwrap();
    let mut n = 0u64;
    c.bench_function("save one answer (4,000 answered)", |b| {
        b.iter(|| {
            n += 1;
            let change = AnswerChange {
                notes: Some(format!("更新 {n}")),
                ..AnswerChange::default()
            };
            workbook.save_answer("G7", change, "bench").unwrap()
        })
    });
    c.bench_function("verify (4,000 answered, 12,000 rows)", |b| {
        b.iter(|| assert!(workbook.verify().unwrap().ok))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4));
    targets = create, risk_summary, recorded_state
}
criterion_main!(benches);
