//! Every audit action the core writes has a kind and is described in words: the list in
//! `action.rs` is the one the writers use (checked on the sources), none of its actions falls
//! to "other", and the follow-up actions (improvement items, milestones, a set upgrade and its
//! confirmations) read old → new from a real workbook's trail.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::tests::{all, last, text};
use super::*;
use crate::clock::FixedClock;
use crate::improvement::{ItemEdit, ItemStatus, ItemTarget};
use crate::question_set::QuestionSet;
use crate::question_set::shipped::shipped_set;
use crate::workbook::upgrade::IdMap;
use crate::workbook::{AnswerChange, AuditEntry};
use crate::{Lang, Workbook};

const NEXT_EDITION: &str = include_str!("../../tests/fixtures/upgrade/fisc-sec-1.7.0.toml");
const NEXT_MAP: &str = include_str!("../../tests/fixtures/upgrade/fisc-sec-1.7.0.map.toml");

#[test]
fn every_action_the_core_writes_has_a_kind_of_its_own_and_a_label() {
    assert!(action::ALL.len() >= 21, "{:?}", action::ALL);
    let mut kinds = Vec::new();
    for name in action::ALL {
        let kind = HistoryKind::of_action(name);
        assert_ne!(kind, HistoryKind::Other, "{name} is shown as other");
        assert_ne!(kind.label(), HistoryKind::Other.label(), "{name}");
        assert_eq!(HistoryKind::parse(name), Some(kind), "{name}");
        assert!(!kinds.contains(&kind), "{name} shares its kind");
        kinds.push(kind);
    }
    // Every kind but "other" is some action's.
    for kind in HistoryKind::ALL {
        assert!(
            kind == HistoryKind::Other || kinds.contains(&kind),
            "{kind:?} has no action"
        );
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The action argument of each `.audit(` call in `source` (up to its second comma).
fn audit_actions(source: &str) -> Vec<String> {
    source
        .split(".audit(")
        .skip(1)
        .filter_map(|call| call.split(',').nth(1).map(str::trim).map(str::to_string))
        .collect()
}

#[test]
fn the_writers_name_their_actions_from_the_one_list() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("../hashira-xlsx/src"), &mut files);
    let mut calls = 0;
    for file in files {
        let name = file.to_string_lossy().replace('\\', "/");
        if name.ends_with("history/action.rs") || name.ends_with("tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap();
        // Test modules inside a file may write what they like.
        let source = source
            .split("#[cfg(test)]\nmod tests {")
            .next()
            .unwrap_or("");
        for argument in audit_actions(source) {
            calls += 1;
            assert!(
                !argument.contains('"'),
                "{name}: an audit action written as a literal ({argument}): add it to history::action"
            );
        }
        for action in action::ALL {
            assert!(
                !source.contains(&format!("\"{action}\"")),
                "{name} spells \"{action}\": use history::action's constant"
            );
        }
    }
    assert!(
        calls >= 15,
        "only {calls} audit calls found: is the scan reading the sources?"
    );
}

fn workbook(dir: &tempfile::TempDir) -> Workbook {
    let clock = Arc::new(FixedClock::parse("2026-03-31T23:00:00Z", 1000).unwrap());
    Workbook::create(
        &dir.path().join("t.hashira"),
        "勘定系",
        vec![
            shipped_set("sec").unwrap(),
            shipped_set("fisc-sec").unwrap(),
        ],
        "作成者",
        clock,
    )
    .unwrap()
}

fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-04-01 00:00 UTC)
}

