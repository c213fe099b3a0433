//! `hashira diff` reads only the rows that differ (`Workbook::compared_sides`: chunk lists
//! compared, only the changed questions' rows and texts read): on real workbook files, its diff
//! equals the diff of the two sides read whole (`Workbook::rebuilt_sides`: each milestone
//! rebuilt as every reading command reads it) for every pair of milestones, both ways, and from
//! each milestone to now — through answers, N/A, notes, evidence added, removed and re-attached,
//! properties, WG decisions, improvement items, a lens added and a set upgrade between them —
//! and on a set large enough that a table spans many chunks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../../hashira-xlsx/benches/support/generated.rs"]
mod generated;

use std::path::Path;

use common::{ACTOR, Scratch, clock};
use hashira_core::Clock;
use hashira_core::diff::ReviewDiff;
use hashira_core::improvement::{ItemEdit, ItemStatus, ItemTarget};
use hashira_core::question_set::QuestionSet;
use hashira_core::wg::{WgAssessment, WgCriterion, WgDecision, WgEvaluationChange};
use hashira_core::workbook::upgrade::IdMap;
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, NewEvidence, NotApplicable, NotApplicableReason, Workbook,
    WorkloadField,
};

const NEXT_EDITION: &str = include_str!("fixtures/upgrade/fisc-sec-1.7.0.toml");
const NEXT_MAP: &str = include_str!("fixtures/upgrade/fisc-sec-1.7.0.map.toml");

fn choose(choices: &[&str]) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(choices.iter().map(|c| c.to_string()).collect()),
        ..AnswerChange::default()
    }
}

fn file(name: &str, content: &[u8]) -> NewEvidence {
    NewEvidence::Bytes {
        file_name: name.into(),
        content: content.to_vec(),
        title: name.into(),
    }
}

fn marked(text: &str) -> Option<NotApplicable> {
    Some(NotApplicable {
        reason: NotApplicableReason::OutOfScope,
        text: text.into(),
    })
}

fn practice(question: &str, choice: &str) -> ItemTarget {
    ItemTarget::Practice {
        question_id: question.into(),
        choice_id: choice.into(),
    }
}

fn wg_file() -> WgAssessment {
    let criterion = |no: &str, text: &str| WgCriterion {
        criterion_no: no.into(),
        criterion: text.into(),
        ..WgCriterion::default()
    };
    WgAssessment {
        service: "Amazon S3".into(),
        edition: "第1版".into(),
        criteria: vec![
            criterion("1", "バケットを公開しない"),
            criterion("2", "暗号化する"),
        ],
        ..WgAssessment::default()
    }
}

fn wg_decision(wb: &mut Workbook, index: usize, decision: WgDecision, measures: &str) {
    let change = WgEvaluationChange {
        decision: Some(decision),
        own_measures: Some(measures.into()),
        ..WgEvaluationChange::default()
    };
    wb.update_wg_evaluation("Amazon S3", index, change, ACTOR)
        .unwrap();
}

/// Every pair of milestones both ways and each to now: the fast diff equals the rebuilt one.
/// Returns how many pairs took the fast path.
fn assert_every_pair_equal(path: &Path) -> usize {
    let current = Workbook::open_for_figures(path, clock()).unwrap();
    let milestones = current.milestones().unwrap();
    let now = clock().now();
    let mut fast = 0;
    let mut sides: Vec<Option<_>> = milestones.iter().map(Some).collect();
    sides.push(None);
    for from in &milestones {
        for to in &sides {
            if to.is_some_and(|to| to.number == from.number) {
                continue;
            }
            let compared = current.compared_sides(from, *to).unwrap();
            let rebuilt = current.rebuilt_sides(from, *to).unwrap();
            let quick = ReviewDiff::of_sides(&compared, now).unwrap();
            let whole = ReviewDiff::of_sides(&rebuilt, now).unwrap();
            let name = |m: Option<&hashira_core::workbook::milestone::MilestoneInfo>| {
                m.map_or("now".to_string(), |m| m.name.clone())
            };
            assert_eq!(
                quick,
                whole,
                "{} → {} (read {})",
                from.name,
                name(*to),
                if compared.changed_rows_only() {
                    "changed rows"
                } else {
                    "rebuilt"
                }
            );
            assert_eq!(
                ReviewDiff::of_milestones(&current, from, *to, now).unwrap(),
                whole
            );
            fast += usize::from(compared.changed_rows_only());
        }
    }
    fast
}

