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

fn sample() -> WgAssessment {
    let mut extra = CellMap::new();
    extra.insert("独自列".into(), "値".into());
    WgAssessment {
        service: "Amazon S3".into(),
        edition: "第1版".into(),
        edition_date: "2024-04-01".into(),
        source_file: "s3.xlsx".into(),
        source_sha256: "ab".repeat(32),
        layout: BTreeMap::from([(
            "criteria".to_string(),
            vec!["field:criterion".to_string(), "extra:独自列".to_string()],
        )]),
        code_lists: WgCodeLists::defaults().unwrap(),
        scenarios: vec![WgScenario {
            scenario_id: "1".into(),
            scenario: "社内からの利用".into(),
            connection_source: "オンプレミス".into(),
            route: "Direct Connect".into(),
            notes: String::new(),
            extra: CellMap::new(),
            links: CellMap::new(),
        }],
        criteria: vec![WgCriterion {
            criterion_no: "1".into(),
            perspective: "アクセス管理".into(),
            category: "認証".into(),
            criterion: "=SUM(A1)".into(),
            responsibility_aws: "○".into(),
            question_ids: vec!["SEC1".into(), "FISCSEC1".into(), "XYZ9".into()],
            extra,
            ..WgCriterion::default()
        }],
        notes: vec![WgNote {
            note: "留意点".into(),
            ..WgNote::default()
        }],
    }
}

#[test]
fn default_code_lists_load() {
    let lists = WgCodeLists::defaults().unwrap();
    assert!(!lists.perspectives.is_empty());
    assert!(!lists.categories.is_empty());
}

#[test]
fn import_read_evaluate_and_query_from_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    let a = sample();
    assert_eq!(
        wb.import_wg_assessment(&a, "tester").unwrap(),
        WgImportKind::Added
    );
    assert_eq!(wb.wg_assessment("Amazon S3").unwrap(), a);
    assert_eq!(
        wb.import_wg_assessment(&a, "tester").unwrap(),
        WgImportKind::Replaced
    );
    let refs = wb.wg_criteria_for_question("sec1").unwrap();
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].service, "Amazon S3");
    assert_eq!(wb.wg_unknown_question_ids().unwrap(), vec!["XYZ9"]);
    let changed = wb
        .update_wg_evaluation(
            "Amazon S3",
            0,
            WgEvaluationChange {
                decision: Some(WgDecision::Conditional),
                own_measures: Some("バケットポリシーで制限".into()),
                ..WgEvaluationChange::default()
            },
            "tester",
        )
        .unwrap();
    assert_eq!(changed.decision, WgDecision::Conditional);
    let list = wb.wg_assessments().unwrap();
    assert_eq!(list[0].criteria, 1);
    assert_eq!(list[0].decisions["CONDITIONAL"], 1);
    let actions: Vec<String> = wb
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"wg.import".to_string()));
    assert!(actions.contains(&"wg.replace".to_string()));
    assert!(actions.contains(&"wg.evaluate".to_string()));
    wb.delete_wg_assessment("Amazon S3", "tester").unwrap();
    assert!(wb.wg_assessments().unwrap().is_empty());
    assert!(wb.wg_criteria_for_question("SEC1").unwrap().is_empty());
}

#[test]
fn a_version_1_workbook_gains_the_wg_tables_when_opened() {
    // A workbook written by the first release (schema 1, no WG tables).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.hashira");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schema-1-demo.hashira");
    std::fs::copy(fixture, &path).unwrap();
    let clock = Arc::new(FixedClock::parse("2026-04-02T09:00:00+09:00", 1000).unwrap());
    let mut wb = Workbook::open(&path, clock).unwrap();
    wb.import_wg_assessment(&sample(), "tester").unwrap();
    assert_eq!(wb.wg_assessments().unwrap().len(), 1);
    assert!(wb.verify().unwrap().problems.is_empty());
}

#[test]
fn question_ids_are_split_and_normalised() {
    assert_eq!(
        parse_question_ids("SEC1、ＦＩＳＣＳＥＣ３\nsec 2, SEC1"),
        vec!["SEC1", "FISCSEC3", "SEC2"]
    );
}

#[test]
fn decisions_parse() {
    assert_eq!(
        WgDecision::parse("条件付き採用"),
        Some(WgDecision::Conditional)
    );
    assert_eq!(WgDecision::parse(""), Some(WgDecision::NotEvaluated));
    assert_eq!(WgDecision::parse("adopted"), Some(WgDecision::Adopted));
    assert_eq!(WgDecision::parse("たぶん"), None);
}

