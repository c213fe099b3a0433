//! The AWS Well-Architected Tool custom-lens JSON (`schemaVersion` "2021-11-01"), as serde
//! types: every field of the *Lens format specification*, camelCase as in the file.
//!
//! Every object keeps the keys it does not know in `extra` (public lenses carry `_version`,
//! `_release_note`, `_teams`, …), so reading a lens and writing it back loses nothing. These
//! types describe the shape only; [`super::check`] says whether a document is one the WA Tool
//! accepts (it works on the raw JSON, so it can report every problem, not the first).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The only schema version the specification defines.
pub const SCHEMA_VERSION: &str = "2021-11-01";

/// A whole lens file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lens {
    pub schema_version: String,
    /// Up to 128 characters.
    pub name: String,
    /// Up to 2048 characters; shown when a lens is chosen for a workload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 1–10 pillars.
    pub pillars: Vec<LensPillar>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LensPillar {
    /// `[A-Za-z0-9_]{3,128}`, unique in the lens (the API takes at most 64).
    pub id: String,
    /// Up to 128 characters.
    pub name: String,
    /// 1–20 questions.
    pub questions: Vec<LensQuestion>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LensQuestion {
    /// `[A-Za-z0-9_]{3,128}`, unique in the lens.
    pub id: String,
    /// Up to 128 characters.
    pub title: String,
    /// Up to 2048 characters (the API takes at most 1024).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<LensResource>,
    /// 1–15 choices. A choice whose id ends in `_no` is the question's "None of these".
    pub choices: Vec<LensChoice>,
    /// 1–3 rules, one per risk, exactly one of them `default`.
    pub risk_rules: Vec<LensRiskRule>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LensChoice {
    /// `[A-Za-z0-9_]{3,128}`, unique in its question (the API takes at most 64).
    pub id: String,
    /// Up to 128 characters.
    pub title: String,
    /// Up to 2048 characters (the API's `Choice` has one; the lens template does not use it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<LensResource>,
    /// Required on every choice but the `_no` one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement_plan: Option<LensResource>,
    /// At most 5 items of each type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_resources: Vec<LensAdditionalResources>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A text (up to 2048 characters) with an optional `http://` or `https://` URL: a helpful
/// resource, an improvement plan, or one item of additional resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LensResource {
    pub display_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LensAdditionalResources {
    #[serde(rename = "type")]
    pub kind: LensResourceKind,
    pub content: Vec<LensResource>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LensResourceKind {
    HelpfulResource,
    ImprovementPlan,
}

impl LensResourceKind {
    pub fn parse(text: &str) -> Option<LensResourceKind> {
        match text {
            "HELPFUL_RESOURCE" => Some(LensResourceKind::HelpfulResource),
            "IMPROVEMENT_PLAN" => Some(LensResourceKind::ImprovementPlan),
            _ => None,
        }
    }
}

/// One rule: a condition over the question's choice ids (the same language as the shipped
/// sets' rules, see `question_set::parse_condition`) or `default`, and the risk it gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LensRiskRule {
    pub condition: String,
    pub risk: LensRisk,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LensRisk {
    HighRisk,
    MediumRisk,
    NoRisk,
}

impl LensRisk {
    pub fn parse(text: &str) -> Option<LensRisk> {
        match text {
            "HIGH_RISK" => Some(LensRisk::HighRisk),
            "MEDIUM_RISK" => Some(LensRisk::MediumRisk),
            "NO_RISK" => Some(LensRisk::NoRisk),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LensRisk::HighRisk => "HIGH_RISK",
            LensRisk::MediumRisk => "MEDIUM_RISK",
            LensRisk::NoRisk => "NO_RISK",
        }
    }
}

impl LensChoice {
    /// The WA Tool's "None of these" choice: its id ends in `_no`.
    pub fn is_none_of_these(&self) -> bool {
        is_none_choice_id(&self.id)
    }
}

pub(crate) fn is_none_choice_id(id: &str) -> bool {
    id.ends_with("_no")
}

impl Lens {
    /// Reads a lens already known to be well-formed JSON of the right shape.
    pub fn from_json(text: &[u8]) -> Result<Lens, serde_json::Error> {
        serde_json::from_slice(text)
    }

    /// The file text: pretty-printed, two-space indents, a final newline.
    pub fn to_json_pretty(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }
}
