//! Question-set upgrades on real workbook files (issue #13 §3): a next edition of a shipped set
//! (texts changed, a choice removed, a question added, a question renumbered through a map) and
//! a v1 → v2 of a custom lens carry the answers as the plan says; the pre-upgrade milestone
//! keeps the old text and answers; `verify` passes; every refusal leaves the file's bytes as
//! they were; confirming or changing an answer clears it from the re-review list.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ACTOR, Scratch, clock, file_bytes};
use hashira_core::ErrorCode;
use hashira_core::hashing::sha256_hex;
use hashira_core::lens::lens_to_set;
use hashira_core::question_set::QuestionSet;
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::workbook::milestone::MilestoneView;
use hashira_core::workbook::upgrade::IdMap;
use hashira_core::workbook::{
    AnswerChange, NewEvidence, NotApplicable, NotApplicableReason, Workbook,
};

const NEXT_EDITION: &str = include_str!("fixtures/upgrade/fisc-sec-1.7.0.toml");
const NEXT_MAP: &str = include_str!("fixtures/upgrade/fisc-sec-1.7.0.map.toml");
const S3_V1: &[u8] = include_bytes!("../../../tests/lenses/Amazon_S3_Lens.json");
const S3_V2: &[u8] = include_bytes!("fixtures/upgrade/Amazon_S3_Lens-v3.2.0.json");

fn next_edition() -> QuestionSet {
    QuestionSet::from_toml(NEXT_EDITION, "fisc-sec-1.7.0.toml").unwrap()
}

fn next_map() -> IdMap {
    IdMap::from_toml(NEXT_MAP, "fisc-sec-1.7.0.map.toml", "fisc-sec").unwrap()
}

fn choose(choices: &[&str]) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(choices.iter().map(|c| c.to_string()).collect()),
        ..AnswerChange::default()
    }
}

fn link(title: &str) -> NewEvidence {
    NewEvidence::Link {
        url: "https://example.jp/規程".into(),
        title: title.into(),
    }
}

/// sec + fisc-sec with answers the next edition touches in every way.
fn answered_workbook(scratch: &Scratch) -> Workbook {
    let mut wb = scratch.workbook("w.hashira");
    wb.save_answer(
        "FISCSEC1",
        choose(&["FISCSEC1-BP01", "FISCSEC1-BP03"]),
        "前任者",
    )
    .unwrap();
    wb.save_answer("FISCSEC2", choose(&["FISCSEC2-BP01"]), "前任者")
        .unwrap();
    wb.save_answer("FISCSEC4", choose(&["FISCSEC4-BP01"]), "前任者")
        .unwrap();
    let mut change = choose(&["FISCSEC5-BP01", "FISCSEC5-BP04"]);
    change.notes = Some("ID は Entra ID で一元管理".into());
    wb.save_answer("FISCSEC5", change, "前任者").unwrap();
    wb.save_answer(
        "FISCSEC6",
        AnswerChange {
            not_applicable: Some(Some(NotApplicable {
                reason: NotApplicableReason::OutOfScope,
                text: "対象外のサービス".into(),
            })),
            ..AnswerChange::default()
        },
        "前任者",
    )
    .unwrap();
    wb.add_evidence(
        "FISCSEC4",
        Some("FISCSEC4-BP01"),
        link("データ分類規程"),
        ACTOR,
    )
    .unwrap();
    wb.add_evidence(
        "FISCSEC5",
        Some("FISCSEC5-BP04"),
        link("ID 管理規程"),
        ACTOR,
    )
    .unwrap();
    wb
}

