//! Storage of WG evaluations: import, read, evaluate, delete and the question links.

use std::collections::BTreeMap;

use rusqlite::OptionalExtension;

use serde_json::Value;

use super::*;
use crate::error::{Error, Result};
use crate::workbook::{DbResult, Workbook};

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

    /// Stores a WG evaluation in one transaction with its audit entry. Over a stored evaluation
    /// of the same service it merges (see [`super::merge`]): the institution's columns are kept.
    pub fn import_wg_assessment(
        &mut self,
        assessment: &WgAssessment,
        actor: &str,
    ) -> Result<WgImportKind> {
        self.import_wg_assessment_merged(assessment, actor)
            .map(|(kind, _)| kind)
    }

    /// What importing `assessment` would do to the stored evaluation of its service.
    pub fn plan_wg_import(&self, assessment: &WgAssessment) -> Result<WgMergePlan> {
        validate(assessment)?;
        let service = assessment.service.trim().to_string();
        let stored = match self.wg_assessment_id(&service)? {
            Some(_) => Some(self.wg_assessment(&service)?),
            None => None,
        };
        Ok(plan_wg_merge(stored.as_ref(), assessment))
    }

    /// Imports `assessment`, merging it with the stored evaluation of its service, and returns
    /// the plan it carried out. Removed criteria and overwritten evaluations go into the audit.
    pub fn import_wg_assessment_merged(
        &mut self,
        assessment: &WgAssessment,
        actor: &str,
    ) -> Result<(WgImportKind, WgMergePlan)> {
        let plan = self.plan_wg_import(assessment)?;
        let assessment = &plan.merged;
        let service = plan.service.clone();
        let existing = self.wg_assessment_id(&service)?;
        let (lost, merge) = plan.audit_details();
        let old_value = match existing {
            Some(_) => {
                let mut value = summary_value(&self.wg_assessment(&service)?);
                if let (Some(map), Value::Object(extra)) = (value.as_object_mut(), lost) {
                    map.extend(extra);
                }
                Some(value)
            }
            None => None,
        };
        let mut new_value = summary_value(assessment);
        if let Some(map) = new_value.as_object_mut() {
            map.insert("merge".into(), merge);
        }
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
        let kind = if existing.is_some() {
            WgImportKind::Replaced
        } else {
            WgImportKind::Added
        };
        Ok((kind, plan))
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
