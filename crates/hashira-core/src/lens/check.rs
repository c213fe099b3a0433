//! The custom-lens validator: every rule of the *Lens format specification* checked on the raw
//! JSON, so one run lists EVERY problem, each placed by its JSON path
//! (`pillars[2].questions[5].riskRules[1].condition`).
//!
//! Errors are what the specification forbids; warnings are where the WA Tool's API is stricter
//! than the specification (a question description over 1024 characters, a pillar or choice id
//! over 64), so a lens that passes with warnings may still be refused on import.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::model::{LensResourceKind, LensRisk, SCHEMA_VERSION, is_none_choice_id};
use super::path::{index_path, key_path};
use super::problem::too_big;
pub use super::problem::{LensProblem, Severity};
use crate::question_set::parse_condition;

/// The WA Tool refuses a lens over 500 KB.
pub const MAX_LENS_BYTES: usize = 500_000;
/// Longer files are not even parsed: nothing the WA Tool accepts comes near it.
pub const MAX_READ_BYTES: u64 = 5 * 1024 * 1024;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const MAX_NAME: usize = 128;
const MAX_TEXT: usize = 2048;
const API_MAX_QUESTION_DESCRIPTION: usize = 1024;
const API_MAX_ID: usize = 64;
const MAX_RESOURCES_PER_KIND: usize = 5;

/// Every problem of a lens file's bytes, in document order. A list without an error is a lens
/// the specification accepts (warnings aside). Over [`MAX_READ_BYTES`] nothing is parsed.
pub fn check_lens_bytes(bytes: &[u8]) -> Vec<LensProblem> {
    if bytes.len() as u64 > MAX_READ_BYTES {
        return vec![too_big(bytes.len() as u64)];
    }
    let mut checker = Checker::default();
    if bytes.len() > MAX_LENS_BYTES {
        checker.error(
            "$",
            format!(
                "the file is {} bytes, over the WA Tool's limit of {MAX_LENS_BYTES}",
                bytes.len()
            ),
        );
    }
    let mut body = bytes;
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        checker.error(
            "$",
            "the file starts with a UTF-8 byte order mark, which a JSON text must not have (RFC 8259 §8.1): save it as UTF-8 without BOM".into(),
        );
        body = rest;
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        checker.error(
            "$",
            "the file is UTF-16 (it starts with a UTF-16 byte order mark); a lens is UTF-8 JSON (RFC 8259 §8.1)".into(),
        );
        return checker.problems;
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(document) => {
            for (path, key) in super::duplicate_keys::duplicate_keys(body) {
                checker.error(
                    &path,
                    format!(
                        "the key \"{key}\" is named twice in this object; which one the WA Tool keeps is not specified: keep one"
                    ),
                );
            }
            checker.lens(&document);
        }
        Err(e) => checker.error(
            "$",
            format!(
                "not valid JSON at line {} column {}: {}",
                e.line(),
                e.column(),
                json_reason(&e)
            ),
        ),
    }
    checker.problems
}

