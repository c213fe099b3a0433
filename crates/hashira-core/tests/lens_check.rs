//! `lens::check`: every rule of the WA Tool's lens format, each broken alone in a small lens,
//! is reported at its JSON path; real and odd-but-valid lenses pass.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use hashira_core::lens::{LensProblem, Severity, check_lens_bytes, check_lens_file};
use serde_json::{Value, json};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lenses")
        .join(name)
}

fn choice(id: &str) -> Value {
    json!({"id": id, "title": format!("Best practice {id}"),
           "helpfulResource": {"displayText": "Why", "url": "https://example.com/why"},
           "improvementPlan": {"displayText": "Do it"}})
}

fn question(id: &str) -> Value {
    json!({"id": id, "title": "How do you?", "description": "Context.",
           "choices": [choice("choice1"), choice("choice2"),
                       {"id": format!("{id}_no"), "title": "None of these"}],
           "riskRules": [
               {"condition": "choice1 && choice2", "risk": "NO_RISK"},
               {"condition": format!("{id}_no"), "risk": "HIGH_RISK"},
               {"condition": "default", "risk": "MEDIUM_RISK"}]})
}

/// A valid lens: two pillars; `choice1`/`choice2` reused in every question.
fn base() -> Value {
    json!({"schemaVersion": "2021-11-01", "name": "Test lens", "description": "For tests.",
           "pillars": [
               {"id": "pillar_one", "name": "One", "questions": [question("q_one"), question("q_two")]},
               {"id": "pillar_two", "name": "Two", "questions": [question("q_three")]}]})
}

fn problems(lens: &Value) -> Vec<LensProblem> {
    check_lens_bytes(serde_json::to_string(lens).unwrap().as_bytes())
}

/// Sets (or adds) the value at a JSON pointer.
fn set(lens: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match lens
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{pointer}"))
    {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(items) => match key.parse::<usize>().unwrap() {
            end if end == items.len() => items.push(value),
            index => items[index] = value,
        },
        _ => panic!("{pointer}"),
    }
}

fn remove(lens: &mut Value, pointer: &str, key: &str) {
    lens.pointer_mut(pointer)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key)
        .unwrap();
}

/// The lens has exactly one problem, at `path`, containing `message`.
fn assert_one(lens: &Value, severity: Severity, path: &str, message: &str) {
    let found = problems(lens);
    assert_eq!(
        found.len(),
        1,
        "expected one problem at {path}, got {found:#?}"
    );
    assert_eq!(found[0].path, path, "{found:#?}");
    assert_eq!(found[0].severity, severity, "{found:#?}");
    assert!(
        found[0].message.contains(message),
        "{:?} lacks {message:?}",
        found[0].message
    );
}

#[test]
fn the_base_lens_and_the_oddities_that_are_valid_pass() {
    assert_eq!(problems(&base()), vec![]);
    // Public lenses carry their own `_` keys; no `_no` choice is fine too.
    let mut odd = base();
    for key in ["_version", "_release_note", "_teams"] {
        odd.as_object_mut()
            .unwrap()
            .insert(key.into(), json!(["anything", 1]));
    }
    let choices = odd.pointer_mut("/pillars/0/questions/0/choices").unwrap();
    choices.as_array_mut().unwrap().pop();
    set(
        &mut odd,
        "/pillars/0/questions/0/riskRules/1/condition",
        json!("!choice1"),
    );
    assert_eq!(problems(&odd), vec![]);
}

