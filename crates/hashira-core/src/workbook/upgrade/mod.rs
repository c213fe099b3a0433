//! Question-set upgrades that keep the answers (issue #13 §3): a new edition of a set the
//! workbook holds replaces it, and every answer is carried by question id and choice id (an
//! [`IdMap`] renames ids, a question may split into several).
//!
//! `plan.rs` works out the plan — carried unchanged, carried but changed (answered ones to
//! re-review), selections lost with their removed choices, new questions and choices, removed
//! questions — without writing anything; `apply.rs` applies exactly that plan (its fingerprint
//! is checked): first a milestone "before upgrade to SET VERSION" that keeps the old text and
//! every old answer, then ONE transaction with ONE `question_set.upgrade` audit entry;
//! `rereview.rs` is the re-review list a reviewer clears by confirming or changing an answer.
//!
//! Refused before anything changes (`SET_UPGRADE_REFUSED`, `details.kind`): a map naming an id
//! neither edition has (`MAP_UNKNOWN_ID`), two old questions mapped to one (`MAP_CONFLICT`), a
//! set file of another id (`OTHER_SET`), a version not newer than the stored one (`NOT_NEWER`);
//! a set the workbook lacks is `QUESTION_SET_NOT_FOUND`; a plan that changed since it was shown
//! is `IMPORT_PLAN_CHANGED`.

mod apply;
pub mod map;
mod plan;
mod rereview;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

pub use map::{IdMap, MapTarget};
pub use rereview::RereviewItem;

use super::milestone::MilestoneInfo;
use super::sets::load_sets;
use super::{DbResult, Workbook};
use crate::error::{Error, Result};
use crate::hashing::sha256_hex;
use crate::question_set::QuestionSet;

