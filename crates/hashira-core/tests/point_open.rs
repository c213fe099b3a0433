//! `Workbook::open_for_question` (`hashira answer`) reads one question's part of a large stored
//! set, outlining the text only up to it and checking only that part as UTF-8: on real
//! workbook files, answering through it stores exactly what answering through `Workbook::open`
//! (the whole set parsed) stores, for the first, a middle and the last question of a
//! 2,000-question set; and bytes changed outside the answered part, which that path does not
//! read, are still caught by `hashira verify` (its whole open, and the whole text against its
//! content hash).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../../hashira-xlsx/benches/support/generated.rs"]
mod generated;

use std::path::Path;

use common::{ACTOR, Scratch, clock};
use hashira_core::Error;
use hashira_core::history::HistoryFilter;
use hashira_core::workbook::{AnswerChange, Workbook};

const QUESTIONS: usize = 2000;

fn change(q: usize) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(vec![format!("G{q}-1"), format!("G{q}-2")]),
        notes: Some(format!("質問 {q} の回答")),
        ..AnswerChange::default()
    }
}

/// Everything a reader of the workbook sees, read with every set parsed whole.
fn everything(path: &Path) -> String {
    let workbook = Workbook::open(path, clock()).unwrap();
    format!(
        "{:?}\n{:?}",
        workbook.review(None).unwrap(),
        workbook.history(&HistoryFilter::default()).unwrap()
    )
}

fn edit(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    assert_eq!(conn.execute(sql, []).unwrap(), 1, "{sql}");
}

#[test]
fn answering_one_question_of_a_large_set_stores_what_the_whole_set_path_stores() {
    let scratch = Scratch::new();
    let point = scratch.path("point.hashira");
    let whole = scratch.path("whole.hashira");
    let set = generated::generated_set(QUESTIONS, 4);
    Workbook::create(&point, "large", vec![set], ACTOR, clock())
        .unwrap()
        .close()
        .unwrap();
    std::fs::copy(&point, &whole).unwrap();
    for q in [0, QUESTIONS / 2, QUESTIONS - 1] {
        let id = format!("G{q}");
        let mut one = Workbook::open_for_question(&point, clock(), &id).unwrap();
        // Read from the question's part, not from the whole set.
        let [part] = one.question_sets() else {
            panic!("{id}: one set expected");
        };
        assert_eq!(part.question_count(), 1, "{id}");
        let saved = one.save_answer(&id, change(q), ACTOR).unwrap();
        let risk = one.question_risk(&id).unwrap();
        one.close().unwrap();

        let mut all = Workbook::open(&whole, clock()).unwrap();
        assert_eq!(
            all.save_answer(&id, change(q), ACTOR).unwrap(),
            saved,
            "{id}"
        );
        assert_eq!(all.question_risk(&id).unwrap(), risk, "{id}");
        all.close().unwrap();
        assert_eq!(everything(&point), everything(&whole), "{id}");
    }
    assert!(
        Workbook::open(&point, clock())
            .unwrap()
            .verify()
            .unwrap()
            .ok
    );
}

#[test]
fn bytes_changed_outside_the_answered_question_are_still_caught_by_verify() {
    let scratch = Scratch::new();
    let late = format!("解説 {}-3。", QUESTIONS - 10);
    // The same text, one character changed; and one character made bytes that are not UTF-8.
    let changes = [
        format!(
            "UPDATE question_set SET source_text = replace(source_text, '{late}', '解説 X-3。')"
        ),
        format!(
            "UPDATE question_set SET source_text = CAST(replace(CAST(source_text AS BLOB), \
             CAST('{late}' AS BLOB), CAST('解説 ' AS BLOB) || x'FF' || CAST('-3。' AS BLOB)) AS TEXT)"
        ),
    ];
    for (n, sql) in changes.iter().enumerate() {
        let path = scratch.path(&format!("damaged-{n}.hashira"));
        Workbook::create(
            &path,
            "large",
            vec![generated::generated_set(QUESTIONS, 4)],
            ACTOR,
            clock(),
        )
        .unwrap()
        .close()
        .unwrap();
        edit(&path, sql);
        // Answering an early question reads only its part: the change is not seen there.
        let mut one = Workbook::open_for_question(&path, clock(), "G10").unwrap();
        assert_eq!(one.question_sets()[0].question_count(), 1, "{sql}");
        one.save_answer("G10", change(10), ACTOR).unwrap();
        one.close().unwrap();
        // `hashira verify` opens the workbook whole, as every reading command does: a text
        // changed but still UTF-8 is reported against its recorded hash, and bytes that are
        // not UTF-8 already refuse the open, naming the stored row.
        match (n, Workbook::open(&path, clock())) {
            (0, Ok(workbook)) => {
                let report = workbook.verify().unwrap();
                assert!(!report.ok, "{sql}");
                assert!(
                    report.problems.iter().any(|p| p.message
                        == "question set 'bench': its text no longer matches the recorded hash"),
                    "{sql}: {:?}",
                    report.problems
                );
            }
            (1, Err(Error::StoredRowInvalid { table, reason, .. })) => {
                assert_eq!(table, "question_set");
                assert!(reason.contains("not valid UTF-8"), "{reason}");
            }
            (_, other) => panic!("{sql}: {:?}", other.map(|_| "opened")),
        }
    }
}
