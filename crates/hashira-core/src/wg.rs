//! Evaluations of AWS services by the セキュリティリスク評価共同化WG, kept in the workbook.
//!
//! The WG publishes one Excel workbook per AWS service with three sheets: 利用シナリオと接続経路
//! (scenarios), セキュリティクライテリア (criteria) and サービス利用時の留意事項 (notes). The
//! Excel reading and writing lives in `hashira-xlsx`; this module holds the data model and its
//! storage. Every write is one transaction with its audit entry, like the rest of the workbook.
//!
//! The evaluation perspectives and countermeasure categories are code lists kept as data: an
//! imported file's own lists are stored with its evaluation, and [`WgCodeLists::defaults`] (from
//! `questions/wg-code-lists.toml`) is only the app's default for new, empty sheets.

use std::collections::BTreeMap;

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::workbook::{DbResult, Workbook};

/// Text cells of unknown columns, by header text; hyperlinks by field key or header text.
pub type CellMap = BTreeMap<String, String>;

/// The institution's decision on one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgDecision {
    Adopted,
    Conditional,
    Rejected,
    #[default]
    NotEvaluated,
}

impl WgDecision {
    pub const ALL: [WgDecision; 4] = [
        WgDecision::Adopted,
        WgDecision::Conditional,
        WgDecision::Rejected,
        WgDecision::NotEvaluated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WgDecision::Adopted => "ADOPTED",
            WgDecision::Conditional => "CONDITIONAL",
            WgDecision::Rejected => "REJECTED",
            WgDecision::NotEvaluated => "NOT_EVALUATED",
        }
    }

    /// The label shown in sheets and the UI.
    pub fn label_ja(self) -> &'static str {
        match self {
            WgDecision::Adopted => "採用",
            WgDecision::Conditional => "条件付き採用",
            WgDecision::Rejected => "不採用",
            WgDecision::NotEvaluated => "未評価",
        }
    }

    /// Accepts the code, the Japanese label or an English word; blank means not evaluated.
    pub fn parse(text: &str) -> Option<WgDecision> {
        let t: String = text.split_whitespace().collect::<String>();
        if t.is_empty() {
            return Some(WgDecision::NotEvaluated);
        }
        let upper = t.to_ascii_uppercase().replace('-', "_");
        WgDecision::ALL.into_iter().find(|d| {
            d.as_str() == upper
                || d.label_ja() == t
                || match d {
                    WgDecision::Adopted => upper == "ADOPT" || upper == "ACCEPTED",
                    WgDecision::Conditional => {
                        upper == "CONDITIONALLY_ADOPTED" || upper == "CONDITIONALLYADOPTED"
                    }
                    WgDecision::Rejected => upper == "NOT_ADOPTED" || upper == "NOTADOPTED",
                    WgDecision::NotEvaluated => {
                        upper == "NOTEVALUATED" || upper == "NOT_YET_EVALUATED"
                    }
                }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgCodeKind {
    Perspective,
    Category,
}

impl WgCodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WgCodeKind::Perspective => "PERSPECTIVE",
            WgCodeKind::Category => "CATEGORY",
        }
    }
}

