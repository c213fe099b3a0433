//! What changed between milestones, on real workbook files: milestone → answers, N/A, notes,
//! evidence, workload and WG decisions changed → milestone → more changes; each pair's diff is
//! exact field by field, the summary counts right, an unchanged pair is empty, a set added
//! between milestones lists its questions as added, and two lenses sharing a question id keep
//! their diffs apart.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{ACTOR, Scratch, clock};
use hashira_core::diff::{
    Change, ChoiceNotApplicableChange, DiffStatus, DiffSummary, ItemDiff, QuestionDiff, ReviewDiff,
};
use hashira_core::improvement::{ItemEdit, ItemFields, ItemStatus, ItemTarget};
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::wg::{WgAssessment, WgCriterion, WgDecision, WgEvaluationChange};
use hashira_core::workbook::milestone::MilestoneView;
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, NewEvidence, NotApplicable, NotApplicableReason, Workbook,
    WorkloadField,
};
use hashira_core::{Clock, Risk};
use serde_json::json;

const SEC1_ALL: [&str; 8] = [
    "SEC1-01", "SEC1-02", "SEC1-03", "SEC1-04", "SEC1-05", "SEC1-06", "SEC1-07", "SEC1-08",
];
const SEC1_MEDIUM: [&str; 4] = ["SEC1-02", "SEC1-03", "SEC1-06", "SEC1-08"];

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|c| c.to_string()).collect()
}

fn choose(choices: &[&str]) -> AnswerChange {
    AnswerChange {
        selected_choices: Some(strings(choices)),
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

fn diff(path: &Path, from: &str, to: Option<&str>) -> ReviewDiff {
    let from = MilestoneView::open(path, from, clock()).unwrap();
    match to {
        Some(to) => {
            let to = MilestoneView::open(path, to, clock()).unwrap();
            let at = ReviewDiff::instant_of(to.info()).unwrap();
            ReviewDiff::between(&from, &to, at).unwrap()
        }
        None => {
            let now = Workbook::open(path, clock()).unwrap();
            ReviewDiff::between(&from, &now, clock().now()).unwrap()
        }
    }
}

fn question<'a>(diff: &'a ReviewDiff, key: &str) -> &'a QuestionDiff {
    diff.questions
        .iter()
        .find(|q| q.key == key)
        .unwrap_or_else(|| panic!("{key} not in the diff: {diff:#?}"))
}

/// A question's diff with nothing changed yet, for `..` in exact comparisons.
fn unchanged(set_id: &str, key: &str, label: &str, wb: &Workbook) -> QuestionDiff {
    let review = wb
        .review(None)
        .unwrap()
        .into_iter()
        .find(|r| r.question_id == key)
        .unwrap();
    QuestionDiff {
        status: DiffStatus::Changed,
        set_id: set_id.into(),
        question_id: key.into(),
        key: key.into(),
        label: label.into(),
        title: review.title,
        risk_before: Some(review.risk),
        risk_after: Some(review.risk),
        selections_added: vec![],
        selections_removed: vec![],
        not_applicable: None,
        choices_not_applicable: vec![],
        notes: None,
        evidence_added: vec![],
        evidence_removed: vec![],
        evidence_reattached: vec![],
        updated_by: review.updated_by,
        updated_at: review.updated_at,
    }
}