#[test]
fn the_real_s3_lens_passes() {
    let found = check_lens_file(&fixture("amazon-s3-lens.json")).unwrap();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_lens_level_rule_is_placed() {
    use Severity::Error;
    let mut lens = base();
    set(&mut lens, "/schemaVersion", json!("2020-01-01"));
    assert_one(&lens, Error, "schemaVersion", "not the lens schema version");
    let mut lens = base();
    set(&mut lens, "/name", json!("n".repeat(129)));
    assert_one(
        &lens,
        Error,
        "name",
        "129 characters long, over the limit of 128",
    );
    let mut lens = base();
    set(&mut lens, "/description", json!("d".repeat(2049)));
    assert_one(&lens, Error, "description", "over the limit of 2048");
    let mut lens = base();
    remove(&mut lens, "", "name");
    assert_one(&lens, Error, "name", "is required");
    let mut lens = base();
    set(&mut lens, "/pillars", json!([]));
    assert_one(
        &lens,
        Error,
        "pillars",
        "has 0 pillars; the lens format allows 1 to 10",
    );
    let mut lens = base();
    let eleven: Vec<Value> = (0..11)
        .map(|p| json!({"id": format!("pillar_{p}"), "name": "P", "questions": [question(&format!("q_{p}"))]}))
        .collect();
    set(&mut lens, "/pillars", json!(eleven));
    assert_one(&lens, Error, "pillars", "has 11 pillars");
    let mut lens = base();
    set(&mut lens, "/pillars", json!("pillars"));
    assert_one(&lens, Error, "pillars", "expected an array, found a string");
    let mut lens = base();
    lens.as_object_mut()
        .unwrap()
        .insert("pillar".into(), json!(1));
    assert_one(
        &lens,
        Severity::Warning,
        "pillar",
        "not a field of the lens format",
    );
}

#[test]
fn every_pillar_question_and_choice_rule_is_placed() {
    use Severity::{Error, Warning};
    let mut lens = base();
    set(&mut lens, "/pillars/1/id", json!("pillar_one"));
    assert_one(
        &lens,
        Error,
        "pillars[1].id",
        "pillar id \"pillar_one\" is used twice",
    );
    let mut lens = base();
    set(&mut lens, "/pillars/0/id", json!("p-1"));
    assert_one(&lens, Error, "pillars[0].id", "\"p-1\" is not a valid id");
    let mut lens = base();
    set(&mut lens, "/pillars/0/id", json!("p".repeat(65)));
    assert_one(
        &lens,
        Warning,
        "pillars[0].id",
        "the WA Tool API takes at most 64",
    );
    let mut lens = base();
    let twenty_one: Vec<Value> = (0..21).map(|q| question(&format!("q_{q}"))).collect();
    set(&mut lens, "/pillars/0/questions", json!(twenty_one));
    assert_one(
        &lens,
        Error,
        "pillars[0].questions",
        "has 21 questions; the lens format allows 1 to 20",
    );
    let mut lens = base();
    set(&mut lens, "/pillars/1/questions/0/id", json!("q_one"));
    set(
        &mut lens,
        "/pillars/1/questions/0/choices/2/id",
        json!("q_one_no"),
    );
    set(
        &mut lens,
        "/pillars/1/questions/0/riskRules/1/condition",
        json!("q_one_no"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[1].questions[0].id",
        "already used at pillars[0].questions[0].id",
    );
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/1/title",
        json!("t".repeat(129)),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[1].title",
        "over the limit of 128",
    );
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/1/description",
        json!("d".repeat(1025)),
    );
    assert_one(
        &lens,
        Warning,
        "pillars[0].questions[1].description",
        "takes at most 1024",
    );
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/1/description",
        json!("d".repeat(2049)),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[1].description",
        "over the limit of 2048",
    );
    let mut lens = base();
    let sixteen: Vec<Value> = (0..16).map(|c| choice(&format!("choice_{c}"))).collect();
    set(&mut lens, "/pillars/0/questions/0/choices", json!(sixteen));
    set(
        &mut lens,
        "/pillars/0/questions/0/riskRules",
        json!([{"condition": "default", "risk": "HIGH_RISK"}]),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices",
        "has 16 choices; the lens format allows 1 to 15",
    );
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/1/id",
        json!("choice1"),
    );
    set(
        &mut lens,
        "/pillars/0/questions/0/riskRules/0/condition",
        json!("choice1"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[1].id",
        "\"choice1\" is used twice in this question",
    );
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/1/id",
        json!("c".repeat(65)),
    );
    set(
        &mut lens,
        "/pillars/0/questions/0/riskRules/0/condition",
        json!("choice1"),
    );
    assert_one(
        &lens,
        Warning,
        "pillars[0].questions[0].choices[1].id",
        "at most 64",
    );
    let mut lens = base();
    let description = "/pillars/0/questions/0/choices/1/description";
    set(&mut lens, description, json!("A choice may say more."));
    assert_eq!(problems(&lens), vec![]);
    set(&mut lens, description, json!("d".repeat(2049)));
    let path = "pillars[0].questions[0].choices[1].description";
    assert_one(&lens, Error, path, "over the limit of 2048");
    let mut lens = base();
    remove(
        &mut lens,
        "/pillars/0/questions/0/choices/1",
        "improvementPlan",
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[1].improvementPlan",
        "is required on every choice but",
    );
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/0/helpfulResource/url",
        json!("ftp://example.com"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[0].helpfulResource.url",
        "must start with http:// or https://",
    );
    // Found by fuzzing: the scheme is right but the rest is no URL; the import, which keeps
    // only URLs that parse, refused a lens the check passed.
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/0/helpfulResource/url",
        json!("https://%xample.com/why"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[0].helpfulResource.url",
        "is not a valid http(s) URL",
    );
    let bytes = serde_json::to_vec(&lens).unwrap();
    let refused = hashira_core::lens::lens_to_set(&bytes, "bad-url.json", None, &[]).unwrap_err();
    assert!(refused.problems.iter().any(|p| {
        p.path == "pillars[0].questions[0].choices[0].helpfulResource.url"
            && p.message.contains("is not a valid http(s) URL")
    }));
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/0/improvementPlan/displayText",
        json!("x".repeat(2049)),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[0].improvementPlan.displayText",
        "over the limit of 2048",
    );
    let mut lens = base();
    let item = json!({"displayText": "More", "url": "https://example.com"});
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/0/additionalResources",
        json!([
        {"type": "HELPFUL_RESOURCE", "content": [item, item, item, item, item]},
        {"type": "IMPROVEMENT_PLAN", "content": [item, item, item, item, item]}]),
    );
    assert_eq!(problems(&lens), vec![], "five of each type");
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/0/additionalResources/1/content/5",
        item.clone(),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[0].additionalResources[1].content",
        "has 6 items; a choice has at most 5 additional resources of type IMPROVEMENT_PLAN",
    );
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/0/additionalResources/1/type",
        json!("HELPFUL_RESOURCE"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[0].additionalResources[1].type",
        "HELPFUL_RESOURCE is already given by additionalResources[0]",
    );
    let mut lens = base();
    set(
        &mut lens,
        "/pillars/0/questions/0/choices/0/additionalResources",
        json!([{"type": "LINK", "content": [item]}]),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].choices[0].additionalResources[0].type",
        "is not HELPFUL_RESOURCE or IMPROVEMENT_PLAN",
    );
}