/// One entry of a code list. `parent` is the perspective a category belongs to (its code or name).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgCode {
    #[serde(default)]
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub parent: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgCodeLists {
    #[serde(default)]
    pub perspectives: Vec<WgCode>,
    #[serde(default)]
    pub categories: Vec<WgCode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeListFile {
    format_version: u32,
    #[allow(dead_code)]
    #[serde(default)]
    description: String,
    #[serde(default)]
    perspectives: Vec<WgCode>,
    #[serde(default)]
    categories: Vec<WgCode>,
}

const DEFAULT_CODE_LISTS: &str = include_str!("../../../questions/wg-code-lists.toml");

impl WgCodeLists {
    /// The app's default lists, shipped in `questions/wg-code-lists.toml`.
    pub fn defaults() -> Result<WgCodeLists> {
        WgCodeLists::from_toml(DEFAULT_CODE_LISTS, "questions/wg-code-lists.toml")
    }

    pub fn from_toml(text: &str, origin: &str) -> Result<WgCodeLists> {
        let invalid = |message: String| Error::InvalidWg {
            message: format!("code lists {origin}: {message}"),
        };
        let file: CodeListFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if file.format_version != 1 {
            return Err(invalid(format!(
                "format_version {} is not supported (expected 1)",
                file.format_version
            )));
        }
        let lists = WgCodeLists {
            perspectives: file.perspectives,
            categories: file.categories,
        };
        for entry in lists.perspectives.iter().chain(&lists.categories) {
            if entry.name.trim().is_empty() {
                return Err(invalid("a code list entry has an empty name".into()));
            }
        }
        for category in &lists.categories {
            if !category.parent.is_empty()
                && !lists
                    .perspectives
                    .iter()
                    .any(|p| p.code == category.parent || p.name == category.parent)
            {
                return Err(invalid(format!(
                    "category '{}' names an unknown perspective '{}'",
                    category.name, category.parent
                )));
            }
        }
        Ok(lists)
    }

    pub fn is_empty(&self) -> bool {
        self.perspectives.is_empty() && self.categories.is_empty()
    }
}

/// 利用シナリオと接続経路: one row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgScenario {
    pub scenario_id: String,
    pub scenario: String,
    pub connection_source: String,
    pub route: String,
    pub notes: String,
    #[serde(default)]
    pub extra: CellMap,
    #[serde(default)]
    pub links: CellMap,
}

/// セキュリティクライテリア: one row, with the institution's own columns.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgCriterion {
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub assumed_risk: String,
    pub criterion: String,
    pub controls: String,
    /// The responsibility marks as written (normalised to `○`, `-` or blank when a mark).
    pub responsibility_aws: String,
    pub responsibility_customer: String,
    pub fisc_refs: String,
    pub references: String,
    /// Well-Architected question ids (SEC1, FISCSEC3, …) the criterion relates to.
    #[serde(default)]
    pub question_ids: Vec<String>,
    #[serde(default)]
    pub decision: WgDecision,
    #[serde(default)]
    pub own_measures: String,
    #[serde(default)]
    pub residual_risk: String,
    #[serde(default)]
    pub reviewer_notes: String,
    #[serde(default)]
    pub extra: CellMap,
    #[serde(default)]
    pub links: CellMap,
}

/// サービス利用時の留意事項: one row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgNote {
    pub category: String,
    pub note: String,
    pub detail: String,
    pub references: String,
    #[serde(default)]
    pub extra: CellMap,
    #[serde(default)]
    pub links: CellMap,
}

/// A whole WG evaluation of one AWS service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgAssessment {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub source_sha256: String,
    /// Column order per sheet as found in the source (`field:<key>` or `extra:<header>`).
    #[serde(default)]
    pub layout: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub code_lists: WgCodeLists,
    pub scenarios: Vec<WgScenario>,
    pub criteria: Vec<WgCriterion>,
    pub notes: Vec<WgNote>,
}

/// One stored evaluation as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgAssessmentSummary {
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    pub source_file: String,
    pub source_sha256: String,
    pub imported_by: String,
    pub imported_at: String,
    pub scenarios: usize,
    pub criteria: usize,
    pub notes: usize,
    /// Criteria per decision code (`ADOPTED`, …), every decision present.
    pub decisions: BTreeMap<String, usize>,
}

/// A criterion seen from a Well-Architected question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgCriterionRef {
    pub service: String,
    pub position: usize,
    pub criterion_no: String,
    pub perspective: String,
    pub category: String,
    pub criterion: String,
    pub decision: WgDecision,
}

