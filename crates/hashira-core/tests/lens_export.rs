//! `lens::export`: every shipped set becomes a lens that passes the check without warnings,
//! and the rewritten rules give Hashira's risk for EVERY selection (shipped and random rules).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hashira_core::lens::model::LensRisk;
use hashira_core::lens::rules::{first_true_wins, rewrite_rules};
use hashira_core::lens::{LanguageFallback, check_lens_bytes, export_lens, lens_file, lens_text};
use hashira_core::question_set::{Condition, RuleRisk, parse_condition, shipped};
use hashira_core::{Lang, QuestionSet};

fn selection(mask: u32, choices: usize) -> Vec<bool> {
    (0..choices).map(|i| mask & (1 << i) != 0).collect()
}

fn risk(lens_risk: LensRisk) -> RuleRisk {
    match lens_risk {
        LensRisk::HighRisk => RuleRisk::High,
        LensRisk::MediumRisk => RuleRisk::Medium,
        LensRisk::NoRisk => RuleRisk::None,
    }
}

#[test]
fn every_shipped_set_exports_to_a_lens_with_no_problem() {
    for set in shipped::shipped_sets().unwrap() {
        for lang in [Lang::Ja, Lang::En] {
            let text = lens_text(&set, lang).unwrap();
            let problems = check_lens_bytes(text.as_bytes());
            assert!(problems.is_empty(), "{} {lang:?}: {problems:#?}", set.id());
        }
    }
}

/// The exported lens, read back, gives the set's risk for every selection of every question,
/// whichever order its rules are read in (each non-default condition is exact).
#[test]
fn exported_rules_give_the_sets_risk_for_every_selection() {
    for set in shipped::shipped_sets().unwrap() {
        let lens = export_lens(&set, Lang::Ja).unwrap();
        let lens_questions = lens.pillars.iter().flat_map(|p| &p.questions);
        for ((_, question), lens_question) in set.questions().zip(lens_questions) {
            let n = question.choices.len();
            assert!(n <= 12, "exhaustive up to 12 choices");
            let ids: Vec<&str> = lens_question
                .choices
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            let rules: Vec<(Condition, RuleRisk)> = lens_question
                .risk_rules
                .iter()
                .map(|r| {
                    let resolve = |name: &str| ids.iter().position(|id| *id == name);
                    (
                        parse_condition(&r.condition, &resolve).unwrap(),
                        risk(r.risk),
                    )
                })
                .collect();
            assert!(rules.len() <= 3);
            assert_eq!(rules.last().unwrap().0, Condition::Default);
            let mut reversed = rules[..rules.len() - 1].to_vec();
            reversed.reverse();
            reversed.push(rules.last().unwrap().clone());
            for mask in 0..1u32 << n {
                let satisfied = selection(mask, n);
                let expected = set.evaluate(&question.id, &satisfied).unwrap();
                assert_eq!(
                    first_true_wins(&rules, &satisfied),
                    expected,
                    "{} {mask:b}",
                    question.id
                );
                assert_eq!(
                    first_true_wins(&reversed, &satisfied),
                    expected,
                    "{} {mask:b}",
                    question.id
                );
            }
        }
    }
}

/// xorshift64*: a reproducible stream without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }

    fn condition(&mut self, choices: usize, depth: u32) -> Condition {
        match if depth == 0 { 0 } else { self.below(4) } {
            0 => Condition::Choice(self.below(choices as u64) as usize),
            1 => Condition::Not(Box::new(self.condition(choices, depth - 1))),
            kind => {
                let terms = (0..2 + self.below(3))
                    .map(|_| self.condition(choices, depth - 1))
                    .collect();
                if kind == 2 {
                    Condition::And(terms)
                } else {
                    Condition::Or(terms)
                }
            }
        }
    }

    fn risk(&mut self) -> RuleRisk {
        [RuleRisk::High, RuleRisk::Medium, RuleRisk::None][self.below(3) as usize]
    }
}

