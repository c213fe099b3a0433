//! A reviewer's copy and its merge read as their own kinds of change (コピー / 統合), not
//! "other change", on a real copy merged back.

use std::sync::Arc;

use super::tests::text;
use super::*;
use crate::clock::FixedClock;
use crate::question_set::shipped::shipped_sets;
use crate::workbook::AnswerChange;
use crate::workbook::merge::{MergeResolutions, MergeSide};
use crate::{Lang, Workbook};

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::parse("2026-03-31T23:00:00Z", 1000).unwrap())
}

fn select(wb: &mut Workbook, question: &str, choice: &str, actor: &str) {
    let change = AnswerChange {
        selected_choices: Some(vec![choice.into()]),
        ..AnswerChange::default()
    };
    wb.save_answer(question, change, actor).unwrap();
}

#[test]
fn a_copy_and_its_merge_are_named_copy_and_merge_with_what_was_taken_and_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("w.hashira");
    let copy = dir.path().join("sato.hashira");
    let mut wb =
        Workbook::create(&main, "勘定系", shipped_sets().unwrap(), "lead", clock()).unwrap();
    wb.copy_for_reviewer(&copy, "佐藤").unwrap();
    let mut theirs = Workbook::open(&copy, clock()).unwrap();
    select(&mut theirs, "SEC1", "SEC1-01", "佐藤");
    select(&mut theirs, "SEC2", "SEC2-01", "佐藤");
    theirs.close().unwrap();
    select(&mut wb, "SEC1", "SEC1-02", "lead");

    let plan = wb.plan_merge(&copy).unwrap();
    assert_eq!(plan.conflicts.len(), 1);
    let resolutions = MergeResolutions {
        prefer: Some(MergeSide::Theirs),
        ..MergeResolutions::default()
    };
    wb.apply_merge(&copy, Some(&plan.fingerprint), &resolutions, "lead")
        .unwrap();

    let records = wb.history(&HistoryFilter::default()).unwrap();
    let copied = records
        .iter()
        .find(|r| r.action == "workbook.copy")
        .unwrap();
    assert_eq!(copied.kind, HistoryKind::WorkbookCopy);
    assert_eq!(copied.actor, "佐藤");
    let ja = text(copied, Lang::Ja);
    // Merged in from the copy: its first line names the file and the entry's number there.
    assert!(
        ja.contains(
            "— ワークブックのコピー（レビュー担当者用） sato.hashira\n統合元: sato.hashira の #"
        ) && ja.ends_with("\nコピー元: w.hashira"),
        "{ja}"
    );
    assert!(
        lines(copied, Lang::En)[0].starts_with("Merged from: sato.hashira #"),
        "{:?}",
        lines(copied, Lang::En)
    );
    // The merge entry itself is this workbook's own: no origin line.
    let merged = records.last().unwrap();
    assert_eq!(merged.kind, HistoryKind::WorkbookMerge);
    assert_eq!(
        text(merged, Lang::Ja).split_once(" — ").unwrap().1,
        "レビュー担当者のワークブックの統合 sato.hashira\n\
         取り込んだ変更履歴の件数: 3\n\
         相手側から取り込んだ変更: 回答 1\n\
         競合の解決: 回答 SEC1: 相手側を採用"
    );
    assert_eq!(
        lines(merged, Lang::En),
        vec![
            "Audit entries merged: 3",
            "Changes taken from theirs: Answers 1",
            "Conflicts resolved: Answer SEC1: theirs taken",
        ]
    );
    // The kind filters, and nothing of a copy or a merge is "other change" any more.
    let only = wb
        .history(&HistoryFilter {
            kinds: vec![HistoryKind::WorkbookMerge],
            ..HistoryFilter::default()
        })
        .unwrap();
    assert_eq!(only.len(), 1);
    assert!(records.iter().all(|r| r.kind != HistoryKind::Other));
    assert_eq!(
        HistoryKind::parse("workbook.merge"),
        Some(HistoryKind::WorkbookMerge)
    );
}

