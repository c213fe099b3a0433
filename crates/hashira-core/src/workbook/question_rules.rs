//! The figures' copy of each stored set (schema 5, `migrations/0005_question_rules.sql`): per
//! set its title and pillars (`set_figures`), per question its choice ids, its number of best
//! practices and its risk rules as written (`question_rule`). Counting risks needs nothing
//! else, so [`Workbook::open_for_figures`] + [`Workbook::stored_figures`] (`hashira show`)
//! read these small rows instead of parsing a set's whole text (a 26 MB set took ≈ 0.2 s).
//!
//! The set's text stays the authority: the rows are written from the parsed set when it is
//! added (and by the upgrade for sets stored before), and `verify` compares them with the text
//! (`question_rule_check.rs`). Each question's risk goes through [`crate::risk::risk_of`] and
//! the counts through [`RiskCounts`], as for a parsed set, so the figures are the same.
//!
//! Whatever replaces a stored set's text (a set upgrade) must replace its rows with it: delete
//! its `question_rule` rows (before its `question` rows: a foreign key) and its `set_figures`
//! row, then [`insert`] from the new text in the same transaction; `verify` reports rows that
//! were left behind or disagree.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::file::text_at;
use super::{Answer, DbResult, SetsRead, Workbook, WorkbookOptions, open_connection};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::question_set::{
    Condition, LocalizedText, Question, QuestionSet, RiskRule, RuleRisk, parse_condition,
};
use crate::risk::{PillarRisk, RiskCounts, RiskSummary, SetRisk, risk_of};

/// A pillar as `set_figures.pillars` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct StoredPillar {
    pub id: String,
    pub title: LocalizedText,
}

/// `set_figures` of `set`: its title and pillars, as JSON.
pub(super) fn set_columns(set: &QuestionSet) -> (serde_json::Value, serde_json::Value) {
    let pillars: Vec<StoredPillar> = set
        .pillars()
        .iter()
        .map(|p| StoredPillar {
            id: p.id.clone(),
            title: p.title.clone(),
        })
        .collect();
    (json(set.title()), json(&pillars))
}

/// `question_rule` of `question`: its choice ids, its number of best practices, its rules.
pub(super) fn question_columns(question: &Question) -> (serde_json::Value, i64, serde_json::Value) {
    let choices: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
    let practices = question.practice_choices().count() as i64;
    (json(&choices), practices, json(&question.risk_rules))
}

