//! What a rendered report could not print as written, for its callers to show (the CLI on
//! stderr and in `--json`, the app after writing the file).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::ReportModel;

/// A character of the report's text that the embedded font has no glyph for (𠮷 U+20BB7, an
/// emoji, a rare kanji): printed as `replacement` — the geta mark 〓, or nothing for a
/// variation selector — one warning per place it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportWarning {
    /// The character as written.
    pub character: String,
    /// `U+20BB7`.
    pub code_point: String,
    /// What the report prints instead (`〓`, or empty when it is left out).
    pub replacement: String,
    /// The question whose text holds it, when it is a question's.
    pub question_id: Option<String>,
    /// Where in the report's data it is (`answers.pillars.questions.notes`), when known.
    pub field: Option<String>,
    /// The same, in one English sentence.
    pub message: String,
}

impl ReportWarning {
    fn new(
        c: char,
        replacement: Option<char>,
        question_id: Option<String>,
        field: Option<String>,
    ) -> Self {
        let code_point = format!("U+{:04X}", u32::from(c));
        let replacement = replacement.map(String::from).unwrap_or_default();
        let printed = if replacement.is_empty() {
            "left out".to_string()
        } else {
            format!("printed as {replacement}")
        };
        let place = match (&question_id, &field) {
            (Some(q), Some(f)) => format!(" (question {q}, {f})"),
            (None, Some(f)) => format!(" ({f})"),
            _ => String::new(),
        };
        ReportWarning {
            message: format!("{c} ({code_point}) is not in the report font: {printed}{place}"),
            character: c.to_string(),
            code_point,
            replacement,
            question_id,
            field,
        }
    }
}

/// One warning per replaced character and place in the model where it occurs (in a stable
/// order: the model's data, fields by name); a character found nowhere in the model still gets
/// one, without a place.
pub(crate) fn glyph_warnings(
    model: &ReportModel,
    replaced: &[char],
    replacement: impl Fn(char) -> Option<char>,
) -> Vec<ReportWarning> {
    if replaced.is_empty() {
        return Vec::new();
    }
    let mut places = Vec::new();
    if let Ok(value) = serde_json::to_value(model) {
        find(&value, &mut Vec::new(), None, replaced, &mut places);
    }
    let mut warnings: Vec<ReportWarning> = places
        .into_iter()
        .map(|(c, question, field)| ReportWarning::new(c, replacement(c), question, Some(field)))
        .collect();
    for &c in replaced {
        if !warnings.iter().any(|w| w.character.chars().eq([c])) {
            warnings.push(ReportWarning::new(c, replacement(c), None, None));
        }
    }
    warnings
}

type Place = (char, Option<String>, String);

fn find<'a>(
    value: &'a Value,
    path: &mut Vec<&'a str>,
    question: Option<&'a str>,
    replaced: &[char],
    places: &mut Vec<Place>,
) {
    match value {
        Value::String(text) => {
            for c in text.chars().filter(|c| replaced.contains(c)) {
                let place = (c, question.map(String::from), path.join("."));
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                find(item, path, question, replaced, places);
            }
        }
        Value::Object(fields) => {
            let question = question_of(fields, path.last().copied()).or(question);
            for (key, item) in fields {
                path.push(key);
                find(item, path, question, replaced, places);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The question an object of the model belongs to: its `question_id`, or its `id` when it is
/// one of a pillar's `questions`.
fn question_of<'a>(fields: &'a Map<String, Value>, key: Option<&str>) -> Option<&'a str> {
    fields
        .get("question_id")
        .or_else(|| fields.get("id").filter(|_| key == Some("questions")))
        .and_then(Value::as_str)
}