#[test]
fn an_improvement_item_edit_reads_owner_due_date_and_status_old_to_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    // "None of these" makes SEC1 a high risk: its practices are items.
    let none_of_these = AnswerChange {
        selected_choices: Some(vec!["SEC1_no".into()]),
        ..AnswerChange::default()
    };
    wb.save_answer("SEC1", none_of_these, "山田").unwrap();
    let items = wb.improvement_items(now()).unwrap();
    let item = items
        .iter()
        .find(|i| i.question_id == "SEC1" && i.choice_id.is_some())
        .expect("SEC1's practices are items");
    let question = item.question_id.clone();
    let choice = item.choice_id.clone().unwrap();
    let target = ItemTarget::Practice {
        question_id: question.clone(),
        choice_id: choice.clone(),
    };
    let edit = ItemEdit {
        owner: Some("佐藤".into()),
        due_date: Some("2027-03-31".into()),
        status: Some(ItemStatus::InProgress),
        ..ItemEdit::default()
    };
    wb.set_improvement_item(&target, edit, "山田", now())
        .unwrap();
    let record = last(&wb);
    assert_eq!(record.kind, HistoryKind::ImprovementItemSet);
    assert_eq!(record.kind.key(), "improvement_item_set");
    assert_eq!(record.question.as_ref().unwrap().id, question);
    let ja = text(&record, Lang::Ja);
    let head = ja.lines().next().unwrap();
    assert!(head.contains("— 改善項目の変更 "), "{ja}");
    assert!(head.contains(&format!(" {choice} (")), "{ja}");
    assert_eq!(
        lines(&record, Lang::Ja),
        [
            "対応担当者: 未設定 → 佐藤",
            "期限: （なし） → 2027-03-31",
            "対応状況: 未着手 → 対応中",
        ]
    );
    assert_eq!(
        lines(&record, Lang::En),
        [
            "Owner: (not set) → 佐藤",
            "Due date: (none) → 2027-03-31",
            "Status: Open → In progress",
        ]
    );
    // Accepting the risk later: the status and its reason, nothing else.
    let edit = ItemEdit {
        status: Some(ItemStatus::RiskAccepted),
        acceptance_reason: Some("代替統制あり".into()),
        ..ItemEdit::default()
    };
    wb.set_improvement_item(&target, edit, "山田", now())
        .unwrap();
    assert_eq!(
        lines(&last(&wb), Lang::Ja),
        [
            "対応状況: 対応中 → リスク受容",
            "リスク受容の理由: \"\" → \"代替統制あり\"",
        ]
    );
    // An item of the reviewer's own: its number, what is to be done and what was set.
    let edit = ItemEdit {
        owner: Some("鈴木".into()),
        ..ItemEdit::default()
    };
    let added = wb
        .add_improvement_item("SEC1", "MFA を全員に必須化", edit, "山田", now())
        .unwrap();
    let record = last(&wb);
    assert_eq!(record.kind, HistoryKind::ImprovementItemAdd);
    let ja = text(&record, Lang::Ja);
    assert!(
        ja.lines()
            .next()
            .unwrap()
            .ends_with(&format!(" 改善項目 #{}", added.id.unwrap())),
        "{ja}"
    );
    assert_eq!(
        lines(&record, Lang::Ja),
        ["対応内容: \"MFA を全員に必須化\"", "対応担当者: 鈴木"]
    );
    assert_eq!(
        lines(&record, Lang::En),
        ["Action: \"MFA を全員に必須化\"", "Owner: 鈴木"]
    );
}