#[test]
fn every_risk_rule_rule_is_placed() {
    use Severity::Error;
    let rules = "/pillars/0/questions/0/riskRules";
    let mut lens = base();
    set(
        &mut lens,
        &format!("{rules}/0/condition"),
        json!("choice1 && choise3"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].riskRules[0].condition",
        "unknown choice id \"choise3\"",
    );
    let mut lens = base();
    set(
        &mut lens,
        &format!("{rules}/0/condition"),
        json!("choice1 &&"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].riskRules[0].condition",
        "cannot be parsed: the condition ends too early",
    );
    let mut lens = base();
    set(
        &mut lens,
        &format!("{rules}/0/condition"),
        json!(format!(
            "{}choice1{}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        )),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].riskRules[0].condition",
        "nesting deeper than 64",
    );
    let mut lens = base();
    set(
        &mut lens,
        &format!("{rules}/2/condition"),
        json!("!choice1"),
    );
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].riskRules",
        "has 0 \"default\" rules; exactly one is required",
    );
    let mut lens = base();
    set(&mut lens, &format!("{rules}/1/risk"), json!("NO_RISK"));
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].riskRules[1].risk",
        "NO_RISK is already given by riskRules[0]",
    );
    let mut lens = base();
    set(&mut lens, &format!("{rules}/1/risk"), json!("LOW_RISK"));
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].riskRules[1].risk",
        "is not HIGH_RISK, MEDIUM_RISK or NO_RISK",
    );
    let mut lens = base();
    let rule = json!({"condition": "choice1", "risk": "HIGH_RISK"});
    lens.pointer_mut(rules)
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(rule);
    let found = problems(&lens);
    assert!(
        found
            .iter()
            .any(|p| p.path == "pillars[0].questions[0].riskRules"
                && p.message
                    .contains("has 4 risk rules; the lens format allows 1 to 3")),
        "{found:#?}"
    );
    let mut lens = base();
    set(&mut lens, rules, json!([]));
    assert_one(
        &lens,
        Error,
        "pillars[0].questions[0].riskRules",
        "has 0 risk rules",
    );
}

