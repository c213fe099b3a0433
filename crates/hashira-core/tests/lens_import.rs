//! `lens::import`: a WA Tool custom lens becomes a question set — everything in it kept, its
//! own choices and rules, ids unique per lens only — and goes back out as the same lens.
//! Test lenses are written here, one per feature or oddity; the S3 lens is a real one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::clock;
use hashira_core::lens::{LensImportError, Severity, export_lens, lens_id, lens_text, lens_to_set};
use hashira_core::question_set::{RuleRisk, shipped};
use hashira_core::workbook::AnswerChange;
use hashira_core::{ErrorCode, Lang, QuestionSet, Risk, Workbook};
use serde_json::{Value, json};

const S3_LENS: &[u8] = include_bytes!("../../../tests/lenses/Amazon_S3_Lens.json");

fn choice(id: &str, title: &str) -> Value {
    json!({
        "id": id,
        "title": title,
        "helpfulResource": { "displayText": format!("Why {title}") },
        "improvementPlan": { "displayText": format!("Do {title}") },
    })
}

/// A lens with one pillar and the given questions.
fn lens(name: &str, questions: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec_pretty(&json!({
        "schemaVersion": "2021-11-01",
        "name": name,
        "description": format!("{name} for tests"),
        "pillars": [{ "id": "pillar_one", "name": "Pillar one", "questions": questions }],
    }))
    .unwrap()
}

/// `q1` with `choice1..3` and "None of these", the risky cases only (no `default`).
fn q1_without_default() -> Value {
    json!({
        "id": "q1",
        "title": "How do you do it?",
        "choices": [choice("choice1", "First"), choice("choice2", "Second"),
                    choice("choice3", "Third"), { "id": "q1_no", "title": "None of these" }],
        "riskRules": [
            { "condition": "q1_no", "risk": "HIGH_RISK" },
            { "condition": "choice1 && !choice2", "risk": "MEDIUM_RISK" },
        ],
    })
}

fn import(bytes: &[u8]) -> QuestionSet {
    lens_to_set(bytes, "test.json", None, &[]).unwrap().set
}

fn satisfied(mask: u32, n: usize) -> Vec<bool> {
    (0..n).map(|i| mask & (1 << i) != 0).collect()
}

#[test]
fn the_s3_lens_becomes_a_set_with_all_its_questions_choices_and_metadata() {
    let imported = lens_to_set(S3_LENS, "Amazon_S3_Lens.json", None, &[]).unwrap();
    let set = &imported.set;
    assert_eq!(set.id(), "amazon-s3-well-architected-lens");
    assert_eq!(set.question_count(), 35);
    let all_choices: usize = set.questions().map(|(_, q)| q.choices.len()).sum();
    assert_eq!(all_choices, 162);
    assert_eq!(set.pillars().len(), 6);
    let original: Value = serde_json::from_slice(S3_LENS).unwrap();
    assert_eq!(set.version(), original["_version"].as_str().unwrap());
    let origin = set.document().lens.as_ref().unwrap();
    assert_eq!(origin.file, "Amazon_S3_Lens.json");
    assert_eq!(origin.sha256.len(), 64);
    let metadata: Value = serde_json::from_str(&origin.metadata).unwrap();
    assert_eq!(metadata["_version"], original["_version"]);
    assert_eq!(metadata["_note"], original["_note"]);
    // Question and choice texts exactly as the lens has them, in English.
    let first = &original["pillars"][0]["questions"][0];
    let (_, q) = set.question(first["id"].as_str().unwrap()).unwrap();
    assert_eq!(q.title.get(Lang::En), first["title"].as_str().unwrap());
    assert_eq!(q.title.ja, None);
    let c0 = &first["choices"][0];
    assert_eq!(q.choices[0].id, c0["id"].as_str().unwrap());
    assert_eq!(
        q.choices[0].description.as_ref().unwrap().get(Lang::En),
        c0["helpfulResource"]["displayText"].as_str().unwrap()
    );
    assert_eq!(
        q.choices[0].description_url.as_deref(),
        c0["helpfulResource"]["url"].as_str()
    );
}