/// What an upgrade of one set does, shown before anything changes (`--dry-run`, the app).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpgradePlan {
    pub set_id: String,
    pub from_version: String,
    pub to_version: String,
    /// The two versions as every surface writes them (`question_set::version_label`).
    pub from_version_label: String,
    pub to_version_label: String,
    pub from_sha256: String,
    pub to_sha256: String,
    /// Carried (by id or through the map) with nothing changed.
    pub unchanged: Vec<CarriedQuestion>,
    /// Carried, but the question's text or rules, or a choice, changed: an answered one goes on
    /// the re-review list (`to_rereview`).
    pub changed: Vec<CarriedQuestion>,
    /// Selections and choice N/A marks dropped because their choice is gone. The pre-upgrade
    /// milestone keeps them, and the audit entry lists them.
    pub lost_selections: Vec<LostSelection>,
    /// Questions of the new edition no old question becomes: unanswered.
    pub new_questions: Vec<NewQuestion>,
    /// Old questions the new edition drops: their answers and evidence leave the current
    /// review and stay in the pre-upgrade milestone.
    pub removed_questions: Vec<RemovedQuestion>,
    pub summary: UpgradeSummary,
    /// SHA-256 of the workbook's state and both editions and the map: `--expect-plan`.
    pub fingerprint: String,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub(crate) resolution: Option<plan::Resolution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CarriedQuestion {
    /// The old question id and the new one (the same unless the map renames it).
    pub from: String,
    pub to: String,
    /// Whether the old question had an answer (a selection, N/A, or notes).
    pub answered: bool,
    /// One of several questions the old one was split into.
    pub split: bool,
    pub question_text_changed: bool,
    pub rules_changed: bool,
    /// New choice ids whose title or description changed.
    pub choices_text_changed: Vec<String>,
    pub choices_renamed: Vec<ChoiceRename>,
    pub choices_added: Vec<String>,
    pub choices_removed: Vec<String>,
    /// Old choice ids selected or marked N/A whose choice is gone.
    pub selections_lost: Vec<String>,
    /// Goes on the re-review list: answered and changed.
    pub to_rereview: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChoiceRename {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LostSelection {
    pub question: String,
    pub new_question: String,
    pub choice_id: String,
    /// `SELECTED` or `NOT_APPLICABLE`.
    pub status: &'static str,
    pub reason: Option<String>,
    pub reason_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewQuestion {
    pub id: String,
    pub pillar_id: String,
    pub choices: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemovedQuestion {
    pub id: String,
    pub answered: bool,
    pub evidence: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpgradeSummary {
    pub unchanged: usize,
    pub changed: usize,
    pub to_rereview: usize,
    pub lost_selections: usize,
    pub new_questions: usize,
    pub new_choices: usize,
    pub removed_questions: usize,
    pub removed_answers: usize,
    pub removed_evidence: usize,
}

/// What an applied upgrade did: its plan and the milestone made before it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpgradeOutcome {
    pub plan: UpgradePlan,
    pub milestone: MilestoneInfo,
}

/// The numeric parts of a version (`v1.6.1`, `2020.03`), or `None` when it is not numbers
/// separated by dots.
fn numeric_parts(version: &str) -> Option<Vec<u64>> {
    let version = version.trim();
    let version = version.strip_prefix(['v', 'V']).unwrap_or(version);
    version.split('.').map(|part| part.parse().ok()).collect()
}

/// How `new` compares with `old`: numerically part by part when both are numeric (missing
/// parts count as 0), else only equal or not (`None`: cannot be ordered).
pub fn compare_versions(old: &str, new: &str) -> Option<Ordering> {
    match (numeric_parts(old), numeric_parts(new)) {
        (Some(old), Some(new)) => {
            let len = old.len().max(new.len());
            let part = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
            Some(
                (0..len)
                    .map(|i| part(&new, i).cmp(&part(&old, i)))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal),
            )
        }
        _ if old.trim() == new.trim() => Some(Ordering::Equal),
        _ => None,
    }
}

impl Workbook {
    /// The plan of upgrading set `set_id` to `new` (ids renamed by `map`), without writing.
    pub fn plan_set_upgrade(
        &self,
        set_id: &str,
        new: QuestionSet,
        map: Option<&IdMap>,
    ) -> Result<UpgradePlan> {
        let empty = IdMap::default();
        let map = map.unwrap_or(&empty);
        // Every stored set, whatever this handle was opened to read (a handle opened for one
        // question holds only that one; parsing a large set again costs most of the plan).
        let reloaded;
        let present: &[QuestionSet] = if self.holds_every_set()? {
            &self.sets
        } else {
            reloaded = load_sets(self.conn(), self.path())?;
            &reloaded
        };
        let Some(old) = present.iter().find(|s| s.id() == set_id) else {
            return Err(Error::QuestionSetNotFound {
                id: set_id.to_string(),
                known: present
                    .iter()
                    .map(|s| s.id())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        if new.id() != set_id {
            return Err(Error::SetUpgradeRefused {
                set_id: set_id.to_string(),
                kind: "OTHER_SET",
                message: format!(
                    "the new file is question set '{}', not '{set_id}'; nothing was changed",
                    new.id()
                ),
                problems: Vec::new(),
            });
        }
        match compare_versions(old.version(), new.version()) {
            Some(Ordering::Greater) | None => {}
            Some(_) => {
                return Err(Error::SetUpgradeRefused {
                    set_id: set_id.to_string(),
                    kind: "NOT_NEWER",
                    message: format!(
                        "the new edition's version {} is not newer than the stored {}; nothing was changed",
                        new.version(),
                        old.version()
                    ),
                    problems: Vec::new(),
                });
            }
        }
        // The workbook's keying kept: a set keyed `set_id/question_id` stays so; otherwise the
        // new edition is keyed as `keyed_for` keys a newly added set beside the others.
        let taken: HashSet<&str> = present
            .iter()
            .filter(|s| s.id() != set_id)
            .flat_map(|s| s.questions().map(|(_, q)| q.key()))
            .collect();
        let new = if old.has_qualified_keys()
            || new.questions().any(|(_, q)| taken.contains(q.id.as_str()))
        {
            new.with_qualified_keys()
        } else {
            new
        };
        let keys: Vec<&str> = old.questions().map(|(_, q)| q.key()).collect();
        let answers: HashMap<String, _> = self
            .answers()?
            .into_iter()
            .filter(|(key, _)| old.question(key).is_some())
            .collect();
        let evidence = self.evidence_per_question(&keys)?;
        let mut plan = plan::plan(plan::Inputs {
            old,
            new,
            map,
            answers: &answers,
            evidence: &evidence,
        })?;
        plan.fingerprint = sha256_hex(
            serde_json::json!({
                "workbook": self.id(),
                "audit_head": self.audit_head()?,
                "set": set_id,
                "from": plan.from_sha256,
                "to": plan.to_sha256,
                "map": map.canonical(),
            })
            .to_string()
            .as_bytes(),
        );
        Ok(plan)
    }

    /// Upgrades set `set_id` to `new`: the plan [`Workbook::plan_set_upgrade`] shows (refused
    /// with `IMPORT_PLAN_CHANGED` when `expected_fingerprint` is given and differs), after a
    /// milestone of the review as it was, in one transaction with one audit entry.
    pub fn apply_set_upgrade(
        &mut self,
        set_id: &str,
        new: QuestionSet,
        map: Option<&IdMap>,
        expected_fingerprint: Option<&str>,
        actor: &str,
    ) -> Result<UpgradeOutcome> {
        let plan = self.plan_set_upgrade(set_id, new, map)?;
        if expected_fingerprint.is_some_and(|expected| expected != plan.fingerprint) {
            return Err(Error::ImportPlanChanged {
                path: self.path().to_path_buf(),
            });
        }
        let name = self.free_milestone_name(&format!(
            "before upgrade to {} {}",
            plan.set_id, plan.to_version
        ))?;
        let milestone = self.add_milestone(&name, actor)?;
        self.apply_plan(&plan, &milestone, map, actor)?;
        self.sets = load_sets(self.conn(), self.path())?;
        Ok(UpgradeOutcome { plan, milestone })
    }

    /// `base`, or `base (2)`, `base (3)`… the first no milestone has, within 100 characters.
    fn free_milestone_name(&self, base: &str) -> Result<String> {
        let taken: Vec<String> = self.milestones()?.into_iter().map(|m| m.name).collect();
        let cut = |text: &str, room: usize| text.chars().take(room).collect::<String>();
        let base = cut(base, super::milestone::MAX_MILESTONE_NAME);
        if !taken.contains(&base) {
            return Ok(base);
        }
        let mut n = 2;
        loop {
            let suffix = format!(" ({n})");
            let name = format!(
                "{}{suffix}",
                cut(
                    &base,
                    super::milestone::MAX_MILESTONE_NAME - suffix.chars().count()
                )
            );
            if !taken.contains(&name) {
                return Ok(name);
            }
            n += 1;
        }
    }

    /// Whether this handle holds every stored set whole (not opened for one question).
    fn holds_every_set(&self) -> Result<bool> {
        let mut statement = self
            .conn()
            .prepare("SELECT set_id, count(*) FROM question GROUP BY set_id")
            .db(self.path())?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .db(self.path())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db(self.path())?;
        let stored: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM question_set", [], |r| r.get(0))
            .db(self.path())?;
        Ok(usize::try_from(stored).is_ok_and(|n| n == self.sets.len())
            && rows.iter().all(|(id, count)| {
                self.sets.iter().any(|s| {
                    s.id() == id && usize::try_from(*count).is_ok_and(|c| c == s.question_count())
                })
            }))
    }

    fn evidence_per_question(&self, keys: &[&str]) -> Result<HashMap<String, usize>> {
        let wanted: std::collections::HashSet<&str> = keys.iter().copied().collect();
        let mut statement = self
            .conn()
            .prepare("SELECT question_id, count(*) FROM evidence GROUP BY question_id")
            .db(self.path())?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .db(self.path())?;
        let mut counts = HashMap::new();
        for row in rows {
            let (key, count) = row.db(self.path())?;
            if wanted.contains(key.as_str()) {
                counts.insert(key, usize::try_from(count).unwrap_or(0));
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_their_numbers_else_only_equal() {
        assert_eq!(compare_versions("1.6.1", "1.7.0"), Some(Ordering::Greater));
        assert_eq!(compare_versions("1.10", "1.9"), Some(Ordering::Less));
        assert_eq!(compare_versions("v3.1.0", "v3.1"), Some(Ordering::Equal));
        assert_eq!(
            compare_versions("2020.03", "2023.10"),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare_versions("sha256:abc", "sha256:abc"),
            Some(Ordering::Equal)
        );
        assert_eq!(compare_versions("sha256:abc", "sha256:def"), None);
        assert_eq!(compare_versions("2024-07", "2024-06"), None);
    }
}