#[test]
fn every_violation_is_listed_in_one_run() {
    let mut lens = base();
    set(&mut lens, "/name", json!(""));
    set(&mut lens, "/pillars/0/id", json!("x"));
    set(
        &mut lens,
        "/pillars/0/questions/1/riskRules/0/condition",
        json!("choise3 || choice1 || nope_"),
    );
    set(
        &mut lens,
        "/pillars/1/questions/0/choices/0/helpfulResource/url",
        json!("example.com"),
    );
    let paths: Vec<(String, String)> = problems(&lens)
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect();
    assert_eq!(paths.len(), 5, "{paths:#?}");
    assert_eq!(paths[0].0, "name");
    assert_eq!(paths[1].0, "pillars[0].id");
    assert_eq!(
        paths[2],
        (
            "pillars[0].questions[1].riskRules[0].condition".into(),
            "unknown choice id \"choise3\"".into()
        )
    );
    assert_eq!(
        paths[3],
        (
            "pillars[0].questions[1].riskRules[0].condition".into(),
            "unknown choice id \"nope_\"".into()
        )
    );
    assert_eq!(
        paths[4].0,
        "pillars[1].questions[0].choices[0].helpfulResource.url"
    );
}

#[test]
fn files_too_big_broken_or_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    // NaN is not JSON: the place is named.
    let nan = dir.path().join("nan.json");
    std::fs::write(
        &nan,
        "{\n  \"schemaVersion\": \"2021-11-01\",\n  \"name\": NaN\n}\n",
    )
    .unwrap();
    let found = check_lens_file(&nan).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "$");
    assert!(
        found[0]
            .message
            .starts_with("not valid JSON at line 3 column 11"),
        "{}",
        found[0].message
    );
    // Over 500,000 bytes: an error, and the rest is still checked.
    let mut lens = base();
    lens.as_object_mut()
        .unwrap()
        .insert("_padding".into(), json!("x".repeat(500_000)));
    let found = problems(&lens);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .contains("over the WA Tool's limit of 500000")
    );
    // Over 5 MB: refused before parsing (the content is not JSON, and that is never reported).
    let huge = dir.path().join("huge.json");
    std::fs::write(&huge, vec![b'['; 5 * 1024 * 1024 + 1]).unwrap();
    let found = check_lens_file(&huge).unwrap();
    assert_eq!(found, check_lens_bytes(&std::fs::read(&huge).unwrap()));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("refused without being read"),
        "{}",
        found[0].message
    );
    // Deep JSON nesting is a JSON error, not a crash.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let found = check_lens_bytes(deep.as_bytes());
    assert!(
        found[0].message.contains("recursion limit exceeded"),
        "{}",
        found[0].message
    );
    // Unreadable: an error, not a problem list.
    let error = check_lens_file(&dir.path().join("missing.json")).unwrap_err();
    assert_eq!(error.code(), hashira_core::ErrorCode::Io);
    assert!(check_lens_file(dir.path()).is_err());
}

#[test]
fn the_model_reads_the_s3_lens_and_keeps_unknown_keys() {
    let bytes = std::fs::read(fixture("amazon-s3-lens.json")).unwrap();
    let lens = hashira_core::lens::Lens::from_json(&bytes).unwrap();
    assert_eq!(lens.extra["_version"], json!("v3.1.0"));
    assert_eq!(lens.pillars.len(), 6);
    let again: Value = serde_json::from_str(&lens.to_json_pretty().unwrap()).unwrap();
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(again, original, "reading and writing a lens loses nothing");
}

/// xorshift64*: a reproducible stream without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

