//! The figures read from the rows kept beside each stored set (schema 5: `set_figures`,
//! `question_rule`; `Workbook::open_for_figures` + `stored_figures`, what `hashira show`
//! prints) are the figures of the parsed sets, on new workbooks and on older files upgraded;
//! the upgrade writes the rows in the transaction of its audit entry; `verify` names every
//! row that disagrees with the set's text (issue #11 §5).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{ACTOR, Scratch, clock, file_bytes};
use hashira_core::question_set::shipped::{shipped_set, shipped_set_ids};
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, LATEST_SCHEMA_VERSION, NotApplicable, NotApplicableReason,
    Problem, ProblemKind,
};
use hashira_core::{Error, Workbook};
use serde_json::{Value, json};

/// Every question of `workbook` answered one of eight ways in turn: unanswered, one practice,
/// every practice, "None of these", not applicable with and without a reason text, a practice
/// with another marked not applicable, only a note (still unanswered).
fn answer_in_every_way(workbook: &mut Workbook) {
    let changes: Vec<(String, AnswerChange)> = workbook
        .question_sets()
        .iter()
        .flat_map(|set| set.questions())
        .enumerate()
        .filter_map(|(i, (_, question))| {
            let practices: Vec<String> =
                question.practice_choices().map(|c| c.id.clone()).collect();
            let not_applicable = |text: &str| AnswerChange {
                not_applicable: Some(Some(NotApplicable {
                    reason: NotApplicableReason::OutOfScope,
                    text: text.into(),
                })),
                ..AnswerChange::default()
            };
            let change = match i % 8 {
                0 => return None,
                1 => AnswerChange {
                    selected_choices: Some(practices[..1].to_vec()),
                    ..AnswerChange::default()
                },
                2 => AnswerChange {
                    selected_choices: Some(practices.clone()),
                    ..AnswerChange::default()
                },
                3 => AnswerChange {
                    selected_choices: Some(vec![question.none_choice()?.id.clone()]),
                    ..AnswerChange::default()
                },
                4 => not_applicable("対象外のため"),
                5 => not_applicable(""),
                6 if practices.len() > 1 => AnswerChange {
                    selected_choices: Some(practices[..1].to_vec()),
                    choices_not_applicable: Some(vec![ChoiceNotApplicable {
                        choice_id: practices[1].clone(),
                        reason: NotApplicableReason::BusinessPriorities,
                        text: "優先度".into(),
                    }]),
                    ..AnswerChange::default()
                },
                _ => AnswerChange {
                    notes: Some("メモのみ".into()),
                    ..AnswerChange::default()
                },
            };
            Some((question.key().to_string(), change))
        })
        .collect();
    workbook.save_answers(changes, ACTOR).unwrap();
}

/// A workbook with every shipped set, answered in every way, closed.
fn answered_workbook(scratch: &Scratch) -> PathBuf {
    let path = scratch.path("answered.hashira");
    let sets = shipped_set_ids()
        .map(|id| shipped_set(id).unwrap())
        .collect();
    let mut workbook = Workbook::create(&path, "全セット", sets, ACTOR, clock()).unwrap();
    answer_in_every_way(&mut workbook);
    workbook.close().unwrap();
    path
}

/// The stored figures equal the parsed sets' figures, set by set (title, question and choice
/// counts too), and the sets' figures are not trivial.
fn assert_same_figures(path: &Path) {
    let parsed = Workbook::open(path, clock()).unwrap();
    let expected = parsed.risk_summary().unwrap();
    let stored = Workbook::open_for_figures(path, clock())
        .unwrap()
        .stored_figures()
        .unwrap();
    assert_eq!(stored.risk, expected);
    assert_eq!(stored.sets.len(), parsed.question_sets().len());
    for (overview, set) in stored.sets.iter().zip(parsed.question_sets()) {
        assert_eq!(overview.id, set.id());
        assert_eq!(overview.version, set.version());
        assert_eq!(&overview.title, set.title());
        assert_eq!(overview.question_count, set.question_count());
        assert_eq!(overview.choice_count, set.choice_count());
        assert_eq!(overview.content_hash, set.content_hash());
    }
}

#[test]
fn stored_figures_are_the_parsed_sets_figures() {
    let scratch = Scratch::new();
    let path = answered_workbook(&scratch);
    assert_same_figures(&path);
    let counts = Workbook::open_for_figures(&path, clock())
        .unwrap()
        .stored_figures()
        .unwrap()
        .risk
        .counts;
    for (what, n) in [
        ("high", counts.high),
        ("medium", counts.medium),
        ("none", counts.none),
        ("not applicable", counts.not_applicable),
        ("without reason", counts.not_applicable_without_reason),
        ("unanswered", counts.unanswered),
    ] {
        assert!(n > 0, "no question counted {what}: {counts:?}");
    }
    assert!(Workbook::open(&path, clock()).unwrap().verify().unwrap().ok);
}