#[test]
fn the_s3_lens_risk_is_its_own_rules_first_true_wins() {
    let set = import(S3_LENS);
    let original: Value = serde_json::from_slice(S3_LENS).unwrap();
    for pillar in original["pillars"].as_array().unwrap() {
        for question in pillar["questions"].as_array().unwrap() {
            let id = question["id"].as_str().unwrap();
            let (_, q) = set.question(id).unwrap();
            let n = q.choices.len();
            for mask in 1..(1u32 << n) {
                let sel = satisfied(mask, n);
                let names: Vec<&str> = q
                    .choices
                    .iter()
                    .zip(&sel)
                    .filter(|(_, s)| **s)
                    .map(|(c, _)| c.id.as_str())
                    .collect();
                // The lens's rules read by hand: `default` or a condition of ids, !, &&, ||.
                let expected = question["riskRules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| {
                        let c = r["condition"].as_str().unwrap();
                        c == "default" || holds_by_hand(c, &names)
                    })
                    .map(|r| match r["risk"].as_str().unwrap() {
                        "HIGH_RISK" => RuleRisk::High,
                        "MEDIUM_RISK" => RuleRisk::Medium,
                        _ => RuleRisk::None,
                    });
                assert_eq!(set.evaluate(id, &sel), expected, "{id} {names:?}");
            }
        }
    }
}

/// An evaluator written apart from the product's (`||` < `&&` < `!` < parentheses), so the
/// test does not check the parser with itself.
fn holds_by_hand(condition: &str, selected: &[&str]) -> bool {
    let tokens: Vec<String> = condition
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('!', " ! ")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut at = 0;
    let value = or(&tokens, &mut at, selected);
    assert_eq!(at, tokens.len(), "test evaluator: {condition}");
    value
}

fn or(t: &[String], at: &mut usize, s: &[&str]) -> bool {
    let mut value = and(t, at, s);
    while t.get(*at).is_some_and(|x| x == "||") {
        *at += 1;
        value |= and(t, at, s);
    }
    value
}

fn and(t: &[String], at: &mut usize, s: &[&str]) -> bool {
    let mut value = not(t, at, s);
    while t.get(*at).is_some_and(|x| x == "&&") {
        *at += 1;
        value &= not(t, at, s);
    }
    value
}

fn not(t: &[String], at: &mut usize, s: &[&str]) -> bool {
    let token = t[*at].clone();
    *at += 1;
    match token.as_str() {
        "!" => !not(t, at, s),
        "(" => {
            let value = or(t, at, s);
            assert_eq!(t[*at], ")");
            *at += 1;
            value
        }
        id => s.contains(&id),
    }
}

#[test]
fn a_lens_without_none_of_these_keeps_exactly_its_choices() {
    let bytes = lens(
        "No none",
        vec![json!({
            "id": "q1", "title": "Q?",
            "choices": [choice("choice1", "A"), choice("choice2", "B")],
            "riskRules": [{ "condition": "choice1 && choice2", "risk": "NO_RISK" },
                          { "condition": "default", "risk": "HIGH_RISK" }],
        })],
    );
    let set = import(&bytes);
    let (_, q) = set.question("q1").unwrap();
    let ids: Vec<&str> = q.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["choice1", "choice2"]);
    assert!(q.none_choice().is_none());
}

#[test]
fn a_question_without_default_is_none_when_no_rule_holds_and_the_import_warns() {
    let imported = lens_to_set(
        &lens("Risky", vec![q1_without_default()]),
        "r.json",
        None,
        &[],
    )
    .unwrap();
    let set = &imported.set;
    // choice2 alone: neither rule holds → NONE.
    assert_eq!(
        set.evaluate("q1", &[false, true, false, false]),
        Some(RuleRisk::None)
    );
    assert_eq!(
        set.evaluate("q1", &[true, false, false, false]),
        Some(RuleRisk::Medium)
    );
    // "None of these" selected is the selection {q1_no}.
    assert_eq!(
        set.evaluate("q1", &[false, false, false, true]),
        Some(RuleRisk::High)
    );
    let warning = imported
        .warnings
        .iter()
        .find(|w| w.path == "pillars[0].questions[0].riskRules" && w.message.contains("NONE"))
        .expect("a warning for the missing default");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("NONE"), "{}", warning.message);
}

#[test]
fn rules_after_default_never_apply_and_are_reported() {
    let mut q = q1_without_default();
    q["riskRules"] = json!([
        { "condition": "default", "risk": "NO_RISK" },
        { "condition": "q1_no", "risk": "HIGH_RISK" },
    ]);
    let imported = lens_to_set(&lens("Odd", vec![q]), "o.json", None, &[]).unwrap();
    assert_eq!(
        imported.set.evaluate("q1", &[false, false, false, true]),
        Some(RuleRisk::None)
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.path == "pillars[0].questions[0].riskRules[1]"
                && w.message.contains("never applies"))
    );
}

