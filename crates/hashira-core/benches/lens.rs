//! Speed of custom lenses and the WA Tool hand-off (issue #12 §5), in process (release build):
//! - `lens check` of the S3 sample lens (35 questions, 162 choices): the whole process < 20 ms
//!   (`scripts/bench-lens`), so the check itself must be a small part of it;
//! - a set exported as a lens (`lens_file`: export, rule rewriting, the check of the result);
//! - `wa-tool export` (`export_for_wa_tool` + `write_export`) of the largest generated set a
//!   lens can hold (180 questions of 3 choices and "None of these": 468 KB of lens, under the
//!   WA Tool's 500 KB), every question answered. The "5,000-question set" cannot be a
//!   WA Tool lens (10 pillars × 20 questions, 500 KB); such a set is refused at once, measured
//!   whole-process by `scripts/bench-lens`.
//!
//! Run: `cargo bench -p hashira-core --bench lens`. Results are recorded in BENCHMARKS.md
//! ("Custom lenses and the WA Tool").
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/lens_sized.rs"]
mod lens_sized;

use std::path::Path;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hashira_core::lens::{check_lens_bytes, lens_file};
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::wa_tool::{export_for_wa_tool, write_export};
use hashira_core::workbook::{AnswerChange, ChoiceNotApplicable, NotApplicableReason};
use hashira_core::{Lang, SystemClock, Workbook};

const QUESTIONS: usize = 180;
const CHOICES: usize = 3;

fn check(c: &mut Criterion) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lenses/amazon-s3-lens.json");
    let bytes = std::fs::read(path).unwrap();
    assert!(check_lens_bytes(&bytes).is_empty());
    c.bench_function("lens check: the S3 lens (35 questions, 162 choices)", |b| {
        b.iter(|| check_lens_bytes(&bytes))
    });
}

fn export(c: &mut Criterion) {
    let fisc = shipped_set("fisc-sec").unwrap();
    c.bench_function("lens export: fisc-sec, ja", |b| {
        b.iter(|| lens_file(&fisc, Lang::Ja).unwrap())
    });
    c.bench_function(
        "lens export: fisc-sec, en (Japanese fallbacks counted)",
        |b| b.iter(|| lens_file(&fisc, Lang::En).unwrap()),
    );
    let big = lens_sized::lens_sized_set(QUESTIONS, CHOICES);
    assert!(lens_file(&big, Lang::Ja).unwrap().text.len() > 400_000);
    c.bench_function("lens export: 180 questions × 3 choices (468 KB)", |b| {
        b.iter(|| lens_file(&big, Lang::Ja).unwrap())
    });
}

fn wa_tool_export(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::create(
        &dir.path().join("wa.hashira"),
        "WA Tool 性能測定",
        vec![lens_sized::lens_sized_set(QUESTIONS, CHOICES)],
        "bench",
        Arc::new(SystemClock),
    )
    .unwrap();
    // Every question answered: a selection, notes (one in ten over the WA Tool's 2084
    // characters, so cut with a warning), a choice marked not applicable in one in five.
    let changes: Vec<(String, AnswerChange)> = (0..QUESTIONS)
        .map(|q| {
            let notes = if q % 10 == 0 {
                "長い回答メモ。".repeat(400)
            } else {
                format!("回答メモ {q}")
            };
            let change = AnswerChange {
                selected_choices: Some(vec![format!("GEN{q}-1"), format!("GEN{q}-2")]),
                choices_not_applicable: (q % 5 == 0).then(|| {
                    vec![ChoiceNotApplicable {
                        choice_id: format!("GEN{q}-3"),
                        reason: NotApplicableReason::OutOfScope,
                        text: "対象外".to_string(),
                    }]
                }),
                notes: Some(notes),
                ..AnswerChange::default()
            };
            (format!("GEN{q}"), change)
        })
        .collect();
    workbook.save_answers(changes, "bench").unwrap();
    let export = export_for_wa_tool(&workbook, "bench", Lang::Ja, None).unwrap();
    assert_eq!(export.answers, QUESTIONS);
    c.bench_function("wa-tool export: 180 answered questions, in memory", |b| {
        b.iter(|| export_for_wa_tool(&workbook, "bench", Lang::Ja, None).unwrap())
    });
    let mut n = 0;
    c.bench_function(
        "wa-tool export: 180 answered questions, written (185 files)",
        |b| {
            b.iter_batched(
                || {
                    n += 1;
                    dir.path().join(format!("out{n}"))
                },
                |out| {
                    let export = export_for_wa_tool(&workbook, "bench", Lang::Ja, None).unwrap();
                    write_export(&export, &out).unwrap();
                },
                BatchSize::PerIteration,
            )
        },
    );
}

criterion_group!(benches, check, export, wa_tool_export);
criterion_main!(benches);