/// What the institution changes on one criterion. `None` leaves a part unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WgEvaluationChange {
    #[serde(default)]
    pub decision: Option<WgDecision>,
    #[serde(default)]
    pub own_measures: Option<String>,
    #[serde(default)]
    pub residual_risk: Option<String>,
    #[serde(default)]
    pub reviewer_notes: Option<String>,
}

/// Whether `import_wg_assessment` added a new service or replaced a stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WgImportKind {
    Added,
    Replaced,
}

const TEXT_LIMIT_CHARS: usize = 1_000_000;

fn invalid(message: String) -> Error {
    Error::InvalidWg { message }
}

fn validate(assessment: &WgAssessment) -> Result<()> {
    if assessment.service.trim().is_empty() {
        return Err(invalid("the AWS service name is empty".into()));
    }
    let too_long = |text: &str| text.chars().count() > TEXT_LIMIT_CHARS;
    for c in &assessment.criteria {
        for text in [
            &c.criterion,
            &c.controls,
            &c.assumed_risk,
            &c.own_measures,
            &c.reviewer_notes,
            &c.residual_risk,
        ] {
            if too_long(text) {
                return Err(invalid(format!(
                    "a text of criterion {} is longer than {TEXT_LIMIT_CHARS} characters",
                    c.criterion_no
                )));
            }
        }
    }
    Ok(())
}

fn summary_value(a: &WgAssessment) -> Value {
    json!({
        "service": a.service,
        "edition": a.edition,
        "edition_date": a.edition_date,
        "source_file": a.source_file,
        "source_sha256": a.source_sha256,
        "scenarios": a.scenarios.len(),
        "criteria": a.criteria.len(),
        "notes": a.notes.len(),
    })
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
}

fn from_json<T: for<'de> Deserialize<'de> + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

/// Splits a cell that lists question ids ("SEC1, FISCSEC3\nSEC 2") into ids, in order, once each.
pub fn parse_question_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for part in text.split(|c: char| {
        matches!(
            c,
            ',' | '、' | '，' | ';' | '；' | '\n' | '\r' | '/' | '／' | '・'
        )
    }) {
        let id: String = part
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                // Full-width letters and digits to ASCII.
                '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                _ => c,
            })
            .collect::<String>()
            .to_ascii_uppercase();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

impl Workbook {
    fn wg_assessment_id(&self, service: &str) -> Result<Option<i64>> {
        self.conn()
            .query_row(
                "SELECT id FROM wg_assessment WHERE service = ?1",
                [service.trim()],
                |r| r.get(0),
            )
            .optional()
            .db(self.path())
    }

