//! Reading one question from a stored set's part (`Workbook::open_for_question`) gives exactly
//! what reading the whole set gives, falls back to the whole set when it cannot, and skipping
//! the re-validation of stored sets on open leaves an edited set to `verify`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::clock::{Clock, FixedClock};
use crate::error::Error;
use crate::question_set::QuestionSet;
use crate::question_set::shipped::shipped_set;
use crate::workbook::{AnswerChange, ProblemKind, Workbook};

const ACTOR: &str = "tester";

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap())
}

/// A custom set laid out as people write them by hand: a table after the pillars, a
/// multi-line string holding a header-like line, a rule list spread over lines.
const CUSTOM: &str = r#"format_version = 1
id = "custom"
version = "2"
languages = ["ja"]
title = { ja = "独自" }
description = { ja = """
[[pillars.questions]]
id = "NOT-A-QUESTION"
""" }

[[pillars]]
id = "a"
title = { ja = "A" }

[[pillars.questions]]
id = "CU1"
title = { ja = "質問 1" }
risk_rules = [
  { condition = "CU1_no", risk = "HIGH" },
  { condition = "CU1-1", risk = "NONE" },
  { condition = "default", risk = "MEDIUM" },
]

[[pillars.questions.choices]]
id = "CU1-1"
title = { ja = "対策 '[x]' と \"[[y]]\"" } # [not a header]

[[pillars.questions.choices]]
id = "CU1_no"
title = { ja = "いずれも該当しない" }
none_of_these = true

[[pillars]]
id = "b"
title = { ja = "B" }

[[pillars.questions]]
id = "CU2"
title = { ja = "質問 2" }
risk_rules = [{ condition = "CU2_no", risk = "HIGH" }, { condition = "default", risk = "NONE" }]

[[pillars.questions.choices]]
id = "CU2-1"
title = { ja = "対策" }

[[pillars.questions.choices]]
id = "CU2_no"
title = { ja = "いずれも該当しない" }
none_of_these = true

[source]
document = "独自"
edition = "1"
"#;

fn workbook_with(dir: &Path, sets: Vec<QuestionSet>) -> PathBuf {
    let path = dir.join("w.hashira");
    Workbook::create(&path, "テスト", sets, ACTOR, clock())
        .unwrap()
        .close()
        .unwrap();
    path
}

#[test]
fn one_question_is_read_as_the_whole_set_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let custom = QuestionSet::from_toml(CUSTOM, "custom").unwrap();
    let path = workbook_with(
        dir.path(),
        vec![
            shipped_set("sec").unwrap(),
            shipped_set("fisc-sec").unwrap(),
            custom,
        ],
    );
    let whole = Workbook::open(&path, clock()).unwrap();
    let mut read = 0;
    for set in whole.question_sets() {
        // Opening reads each set part by part: the document parsing it whole gives.
        let parsed_whole = QuestionSet::from_toml(set.source_text(), "whole").unwrap();
        assert_eq!(set.document(), parsed_whole.document());
        assert_eq!(set.content_hash(), parsed_whole.content_hash());
        for (pillar, question) in set.questions() {
            // As a person types it, too: `sec 1` names SEC1.
            for text in [question.id.clone(), question.id.to_lowercase()] {
                let one = Workbook::open_for_question(&path, clock(), &text).unwrap();
                let [part] = one.question_sets() else {
                    panic!("{text}: one set expected");
                };
                assert_eq!(part.question_count(), 1, "{text} read from its part");
                let (part_set, part_pillar, part_question) = one.resolve_question(&text).unwrap();
                assert_eq!(part_question, question);
                assert_eq!(part_pillar.id, pillar.id);
                assert_eq!(part_pillar.title, pillar.title);
                assert_eq!(
                    (part_set.id(), part_set.version(), part_set.title()),
                    (set.id(), set.version(), set.title())
                );
                assert_eq!(part_set.content_hash(), set.content_hash());
                // The same rules, compiled from the part: every selection of the first
                // three choices gives the same risk.
                let n = question.choices.len();
                for bits in 0..8u8 {
                    let satisfied: Vec<bool> =
                        (0..n).map(|i| i < 3 && bits & (1 << i) != 0).collect();
                    assert_eq!(
                        part_set.evaluate(&question.id, &satisfied),
                        set.evaluate(&question.id, &satisfied),
                        "{text} {satisfied:?}"
                    );
                }
                read += 1;
            }
        }
    }
    assert!(read > 40, "{read}");
}

#[test]
fn a_point_change_through_one_question_is_the_change_a_whole_open_makes() {
    let dir = tempfile::tempdir().unwrap();
    let custom = QuestionSet::from_toml(CUSTOM, "custom").unwrap();
    let path = workbook_with(dir.path(), vec![custom]);
    let mut one = Workbook::open_for_question(&path, clock(), "cu2").unwrap();
    let change = AnswerChange {
        selected_choices: Some(vec!["CU2_no".into()]),
        ..Default::default()
    };
    one.save_answer("CU2", change, ACTOR).unwrap();
    assert_eq!(one.question_risk("CU2").unwrap().as_str(), "HIGH");
    one.close().unwrap();
    let whole = Workbook::open(&path, clock()).unwrap();
    assert_eq!(whole.answer("CU2").unwrap().selected_choices, ["CU2_no"]);
    assert_eq!(whole.question_risk("CU2").unwrap().as_str(), "HIGH");
    assert!(whole.verify().unwrap().ok);
}