#[test]
fn the_diff_read_from_changed_rows_equals_the_diff_of_both_sides_rebuilt() {
    let scratch = Scratch::new();
    let path = scratch.path("w.hashira");
    let mut wb = scratch.workbook("w.hashira");
    let now = || clock().now();

    // Q1: answers, a note, evidence of each kind, a property, a WG decision, items followed up.
    wb.save_answer("SEC1", choose(&["SEC1_no"]), "前任者")
        .unwrap();
    let mut change = choose(&["SEC2-01", "SEC2-02"]);
    change.notes = Some("初回メモ".into());
    wb.save_answer("SEC2", change, ACTOR).unwrap();
    wb.save_answer("FISCSEC1", choose(&["FISCSEC1-BP01"]), ACTOR)
        .unwrap();
    wb.save_answer("FISCSEC4", choose(&["FISCSEC4-BP01"]), ACTOR)
        .unwrap();
    let old_file = wb
        .add_evidence("SEC1", None, file("old.pdf", b"old"), ACTOR)
        .unwrap();
    let again = wb
        .add_evidence("SEC2", None, file("same.pdf", b"same content"), ACTOR)
        .unwrap();
    wb.add_evidence(
        "FISCSEC4",
        Some("FISCSEC4-BP01"),
        NewEvidence::Link {
            url: "https://example.jp/規程".into(),
            title: "データ分類規程".into(),
        },
        ACTOR,
    )
    .unwrap();
    wb.set_property(WorkloadField::Description, "第1版の説明", ACTOR)
        .unwrap();
    wb.import_wg_assessment(&wg_file(), ACTOR).unwrap();
    wg_decision(&mut wb, 0, WgDecision::Adopted, "");
    let owned = ItemEdit {
        owner: Some("佐藤".into()),
        due_date: Some("2026-03-01".into()),
        status: Some(ItemStatus::InProgress),
        ..ItemEdit::default()
    };
    wb.set_improvement_item(&practice("SEC1", "SEC1-01"), owned, ACTOR, now())
        .unwrap();
    let added = wb
        .add_improvement_item("SEC1", "WAF を導入する", ItemEdit::default(), ACTOR, now())
        .unwrap();
    wb.add_milestone("Q1", ACTOR).unwrap();

    // Q2: selections, N/A of a question and of a choice, notes, evidence removed, added and
    // re-attached with the same content, two properties, a WG decision, items done.
    let mut change = choose(&["SEC1-01", "SEC1-02", "SEC1-03"]);
    change.notes = Some("MFA 導入済".into());
    wb.save_answer("SEC1", change, "佐藤").unwrap();
    wb.save_answer(
        "SEC2",
        AnswerChange {
            not_applicable: Some(marked("対象外")),
            choices_not_applicable: Some(vec![ChoiceNotApplicable {
                choice_id: "SEC2-05".into(),
                reason: NotApplicableReason::Other,
                text: "別システム".into(),
            }]),
            ..AnswerChange::default()
        },
        "佐藤",
    )
    .unwrap();
    wb.remove_evidence(old_file.id, ACTOR).unwrap();
    wb.add_evidence("SEC1", None, file("new.pdf", b"new"), ACTOR)
        .unwrap();
    wb.remove_evidence(again.id, ACTOR).unwrap();
    wb.add_evidence("SEC2", None, file("same-2.pdf", b"same content"), ACTOR)
        .unwrap();
    wb.set_property(WorkloadField::Description, "第2版の説明", ACTOR)
        .unwrap();
    wb.set_property(WorkloadField::Reviewers, "佐藤, 鈴木", ACTOR)
        .unwrap();
    wg_decision(&mut wb, 0, WgDecision::Rejected, "自社で暗号化");
    let done = ItemEdit {
        status: Some(ItemStatus::Done),
        ..ItemEdit::default()
    };
    wb.set_improvement_item(
        &ItemTarget::Id {
            id: added.id.unwrap(),
        },
        done,
        ACTOR,
        now(),
    )
    .unwrap();
    wb.add_milestone("Q2", ACTOR).unwrap();

    // Q3: the same answer saved again (who and when change, nothing else), one answer
    // cleared of its N/A, evidence on a question otherwise untouched, a WG decision; then a
    // lens added (a set only on one side).
    wb.add_evidence(
        "SEC5",
        None,
        NewEvidence::Text {
            title: "議事録".into(),
            text: "ネットワーク分離を確認".into(),
        },
        ACTOR,
    )
    .unwrap();
    wb.save_answer("FISCSEC1", choose(&["FISCSEC1-BP01"]), "確認者")
        .unwrap();
    wb.save_answer(
        "SEC2",
        AnswerChange {
            not_applicable: Some(None),
            ..choose(&["SEC2-01"])
        },
        ACTOR,
    )
    .unwrap();
    wg_decision(&mut wb, 1, WgDecision::Adopted, "KMS");
    wb.add_milestone("Q3", ACTOR).unwrap();
    let lens = scratch.path("lens.json");
    std::fs::write(
        &lens,
        include_bytes!("../../../tests/lenses/Amazon_S3_Lens.json"),
    )
    .unwrap();
    wb.add_lens(&lens, Some("s3"), None, ACTOR).unwrap();
    wb.add_milestone("with lens", ACTOR).unwrap();

    // An upgrade of fisc-sec (its own "before upgrade" milestone), then answers on the new
    // edition and a milestone after it.
    let next = QuestionSet::from_toml(NEXT_EDITION, "fisc-sec-1.7.0.toml").unwrap();
    let map = IdMap::from_toml(NEXT_MAP, "fisc-sec-1.7.0.map.toml", "fisc-sec").unwrap();
    wb.apply_set_upgrade("fisc-sec", next, Some(&map), None, ACTOR)
        .unwrap();
    wb.add_milestone("upgraded", ACTOR).unwrap();
    wb.save_answer("FISCSEC2", choose(&["FISCSEC2-BP01"]), ACTOR)
        .unwrap();
    wb.save_answer("SEC3", choose(&["SEC3-01"]), ACTOR).unwrap();
    wb.add_milestone("after upgrade", ACTOR).unwrap();

    // Now: more than the last milestone.
    wb.save_answer("SEC1", choose(&["SEC1_no"]), ACTOR).unwrap();
    wb.set_property(WorkloadField::Description, "今の説明", ACTOR)
        .unwrap();
    wb.close().unwrap();

    let milestones = Workbook::open_for_figures(&path, clock())
        .unwrap()
        .milestones()
        .unwrap();
    assert_eq!(milestones.len(), 7, "{milestones:#?}");
    // 7 milestones: 42 ordered pairs and 7 to now; only the pairs holding the same sets are
    // read from changed rows:
    // Q1..Q3 both ways (6), "with lens" and "before upgrade" (2), "upgraded" and "after
    // upgrade" (2) and those two to now.
    assert_eq!(assert_every_pair_equal(&path), 6 + 2 + 2 + 2);
}