fn json<T: Serialize + ?Sized>(value: &T) -> serde_json::Value {
    // These types serialise to JSON without fail (strings and lists of strings).
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The `question` table's keys of `set_id`'s questions, in document order, with their pillar.
pub(super) fn question_keys(
    conn: &Connection,
    path: &Path,
    set_id: &str,
) -> Result<Vec<(String, String)>> {
    let mut statement = conn
        .prepare_cached("SELECT id, pillar_id FROM question WHERE set_id = ?1 ORDER BY position")
        .db(path)?;
    let rows = statement
        .query_map([set_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .db(path)?;
    rows.collect::<rusqlite::Result<_>>().db(path)
}

/// Writes the figures' rows of `set`, whose `question` rows are already written (their keys
/// are read from there, so a set keyed `set_id/question_id` gets rows under those keys).
pub(super) fn insert(conn: &Connection, path: &Path, set: &QuestionSet) -> Result<()> {
    let (title, pillars) = set_columns(set);
    conn.prepare_cached(
        "INSERT INTO set_figures (set_id, title, pillars, added_at) \
         VALUES (?1, ?2, ?3, (SELECT added_at FROM question_set WHERE id = ?1))",
    )
    .db(path)?
    .execute((set.id(), title.to_string(), pillars.to_string()))
    .db(path)?;
    let keys = question_keys(conn, path, set.id())?;
    if keys.len() != set.questions().count() {
        return Err(Error::WorkbookCorrupt {
            path: path.to_path_buf(),
            reason: format!(
                "set '{}' has {} questions but the question table lists {}",
                set.id(),
                set.questions().count(),
                keys.len()
            ),
        });
    }
    let mut row = conn
        .prepare_cached(
            "INSERT INTO question_rule (question_id, choices, practices, rules) \
             VALUES (?1, ?2, ?3, ?4)",
        )
        .db(path)?;
    for ((key, _), (_, question)) in keys.iter().zip(set.questions()) {
        let (choices, practices, rules) = question_columns(question);
        row.execute((key, choices.to_string(), practices, rules.to_string()))
            .db(path)?;
    }
    Ok(())
}

/// The upgrade to schema 5: the figures' rows of every set already stored, from its text
/// parsed whole. Runs in the upgrade's transaction.
pub(super) fn fill(conn: &Connection, path: &Path) -> Result<()> {
    for set in super::sets::load_sets(conn, path)? {
        insert(conn, path, &set)?;
    }
    Ok(())
}

/// A stored set as `hashira show` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSetOverview {
    pub id: String,
    pub version: String,
    pub content_hash: String,
    pub added_at: String,
    pub title: LocalizedText,
    pub question_count: usize,
    /// Best-practice choices, not counting "None of these" (as [`QuestionSet::choice_count`]).
    pub choice_count: usize,
}

/// The sets and the figures, read from the stored rules (see the module).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFigures {
    pub sets: Vec<StoredSetOverview>,
    pub risk: RiskSummary,
}

/// One `question` row.
struct StoredQuestion {
    key: String,
    set_id: String,
    pillar_id: String,
    position: i64,
}

/// One `question_rule` row.
struct StoredRule {
    practices: i64,
    choices: String,
    rules: String,
}

impl Workbook {
    /// Opens a workbook to read its figures (`hashira show`): no set's text is read or parsed,
    /// so the workbook holds no sets ([`Workbook::question_sets`] is empty): use
    /// [`Workbook::stored_figures`] and the workbook's own rows, or [`Workbook::open`].
    pub fn open_for_figures(path: &Path, clock: Arc<dyn Clock>) -> Result<Workbook> {
        let (conn, id) = open_connection(path, clock.as_ref())?;
        Ok(Workbook {
            conn,
            path: path.to_path_buf(),
            id,
            sets: Vec::new(),
            sets_read: SetsRead::NoText,
            clock,
            options: WorkbookOptions::default(),
        })
    }

    /// Every set with its counts and the risk summary, from the rows the figures keep beside
    /// each set's text: the same figures as [`Workbook::risk_summary`] on the parsed sets
    /// (`verify` reports a row that disagrees with the text).
    pub fn stored_figures(&self) -> Result<StoredFigures> {
        let path = self.path();
        let answers = self.load_answers(None, false)?;
        // Two plain scans, joined here: SQLite's join (an index lookup per question) and its
        // ORDER BY (a sort of the whole rows) each cost more than reading the rows.
        let mut rules: HashMap<String, StoredRule> = HashMap::new();
        let mut statement = self
            .conn()
            .prepare("SELECT question_id, practices, choices, rules FROM question_rule")
            .db(path)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    StoredRule {
                        practices: r.get(1)?,
                        choices: r.get(2)?,
                        rules: r.get(3)?,
                    },
                ))
            })
            .db(path)?;
        for row in rows {
            let (key, rule) = row.db(path)?;
            rules.insert(key, rule);
        }
        let mut by_set: HashMap<String, Vec<StoredQuestion>> = HashMap::new();
        let mut statement = self
            .conn()
            .prepare("SELECT id, set_id, pillar_id, position FROM question")
            .db(path)?;
        let rows = statement
            .query_map([], |r| {
                Ok(StoredQuestion {
                    key: r.get(0)?,
                    set_id: r.get(1)?,
                    pillar_id: r.get(2)?,
                    position: r.get(3)?,
                })
            })
            .db(path)?;
        for row in rows {
            let row = row.db(path)?;
            by_set.entry(row.set_id.clone()).or_default().push(row);
        }
        let mut statement = self
            .conn()
            .prepare(
                // Not s.added_at: it is stored after the set's text (see the migration).
                "SELECT s.id, s.version, s.content_hash, f.added_at, f.title, f.pillars \
                 FROM question_set s LEFT JOIN set_figures f ON f.set_id = s.id \
                 ORDER BY s.position",
            )
            .db(path)?;
        let rows = statement
            .query_map([], |r| {
                let set_id: String = r.get(0)?;
                let text = |index: usize| -> rusqlite::Result<Option<String>> {
                    match r.get_ref(index)? {
                        rusqlite::types::ValueRef::Null => Ok(None),
                        _ => text_at(r, index, "set_figures", || set_id.clone())
                            .map(|t| Some(t.to_string())),
                    }
                };
                Ok((
                    StoredSetOverview {
                        id: set_id.clone(),
                        version: r.get(1)?,
                        content_hash: r.get(2)?,
                        added_at: text(3)?.unwrap_or_default(),
                        title: LocalizedText::default(),
                        question_count: 0,
                        choice_count: 0,
                    },
                    text(4)?,
                    text(5)?,
                ))
            })
            .db(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db(path)?;
        let mut sets = Vec::with_capacity(rows.len());
        let mut set_risks = Vec::with_capacity(rows.len());
        let mut total = RiskCounts::default();
        for (mut overview, title, pillars) in rows {
            let damaged = |reason: String| damage(path, "set_figures", &overview.id, reason);
            let (Some(title), Some(pillars)) = (title, pillars) else {
                return Err(damaged("the set has no row of figures".into()));
            };
            overview.title = serde_json::from_str(&title)
                .map_err(|e| damaged(format!("column title cannot be read ({e})")))?;
            let pillars: Vec<StoredPillar> = serde_json::from_str(&pillars)
                .map_err(|e| damaged(format!("column pillars cannot be read ({e})")))?;
            let mut questions = by_set.remove(&overview.id).unwrap_or_default();
            questions.sort_unstable_by_key(|q| q.position);
            let (set_risk, choice_count) =
                set_figures(path, &overview, pillars, &questions, &mut rules, &answers)?;
            overview.question_count = questions.len();
            overview.choice_count = choice_count;
            total.merge(&set_risk.counts);
            set_risks.push(set_risk);
            sets.push(overview);
        }
        Ok(StoredFigures {
            sets,
            risk: RiskSummary {
                counts: total,
                sets: set_risks,
            },
        })
    }
}