#[test]
fn choice_ids_repeat_across_questions_and_resources_of_both_kinds_are_kept() {
    let mut q2 = q1_without_default();
    q2["id"] = json!("q2");
    q2["choices"][3]["id"] = json!("q2_no");
    q2["riskRules"] = json!([{ "condition": "q2_no", "risk": "HIGH_RISK" },
                              { "condition": "default", "risk": "NO_RISK" }]);
    q2["helpfulResource"] = json!({ "displayText": "Read this", "url": "https://example.com/q2" });
    q2["choices"][0]["improvementPlan"]["url"] = json!("https://example.com/plan");
    q2["choices"][0]["additionalResources"] = json!([
        { "type": "HELPFUL_RESOURCE", "content": [
            { "displayText": "Doc", "url": "https://example.com/doc" },
            { "displayText": "A note without a link" }] },
        { "type": "IMPROVEMENT_PLAN", "content": [
            { "displayText": "Runbook", "url": "https://example.com/runbook" }] },
    ]);
    let set = import(&lens("Two", vec![q1_without_default(), q2]));
    let (_, q) = set.question("q2").unwrap();
    assert_eq!(q.choices[0].id, "choice1");
    assert_eq!(set.question("q1").unwrap().1.choices[0].id, "choice1");
    assert_eq!(q.guidance.as_ref().unwrap().get(Lang::En), "Read this");
    assert_eq!(q.guidance_url.as_deref(), Some("https://example.com/q2"));
    let c = &q.choices[0];
    assert_eq!(
        c.improvement_url.as_deref(),
        Some("https://example.com/plan")
    );
    let links: Vec<(&str, &str, &str)> = c
        .links
        .iter()
        .map(|l| (l.title.as_str(), l.url.as_str(), l.kind.as_deref().unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            ("Doc", "https://example.com/doc", "helpful_resource"),
            ("A note without a link", "", "helpful_resource"),
            ("Runbook", "https://example.com/runbook", "improvement_plan"),
        ]
    );
}

#[test]
fn an_imported_lens_exports_back_to_its_own_ids_text_and_keys() {
    for bytes in [S3_LENS.to_vec(), {
        let mut q = q1_without_default();
        q["riskRules"] = json!([{ "condition": "q1_no", "risk": "HIGH_RISK" },
                                 { "condition": "default", "risk": "NO_RISK" }]);
        q["choices"][0]["additionalResources"] = json!([
            { "type": "IMPROVEMENT_PLAN", "content": [{ "displayText": "Runbook" }] }]);
        let mut doc: Value = serde_json::from_slice(&lens("Round trip", vec![q])).unwrap();
        doc["_release_note"] = json!({ "2026": ["first"] });
        // Lens ids have at least three characters.
        serde_json::to_string(&doc)
            .unwrap()
            .replace("\"q1", "\"que1")
            .into_bytes()
    }] {
        let set = import(&bytes);
        let exported = serde_json::to_value(export_lens(&set, Lang::En).unwrap()).unwrap();
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(exported, original, "{}", set.id());
        // And what is written passes the check.
        let text = lens_text(&set, Lang::En).unwrap();
        assert!(hashira_core::lens::check_lens_bytes(text.as_bytes()).is_empty());
    }
}

#[test]
fn every_shipped_set_exported_and_imported_keeps_questions_choices_and_risks() {
    for original in shipped::shipped_sets().unwrap() {
        let text = lens_text(&original, Lang::Ja).unwrap();
        let set = import(text.as_bytes());
        assert_eq!(
            set.question_count(),
            original.question_count(),
            "{}",
            original.id()
        );
        for (_, q) in original.questions() {
            let id = lens_id(&q.id);
            let (_, back) = set.question(&id).unwrap_or_else(|| panic!("{id}"));
            let ids: Vec<String> = q.choices.iter().map(|c| lens_id(&c.id)).collect();
            let back_ids: Vec<&str> = back.choices.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(back_ids, ids);
            assert_eq!(back.none_choice().is_some(), q.none_choice().is_some());
            let n = q.choices.len();
            assert!(n <= 12, "{id} has {n} choices: enumerate fewer");
            for mask in 1..(1u32 << n) {
                let sel = satisfied(mask, n);
                assert_eq!(
                    set.evaluate(&id, &sel),
                    original.evaluate(q.key(), &sel),
                    "{} {id} {mask:b}",
                    original.id()
                );
            }
        }
    }
}

