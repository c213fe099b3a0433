//! Answers and the risk they give, on a real workbook file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ACTOR, Scratch, clock};
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, NotApplicable, NotApplicableReason,
};
use hashira_core::{ErrorCode, Risk, Workbook};

fn choose(ids: &[&str]) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(ids.iter().map(|s| s.to_string()).collect()),
        ..AnswerChange::default()
    }
}

#[test]
fn risk_follows_the_questions_rules_in_order() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("risk.hashira");
    assert_eq!(workbook.question_risk("SEC1").unwrap(), Risk::Unanswered);
    // SEC1's essential choices are 02, 03, 06, 08 (questions/README.md).
    workbook
        .save_answer("SEC1", choose(&["SEC1-01"]), ACTOR)
        .unwrap();
    assert_eq!(workbook.question_risk("SEC1").unwrap(), Risk::High);
    workbook
        .save_answer(
            "SEC1",
            choose(&["SEC1-02", "SEC1-03", "SEC1-06", "SEC1-08"]),
            ACTOR,
        )
        .unwrap();
    assert_eq!(workbook.question_risk("SEC1").unwrap(), Risk::Medium);
    let all: Vec<String> = (1..=8).map(|n| format!("SEC1-0{n}")).collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    workbook.save_answer("SEC1", choose(&all), ACTOR).unwrap();
    assert_eq!(workbook.question_risk("SEC1").unwrap(), Risk::None);
    workbook
        .save_answer("SEC1", choose(&["SEC1_no"]), ACTOR)
        .unwrap();
    assert_eq!(workbook.question_risk("SEC1").unwrap(), Risk::High);
}

#[test]
fn a_choice_marked_not_applicable_counts_as_satisfied() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("na-choice.hashira");
    let mut change = choose(&[
        "SEC1-01", "SEC1-02", "SEC1-03", "SEC1-04", "SEC1-05", "SEC1-06", "SEC1-07",
    ]);
    change.choices_not_applicable = Some(vec![ChoiceNotApplicable {
        choice_id: "SEC1-08".into(),
        reason: NotApplicableReason::BusinessPriorities,
        text: "監査は年次の外部監査で代替".into(),
    }]);
    let saved = workbook.save_answer("SEC1", change, ACTOR).unwrap();
    assert_eq!(saved.choices_not_applicable.len(), 1);
    assert_eq!(workbook.question_risk("SEC1").unwrap(), Risk::None);
}

#[test]
fn a_question_not_applicable_keeps_its_reason_and_counts_apart() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("na.hashira");
    let change = AnswerChange {
        not_applicable: Some(Some(NotApplicable {
            reason: NotApplicableReason::OutOfScope,
            text: "電子メールは送信しない".into(),
        })),
        ..AnswerChange::default()
    };
    workbook.save_answer("FISCSEC10", change, ACTOR).unwrap();
    assert_eq!(
        workbook.question_risk("FISCSEC10").unwrap(),
        Risk::NotApplicable
    );
    let summary = workbook.risk_summary().unwrap();
    let fisc = summary
        .sets
        .iter()
        .find(|s| s.set_id == "fisc-sec")
        .unwrap();
    assert_eq!(fisc.counts.not_applicable, 1);
    assert_eq!(fisc.counts.applicable, 9);
    assert_eq!(fisc.counts.answered, 0);
    // Applicable again: the stored selection (none) decides.
    workbook
        .save_answer(
            "FISCSEC10",
            AnswerChange {
                not_applicable: Some(None),
                ..Default::default()
            },
            ACTOR,
        )
        .unwrap();
    assert_eq!(
        workbook.question_risk("FISCSEC10").unwrap(),
        Risk::Unanswered
    );
}

#[test]
fn invalid_answers_are_refused_naming_question_and_choice_and_change_nothing() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("invalid.hashira");
    workbook
        .save_answer("SEC2", choose(&["SEC2-01"]), ACTOR)
        .unwrap();
    let entries_before = workbook.audit_log().unwrap().len();

    let error = workbook
        .save_answer("SEC2", choose(&["SEC2-01", "SEC2_no"]), ACTOR)
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidAnswer);
    assert!(error.to_string().contains("SEC2"));
    assert!(error.to_string().contains("None of these"));

    let error = workbook
        .save_answer("SEC2", choose(&["SEC2-99"]), ACTOR)
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::ChoiceNotFound);
    assert_eq!(error.to_string(), "question SEC2 has no choice 'SEC2-99'");

    let error = workbook
        .save_answer("SEC99", choose(&["SEC2-01"]), ACTOR)
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::QuestionNotFound);

    let mut clash = choose(&["SEC2-01"]);
    clash.choices_not_applicable = Some(vec![ChoiceNotApplicable {
        choice_id: "SEC2-01".into(),
        reason: NotApplicableReason::Other,
        text: String::new(),
    }]);
    let error = workbook.save_answer("SEC2", clash, ACTOR).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("both selected and not applicable")
    );

    let answer = workbook.answer("SEC2").unwrap();
    assert_eq!(answer.selected_choices, ["SEC2-01"]);
    assert_eq!(workbook.audit_log().unwrap().len(), entries_before);
}

