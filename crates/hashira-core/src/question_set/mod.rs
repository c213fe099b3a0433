//! Question sets: versioned, human-editable TOML documents (pillars → questions → choices,
//! with risk rules). The format is described in `questions/README.md`.
//!
//! A [`QuestionSet`] is only ever built through [`QuestionSet::from_toml`], which validates the
//! whole document and compiles every risk rule, so the rest of the code can trust it.

mod rule;
pub mod shipped;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use rule::{Condition, ConditionError, RuleRisk, parse_condition};

use crate::error::{Error, Result};

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Display languages. Japanese first: it is the source language of every shipped set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// Text in up to two languages; at least one is present.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub ja: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub en: Option<String>,
}

impl LocalizedText {
    pub fn ja(text: impl Into<String>) -> LocalizedText {
        LocalizedText {
            ja: Some(text.into()),
            en: None,
        }
    }

    /// The text in `lang`, falling back to the other language (a Japanese-only source shown in
    /// the English UI stays readable rather than blank).
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Ja => (&self.ja, &self.en),
            Lang::En => (&self.en, &self.ja),
        };
        first.as_deref().or(second.as_deref()).unwrap_or("")
    }

    fn is_blank(&self) -> bool {
        self.ja.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.en.as_deref().is_none_or(|t| t.trim().is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    pub document: String,
    pub edition: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub title: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRule {
    pub condition: String,
    #[serde(deserialize_with = "deserialize_risk")]
    pub risk: RuleRisk,
}

fn deserialize_risk<'de, D: serde::Deserializer<'de>>(d: D) -> Result<RuleRisk, D::Error> {
    let text = String::deserialize(d)?;
    RuleRisk::parse(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown risk '{text}'; expected HIGH, MEDIUM or NONE"
        ))
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// FISC 安全対策基準 実務基準 numbers, normalised without spaces: `実63`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fisc_refs: Vec<String>,
    /// 解説: one item per bullet or paragraph of the source, markdown kept as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The question's "None of these" choice (id ends in `_no`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub none_of_these: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<LocalizedText>,
    pub risk_rules: Vec<RiskRule>,
    pub choices: Vec<Choice>,
}

impl Question {
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }

    pub fn choice(&self, choice_id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == choice_id)
    }

    pub fn none_choice(&self) -> Option<&Choice> {
        self.choices.iter().find(|c| c.none_of_these)
    }

    /// The choices that are best practices (everything but "None of these").
    pub fn practice_choices(&self) -> impl Iterator<Item = &Choice> {
        self.choices.iter().filter(|c| !c.none_of_these)
    }

    /// All FISC references of the question's choices, in order, without repeats.
    pub fn fisc_refs(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.choices
            .iter()
            .flat_map(|c| c.fisc_refs.iter().map(String::as_str))
            .filter(|r| seen.insert(*r))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: String,
    pub title: LocalizedText,
    pub questions: Vec<Question>,
}

/// The document as written in a `.toml` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSetDocument {
    pub format_version: u32,
    pub id: String,
    pub version: String,
    pub languages: Vec<Lang>,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    pub source: SourceInfo,
    pub pillars: Vec<Pillar>,
}

/// A validated question set with its rules compiled.
#[derive(Debug, Clone)]
pub struct QuestionSet {
    document: QuestionSetDocument,
    source_text: String,
    content_hash: String,
    /// Question id → (pillar index, question index).
    index: HashMap<String, (usize, usize)>,
    /// Compiled rules per question id, in rule order.
    rules: HashMap<String, Vec<(Condition, RuleRisk)>>,
}

impl QuestionSet {
    /// Parses and validates a set. `origin` names the file (or "shipped set 'sec'") in errors.
    pub fn from_toml(source_text: &str, origin: &str) -> Result<QuestionSet> {
        let invalid = |message: String| Error::QuestionSetInvalid {
            origin: origin.to_string(),
            message,
        };
        let document: QuestionSetDocument =
            toml::from_str(source_text).map_err(|e| invalid(e.to_string().trim().to_string()))?;
        let problems = validate(&document);
        if !problems.is_empty() {
            let count = problems.len();
            let shown: Vec<_> = problems.into_iter().take(20).collect();
            let more = if count > shown.len() {
                format!("; and {} more", count - shown.len())
            } else {
                String::new()
            };
            return Err(invalid(format!(
                "{count} problem{}: {}{more}",
                if count == 1 { "" } else { "s" },
                shown.join("; ")
            )));
        }
        let mut index = HashMap::new();
        let mut rules = HashMap::new();
        for (p, pillar) in document.pillars.iter().enumerate() {
            for (q, question) in pillar.questions.iter().enumerate() {
                index.insert(question.id.clone(), (p, q));
                let compiled = question
                    .risk_rules
                    .iter()
                    .map(|rule| {
                        compile_rule(question, &rule.condition)
                            .map(|condition| (condition, rule.risk))
                            .map_err(|e| invalid(format!("question {}: {e}", question.id)))
                    })
                    .collect::<Result<Vec<_>>>()?;
                rules.insert(question.id.clone(), compiled);
            }
        }
        Ok(QuestionSet {
            document,
            source_text: source_text.to_string(),
            content_hash: sha256_hex(source_text.as_bytes()),
            index,
            rules,
        })
    }

    pub fn id(&self) -> &str {
        &self.document.id
    }

    pub fn version(&self) -> &str {
        &self.document.version
    }

    pub fn title(&self) -> &LocalizedText {
        &self.document.title
    }

    pub fn document(&self) -> &QuestionSetDocument {
        &self.document
    }

    pub fn source_text(&self) -> &str {
        &self.source_text
    }

    /// SHA-256 (hex) of the exact source text: what a workbook records to prove which content
    /// its answers were given against.
    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    pub fn pillars(&self) -> &[Pillar] {
        &self.document.pillars
    }

    /// Every question with its pillar, in document order.
    pub fn questions(&self) -> impl Iterator<Item = (&Pillar, &Question)> {
        self.document
            .pillars
            .iter()
            .flat_map(|p| p.questions.iter().map(move |q| (p, q)))
    }

    pub fn question(&self, question_id: &str) -> Option<(&Pillar, &Question)> {
        let (p, q) = *self.index.get(question_id)?;
        let pillar = self.document.pillars.get(p)?;
        Some((pillar, pillar.questions.get(q)?))
    }

    pub fn question_count(&self) -> usize {
        self.index.len()
    }

    /// Best-practice choices, not counting "None of these".
    pub fn choice_count(&self) -> usize {
        self.questions()
            .map(|(_, q)| q.practice_choices().count())
            .sum()
    }

    /// Evaluates the question's rules in order; the first that holds gives the risk.
    /// `satisfied[i]` tells whether choice `i` (document order) is selected or not applicable.
    pub fn evaluate(&self, question_id: &str, satisfied: &[bool]) -> Option<RuleRisk> {
        self.rules
            .get(question_id)?
            .iter()
            .find(|(condition, _)| condition.holds(satisfied))
            .map(|(_, risk)| *risk)
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn compile_rule(question: &Question, condition: &str) -> Result<Condition, ConditionError> {
    parse_condition(condition, &|name| {
        question.choices.iter().position(|c| c.id == name)
    })
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

fn validate(doc: &QuestionSetDocument) -> Vec<String> {
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
                rule.condition
            ));
        }
    }
}

#[cfg(test)]
mod tests;
