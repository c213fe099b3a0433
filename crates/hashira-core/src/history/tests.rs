//! Each kind of change described from a real workbook's audit trail, and the filters.

use std::sync::Arc;

use serde_json::json;

use super::*;
use crate::clock::FixedClock;
use crate::question_set::shipped::shipped_sets;
use crate::wg::{WgAssessment, WgCriterion, WgDecision, WgEvaluationChange};
use crate::workbook::{
    AnswerChange, ChoiceNotApplicable, NewEvidence, NotApplicable, NotApplicableReason,
};
use crate::{Lang, Workbook};

fn workbook(dir: &tempfile::TempDir) -> Workbook {
    // 2026-03-31 23:00 UTC is 2026-04-01 08:00 in the workbook's +09:00; one second a reading.
    let clock = Arc::new(FixedClock::parse("2026-03-31T23:00:00Z", 1000).unwrap());
    Workbook::create(
        &dir.path().join("t.hashira"),
        "勘定系",
        shipped_sets().unwrap(),
        "作成者",
        clock,
    )
    .unwrap()
}

/// Every entry of `wb`'s history, described (shared with the other history test modules).
pub(super) fn all(wb: &Workbook) -> Vec<HistoryRecord> {
    wb.history(&HistoryFilter::default()).unwrap()
}

pub(super) fn last(wb: &Workbook) -> HistoryRecord {
    all(wb).pop().unwrap()
}

/// A record as `hashira log` prints it: its header line, then its lines.
pub(super) fn text(record: &HistoryRecord, lang: Lang) -> String {
    let mut out = vec![header(record, lang)];
    out.extend(lines(record, lang));
    out.join("\n")
}

fn answer(wb: &mut Workbook, question: &str, change: AnswerChange, actor: &str) {
    wb.save_answer(question, change, actor).unwrap();
}

#[test]
fn creation_names_the_workload_and_the_sets_in_the_workbook_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let wb = workbook(&dir);
    let records = all(&wb);
    assert_eq!(records[0].kind, HistoryKind::WorkbookCreate);
    assert_eq!(records[0].when, "2026-04-01 08:00");
    assert!(
        records[0].at.starts_with("2026-03-31T23:00:0"),
        "{}",
        records[0].at
    );
    assert_eq!(
        text(&records[0], Lang::Ja),
        "#1 2026-04-01 08:00 作成者 — ワークブックの作成\nワークロード名: \"勘定系\""
    );
    assert_eq!(records[1].kind, HistoryKind::QuestionSetAdd);
    let en = text(&records[1], Lang::En);
    assert!(
        en.starts_with("#2 2026-04-01 08:00 作成者 — Question set added sec\nVersion: "),
        "{en}"
    );
}

#[test]
fn an_answer_shows_choice_titles_added_and_removed_and_notes_old_to_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    answer(
        &mut wb,
        "SEC1",
        AnswerChange {
            selected_choices: Some(vec!["SEC1-01".into(), "SEC1-03".into()]),
            notes: Some("旧メモ".into()),
            ..AnswerChange::default()
        },
        "山田 太郎",
    );
    let first = last(&wb);
    assert_eq!(first.kind, HistoryKind::AnswerUpdate);
    let question = first.question.as_ref().unwrap();
    assert_eq!(question.id, "SEC1");
    assert_eq!(
        question.title.get(Lang::Ja),
        "認証情報と認証をどのように管理していますか？"
    );
    // A first answer: the notes have no old value.
    assert_eq!(
        lines(&first, Lang::Ja),
        vec![
            "選択: + SEC1-01 (アイデンティティおよびアクセス管理要件を定義する), + SEC1-03 (Multi-Factor Authentication (MFA) の使用を義務化する)",
            "メモ: \"旧メモ\"",
        ]
    );
    answer(
        &mut wb,
        "SEC1",
        AnswerChange {
            selected_choices: Some(vec!["SEC1-01".into(), "SEC1-02".into()]),
            notes: Some("新メモ".into()),
            ..AnswerChange::default()
        },
        "山田 太郎",
    );
    let second = last(&wb);
    assert_eq!(
        text(&second, Lang::Ja),
        "#7 2026-04-01 08:00 山田 太郎 — 回答の変更 SEC1 認証情報と認証をどのように管理していますか？\n\
         選択: + SEC1-02 (AWS ルートユーザーを保護する), − SEC1-03 (Multi-Factor Authentication (MFA) の使用を義務化する)\n\
         メモ: \"旧メモ\" → \"新メモ\""
    );
    assert_eq!(
        lines(&second, Lang::En)[0],
        "Selected: + SEC1-02 (Secure AWS root user), − SEC1-03 (Enforce use of multi-factor authentication)"
    );
}

