//! The question sets shipped inside the binary. The files in `questions/` are the source of
//! truth; they are embedded at compile time so the app and CLI never read them at run time.

use super::QuestionSet;
use crate::error::{Error, Result};

/// (set id, TOML text) of every shipped set, in the order they are offered.
const SHIPPED: [(&str, &str); 4] = [
    ("sec", include_str!("../../../../questions/sec.toml")),
    (
        "fisc-sec",
        include_str!("../../../../questions/fisc-sec.toml"),
    ),
    (
        "fisc-ops",
        include_str!("../../../../questions/fisc-ops.toml"),
    ),
    (
        "fisc-rel",
        include_str!("../../../../questions/fisc-rel.toml"),
    ),
];

/// The sets a new workbook gets when none are named.
pub const DEFAULT_SET_IDS: [&str; 2] = ["sec", "fisc-sec"];

pub fn shipped_set_ids() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(id, _)| *id)
}

pub fn shipped_set(id: &str) -> Result<QuestionSet> {
    let (_, text) = SHIPPED
        .iter()
        .find(|(known, _)| *known == id)
        .ok_or_else(|| Error::QuestionSetNotFound {
            id: id.to_string(),
            known: shipped_set_ids().collect::<Vec<_>>().join(", "),
        })?;
    QuestionSet::from_toml(text, &format!("shipped set '{id}'"))
}

pub fn shipped_sets() -> Result<Vec<QuestionSet>> {
    shipped_set_ids().map(shipped_set).collect()
}