#[test]
fn random_rule_sets_keep_their_risk_for_every_selection() {
    let seed = std::env::var("LENS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234_u64);
    let mut random = Random(seed);
    for case in 0..1000 {
        let choices = 1 + random.below(if case % 10 == 0 { 12 } else { 7 }) as usize;
        let mut rules: Vec<(Condition, RuleRisk)> = (0..random.below(5))
            .map(|_| (random.condition(choices, 3), random.risk()))
            .collect();
        rules.push((Condition::Default, random.risk()));
        let rewritten = rewrite_rules(choices, &rules).unwrap();
        assert!(rewritten.len() <= 3, "case {case}");
        let mut risks: Vec<RuleRisk> = rewritten.iter().map(|(_, r)| *r).collect();
        risks.sort();
        risks.dedup();
        assert_eq!(
            risks.len(),
            rewritten.len(),
            "one rule per risk (case {case})"
        );
        assert_eq!(rewritten.last().unwrap().0, Condition::Default);
        for mask in 0..1u32 << choices {
            let satisfied = selection(mask, choices);
            let expected = first_true_wins(&rules, &satisfied);
            assert_eq!(
                first_true_wins(&rewritten, &satisfied),
                expected,
                "seed {seed} case {case} {mask:b}: {rules:?} → {rewritten:?}"
            );
            for (condition, risk) in &rewritten[..rewritten.len() - 1] {
                assert_eq!(
                    condition.holds(&satisfied),
                    *risk == expected,
                    "exact (case {case})"
                );
            }
        }
    }
}

const SET: &str = r#"
format_version = 1
id = "tiny"
version = "1"
languages = ["ja"]
title = { ja = "小さなセット", en = "A tiny set" }
[source]
document = "tests"
edition = "1"
[[pillars]]
id = "security"
title = { ja = "セキュリティ" }
[[pillars.questions]]
id = "TINY1"
title = { ja = "TITLE" }
risk_rules = [
  { condition = "TINY1_no", risk = "HIGH" },
  { condition = "CHOICE_A && CHOICE_B", risk = "NONE" },
  { condition = "default", risk = "MEDIUM" },
]
[[pillars.questions.choices]]
id = "CHOICE_A"
title = { ja = "A" }
improvement = { ja = "A を実施する。" }
[[pillars.questions.choices]]
id = "CHOICE_B"
title = { ja = "B" }
[[pillars.questions.choices]]
id = "TINY1_no"
title = { ja = "いずれも該当しない" }
none_of_these = true
"#;

#[test]
fn long_titles_are_shortened_and_kept_whole_in_the_description() {
    let long = "長".repeat(200);
    let set =
        QuestionSet::from_toml(&SET.replace("\"TITLE\"", &format!("\"{long}\"")), "t").unwrap();
    let lens = export_lens(&set, Lang::Ja).unwrap();
    let question = &lens.pillars[0].questions[0];
    assert_eq!(question.title.chars().count(), 128);
    assert!(question.title.ends_with('…'));
    assert!(question.description.as_deref().unwrap().contains(&long));
    // The set's improvement text, else one naming the best practice; none on `_no`.
    let plans: Vec<Option<&str>> = question
        .choices
        .iter()
        .map(|c| c.improvement_plan.as_ref().map(|p| p.display_text.as_str()))
        .collect();
    assert_eq!(
        plans,
        [
            Some("A を実施する。"),
            Some("ベストプラクティス「B」を実施してください。"),
            None
        ]
    );
}

#[test]
fn ids_that_collide_once_made_lens_safe_are_refused() {
    let text = SET
        .replace("id = \"CHOICE_A\"", "id = \"CHOICE-B\"")
        .replace("CHOICE_A && ", "CHOICE-B && ");
    let set = QuestionSet::from_toml(&text, "t").unwrap();
    let error = export_lens(&set, Lang::Ja).unwrap_err();
    assert_eq!(error.code(), hashira_core::ErrorCode::QuestionSetInvalid);
    assert!(
        error
            .to_string()
            .contains("choices 'CHOICE-B' and 'CHOICE_B' of TINY1 both become lens id 'CHOICE_B'"),
        "{error}"
    );
}

/// An English export of a Japanese-only text writes the Japanese and counts it, by question;
/// the set's own texts (a pillar title here) count without a question.
#[test]
fn texts_without_the_language_asked_for_are_counted_by_question() {
    let set = QuestionSet::from_toml(SET, "t").unwrap();
    let english = lens_file(&set, Lang::En).unwrap();
    let fallback = |question: &str, texts| LanguageFallback {
        question_id: question.to_string(),
        texts,
    };
    // Pillar title; question title, choice titles (3) and CHOICE_A's improvement text.
    assert_eq!(
        english.fallbacks,
        [fallback("", 1), fallback("TINY1", 5)],
        "{:#?}",
        english.fallbacks
    );
    assert_eq!(english.fallback_texts(), 6);
    assert_eq!(english.lens.name, "A tiny set");
    assert_eq!(english.lens.pillars[0].name, "セキュリティ");
    assert_eq!(
        english.fallbacks[1].message(Lang::En),
        "5 texts have no English version: the Japanese text is written"
    );
    assert!(lens_file(&set, Lang::Ja).unwrap().fallbacks.is_empty());
    // The FISC sets are Japanese only: every question of an English export says so.
    for set in shipped::shipped_sets().unwrap() {
        let file = lens_file(&set, Lang::En).unwrap();
        if set.id().starts_with("fisc-") {
            let questions: Vec<&str> = file
                .fallbacks
                .iter()
                .map(|f| f.question_id.as_str())
                .filter(|q| !q.is_empty())
                .collect();
            let all: Vec<&str> = set.questions().map(|(_, q)| q.id.as_str()).collect();
            assert_eq!(questions, all, "{}", set.id());
        }
        assert!(
            lens_file(&set, Lang::Ja).unwrap().fallbacks.is_empty(),
            "{}",
            set.id()
        );
    }
}

/// A set of `pillars`, each with its questions (one choice and "None of these" each).
fn set_of(pillars: &[(&str, &[&str])]) -> QuestionSet {
    let mut text = String::from(
        "format_version = 1\nid = \"ids\"\nversion = \"1\"\nlanguages = [\"ja\"]\n\
         title = { ja = \"ID\" }\n[source]\ndocument = \"tests\"\nedition = \"1\"\n",
    );
    for (pillar, questions) in pillars {
        text.push_str(&format!(
            "[[pillars]]\nid = \"{pillar}\"\ntitle = {{ ja = \"柱\" }}\n"
        ));
        for question in *questions {
            text.push_str(&format!(
                "[[pillars.questions]]\nid = \"{question}\"\ntitle = {{ ja = \"質問\" }}\n\
                 risk_rules = [{{ condition = \"{question}_no\", risk = \"HIGH\" }}, {{ condition = \"default\", risk = \"NONE\" }}]\n\
                 [[pillars.questions.choices]]\nid = \"{question}-BP01\"\ntitle = {{ ja = \"対策\" }}\n\
                 [[pillars.questions.choices]]\nid = \"{question}_no\"\ntitle = {{ ja = \"いずれも該当しない\" }}\nnone_of_these = true\n"
            ));
        }
    }
    QuestionSet::from_toml(&text, "t").unwrap()
}

#[test]
fn question_and_pillar_ids_that_collide_once_made_lens_safe_are_refused() {
    let fine = set_of(&[("sec-a", &["SEC-1"]), ("sec-b", &["SEC-2"])]);
    let lens = export_lens(&fine, Lang::Ja).unwrap();
    assert_eq!(lens.pillars[1].id, "sec_b");
    assert_eq!(lens.pillars[1].questions[0].id, "SEC_2");
    assert_eq!(lens.pillars[1].questions[0].choices[0].id, "SEC_2_BP01");

    let questions = set_of(&[("sec-a", &["SEC-1"]), ("sec-b", &["SEC_1"])]);
    let error = export_lens(&questions, Lang::Ja).unwrap_err();
    assert_eq!(error.code(), hashira_core::ErrorCode::QuestionSetInvalid);
    assert!(
        error
            .to_string()
            .contains("questions 'SEC-1' and 'SEC_1' both become lens id 'SEC_1'"),
        "{error}"
    );
    let pillars = set_of(&[("sec-a", &["SEC-1"]), ("sec_a", &["SEC-2"])]);
    let error = export_lens(&pillars, Lang::Ja).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("pillars 'sec-a' and 'sec_a' both become lens id 'sec_a'"),
        "{error}"
    );
}