    fn wg_not_found(&self, service: &str) -> Error {
        let known = self
            .wg_assessments()
            .map(|list| {
                list.into_iter()
                    .map(|s| s.service)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        Error::WgNotFound {
            service: service.trim().to_string(),
            known: if known.is_empty() {
                "none".into()
            } else {
                known
            },
        }
    }

    /// Stores a WG evaluation, replacing a stored evaluation of the same service, in one
    /// transaction with its audit entry.
    pub fn import_wg_assessment(
        &mut self,
        assessment: &WgAssessment,
        actor: &str,
    ) -> Result<WgImportKind> {
        validate(assessment)?;
        let service = assessment.service.trim().to_string();
        let existing = self.wg_assessment_id(&service)?;
        let old_value = match existing {
            Some(_) => Some(summary_value(&self.wg_assessment(&service)?)),
            None => None,
        };
        let new_value = summary_value(assessment);
        self.write(|write| {
            let path = write.path;
            let tx = &write.tx;
            if let Some(id) = existing {
                tx.execute("DELETE FROM wg_assessment WHERE id = ?1", [id])
                    .db(path)?;
            }
            tx.execute(
                "INSERT INTO wg_assessment (service, edition, edition_date, source_file, \
                 source_sha256, layout, imported_by, imported_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                (
                    &service,
                    &assessment.edition,
                    &assessment.edition_date,
                    &assessment.source_file,
                    &assessment.source_sha256,
                    to_json(&assessment.layout),
                    actor,
                    &write.at,
                ),
            )
            .db(path)?;
            let id = tx.last_insert_rowid();
            let mut code = tx
                .prepare(
                    "INSERT INTO wg_code (assessment_id, kind, position, code, name, parent) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .db(path)?;
            for (kind, list) in [
                (WgCodeKind::Perspective, &assessment.code_lists.perspectives),
                (WgCodeKind::Category, &assessment.code_lists.categories),
            ] {
                for (position, entry) in list.iter().enumerate() {
                    code.execute((
                        id,
                        kind.as_str(),
                        position as i64,
                        &entry.code,
                        &entry.name,
                        &entry.parent,
                    ))
                    .db(path)?;
                }
            }
            let mut scenario = tx
                .prepare(
                    "INSERT INTO wg_scenario (assessment_id, position, scenario_id, scenario, \
                     connection_source, route, notes, extra, links) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .db(path)?;
            for (position, s) in assessment.scenarios.iter().enumerate() {
                scenario
                    .execute((
                        id,
                        position as i64,
                        &s.scenario_id,
                        &s.scenario,
                        &s.connection_source,
                        &s.route,
                        &s.notes,
                        to_json(&s.extra),
                        to_json(&s.links),
                    ))
                    .db(path)?;
            }
            let mut criterion = tx
                .prepare(
                    "INSERT INTO wg_criterion (assessment_id, position, criterion_no, perspective, \
                     category, assumed_risk, criterion, controls, responsibility_aws, \
                     responsibility_customer, fisc_refs, refs, decision, own_measures, \
                     residual_risk, reviewer_notes, extra, links) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
                     ?16, ?17, ?18)",
                )
                .db(path)?;
            let mut link = tx
                .prepare(
                    "INSERT OR IGNORE INTO wg_criterion_question (criterion_id, position, \
                     question_id) VALUES (?1, ?2, ?3)",
                )
                .db(path)?;
            for (position, c) in assessment.criteria.iter().enumerate() {
                criterion
                    .execute(rusqlite::params![
                        id,
                        position as i64,
                        &c.criterion_no,
                        &c.perspective,
                        &c.category,
                        &c.assumed_risk,
                        &c.criterion,
                        &c.controls,
                        &c.responsibility_aws,
                        &c.responsibility_customer,
                        &c.fisc_refs,
                        &c.references,
                        c.decision.as_str(),
                        &c.own_measures,
                        &c.residual_risk,
                        &c.reviewer_notes,
                        to_json(&c.extra),
                        to_json(&c.links),
                    ])
                    .db(path)?;
                let criterion_id = tx.last_insert_rowid();
                for (q_position, question_id) in c.question_ids.iter().enumerate() {
                    link.execute((criterion_id, q_position as i64, question_id))
                        .db(path)?;
                }
            }
            let mut note = tx
                .prepare(
                    "INSERT INTO wg_note (assessment_id, position, category, note, detail, refs, \
                     extra, links) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .db(path)?;
            for (position, n) in assessment.notes.iter().enumerate() {
                note.execute((
                    id,
                    position as i64,
                    &n.category,
                    &n.note,
                    &n.detail,
                    &n.references,
                    to_json(&n.extra),
                    to_json(&n.links),
                ))
                .db(path)?;
            }
            write.audit(
                actor,
                if existing.is_some() {
                    "wg.replace"
                } else {
                    "wg.import"
                },
                &service,
                old_value.as_ref(),
                Some(&new_value),
            )?;
            Ok(())
        })?;
        Ok(if existing.is_some() {
            WgImportKind::Replaced
        } else {
            WgImportKind::Added
        })
    }

    /// Every stored WG evaluation, by service name.
    pub fn wg_assessments(&self) -> Result<Vec<WgAssessmentSummary>> {
        let path = self.path();
        let mut statement = self
            .conn()
            .prepare(
                "SELECT a.id, a.service, a.edition, a.edition_date, a.source_file, \
                 a.source_sha256, a.imported_by, a.imported_at, \
                 (SELECT count(*) FROM wg_scenario s WHERE s.assessment_id = a.id), \
                 (SELECT count(*) FROM wg_note n WHERE n.assessment_id = a.id) \
                 FROM wg_assessment a ORDER BY a.service",
            )
            .db(path)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    WgAssessmentSummary {
                        service: r.get(1)?,
                        edition: r.get(2)?,
                        edition_date: r.get(3)?,
                        source_file: r.get(4)?,
                        source_sha256: r.get(5)?,
                        imported_by: r.get(6)?,
                        imported_at: r.get(7)?,
                        scenarios: r.get::<_, i64>(8)? as usize,
                        criteria: 0,
                        notes: r.get::<_, i64>(9)? as usize,
                        decisions: BTreeMap::new(),
                    },
                ))
            })
            .db(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db(path)?;
        let mut decisions = self
            .conn()
            .prepare(
                "SELECT decision, count(*) FROM wg_criterion WHERE assessment_id = ?1 \
                 GROUP BY decision",
            )
            .db(path)?;
        let mut list = Vec::new();
        for (id, mut summary) in rows {
            for d in WgDecision::ALL {
                summary.decisions.insert(d.as_str().to_string(), 0);
            }
            let counts = decisions
                .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .db(path)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .db(path)?;
            for (decision, count) in counts {
                summary.criteria += count as usize;
                summary.decisions.insert(decision, count as usize);
            }
            list.push(summary);
        }
        Ok(list)
    }