#[test]
fn a_milestone_an_upgrade_and_a_confirmation_read_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbook(&dir);
    let choose = |ids: &[&str]| AnswerChange {
        selected_choices: Some(ids.iter().map(|c| c.to_string()).collect()),
        ..AnswerChange::default()
    };
    wb.save_answer("FISCSEC1", choose(&["FISCSEC1-BP01"]), "前任者")
        .unwrap();
    wb.save_answer("FISCSEC4", choose(&["FISCSEC4-BP01"]), "前任者")
        .unwrap();
    wb.add_milestone("2026Q1", "山田").unwrap();
    let record = last(&wb);
    assert_eq!(record.kind, HistoryKind::MilestoneAdd);
    let ja = text(&record, Lang::Ja);
    assert!(ja.contains("— マイルストーンの作成 2026Q1\n"), "{ja}");
    assert!(
        ja.contains("\nマイルストーン: 「2026Q1」を作成 (No.1)\n"),
        "{ja}"
    );
    assert!(ja.contains("\n含む変更履歴: #"), "{ja}");
    assert!(
        text(&record, Lang::En).contains("\nMilestone: \"2026Q1\" created (No.1)\n"),
        "{}",
        text(&record, Lang::En)
    );

    let next = QuestionSet::from_toml(NEXT_EDITION, "fisc-sec-1.7.0.toml").unwrap();
    let map = IdMap::from_toml(NEXT_MAP, "fisc-sec-1.7.0.map.toml", "fisc-sec").unwrap();
    let outcome = wb
        .apply_set_upgrade("fisc-sec", next, Some(&map), None, "山田")
        .unwrap();
    let rereview = outcome.plan.summary.to_rereview;
    assert!(rereview > 0);
    let record = last(&wb);
    assert_eq!(record.kind, HistoryKind::QuestionSetUpgrade);
    let ja = text(&record, Lang::Ja);
    assert!(
        ja.contains(&format!(
            "\n質問セット: fisc-sec を v1.6.1 → v1.7.0 に更新（要再確認 {rereview} 問）\n"
        )),
        "{ja}"
    );
    assert!(
        ja.contains(&format!(
            "\n更新前のマイルストーン: {}\n",
            outcome.milestone.name
        )),
        "{ja}"
    );
    assert!(
        ja.contains("\n番号が変わった質問: FISCSEC4 → FISCSEC12\n"),
        "{ja}"
    );
    assert!(ja.contains("\n新しい質問: FISCSEC11"), "{ja}");
    let en = text(&record, Lang::En);
    assert!(
        en.contains(&format!(
            "Question set: fisc-sec upgraded v1.6.1 → v1.7.0 ({rereview} questions to re-review)"
        )),
        "{en}"
    );

    assert!(wb.confirm_answer("FISCSEC1", "山田").unwrap());
    let record = last(&wb);
    assert_eq!(record.kind, HistoryKind::AnswerConfirm);
    let ja = text(&record, Lang::Ja);
    assert!(ja.contains("— 回答の再確認 FISCSEC1 "), "{ja}");
    assert!(ja.ends_with("\n要再確認: 要再確認 → 確認済み"), "{ja}");

    // No entry of this trail is shown as other or as raw JSON.
    for record in all(&wb) {
        assert_ne!(record.kind, HistoryKind::Other, "{}", record.action);
        assert!(
            record.changes.iter().all(|c| c.field != "value"),
            "{}",
            text(&record, Lang::En)
        );
    }
}

#[test]
fn a_wa_tool_import_and_a_recorded_write_are_described_too() {
    let dir = tempfile::tempdir().unwrap();
    let wb = workbook(&dir);
    let base = wb.audit_log().unwrap().remove(0);
    let offset = time::UtcOffset::from_hms(9, 0, 0).unwrap();
    let import = AuditEntry {
        action: action::ANSWERS_IMPORT_WA_TOOL.into(),
        target: "/tmp/wa".into(),
        old_value: None,
        new_value: Some(serde_json::json!({
            "path": "/tmp/wa",
            "files": [{ "file": "workload.json", "sha256": "0123456789abcdef0123" }],
            "answers": 3,
        })),
        ..base.clone()
    };
    let record = describe(&import, wb.question_sets(), offset);
    assert_eq!(record.kind, HistoryKind::AnswersImportWaTool);
    assert_eq!(
        lines(&record, Lang::Ja),
        [
            "フォルダ: /tmp/wa",
            "ファイル: workload.json (sha256 0123456789ab)",
            "変更された回答: 3",
        ]
    );
    let recorded = AuditEntry {
        action: action::WORKBOOK_RECORD.into(),
        target: "workbook".into(),
        old_value: None,
        new_value: None,
        ..base
    };
    let record = describe(&recorded, wb.question_sets(), offset);
    assert_eq!(record.kind, HistoryKind::WorkbookRecord);
    assert_eq!(
        lines(&record, Lang::En),
        ["Record: Rows this change rewrote (checked by verify)"]
    );
}