/// `path` made a schema-4 file, as the release before this one wrote it: every table the
/// migrations after 4 create dropped (schema 4's tables are those `migrations/0001`–`0004`
/// create) and the version set back.
fn downgrade_to_schema_4(path: &Path) {
    let schema_4 = rusqlite::Connection::open_in_memory().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|file| file.file_name().unwrap().to_str().unwrap() < "0005")
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for file in files {
        schema_4
            .execute_batch(&std::fs::read_to_string(file).unwrap())
            .unwrap();
    }
    let tables = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut statement = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap();
        statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let keep = tables(&schema_4);
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut sql = String::from("PRAGMA foreign_keys = OFF; ");
    for table in tables(&conn).into_iter().filter(|t| !keep.contains(t)) {
        sql += &format!("DROP TABLE {table}; ");
    }
    sql += "PRAGMA user_version = 4;";
    conn.execute_batch(&sql).unwrap();
}

fn edit_outside(path: &Path, sql: &str) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

fn user_version(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_schema_4_workbook_is_upgraded_with_its_rules_recorded_and_shows_the_same_figures() {
    let scratch = Scratch::new();
    let path = answered_workbook(&scratch);
    let before = Workbook::open(&path, clock())
        .unwrap()
        .risk_summary()
        .unwrap();
    downgrade_to_schema_4(&path);

    // The figures' reader upgrades the file like every open.
    let stored = Workbook::open_for_figures(&path, clock())
        .unwrap()
        .stored_figures()
        .unwrap();
    assert_eq!(user_version(&path), LATEST_SCHEMA_VERSION);
    assert_eq!(stored.risk, before);
    assert_same_figures(&path);
    let workbook = Workbook::open(&path, clock()).unwrap();
    let last = workbook.audit_log().unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.old_value, last.new_value),
        (
            "workbook.migrate",
            Some(json!(4)),
            Some(json!(LATEST_SCHEMA_VERSION))
        )
    );
    let report = workbook.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn a_workbook_of_the_first_release_is_upgraded_and_shows_the_same_figures() {
    let scratch = Scratch::new();
    let path = scratch.path("old.hashira");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-1-demo.hashira");
    std::fs::copy(fixture, &path).unwrap();
    assert_same_figures(&path);
    let stored = Workbook::open_for_figures(&path, clock())
        .unwrap()
        .stored_figures()
        .unwrap();
    assert!(stored.risk.counts.answered > 0);
    assert!(Workbook::open(&path, clock()).unwrap().verify().unwrap().ok);
}

#[test]
fn an_upgrade_whose_audit_entry_fails_writes_no_rules() {
    let scratch = Scratch::new();
    let path = answered_workbook(&scratch);
    downgrade_to_schema_4(&path);
    edit_outside(
        &path,
        "CREATE TRIGGER refuse_entries BEFORE INSERT ON audit_entry \
         BEGIN SELECT RAISE(ABORT, 'refused'); END;",
    );
    let before = file_bytes(&path);
    Workbook::open_for_figures(&path, clock()).unwrap_err();
    assert_eq!(file_bytes(&path), before);
    assert_eq!(user_version(&path), 4);
    let tables: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('question_rule', 'set_figures')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0);
}

fn set_problems(path: &Path) -> Vec<Problem> {
    let report = Workbook::open(path, clock()).unwrap().verify().unwrap();
    assert!(!report.ok);
    report
        .problems
        .into_iter()
        .inspect(|p| assert_eq!(p.kind, ProblemKind::QuestionSet, "{p:?}"))
        .collect()
}

fn place(problem: &Problem) -> (Option<&str>, Option<&str>, Option<&str>) {
    (
        problem.table.as_deref(),
        problem.key.as_deref(),
        problem.field.as_deref(),
    )
}