#[test]
fn each_kind_of_merge_value_reads_in_words_in_both_languages() {
    use crate::workbook::merge::MergeItem;
    use serde_json::json;

    let sets = shipped_sets().unwrap();
    let words = |item, value: serde_json::Value, target: &str| {
        let text = merge_value_text(item, &value, &sets, target);
        (text.ja.unwrap(), text.en.unwrap())
    };
    let na = json!({
        "not_applicable_reason": "OUT_OF_SCOPE",
        "not_applicable_text": "オンプレのみ",
        "choices": {},
    });
    let (ja, en) = words(MergeItem::Answer, na, "SEC1");
    assert!(
        ja.starts_with("対象外: ") && ja.ends_with("— \"オンプレのみ\""),
        "{ja}"
    );
    assert!(en.starts_with("Not applicable: "), "{en}");
    let unanswered =
        json!({ "not_applicable_reason": null, "not_applicable_text": "", "choices": {} });
    assert_eq!(words(MergeItem::Answer, unanswered, "SEC1").0, "未回答");
    assert_eq!(words(MergeItem::Notes, json!(""), "SEC1").0, "（なし）");
    assert_eq!(
        words(MergeItem::Notes, json!("WAF は次期"), "SEC1").0,
        "WAF は次期"
    );
    assert_eq!(
        words(
            MergeItem::Workload,
            json!(["ap-northeast-1", "ap-northeast-3"]),
            "aws_regions"
        )
        .1,
        "ap-northeast-1, ap-northeast-3"
    );
    assert_eq!(
        words(MergeItem::Workload, json!("PRODUCTION"), "environment").0,
        "本番"
    );
    let wg = json!({
        "decision": "CONDITIONAL",
        "own_measures": "鍵は KMS",
        "residual_risk": "",
        "reviewer_notes": null,
    });
    assert_eq!(
        words(MergeItem::WgDecision, wg, "criterion No. 1-2 (#3)").0,
        "採否: 条件付き採用 · 自機関の対策: \"鍵は KMS\""
    );
    let item = json!({
        "title": "MFA を必須にする", "owner": "情報システム部", "due_date": "2027-03-31",
        "status": "IN_PROGRESS", "acceptance_reason": "", "notes": "",
    });
    assert_eq!(
        words(MergeItem::ImprovementItem, item, "SEC1 / SEC1-01").0,
        "件名: MFA を必須にする · 対応状況: 対応中 · 対応担当者: 情報システム部 · 期限: 2027-03-31"
    );
    let evidence = json!({
        "kind": "FILE", "title": "", "file_name": "policy.pdf",
        "sha256": "ab".repeat(32), "question_id": "SEC1",
    });
    let (ja, _) = words(MergeItem::Evidence, evidence, "SEC1");
    assert!(ja.contains("policy.pdf"), "{ja}");
    assert_eq!(
        words(MergeItem::Rereview, serde_json::Value::Null, "SEC1").0,
        "確認済み"
    );
}

#[test]
fn a_conflict_settled_by_edit_reads_as_edited_and_the_value_as_the_mergers_own_change() {
    use crate::workbook::merge::MergeResolution;
    use serde_json::json;

    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("w.hashira");
    let copy = dir.path().join("sato.hashira");
    let mut wb =
        Workbook::create(&main, "勘定系", shipped_sets().unwrap(), "lead", clock()).unwrap();
    wb.copy_for_reviewer(&copy, "佐藤").unwrap();
    let mut theirs = Workbook::open(&copy, clock()).unwrap();
    select(&mut theirs, "SEC1", "SEC1-01", "佐藤");
    theirs.close().unwrap();
    select(&mut wb, "SEC1", "SEC1-02", "lead");
    wb.close().unwrap();
    // Opened as `hashira merge` opens it when nothing is edited (no set parsed): the edit still
    // finds its question.
    let mut wb = Workbook::open_for_figures(&main, clock()).unwrap();
    assert!(wb.find_question("SEC1").is_err(), "opened without the sets");
    let plan = wb.plan_merge(&copy).unwrap();
    let mut resolutions = MergeResolutions::default();
    resolutions.resolutions.insert(
        "answer:SEC1".into(),
        Some(MergeResolution::Edit {
            edit: json!({ "selected_choices": ["SEC1-01", "SEC1-02"] }),
        }),
    );
    wb.apply_merge(&copy, Some(&plan.fingerprint), &resolutions, "lead")
        .unwrap();
    wb.close().unwrap();

    let wb = Workbook::open(&main, clock()).unwrap();
    assert!(wb.verify().unwrap().ok);
    let records = wb.history(&HistoryFilter::default()).unwrap();
    let (merged, edited) = (&records[records.len() - 2], &records[records.len() - 1]);
    assert_eq!(merged.kind, HistoryKind::WorkbookMerge);
    assert!(
        text(merged, Lang::Ja).ends_with("競合の解決: 回答 SEC1: 統合者が編集した値に（次の変更）"),
        "{}",
        text(merged, Lang::Ja)
    );
    assert!(
        lines(merged, Lang::En).contains(
            &"Conflicts resolved: Answer SEC1: edited by the merger (next change)".into()
        )
    );
    assert_eq!(
        (edited.kind, edited.actor.as_str()),
        (HistoryKind::AnswerUpdate, "lead")
    );
    assert_eq!(
        wb.answer("SEC1").unwrap().selected_choices,
        ["SEC1-01", "SEC1-02"]
    );
}
