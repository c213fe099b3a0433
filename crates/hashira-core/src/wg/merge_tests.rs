//! Re-importing over a stored evaluation: a blank institution cell keeps the stored value unless
//! blanks clear, the plan says so column by column, and what is stored and audited is the plan.

use std::sync::Arc;

use super::*;
use crate::Workbook;
use crate::clock::FixedClock;
use crate::question_set::shipped::shipped_sets;

fn workbook(dir: &tempfile::TempDir) -> Workbook {
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    Workbook::create(
        &dir.path().join("t.hashira"),
        "テスト",
        shipped_sets().unwrap(),
        "tester",
        clock,
    )
    .unwrap()
}

fn criterion(no: &str, text: &str) -> WgCriterion {
    WgCriterion {
        criterion_no: no.into(),
        perspective: "アクセス管理".into(),
        criterion: text.into(),
        ..WgCriterion::default()
    }
}

fn edition(criteria: Vec<WgCriterion>) -> WgAssessment {
    WgAssessment {
        service: "Amazon S3".into(),
        criteria,
        ..WgAssessment::default()
    }
}

/// Stored: 1 採用 with own measures, 2 条件付き採用 with notes, 3 not evaluated.
fn stored() -> WgAssessment {
    let mut one = criterion("1", "多要素認証");
    one.decision = WgDecision::Adopted;
    one.own_measures = "自社で監視".into();
    let mut two = criterion("2", "最小権限");
    two.decision = WgDecision::Conditional;
    two.reviewer_notes = "確認済み".into();
    edition(vec![one, two, criterion("3", "暗号化")])
}

fn field(plan: &WgMergePlan, no: &str, f: WgEvaluationField) -> WgFieldMerge {
    let c = plan.criteria.iter().find(|c| c.criterion_no == no).unwrap();
    c.fields.iter().find(|m| m.field == f).unwrap().clone()
}

fn status(plan: &WgMergePlan, no: &str) -> WgCriterionStatus {
    plan.criteria
        .iter()
        .find(|c| c.criterion_no == no)
        .unwrap()
        .status
}

/// The user's report: 判定 blanked in an exported sheet (own measures still written) turned the
/// stored 採用 into 未評価 while the plan called the criterion unchanged.
#[test]
fn a_blank_decision_keeps_the_stored_one_and_is_not_unchanged() {
    let mut incoming = stored();
    incoming.criteria[0].decision = WgDecision::NotEvaluated;
    let plan = plan_wg_merge(Some(&stored()), &incoming, WgMergeOptions::default());
    let decision = field(&plan, "1", WgEvaluationField::Decision);
    assert_eq!(decision.stored, "ADOPTED");
    assert_eq!(decision.file, None);
    assert_eq!(decision.result, "ADOPTED");
    assert_eq!(decision.outcome, WgFieldOutcome::BlankKept);
    let measures = field(&plan, "1", WgEvaluationField::OwnMeasures);
    assert_eq!(measures.outcome, WgFieldOutcome::Same);
    assert_eq!(status(&plan, "1"), WgCriterionStatus::BlankKept);
    assert_eq!(plan.criteria[0].kind, WgCriterionChangeKind::Changed);
    assert_eq!(plan.criteria[0].evaluation, WgEvaluationOutcome::Kept);
    assert_eq!(plan.merged.criteria[0].decision, WgDecision::Adopted);
    assert_eq!(plan.merged.criteria[0].own_measures, "自社で監視");
    // The untouched rows are unchanged, and only they are counted so.
    assert_eq!(status(&plan, "2"), WgCriterionStatus::Unchanged);
    assert_eq!(status(&plan, "3"), WgCriterionStatus::Unchanged);
    assert_eq!((plan.changed, plan.unchanged, plan.blanks_kept), (1, 2, 1));
}

#[test]
fn clear_blank_clears_and_the_plan_says_so() {
    let mut incoming = stored();
    incoming.criteria[0].decision = WgDecision::NotEvaluated;
    incoming.criteria[1].reviewer_notes.clear();
    let options = WgMergeOptions { clear_blank: true };
    let plan = plan_wg_merge(Some(&stored()), &incoming, options);
    let decision = field(&plan, "1", WgEvaluationField::Decision);
    assert_eq!(
        (decision.stored.as_str(), decision.result.as_str()),
        ("ADOPTED", "NOT_EVALUATED")
    );
    assert_eq!(decision.outcome, WgFieldOutcome::Cleared);
    assert_eq!(status(&plan, "1"), WgCriterionStatus::DecisionCleared);
    assert_eq!(plan.criteria[0].evaluation, WgEvaluationOutcome::Cleared);
    assert_eq!(plan.merged.criteria[0].decision, WgDecision::NotEvaluated);
    assert_eq!(status(&plan, "2"), WgCriterionStatus::EvaluationCleared);
    assert_eq!(plan.merged.criteria[1].reviewer_notes, "");
    assert_eq!(plan.merged.criteria[1].decision, WgDecision::Conditional);
    assert_eq!(plan.cleared_evaluations, 2);
}