/// FISC 実務基準 references and 解説 go where the WA Tool shows them: the choice's helpful
/// resource (and the question's, for the question's references); every best practice but
/// "None of these" has an improvement plan.
#[test]
fn fisc_references_and_explanations_are_in_the_helpful_resources() {
    let set = shipped::shipped_set("fisc-sec").unwrap();
    let lens = export_lens(&set, Lang::Ja).unwrap();
    let question = &lens.pillars[0].questions[0];
    assert_eq!(question.id, "FISCSEC1");
    let choice = &question.choices[0];
    assert_eq!(choice.id, "FISCSEC1_BP01");
    let helpful = &choice.helpful_resource.as_ref().unwrap().display_text;
    assert!(
        helpful.contains("FISC 安全対策基準 実務基準: 実5"),
        "{helpful}"
    );
    assert!(helpful.contains("解説:\n"), "{helpful}");
    let (_, source) = set.questions().next().unwrap();
    let explanation = source.choices[0].explanation[0].get(Lang::Ja);
    let start: String = explanation.chars().take(40).collect();
    assert!(helpful.contains(&start), "{helpful}");
    let question_help = &question.helpful_resource.as_ref().unwrap().display_text;
    assert!(
        question_help.contains("FISC 安全対策基準 実務基準: "),
        "{question_help}"
    );
    let english = export_lens(&set, Lang::En).unwrap();
    let helpful = &english.pillars[0].questions[0].choices[0]
        .helpful_resource
        .as_ref()
        .unwrap()
        .display_text;
    assert!(
        helpful.contains("FISC Security Guidelines, practical standards: 実5"),
        "{helpful}"
    );
    for question in lens.pillars.iter().flat_map(|p| &p.questions) {
        for choice in &question.choices {
            assert_eq!(
                choice.improvement_plan.is_some(),
                !choice.id.ends_with("_no"),
                "{}",
                choice.id
            );
        }
    }
}