#[test]
fn a_next_edition_of_a_shipped_set_carries_the_answers_as_planned() {
    let scratch = Scratch::new();
    let mut wb = answered_workbook(&scratch);
    let map = next_map();
    let plan = wb
        .plan_set_upgrade("fisc-sec", next_edition(), Some(&map))
        .unwrap();
    assert_eq!(
        (plan.from_version.as_str(), plan.to_version.as_str()),
        ("1.6.1", "1.7.0")
    );
    let changed: Vec<(&str, &str, bool)> = plan
        .changed
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str(), c.to_rereview))
        .collect();
    assert_eq!(
        changed,
        [
            ("FISCSEC1", "FISCSEC1", true),
            ("FISCSEC5", "FISCSEC5", true),
            ("FISCSEC6", "FISCSEC6", true),
        ]
    );
    assert!(plan.changed[0].question_text_changed);
    assert_eq!(plan.changed[1].choices_removed, ["FISCSEC5-BP04"]);
    assert_eq!(plan.changed[2].choices_text_changed, ["FISCSEC6-BP01"]);
    let renamed = plan
        .unchanged
        .iter()
        .find(|c| c.from == "FISCSEC4")
        .unwrap();
    assert_eq!(renamed.to, "FISCSEC12");
    assert_eq!(renamed.choices_renamed.len(), 2);
    assert_eq!(plan.lost_selections.len(), 1);
    assert_eq!(
        (
            plan.lost_selections[0].question.as_str(),
            plan.lost_selections[0].choice_id.as_str(),
            plan.lost_selections[0].status
        ),
        ("FISCSEC5", "FISCSEC5-BP04", "SELECTED")
    );
    assert_eq!(plan.new_questions.len(), 1);
    assert_eq!(plan.new_questions[0].id, "FISCSEC11");
    assert!(plan.removed_questions.is_empty());
    assert_eq!(plan.summary.unchanged, 7);
    assert_eq!(plan.summary.to_rereview, 3);

    let dry_run = serde_json::to_value(&plan).unwrap();
    let outcome = wb
        .apply_set_upgrade(
            "fisc-sec",
            next_edition(),
            Some(&map),
            Some(&plan.fingerprint),
            ACTOR,
        )
        .unwrap();
    // The plan applied is the plan shown.
    assert_eq!(serde_json::to_value(&outcome.plan).unwrap(), dry_run);
    assert_eq!(outcome.milestone.name, "before upgrade to fisc-sec 1.7.0");
    wb.close().unwrap();

    let wb = Workbook::open(&scratch.path("w.hashira"), clock()).unwrap();
    assert_eq!(wb.question_set("fisc-sec").unwrap().version(), "1.7.0");
    assert!(wb.find_question("FISCSEC4").is_err());
    assert_eq!(
        wb.answer("FISCSEC12").unwrap().selected_choices,
        ["FISCSEC12-BP01"]
    );
    assert_eq!(
        wb.answer("FISCSEC12").unwrap().updated_by.as_deref(),
        Some("前任者")
    );
    let fiscsec5 = wb.answer("FISCSEC5").unwrap();
    assert_eq!(fiscsec5.selected_choices, ["FISCSEC5-BP01"]);
    assert_eq!(fiscsec5.notes, "ID は Entra ID で一元管理");
    assert!(wb.answer("FISCSEC6").unwrap().not_applicable.is_some());
    assert!(!wb.answer("FISCSEC11").unwrap().is_answered());
    let evidence = wb.list_evidence(None).unwrap();
    let on = |title: &str| {
        let e = evidence.iter().find(|e| e.title == title).unwrap();
        (e.question_id.clone(), e.choice_id.clone())
    };
    assert_eq!(
        on("データ分類規程"),
        ("FISCSEC12".into(), Some("FISCSEC12-BP01".into()))
    );
    // Evidence of a removed choice stays with its question.
    assert_eq!(on("ID 管理規程"), ("FISCSEC5".into(), None));
    let rereview: Vec<String> = wb
        .rereview_list()
        .unwrap()
        .into_iter()
        .map(|r| r.question_id)
        .collect();
    assert_eq!(rereview, ["FISCSEC1", "FISCSEC5", "FISCSEC6"]);
    let item = &wb.rereview_list().unwrap()[1];
    assert_eq!(
        item.reasons["selections_lost"],
        serde_json::json!(["FISCSEC5-BP04"])
    );
    assert_eq!(item.upgrade, "fisc-sec v1.6.1 → v1.7.0");
    let last = wb.audit_log().unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.target.as_str()),
        ("question_set.upgrade", "fisc-sec")
    );
    let recorded = last.new_value.unwrap();
    assert_eq!(recorded["lost_selections"][0]["choice_id"], "FISCSEC5-BP04");
    assert_eq!(recorded["summary"]["new_questions"], 1);
    let report = wb.verify().unwrap();
    assert!(report.ok, "{:#?}", report.problems);
    wb.close().unwrap();

    // The milestone holds the review as it was: the old text and every old answer.
    let before = MilestoneView::open(
        &scratch.path("w.hashira"),
        "before upgrade to fisc-sec 1.7.0",
        clock(),
    )
    .unwrap();
    assert_eq!(before.question_set("fisc-sec").unwrap().version(), "1.6.1");
    assert_eq!(
        before.answer("FISCSEC5").unwrap().selected_choices,
        ["FISCSEC5-BP01", "FISCSEC5-BP04"]
    );
    assert_eq!(
        before.answer("FISCSEC4").unwrap().selected_choices,
        ["FISCSEC4-BP01"]
    );
}

