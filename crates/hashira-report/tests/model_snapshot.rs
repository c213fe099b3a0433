//! The report model built from the demo workbook, compared with committed JSON snapshots.
//!
//! After an intended change, update the snapshots with
//! `UPDATE_SNAPSHOTS=1 cargo test -p hashira-report --test model_snapshot` and review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] functions

mod common;

use std::path::PathBuf;

use hashira_core::{Lang, Risk};
use hashira_report::ReportModel;
use hashira_report::model::CoverageStatus;
use sha2::{Digest, Sha256};

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name)
}

/// The workbook file embeds a random id, so its hash (and the audit chain's) differs per run:
/// checked, then masked.
fn masked_json(model: &ReportModel) -> String {
    let mut value = serde_json::to_value(model).unwrap();
    value["cover"]["workbook_sha256"] = serde_json::json!("<sha256 of the workbook file>");
    // The audit chain starts from the workbook's random id, so its hashes differ per run too.
    value["integrity"]["audit_head"]["hash_short"] = serde_json::json!("<audit head hash>");
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

fn check_snapshot(lang: Lang, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::demo(dir.path());
    let model = ReportModel::build(&workbook, &common::options(lang)).unwrap();

    let bytes = std::fs::read(workbook.path()).unwrap();
    assert_eq!(
        model.cover.workbook_sha256,
        hex::encode(Sha256::digest(&bytes))
    );

    let actual = masked_json(&model);
    let path = snapshot_path(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}; create it with UPDATE_SNAPSHOTS=1 cargo test -p hashira-report --test model_snapshot",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "report model differs from {} at line {}:\n  expected: {}\n  actual:   {}\n\
             If the change is intended: UPDATE_SNAPSHOTS=1 cargo test -p hashira-report --test model_snapshot",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>"),
        );
    }
}

#[test]
fn demo_model_ja_matches_snapshot() {
    check_snapshot(Lang::Ja, "demo-model-ja.json");
}

#[test]
fn demo_model_en_matches_snapshot() {
    check_snapshot(Lang::En, "demo-model-en.json");
}