    /// The whole stored evaluation of one service.
    pub fn wg_assessment(&self, service: &str) -> Result<WgAssessment> {
        let path = self.path();
        let Some(id) = self.wg_assessment_id(service)? else {
            return Err(self.wg_not_found(service));
        };
        let conn = self.conn();
        let mut assessment = conn
            .query_row(
                "SELECT service, edition, edition_date, source_file, source_sha256, layout \
                 FROM wg_assessment WHERE id = ?1",
                [id],
                |r| {
                    Ok(WgAssessment {
                        service: r.get(0)?,
                        edition: r.get(1)?,
                        edition_date: r.get(2)?,
                        source_file: r.get(3)?,
                        source_sha256: r.get(4)?,
                        layout: from_json(&r.get::<_, String>(5)?),
                        ..WgAssessment::default()
                    })
                },
            )
            .db(path)?;
        let mut codes = conn
            .prepare(
                "SELECT kind, code, name, parent FROM wg_code WHERE assessment_id = ?1 \
                 ORDER BY kind DESC, position",
            )
            .db(path)?;
        let rows = codes
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    WgCode {
                        code: r.get(1)?,
                        name: r.get(2)?,
                        parent: r.get(3)?,
                    },
                ))
            })
            .db(path)?;
        for row in rows {
            let (kind, code) = row.db(path)?;
            if kind == WgCodeKind::Perspective.as_str() {
                assessment.code_lists.perspectives.push(code);
            } else {
                assessment.code_lists.categories.push(code);
            }
        }
        let mut scenarios = conn
            .prepare(
                "SELECT scenario_id, scenario, connection_source, route, notes, extra, links \
                 FROM wg_scenario WHERE assessment_id = ?1 ORDER BY position",
            )
            .db(path)?;
        assessment.scenarios = scenarios
            .query_map([id], |r| {
                Ok(WgScenario {
                    scenario_id: r.get(0)?,
                    scenario: r.get(1)?,
                    connection_source: r.get(2)?,
                    route: r.get(3)?,
                    notes: r.get(4)?,
                    extra: from_json(&r.get::<_, String>(5)?),
                    links: from_json(&r.get::<_, String>(6)?),
                })
            })
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        let mut criteria = conn
            .prepare(
                "SELECT id, criterion_no, perspective, category, assumed_risk, criterion, \
                 controls, responsibility_aws, responsibility_customer, fisc_refs, refs, \
                 decision, own_measures, residual_risk, reviewer_notes, extra, links \
                 FROM wg_criterion WHERE assessment_id = ?1 ORDER BY position",
            )
            .db(path)?;
        let mut questions = conn
            .prepare(
                "SELECT question_id FROM wg_criterion_question WHERE criterion_id = ?1 \
                 ORDER BY position",
            )
            .db(path)?;
        let rows = criteria
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    WgCriterion {
                        criterion_no: r.get(1)?,
                        perspective: r.get(2)?,
                        category: r.get(3)?,
                        assumed_risk: r.get(4)?,
                        criterion: r.get(5)?,
                        controls: r.get(6)?,
                        responsibility_aws: r.get(7)?,
                        responsibility_customer: r.get(8)?,
                        fisc_refs: r.get(9)?,
                        references: r.get(10)?,
                        question_ids: Vec::new(),
                        decision: WgDecision::parse(&r.get::<_, String>(11)?).unwrap_or_default(),
                        own_measures: r.get(12)?,
                        residual_risk: r.get(13)?,
                        reviewer_notes: r.get(14)?,
                        extra: from_json(&r.get::<_, String>(15)?),
                        links: from_json(&r.get::<_, String>(16)?),
                    },
                ))
            })
            .db(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db(path)?;
        for (criterion_id, mut criterion) in rows {
            criterion.question_ids = questions
                .query_map([criterion_id], |r| r.get(0))
                .db(path)?
                .collect::<rusqlite::Result<_>>()
                .db(path)?;
            assessment.criteria.push(criterion);
        }
        let mut notes = conn
            .prepare(
                "SELECT category, note, detail, refs, extra, links FROM wg_note \
                 WHERE assessment_id = ?1 ORDER BY position",
            )
            .db(path)?;
        assessment.notes = notes
            .query_map([id], |r| {
                Ok(WgNote {
                    category: r.get(0)?,
                    note: r.get(1)?,
                    detail: r.get(2)?,
                    references: r.get(3)?,
                    extra: from_json(&r.get::<_, String>(4)?),
                    links: from_json(&r.get::<_, String>(5)?),
                })
            })
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        Ok(assessment)
    }

    /// Records the institution's evaluation of one criterion (0-based position in the sheet).
    pub fn update_wg_evaluation(
        &mut self,
        service: &str,
        position: usize,
        change: WgEvaluationChange,
        actor: &str,
    ) -> Result<WgCriterion> {
        let assessment = self.wg_assessment(service)?;
        let Some(current) = assessment.criteria.get(position).cloned() else {
            return Err(invalid(format!(
                "'{}' has no criterion at position {position} (it has {})",
                assessment.service,
                assessment.criteria.len()
            )));
        };
        let mut next = current.clone();
        if let Some(decision) = change.decision {
            next.decision = decision;
        }
        if let Some(text) = change.own_measures {
            next.own_measures = text;
        }
        if let Some(text) = change.residual_risk {
            next.residual_risk = text;
        }
        if let Some(text) = change.reviewer_notes {
            next.reviewer_notes = text;
        }
        for text in [
            &next.own_measures,
            &next.residual_risk,
            &next.reviewer_notes,
        ] {
            if text.chars().count() > TEXT_LIMIT_CHARS {
                return Err(invalid(format!(
                    "a text is longer than {TEXT_LIMIT_CHARS} characters"
                )));
            }
        }
        if next == current {
            return Ok(current);
        }
        let evaluation = |c: &WgCriterion| {
            json!({
                "decision": c.decision,
                "own_measures": c.own_measures,
                "residual_risk": c.residual_risk,
                "reviewer_notes": c.reviewer_notes,
            })
        };
        let service = assessment.service.clone();
        self.write(|write| {
            write
                .tx
                .execute(
                    "UPDATE wg_criterion SET decision = ?1, own_measures = ?2, residual_risk = ?3, \
                     reviewer_notes = ?4 WHERE position = ?5 AND assessment_id = \
                     (SELECT id FROM wg_assessment WHERE service = ?6)",
                    rusqlite::params![
                        next.decision.as_str(),
                        &next.own_measures,
                        &next.residual_risk,
                        &next.reviewer_notes,
                        position as i64,
                        &service,
                    ],
                )
                .db(write.path)?;
            write.audit(
                actor,
                "wg.evaluate",
                &format!("{service}#{}", position + 1),
                Some(&evaluation(&current)),
                Some(&evaluation(&next)),
            )
        })?;
        Ok(next)
    }

    /// Removes the evaluation of one service.
    pub fn delete_wg_assessment(&mut self, service: &str, actor: &str) -> Result<()> {
        let assessment = self.wg_assessment(service)?;
        let old_value = summary_value(&assessment);
        self.write(|write| {
            write
                .tx
                .execute(
                    "DELETE FROM wg_assessment WHERE service = ?1",
                    [&assessment.service],
                )
                .db(write.path)?;
            write.audit(
                actor,
                "wg.delete",
                &assessment.service,
                Some(&old_value),
                None,
            )
        })
    }

    /// The WG criteria that name a Well-Architected question, over every stored service.
    pub fn wg_criteria_for_question(&self, question_id: &str) -> Result<Vec<WgCriterionRef>> {
        let path = self.path();
        let mut statement = self
            .conn()
            .prepare(
                "SELECT a.service, c.position, c.criterion_no, c.perspective, c.category, \
                 c.criterion, c.decision FROM wg_criterion_question q \
                 JOIN wg_criterion c ON c.id = q.criterion_id \
                 JOIN wg_assessment a ON a.id = c.assessment_id \
                 WHERE q.question_id = ?1 ORDER BY a.service, c.position",
            )
            .db(path)?;
        let rows = statement
            .query_map([question_id.trim().to_ascii_uppercase()], |r| {
                Ok(WgCriterionRef {
                    service: r.get(0)?,
                    position: r.get::<_, i64>(1)? as usize,
                    criterion_no: r.get(2)?,
                    perspective: r.get(3)?,
                    category: r.get(4)?,
                    criterion: r.get(5)?,
                    decision: WgDecision::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
                })
            })
            .db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }

    /// Question ids named by stored criteria that no question set of this workbook has.
    pub fn wg_unknown_question_ids(&self) -> Result<Vec<String>> {
        let path = self.path();
        let mut statement = self
            .conn()
            .prepare(
                "SELECT DISTINCT question_id FROM wg_criterion_question \
                 WHERE question_id NOT IN (SELECT id FROM question) ORDER BY question_id",
            )
            .db(path)?;
        let rows = statement.query_map([], |r| r.get(0)).db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::question_set::shipped::shipped_sets;

    fn workbook(dir: &tempfile::TempDir) -> Workbook {
        let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
        Workbook::create(
            &dir.path().join("t.hashira"),
            "テスト",
            shipped_sets().unwrap(),
            "tester",
            clock,
        )
        .unwrap()
    }

    fn sample() -> WgAssessment {
        let mut extra = CellMap::new();
        extra.insert("独自列".into(), "値".into());
        WgAssessment {
            service: "Amazon S3".into(),
            edition: "第1版".into(),
            edition_date: "2024-04-01".into(),
            source_file: "s3.xlsx".into(),
            source_sha256: "ab".repeat(32),
            layout: BTreeMap::from([(
                "criteria".to_string(),
                vec!["field:criterion".to_string(), "extra:独自列".to_string()],
            )]),
            code_lists: WgCodeLists::defaults().unwrap(),
            scenarios: vec![WgScenario {
                scenario_id: "1".into(),
                scenario: "社内からの利用".into(),
                connection_source: "オンプレミス".into(),
                route: "Direct Connect".into(),
                notes: String::new(),
                extra: CellMap::new(),
                links: CellMap::new(),
            }],
            criteria: vec![WgCriterion {
                criterion_no: "1".into(),
                perspective: "アクセス管理".into(),
                category: "認証".into(),
                criterion: "=SUM(A1)".into(),
                responsibility_aws: "○".into(),
                question_ids: vec!["SEC1".into(), "FISCSEC1".into(), "XYZ9".into()],
                extra,
                ..WgCriterion::default()
            }],
            notes: vec![WgNote {
                note: "留意点".into(),
                ..WgNote::default()
            }],
        }
    }

    #[test]
    fn default_code_lists_load() {
        let lists = WgCodeLists::defaults().unwrap();
        assert!(!lists.perspectives.is_empty());
        assert!(!lists.categories.is_empty());
    }

    #[test]
    fn import_read_evaluate_and_query_from_question() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = workbook(&dir);
        let a = sample();
        assert_eq!(
            wb.import_wg_assessment(&a, "tester").unwrap(),
            WgImportKind::Added
        );
        assert_eq!(wb.wg_assessment("Amazon S3").unwrap(), a);
        assert_eq!(
            wb.import_wg_assessment(&a, "tester").unwrap(),
            WgImportKind::Replaced
        );
        let refs = wb.wg_criteria_for_question("sec1").unwrap();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].service, "Amazon S3");
        assert_eq!(wb.wg_unknown_question_ids().unwrap(), vec!["XYZ9"]);
        let changed = wb
            .update_wg_evaluation(
                "Amazon S3",
                0,
                WgEvaluationChange {
                    decision: Some(WgDecision::Conditional),
                    own_measures: Some("バケットポリシーで制限".into()),
                    ..WgEvaluationChange::default()
                },
                "tester",
            )
            .unwrap();
        assert_eq!(changed.decision, WgDecision::Conditional);
        let list = wb.wg_assessments().unwrap();
        assert_eq!(list[0].criteria, 1);
        assert_eq!(list[0].decisions["CONDITIONAL"], 1);
        let actions: Vec<String> = wb
            .audit_log()
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(actions.contains(&"wg.import".to_string()));
        assert!(actions.contains(&"wg.replace".to_string()));
        assert!(actions.contains(&"wg.evaluate".to_string()));
        wb.delete_wg_assessment("Amazon S3", "tester").unwrap();
        assert!(wb.wg_assessments().unwrap().is_empty());
        assert!(wb.wg_criteria_for_question("SEC1").unwrap().is_empty());
    }

    #[test]
    fn a_version_1_workbook_gains_the_wg_tables_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let path = wb.path().to_path_buf();
        wb.close().unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE wg_note; DROP TABLE wg_criterion_question; DROP TABLE wg_criterion; \
             DROP TABLE wg_scenario; DROP TABLE wg_code; DROP TABLE wg_assessment; \
             PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(conn);
        let clock = Arc::new(FixedClock::parse("2026-04-02T09:00:00+09:00", 1000).unwrap());
        let mut wb = Workbook::open(&path, clock).unwrap();
        wb.import_wg_assessment(&sample(), "tester").unwrap();
        assert_eq!(wb.wg_assessments().unwrap().len(), 1);
        assert!(wb.verify().unwrap().problems.is_empty());
    }

    #[test]
    fn question_ids_are_split_and_normalised() {
        assert_eq!(
            parse_question_ids("SEC1、ＦＩＳＣＳＥＣ３\nsec 2, SEC1"),
            vec!["SEC1", "FISCSEC3", "SEC2"]
        );
    }

    #[test]
    fn decisions_parse() {
        assert_eq!(
            WgDecision::parse("条件付き採用"),
            Some(WgDecision::Conditional)
        );
        assert_eq!(WgDecision::parse(""), Some(WgDecision::NotEvaluated));
        assert_eq!(WgDecision::parse("adopted"), Some(WgDecision::Adopted));
        assert_eq!(WgDecision::parse("たぶん"), None);
    }
}
