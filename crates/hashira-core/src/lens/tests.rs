use super::check::{Severity, check_lens_bytes, is_valid_id};
use super::export::lens_id;
use super::rules::{first_true_wins, render, rewrite_rules};
use crate::question_set::{Condition, RuleRisk, parse_condition};

#[test]
fn ids_map_to_the_lens_alphabet() {
    assert_eq!(lens_id("FISCSEC1-BP01"), "FISCSEC1_BP01");
    assert_eq!(lens_id("sec.1 x"), "sec_1_x");
    assert!(is_valid_id("abc"));
    assert!(!is_valid_id("ab"));
    assert!(!is_valid_id("a-bc"));
    assert!(!is_valid_id(&"a".repeat(129)));
}

#[test]
fn four_rules_become_three_with_the_same_risk_everywhere() {
    let names = ["BP01", "BP02", "BP03", "Q_no"];
    let resolve = |n: &str| names.iter().position(|c| *c == n);
    let rules: Vec<(Condition, RuleRisk)> = [
        ("Q_no", RuleRisk::High),
        ("BP01 && BP02 && BP03", RuleRisk::None),
        ("BP01 && BP03", RuleRisk::Medium),
        ("default", RuleRisk::High),
    ]
    .iter()
    .map(|(c, r)| (parse_condition(c, &resolve).unwrap(), *r))
    .collect();
    let rewritten = rewrite_rules(4, &rules).unwrap();
    assert_eq!(rewritten.len(), 3);
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let texts: Vec<String> = rewritten.iter().map(|(c, _)| render(c, &names)).collect();
    assert_eq!(
        texts,
        [
            "BP01 && BP02 && BP03 && !Q_no",
            // The original rule's text, guarded by the earlier rules of other risks (what the
            // guard `!(BP01 && BP02 && BP03)` adds to `BP01 && BP03` is `!BP02`).
            "BP01 && BP03 && !Q_no && !BP02",
            "default"
        ]
    );
    for mask in 0..16u32 {
        let satisfied: Vec<bool> = (0..4).map(|i| mask & (1 << i) != 0).collect();
        assert_eq!(
            first_true_wins(&rules, &satisfied),
            first_true_wins(&rewritten, &satisfied)
        );
    }
}

#[test]
fn rendering_keeps_precedence() {
    let names: Vec<String> = ["aaa", "bbb", "ccc"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let resolve = |n: &str| names.iter().position(|c| c == n);
    for text in ["(aaa || bbb) && !ccc", "!(aaa && bbb) || ccc", "!!aaa"] {
        let parsed = parse_condition(text, &resolve).unwrap();
        let again = parse_condition(&render(&parsed, &names), &resolve).unwrap();
        for mask in 0..8u32 {
            let s: Vec<bool> = (0..3).map(|i| mask & (1 << i) != 0).collect();
            assert_eq!(parsed.holds(&s), again.holds(&s), "{text}");
        }
    }
}

#[test]
fn json_errors_name_line_and_column() {
    let problems = check_lens_bytes(b"{\n  \"name\": NaN\n}");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "$");
    assert_eq!(problems[0].severity, Severity::Error);
    assert!(
        problems[0].message.contains("line 2 column 11"),
        "{}",
        problems[0].message
    );
}

/// A key that is not a plain identifier is placed quoted (`["a.b"]`), by the check and by its
/// duplicate-key search alike: written after a dot, `[schemaVersion` or `a.b` would name another
/// place or none (the 600 s lens_json fuzz run of 2026-12-06 found the first).
#[test]
fn keys_that_are_not_identifiers_are_placed_quoted() {
    let lens = r#"{
      "schemaVersion": "2021-11-01", "[schemaVersion": 1, "名前": 2, "": 3,
      "name": "N",
      "pillars": [{"id": "pillar_one", "name": "One", "questions": [{
        "id": "q_one", "title": "T",
        "choices": [
          {"id": "choice1", "title": "C", "improvementPlan": {"displayText": "D"},
           "a.b": 1, "say \"hi\"": 2, "two words": 3, "id]": 4, "a.b": 5},
          {"id": "q_one_no", "title": "None of these"}
        ],
        "riskRules": [{"condition": "default", "risk": "NO_RISK"}]
      }]}]
    }"#;
    let problems = check_lens_bytes(lens.as_bytes());
    let mut paths: Vec<(&str, Severity)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.severity))
        .collect();
    let choice = "pillars[0].questions[0].choices[0]";
    let expected = [
        (format!(r#"{choice}["a.b"]"#), Severity::Error),
        (r#"["[schemaVersion"]"#.to_string(), Severity::Warning),
        (r#"["名前"]"#.to_string(), Severity::Warning),
        (r#"[""]"#.to_string(), Severity::Warning),
        (format!(r#"{choice}["a.b"]"#), Severity::Warning),
        (format!(r#"{choice}["say \"hi\""]"#), Severity::Warning),
        (format!(r#"{choice}["two words"]"#), Severity::Warning),
        (format!(r#"{choice}["id]"]"#), Severity::Warning),
    ];
    let mut expected: Vec<(&str, Severity)> =
        expected.iter().map(|(p, s)| (p.as_str(), *s)).collect();
    // The keys of an object are checked in serde_json's order (sorted), not the file's.
    paths.sort_by_key(|(p, s)| (*p, *s == Severity::Warning));
    expected.sort_by_key(|(p, s)| (*p, *s == Severity::Warning));
    assert_eq!(paths, expected, "{problems:#?}");
}
