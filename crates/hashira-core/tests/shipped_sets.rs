//! The shipped question sets: they load, their counts are right, and their text matches the
//! source documents kept in `questions/sources` character for character.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::PathBuf;

use hashira_core::question_set::shipped::{shipped_set, shipped_set_ids, shipped_sets};
use hashira_core::{Lang, QuestionSet};

fn source(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../questions/sources")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ja(text: &hashira_core::LocalizedText) -> &str {
    text.ja.as_deref().unwrap()
}

#[test]
fn every_shipped_set_loads_with_the_expected_counts() {
    let expected = [
        ("sec", 11, 68),
        ("fisc-sec", 10, 25),
        ("fisc-ops", 4, 15),
        ("fisc-rel", 3, 13),
    ];
    assert_eq!(
        shipped_set_ids().collect::<Vec<_>>(),
        expected.map(|(id, _, _)| id)
    );
    for (id, questions, choices) in expected {
        let set = shipped_set(id).unwrap();
        assert_eq!(
            (set.question_count(), set.choice_count()),
            (questions, choices),
            "{id}"
        );
        for (_, question) in set.questions() {
            let none = question.none_choice().unwrap();
            assert_eq!(none.id, format!("{}_no", question.id));
            assert_eq!(question.risk_rules.last().unwrap().condition, "default");
        }
    }
}

#[test]
fn ids_are_unique_across_all_shipped_sets() {
    let mut seen = HashSet::new();
    for set in shipped_sets().unwrap() {
        for (_, question) in set.questions() {
            assert!(
                seen.insert(question.id.clone()),
                "duplicate {}",
                question.id
            );
            for choice in &question.choices {
                assert!(seen.insert(choice.id.clone()), "duplicate {}", choice.id);
            }
        }
    }
}

/// A best practice heading: (id, title, FISC references).
type PracticeHeading = (String, String, Vec<String>);
/// A question heading: (id, title, its best practices).
type QuestionHeading = (String, String, Vec<PracticeHeading>);

/// Headings parsed from a FISC lens markdown file, with a parser independent of the generator in
/// questions/tools.
fn fisc_headings(markdown: &str) -> Vec<QuestionHeading> {
    let mut questions: Vec<QuestionHeading> = Vec::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("# ") {
            let (id, title) = rest.split_once(": ").unwrap();
            questions.push((id.to_string(), title.to_string(), Vec::new()));
        } else if let Some(rest) = line.strip_prefix("## ") {
            let (id, title) = rest.split_once(' ').unwrap();
            questions
                .last_mut()
                .unwrap()
                .2
                .push((id.to_string(), title.to_string(), Vec::new()));
        } else if line == "### 対応する FISC 安全対策基準・解説書の実務基準番号"
        {
            let refs_line = lines.by_ref().find(|l| !l.trim().is_empty()).unwrap();
            let refs = refs_line.split('、').map(|r| r.replace(' ', "")).collect();
            questions.last_mut().unwrap().2.last_mut().unwrap().2 = refs;
        }
    }
    questions
}

fn check_fisc_set(set: &QuestionSet, file: &str) {
    let parsed = fisc_headings(&source(file));
    let questions: Vec<_> = set.questions().map(|(_, q)| q).collect();
    assert_eq!(questions.len(), parsed.len(), "{file}");
    for (question, (id, title, bps)) in questions.iter().zip(&parsed) {
        assert_eq!(&question.id, id);
        assert_eq!(
            ja(&question.title),
            title,
            "{id}: title differs from {file}"
        );
        let practices: Vec<_> = question.practice_choices().collect();
        assert_eq!(practices.len(), bps.len(), "{id}");
        for (choice, (bp_id, bp_title, refs)) in practices.iter().zip(bps) {
            assert_eq!(&choice.id, bp_id);
            assert_eq!(
                ja(&choice.title),
                bp_title,
                "{bp_id}: title differs from {file}"
            );
            assert_eq!(
                &choice.fisc_refs, refs,
                "{bp_id}: FISC refs differ from {file}"
            );
        }
    }
}