/// One set's counts per pillar (in the pillars' order) and in total, and its number of best
/// practices.
fn set_figures(
    path: &Path,
    overview: &StoredSetOverview,
    pillars: Vec<StoredPillar>,
    questions: &[StoredQuestion],
    rules: &mut HashMap<String, StoredRule>,
    answers: &HashMap<String, Answer>,
) -> Result<(SetRisk, usize)> {
    let mut counts: Vec<RiskCounts> = vec![RiskCounts::default(); pillars.len()];
    let position: HashMap<&str, usize> = pillars
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut choice_count = 0usize;
    for question in questions {
        let damaged = |reason: String| damage(path, "question_rule", &question.key, reason);
        let Some(StoredRule {
            practices,
            choices,
            rules,
        }) = rules.remove(&question.key)
        else {
            return Err(damaged("the question has no stored rules".into()));
        };
        let Some(&pillar) = position.get(question.pillar_id.as_str()) else {
            return Err(damage(
                path,
                "question",
                &question.key,
                format!(
                    "pillar '{}' is not a pillar of set '{}'",
                    question.pillar_id, overview.id
                ),
            ));
        };
        choice_count += usize::try_from(practices).unwrap_or(0);
        let answer = answers.get(&question.key);
        // The rules are read only when the answer selects something: no other answer's risk
        // depends on them (see `risk_of`).
        let risk = match answer {
            Some(a) if a.not_applicable.is_none() && !a.selected_choices.is_empty() => {
                let (choice_ids, rules) = compiled(&choices, &rules).map_err(damaged)?;
                risk_of(answer, choice_ids.iter().map(String::as_str), |satisfied| {
                    first_holding(&rules, satisfied)
                })
            }
            _ => risk_of(answer, std::iter::empty(), |_| None),
        };
        counts[pillar].add_answer(risk, answer);
    }
    let mut set_counts = RiskCounts::default();
    let pillars = pillars
        .into_iter()
        .zip(counts)
        .map(|(pillar, counts)| {
            set_counts.merge(&counts);
            PillarRisk {
                pillar_id: pillar.id,
                title: pillar.title,
                counts,
            }
        })
        .collect();
    Ok((
        SetRisk {
            set_id: overview.id.clone(),
            version: overview.version.clone(),
            version_label: crate::question_set::version_label(&overview.version),
            title: overview.title.clone(),
            counts: set_counts,
            pillars,
        },
        choice_count,
    ))
}

type CompiledRules = Vec<(Condition, RuleRisk)>;

/// A question's stored choice ids and rules, compiled as [`QuestionSet`] compiles them (a
/// choice reference is its position among the choices).
fn compiled(
    choices: &str,
    rules: &str,
) -> std::result::Result<(Vec<String>, CompiledRules), String> {
    let choices: Vec<String> = serde_json::from_str(choices)
        .map_err(|e| format!("column choices cannot be read ({e})"))?;
    let rules: Vec<RiskRule> =
        serde_json::from_str(rules).map_err(|e| format!("column rules cannot be read ({e})"))?;
    let compiled = rules
        .iter()
        .map(|rule| {
            parse_condition(&rule.condition, &|name| {
                choices.iter().position(|c| c == name)
            })
            .map(|condition| (condition, rule.risk))
            .map_err(|e| {
                format!(
                    "column rules: '{}' cannot be compiled ({e})",
                    rule.condition
                )
            })
        })
        .collect::<std::result::Result<_, _>>()?;
    Ok((choices, compiled))
}

/// The risk of the first rule that holds, as [`QuestionSet::evaluate`] finds it.
fn first_holding(rules: &CompiledRules, satisfied: &[bool]) -> Option<RuleRisk> {
    rules
        .iter()
        .find(|(condition, _)| condition.holds(satisfied))
        .map(|(_, risk)| *risk)
}

fn damage(path: &Path, table: &'static str, row: &str, reason: String) -> Error {
    Error::StoredRowInvalid {
        path: path.to_path_buf(),
        table,
        row: row.to_string(),
        reason,
    }
}