#[test]
fn verify_names_every_stored_rule_that_disagrees_with_the_set_text() {
    let scratch = Scratch::new();
    let path = scratch.path("edited.hashira");
    scratch.workbook("edited.hashira").close().unwrap();

    // A rule made lenient: "None of these" would read as no risk.
    edit_outside(
        &path,
        "UPDATE question_rule SET rules = replace(rules, '\"HIGH\"', '\"NONE\"') \
         WHERE question_id = 'SEC1'",
    );
    let problems = set_problems(&path);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        place(&problems[0]),
        (Some("question_rule"), Some("SEC1"), Some("rules"))
    );
    let text = |v: &Option<Value>| v.as_ref().unwrap().to_string();
    assert!(text(&problems[0].expected).contains("HIGH"));
    assert!(!text(&problems[0].found).contains("HIGH"));
    assert!(
        problems[0].message.contains("SEC1"),
        "{}",
        problems[0].message
    );

    // A choice list, a practice count, a pillar, a set title, a missing row.
    edit_outside(
        &path,
        "UPDATE question_rule SET rules = (SELECT rules FROM question_rule WHERE question_id = 'SEC2') \
         WHERE question_id = 'SEC1'; \
         UPDATE question_rule SET rules = replace(rules, '\"NONE\"', '\"HIGH\"') \
         WHERE question_id = 'SEC1'; \
         UPDATE question_rule SET choices = '[]' WHERE question_id = 'SEC3'; \
         UPDATE question_rule SET practices = 99 WHERE question_id = 'SEC4'; \
         UPDATE question SET pillar_id = 'elsewhere' WHERE id = 'SEC5'; \
         UPDATE set_figures SET title = '{\"ja\": \"別の題\"}' WHERE set_id = 'fisc-sec'; \
         UPDATE set_figures SET added_at = '2000-01-01T00:00:00Z' WHERE set_id = 'sec'; \
         DELETE FROM question_rule WHERE question_id = 'SEC6';",
    );
    let problems = set_problems(&path);
    let places: Vec<_> = problems.iter().map(place).collect();
    for expected in [
        (Some("question_rule"), Some("SEC1"), Some("rules")),
        (Some("question_rule"), Some("SEC3"), Some("choices")),
        (Some("question_rule"), Some("SEC4"), Some("practices")),
        (Some("question"), Some("SEC5"), Some("pillar_id")),
        (Some("set_figures"), Some("fisc-sec"), Some("title")),
        (Some("set_figures"), Some("sec"), Some("added_at")),
        (Some("question_rule"), Some("SEC6"), None),
    ] {
        assert!(places.contains(&expected), "{expected:?} not in {places:?}");
    }
    assert_eq!(places.len(), 7, "{places:?}");
}

#[test]
fn a_stored_rule_that_cannot_be_read_is_an_error_naming_its_row_not_a_figure() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("damaged.hashira");
    workbook
        .save_answer(
            "SEC1",
            AnswerChange {
                selected_choices: Some(vec!["SEC1-01".into()]),
                ..AnswerChange::default()
            },
            ACTOR,
        )
        .unwrap();
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();
    edit_outside(
        &path,
        "UPDATE question_rule SET rules = '[{\"condition\": \"SEC1-01 &&\", \"risk\": \"NONE\"}]' \
         WHERE question_id = 'SEC1'",
    );
    let error = Workbook::open_for_figures(&path, clock())
        .unwrap()
        .stored_figures()
        .unwrap_err();
    match &error {
        Error::StoredRowInvalid { table, row, .. } => {
            assert_eq!((*table, row.as_str()), ("question_rule", "SEC1"));
        }
        other => panic!("expected StoredRowInvalid, got {other:?}"),
    }
}

/// A set whose question ids another set already uses is keyed `set_id/question_id` in the
/// workbook; its rows are stored under those keys and its answers counted with them.
#[test]
fn sets_sharing_question_ids_are_counted_by_their_keys() {
    let scratch = Scratch::new();
    let path = scratch.path("shared.hashira");
    let own = hashira_core::QuestionSet::from_toml(
        "format_version = 1\nid = \"own\"\nversion = \"1\"\nlanguages = [\"ja\"]\n\
         title = { ja = \"自社\" }\n[source]\ndocument = \"社内\"\nedition = \"1\"\n\
         [[pillars]]\nid = \"p\"\ntitle = { ja = \"柱\" }\n\
         [[pillars.questions]]\nid = \"SEC1\"\ntitle = { ja = \"同じ ID の質問\" }\n\
         risk_rules = [{ condition = \"SEC1-A\", risk = \"NONE\" }, \
         { condition = \"default\", risk = \"HIGH\" }]\n\
         [[pillars.questions.choices]]\nid = \"SEC1-A\"\ntitle = { ja = \"対策\" }\n\
         [[pillars.questions.choices]]\nid = \"SEC1_no\"\ntitle = { ja = \"いずれも該当しない\" }\n\
         none_of_these = true\n",
        "own.toml",
    )
    .unwrap();
    let mut workbook = Workbook::create(
        &path,
        "共有 ID",
        vec![shipped_set("sec").unwrap(), own],
        ACTOR,
        clock(),
    )
    .unwrap();
    answer_in_every_way(&mut workbook);
    let keys: Vec<String> = workbook
        .question_sets()
        .iter()
        .flat_map(|set| set.questions().map(|(_, q)| q.key().to_string()))
        .collect();
    assert!(keys.contains(&"own/SEC1".to_string()), "{keys:?}");
    workbook
        .save_answer(
            "own/SEC1",
            AnswerChange {
                selected_choices: Some(vec!["SEC1-A".into()]),
                ..AnswerChange::default()
            },
            ACTOR,
        )
        .unwrap();
    workbook.close().unwrap();
    assert_same_figures(&path);
    let stored = Workbook::open_for_figures(&path, clock())
        .unwrap()
        .stored_figures()
        .unwrap();
    assert_eq!(stored.risk.sets[1].counts.none, 1);
    assert!(Workbook::open(&path, clock()).unwrap().verify().unwrap().ok);
}