#[test]
fn merge_by_text_keeps_evaluations_and_reports_removed_ones() {
    let mut stored = sample();
    stored.criteria[0].criterion_no.clear();
    stored.criteria[0].decision = WgDecision::Adopted;
    stored.criteria.push(WgCriterion {
        perspective: "データ保護".into(),
        criterion: "暗号化すること".into(),
        decision: WgDecision::Rejected,
        own_measures: "独自暗号".into(),
        ..WgCriterion::default()
    });
    let mut incoming = sample();
    incoming.criteria[0].criterion_no.clear();
    // Full-width letters and spacing differences do not break the match.
    incoming.criteria[0].criterion = "＝SUM( A1 )".into();
    incoming.criteria[0].controls = "新しい機能".into();
    incoming.criteria.push(WgCriterion {
        perspective: "ログ".into(),
        criterion: "記録すること".into(),
        ..WgCriterion::default()
    });
    let plan = plan_wg_merge(Some(&stored), &incoming, WgMergeOptions::default());
    assert_eq!(plan.match_rule, WgMatchRule::Text);
    assert_eq!((plan.added, plan.changed, plan.removed), (1, 1, 1));
    assert_eq!(plan.criteria[0].evaluation, WgEvaluationOutcome::Kept);
    assert!(
        plan.criteria[0]
            .changed_fields
            .contains(&"controls".to_string())
    );
    assert_eq!(plan.merged.criteria[0].decision, WgDecision::Adopted);
    assert_eq!(plan.merged.criteria[1].decision, WgDecision::NotEvaluated);
    assert_eq!(plan.criteria[2].kind, WgCriterionChangeKind::Removed);
    assert_eq!(plan.criteria[2].evaluation, WgEvaluationOutcome::Removed);

    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    wb.import_wg_assessment(&stored, "tester").unwrap();
    let (kind, done) = wb
        .import_wg_assessment_merged(&incoming, WgMergeOptions::default(), "tester")
        .unwrap();
    assert_eq!(kind, WgImportKind::Replaced);
    assert_eq!(done.removed_evaluations, 1);
    assert_eq!(
        wb.wg_assessment("Amazon S3").unwrap().criteria[0].decision,
        WgDecision::Adopted
    );
    let entry = wb.audit_log().unwrap().pop().unwrap();
    let removed = &entry.old_value.unwrap()["removed_criteria"][0];
    assert_eq!(removed["evaluation"]["own_measures"], "独自暗号");
    assert!(wb.verify().unwrap().problems.is_empty());
}

#[test]
fn delete_removes_every_row_and_audits_the_lost_evaluations() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    let mut a = sample();
    a.criteria.push(WgCriterion {
        criterion_no: "2".into(),
        perspective: "データ保護".into(),
        criterion: "暗号化すること".into(),
        question_ids: vec!["SEC2".into()],
        ..WgCriterion::default()
    });
    a.criteria.push(WgCriterion {
        criterion_no: "3".into(),
        criterion: "記録すること".into(),
        ..WgCriterion::default()
    });
    wb.import_wg_assessment(&a, "tester").unwrap();
    let mut other = sample();
    other.service = "Amazon EC2".into();
    wb.import_wg_assessment(&other, "tester").unwrap();
    wb.update_wg_evaluation(
        "Amazon S3",
        0,
        WgEvaluationChange {
            decision: Some(WgDecision::Adopted),
            ..WgEvaluationChange::default()
        },
        "tester",
    )
    .unwrap();
    // Text without a decision is an evaluation too: it is kept in the audit, not counted as decided.
    wb.update_wg_evaluation(
        "Amazon S3",
        2,
        WgEvaluationChange {
            own_measures: Some("ログを 7 年保管".into()),
            ..WgEvaluationChange::default()
        },
        "tester",
    )
    .unwrap();
    let s3 = |wb: &Workbook| {
        wb.wg_assessments()
            .unwrap()
            .into_iter()
            .find(|s| s.service == "Amazon S3")
    };
    assert_eq!(s3(&wb).unwrap().decided(), 1);
    let entries = wb.audit_log().unwrap().len();

    // An unknown service fails and writes nothing.
    let error = wb.delete_wg_assessment("Amazon S4", "tester").unwrap_err();
    assert_eq!(error.code(), crate::ErrorCode::WgNotFound);
    assert_eq!(wb.audit_log().unwrap().len(), entries);

    wb.delete_wg_assessment(" Amazon S3 ", "reviewer").unwrap();
    assert!(s3(&wb).is_none());
    assert_eq!(wb.wg_assessments().unwrap().len(), 1);
    assert!(wb.wg_criteria_for_question("SEC2").unwrap().is_empty());
    // The EC2 evaluation names SEC1 too and stays.
    assert_eq!(wb.wg_criteria_for_question("SEC1").unwrap().len(), 1);
    let count = |table: &str| -> i64 {
        wb.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("wg_criterion"), 1);
    assert_eq!(count("wg_criterion_question"), 3);
    assert_eq!(count("wg_scenario"), 1);
    assert_eq!(count("wg_note"), 1);

    let log = wb.audit_log().unwrap();
    assert_eq!(log.len(), entries + 1);
    let entry = log.last().unwrap();
    assert_eq!(
        (
            entry.action.as_str(),
            entry.target.as_str(),
            entry.actor.as_str()
        ),
        ("wg.delete", "Amazon S3", "reviewer")
    );
    assert!(entry.new_value.is_none());
    let old = entry.old_value.as_ref().unwrap();
    assert_eq!(old["criteria"], 3);
    let lost = old["removed_evaluations"].as_array().unwrap();
    assert_eq!(lost.len(), 2);
    assert_eq!(lost[0]["criterion_no"], "1");
    assert_eq!(lost[0]["evaluation"]["decision"], "ADOPTED");
    assert_eq!(lost[1]["previous_position"], 2);
    assert_eq!(lost[1]["evaluation"]["own_measures"], "ログを 7 年保管");
    assert!(wb.verify().unwrap().problems.is_empty());
}

#[test]
fn decided_counts_every_decision_but_not_evaluated() {
    let summary = WgAssessmentSummary {
        service: "Amazon S3".into(),
        edition: String::new(),
        edition_date: String::new(),
        source_file: String::new(),
        source_sha256: String::new(),
        imported_by: String::new(),
        imported_at: String::new(),
        scenarios: 0,
        criteria: 7,
        notes: 0,
        decisions: BTreeMap::from([
            ("ADOPTED".to_string(), 1),
            ("CONDITIONAL".to_string(), 2),
            ("REJECTED".to_string(), 3),
            ("NOT_EVALUATED".to_string(), 1),
            // A code this build does not know reads as not evaluated.
            ("LATER".to_string(), 4),
        ]),
    };
    assert_eq!(summary.decided(), 6);
}