#[test]
fn a_large_set_spanning_many_chunks_gives_the_same_diff() {
    let scratch = Scratch::new();
    let path = scratch.path("large.hashira");
    let set = generated::generated_set(400, 9);
    let mut wb = Workbook::create(&path, "large", vec![set], ACTOR, clock()).unwrap();
    let answer = |q: usize, choices: &[usize], notes: &str| {
        let change = AnswerChange {
            selected_choices: Some(choices.iter().map(|c| format!("G{q}-{c}")).collect()),
            notes: Some(notes.to_string()),
            ..AnswerChange::default()
        };
        (format!("G{q}"), change)
    };
    let all = (0..400)
        .map(|q| answer(q, &[1], &format!("質問 {q}")))
        .collect();
    wb.save_answers(all, ACTOR).unwrap();
    wb.add_milestone("A", ACTOR).unwrap();
    // Scattered changes: each changes its chunk, whose other rows are the same on both sides.
    let changed = (0..400)
        .step_by(37)
        .map(|q| answer(q, &[1, 2], "見直し"))
        .collect();
    wb.save_answers(changed, ACTOR).unwrap();
    for q in [5, 250] {
        wb.add_evidence(&format!("G{q}"), None, file("e.pdf", b"%PDF-1.4"), ACTOR)
            .unwrap();
    }
    wb.set_improvement_item(
        &practice("G3", "G3-3"),
        ItemEdit {
            owner: Some("情報システム部".into()),
            ..ItemEdit::default()
        },
        ACTOR,
        clock().now(),
    )
    .unwrap();
    wb.add_milestone("B", ACTOR).unwrap();
    let marks = (0..400)
        .step_by(53)
        .map(|q| {
            let change = AnswerChange {
                not_applicable: Some(marked("対象外")),
                ..AnswerChange::default()
            };
            (format!("G{q}"), change)
        })
        .collect();
    wb.save_answers(marks, ACTOR).unwrap();
    wb.close().unwrap();

    assert_eq!(assert_every_pair_equal(&path), 4);
    let current = Workbook::open_for_figures(&path, clock()).unwrap();
    let (a, b) = (
        current.milestone("A").unwrap(),
        current.milestone("B").unwrap(),
    );
    let diff = ReviewDiff::of_milestones(&current, &a, Some(&b), clock().now()).unwrap();
    // Eleven answers changed (every 37th) and two questions with new evidence.
    assert_eq!(
        diff.summary.questions_changed,
        11 + 2,
        "{:#?}",
        diff.summary
    );
}
