//! Validation of a question-set document: every problem is collected with its place
//! (pillar, question, choice, rule number, field), so an author fixes a file in one pass and a
//! UI or script can point at each one.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{FORMAT_VERSION, Question, QuestionSetDocument, compile_rule};

/// Where in a set file a problem is. `file` is the origin the set was read from; `line` is
/// known only for a file that does not parse (validation works on the parsed document).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPlace {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pillar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    /// The risk rule's number, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<u32>,
    /// The TOML key at fault (`title`, `id`, `fisc_refs`, `risk_rules`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// One problem of a set file, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetProblem {
    pub place: SetPlace,
    pub message: String,
}

impl std::fmt::Display for SetProblem {
    /// "question SEC1, choice SEC1-02: title is empty", as the set's error message lists it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = &self.place;
        match (&place.pillar, &place.question, &place.choice) {
            (_, Some(q), Some(c)) => write!(f, "question {q}, choice {c}: "),
            (_, Some(q), None) => write!(f, "question {q}: "),
            (Some(p), None, _) => write!(f, "pillar {p}: "),
            _ => Ok(()),
        }?;
        f.write_str(&self.message)
    }
}

impl SetPlace {
    fn with(&self, field: &str) -> SetPlace {
        SetPlace {
            field: Some(field.to_string()),
            ..self.clone()
        }
    }
}

/// The problems as one sentence: how many, the first 20, "; and M more". Every one of them
/// is in the error's details; this is only the text.
pub fn problems_text(problems: &[SetProblem]) -> String {
    const SHOWN: usize = 20;
    let count = problems.len();
    let shown: Vec<String> = problems.iter().take(SHOWN).map(|p| p.to_string()).collect();
    let more = if count > shown.len() {
        format!("; and {} more", count - shown.len())
    } else {
        String::new()
    };
    format!(
        "{count} problem{}: {}{more}",
        if count == 1 { "" } else { "s" },
        shown.join("; ")
    )
}

/// Problems as they are found, each at a place.
#[derive(Default)]
struct Problems(Vec<SetProblem>);

impl Problems {
    fn push(&mut self, at: &SetPlace, field: &str, message: impl Into<String>) {
        self.0.push(SetProblem {
            place: at.with(field),
            message: message.into(),
        });
    }
}

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

/// Every problem of the document, in file order; empty when it is valid.
pub(super) fn validate(doc: &QuestionSetDocument) -> Vec<SetProblem> {
    let mut problems = Problems::default();
    let top = SetPlace::default();
    if doc.format_version != FORMAT_VERSION {
        problems.push(
            &top,
            "format_version",
            format!(
                "format_version {} is not supported (this version reads {FORMAT_VERSION})",
                doc.format_version
            ),
        );
    }
    if !valid_set_id(&doc.id) {
        problems.push(
            &top,
            "id",
            format!(
                "set id '{}' must be lower-case letters, digits and '-' (at most 64)",
                doc.id
            ),
        );
    }
    if doc.version.trim().is_empty() {
        problems.push(&top, "version", "version is empty");
    }
    if doc.languages.is_empty() {
        problems.push(&top, "languages", "languages is empty");
    }
    if doc.title.is_blank() {
        problems.push(&top, "title", "title is empty");
    }
    if doc.pillars.is_empty() {
        problems.push(&top, "pillars", "the set has no pillars");
    }
    if let Some(lens) = &doc.lens {
        if !(lens.sha256.len() == 64 && lens.sha256.chars().all(|c| c.is_ascii_hexdigit())) {
            problems.push(
                &top,
                "lens.sha256",
                "must be 64 hex digits (the lens file's SHA-256)",
            );
        }
        if !lens.metadata.is_empty()
            && !matches!(
                serde_json::from_str::<serde_json::Value>(&lens.metadata),
                Ok(serde_json::Value::Object(_))
            )
        {
            problems.push(&top, "lens.metadata", "must be a JSON object");
        }
    }
    let mut pillar_ids = HashSet::new();
    let mut question_ids = HashSet::new();
    for pillar in &doc.pillars {
        let at = SetPlace {
            pillar: Some(pillar.id.clone()),
            ..SetPlace::default()
        };
        if !valid_item_id(&pillar.id) {
            problems.push(&at, "id", "id must be letters, digits, '_', '-' or '.'");
        }
        if !pillar_ids.insert(pillar.id.as_str()) {
            problems.push(&at, "id", "duplicate pillar id");
        }
        if pillar.title.is_blank() {
            problems.push(&at, "title", "title is empty");
        }
        if pillar.questions.is_empty() {
            problems.push(&at, "questions", "has no questions");
        }
        for question in &pillar.questions {
            let at = SetPlace {
                question: Some(question.id.clone()),
                ..at.clone()
            };
            validate_question(question, &at, &mut question_ids, &mut problems);
        }
    }
    problems.0
}