#[test]
fn a_japanese_lens_is_read_as_japanese() {
    let set = import(&lens("金融レンズ", vec![q1_without_default()]));
    assert_eq!(set.document().languages, [Lang::Ja]);
    assert_eq!(set.title().ja.as_deref(), Some("金融レンズ"));
    assert_eq!(set.id(), "lens");
}

#[test]
fn set_ids_come_from_the_name_and_never_clash() {
    let bytes = lens("My Lens: v2!", vec![q1_without_default()]);
    assert_eq!(
        lens_to_set(&bytes, "x.json", None, &[]).unwrap().set.id(),
        "my-lens-v2"
    );
    let taken = ["my-lens-v2", "my-lens-v2-2"];
    assert_eq!(
        lens_to_set(&bytes, "x.json", None, &taken)
            .unwrap()
            .set
            .id(),
        "my-lens-v2-3"
    );
    assert_eq!(
        lens_to_set(&bytes, "x.json", Some("mine"), &[])
            .unwrap()
            .set
            .id(),
        "mine"
    );
}

#[test]
fn broken_lenses_are_refused_with_the_json_path_or_line() {
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            b"{\n  \"schemaVersion\": NaN\n}".to_vec(),
            "$",
            "line 2 column",
        ),
        (
            {
                let mut q2 = q1_without_default();
                q2["choices"][1]["id"] = json!("choice1");
                lens("Dup", vec![q2])
            },
            "pillars[0].questions[0].choices[1].id",
            "is used twice in this question",
        ),
        (
            {
                let mut q = q1_without_default();
                q["riskRules"][1]["condition"] = json!("choice1 && choise3");
                lens("Typo", vec![q])
            },
            "pillars[0].questions[0].riskRules[1].condition",
            "choise3",
        ),
        (
            lens("Twice", vec![q1_without_default(), q1_without_default()]),
            "pillars[0].questions[1].id",
            "is already used at",
        ),
        (
            {
                let deep = format!("{}choice1{}", "(".repeat(10_000), ")".repeat(10_000));
                let mut q = q1_without_default();
                q["riskRules"][1]["condition"] = json!(deep);
                lens("Deep", vec![q])
            },
            "pillars[0].questions[0].riskRules[1].condition",
            "",
        ),
    ];
    for (bytes, path, words) in cases {
        let refused = lens_to_set(&bytes, "bad.json", None, &[]).unwrap_err();
        assert!(
            refused
                .problems
                .iter()
                .any(|p| p.severity == Severity::Error
                    && p.path == path
                    && p.message.contains(words)),
            "{path} {words}: {:#?}",
            refused.problems
        );
    }
}

#[test]
fn two_lenses_with_the_same_question_ids_live_in_one_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(&a, lens("Lens A", vec![q1_without_default()])).unwrap();
    std::fs::write(&b, lens("Lens B", vec![q1_without_default()])).unwrap();
    let path = dir.path().join("w.hashira");
    let first = lens_to_set(&std::fs::read(&a).unwrap(), "a.json", None, &[])
        .unwrap()
        .set;
    let mut wb = Workbook::create(&path, "Two lenses", vec![first], "tester", clock()).unwrap();
    let preview = wb.add_lens(&b, None, None, "tester").unwrap();
    assert_eq!(preview.set_id, "lens-b");
    assert!(preview.shares_question_ids);
    // The id alone is ambiguous; with the set, each set's own question.
    let error = wb.resolve_question("q1").unwrap_err();
    assert_eq!(error.code(), ErrorCode::QuestionAmbiguous);
    let (set, _, q) = wb.resolve_question_in(Some("lens-b"), "q1").unwrap();
    assert_eq!((set.id(), q.key()), ("lens-b", "lens-b/q1"));
    let (set, _, q) = wb.resolve_question_in(Some("lens-a"), "Q1").unwrap();
    assert_eq!((set.id(), q.key()), ("lens-a", "q1"));
    let change = |c: &str| AnswerChange {
        selected_choices: Some(vec![c.to_string()]),
        ..AnswerChange::default()
    };
    wb.save_answer("lens-b/q1", change("q1_no"), "tester")
        .unwrap();
    wb.save_answer("q1", change("choice1"), "tester").unwrap();
    wb.close().unwrap();
    // Reopened, the keys are as stored; each answer is its own set's.
    let wb = Workbook::open(&path, clock()).unwrap();
    let review = wb.review(None).unwrap();
    let risks: Vec<(&str, &str, Risk)> = review
        .iter()
        .map(|r| (r.set_id.as_str(), r.question_id.as_str(), r.risk))
        .collect();
    assert_eq!(
        risks,
        [
            ("lens-a", "q1", Risk::Medium),
            ("lens-b", "lens-b/q1", Risk::High)
        ]
    );
    let report = wb.verify().unwrap();
    assert!(report.ok, "{report:?}");
    let error = Workbook::open(&path, clock())
        .unwrap()
        .add_lens(&b, Some("lens-b"), None, "tester")
        .unwrap_err();
    assert!(
        matches!(error, LensImportError::Core(ref e) if e.code() == ErrorCode::QuestionSetConflict)
    );
}