/// serde_json's message without its own " at line L column C" suffix (the caller places it).
pub(crate) fn json_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// `[A-Za-z0-9_]{3,128}`.
pub fn is_valid_id(id: &str) -> bool {
    (3..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[derive(Default)]
struct Checker {
    problems: Vec<LensProblem>,
    question_ids: HashMap<String, String>,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Checker {
    fn error(&mut self, path: &str, message: String) {
        self.push(path, message, Severity::Error);
    }

    fn warning(&mut self, path: &str, message: String) {
        self.push(path, message, Severity::Warning);
    }

    fn push(&mut self, path: &str, message: String, severity: Severity) {
        let path = if path.is_empty() { "$" } else { path };
        self.problems.push(LensProblem {
            path: path.to_string(),
            message,
            severity,
        });
    }

    fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.error(
                    path,
                    format!("expected an object, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// Keys the specification does not define. `_`-prefixed keys are the public lenses'
    /// comments (`_version`, `_note`) and pass; any other is a warning, as the tool may refuse it.
    fn unknown_keys(&mut self, map: &Map<String, Value>, path: &str, known: &[&str]) {
        for key in map.keys() {
            if !key.starts_with('_') && !known.contains(&key.as_str()) {
                self.warning(
                    &key_path(path, key),
                    format!("\"{key}\" is not a field of the lens format"),
                );
            }
        }
    }

    /// A string field: required or optional, at most `max` characters.
    fn text<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
        max: usize,
    ) -> Option<&'v str> {
        let path = key_path(path, key);
        match map.get(key) {
            None if required => {
                self.error(&path, "is required".into());
                None
            }
            None => None,
            Some(Value::String(text)) => {
                let length = text.chars().count();
                if length > max {
                    self.error(
                        &path,
                        format!("is {length} characters long, over the limit of {max}"),
                    );
                } else if required && text.trim().is_empty() {
                    self.error(&path, "is empty".into());
                }
                Some(text)
            }
            Some(other) => {
                self.error(
                    &path,
                    format!("expected a string, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// An array field with `min..=max` items.
    fn array<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &str,
        key: &str,
        (min, max): (usize, usize),
        what: &str,
    ) -> &'v [Value] {
        let path = key_path(path, key);
        match map.get(key) {
            None if min > 0 => {
                self.error(&path, "is required".into());
                &[]
            }
            None => &[],
            Some(Value::Array(items)) => {
                if items.len() < min || items.len() > max {
                    self.error(
                        &path,
                        format!(
                            "has {} {what}; the lens format allows {min} to {max}",
                            items.len()
                        ),
                    );
                }
                items
            }
            Some(other) => {
                self.error(
                    &path,
                    format!("expected an array, found {}", type_name(other)),
                );
                &[]
            }
        }
    }

    /// An id field: `[A-Za-z0-9_]{3,128}`, and a warning over `api_max`.
    fn id<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &str,
        api_max: Option<usize>,
    ) -> Option<&'v str> {
        let id = self.text(map, path, "id", true, usize::MAX)?;
        let path = key_path(path, "id");
        if !is_valid_id(id) {
            self.error(
                &path,
                format!("\"{id}\" is not a valid id: 3 to 128 characters from A-Z, a-z, 0-9 and _"),
            );
        } else if let Some(api_max) = api_max
            && id.len() > api_max
        {
            self.warning(
                &path,
                format!(
                    "\"{id}\" is {} characters long; the WA Tool API takes at most {api_max}",
                    id.len()
                ),
            );
        }
        Some(id)
    }

    fn url(&mut self, map: &Map<String, Value>, path: &str) {
        if let Some(url) = self.text(map, path, "url", false, MAX_TEXT)
            && let Some(problem) = super::problem::url_problem(url)
        {
            self.error(&key_path(path, "url"), problem);
        }
    }

    /// `{displayText, url}`: a helpful resource, an improvement plan or a content item.
    fn resource(&mut self, value: &Value, path: &str) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        self.unknown_keys(map, path, &["displayText", "url"]);
        self.text(map, path, "displayText", true, MAX_TEXT);
        self.url(map, path);
    }

    fn lens(&mut self, document: &Value) {
        let Some(map) = self.object(document, "") else {
            return;
        };
        self.unknown_keys(
            map,
            "",
            &["schemaVersion", "name", "description", "pillars"],
        );
        if let Some(version) = self.text(map, "", "schemaVersion", true, usize::MAX)
            && version != SCHEMA_VERSION
        {
            self.error(
                "schemaVersion",
                format!("\"{version}\" is not the lens schema version \"{SCHEMA_VERSION}\""),
            );
        }
        self.text(map, "", "name", true, MAX_NAME);
        self.text(map, "", "description", false, MAX_TEXT);
        let mut pillar_ids = HashSet::new();
        for (p, pillar) in self
            .array(map, "", "pillars", (1, 10), "pillars")
            .iter()
            .enumerate()
        {
            self.pillar(pillar, &index_path("pillars", p), &mut pillar_ids);
        }
    }

    fn pillar(&mut self, value: &Value, path: &str, ids: &mut HashSet<String>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        self.unknown_keys(map, path, &["id", "name", "questions"]);
        if let Some(id) = self.id(map, path, Some(API_MAX_ID))
            && !ids.insert(id.to_string())
        {
            self.error(
                &key_path(path, "id"),
                format!("pillar id \"{id}\" is used twice"),
            );
        }
        self.text(map, path, "name", true, MAX_NAME);
        let questions = self.array(map, path, "questions", (1, 20), "questions");
        for (q, question) in questions.iter().enumerate() {
            self.question(question, &index_path(&key_path(path, "questions"), q));
        }
    }

    fn question(&mut self, value: &Value, path: &str) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        let known = [
            "id",
            "title",
            "description",
            "helpfulResource",
            "choices",
            "riskRules",
        ];
        self.unknown_keys(map, path, &known);
        if let Some(id) = self.id(map, path, None) {
            if let Some(first) = self.question_ids.get(id) {
                let message = format!("question id \"{id}\" is already used at {first}");
                self.error(&key_path(path, "id"), message);
            } else {
                self.question_ids
                    .insert(id.to_string(), key_path(path, "id"));
            }
        }
        self.text(map, path, "title", true, MAX_NAME);
        if let Some(description) = self.text(map, path, "description", false, MAX_TEXT) {
            let length = description.chars().count();
            if (API_MAX_QUESTION_DESCRIPTION + 1..=MAX_TEXT).contains(&length) {
                self.warning(
                    &key_path(path, "description"),
                    format!(
                        "is {length} characters long; the WA Tool API takes at most {API_MAX_QUESTION_DESCRIPTION}"
                    ),
                );
            }
        }
        if let Some(resource) = map.get("helpfulResource") {
            self.resource(resource, &key_path(path, "helpfulResource"));
        }
        let mut choice_ids: Vec<Option<String>> = Vec::new();
        let choices = self.array(map, path, "choices", (1, 15), "choices");
        for (c, choice) in choices.iter().enumerate() {
            let id = self.choice(
                choice,
                &index_path(&key_path(path, "choices"), c),
                &choice_ids,
            );
            choice_ids.push(id);
        }
        if choice_ids.iter().all(Option::is_some) {
            let flags: Vec<bool> = choice_ids
                .iter()
                .flatten()
                .map(|id| super::model::is_none_choice_id(id))
                .collect();
            for problem in super::problem::none_of_these_problems(&flags) {
                self.error(&key_path(path, "choices"), problem);
            }
        }
        let rules = self.array(map, path, "riskRules", (1, 3), "risk rules");
        self.risk_rules(rules, path, &choice_ids);
    }

    /// Checks one choice and returns its id (to resolve conditions with).
    fn choice(&mut self, value: &Value, path: &str, earlier: &[Option<String>]) -> Option<String> {
        let map = self.object(value, path)?;
        let known = [
            "id",
            "title",
            "description",
            "helpfulResource",
            "improvementPlan",
            "additionalResources",
        ];
        self.unknown_keys(map, path, &known);
        let id = self.id(map, path, Some(API_MAX_ID));
        if let Some(id) = id
            && earlier.iter().flatten().any(|e| e == id)
        {
            let message = format!("choice id \"{id}\" is used twice in this question");
            self.error(&key_path(path, "id"), message);
        }
        self.text(map, path, "title", true, MAX_NAME);
        self.text(map, path, "description", false, MAX_TEXT);
        if let Some(resource) = map.get("helpfulResource") {
            self.resource(resource, &key_path(path, "helpfulResource"));
        }
        match map.get("improvementPlan") {
            Some(plan) => self.resource(plan, &key_path(path, "improvementPlan")),
            None if !id.is_some_and(is_none_choice_id) => self.error(
                &key_path(path, "improvementPlan"),
                "is required on every choice but the question's \"_no\" choice".into(),
            ),
            None => {}
        }
        let groups = self.array(map, path, "additionalResources", (0, 2), "groups");
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (g, group) in groups.iter().enumerate() {
            let group_path = index_path(&key_path(path, "additionalResources"), g);
            let Some(group_map) = self.object(group, &group_path) else {
                continue;
            };
            self.unknown_keys(group_map, &group_path, &["type", "content"]);
            let kind = self.text(group_map, &group_path, "type", true, usize::MAX);
            if let Some(kind) = kind
                && LensResourceKind::parse(kind).is_none()
            {
                self.error(
                    &key_path(&group_path, "type"),
                    format!("\"{kind}\" is not HELPFUL_RESOURCE or IMPROVEMENT_PLAN"),
                );
            }
            let content = self.array(group_map, &group_path, "content", (1, usize::MAX), "items");
            for (i, item) in content.iter().enumerate() {
                self.resource(item, &index_path(&key_path(&group_path, "content"), i));
            }
            if let Some(kind) = kind {
                // One group per type (the API: "one of type HELPFUL_RESOURCE, one of type
                // IMPROVEMENT_PLAN, or both"), of at most five items.
                if let Some(first) = counts.insert(kind, g) {
                    self.error(
                        &key_path(&group_path, "type"),
                        format!("{kind} is already given by additionalResources[{first}]; a choice has one group of each type"),
                    );
                } else if content.len() > MAX_RESOURCES_PER_KIND {
                    self.error(
                        &key_path(&group_path, "content"),
                        format!("has {} items; a choice has at most {MAX_RESOURCES_PER_KIND} additional resources of type {kind}", content.len()),
                    );
                }
            }
        }
        id.map(str::to_string)
    }

    fn risk_rules(&mut self, rules: &[Value], question_path: &str, choices: &[Option<String>]) {
        let mut risks: HashMap<&str, usize> = HashMap::new();
        let mut defaults = 0;
        for (r, rule) in rules.iter().enumerate() {
            let path = index_path(&key_path(question_path, "riskRules"), r);
            let Some(map) = self.object(rule, &path) else {
                continue;
            };
            self.unknown_keys(map, &path, &["condition", "risk"]);
            if let Some(risk) = self.text(map, &path, "risk", true, usize::MAX) {
                if LensRisk::parse(risk).is_none() {
                    self.error(
                        &key_path(&path, "risk"),
                        format!("\"{risk}\" is not HIGH_RISK, MEDIUM_RISK or NO_RISK"),
                    );
                } else if let Some(first) = risks.insert(risk, r) {
                    self.error(
                        &key_path(&path, "risk"),
                        format!("{risk} is already given by riskRules[{first}]; each risk may have one rule"),
                    );
                }
            }
            if let Some(condition) = self.text(map, &path, "condition", true, usize::MAX) {
                if condition.trim() == "default" {
                    defaults += 1;
                } else {
                    self.condition(condition, &key_path(&path, "condition"), choices);
                }
            }
        }
        if !rules.is_empty() && defaults != 1 {
            self.error(
                &key_path(question_path, "riskRules"),
                format!("has {defaults} \"default\" rules; exactly one is required"),
            );
        }
    }

    /// Parses a condition with the core's bounded parser; every unknown choice id is listed.
    fn condition(&mut self, text: &str, path: &str, choices: &[Option<String>]) {
        let unknown = RefCell::new(Vec::<String>::new());
        let parsed = parse_condition(text, &|name| {
            match choices.iter().position(|c| c.as_deref() == Some(name)) {
                Some(index) => Some(index),
                None => {
                    unknown.borrow_mut().push(name.to_string());
                    // Keep parsing so every unknown id of the condition is reported.
                    Some(usize::MAX)
                }
            }
        });
        match parsed {
            Ok(_) => {
                let mut seen = HashSet::new();
                for name in unknown.into_inner() {
                    if seen.insert(name.clone()) {
                        self.error(path, format!("unknown choice id \"{name}\""));
                    }
                }
            }
            Err(e) => self.error(path, format!("cannot be parsed: {e}")),
        }
    }
}