#[test]
fn answers_survive_reopening_with_who_and_when_and_long_japanese_notes() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("persist.hashira");
    let notes =
        "多要素認証は全利用者に必須。\n緊急用アカウントの運用手順は別紙参照。".repeat(3_000);
    let mut change = choose(&["SEC1-03", "SEC1-02"]);
    change.notes = Some(notes.clone());
    let saved = workbook.save_answer("SEC1", change, "山田 太郎").unwrap();
    // Stored in the question's order, whatever order they were given in.
    assert_eq!(saved.selected_choices, ["SEC1-02", "SEC1-03"]);
    let path = workbook.path().to_path_buf();
    workbook.close().unwrap();

    let workbook = Workbook::open(&path, clock()).unwrap();
    let answer = workbook.answer("SEC1").unwrap();
    assert_eq!(answer.selected_choices, ["SEC1-02", "SEC1-03"]);
    assert_eq!(answer.notes, notes);
    assert_eq!(answer.updated_by.as_deref(), Some("山田 太郎"));
    assert_eq!(answer.updated_at, saved.updated_at);
    assert!(answer.updated_at.unwrap().starts_with("2026-04-01T00:00:"));
}

#[test]
fn a_change_that_changes_nothing_writes_nothing() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("noop.hashira");
    workbook
        .save_answer("SEC3", choose(&["SEC3-01"]), ACTOR)
        .unwrap();
    let entries = workbook.audit_log().unwrap().len();
    workbook
        .save_answer("SEC3", choose(&["SEC3-01"]), "someone else")
        .unwrap();
    workbook
        .save_answer("SEC3", AnswerChange::default(), ACTOR)
        .unwrap();
    assert_eq!(workbook.audit_log().unwrap().len(), entries);
    assert_eq!(
        workbook.answer("SEC3").unwrap().updated_by.as_deref(),
        Some(ACTOR)
    );
}

#[test]
fn only_the_named_parts_of_an_answer_change() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("patch.hashira");
    workbook
        .save_answer("SEC4", choose(&["SEC4-01", "SEC4-02"]), ACTOR)
        .unwrap();
    let notes_only = AnswerChange {
        notes: Some("メモのみ更新".into()),
        ..Default::default()
    };
    let answer = workbook.save_answer("SEC4", notes_only, ACTOR).unwrap();
    assert_eq!(answer.selected_choices, ["SEC4-01", "SEC4-02"]);
    assert_eq!(answer.notes, "メモのみ更新");
}

#[test]
fn counts_add_up_per_pillar_set_and_workbook() {
    let scratch = Scratch::new();
    let mut workbook = scratch.workbook("counts.hashira");
    workbook
        .save_answer("SEC1", choose(&["SEC1_no"]), ACTOR)
        .unwrap(); // high
    workbook
        .save_answer(
            "SEC2",
            choose(&[
                "SEC2-01", "SEC2-02", "SEC2-03", "SEC2-04", "SEC2-05", "SEC2-06",
            ]),
            ACTOR,
        )
        .unwrap(); // none
    workbook
        .save_answer("FISCSEC3", choose(&["FISCSEC3-BP01"]), ACTOR)
        .unwrap(); // none
    workbook
        .save_answer("FISCSEC4", choose(&["FISCSEC4_no"]), ACTOR)
        .unwrap(); // high
    let summary = workbook.risk_summary().unwrap();
    assert_eq!(summary.counts.questions, 21);
    assert_eq!(summary.counts.high, 2);
    assert_eq!(summary.counts.none, 2);
    assert_eq!(summary.counts.unanswered, 17);
    assert_eq!(summary.counts.answered, 4);
    assert_eq!(summary.counts.applicable, 21);
    let sec = &summary.sets[0];
    assert_eq!(
        (
            sec.set_id.as_str(),
            sec.counts.questions,
            sec.counts.high,
            sec.counts.none
        ),
        ("sec", 11, 1, 1)
    );
    assert_eq!(sec.pillars.len(), 1);
    assert_eq!(sec.pillars[0].counts, sec.counts);
    let review = workbook.review(Some("fisc-sec")).unwrap();
    assert_eq!(review.len(), 10);
    assert_eq!(review[3].question_id, "FISCSEC4");
    assert_eq!(review[3].risk, Risk::High);
    assert_eq!(review[0].fisc_refs, ["実5", "実61", "実27"]);
}