#[test]
fn not_applicable_shows_the_reason_label_and_text_and_choice_na_its_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    answer(
        &mut wb,
        "SEC2",
        AnswerChange {
            not_applicable: Some(Some(NotApplicable {
                reason: NotApplicableReason::OutOfScope,
                text: "対象外のシステム".into(),
            })),
            ..AnswerChange::default()
        },
        "a",
    );
    assert_eq!(
        lines(&last(&wb), Lang::Ja),
        vec!["対象外: （なし） → 対象範囲外 — \"対象外のシステム\""]
    );
    answer(
        &mut wb,
        "SEC2",
        AnswerChange {
            not_applicable: Some(None),
            ..AnswerChange::default()
        },
        "a",
    );
    assert_eq!(
        lines(&last(&wb), Lang::En),
        vec!["Not applicable: Out of scope — \"対象外のシステム\" → (none)"]
    );
    answer(
        &mut wb,
        "SEC6",
        AnswerChange {
            selected_choices: Some(vec!["SEC6-01".into()]),
            choices_not_applicable: Some(vec![ChoiceNotApplicable {
                choice_id: "SEC6-03".into(),
                reason: NotApplicableReason::ArchitectureConstraints,
                text: "専用線側".into(),
            }]),
            ..AnswerChange::default()
        },
        "a",
    );
    let record = last(&wb);
    let changes = lines(&record, Lang::Ja);
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes[0].starts_with("選択: + SEC6-01 ("), "{changes:?}");
    assert!(
        changes[1].starts_with("対象外の選択肢: + SEC6-03 (")
            && changes[1].ends_with("): アーキテクチャ上の制約 — \"専用線側\""),
        "{changes:?}"
    );
}

#[test]
fn evidence_added_and_removed_shows_kind_title_file_and_short_hash() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    let added = wb
        .add_evidence(
            "SEC1",
            Some("SEC1-02"),
            NewEvidence::Bytes {
                file_name: "root.pdf".into(),
                content: b"root".to_vec(),
                title: "ルート保護".into(),
            },
            "b",
        )
        .unwrap();
    let hash = added.sha256.clone().unwrap();
    let record = last(&wb);
    assert_eq!(record.kind, HistoryKind::EvidenceAdd);
    assert_eq!(record.question.as_ref().unwrap().id, "SEC1");
    assert_eq!(
        lines(&record, Lang::Ja),
        vec![format!(
            "エビデンス: + ファイル \"ルート保護\" (root.pdf, sha256 {}) — SEC1-02 (AWS ルートユーザーを保護する)",
            &hash[..12]
        )]
    );
    wb.remove_evidence(added.id, "b").unwrap();
    let record = last(&wb);
    assert_eq!(record.kind, HistoryKind::EvidenceRemove);
    assert_eq!(
        lines(&record, Lang::En),
        vec![format!(
            "Evidence: − File \"ルート保護\" (root.pdf, sha256 {}) — SEC1-02 (Secure AWS root user)",
            &hash[..12]
        )]
    );
}

#[test]
fn a_workload_property_shows_its_label_old_and_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    let mut workload = wb.workload().unwrap();
    workload.aws_regions = vec!["ap-northeast-1".into(), "ap-northeast-3".into()];
    workload.environment = Some(crate::workbook::Environment::Production);
    wb.update_workload(workload, "c").unwrap();
    let records = all(&wb);
    let changes: Vec<String> = records
        .iter()
        .filter(|r| r.kind == HistoryKind::WorkloadUpdate)
        .flat_map(|r| lines(r, Lang::Ja))
        .collect();
    assert_eq!(
        changes,
        vec![
            "環境: （なし） → 本番",
            "AWS リージョン: （なし） → ap-northeast-1, ap-northeast-3",
        ]
    );
}

#[test]
fn an_excel_import_shows_its_file_and_count_and_each_answer_its_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    wb.save_answers_recorded(
        vec![
            (
                "SEC3".into(),
                AnswerChange {
                    selected_choices: Some(vec!["SEC3_no".into()]),
                    ..AnswerChange::default()
                },
            ),
            (
                "SEC4".into(),
                AnswerChange {
                    notes: Some("取り込み".into()),
                    ..AnswerChange::default()
                },
            ),
        ],
        "d",
        Some((
            "answers.import_xlsx",
            "answers.xlsx",
            json!({"file": "answers.xlsx", "sha256": "cd".repeat(32), "answers": 2}),
        )),
    )
    .unwrap();
    // A later answer by the same person is not part of the import.
    answer(
        &mut wb,
        "SEC5",
        AnswerChange {
            notes: Some("後で".into()),
            ..AnswerChange::default()
        },
        "d",
    );
    let records = all(&wb);
    let import = &records[records.len() - 4];
    assert_eq!(import.kind, HistoryKind::AnswersImport);
    assert_eq!(
        text(import, Lang::En),
        "#6 2026-04-01 08:00 d — Answers imported (Excel) answers.xlsx\nFile: answers.xlsx\nSHA-256: cdcdcdcdcdcd\nAnswers changed: 2\nQuestions changed: SEC3, SEC4"
    );
    let answer = &records[records.len() - 3];
    assert!(
        lines(answer, Lang::Ja)[0].starts_with("選択: + SEC3_no ("),
        "{:?}",
        lines(answer, Lang::Ja)
    );
}

