//! The question sets shipped inside the binary. The files in `questions/` are the source of
//! truth; they are embedded at compile time so the app and CLI never read them at run time.

use std::sync::OnceLock;

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

/// The shipped sets, parsed and validated once per process: parsing all four (TOML, validation,
/// rule compilation) is the slowest part of the app's start-up, and their text never changes.
static PARSED: OnceLock<Vec<QuestionSet>> = OnceLock::new();

/// The shipped sets, borrowed from the once-parsed copy. Calling it early (the app does, on a
/// background thread while the window starts) means later callers find them ready.
pub fn parsed_shipped_sets() -> Result<&'static [QuestionSet]> {
    if let Some(sets) = PARSED.get() {
        return Ok(sets);
    }
    let sets = SHIPPED
        .iter()
        .map(|(id, text)| QuestionSet::from_toml(text, &format!("shipped set '{id}'")))
        .collect::<Result<Vec<_>>>()?;
    // Two threads may parse at once; both results are equal and the first one stays.
    Ok(PARSED.get_or_init(|| sets))
}

pub fn shipped_set(id: &str) -> Result<QuestionSet> {
    parsed_shipped_sets()?
        .iter()
        .find(|set| set.id() == id)
        .cloned()
        .ok_or_else(|| Error::QuestionSetNotFound {
            id: id.to_string(),
            known: shipped_set_ids().collect::<Vec<_>>().join(", "),
        })
}

pub fn shipped_sets() -> Result<Vec<QuestionSet>> {
    Ok(parsed_shipped_sets()?.to_vec())
}
