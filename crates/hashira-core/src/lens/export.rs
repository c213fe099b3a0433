//! A question set as a WA Tool custom lens: ids made lens-safe, long titles shortened with the
//! full text kept, FISC references and 解説 as helpful resources, an improvement plan on every
//! best practice, and the rules rewritten to the tool's at-most-three (see [`super::rules`]).
//!
//! The result is checked with [`super::check`] before it is returned: an export that the
//! checker would flag — even with a warning — is refused, never written. The one exception is
//! an imported lens, which goes back as it came: its ids (up to 128 characters), its question
//! descriptions (up to 2048) and its top-level keys, with the warnings the source lens had.
//!
//! Language: a text the set has only in the other language (the FISC sets are in Japanese
//! only) is written in that language, and counted by question in [`LensFile::fallbacks`], so
//! an English export of a Japanese set says so instead of passing silently.

use std::collections::HashMap;

use serde_json::Map;

use super::check::{MAX_LENS_BYTES, Severity, check_lens_bytes, is_valid_id};
use super::fallback::{LanguageFallback, text_in};
use super::model::{
    Lens, LensAdditionalResources, LensChoice, LensPillar, LensQuestion, LensResource,
    LensResourceKind, LensRisk, LensRiskRule, SCHEMA_VERSION,
};
use super::rules::{MAX_CHOICES, render, rewrite_rules};
use crate::error::{Error, Result};
use crate::question_set::{
    Choice, Lang, Link, LocalizedText, Question, QuestionSet, RuleRisk, SetPlace, SetProblem,
    parse_condition,
};

const MAX_TITLE: usize = 128;
const MAX_TEXT: usize = 2048;
/// The API's limit (the specification allows 2048): exports stay warning-free.
const MAX_QUESTION_DESCRIPTION: usize = 1024;
const MAX_API_ID: usize = 64;

/// The lens id for a Hashira id: every character outside `[A-Za-z0-9_]` becomes `_`
/// (`FISCSEC1-BP01` → `FISCSEC1_BP01`).
pub fn lens_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `text` cut to at most `max` characters (at a character boundary, ending in `…`), and
/// whether it was cut.
fn clip(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_string(), false);
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    (cut, true)
}

fn paragraphs(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn resource(text: String, url: Option<String>) -> LensResource {
    LensResource {
        display_text: clip(&text, MAX_TEXT).0,
        url,
        extra: Map::new(),
    }
}

/// A set exported as a lens file: the file's text, the lens's name in it, and the texts
/// written in the other language (in the set's order; none when every text has `lang`).
#[derive(Debug, Clone)]
pub struct LensFile {
    pub lens: Lens,
    pub text: String,
    pub fallbacks: Vec<LanguageFallback>,
}

impl LensFile {
    /// Every text written in the other language.
    pub fn fallback_texts(&self) -> usize {
        self.fallbacks.iter().map(|f| f.texts).sum()
    }
}

struct Exporter<'a> {
    set: &'a QuestionSet,
    lang: Lang,
    question_ids: HashMap<String, String>,
    /// The question whose texts are being written (empty for the set's and pillars').
    question: String,
    fallbacks: Vec<LanguageFallback>,
}

/// The set as a lens in `lang` (the other language stands in where a text has only one).
pub fn export_lens(set: &QuestionSet, lang: Lang) -> Result<Lens> {
    lens_file(set, lang).map(|file| file.lens)
}

/// The set as a lens file in `lang`, checked (with no problem, not even a warning) and at most
/// the WA Tool's 500 KB, with the texts written in the other language.
pub fn lens_file(set: &QuestionSet, lang: Lang) -> Result<LensFile> {
    let mut exporter = Exporter {
        set,
        lang,
        question_ids: HashMap::new(),
        question: String::new(),
        fallbacks: Vec::new(),
    };
    let lens = exporter.lens()?;
    let text = lens
        .to_json_pretty()
        .map_err(|e| exporter.invalid(e.to_string()))?;
    if text.len() > MAX_LENS_BYTES {
        return Err(exporter.invalid(format!(
            "the lens is {} bytes, over the WA Tool's {MAX_LENS_BYTES}",
            text.len()
        )));
    }
    // An imported lens goes back as it came: a warning can only be the source lens's own (an
    // id over the API's 64, a long question description, a key the format does not define).
    let from_lens = set.document().lens.is_some();
    let problems: Vec<_> = check_lens_bytes(text.as_bytes())
        .into_iter()
        .filter(|p| !(from_lens && p.severity == Severity::Warning))
        .collect();
    if !problems.is_empty() {
        let shown: Vec<String> = problems.iter().take(10).map(|p| p.to_string()).collect();
        return Err(exporter.invalid(format!(
            "the lens would not pass the check ({} problems): {}",
            problems.len(),
            shown.join("; ")
        )));
    }
    Ok(LensFile {
        lens,
        text,
        fallbacks: exporter.fallbacks,
    })
}