fn assessment() -> WgAssessment {
    WgAssessment {
        service: "Amazon S3".into(),
        edition: "第1版".into(),
        edition_date: "2024-04-01".into(),
        source_file: "s3.xlsx".into(),
        source_sha256: "ab".repeat(32),
        code_lists: crate::wg::WgCodeLists::defaults().unwrap(),
        criteria: vec![WgCriterion {
            criterion_no: "7".into(),
            criterion: "バケットを暗号化すること".into(),
            ..WgCriterion::default()
        }],
        ..WgAssessment::default()
    }
}

#[test]
fn wg_import_evaluate_and_delete_name_the_service_criterion_and_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    wb.import_wg_assessment(&assessment(), "e").unwrap();
    let import = last(&wb);
    assert_eq!(import.kind, HistoryKind::WgImport);
    let ja = text(&import, Lang::Ja);
    assert!(
        ja.contains("— WG 評価の取り込み Amazon S3\n版: 第1版\n"),
        "{ja}"
    );
    assert!(ja.contains("クライテリア数: 1"), "{ja}");
    assert!(
        ja.contains("照合結果: 追加 1 / 変更 0 / 変更なし 0 / 削除 0"),
        "{ja}"
    );
    wb.update_wg_evaluation(
        "Amazon S3",
        0,
        WgEvaluationChange {
            decision: Some(WgDecision::Conditional),
            own_measures: Some("KMS で暗号化".into()),
            ..WgEvaluationChange::default()
        },
        "e",
    )
    .unwrap();
    let evaluate = last(&wb);
    assert_eq!(
        text(&evaluate, Lang::Ja).split_once('\n').unwrap().1,
        "採否: 未評価 → 条件付き採用\n自機関の対策: \"\" → \"KMS で暗号化\""
    );
    assert!(
        header(&evaluate, Lang::En)
            .ends_with("WG criterion evaluated Amazon S3 criterion #1 in the sheet")
    );
    wb.delete_wg_assessment("Amazon S3", "e").unwrap();
    let delete = last(&wb);
    assert_eq!(delete.kind, HistoryKind::WgDelete);
    let lost = lines(&delete, Lang::En);
    assert_eq!(
        lost.last().unwrap(),
        "Evaluations removed: − No.7 \"バケットを暗号化すること\": Conditionally adopted"
    );
}

#[test]
fn migration_and_unknown_entries_fall_back_without_error() {
    let dir = tempfile::tempdir().unwrap();
    let wb = workbook(&dir);
    let base = wb.audit_log().unwrap().remove(0);
    let sets = wb.question_sets();
    let offset = time::UtcOffset::from_hms(9, 0, 0).unwrap();
    let migrate = AuditEntry {
        action: "workbook.migrate".into(),
        target: "schema".into(),
        old_value: Some(json!(2)),
        new_value: Some(json!(3)),
        ..base.clone()
    };
    let record = describe(&migrate, sets, offset);
    assert_eq!(record.kind, HistoryKind::WorkbookMigrate);
    assert_eq!(lines(&record, Lang::Ja), vec!["ファイル形式の版: 2 → 3"]);
    let unknown = AuditEntry {
        action: "future.thing".into(),
        target: "x".into(),
        old_value: None,
        new_value: Some(json!({"a": [1, 2]})),
        ..base.clone()
    };
    let record = describe(&unknown, sets, offset);
    assert_eq!(record.kind, HistoryKind::Other);
    assert_eq!(lines(&record, Lang::En), vec!["Value: {\"a\":[1,2]}"]);
    // A WG evaluation whose value names the criterion's number is named by it.
    let numbered = AuditEntry {
        action: "wg.evaluate".into(),
        target: "Amazon S3#2".into(),
        old_value: Some(json!({"criterion_no": "1-2", "decision": "NOT_EVALUATED"})),
        new_value: Some(json!({"criterion_no": "1-2", "decision": "ADOPTED"})),
        ..base.clone()
    };
    let record = describe(&numbered, sets, offset);
    assert!(header(&record, Lang::Ja).ends_with("Amazon S3 のクライテリア No.1-2"));
    assert_eq!(lines(&record, Lang::Ja), vec!["採否: 未評価 → 採用"]);
    // A known action whose value has an unexpected shape: generic, never an error.
    let odd = AuditEntry {
        action: "answer.update".into(),
        target: "NOPE9".into(),
        old_value: Some(json!("garbage")),
        new_value: Some(json!({"selected_choices": 5})),
        at: "not a time".into(),
        ..base
    };
    let record = describe(&odd, sets, offset);
    assert_eq!(record.question.as_ref().unwrap().id, "NOPE9");
    assert_eq!(record.when, "not a time");
    assert_eq!(
        lines(&record, Lang::Ja),
        vec!["値: garbage → {\"selected_choices\":5}"]
    );
}