#[test]
fn each_pair_of_milestones_shows_exactly_what_changed() {
    let scratch = Scratch::new();
    let path = scratch.path("w.hashira");
    let mut wb = scratch.workbook("w.hashira");
    // Before Q1: SEC1 HIGH (None of these), SEC2 answered with one file and one link.
    wb.save_answer("SEC1", choose(&["SEC1_no"]), "前任者")
        .unwrap();
    let old_file = wb
        .add_evidence("SEC1", None, file("old.pdf", b"old"), ACTOR)
        .unwrap();
    let kept_link = wb
        .add_evidence(
            "SEC2",
            None,
            NewEvidence::Link {
                url: "https://example.com/policy".into(),
                title: "規程".into(),
            },
            ACTOR,
        )
        .unwrap();
    let again = wb
        .add_evidence("SEC2", None, file("same.pdf", b"same content"), ACTOR)
        .unwrap();
    wb.set_property(WorkloadField::Description, "第1版の説明", ACTOR)
        .unwrap();
    wb.import_wg_assessment(&wg_file(), ACTOR).unwrap();
    wb.update_wg_evaluation(
        "Amazon S3",
        0,
        WgEvaluationChange {
            decision: Some(WgDecision::Adopted),
            ..WgEvaluationChange::default()
        },
        ACTOR,
    )
    .unwrap();
    wb.add_milestone("2026Q1", ACTOR).unwrap();
    let q1_state = Workbook::open(&path, clock()).unwrap();
    let sec1_q1 = unchanged("sec", "SEC1", "SEC1", &q1_state);
    let sec2_q1 = unchanged("sec", "SEC2", "SEC2", &q1_state);
    drop(q1_state);

    // Between Q1 and Q2.
    wb.save_answer(
        "SEC1",
        AnswerChange {
            selected_choices: Some(strings(&SEC1_ALL)),
            notes: Some("MFA 導入済".into()),
            ..AnswerChange::default()
        },
        "佐藤",
    )
    .unwrap();
    wb.save_answer(
        "SEC2",
        AnswerChange {
            not_applicable: Some(Some(NotApplicable {
                reason: NotApplicableReason::OutOfScope,
                text: "対象外".into(),
            })),
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
    let new_file = wb
        .add_evidence("SEC1", None, file("new.pdf", b"new"), ACTOR)
        .unwrap();
    wb.remove_evidence(again.id, ACTOR).unwrap();
    let again_new = wb
        .add_evidence("SEC2", None, file("same-2.pdf", b"same content"), ACTOR)
        .unwrap();
    wb.set_property(WorkloadField::Description, "第2版の説明", ACTOR)
        .unwrap();
    wb.set_property(WorkloadField::Reviewers, "佐藤, 鈴木", ACTOR)
        .unwrap();
    wb.update_wg_evaluation(
        "Amazon S3",
        0,
        WgEvaluationChange {
            decision: Some(WgDecision::Rejected),
            own_measures: Some("自社で暗号化".into()),
            ..WgEvaluationChange::default()
        },
        ACTOR,
    )
    .unwrap();
    let sec1_now = wb.answer("SEC1").unwrap();
    let sec2_now = wb.answer("SEC2").unwrap();
    wb.add_milestone("2026Q2", ACTOR).unwrap();

    let d = diff(&path, "2026Q1", Some("2026Q2"));
    assert_eq!(d.questions.len(), 2, "{:#?}", d.questions);
    assert_eq!(
        question(&d, "SEC1"),
        &QuestionDiff {
            risk_before: Some(Risk::High),
            risk_after: Some(Risk::None),
            selections_added: strings(&SEC1_ALL),
            selections_removed: strings(&["SEC1_no"]),
            notes: Some(Change {
                before: String::new(),
                after: "MFA 導入済".into(),
            }),
            evidence_added: vec![new_file.clone()],
            evidence_removed: vec![old_file.clone()],
            updated_by: Some("佐藤".into()),
            updated_at: sec1_now.updated_at.clone(),
            ..sec1_q1.clone()
        }
    );
    let sec2 = question(&d, "SEC2");
    assert_eq!(
        sec2,
        &QuestionDiff {
            risk_before: Some(Risk::Unanswered),
            risk_after: Some(Risk::NotApplicable),
            not_applicable: Some(Change {
                before: None,
                after: Some(NotApplicable {
                    reason: NotApplicableReason::OutOfScope,
                    text: "対象外".into(),
                }),
            }),
            choices_not_applicable: vec![ChoiceNotApplicableChange {
                choice_id: "SEC2-05".into(),
                before: None,
                after: Some(NotApplicable {
                    reason: NotApplicableReason::Other,
                    text: "別システム".into(),
                }),
            }],
            updated_by: Some("佐藤".into()),
            updated_at: sec2_now.updated_at.clone(),
            evidence_reattached: sec2.evidence_reattached.clone(),
            ..sec2_q1.clone()
        }
    );
    // The same file attached again under a new id: re-attached, not removed + added; the
    // link that stayed is not listed.
    assert_eq!(sec2.evidence_reattached.len(), 1);
    assert_eq!(sec2.evidence_reattached[0].before, again);
    assert_eq!(sec2.evidence_reattached[0].after, again_new);
    assert!(sec2.evidence_added.iter().all(|e| e.id != kept_link.id));
    assert_eq!(
        d.summary,
        DiffSummary {
            high_resolved: 1,
            high_new: 0,
            medium_resolved: 0,
            medium_new: 0,
            questions_changed: 2,
            questions_added: 0,
            questions_removed: 0,
            newly_answered: 1,
            workload_fields_changed: 2,
            wg_criteria_changed: 1,
            ..DiffSummary::default()
        }
    );
    let fields: Vec<_> = d
        .workload
        .iter()
        .map(|w| (w.field, w.before.clone(), w.after.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                WorkloadField::Description,
                json!("第1版の説明"),
                json!("第2版の説明")
            ),
            (WorkloadField::Reviewers, json!([]), json!(["佐藤", "鈴木"])),
        ]
    );
    assert!(d.wg_services.is_empty());
    let wg = &d.wg_criteria[0];
    assert_eq!(
        (
            wg.status,
            wg.service.as_str(),
            wg.criterion_no.as_str(),
            wg.criterion.as_str()
        ),
        (
            DiffStatus::Changed,
            "Amazon S3",
            "1",
            "バケットを公開しない"
        )
    );
    assert_eq!(
        wg.decision,
        Some(Change {
            before: "ADOPTED".into(),
            after: "REJECTED".into()
        })
    );
    assert_eq!(
        wg.own_measures,
        Some(Change {
            before: String::new(),
            after: "自社で暗号化".into()
        })
    );
    assert_eq!((&wg.residual_risk, &wg.reviewer_notes), (&None, &None));

    // After Q2: a set added, SEC1 down to MEDIUM, SEC2 applicable and answered HIGH.
    wb.add_question_set(shipped_set("fisc-ops").unwrap(), ACTOR)
        .unwrap();
    wb.save_answer("SEC1", choose(&SEC1_MEDIUM), ACTOR).unwrap();
    wb.save_answer(
        "SEC2",
        AnswerChange {
            not_applicable: Some(None),
            selected_choices: Some(strings(&["SEC2_no"])),
            ..AnswerChange::default()
        },
        ACTOR,
    )
    .unwrap();
    let fisc_ops = shipped_set("fisc-ops").unwrap().questions().count();
    wb.close().unwrap();
    let d = diff(&path, "2026Q2", None);
    assert_eq!(
        d.summary,
        DiffSummary {
            high_resolved: 0,
            high_new: 1,
            medium_resolved: 0,
            medium_new: 1,
            questions_changed: 2,
            questions_added: fisc_ops,
            questions_removed: 0,
            newly_answered: 0,
            workload_fields_changed: 0,
            wg_criteria_changed: 0,
            ..DiffSummary::default()
        }
    );
    let sec1 = question(&d, "SEC1");
    assert_eq!(
        (sec1.risk_before, sec1.risk_after),
        (Some(Risk::None), Some(Risk::Medium))
    );
    assert_eq!(
        sec1.selections_removed,
        strings(&["SEC1-01", "SEC1-04", "SEC1-05", "SEC1-07"])
    );
    assert!(sec1.selections_added.is_empty());
    let sec2 = question(&d, "SEC2");
    assert_eq!(
        (sec2.risk_before, sec2.risk_after),
        (Some(Risk::NotApplicable), Some(Risk::High))
    );
    assert_eq!(sec2.not_applicable.as_ref().unwrap().after, None);
    let added: Vec<&QuestionDiff> = d
        .questions
        .iter()
        .filter(|q| q.status == DiffStatus::Added)
        .collect();
    assert_eq!(added.len(), fisc_ops);
    assert!(added.iter().all(|q| q.set_id == "fisc-ops"
        && q.risk_before.is_none()
        && q.risk_after == Some(Risk::Unanswered)));
    // Q1 → now is Q1 → Q2 and Q2 → now together.
    let whole = diff(&path, "2026Q1", None);
    assert_eq!(whole.summary.high_resolved, 1);
    assert_eq!(whole.summary.medium_new, 1);
    assert_eq!(whole.summary.questions_added, fisc_ops);
    // Backwards the set is removed, never "resolved".
    let back = diff(&path, "2026Q2", None);
    let now = Workbook::open(&path, clock()).unwrap();
    let q2 = MilestoneView::open(&path, "2026Q2", clock()).unwrap();
    let reverse = ReviewDiff::between(&now, &q2, clock().now()).unwrap();
    assert_eq!(reverse.summary.questions_removed, fisc_ops);
    assert_eq!(reverse.summary.high_resolved, 1);
    assert_eq!(back.questions.len(), reverse.questions.len());
}

#[test]
fn an_unchanged_pair_is_empty() {
    let scratch = Scratch::new();
    let path = scratch.path("w.hashira");
    let mut wb = scratch.workbook("w.hashira");
    wb.save_answer("SEC1", choose(&["SEC1_no"]), ACTOR).unwrap();
    wb.add_evidence("SEC1", None, file("a.pdf", b"a"), ACTOR)
        .unwrap();
    wb.import_wg_assessment(&wg_file(), ACTOR).unwrap();
    wb.add_milestone("one", ACTOR).unwrap();
    wb.add_milestone("two", ACTOR).unwrap();
    wb.close().unwrap();
    for (from, to) in [("one", Some("two")), ("one", None), ("two", None)] {
        let d = diff(&path, from, to);
        assert!(d.is_empty(), "{from} → {to:?}: {d:#?}");
        assert_eq!(d.summary, DiffSummary::default());
    }
}

/// A lens named `name` with one question `q01` (choices `choice1`, `choice2`, `q01_no`).
fn tiny_lens(dir: &Path, file: &str, name: &str) -> std::path::PathBuf {
    let choice = |id: &str| json!({ "id": id, "title": format!("Practice {id}") });
    let lens = json!({
        "schemaVersion": "2021-11-01",
        "name": name,
        "pillars": [{ "id": "pillar1", "name": "Pillar", "questions": [{
            "id": "q01", "title": "How?",
            "choices": [choice("choice1"), choice("choice2"), { "id": "q01_no", "title": "None of these" }],
            "riskRules": [{ "condition": "q01_no", "risk": "HIGH_RISK" },
                          { "condition": "choice1 && choice2", "risk": "NO_RISK" },
                          { "condition": "default", "risk": "MEDIUM_RISK" }],
        }]}],
    });
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_vec_pretty(&lens).unwrap()).unwrap();
    path
}