#[test]
fn confirming_or_changing_an_answer_clears_it_from_the_rereview_list() {
    let scratch = Scratch::new();
    let mut wb = answered_workbook(&scratch);
    wb.apply_set_upgrade("fisc-sec", next_edition(), Some(&next_map()), None, ACTOR)
        .unwrap();
    assert_eq!(wb.rereview_list().unwrap().len(), 3);
    // Confirmed as it is: the answer unchanged, the question off the list.
    assert!(wb.confirm_answer("FISCSEC1", "レビュー担当").unwrap());
    assert!(!wb.confirm_answer("FISCSEC1", "レビュー担当").unwrap());
    assert_eq!(
        wb.answer("FISCSEC1").unwrap().selected_choices,
        ["FISCSEC1-BP01", "FISCSEC1-BP03"]
    );
    // Changed: off the list too.
    wb.save_answer(
        "FISCSEC5",
        choose(&["FISCSEC5-BP01", "FISCSEC5-BP02"]),
        "レビュー担当",
    )
    .unwrap();
    // An import (many answers at once) too.
    wb.save_answers(
        vec![("FISCSEC6".into(), choose(&["FISCSEC6-BP01"]))],
        "レビュー担当",
    )
    .unwrap();
    assert!(wb.rereview_list().unwrap().is_empty());
    let actions: Vec<String> = wb
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"answer.confirm".to_string()));
    let report = wb.verify().unwrap();
    assert!(report.ok, "{:#?}", report.problems);
}

#[test]
fn a_split_question_carries_its_answer_to_each_part_and_a_dropped_one_goes() {
    let scratch = Scratch::new();
    let mut wb = answered_workbook(&scratch);
    let mut change = choose(&["FISCSEC9-BP01"]);
    change.notes = Some("年次で見直し".into());
    wb.save_answer("FISCSEC9", change, "前任者").unwrap();
    wb.add_evidence("FISCSEC3", None, link("削除される質問の証跡"), ACTOR)
        .unwrap();
    wb.save_answer("FISCSEC3", choose(&["FISCSEC3-BP01"]), "前任者")
        .unwrap();
    let map = IdMap::from_toml(
        "[questions]\nFISCSEC4 = \"FISCSEC12\"\nFISCSEC9 = [\"FISCSEC9\", \"FISCSEC11\"]\nFISCSEC3 = []\n\
         [choices]\n\"FISCSEC4.FISCSEC4-BP01\" = \"FISCSEC12-BP01\"\n\"FISCSEC4.FISCSEC4_no\" = \"FISCSEC12_no\"\n",
        "split.toml",
        "fisc-sec",
    )
    .unwrap();
    let outcome = wb
        .apply_set_upgrade("fisc-sec", next_edition(), Some(&map), None, ACTOR)
        .unwrap();
    // FISCSEC3 dropped by the map: the new edition's FISCSEC3 starts unanswered.
    let new: Vec<&str> = outcome
        .plan
        .new_questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(new, ["FISCSEC3"]);
    assert_eq!(outcome.plan.removed_questions.len(), 1);
    assert!(outcome.plan.removed_questions[0].answered);
    assert_eq!(outcome.plan.removed_questions[0].evidence, 1);
    // FISCSEC9-BP01 lands in FISCSEC9: not lost, though FISCSEC11 has no such choice.
    assert!(
        outcome
            .plan
            .lost_selections
            .iter()
            .all(|l| l.question != "FISCSEC9")
    );
    assert_eq!(
        wb.answer("FISCSEC9").unwrap().selected_choices,
        ["FISCSEC9-BP01"]
    );
    let part = wb.answer("FISCSEC11").unwrap();
    assert_eq!(
        (part.notes.as_str(), part.selected_choices.len()),
        ("年次で見直し", 0)
    );
    let listed: Vec<String> = wb
        .rereview_list()
        .unwrap()
        .into_iter()
        .map(|r| r.question_id)
        .collect();
    assert!(listed.contains(&"FISCSEC9".to_string()) && listed.contains(&"FISCSEC11".to_string()));
    assert!(!wb.answer("FISCSEC3").unwrap().is_answered());
    assert!(
        wb.list_evidence(None)
            .unwrap()
            .iter()
            .all(|e| e.title != "削除される質問の証跡")
    );
    let report = wb.verify().unwrap();
    assert!(report.ok, "{:#?}", report.problems);
    wb.close().unwrap();
    let before = MilestoneView::open(&scratch.path("w.hashira"), "1", clock()).unwrap();
    assert_eq!(
        before.answer("FISCSEC3").unwrap().selected_choices,
        ["FISCSEC3-BP01"]
    );
    assert_eq!(before.list_evidence(Some("FISCSEC3")).unwrap().len(), 1);
}