/// The question's rules written as they are, when they already are lens rules (at most three,
/// distinct risks, `default` last and only there) over ids the lens keeps: an imported lens
/// exports back to its own conditions, not a rewriting of them.
fn lens_rules_as_written(question: &Question, names: &[String]) -> Option<Vec<LensRiskRule>> {
    let rules = &question.risk_rules;
    let ids_kept = question.choices.iter().zip(names).all(|(c, n)| &c.id == n);
    let risks: std::collections::HashSet<RuleRisk> = rules.iter().map(|r| r.risk).collect();
    let defaults = rules
        .iter()
        .filter(|r| r.condition.trim() == "default")
        .count();
    let default_last = rules
        .last()
        .is_some_and(|r| r.condition.trim() == "default");
    (ids_kept && rules.len() <= 3 && risks.len() == rules.len() && defaults == 1 && default_last)
        .then(|| {
            rules
                .iter()
                .map(|rule| LensRiskRule {
                    condition: rule.condition.trim().to_string(),
                    risk: match rule.risk {
                        RuleRisk::High => LensRisk::HighRisk,
                        RuleRisk::Medium => LensRisk::MediumRisk,
                        RuleRisk::None => LensRisk::NoRisk,
                    },
                    extra: Map::new(),
                })
                .collect()
        })
}

/// The lens file's text, refused over the WA Tool's 500 KB.
pub fn lens_text(set: &QuestionSet, lang: Lang) -> Result<String> {
    lens_file(set, lang).map(|file| file.text)
}

