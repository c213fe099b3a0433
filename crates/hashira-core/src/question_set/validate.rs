//! Validation of a question-set document: every problem is collected with its place
//! (pillar, question, choice, rule number), so an author fixes a file in one pass.

use std::collections::HashSet;

use super::{FORMAT_VERSION, Question, QuestionSetDocument, compile_rule};

fn valid_set_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn valid_item_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// FISC references look like `実63` (also 統/設/監 for the other FISC categories).
fn valid_fisc_ref(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('統' | '実' | '設' | '監')) && {
        let rest = chars.as_str();
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
    }
}

pub(super) fn validate(doc: &QuestionSetDocument) -> Vec<String> {
    let mut problems = Vec::new();
    if doc.format_version != FORMAT_VERSION {
        problems.push(format!(
            "format_version {} is not supported (this version reads {FORMAT_VERSION})",
            doc.format_version
        ));
    }
    if !valid_set_id(&doc.id) {
        problems.push(format!(
            "set id '{}' must be lower-case letters, digits and '-' (at most 64)",
            doc.id
        ));
    }
    if doc.version.trim().is_empty() {
        problems.push("version is empty".into());
    }
    if doc.languages.is_empty() {
        problems.push("languages is empty".into());
    }
    if doc.title.is_blank() {
        problems.push("title is empty".into());
    }
    if doc.pillars.is_empty() {
        problems.push("the set has no pillars".into());
    }
    let mut pillar_ids = HashSet::new();
    let mut question_ids = HashSet::new();
    let mut choice_ids = HashSet::new();
    for pillar in &doc.pillars {
        let at = format!("pillar {}", pillar.id);
        if !valid_item_id(&pillar.id) {
            problems.push(format!("{at}: id must be letters, digits, '_', '-' or '.'"));
        }
        if !pillar_ids.insert(pillar.id.as_str()) {
            problems.push(format!("{at}: duplicate pillar id"));
        }
        if pillar.title.is_blank() {
            problems.push(format!("{at}: title is empty"));
        }
        if pillar.questions.is_empty() {
            problems.push(format!("{at}: has no questions"));
        }
        for question in &pillar.questions {
            validate_question(question, &mut question_ids, &mut choice_ids, &mut problems);
        }
    }
    problems
}

fn validate_question<'a>(
    question: &'a Question,
    question_ids: &mut HashSet<&'a str>,
    choice_ids: &mut HashSet<&'a str>,
    problems: &mut Vec<String>,
) {
    let at = format!("question {}", question.id);
    if !valid_item_id(&question.id) {
        problems.push(format!("{at}: id must be letters, digits, '_', '-' or '.'"));
    }
    if !question_ids.insert(question.id.as_str()) {
        problems.push(format!("{at}: duplicate question id"));
    }
    if question.title.is_blank() {
        problems.push(format!("{at}: title is empty"));
    }
    let none_choices: Vec<_> = question
        .choices
        .iter()
        .filter(|c| c.none_of_these)
        .collect();
    match none_choices.as_slice() {
        [none] if none.id.ends_with("_no") => {}
        [none] => problems.push(format!(
            "{at}: the \"None of these\" choice '{}' must have an id ending in '_no'",
            none.id
        )),
        [] => problems.push(format!(
            "{at}: has no \"None of these\" choice (none_of_these = true, id ending in '_no')"
        )),
        _ => problems.push(format!("{at}: has more than one \"None of these\" choice")),
    }
    if question.practice_choices().next().is_none() {
        problems.push(format!("{at}: has no choices besides \"None of these\""));
    }
    for choice in &question.choices {
        let at = format!("{at}, choice {}", choice.id);
        if !valid_item_id(&choice.id) {
            problems.push(format!("{at}: id must be letters, digits, '_', '-' or '.'"));
        }
        if !choice_ids.insert(choice.id.as_str()) {
            problems.push(format!("{at}: duplicate choice id"));
        }
        if choice.title.is_blank() {
            problems.push(format!("{at}: title is empty"));
        }
        for fisc_ref in &choice.fisc_refs {
            if !valid_fisc_ref(fisc_ref) {
                problems.push(format!(
                    "{at}: FISC reference '{fisc_ref}' must look like '実63' (no spaces)"
                ));
            }
        }
        for (n, link) in choice.links.iter().enumerate() {
            let valid = url::Url::parse(&link.url)
                .map(|u| u.scheme() == "https" || u.scheme() == "http")
                .unwrap_or(false);
            if !valid {
                problems.push(format!(
                    "{at}: link {} has an invalid http(s) URL '{}'",
                    n + 1,
                    link.url
                ));
            }
        }
    }
    match question.risk_rules.last() {
        None => problems.push(format!(
            "{at}: has no risk rules (the last must be 'default')"
        )),
        Some(last) if last.condition.trim() != "default" => {
            problems.push(format!("{at}: the last risk rule must be 'default'"))
        }
        Some(_) => {}
    }
    let rule_count = question.risk_rules.len();
    for (n, rule) in question.risk_rules.iter().enumerate() {
        if n + 1 < rule_count && rule.condition.trim() == "default" {
            problems.push(format!(
                "{at}: risk rule {} is 'default' but is not last, so later rules never apply",
                n + 1
            ));
            continue;
        }
        if let Err(e) = compile_rule(question, &rule.condition) {
            problems.push(format!(
                "{at}: risk rule {} '{}': {e}",
                n + 1,
                excerpt(&rule.condition)
            ));
        }
    }
}

/// A condition as quoted in a problem: a hostile one can be megabytes long.
fn excerpt(condition: &str) -> String {
    const SHOWN: usize = 80;
    if condition.chars().count() <= SHOWN {
        return condition.to_string();
    }
    let head: String = condition.chars().take(SHOWN).collect();
    format!("{head}… ({} bytes)", condition.len())
}
