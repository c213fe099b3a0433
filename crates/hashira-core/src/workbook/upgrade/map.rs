//! The id map of a set upgrade (`hashira set upgrade --map MAP.toml`, questions/README.md "Upgrade
//! maps"): which old question or choice id becomes which new one when an edition renames ids.
//!
//! ```toml
//! [questions]
//! FISCSEC3 = "FISCSEC30"              # renamed
//! FISCSEC9 = ["FISCSEC9", "FISCSEC11"] # split: the answer is carried to each
//! FISCSEC7 = []                       # removed on purpose (as if absent from the new edition)
//!
//! [choices]
//! "FISCSEC1.FISCSEC1-BP02" = "FISCSEC1-BP05"  # old question id . old choice id = new choice id
//! ```
//!
//! Everything the map does not name carries by its own id. Ids are the set's own ids (as its
//! file writes them), never the workbook's `set_id/question_id` keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// An upgrade's id renames, old → new.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdMap {
    /// Old question id → new question id, or several for a split (none: removed).
    #[serde(default)]
    pub questions: BTreeMap<String, MapTarget>,
    /// `"OLD_QUESTION.OLD_CHOICE"` → new choice id (in the question(s) the old one becomes).
    #[serde(default)]
    pub choices: BTreeMap<String, String>,
}

/// Where an old question goes: one new question, or several (a split).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MapTarget {
    One(String),
    Split(Vec<String>),
}

impl MapTarget {
    pub fn ids(&self) -> Vec<&str> {
        match self {
            MapTarget::One(id) => vec![id.as_str()],
            MapTarget::Split(ids) => ids.iter().map(String::as_str).collect(),
        }
    }
}

impl IdMap {
    /// Reads a map file's text; `origin` names the file in the error.
    pub fn from_toml(text: &str, origin: &str, set_id: &str) -> Result<IdMap> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| {
                let before = text.get(..span.start).unwrap_or(text);
                before.matches('\n').count() + 1
            });
            let place = match line {
                Some(line) => format!("{origin}, line {line}"),
                None => origin.to_string(),
            };
            Error::SetUpgradeRefused {
                set_id: set_id.to_string(),
                kind: "MAP_INVALID",
                message: format!("the id map {origin} cannot be read"),
                problems: vec![format!("{place}: {}", e.message().trim())],
            }
        })
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty() && self.choices.is_empty()
    }

    /// The map as the plan's fingerprint hashes it (sorted keys: one text per map).
    pub(super) fn canonical(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The `[choices]` key split into old question id and old choice id, at the dot after
    /// which the rest is a choice of the question the rest names (ids may hold dots).
    pub(super) fn split_choice_key(
        key: &str,
        is_choice: impl Fn(&str, &str) -> bool,
    ) -> Option<(&str, &str)> {
        key.match_indices('.')
            .map(|(at, _)| (&key[..at], &key[at + 1..]))
            .find(|(question, choice)| is_choice(question, choice))
    }
}