impl<'a> Exporter<'a> {
    /// `text` in the language asked for, else in the other one (counted as a fallback).
    fn text<'t>(&mut self, text: &'t LocalizedText) -> &'t str {
        text_in(text, self.lang, &self.question, &mut self.fallbacks)
    }

    fn invalid(&self, message: String) -> Error {
        Error::QuestionSetInvalid {
            origin: format!("'{}' as a WA Tool lens", self.set.id()),
            message,
        }
    }

    /// Two ids that become one lens id: a problem at the later one (the set in
    /// `details.origin`; pillar, question, choice and field `id` in
    /// `details.problems[0].place`), so the place is not only in the text.
    fn collision(
        &self,
        [pillar, question, choice]: [Option<&String>; 3],
        message: String,
    ) -> Error {
        let place = SetPlace {
            pillar: pillar.cloned(),
            question: question.cloned(),
            choice: choice.cloned(),
            field: Some("id".into()),
            ..SetPlace::default()
        };
        let problems = vec![SetProblem { place, message }];
        Error::QuestionSetProblems {
            origin: format!("'{}' as a WA Tool lens", self.set.id()),
            problems,
        }
    }

    /// The API's 1024 keeps an export warning-free; an imported lens keeps its own text (up to
    /// the format's 2048).
    fn question_description_limit(&self) -> usize {
        if self.set.document().lens.is_some() {
            MAX_TEXT
        } else {
            MAX_QUESTION_DESCRIPTION
        }
    }

    fn words(&self, ja: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// A lens id for `id`, refused if it cannot be one or the API would warn about it (an
    /// imported lens keeps its ids: up to the format's 128).
    fn id(&self, id: &str, api_max: usize, what: &str) -> Result<String> {
        let api_max = if self.set.document().lens.is_some() {
            128
        } else {
            api_max
        };
        let mapped = lens_id(id);
        if !is_valid_id(&mapped) || mapped.len() > api_max {
            return Err(self.invalid(format!(
                "{what} id '{id}' becomes '{mapped}', which is not a lens id of 3 to {api_max} characters"
            )));
        }
        Ok(mapped)
    }

    fn lens(&mut self) -> Result<Lens> {
        let set: &'a QuestionSet = self.set;
        let document = set.document();
        let pillars = set.pillars();
        if pillars.len() > 10 {
            return Err(self.invalid(format!("{} pillars; a lens has at most 10", pillars.len())));
        }
        let source = format!(
            "{} {} ({} {})",
            document.source.document,
            document.source.edition,
            self.set.id(),
            self.set.version()
        );
        let name = clip(self.text(set.title()), MAX_TITLE).0;
        let description = match &document.description {
            Some(description) => self.text(description).to_string(),
            None => String::new(),
        };
        let mut pillar_ids: HashMap<String, String> = HashMap::new();
        let mut lens_pillars = Vec::new();
        for pillar in pillars {
            let id = self.id(&pillar.id, MAX_API_ID, "pillar")?;
            if let Some(other) = pillar_ids.insert(id.clone(), pillar.id.clone()) {
                let message = format!(
                    "pillars '{other}' and '{}' both become lens id '{id}'",
                    pillar.id
                );
                return Err(self.collision([Some(&pillar.id), None, None], message));
            }
            if pillar.questions.len() > 20 {
                return Err(self.invalid(format!(
                    "pillar {} has {} questions; a lens pillar has at most 20",
                    pillar.id,
                    pillar.questions.len()
                )));
            }
            self.question.clear();
            let name = clip(self.text(&pillar.title), MAX_TITLE).0;
            let questions = pillar
                .questions
                .iter()
                .map(|q| self.question(q))
                .collect::<Result<Vec<_>>>()?;
            lens_pillars.push(LensPillar {
                id,
                name,
                questions,
                extra: Map::new(),
            });
        }
        // An imported lens goes back as it came: its own description and top-level keys.
        let (description, extra) = match &document.lens {
            Some(origin) => (
                (!description.is_empty()).then(|| clip(&description, MAX_TEXT).0),
                serde_json::from_str::<Map<String, serde_json::Value>>(&origin.metadata)
                    .unwrap_or_default(),
            ),
            None => (
                Some(clip(&paragraphs(&[description, source]), MAX_TEXT).0),
                Map::new(),
            ),
        };
        Ok(Lens {
            schema_version: SCHEMA_VERSION.to_string(),
            name,
            description,
            pillars: lens_pillars,
            extra,
        })
    }

    fn question(&mut self, question: &Question) -> Result<LensQuestion> {
        let id = self.id(&question.id, 128, "question")?;
        if let Some(other) = self.question_ids.insert(id.clone(), question.id.clone()) {
            let message = format!(
                "questions '{other}' and '{}' both become lens id '{id}'",
                question.id
            );
            return Err(self.collision([None, Some(&question.id), None], message));
        }
        if question.choices.len() > MAX_CHOICES {
            return Err(self.invalid(format!(
                "question {} has {} choices; a lens question has at most {MAX_CHOICES}",
                question.id,
                question.choices.len()
            )));
        }
        self.question = question.id.clone();
        let full_title = self.text(&question.title);
        let (title, clipped) = clip(full_title, MAX_TITLE);
        let mut description = Vec::new();
        if clipped {
            description.push(full_title.to_string());
        }
        if let Some(text) = &question.description {
            description.push(self.text(text).to_string());
        }
        let mut helpful = Vec::new();
        if let Some(guidance) = &question.guidance {
            helpful.push(self.text(guidance).to_string());
        }
        let refs = question.fisc_refs();
        if !refs.is_empty() {
            helpful.push(self.fisc_line(&refs));
        }
        let mut choice_ids: HashMap<String, String> = HashMap::new();
        let mut names = Vec::new();
        let mut choices = Vec::new();
        for choice in &question.choices {
            let choice_id = self.id(&choice.id, MAX_API_ID, "choice")?;
            if let Some(other) = choice_ids.insert(choice_id.clone(), choice.id.clone()) {
                let message = format!(
                    "choices '{other}' and '{}' of {} both become lens id '{choice_id}'",
                    choice.id, question.id
                );
                return Err(self.collision([None, Some(&question.id), Some(&choice.id)], message));
            }
            names.push(choice_id.clone());
            choices.push(self.choice(choice, choice_id));
        }
        let description = paragraphs(&description);
        let helpful = paragraphs(&helpful);
        Ok(LensQuestion {
            id,
            title,
            description: (!description.is_empty())
                .then(|| clip(&description, self.question_description_limit()).0),
            helpful_resource: (!helpful.is_empty() || question.guidance_url.is_some())
                .then(|| resource(helpful, question.guidance_url.clone())),
            choices,
            risk_rules: self.risk_rules(question, &names)?,
            extra: Map::new(),
        })
    }

    fn fisc_line(&self, refs: &[&str]) -> String {
        format!(
            "{}{}",
            self.words(
                "FISC 安全対策基準 実務基準: ",
                "FISC Security Guidelines, practical standards: "
            ),
            refs.join(", ")
        )
    }

    fn choice(&mut self, choice: &Choice, id: String) -> LensChoice {
        let full_title = self.text(&choice.title);
        let (title, clipped) = clip(full_title, MAX_TITLE);
        let mut helpful = Vec::new();
        if clipped {
            helpful.push(full_title.to_string());
        }
        if let Some(description) = &choice.description {
            helpful.push(self.text(description).to_string());
        }
        if !choice.fisc_refs.is_empty() {
            let refs: Vec<&str> = choice.fisc_refs.iter().map(String::as_str).collect();
            helpful.push(self.fisc_line(&refs));
        }
        if !choice.explanation.is_empty() {
            let items: Vec<&str> = choice.explanation.iter().map(|e| self.text(e)).collect();
            helpful.push(format!(
                "{}\n{}",
                self.words("解説:", "Explanation:"),
                items.join("\n")
            ));
        }
        // A lens's choice has its helpful resource's URL; a shipped set's first link stands in.
        let from_lens = self.set.document().lens.is_some();
        let mut links = choice.links.iter().filter(|l| {
            crate::question_set::validate::is_web_url(&l.url) || (from_lens && l.url.is_empty())
        });
        let first_url = if from_lens {
            choice.description_url.clone()
        } else {
            links.next().map(|l| l.url.clone())
        };
        let helpful = paragraphs(&helpful);
        let helpful_resource = if helpful.is_empty() && first_url.is_none() {
            None
        } else if helpful.is_empty() {
            Some(resource(title.clone(), first_url))
        } else {
            Some(resource(helpful, first_url))
        };
        let (plans, helpfuls): (Vec<&Link>, Vec<&Link>) =
            links.partition(|l| l.kind.as_deref() == Some("improvement_plan"));
        let group = |kind, items: Vec<&Link>| {
            let content: Vec<LensResource> = items
                .into_iter()
                .take(5)
                .map(|l| resource(l.title.clone(), (!l.url.is_empty()).then(|| l.url.clone())))
                .collect();
            (!content.is_empty()).then_some(LensAdditionalResources {
                kind,
                content,
                extra: Map::new(),
            })
        };
        let additional_resources: Vec<LensAdditionalResources> = [
            group(LensResourceKind::HelpfulResource, helpfuls),
            group(LensResourceKind::ImprovementPlan, plans),
        ]
        .into_iter()
        .flatten()
        .collect();
        let improvement = match (&choice.improvement, choice.none_of_these) {
            (Some(improvement), false) => Some(self.text(improvement).to_string()),
            _ => None,
        };
        let improvement_plan = (!choice.none_of_these).then(|| {
            let text = improvement
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| match self.lang {
                    Lang::Ja => format!("ベストプラクティス「{full_title}」を実施してください。"),
                    Lang::En => format!("Put this best practice in place: {full_title}"),
                });
            resource(text, choice.improvement_url.clone())
        });
        LensChoice {
            id,
            title,
            description: None,
            helpful_resource,
            improvement_plan,
            additional_resources,
            extra: Map::new(),
        }
    }

    fn risk_rules(&self, question: &Question, names: &[String]) -> Result<Vec<LensRiskRule>> {
        let resolve = |name: &str| question.choices.iter().position(|c| c.id == name);
        let mut rules = Vec::new();
        for rule in &question.risk_rules {
            let condition = parse_condition(&rule.condition, &resolve)
                .map_err(|e| self.invalid(format!("question {}: {e}", question.id)))?;
            rules.push((condition, rule.risk));
        }
        // Only an imported lens keeps its rules as written (its author's, read in order); a
        // set's own rules are made exact, so the WA Tool's reading order cannot change a risk.
        if self.set.document().lens.is_some()
            && let Some(kept) = lens_rules_as_written(question, names)
        {
            return Ok(kept);
        }
        let rewritten = rewrite_rules(question.choices.len(), &rules).ok_or_else(|| {
            self.invalid(format!(
                "question {}: its rules cannot be written as one rule per risk",
                question.id
            ))
        })?;
        Ok(rewritten
            .iter()
            .map(|(condition, risk)| LensRiskRule {
                condition: render(condition, names),
                risk: match risk {
                    RuleRisk::High => LensRisk::HighRisk,
                    RuleRisk::Medium => LensRisk::MediumRisk,
                    RuleRisk::None => LensRisk::NoRisk,
                },
                extra: Map::new(),
            })
            .collect())
    }
}