#[test]
fn a_value_in_the_file_replaces_only_its_own_column() {
    // A WG edition with nothing filled in except one new residual risk.
    let mut incoming = edition(vec![
        criterion("1", "多要素認証（改訂）"),
        criterion("2", "最小権限"),
        criterion("3", "暗号化"),
    ]);
    incoming.criteria[0].residual_risk = "低".into();
    incoming.criteria[1].decision = WgDecision::Rejected;
    let plan = plan_wg_merge(Some(&stored()), &incoming, WgMergeOptions::default());
    let merged = &plan.merged.criteria[0];
    assert_eq!(merged.decision, WgDecision::Adopted);
    assert_eq!(merged.own_measures, "自社で監視");
    assert_eq!(merged.residual_risk, "低");
    assert_eq!(status(&plan, "1"), WgCriterionStatus::EvaluationChanged);
    assert_eq!(plan.criteria[0].changed_fields, ["criterion"]);
    assert_eq!(status(&plan, "2"), WgCriterionStatus::DecisionChanged);
    assert_eq!(plan.merged.criteria[1].decision, WgDecision::Rejected);
    assert_eq!(plan.merged.criteria[1].reviewer_notes, "確認済み");
    assert_eq!(plan.criteria[1].evaluation, WgEvaluationOutcome::FromFile);
}

#[test]
fn the_import_stores_and_audits_exactly_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    wb.import_wg_assessment(&stored(), "tester").unwrap();
    let ids = wb.wg_stored("Amazon S3").unwrap().criterion_ids;
    let mut incoming = stored();
    incoming.criteria[0].decision = WgDecision::NotEvaluated;
    incoming.criteria[1].decision = WgDecision::Rejected;
    incoming.criteria.remove(2);
    incoming.criteria.push(criterion("4", "ログ"));
    for options in [
        WgMergeOptions::default(),
        WgMergeOptions { clear_blank: true },
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = workbook(&dir);
        wb.import_wg_assessment(&stored(), "tester").unwrap();
        let preview = wb.plan_wg_import(&incoming, options).unwrap();
        let (_, done) = wb
            .import_wg_assessment_merged(&incoming, options, "tester")
            .unwrap();
        assert_eq!(done, preview);
        let after = wb.wg_assessment("Amazon S3").unwrap();
        assert_eq!(after.criteria, preview.merged.criteria);
        let entry = wb.audit_log().unwrap().pop().unwrap();
        let merge = &entry.new_value.unwrap()["merge"];
        assert_eq!(merge["clear_blank"], options.clear_blank);
        let changes = merge["evaluation_changes"].as_array().unwrap();
        let numbers: Vec<&str> = changes
            .iter()
            .map(|c| c["criterion_no"].as_str().unwrap())
            .collect();
        if options.clear_blank {
            assert_eq!(numbers, ["1", "2"]);
            assert_eq!(changes[0]["status"], "DECISION_CLEARED");
            assert_eq!(changes[0]["fields"][0]["stored"], "ADOPTED");
            assert_eq!(changes[0]["fields"][0]["result"], "NOT_EVALUATED");
        } else {
            assert_eq!(numbers, ["2"]);
            assert_eq!(after.criteria[0].decision, WgDecision::Adopted);
        }
        assert_eq!(changes.last().unwrap()["fields"][0]["result"], "REJECTED");
        assert!(wb.verify().unwrap().problems.is_empty());
    }
    // Matched criteria keep their ids; the new one gets an id no criterion had.
    wb.import_wg_assessment(&incoming, "tester").unwrap();
    let after = wb.wg_stored("Amazon S3").unwrap().criterion_ids;
    assert_eq!(after[..2], ids[..2]);
    assert!(!ids.contains(&after[2]));
    assert_eq!(
        wb.wg_criterion_position_of_id("Amazon S3", after[1])
            .unwrap(),
        1
    );
    assert!(wb.wg_criterion_position_of_id("Amazon S3", ids[2]).is_err());
}

#[test]
fn duplicate_numbers_are_listed_and_each_row_stays_addressable() {
    let incoming = edition(vec![
        criterion("1", "多要素認証"),
        criterion("２", "最小権限"),
        criterion("2", "暗号化"),
    ]);
    let plan = plan_wg_merge(None, &incoming, WgMergeOptions::default());
    assert_eq!(
        plan.duplicate_numbers,
        [WgDuplicateNumber {
            criterion_no: "２".into(),
            positions: vec![1, 2],
        }]
    );
    assert_eq!(plan.match_rule, WgMatchRule::Text);
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    wb.import_wg_assessment(&incoming, "tester").unwrap();
    let error = wb.wg_criterion_position("Amazon S3", "2").unwrap_err();
    let ids = wb.wg_stored("Amazon S3").unwrap().criterion_ids;
    assert!(
        error.to_string().contains(&format!("#3 (id {})", ids[2])),
        "{error}"
    );
    assert_eq!(wb.wg_criterion_position("Amazon S3", "#3").unwrap(), 2);
    let (position, c) = wb
        .update_wg_evaluation_of_id(
            "Amazon S3",
            ids[2],
            WgEvaluationChange {
                decision: Some(WgDecision::Adopted),
                ..WgEvaluationChange::default()
            },
            "tester",
        )
        .unwrap();
    assert_eq!((position, c.criterion.as_str()), (2, "暗号化"));
}
