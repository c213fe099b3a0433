use super::*;

const SMALL: &str = r#"
format_version = 1
id = "tiny"
version = "1"
languages = ["ja", "en"]
title = { ja = "小さなセット", en = "Tiny set" }
[source]
document = "test"
edition = "1"

[[pillars]]
id = "security"
title = { ja = "セキュリティ" }

[[pillars.questions]]
id = "T1"
title = { ja = "認証情報をどのように管理していますか？" }
risk_rules = [
  { condition = "T1_no", risk = "HIGH" },
  { condition = "T1-a && T1-b", risk = "NONE" },
  { condition = "T1-a", risk = "MEDIUM_RISK" },
  { condition = "default", risk = "HIGH" },
]
[[pillars.questions.choices]]
id = "T1-a"
title = { ja = "MFA を義務化する" }
fisc_refs = ["実26"]
[[pillars.questions.choices]]
id = "T1-b"
title = { ja = "ルートユーザーを保護する" }
[[pillars.questions.choices]]
id = "T1_no"
title = { ja = "いずれも該当しない", en = "None of these" }
none_of_these = true
"#;

fn problems_of(text: &str) -> String {
    match QuestionSet::from_toml(text, "test.toml") {
        Err(Error::QuestionSetInvalid { origin, message }) => {
            assert_eq!(origin, "test.toml");
            message
        }
        Err(Error::QuestionSetProblems { origin, problems }) => {
            assert_eq!(origin, "test.toml");
            super::problems_text(&problems)
        }
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("expected the set to be refused"),
    }
}

#[test]
fn a_valid_set_loads_and_evaluates_rules_in_order() {
    let set = QuestionSet::from_toml(SMALL, "test.toml").unwrap();
    assert_eq!(set.id(), "tiny");
    assert_eq!(set.question_count(), 1);
    assert_eq!(set.choice_count(), 2);
    assert_eq!(set.content_hash(), sha256_hex(SMALL.as_bytes()));
    let risk = |a, b, no| set.evaluate("T1", &[a, b, no]);
    assert_eq!(risk(true, true, false), Some(RuleRisk::None));
    assert_eq!(risk(true, false, false), Some(RuleRisk::Medium));
    assert_eq!(risk(false, true, false), Some(RuleRisk::High));
    assert_eq!(risk(false, false, true), Some(RuleRisk::High));
    assert_eq!(set.evaluate("T9", &[]), None);
}

#[test]
fn a_rule_naming_a_missing_choice_is_refused_with_its_place() {
    let text = SMALL.replace("T1-a && T1-b", "T1-a && T1-z");
    assert_eq!(
        problems_of(&text),
        "1 problem: question T1: risk rule 2 'T1-a && T1-z': 'T1-z' is not a choice of this question"
    );
}

#[test]
fn a_rule_that_does_not_parse_is_refused() {
    let text = SMALL.replace("T1-a && T1-b", "T1-a & T1-b");
    assert!(problems_of(&text).contains("risk rule 2 'T1-a & T1-b': '&' at position 5"));
}

#[test]
fn a_question_without_default_rule_is_refused() {
    let text = SMALL.replace("{ condition = \"default\", risk = \"HIGH\" },", "");
    assert!(problems_of(&text).contains("question T1: the last risk rule must be 'default'"));
}

#[test]
fn an_early_default_is_refused_because_later_rules_are_dead() {
    let text = SMALL.replace(
        "{ condition = \"T1_no\", risk = \"HIGH\" },",
        "{ condition = \"default\", risk = \"HIGH\" },",
    );
    assert!(problems_of(&text).contains("risk rule 1 is 'default' but is not last"));
}

#[test]
fn duplicate_ids_are_refused() {
    let text = SMALL.replace("id = \"T1-b\"", "id = \"T1-a\"");
    let message = problems_of(&text);
    assert!(
        message.contains("choice T1-a: duplicate choice id"),
        "{message}"
    );
}

#[test]
fn a_choice_id_ending_in_no_must_be_none_of_these() {
    let text = SMALL.replace("none_of_these = true", "");
    let message = problems_of(&text);
    assert!(
        message.contains(
            "choice T1_no: a choice id ending in '_no' is the question's \"None of these\""
        ),
        "{message}"
    );
}

#[test]
fn a_question_without_none_of_these_is_valid() {
    // Many published lenses have no "None of these": a set need not add one.
    let text = SMALL
        .replace("  { condition = \"T1_no\", risk = \"HIGH\" },\n", "")
        .replace(
            "[[pillars.questions.choices]]\nid = \"T1_no\"",
            "[[pillars.questions.choices]]\nid = \"T1-c\"",
        )
        .replace("none_of_these = true", "");
    let set = QuestionSet::from_toml(&text, "test.toml").unwrap();
    let (_, question) = set.question("T1").unwrap();
    assert!(question.none_choice().is_none());
    assert_eq!(question.choices.len(), 3);
}

#[test]
fn choice_ids_are_unique_per_question_only() {
    // Lenses reuse `choice1` in every question.
    let second =
        SMALL[SMALL.find("[[pillars.questions]]").unwrap()..].replace("id = \"T1\"", "id = \"T2\"");
    let text = format!("{SMALL}\n{second}");
    let set = QuestionSet::from_toml(&text, "test.toml").unwrap();
    assert_eq!(set.question("T2").unwrap().1.choices[0].id, "T1-a");
}

#[test]
fn unknown_fields_and_bad_risks_name_the_line() {
    let text = SMALL.replace("fisc_refs = [\"実26\"]", "fisc_ref = [\"実26\"]");
    let message = problems_of(&text);
    assert!(message.contains("unknown field `fisc_ref`"), "{message}");
    assert!(message.contains("line 27"), "{message}");
    match QuestionSet::from_toml(&text, "test.toml") {
        Err(Error::QuestionSetProblems { problems, .. }) => {
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].place.line, Some(27));
            assert_eq!(problems[0].place.file.as_deref(), Some("test.toml"));
        }
        other => panic!("expected the parse problem at its line, got {other:?}"),
    }
    let text = SMALL.replace("risk = \"MEDIUM_RISK\"", "risk = \"LOW\"");
    assert!(problems_of(&text).contains("unknown risk 'LOW'"));
}

#[test]
fn badly_written_fisc_refs_and_links_are_refused() {
    let text = SMALL.replace("[\"実26\"]", "[\"実 26\"]");
    assert!(problems_of(&text).contains("FISC reference '実 26' must look like '実63'"));
    let text = SMALL.replace(
        "fisc_refs = [\"実26\"]",
        "links = [{ title = \"x\", url = \"javascript:alert(1)\" }]",
    );
    assert!(problems_of(&text).contains("link 1 has an invalid http(s) URL"));
}

#[test]
fn localized_text_falls_back_to_the_other_language() {
    let text = LocalizedText::ja("日本語");
    assert_eq!(text.get(Lang::En), "日本語");
    let both = LocalizedText {
        ja: Some("はい".into()),
        en: Some("Yes".into()),
    };
    assert_eq!(both.get(Lang::En), "Yes");
    assert_eq!(both.get(Lang::Ja), "はい");
}
