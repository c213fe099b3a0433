//! Evidence as the UI attaches it.

use serde::Deserialize;
use ts_rs::TS;

/// Evidence to attach, as the UI sends it (a file is named by the path the user picked).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EvidenceInput {
    File { path: String, title: String },
    Link { url: String, title: String },
    Text { text: String, title: String },
}