#[test]
fn a_workbook_opened_for_part_of_its_sets_is_verified_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let custom = QuestionSet::from_toml(CUSTOM, "custom").unwrap();
    let path = workbook_with(dir.path(), vec![shipped_set("sec").unwrap(), custom]);
    let mut one = Workbook::open_for_question(&path, clock(), "CU2").unwrap();
    assert_eq!(one.question_sets().len(), 1, "the point open reads one set");
    let change = AnswerChange {
        selected_choices: Some(vec!["CU2_no".into()]),
        ..Default::default()
    };
    one.save_answer("CU2", change, ACTOR).unwrap();
    let whole = Workbook::open(&path, clock()).unwrap().verify().unwrap();
    assert!(whole.ok, "{:?}", whole.problems);
    assert_eq!(one.verify().unwrap(), whole);
    let figures = Workbook::open_for_figures(&path, clock()).unwrap();
    assert!(figures.question_sets().is_empty());
    assert_eq!(figures.verify().unwrap(), whole);
    // And a real problem is still found through a point open.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE answer SET notes = 'edited' WHERE question_id = 'CU2'",
            [],
        )
        .unwrap();
    let one = Workbook::open_for_question(&path, clock(), "CU2").unwrap();
    let edited = one.verify().unwrap();
    assert!(!edited.ok);
    assert_eq!(
        edited,
        Workbook::open(&path, clock()).unwrap().verify().unwrap()
    );
}

#[test]
fn questions_written_inline_or_an_unknown_id_read_every_set() {
    let dir = tempfile::tempdir().unwrap();
    let inline = r#"format_version = 1
id = "inline"
version = "1"
languages = ["ja"]
title = { ja = "x" }
source = { document = "d", edition = "1" }
pillars = [{ id = "p", title = { ja = "p" }, questions = [
  { id = "IN1", title = { ja = "q" }, risk_rules = [{ condition = "default", risk = "NONE" }],
    choices = [{ id = "IN1-1", title = { ja = "c" } }, { id = "IN1_no", title = { ja = "n" }, none_of_these = true }] },
] }]
"#;
    let set = QuestionSet::from_toml(inline, "inline").unwrap();
    let path = workbook_with(dir.path(), vec![shipped_set("sec").unwrap(), set]);
    let one = Workbook::open_for_question(&path, clock(), "IN1").unwrap();
    assert_eq!(one.question_sets().len(), 2, "read whole");
    assert_eq!(one.resolve_question("in1").unwrap().2.id, "IN1");
    let unknown = Workbook::open_for_question(&path, clock(), "SEC99").unwrap();
    assert_eq!(unknown.question_sets().len(), 2);
    match unknown.resolve_question("SEC99") {
        Err(Error::QuestionNotFound { suggestions, .. }) => {
            assert!(suggestions.contains(&"SEC9".to_string()), "{suggestions:?}")
        }
        other => panic!("{other:?}"),
    }
}

/// Opening no longer re-validates or re-hashes a stored set (it was validated when added and
/// its SHA-256 recorded): a set edited outside the product into one the validator would refuse
/// (here a "None of these" that is not the question's last choice) opens, and `verify` is what
/// reports it. A stored text that no longer parses is refused on open, whole or one question.
#[test]
fn an_edited_stored_set_is_verifys_to_report_and_an_unreadable_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let custom = QuestionSet::from_toml(CUSTOM, "custom").unwrap();
    let path = workbook_with(dir.path(), vec![custom]);
    let edit = |sql: &str| {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(sql, []).unwrap();
    };
    edit(
        "UPDATE question_set SET source_text = replace(source_text, 'id = \"CU2-1\"', 'id = \"CU2-1\"\nnone_of_these = true')",
    );
    let whole = Workbook::open(&path, clock()).unwrap();
    let report = whole.verify().unwrap();
    assert!(!report.ok);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::QuestionSet
                && p.message.contains("'custom'")
                && p.message.contains("no longer matches")),
        "{:?}",
        report.problems
    );
    whole.close().unwrap();
    Workbook::open_for_question(&path, clock(), "CU2").unwrap();

    edit("UPDATE question_set SET source_text = replace(source_text, 'id = \"CU2\"', 'id = ')");
    for result in [
        Workbook::open(&path, clock()),
        Workbook::open_for_question(&path, clock(), "CU2"),
    ] {
        match result {
            Err(Error::WorkbookCorrupt { reason, .. }) => {
                assert!(reason.contains("'custom'"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
}