#[test]
fn a_refused_or_changed_lens_leaves_the_workbook_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.hashira");
    let sets = vec![shipped::shipped_set("sec").unwrap()];
    Workbook::create(&path, "W", sets, "tester", clock())
        .unwrap()
        .close()
        .unwrap();
    let before = hashira_core::hashing::sha256_hex(&common::file_bytes(&path));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{ \"schemaVersion\": \"2021-11-01\", \"name\": ").unwrap();
    let mut wb = Workbook::open(&path, clock()).unwrap();
    let error = wb.add_lens(&bad, None, None, "tester").unwrap_err();
    let payload = error.payload();
    assert_eq!(payload.code, ErrorCode::ImportProblems);
    assert!(
        payload.details["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 1")
    );
    let good = dir.path().join("good.json");
    std::fs::write(&good, lens("Good", vec![q1_without_default()])).unwrap();
    let (preview, _) = wb.preview_lens(&good, None).unwrap();
    std::fs::write(&good, lens("Changed", vec![q1_without_default()])).unwrap();
    let error = wb
        .add_lens(&good, None, Some(&preview.sha256), "tester")
        .unwrap_err();
    assert_eq!(error.payload().code, ErrorCode::ImportPlanChanged);
    let huge = dir.path().join("huge.json");
    std::fs::write(&huge, vec![b' '; 5 * 1024 * 1024 + 1]).unwrap();
    let error = wb.add_lens(&huge, None, None, "tester").unwrap_err();
    assert!(
        error.to_string().contains("refused without being read"),
        "{error}"
    );
    wb.close().unwrap();
    assert_eq!(
        hashira_core::hashing::sha256_hex(&common::file_bytes(&path)),
        before
    );
}

#[test]
fn a_stored_lens_set_reads_back_as_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.hashira");
    let set = import(S3_LENS);
    let document = set.document().clone();
    Workbook::create(&path, "S3", vec![set], "tester", clock())
        .unwrap()
        .close()
        .unwrap();
    let wb = Workbook::open(&path, clock()).unwrap();
    assert_eq!(wb.question_sets()[0].document(), &document);
    // A point change reads one question from the stored text: the same question.
    let one = Workbook::open_for_question(&path, clock(), "SEC_01").unwrap();
    let (_, _, question) = one.find_question("SEC_01").unwrap();
    let (_, expected) = wb.question_sets()[0].question("SEC_01").unwrap();
    assert_eq!(question, expected);
}

#[test]
fn a_lens_saved_with_a_byte_order_mark_is_read_and_the_import_says_so() {
    let plain = lens("Bom", vec![q1_without_default()]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&plain);
    let with_bom = lens_to_set(&bytes, "bom.json", None, &[]).unwrap();
    let without = lens_to_set(&plain, "plain.json", None, &[]).unwrap();
    assert_eq!(with_bom.set.question_count(), without.set.question_count());
    assert!(
        with_bom
            .warnings
            .iter()
            .any(|w| w.path == "$" && w.message.contains("byte order mark")),
        "{:#?}",
        with_bom.warnings
    );
    assert!(
        !without
            .warnings
            .iter()
            .any(|w| w.message.contains("byte order mark"))
    );
}
