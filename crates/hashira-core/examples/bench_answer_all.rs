//! Answers every question of a workbook for `scripts/bench-scale` (`ANSWERED=all`): a finished
//! review is the normal case for `show`, so the figures are measured with every question
//! answered too. One batch through the product's own `save_answers` (one transaction), with
//! a mix that gives every risk: question i chooses its first two practices (i % 4 == 0), its
//! first (1), "None of these" (2), or is marked not applicable with a reason (3).
//!
//! Run: `cargo run --release -p hashira-core --example bench_answer_all -- WORKBOOK`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use hashira_core::workbook::{AnswerChange, NotApplicable, NotApplicableReason};
use hashira_core::{SystemClock, Workbook};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("usage: bench_answer_all WORKBOOK");
        std::process::exit(2);
    };
    let mut workbook = Workbook::open(path.as_ref(), Arc::new(SystemClock)).unwrap();
    let changes: Vec<(String, AnswerChange)> = workbook
        .question_sets()
        .iter()
        .flat_map(|set| set.questions())
        .enumerate()
        .map(|(i, (_, question))| {
            let practices: Vec<String> =
                question.practice_choices().map(|c| c.id.clone()).collect();
            let change = match i % 4 {
                0 => AnswerChange {
                    selected_choices: Some(practices.into_iter().take(2).collect()),
                    ..AnswerChange::default()
                },
                1 => AnswerChange {
                    selected_choices: Some(practices.into_iter().take(1).collect()),
                    ..AnswerChange::default()
                },
                2 => AnswerChange {
                    selected_choices: Some(
                        question
                            .none_choice()
                            .map(|c| c.id.clone())
                            .into_iter()
                            .collect(),
                    ),
                    ..AnswerChange::default()
                },
                _ => AnswerChange {
                    not_applicable: Some(Some(NotApplicable {
                        reason: NotApplicableReason::OutOfScope,
                        text: "対象外のため".into(),
                    })),
                    ..AnswerChange::default()
                },
            };
            (question.id.clone(), change)
        })
        .collect();
    workbook.save_answers(changes, "bench").unwrap();
}