#[test]
fn demo_model_contents() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::demo(dir.path());
    let model = ReportModel::build(&workbook, &common::options(Lang::Ja)).unwrap();

    assert_eq!(model.title, "Well-Architected セキュリティレビュー報告書");
    assert_eq!(model.label, "社外秘");
    assert_eq!(model.generated_at, "2026-04-02 10:00 (UTC+09:00)");
    assert_eq!(model.cover.workbook_file_name, "demo.hashira");
    assert_eq!(model.cover.client_organization, "柱銀行株式会社（架空）");
    let sets: Vec<_> = model.cover.sets.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sets, ["sec", "fisc-sec", "fisc-ops", "fisc-rel"]);

    // Summary: 28 questions, 9 reviewed (8 answered, one not applicable): the core's figures.
    assert_eq!(
        model.summary.totals,
        workbook.risk_summary().unwrap().counts
    );
    assert_eq!(model.summary.totals.questions, 28);
    assert_eq!(model.summary.totals.reviewed, 9);
    assert_eq!(model.summary.totals.answered, 8);
    assert!(!model.summary.complete && model.is_draft());
    assert!(model.integrity.passed, "{:?}", model.integrity);
    let first_medium = model
        .summary
        .risks
        .iter()
        .position(|r| r.risk == Risk::Medium)
        .unwrap();
    assert!(
        model.summary.risks[..first_medium]
            .iter()
            .all(|r| r.risk == Risk::High)
    );

    // Answers: set → pillar → question, in the sets' order.
    let sec1 = model.questions().find(|q| q.id == "SEC1").unwrap();
    assert_eq!(sec1.title, "認証情報と認証をどのように管理していますか？");
    assert_eq!(sec1.selected.len(), 4);
    assert_eq!(sec1.not_selected.len(), 4);
    assert!(sec1.notes.contains("ハードウェア MFA"));
    assert_eq!(sec1.evidence.len(), 2);
    let link = sec1.evidence.iter().find(|e| e.url.is_some()).unwrap();
    assert!(link.name.starts_with("https://docs.aws.amazon.com/"));
    let file = sec1
        .evidence
        .iter()
        .find(|e| e.size_bytes.is_some())
        .unwrap();
    assert_eq!(file.sha256_short.as_ref().unwrap().len(), 12);

    let sec6 = model.questions().find(|q| q.id == "SEC6").unwrap();
    assert_eq!(sec6.choices_not_applicable.len(), 1);
    assert_eq!(sec6.choices_not_applicable[0].id, "SEC6-03");
    let fiscsec10 = model.questions().find(|q| q.id == "FISCSEC10").unwrap();
    assert!(
        fiscsec10
            .not_applicable
            .as_ref()
            .unwrap()
            .text
            .contains("電子メール")
    );

    // FISC choices fall back to their 解説 as improvement text.
    let fiscsec1 = model.questions().find(|q| q.id == "FISCSEC1").unwrap();
    let bp02 = fiscsec1
        .not_selected
        .iter()
        .find(|c| c.id == "FISCSEC1-BP02")
        .unwrap();
    assert!(!bp02.improvement.is_empty());

    // Plan: HIGH first.
    let first_medium = model
        .improvement_plan
        .iter()
        .position(|i| i.priority == Risk::Medium)
        .unwrap();
    assert!(
        model.improvement_plan[..first_medium]
            .iter()
            .all(|i| i.priority == Risk::High)
    );

    // FISC: numeric order, and every reference of the FISC sets is present.
    let refs: Vec<_> = model
        .fisc_coverage
        .iter()
        .map(|r| r.reference.as_str())
        .collect();
    let numbers: Vec<u32> = refs
        .iter()
        .map(|r| r.trim_start_matches('実').parse().unwrap())
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted);
    assert_eq!(refs[0], "実1");
    let mut expected_refs: Vec<String> = workbook
        .question_sets()
        .iter()
        .flat_map(|s| {
            s.questions().flat_map(|(_, q)| {
                q.fisc_refs()
                    .into_iter()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    expected_refs.sort();
    expected_refs.dedup();
    assert_eq!(refs.len(), expected_refs.len());
    let jitsu1 = &model.fisc_coverage[0];
    assert!(
        jitsu1
            .entries
            .iter()
            .any(|e| e.choice_id == "FISCSEC5-BP01" && e.status == CoverageStatus::Selected)
    );

    assert!(model.wg_assessments.is_empty());
    assert_eq!(model.sign_off.reviewers, ["山田 太郎", "佐藤 花子"]);
}

#[test]
fn set_filter_and_unknown_set() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = common::demo(dir.path());
    let mut options = common::options(Lang::En);
    options.set_ids = vec!["sec".into()];
    options.label = "Internal use only".into();
    let model = ReportModel::build(&workbook, &options).unwrap();
    assert_eq!(model.answers.len(), 1);
    assert_eq!(model.summary.totals.questions, 11);
    // The figures of the chosen set alone, as the core counts that set.
    let sec = &workbook.risk_summary().unwrap().sets[0];
    assert_eq!(sec.set_id, "sec");
    assert_eq!(model.summary.totals, sec.counts);
    assert!(model.fisc_coverage.is_empty());
    assert!(model.improvement_plan.iter().all(|i| i.set_id == "sec"));
    assert_eq!(model.label, "Internal use only");
    let sec1 = model.questions().find(|q| q.id == "SEC1").unwrap();
    assert_eq!(
        sec1.title,
        "How do you manage credentials and authentication?"
    );

    options.set_ids = vec!["nope".into()];
    let error = ReportModel::build(&workbook, &options).unwrap_err();
    assert_eq!(error.code(), hashira_core::ErrorCode::QuestionSetNotFound);
}