#[test]
fn filters_by_question_actor_kind_and_inclusive_dates_in_the_workbook_zone() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    // Every entry is at 08:00 +09:00 on 2026-04-01, which is still 2026-03-31 in UTC: a day
    // taken in UTC would misplace them all.
    let notes = |text: &str| AnswerChange {
        notes: Some(text.into()),
        ..AnswerChange::default()
    };
    answer(&mut wb, "SEC1", notes("1"), "山田");
    answer(&mut wb, "SEC2", notes("2"), "佐藤");
    answer(&mut wb, "SEC1", notes("3"), "佐藤");
    let seqs = |filter: HistoryFilter| -> Vec<i64> {
        wb.history(&filter).unwrap().iter().map(|r| r.seq).collect()
    };
    assert_eq!(
        seqs(HistoryFilter {
            question: Some("sec1".into()),
            ..HistoryFilter::default()
        }),
        vec![6, 8]
    );
    assert_eq!(
        seqs(HistoryFilter {
            actor: Some("佐藤".into()),
            ..HistoryFilter::default()
        }),
        vec![7, 8]
    );
    assert_eq!(
        seqs(HistoryFilter {
            question: Some("SEC1".into()),
            actor: Some("佐藤".into()),
            ..HistoryFilter::default()
        }),
        vec![8]
    );
    assert_eq!(
        seqs(HistoryFilter {
            kinds: vec![HistoryKind::WorkbookCreate, HistoryKind::QuestionSetAdd],
            ..HistoryFilter::default()
        }),
        vec![1, 2, 3, 4, 5]
    );
    let every: Vec<i64> = (1..=8).collect();
    let day = |from: &str, to: &str| HistoryFilter {
        from: Some(from.into()).filter(|f: &String| !f.is_empty()),
        to: Some(to.into()).filter(|t: &String| !t.is_empty()),
        ..HistoryFilter::default()
    };
    assert_eq!(seqs(day("2026-04-01", "2026-04-01")), every);
    assert_eq!(seqs(day("", "2026-03-31")), Vec::<i64>::new());
    assert_eq!(seqs(day("2026-04-02", "")), Vec::<i64>::new());
    let error = wb.history(&day("2026-13-01", "")).unwrap_err();
    assert_eq!(error.code(), crate::ErrorCode::InvalidProperty);
    assert!(error.to_string().contains("2026-13-01"), "{error}");
    assert!(
        error.to_string().contains("change history filter 'from'"),
        "{error}"
    );
}

#[test]
fn kinds_parse_from_keys_and_actions() {
    assert_eq!(
        HistoryKind::parse("answer_update"),
        Some(HistoryKind::AnswerUpdate)
    );
    assert_eq!(
        HistoryKind::parse("wg.evaluate"),
        Some(HistoryKind::WgEvaluate)
    );
    assert_eq!(
        HistoryKind::parse("evidence-add"),
        Some(HistoryKind::EvidenceAdd)
    );
    assert_eq!(HistoryKind::parse("nothing"), None);
    for kind in HistoryKind::ALL {
        assert_eq!(HistoryKind::parse(kind.key()), Some(kind));
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.key()));
    }
}

#[test]
fn times_and_days_follow_the_workbook_time_zone_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    wb.set_property(crate::workbook::WorkloadField::TimeZone, "-05:00", "c")
        .unwrap();
    let records = all(&wb);
    // 2026-03-31 23:00 UTC is 18:00 on 2026-03-31 in -05:00: the day moves with the zone.
    assert_eq!(records[0].when, "2026-03-31 18:00");
    assert_eq!(
        lines(records.last().unwrap(), Lang::En),
        vec!["Time zone: +09:00 → -05:00"]
    );
    let day = |from: &str| HistoryFilter {
        from: Some(from.into()),
        to: Some(from.into()),
        ..HistoryFilter::default()
    };
    assert_eq!(wb.history(&day("2026-03-31")).unwrap().len(), records.len());
    assert!(wb.history(&day("2026-04-01")).unwrap().is_empty());
}
