//! Question sets: versioned, human-editable TOML documents (pillars → questions → choices,
//! with risk rules). The format is described in `questions/README.md`.
//!
//! A [`QuestionSet`] is only ever built through [`QuestionSet::from_toml`], which validates the
//! whole document and compiles every risk rule, so the rest of the code can trust it.

pub mod lookup;
mod outline;
mod rule;
pub mod shipped;
pub(crate) mod validate;
mod version;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub(crate) use outline::StoredText;
pub use rule::{Condition, ConditionError, RuleRisk, parse_condition};
pub use validate::{SetPlace, SetProblem, problems_text};
pub use version::version_label;

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
    /// An http(s) URL; empty for a lens's additional resource that is text only.
    #[serde(default)]
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
    /// The URL of the description's "helpful resource" (a lens choice's `helpfulResource.url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement: Option<LocalizedText>,
    /// The improvement plan's URL (a lens choice's `improvementPlan.url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement_url: Option<String>,
    /// Related links. `kind` says what they are: the shipped sets' `related_information`,
    /// `related_documents`, `related_tools`; a lens's additional resources `helpful_resource`
    /// and `improvement_plan` (its two `additionalResources` types).
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
    /// The URL of the guidance's "helpful resource" (a lens question's `helpfulResource.url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_url: Option<String>,
    pub risk_rules: Vec<RiskRule>,
    pub choices: Vec<Choice>,
    /// The question's key in the workbook that holds its set (see [`Question::key`]); `None`
    /// outside a workbook and when the key is the id.
    #[serde(skip)]
    pub(crate) key: Option<String>,
}

impl Question {
    /// What surfaces print for the question. A label that only respaces or recases the id
    /// (the WA Tool's `SEC 1` for SEC1) prints as the id: ids print one way everywhere.
    pub fn label(&self) -> &str {
        match self.label.as_deref() {
            Some(label) if lookup::id_key(label) != lookup::id_key(&self.id) => label,
            _ => &self.id,
        }
    }

    /// How a workbook names this question in its tables, answers and audit trail: the id, or
    /// `set_id/id` for the questions of a set added when another set already used one of its
    /// question ids (ids are unique within a set only; two lenses may both have `q1`).
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.id)
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
    /// Set when the set was imported from a WA Tool custom lens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lens: Option<LensOrigin>,
    pub pillars: Vec<Pillar>,
}