#[test]
fn fisc_titles_and_references_match_the_lens_verbatim() {
    check_fisc_set(
        &shipped_set("fisc-sec").unwrap(),
        "fsi-lens-for-fisc/security.md",
    );
    check_fisc_set(
        &shipped_set("fisc-ops").unwrap(),
        "fsi-lens-for-fisc/operational_excellence.md",
    );
    check_fisc_set(
        &shipped_set("fisc-rel").unwrap(),
        "fsi-lens-for-fisc/reliability.md",
    );
}

#[test]
fn sec_titles_and_choices_match_the_talk_verbatim() {
    let text = source("wa-security-2020/sec-questions.txt");
    let set = shipped_set("sec").unwrap();
    let mut questions = set.questions().map(|(_, q)| q);
    let mut current: Option<(&hashira_core::question_set::Question, usize)> = None;
    let mut in_point = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("SEC ") {
            let (_, title) = rest.split_once(". ").unwrap();
            if let Some((question, seen)) = current {
                assert_eq!(seen, question.practice_choices().count(), "{}", question.id);
            }
            let question = questions.next().unwrap();
            assert_eq!(ja(&question.title), title, "{}", question.id);
            // The source's own label is kept in the set; surfaces print the id (`label()`).
            assert_eq!(
                question.label.as_deref().unwrap(),
                format!("SEC {}", rest.split_once('.').unwrap().0)
            );
            assert_eq!(question.label(), question.id);
            current = Some((question, 0));
            in_point = false;
        } else if line.starts_with("Point : ") {
            in_point = true;
            let (question, _) = current.unwrap();
            assert!(
                ja(question.guidance.as_ref().unwrap()).starts_with(line),
                "{}",
                question.id
            );
        } else if let (Some(choice_title), false) = (line.strip_prefix("- "), in_point) {
            let (question, seen) = current.as_mut().unwrap();
            let choice = question.practice_choices().nth(*seen).unwrap();
            assert_eq!(ja(&choice.title), choice_title, "{}", choice.id);
            *seen += 1;
        }
    }
    let (last, seen) = current.unwrap();
    assert_eq!((last.id.as_str(), seen), ("SEC11", 8));
    assert!(questions.next().is_none());
}

#[test]
fn spot_checks_of_exact_punctuation_and_text() {
    let sec = shipped_set("sec").unwrap();
    let title = |set: &QuestionSet, id: &str| ja(&set.question(id).unwrap().1.title).to_string();
    // The talk mixes full-width and half-width question marks; both are kept.
    assert_eq!(
        title(&sec, "SEC1"),
        "認証情報と認証をどのように管理していますか？"
    );
    assert_eq!(
        title(&sec, "SEC2"),
        "人為的なアクセスをどのように制御していますか?"
    );
    assert_eq!(
        sec.question("SEC1").unwrap().1.title.get(Lang::En),
        "How do you manage credentials and authentication?"
    );
    let fisc = shipped_set("fisc-sec").unwrap();
    assert_eq!(
        title(&fisc, "FISCSEC4"),
        "顧客データを保護し、適正に利用するため、どのようにデータを分類・管理していますか?"
    );
    let (_, q2) = fisc.question("FISCSEC2").unwrap();
    assert_eq!(
        q2.choice("FISCSEC2-BP01").unwrap().fisc_refs,
        ["実63", "実10"]
    );
    let bp3 = q2.choice("FISCSEC2-BP03").unwrap();
    assert!(bp3.links.iter().any(|l| l.title == "データイベントをログ記録する"
        && l.url == "https://docs.aws.amazon.com/ja_jp/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html"));
    // The 解説 keeps the source's wording, typos included ("GuarDuty").
    let bp1 = q2.choice("FISCSEC2-BP01").unwrap();
    assert!(
        bp1.explanation
            .iter()
            .any(|e| ja(e).contains("GuarDuty の検出結果をトリアージ"))
    );
    let (_, q1) = fisc.question("FISCSEC1").unwrap();
    assert!(
        ja(q1.description.as_ref().unwrap())
            .starts_with("不正アクセス等から重要なデータを保護するため")
    );
}