#[test]
fn two_lenses_sharing_a_question_id_keep_their_diffs_apart() {
    let scratch = Scratch::new();
    let path = scratch.path("w.hashira");
    let mut wb = Workbook::create(
        &path,
        "レンズ",
        vec![shipped_set("sec").unwrap()],
        ACTOR,
        clock(),
    )
    .unwrap();
    let alpha = tiny_lens(scratch.dir.path(), "alpha.json", "Alpha Lens");
    let beta = tiny_lens(scratch.dir.path(), "beta.json", "Beta Lens");
    let a = wb.add_lens(&alpha, Some("alpha"), None, ACTOR).unwrap();
    let b = wb.add_lens(&beta, Some("beta"), None, ACTOR).unwrap();
    assert_eq!((a.set_id.as_str(), b.set_id.as_str()), ("alpha", "beta"));
    let key = |set: &str| {
        let set = wb.question_set(set).unwrap();
        set.questions().next().unwrap().1.key().to_string()
    };
    let (key_a, key_b) = (key("alpha"), key("beta"));
    assert_ne!(key_a, key_b);
    wb.save_answer(&key_a, choose(&["q01_no"]), ACTOR).unwrap();
    wb.add_milestone("before", ACTOR).unwrap();
    wb.save_answer(&key_a, choose(&["choice1", "choice2"]), ACTOR)
        .unwrap();
    wb.save_answer(&key_b, choose(&["choice1"]), ACTOR).unwrap();
    wb.close().unwrap();
    let d = diff(&path, "before", None);
    let alpha_diff = d.questions.iter().find(|q| q.set_id == "alpha").unwrap();
    let beta_diff = d.questions.iter().find(|q| q.set_id == "beta").unwrap();
    assert_eq!(d.questions.len(), 2);
    assert_eq!(
        (
            alpha_diff.question_id.as_str(),
            beta_diff.question_id.as_str()
        ),
        ("q01", "q01")
    );
    assert_eq!(
        (alpha_diff.risk_before, alpha_diff.risk_after),
        (Some(Risk::High), Some(Risk::None))
    );
    assert_eq!(alpha_diff.selections_removed, strings(&["q01_no"]));
    assert_eq!(
        (beta_diff.risk_before, beta_diff.risk_after),
        (Some(Risk::Unanswered), Some(Risk::Medium))
    );
    assert_eq!(beta_diff.selections_added, strings(&["choice1"]));
    assert!(beta_diff.selections_removed.is_empty());
    assert_eq!(
        d.summary,
        DiffSummary {
            high_resolved: 1,
            medium_new: 1,
            questions_changed: 2,
            newly_answered: 1,
            ..DiffSummary::default()
        }
    );
}

