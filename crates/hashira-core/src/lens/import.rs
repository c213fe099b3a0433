//! A WA Tool custom lens as a question set: the same model the shipped sets use, so an
//! imported lens is answered, scored, exported and reported like them.
//!
//! The lens is read leniently where the content stays usable — a lens the WA Tool would refuse
//! for a limit (a long title, four rules, no `default` rule) still imports, each such problem
//! listed as a warning — and strictly where it would not: invalid JSON, a wrong shape, ids a
//! set cannot hold, conditions that do not parse. Every problem names its JSON path.
//!
//! Mapping (README "Custom lenses"): pillars and questions keep their ids and order; a question's
//! `helpfulResource` is its guidance (text + URL); a choice's `helpfulResource` its description
//! (text + URL), its `improvementPlan` its improvement (text + URL), its `additionalResources`
//! its links of kind `helpful_resource` / `improvement_plan` (a text without URL kept with an
//! empty URL); a choice id ending in `_no` is "None of these"; the rules are kept in order
//! (the first that holds wins), rules after a `default` dropped, and a missing `default` made
//! `default → NONE` (published lenses list only the risky cases). Unknown top-level keys are
//! kept as the set's lens metadata and written back by an export.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::check::{MAX_READ_BYTES, check_lens_bytes};
use super::model::{Lens, LensChoice, LensQuestion, LensResource, LensResourceKind, LensRisk};
use super::path::{index_path, key_path};
use super::problem::{LensProblem, Severity, too_big};
use crate::hashing::sha256_hex;
use crate::question_set::{
    Choice, FORMAT_VERSION, Lang, LensOrigin, Link, LocalizedText, Pillar, Question, QuestionSet,
    QuestionSetDocument, RiskRule, RuleRisk, SourceInfo, parse_condition,
};

/// A lens read as a question set, with what a reviewer should know about it.
#[derive(Debug, Clone)]
pub struct LensImport {
    pub set: QuestionSet,
    /// Problems that did not stop the import: the WA Tool's own rules the lens breaks, and what
    /// the import had to decide (a rule added or dropped, a text placed elsewhere).
    pub warnings: Vec<LensProblem>,
}

/// The problems that stop a lens from becoming a set (each an error at its JSON path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LensRefused {
    pub problems: Vec<LensProblem>,
}

/// Reads `bytes` (the file `file_name`) as a question set with id `set_id`, or an id made
/// from the lens name that is not one of `taken`.
pub fn lens_to_set(
    bytes: &[u8],
    file_name: &str,
    set_id: Option<&str>,
    taken: &[&str],
) -> Result<LensImport, LensRefused> {
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Err(LensRefused {
            problems: vec![too_big(bytes.len() as u64)],
        });
    }
    let checked = check_lens_bytes(bytes);
    // A byte order mark (Windows editors write one) is not JSON; the lens after it is read.
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let json = if bom { &bytes[3..] } else { bytes };
    let refused = |extra: Vec<LensProblem>| {
        let mut problems: Vec<LensProblem> = checked
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .cloned()
            .collect();
        // Each place once: the import's own word only where the check said nothing there.
        for problem in extra {
            if !problems.iter().any(|p| p.path == problem.path) {
                problems.push(problem);
            }
        }
        LensRefused { problems }
    };
    let lens = match Lens::from_json(json) {
        Ok(lens) => lens,
        Err(e) => {
            // The checker names the place of a wrong shape; serde's word only when it did not.
            let has_errors = checked.iter().any(|p| p.severity == Severity::Error);
            let own = (!has_errors).then(|| error("$", format!("not a lens: {e}")));
            return Err(refused(own.into_iter().collect()));
        }
    };
    let mut reader = Reader {
        problems: Vec::new(),
        warnings: Vec::new(),
        lang: language_of(&lens),
    };
    let pillars = reader.pillars(&lens);
    if !reader.problems.is_empty() {
        return Err(refused(reader.problems));
    }
    let sha256 = sha256_hex(bytes);
    let id = match set_id {
        Some(id) => id.to_string(),
        None => free_set_id(&lens.name, taken),
    };
    let version = match lens.extra.get("_version") {
        Some(Value::String(v)) if !v.trim().is_empty() => v.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => format!("sha256:{}", &sha256[..12]),
    };
    let text = |t: &str| reader.text(t);
    let document = QuestionSetDocument {
        format_version: FORMAT_VERSION,
        id,
        version: version.clone(),
        languages: vec![reader.lang],
        title: text(&lens.name),
        description: lens.description.as_deref().map(text),
        source: SourceInfo {
            document: lens.name.clone(),
            edition: version,
            file: Some(file_name.to_string()),
            licence: None,
            url: None,
        },
        lens: Some(LensOrigin {
            file: file_name.to_string(),
            sha256,
            metadata: metadata_text(&lens.extra),
        }),
        pillars,
    };
    let origin = format!("lens {file_name}");
    let toml = toml::to_string(&document)
        .map_err(|e| refused(vec![error("$", format!("cannot be stored as a set: {e}"))]))?;
    let set = QuestionSet::from_toml(&toml, &origin).map_err(|e| {
        refused(vec![error(
            "$",
            format!("does not make a valid question set: {e}"),
        )])
    })?;
    let mut warnings: Vec<LensProblem> = Vec::new();
    if bom {
        warnings.push(warning(
            "$",
            "the file starts with a UTF-8 byte order mark; read without it".into(),
        ));
    }
    let checked: Vec<LensProblem> = checked
        .into_iter()
        .map(|p| LensProblem {
            message: match p.severity {
                Severity::Error => format!("the WA Tool would refuse this: {}", p.message),
                Severity::Warning => p.message,
            },
            severity: Severity::Warning,
            path: p.path,
        })
        .collect();
    warnings.extend(checked);
    warnings.extend(reader.warnings);
    Ok(LensImport { set, warnings })
}