/// A collision is a problem at its place, not only in the text: the pillar, question or choice
/// and the field `id` (issue #11 §3: errors keep their places to the UI and `--json`).
#[test]
fn an_id_collision_names_its_pillar_question_or_choice() {
    let place_of = |set: &QuestionSet| match export_lens(set, Lang::Ja).unwrap_err() {
        hashira_core::Error::QuestionSetProblems { origin, problems } => {
            assert!(origin.contains(set.id()), "{origin}");
            let place = &problems[0].place;
            (
                place.pillar.clone(),
                place.question.clone(),
                place.choice.clone(),
                place.field.clone(),
            )
        }
        other => panic!("expected QuestionSetProblems, got {other:?}"),
    };
    let id = Some("id".to_string());
    let questions = set_of(&[("sec-a", &["SEC-1"]), ("sec-b", &["SEC_1"])]);
    assert_eq!(
        place_of(&questions),
        (None, Some("SEC_1".into()), None, id.clone())
    );
    let pillars = set_of(&[("sec-a", &["SEC-1"]), ("sec_a", &["SEC-2"])]);
    assert_eq!(place_of(&pillars), (Some("sec_a".into()), None, None, id));
}

/// An imported lens with what the WA Tool's API is stricter about than the format — a top-level
/// key the format does not define, a choice id over 64, a question description over 1024 —
/// exports back as it came, with exactly the warnings the source had, and is not refused.
#[test]
fn an_imported_lens_with_its_own_warnings_exports_back_as_it_came() {
    use hashira_core::lens::Severity;
    let s3 = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lenses/amazon-s3-lens.json"
    ))
    .unwrap();
    let mut lens: serde_json::Value = serde_json::from_slice(&s3).unwrap();
    lens["releaseNote"] = serde_json::Value::from("2023 re:Invent update");
    let question = &mut lens["pillars"][0]["questions"][0];
    question["description"] = serde_json::Value::from("説".repeat(1100));
    let long = format!("OPS_1_1_{}", "x".repeat(70));
    question["choices"][0]["id"] = serde_json::Value::from(long.clone());
    let condition = question["riskRules"][0]["condition"].as_str().unwrap();
    assert!(condition.starts_with("OPS_1_1 && "), "{condition}");
    question["riskRules"][0]["condition"] =
        serde_json::Value::from(condition.replacen("OPS_1_1", &long, 1));
    let bytes = serde_json::to_vec(&lens).unwrap();
    let problems = |bytes: &[u8]| -> Vec<(String, Severity)> {
        check_lens_bytes(bytes)
            .into_iter()
            .map(|p| (p.path, p.severity))
            .collect()
    };
    let source = problems(&bytes);
    assert_eq!(
        source,
        [
            ("releaseNote".to_string(), Severity::Warning),
            (
                "pillars[0].questions[0].description".to_string(),
                Severity::Warning
            ),
            (
                "pillars[0].questions[0].choices[0].id".to_string(),
                Severity::Warning
            ),
        ]
    );
    let set = hashira_core::lens::lens_to_set(&bytes, "strict.json", None, &[])
        .unwrap()
        .set;
    let text = lens_text(&set, Lang::En).unwrap();
    let again: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(again, lens, "the lens goes back as it came");
    assert_eq!(problems(text.as_bytes()), source);
    // A shipped set's export stays warning-free (every_shipped_set_exports_to_a_lens_with_no_problem).
}

/// A set of Hashira's own whose rules already look like lens rules (three, distinct risks,
/// `default` last, lens-safe ids) still gets exact conditions: the WA Tool gives Hashira's risk
/// whatever order it reads them in. (Only an imported lens keeps its rules as written.)
#[test]
fn a_sets_own_lens_shaped_rules_are_still_made_exact() {
    let set = QuestionSet::from_toml(SET, "t").unwrap();
    let lens = export_lens(&set, Lang::Ja).unwrap();
    let question = &lens.pillars[0].questions[0];
    let ids: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["CHOICE_A", "CHOICE_B", "TINY1_no"]);
    let resolve = |name: &str| ids.iter().position(|id| *id == name);
    let rules: Vec<(Condition, RuleRisk)> = question
        .risk_rules
        .iter()
        .map(|r| {
            (
                parse_condition(&r.condition, &resolve).unwrap(),
                risk(r.risk),
            )
        })
        .collect();
    let mut reversed = rules[..rules.len() - 1].to_vec();
    reversed.reverse();
    reversed.push(rules.last().unwrap().clone());
    for mask in 0..8u32 {
        let satisfied = selection(mask, 3);
        let expected = set.evaluate("TINY1", &satisfied).unwrap();
        assert_eq!(first_true_wins(&rules, &satisfied), expected, "{mask:b}");
        assert_eq!(first_true_wins(&reversed, &satisfied), expected, "{mask:b}");
    }
}