fn practice(choice: &str) -> ItemTarget {
    ItemTarget::Practice {
        question_id: "SEC1".into(),
        choice_id: choice.into(),
    }
}

fn edit_item(wb: &mut Workbook, target: &ItemTarget, edit: ItemEdit) {
    wb.set_improvement_item(target, edit, ACTOR, clock().now())
        .unwrap();
}

fn item<'a>(diff: &'a ReviewDiff, name: &str) -> &'a ItemDiff {
    diff.items
        .iter()
        .find(|i| {
            i.choice_id.as_deref() == Some(name)
                || i.id.map(|id| format!("#{id}")).as_deref() == Some(name)
        })
        .unwrap_or_else(|| panic!("{name} not in the diff: {:#?}", diff.items))
}

#[test]
fn improvement_items_followed_up_are_part_of_the_diff() {
    let scratch = Scratch::new();
    let path = scratch.path("w.hashira");
    let mut wb = scratch.workbook("w.hashira");
    // SEC1 "none of these": HIGH, its eight practices in the plan.
    wb.save_answer("SEC1", choose(&["SEC1_no"]), ACTOR).unwrap();
    let owned = ItemEdit {
        owner: Some("佐藤".into()),
        due_date: Some("2026-03-01".into()),
        status: Some(ItemStatus::InProgress),
        ..ItemEdit::default()
    };
    edit_item(&mut wb, &practice("SEC1-01"), owned);
    let added = wb
        .add_improvement_item(
            "SEC1",
            "WAF を導入する",
            ItemEdit::default(),
            ACTOR,
            clock().now(),
        )
        .unwrap();
    let added_name = format!("#{}", added.id.unwrap());
    wb.add_milestone("Q1", ACTOR).unwrap();

    // The milestone keeps the items as they were: Q1 → Q1 is empty, Q1 → now lists each change.
    let done = ItemEdit {
        status: Some(ItemStatus::Done),
        ..ItemEdit::default()
    };
    edit_item(&mut wb, &practice("SEC1-01"), done);
    let accepted = ItemEdit {
        status: Some(ItemStatus::RiskAccepted),
        acceptance_reason: Some("閉域網のみで運用".into()),
        ..ItemEdit::default()
    };
    edit_item(&mut wb, &practice("SEC1-02"), accepted);
    let due = ItemEdit {
        due_date: Some("2026-03-15".into()),
        ..ItemEdit::default()
    };
    edit_item(&mut wb, &practice("SEC1-03"), due);
    let noted = ItemEdit {
        notes: Some("見積り中".into()),
        ..ItemEdit::default()
    };
    edit_item(
        &mut wb,
        &ItemTarget::Id {
            id: added.id.unwrap(),
        },
        noted,
    );
    let new = wb
        .add_improvement_item(
            "SEC2",
            "鍵のローテーション",
            ItemEdit::default(),
            ACTOR,
            clock().now(),
        )
        .unwrap();
    let new_name = format!("#{}", new.id.unwrap());
    wb.add_milestone("Q2", ACTOR).unwrap();
    wb.close().unwrap();

    let d = diff(&path, "Q1", Some("Q2"));
    assert_eq!(
        d.summary,
        DiffSummary {
            items_done: 1,
            items_risk_accepted: 1,
            items_added: 1,
            items_changed: 4,
            // SEC1-03 is due 2026-03-15, still open on 2026-04-01; SEC1-01 is done.
            items_overdue: 1,
            ..DiffSummary::default()
        }
    );
    assert!(d.questions.is_empty());
    let names: Vec<String> = d
        .items
        .iter()
        .map(|i| {
            i.choice_id
                .clone()
                .unwrap_or_else(|| format!("#{}", i.id.unwrap()))
        })
        .collect();
    assert_eq!(
        names,
        [
            "SEC1-01",
            "SEC1-02",
            "SEC1-03",
            added_name.as_str(),
            new_name.as_str()
        ]
    );
    let sec1_01 = item(&d, "SEC1-01");
    assert_eq!(sec1_01.status, DiffStatus::Changed);
    assert_eq!(
        sec1_01.item_status,
        Some(Change {
            before: ItemStatus::InProgress,
            after: ItemStatus::Done
        })
    );
    assert_eq!(
        (
            sec1_01.owner.clone(),
            sec1_01.due_date.clone(),
            sec1_01.in_plan.clone()
        ),
        (None, None, None)
    );
    assert_eq!(
        sec1_01.fields,
        ItemFields {
            owner: "佐藤".into(),
            due_date: Some("2026-03-01".into()),
            status: ItemStatus::Done,
            ..ItemFields::default()
        }
    );
    assert!(!sec1_01.overdue);
    assert_eq!(
        (
            sec1_01.set_id.as_str(),
            sec1_01.question_id.as_str(),
            sec1_01.label.as_str()
        ),
        ("sec", "SEC1", "SEC1")
    );
    assert_eq!(sec1_01.updated_by.as_deref(), Some(ACTOR));
    let sec1_02 = item(&d, "SEC1-02");
    assert_eq!(sec1_02.id, Some(sec1_02.id.unwrap()));
    assert_eq!(
        sec1_02.acceptance_reason,
        Some(Change {
            before: String::new(),
            after: "閉域網のみで運用".into()
        })
    );
    let sec1_03 = item(&d, "SEC1-03");
    assert_eq!(
        sec1_03.due_date,
        Some(Change {
            before: None,
            after: Some("2026-03-15".into())
        })
    );
    assert!(sec1_03.overdue);
    assert_eq!(sec1_03.item_status, None);
    let first_added = item(&d, &added_name);
    assert_eq!(first_added.status, DiffStatus::Changed);
    assert_eq!(
        first_added.notes,
        Some(Change {
            before: String::new(),
            after: "見積り中".into()
        })
    );
    let second_added = item(&d, &new_name);
    assert_eq!(second_added.status, DiffStatus::Added);
    assert_eq!(
        second_added.title.get(hashira_core::Lang::Ja),
        "鍵のローテーション"
    );
    assert_eq!(second_added.key, "SEC2");

    // Each item as the "to" side's own list has it (fields, place in the plan, overdue,
    // priority, title), in that list's order.
    let q2 = MilestoneView::open(&path, "Q2", clock()).unwrap();
    let listed = q2
        .improvement_items(ReviewDiff::instant_of(q2.info()).unwrap())
        .unwrap();
    let in_list: Vec<_> = listed
        .iter()
        .filter(|l| {
            d.items
                .iter()
                .any(|i| i.id == l.id && i.choice_id == l.choice_id)
        })
        .collect();
    assert_eq!(in_list.len(), d.items.len());
    for (listed, diffed) in in_list.iter().zip(&d.items) {
        assert_eq!(
            (
                &listed.fields,
                listed.overdue,
                listed.priority,
                &listed.title,
                &listed.label
            ),
            (
                &diffed.fields,
                diffed.overdue,
                diffed.priority,
                &diffed.title,
                &diffed.label
            )
        );
    }

    // The same from Q1 to now, and nothing between a milestone and itself.
    assert_eq!(diff(&path, "Q1", None).items, d.items);
    assert!(diff(&path, "Q2", None).is_empty());

    // SEC1 answered in full: its followed-up practices leave the plan (never overdue then);
    // practices nobody followed up are not listed, the question's own diff shows the change.
    let mut wb = Workbook::open(&path, clock()).unwrap();
    wb.save_answer("SEC1", choose(&SEC1_ALL), ACTOR).unwrap();
    wb.close().unwrap();
    let d = diff(&path, "Q2", None);
    assert_eq!(
        d.summary,
        DiffSummary {
            high_resolved: 1,
            questions_changed: 1,
            items_changed: 3,
            ..DiffSummary::default()
        }
    );
    for name in ["SEC1-01", "SEC1-02", "SEC1-03"] {
        let i = item(&d, name);
        assert_eq!(
            i.in_plan,
            Some(Change {
                before: true,
                after: false
            }),
            "{name}"
        );
        assert_eq!((i.item_status.clone(), i.due_date.clone()), (None, None));
    }
    assert!(!item(&d, "SEC1-03").overdue);
}

#[test]
fn a_practice_first_followed_up_after_a_milestone_without_items_is_changed_not_added() {
    let scratch = Scratch::new();
    let path = scratch.path("w.hashira");
    let mut wb = scratch.workbook("w.hashira");
    wb.save_answer("SEC1", choose(&["SEC1_no"]), ACTOR).unwrap();
    // No item followed up yet: SEC1-04 is in the plan with no row.
    wb.add_milestone("before", ACTOR).unwrap();
    let owned = ItemEdit {
        owner: Some("佐藤".into()),
        ..ItemEdit::default()
    };
    edit_item(&mut wb, &practice("SEC1-04"), owned);
    wb.close().unwrap();
    let d = diff(&path, "before", None);
    assert_eq!(
        d.summary,
        DiffSummary {
            items_changed: 1,
            ..DiffSummary::default()
        }
    );
    let item = item(&d, "SEC1-04");
    assert_eq!(item.status, DiffStatus::Changed);
    assert_eq!(
        item.owner,
        Some(Change {
            before: String::new(),
            after: "佐藤".into()
        })
    );
    assert_eq!(item.in_plan, None);
}