/// Replaces one random node of `value` with a hostile one.
fn mutate(value: &mut Value, random: &mut Random) {
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if children > 0 && random.below(4) != 0 {
        let pick = random.below(children);
        let child = match value {
            Value::Object(map) => map.values_mut().nth(pick),
            Value::Array(items) => items.get_mut(pick),
            _ => None,
        };
        if let Some(child) = child {
            return mutate(child, random);
        }
    }
    *value = match random.below(8) {
        0 => Value::Null,
        1 => json!(-1.5e300),
        2 => json!("(".repeat(random.below(200))),
        3 => json!([]),
        4 => json!({}),
        5 => json!("x".repeat(random.below(3000))),
        6 => json!(["choice1", {"id": 1}]),
        _ => json!("!!a && || b"),
    };
}

/// Any damage to a real lens is reported, never a crash, and each report has a path.
#[test]
fn random_damage_to_a_real_lens_is_reported_not_a_crash() {
    let bytes = std::fs::read(fixture("amazon-s3-lens.json")).unwrap();
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    let mut random = Random(0xC0FF_EE00_1234);
    for case in 0..300 {
        let mut lens = original.clone();
        for _ in 0..1 + random.below(4) {
            mutate(&mut lens, &mut random);
        }
        let found = problems(&lens);
        assert!(
            found
                .iter()
                .all(|p| !p.path.is_empty() && !p.message.is_empty()),
            "case {case}"
        );
        // Truncated text is a JSON error with a place, not a crash.
        let text = serde_json::to_string(&lens).unwrap();
        let cut = random.below(text.len().max(1));
        // (A cut object or array is never valid JSON; a cut number can be.)
        if text.starts_with(['{', '[']) && text.is_char_boundary(cut) {
            let found = check_lens_bytes(&text.as_bytes()[..cut]);
            assert!(
                found
                    .iter()
                    .any(|p| p.message.starts_with("not valid JSON at line"))
            );
        }
    }
}

#[test]
fn a_key_named_twice_is_an_error_at_its_path_and_the_import_refuses_it_there() {
    let text = serde_json::to_string_pretty(&base()).unwrap();
    // The first question's title named a second time, as a hand-edited file can.
    let twice = text.replacen(
        "\"title\":",
        "\"title\": \"Second\",\n        \"title\":",
        2,
    );
    assert_ne!(twice, text);
    let found = check_lens_bytes(twice.as_bytes());
    let duplicate: Vec<&LensProblem> = found
        .iter()
        .filter(|p| p.message.contains("named twice"))
        .collect();
    assert_eq!(duplicate.len(), 2, "{found:#?}");
    assert!(duplicate.iter().all(|p| p.severity == Severity::Error
        && p.path.ends_with(".title")
        && p.message.contains("\"title\"")));
    let refused =
        hashira_core::lens::lens_to_set(twice.as_bytes(), "twice.json", None, &[]).unwrap_err();
    assert!(
        refused
            .problems
            .iter()
            .any(|p| p.path == duplicate[0].path && p.message.contains("named twice")),
        "{:#?}",
        refused.problems
    );
    assert!(
        check_lens_bytes(text.as_bytes())
            .iter()
            .all(|p| p.severity != Severity::Error)
    );
}

#[test]
fn two_none_of_these_or_only_none_of_these_are_errors_the_import_agrees_with() {
    let mut lens = base();
    let choices = lens["pillars"][0]["questions"][0]["choices"]
        .as_array()
        .unwrap()
        .clone();
    let mut twice = choices.clone();
    twice[0]["id"] = json!("first_no");
    lens["pillars"][0]["questions"][0]["choices"] = Value::Array(twice);
    let found = problems(&lens);
    assert!(
        found.iter().any(|p| p.severity == Severity::Error
            && p.path == "pillars[0].questions[0].choices"
            && p.message.contains("2 choices end in '_no'")),
        "{found:#?}"
    );
    let bytes = serde_json::to_vec(&lens).unwrap();
    let refused = hashira_core::lens::lens_to_set(&bytes, "twice.json", None, &[]).unwrap_err();
    assert!(
        refused
            .problems
            .iter()
            .any(|p| p.path == "pillars[0].questions[0].choices"
                && p.message.contains("end in '_no'"))
    );
    let mut only = base();
    only["pillars"][0]["questions"][0]["choices"] = json!([choice("only_no")]);
    let found = problems(&only);
    assert!(
        found.iter().any(|p| p.severity == Severity::Error
            && p.path == "pillars[0].questions[0].choices"
            && p.message.contains("besides \"None of these\"")),
        "{found:#?}"
    );
}
