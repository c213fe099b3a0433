//! Upgrading a question set to a new edition: where the new edition comes from, as the UI
//! sends it, and the plan as the UI shows it. The plan itself is the core's `UpgradePlan`.

use hashira_core::lens::LensProblem;
use hashira_core::workbook::upgrade::UpgradePlan;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The new edition of a set, as `hashira set upgrade` offers it (`--file`, `--lens`, `--shipped`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UpgradeEdition {
    /// A set file (TOML).
    File { path: String },
    /// An AWS WA Tool custom lens (JSON).
    Lens { path: String },
    /// The edition this build ships.
    Shipped,
}

/// The plan of an upgrade (nothing changed yet), with what reading a lens warned about.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetUpgradePreview {
    pub plan: UpgradePlan,
    /// A lens's warnings (texts in the other language…); empty for a set file or the shipped set.
    pub warnings: Vec<LensProblem>,
}