fn validate_question<'a>(
    question: &'a Question,
    at: &SetPlace,
    question_ids: &mut HashSet<&'a str>,
    problems: &mut Problems,
) {
    // Choice ids are unique within their question only: lenses reuse `choice1` in every one.
    let mut choice_ids = HashSet::new();
    if !valid_item_id(&question.id) {
        problems.push(at, "id", "id must be letters, digits, '_', '-' or '.'");
    }
    if !question_ids.insert(question.id.as_str()) {
        problems.push(at, "id", "duplicate question id");
    }
    if question.title.is_blank() {
        problems.push(at, "title", "title is empty");
    }
    if let Some(url) = &question.guidance_url
        && !is_web_url(url)
    {
        problems.push(at, "guidance_url", format!("'{url}' is not an http(s) URL"));
    }
    let none_choices: Vec<_> = question
        .choices
        .iter()
        .filter(|c| c.none_of_these)
        .collect();
    // "None of these" is optional (many lenses have none); when there, it is one choice whose
    // id ends in `_no`, as the WA Tool reads it.
    match none_choices.as_slice() {
        [] => {}
        [none] if none.id.ends_with("_no") => {}
        [none] => problems.push(
            at,
            "none_of_these",
            format!(
                "the \"None of these\" choice '{}' must have an id ending in '_no'",
                none.id
            ),
        ),
        _ => problems.push(
            at,
            "none_of_these",
            "has more than one \"None of these\" choice",
        ),
    }
    for choice in question.choices.iter().filter(|c| !c.none_of_these) {
        if choice.id.ends_with("_no") {
            problems.push(
                &SetPlace {
                    choice: Some(choice.id.clone()),
                    ..at.clone()
                },
                "none_of_these",
                "a choice id ending in '_no' is the question's \"None of these\" (none_of_these = true)",
            );
        }
    }
    if question.practice_choices().next().is_none() {
        problems.push(at, "choices", "has no choices besides \"None of these\"");
    }
    for choice in &question.choices {
        let at = SetPlace {
            choice: Some(choice.id.clone()),
            ..at.clone()
        };
        if !valid_item_id(&choice.id) {
            problems.push(&at, "id", "id must be letters, digits, '_', '-' or '.'");
        }
        if !choice_ids.insert(choice.id.as_str()) {
            problems.push(&at, "id", "duplicate choice id");
        }
        if choice.title.is_blank() {
            problems.push(&at, "title", "title is empty");
        }
        for fisc_ref in &choice.fisc_refs {
            if !valid_fisc_ref(fisc_ref) {
                problems.push(
                    &at,
                    "fisc_refs",
                    format!("FISC reference '{fisc_ref}' must look like '実63' (no spaces)"),
                );
            }
        }
        for (field, url) in [
            ("description_url", &choice.description_url),
            ("improvement_url", &choice.improvement_url),
        ] {
            if let Some(url) = url
                && !is_web_url(url)
            {
                problems.push(&at, field, format!("'{url}' is not an http(s) URL"));
            }
        }
        for (n, link) in choice.links.iter().enumerate() {
            // A lens's additional resource may be text without a URL.
            if !(link.url.is_empty() || is_web_url(&link.url)) {
                problems.push(
                    &at,
                    "links",
                    format!("link {} has an invalid http(s) URL '{}'", n + 1, link.url),
                );
            }
        }
    }
    match question.risk_rules.last() {
        None => problems.push(
            at,
            "risk_rules",
            "has no risk rules (the last must be 'default')",
        ),
        Some(last) if last.condition.trim() != "default" => problems.push(
            &SetPlace {
                rule: Some(question.risk_rules.len() as u32),
                ..at.clone()
            },
            "risk_rules",
            "the last risk rule must be 'default'",
        ),
        Some(_) => {}
    }
    let rule_count = question.risk_rules.len();
    for (n, rule) in question.risk_rules.iter().enumerate() {
        let at = SetPlace {
            rule: Some(n as u32 + 1),
            ..at.clone()
        };
        if n + 1 < rule_count && rule.condition.trim() == "default" {
            problems.push(
                &at,
                "risk_rules",
                format!(
                    "risk rule {} is 'default' but is not last, so later rules never apply",
                    n + 1
                ),
            );
            continue;
        }
        if let Err(e) = compile_rule(question, &rule.condition) {
            problems.push(
                &at,
                "risk_rules",
                format!("risk rule {} '{}': {e}", n + 1, excerpt(&rule.condition)),
            );
        }
    }
}

/// An absolute http(s) URL that parses (the one test every surface uses: set files, lenses,
/// workload links).
pub(crate) fn is_web_url(text: &str) -> bool {
    url::Url::parse(text)
        .map(|u| u.scheme() == "https" || u.scheme() == "http")
        .unwrap_or(false)
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