fn error(path: &str, message: String) -> LensProblem {
    LensProblem {
        path: path.to_string(),
        message,
        severity: Severity::Error,
    }
}

fn warning(path: &str, message: String) -> LensProblem {
    LensProblem {
        path: path.to_string(),
        message,
        severity: Severity::Warning,
    }
}

/// Japanese when any title or the name has kana or kanji (a lens is in one language).
fn language_of(lens: &Lens) -> Lang {
    let japanese = |t: &str| {
        t.chars().any(|c| {
            matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
        })
    };
    let any = japanese(&lens.name)
        || lens
            .pillars
            .iter()
            .any(|p| japanese(&p.name) || p.questions.iter().any(|q| japanese(&q.title)));
    if any { Lang::Ja } else { Lang::En }
}

/// A set id from the lens name: lower-case ASCII letters and digits, other runs as `-`, at
/// most 48 characters, `lens` when nothing is left; `-2`, `-3`… while it is taken.
pub fn free_set_id(name: &str, taken: &[&str]) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut base: String = slug.chars().take(48).collect();
    while base.ends_with('-') {
        base.pop();
    }
    if base.is_empty() {
        base = "lens".to_string();
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate.as_str()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

fn metadata_text(extra: &Map<String, Value>) -> String {
    if extra.is_empty() {
        String::new()
    } else {
        Value::Object(extra.clone()).to_string()
    }
}

struct Reader {
    problems: Vec<LensProblem>,
    warnings: Vec<LensProblem>,
    lang: Lang,
}

/// Ids a set holds: letters, digits, `_`, `-`, `.` (a lens's are a subset of these).
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

impl Reader {
    fn text(&self, text: &str) -> LocalizedText {
        match self.lang {
            Lang::Ja => LocalizedText {
                ja: Some(text.to_string()),
                en: None,
            },
            Lang::En => LocalizedText {
                ja: None,
                en: Some(text.to_string()),
            },
        }
    }

    fn id(&mut self, id: &str, path: &str, seen: &mut HashSet<String>, what: &str) {
        if !valid_id(id) {
            self.problems.push(error(
                &key_path(path, "id"),
                format!("{what} id \"{id}\" must be 1–128 letters, digits, '_', '-' or '.'"),
            ));
        } else if !seen.insert(id.to_string()) {
            self.problems.push(error(
                &key_path(path, "id"),
                format!("duplicate {what} id \"{id}\""),
            ));
        }
    }

    fn title(&mut self, title: &str, path: &str) {
        if title.trim().is_empty() {
            self.problems.push(error(path, "is empty".into()));
        }
    }

    fn pillars(&mut self, lens: &Lens) -> Vec<Pillar> {
        if lens.pillars.is_empty() {
            self.problems
                .push(error("pillars", "the lens has no pillars".into()));
        }
        self.title(&lens.name, "name");
        let mut pillar_ids = HashSet::new();
        let mut question_ids = HashSet::new();
        let mut pillars = Vec::new();
        for (p, pillar) in lens.pillars.iter().enumerate() {
            let path = index_path("pillars", p);
            self.id(&pillar.id, &path, &mut pillar_ids, "pillar");
            self.title(&pillar.name, &key_path(&path, "name"));
            if pillar.questions.is_empty() {
                self.problems.push(error(
                    &key_path(&path, "questions"),
                    "has no questions".into(),
                ));
            }
            let questions = pillar
                .questions
                .iter()
                .enumerate()
                .map(|(q, question)| {
                    let path = index_path(&key_path(&path, "questions"), q);
                    self.id(&question.id, &path, &mut question_ids, "question");
                    self.question(question, &path)
                })
                .collect();
            pillars.push(Pillar {
                id: pillar.id.clone(),
                title: self.text(&pillar.name),
                questions,
            });
        }
        pillars
    }

    fn question(&mut self, question: &LensQuestion, path: &str) -> Question {
        self.title(&question.title, &key_path(path, "title"));
        let mut choice_ids = HashSet::new();
        let choices: Vec<Choice> = question
            .choices
            .iter()
            .enumerate()
            .map(|(c, choice)| {
                let path = index_path(&key_path(path, "choices"), c);
                self.id(&choice.id, &path, &mut choice_ids, "choice");
                self.choice(choice, &path)
            })
            .collect();
        let flags: Vec<bool> = choices.iter().map(|c| c.none_of_these).collect();
        for problem in super::problem::none_of_these_problems(&flags) {
            self.problems
                .push(error(&key_path(path, "choices"), problem));
        }
        let (guidance, guidance_url) = self.resource(
            question.helpful_resource.as_ref(),
            &key_path(path, "helpfulResource"),
        );
        Question {
            id: question.id.clone(),
            label: None,
            title: self.text(&question.title),
            description: question.description.as_deref().map(|d| self.text(d)),
            guidance,
            guidance_url,
            risk_rules: self.rules(question, &choices, path),
            choices,
            key: None,
        }
    }

    fn resource(
        &mut self,
        resource: Option<&LensResource>,
        path: &str,
    ) -> (Option<LocalizedText>, Option<String>) {
        match resource {
            None => (None, None),
            Some(r) => (
                (!r.display_text.trim().is_empty()).then(|| self.text(&r.display_text)),
                self.url(r.url.as_deref(), &key_path(path, "url")),
            ),
        }
    }

    /// A resource's URL: none when blank; an error unless http(s) (a set keeps web links only).
    fn url(&mut self, url: Option<&str>, path: &str) -> Option<String> {
        let url = url.map(str::trim).filter(|u| !u.is_empty())?;
        if let Some(problem) = super::problem::url_problem(url) {
            self.problems.push(error(path, problem));
        }
        Some(url.to_string())
    }

    fn choice(&mut self, choice: &LensChoice, path: &str) -> Choice {
        self.title(&choice.title, &key_path(path, "title"));
        let (mut description, description_url) = self.resource(
            choice.helpful_resource.as_ref(),
            &key_path(path, "helpfulResource"),
        );
        let mut explanation = Vec::new();
        if let Some(text) = choice
            .description
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            if description.is_none() {
                description = Some(self.text(text));
            } else {
                // Both a description and a helpful resource: the second is kept as 解説.
                explanation.push(self.text(text));
                self.warnings.push(warning(
                    &key_path(path, "description"),
                    "kept as the choice's explanation (its helpfulResource is its description)"
                        .into(),
                ));
            }
        }
        let (improvement, improvement_url) = self.resource(
            choice.improvement_plan.as_ref(),
            &key_path(path, "improvementPlan"),
        );
        let mut links = Vec::new();
        for (g, group) in choice.additional_resources.iter().enumerate() {
            let kind = match group.kind {
                LensResourceKind::HelpfulResource => "helpful_resource",
                LensResourceKind::ImprovementPlan => "improvement_plan",
            };
            for (i, item) in group.content.iter().enumerate() {
                let group = index_path(&key_path(path, "additionalResources"), g);
                let at = key_path(&index_path(&key_path(&group, "content"), i), "url");
                links.push(Link {
                    title: item.display_text.clone(),
                    url: self.url(item.url.as_deref(), &at).unwrap_or_default(),
                    kind: Some(kind.to_string()),
                });
            }
        }
        Choice {
            id: choice.id.clone(),
            title: self.text(&choice.title),
            description,
            description_url,
            fisc_refs: Vec::new(),
            explanation,
            improvement,
            improvement_url,
            links,
            none_of_these: choice.is_none_of_these(),
        }
    }

    fn rules(&mut self, question: &LensQuestion, choices: &[Choice], path: &str) -> Vec<RiskRule> {
        let resolve = |name: &str| choices.iter().position(|c| c.id == name);
        let mut rules = Vec::new();
        for (n, rule) in question.risk_rules.iter().enumerate() {
            let at = index_path(&key_path(path, "riskRules"), n);
            let condition = rule.condition.trim();
            if rules
                .last()
                .is_some_and(|r: &RiskRule| r.condition == "default")
            {
                self.warnings.push(warning(
                    &at,
                    "comes after the 'default' rule, so it never applies: not imported".into(),
                ));
                continue;
            }
            if let Err(e) = parse_condition(condition, &resolve) {
                self.problems
                    .push(error(&key_path(&at, "condition"), e.to_string()));
                continue;
            }
            rules.push(RiskRule {
                condition: condition.to_string(),
                risk: match rule.risk {
                    LensRisk::HighRisk => RuleRisk::High,
                    LensRisk::MediumRisk => RuleRisk::Medium,
                    LensRisk::NoRisk => RuleRisk::None,
                },
            });
        }
        if rules.last().is_none_or(|r| r.condition != "default") {
            self.warnings.push(warning(
                &key_path(path, "riskRules"),
                "no 'default' rule: the question's risk is NONE when no rule holds".into(),
            ));
            rules.push(RiskRule {
                condition: "default".into(),
                risk: RuleRisk::None,
            });
        }
        rules
    }
}