/// Where an imported lens came from, and what of it has no place in the set's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensOrigin {
    /// The lens file's name (without its folder) when it was imported.
    pub file: String,
    /// SHA-256 (hex) of the lens file's bytes.
    pub sha256: String,
    /// The lens's top-level keys the format does not define (`_version`, `_release_note`,
    /// `_teams`, …), as a JSON object text: kept, and written back by a lens export.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub metadata: String,
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
        let document = parse(source_text, origin)?;
        let mut problems = validate::validate(&document);
        if !problems.is_empty() {
            for problem in &mut problems {
                problem.place.file = Some(origin.to_string());
            }
            return Err(Error::QuestionSetProblems {
                origin: origin.to_string(),
                problems,
            });
        }
        let content_hash = sha256_hex(source_text.as_bytes());
        compiled(document, source_text.to_string(), content_hash, origin)
    }

    /// A workbook's stored copy of a set. It was validated when it was added and its SHA-256
    /// recorded then (`verify` checks the text still has it), so opening a workbook only
    /// parses it and compiles its rules: no validation and no hashing of the whole text again.
    pub(crate) fn from_stored(
        source_text: String,
        content_hash: String,
        origin: &str,
    ) -> Result<QuestionSet> {
        let by_parts = outline::Outline::of(&source_text).and_then(|o| o.document(&source_text));
        let document = match by_parts {
            Some(document) => document,
            None => parse(&source_text, origin)?,
        };
        compiled(document, source_text, content_hash, origin)
    }

    /// One question of a workbook's stored copy (`position` in document order), parsed from
    /// its part of the text alone (see `outline`): a set of that one question in its pillar,
    /// with the set's own keys, or `None` when the text is not laid out for this (read it
    /// whole). The text is outlined only as far as that question where the rest allows it,
    /// and only the parts taken are checked as UTF-8 (the stored bytes as a whole are
    /// `verify`'s, by their content hash); the caller checks the question read is the one
    /// it asked for. The set's `source_text` is that part; its `content_hash` the whole text's.
    pub(crate) fn one_question_of_stored(
        source_text: &[u8],
        content_hash: String,
        origin: &str,
        position: usize,
    ) -> Option<QuestionSet> {
        let outline = outline::Outline::up_to_question(source_text, position)?;
        let part = outline.one_question_in(source_text, position)?;
        let document = parse(&part, origin).ok()?;
        compiled(document, part, content_hash, origin).ok()
    }

    pub fn id(&self) -> &str {
        &self.document.id
    }

    /// The set with every question keyed `set_id/question_id` (see [`Question::key`]): how a
    /// workbook holds a set whose question ids another of its sets already uses.
    pub(crate) fn with_qualified_keys(mut self) -> QuestionSet {
        let set_id = self.document.id.clone();
        for pillar in &mut self.document.pillars {
            for question in &mut pillar.questions {
                question.key = Some(qualified_key(&set_id, &question.id));
            }
        }
        let rekey = |id: String| qualified_key(&set_id, &id);
        self.index = self.index.drain().map(|(k, v)| (rekey(k), v)).collect();
        self.rules = self.rules.drain().map(|(k, v)| (rekey(k), v)).collect();
        self
    }

    /// Whether the questions are keyed `set_id/question_id` in their workbook.
    pub fn has_qualified_keys(&self) -> bool {
        self.questions()
            .next()
            .is_some_and(|(_, q)| q.key.is_some())
    }

    /// The question with this own id (not its key), as the set's file names it.
    pub fn question_by_id(&self, question_id: &str) -> Option<(&Pillar, &Question)> {
        self.questions().find(|(_, q)| q.id == question_id)
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

    /// The question with this key (its id unless the set has qualified keys).
    pub fn question(&self, key: &str) -> Option<(&Pillar, &Question)> {
        let (p, q) = *self.index.get(key)?;
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
    pub fn evaluate(&self, key: &str, satisfied: &[bool]) -> Option<RuleRisk> {
        self.rules
            .get(key)?
            .iter()
            .find(|(condition, _)| condition.holds(satisfied))
            .map(|(_, risk)| *risk)
    }
}

fn invalid(origin: &str, message: String) -> Error {
    Error::QuestionSetInvalid {
        origin: origin.to_string(),
        message,
    }
}

/// The document, or the one problem that stops it parsing, at its line.
fn parse(source_text: &str, origin: &str) -> Result<QuestionSetDocument> {
    toml::from_str(source_text).map_err(|e| {
        let line = e.span().map(|span| {
            let before = source_text.get(..span.start).unwrap_or(source_text);
            before.matches('\n').count() as u32 + 1
        });
        Error::QuestionSetProblems {
            origin: origin.to_string(),
            problems: vec![SetProblem {
                place: SetPlace {
                    file: Some(origin.to_string()),
                    line,
                    ..SetPlace::default()
                },
                message: e.to_string().trim().to_string(),
            }],
        }
    })
}

/// The set with its question index built and every rule compiled.
fn compiled(
    document: QuestionSetDocument,
    source_text: String,
    content_hash: String,
    origin: &str,
) -> Result<QuestionSet> {
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
                        .map_err(|e| invalid(origin, format!("question {}: {e}", question.id)))
                })
                .collect::<Result<Vec<_>>>()?;
            rules.insert(question.id.clone(), compiled);
        }
    }
    Ok(QuestionSet {
        document,
        source_text,
        content_hash,
        index,
        rules,
    })
}

pub(crate) use crate::hashing::sha256_hex;

/// The key of question `question_id` of set `set_id` in a workbook where the id alone is
/// taken. `/` is in no set or question id, so a key is never mistaken for an id.
pub fn qualified_key(set_id: &str, question_id: &str) -> String {
    format!("{set_id}/{question_id}")
}

fn compile_rule(question: &Question, condition: &str) -> Result<Condition, ConditionError> {
    parse_condition(condition, &|name| {
        question.choices.iter().position(|c| c.id == name)
    })
}

#[cfg(test)]
mod tests;