#[test]
fn a_custom_lens_v1_upgrades_to_v2() {
    let scratch = Scratch::new();
    let v1 = lens_to_set(S3_V1, "Amazon_S3_Lens.json", None, &["sec"])
        .unwrap()
        .set;
    let set_id = v1.id().to_string();
    let mut wb = Workbook::create(
        &scratch.path("lens.hashira"),
        "S3 基盤",
        vec![shipped_set("sec").unwrap(), v1],
        ACTOR,
        clock(),
    )
    .unwrap();
    wb.save_answer("OPS_1", choose(&["OPS_1_1", "OPS_1_6"]), ACTOR)
        .unwrap();
    wb.save_answer("OPS_2", choose(&["OPS_2_1"]), ACTOR)
        .unwrap();
    let v2 = lens_to_set(S3_V2, "Amazon_S3_Lens-v3.2.0.json", Some(&set_id), &["sec"])
        .unwrap()
        .set;
    let outcome = wb
        .apply_set_upgrade(&set_id, v2, None, None, ACTOR)
        .unwrap();
    assert_eq!(
        (
            outcome.plan.from_version.as_str(),
            outcome.plan.to_version.as_str()
        ),
        ("v3.1.0", "v3.2.0")
    );
    assert_eq!(outcome.plan.lost_selections.len(), 1);
    assert_eq!(outcome.plan.lost_selections[0].choice_id, "OPS_1_6");
    assert_eq!(outcome.plan.new_questions[0].id, "OPS_6");
    assert_eq!(wb.answer("OPS_1").unwrap().selected_choices, ["OPS_1_1"]);
    assert_eq!(wb.answer("OPS_2").unwrap().selected_choices, ["OPS_2_1"]);
    let listed: Vec<String> = wb
        .rereview_list()
        .unwrap()
        .into_iter()
        .map(|r| r.question_id)
        .collect();
    assert_eq!(listed, ["OPS_1"]);
    let report = wb.verify().unwrap();
    assert!(report.ok, "{:#?}", report.problems);
}

#[test]
fn every_refusal_leaves_the_workbook_as_it_was() {
    let scratch = Scratch::new();
    answered_workbook(&scratch).close().unwrap();
    let path = scratch.path("w.hashira");
    let before = sha256_hex(&file_bytes(&path));
    let attempt = |set: &str, new: QuestionSet, map: Option<&str>, expect: Option<&str>| {
        let mut wb = Workbook::open(&path, clock()).unwrap();
        let map = map.map(|text| IdMap::from_toml(text, "m.toml", set).unwrap());
        let error = wb
            .apply_set_upgrade(set, new, map.as_ref(), expect, ACTOR)
            .unwrap_err();
        wb.close().unwrap();
        assert_eq!(sha256_hex(&file_bytes(&path)), before, "{error}");
        error.payload()
    };
    let unknown = attempt(
        "fisc-sec",
        next_edition(),
        Some(
            "[questions]\nFISCSEC99 = \"FISCSEC12\"\nFISCSEC4 = \"NOPE\"\n[choices]\n\"FISCSEC1.X\" = \"Y\"\n",
        ),
        None,
    );
    assert_eq!(unknown.code, ErrorCode::SetUpgradeRefused);
    assert_eq!(unknown.details["kind"], "MAP_UNKNOWN_ID");
    assert_eq!(unknown.details["problems"].as_array().unwrap().len(), 3);
    let conflict = attempt(
        "fisc-sec",
        next_edition(),
        Some("[questions]\nFISCSEC4 = \"FISCSEC1\"\n"),
        None,
    );
    assert_eq!(conflict.details["kind"], "MAP_CONFLICT");
    let other = attempt("fisc-sec", shipped_set("sec").unwrap(), None, None);
    assert_eq!(other.details["kind"], "OTHER_SET");
    let same = attempt("fisc-sec", shipped_set("fisc-sec").unwrap(), None, None);
    assert_eq!(same.details["kind"], "NOT_NEWER");
    let older = NEXT_EDITION.replace("version = \"1.7.0\"", "version = \"1.5.9\"");
    let older = attempt(
        "fisc-sec",
        QuestionSet::from_toml(&older, "o.toml").unwrap(),
        None,
        None,
    );
    assert_eq!(older.details["kind"], "NOT_NEWER");
    let absent = attempt("fisc-ops", shipped_set("fisc-ops").unwrap(), None, None);
    assert_eq!(absent.code, ErrorCode::QuestionSetNotFound);
    let stale = attempt("fisc-sec", next_edition(), Some(NEXT_MAP), Some("0000"));
    assert_eq!(stale.code, ErrorCode::ImportPlanChanged);
    let unreadable =
        IdMap::from_toml("[questions]\nFISCSEC4 = 3\n", "bad.toml", "fisc-sec").unwrap_err();
    assert_eq!(unreadable.payload().details["kind"], "MAP_INVALID");
}
