//! Writing WG evaluations: import (merged over a stored edition), the institution's evaluation
//! of one criterion, and deletion. Each is one transaction with its audit entry.

use serde_json::Value;

use super::*;
use crate::error::Result;
use crate::workbook::{DbResult, Workbook, Write};

impl Workbook {
    /// Stores a WG evaluation in one transaction with its audit entry. Over a stored evaluation
    /// of the same service it merges (see [`super::merge`]): the institution's columns are kept
    /// where the file's cells are blank.
    pub fn import_wg_assessment(
        &mut self,
        assessment: &WgAssessment,
        actor: &str,
    ) -> Result<WgImportKind> {
        self.import_wg_assessment_merged(assessment, WgMergeOptions::default(), actor)
            .map(|(kind, _)| kind)
    }

    /// What importing `assessment` would do to the stored evaluation of its service.
    pub fn plan_wg_import(
        &self,
        assessment: &WgAssessment,
        options: WgMergeOptions,
    ) -> Result<WgMergePlan> {
        self.plan_with_ids(assessment, options)
            .map(|(plan, _)| plan)
    }

    /// The plan, and the stored criteria's ids (none for a new service).
    fn plan_with_ids(
        &self,
        assessment: &WgAssessment,
        options: WgMergeOptions,
    ) -> Result<(WgMergePlan, Vec<i64>)> {
        validate(assessment)?;
        let service = assessment.service.trim().to_string();
        let stored = match self.wg_assessment_id(&service)? {
            Some(_) => Some(self.wg_stored(&service)?),
            None => None,
        };
        let plan = plan_wg_merge(stored.as_ref().map(|s| &s.assessment), assessment, options);
        Ok((plan, stored.map(|s| s.criterion_ids).unwrap_or_default()))
    }

    /// Imports `assessment`, merging it with the stored evaluation of its service, and returns
    /// the plan it carried out (the same a dry run shows for the same file, options and
    /// workbook). Removed criteria, and evaluations the file overwrote or cleared, go into the
    /// audit entry. A matched criterion keeps its id.
    pub fn import_wg_assessment_merged(
        &mut self,
        assessment: &WgAssessment,
        options: WgMergeOptions,
        actor: &str,
    ) -> Result<(WgImportKind, WgMergePlan)> {
        let (plan, old_ids) = self.plan_with_ids(assessment, options)?;
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
        // Matched criteria keep their ids; new ones are numbered past every id in the table
        // (the removed ones' included), so an id never comes to mean another criterion.
        let mut next: i64 = self
            .conn()
            .query_row(
                "SELECT coalesce(max(id), 0) + 1 FROM wg_criterion",
                [],
                |r| r.get(0),
            )
            .db(self.path())?;
        let mut previous = plan.criteria.iter().filter_map(|c| c.position.map(|_| c));
        let ids: Vec<i64> = assessment
            .criteria
            .iter()
            .map(|_| {
                match previous
                    .next()
                    .and_then(|c| c.previous_position)
                    .and_then(|p| old_ids.get(p))
                {
                    Some(id) => *id,
                    None => {
                        next += 1;
                        next - 1
                    }
                }
            })
            .collect();
        self.write(|write| {
            if let Some(id) = existing {
                // The rows below hang off the assessment with ON DELETE CASCADE.
                write
                    .tx
                    .execute("DELETE FROM wg_assessment WHERE id = ?1", [id])
                    .db(write.path)?;
            }
            insert_assessment(write, &service, assessment, &ids, actor)?;
            write.audit(
                actor,
                if existing.is_some() {
                    crate::history::action::WG_REPLACE
                } else {
                    crate::history::action::WG_IMPORT
                },
                &service,
                old_value.as_ref(),
                Some(&new_value),
            )
        })?;
        let kind = if existing.is_some() {
            WgImportKind::Replaced
        } else {
            WgImportKind::Added
        };
        Ok((kind, plan))
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
        let next = evaluated(&current, change)?;
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
                crate::history::action::WG_EVALUATE,
                &format!("{service}#{}", position + 1),
                Some(&evaluation(&current)),
                Some(&evaluation(&next)),
            )
        })?;
        Ok(next)
    }

    /// Removes the evaluation of one service, in one transaction with its audit entry. The
    /// entry keeps every criterion that carried an evaluation of the institution (decision or
    /// text), as an import does for the criteria it removes.
    pub fn delete_wg_assessment(&mut self, service: &str, actor: &str) -> Result<()> {
        let assessment = self.wg_assessment(service)?;
        let mut old_value = summary_value(&assessment);
        let evaluated: Vec<Value> = assessment
            .criteria
            .iter()
            .enumerate()
            .filter_map(|(position, c)| {
                let evaluation = WgEvaluation::of(c);
                (!evaluation.is_empty()).then(|| {
                    json!({
                        "criterion_no": c.criterion_no,
                        "perspective": c.perspective,
                        "category": c.category,
                        "criterion": c.criterion,
                        "previous_position": position,
                        "evaluation": evaluation,
                    })
                })
            })
            .collect();
        if let Some(map) = old_value.as_object_mut() {
            map.insert("removed_evaluations".into(), Value::Array(evaluated));
        }
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
                crate::history::action::WG_DELETE,
                &assessment.service,
                Some(&old_value),
                None,
            )
        })
    }
}

/// `current` with `change` applied, refused when a text passes the size guard.
pub(crate) fn evaluated(current: &WgCriterion, change: WgEvaluationChange) -> Result<WgCriterion> {
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
    Ok(next)
}

/// Inserts the whole of `assessment` (header, code lists, the three sheets and the question
/// links) as the stored evaluation of `service`.
fn insert_assessment(
    write: &Write<'_>,
    service: &str,
    assessment: &WgAssessment,
    criterion_ids: &[i64],
    actor: &str,
) -> Result<()> {
    write
        .tx
        .execute(
            "INSERT INTO wg_assessment (service, edition, edition_date, source_file, \
             source_sha256, layout, imported_by, imported_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            (
                service,
                &assessment.edition,
                &assessment.edition_date,
                &assessment.source_file,
                &assessment.source_sha256,
                to_json(&assessment.layout),
                actor,
                &write.at,
            ),
        )
        .db(write.path)?;
    let id = write.tx.last_insert_rowid();
    insert_code_lists(write, id, &assessment.code_lists)?;
    insert_scenarios(write, id, &assessment.scenarios)?;
    insert_criteria(write, id, &assessment.criteria, criterion_ids)?;
    insert_notes(write, id, &assessment.notes)
}

/// Runs the insert `sql` once per item, with the item's 0-based position.
fn insert_rows<T>(
    write: &Write<'_>,
    sql: &str,
    items: &[T],
    mut insert: impl FnMut(&mut rusqlite::Statement<'_>, i64, &T) -> rusqlite::Result<usize>,
) -> Result<()> {
    let mut statement = write.tx.prepare_cached(sql).db(write.path)?;
    for (position, item) in items.iter().enumerate() {
        insert(&mut statement, position as i64, item).db(write.path)?;
    }
    Ok(())
}

fn insert_code_lists(write: &Write<'_>, id: i64, lists: &WgCodeLists) -> Result<()> {
    for (kind, list) in [
        (WgCodeKind::Perspective, &lists.perspectives),
        (WgCodeKind::Category, &lists.categories),
    ] {
        insert_rows(
            write,
            "INSERT INTO wg_code (assessment_id, kind, position, code, name, parent) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            list,
            |code, position, entry| {
                code.execute((
                    id,
                    kind.as_str(),
                    position,
                    &entry.code,
                    &entry.name,
                    &entry.parent,
                ))
            },
        )?;
    }
    Ok(())
}

fn insert_scenarios(write: &Write<'_>, id: i64, scenarios: &[WgScenario]) -> Result<()> {
    insert_rows(
        write,
        "INSERT INTO wg_scenario (assessment_id, position, scenario_id, scenario, \
         connection_source, route, notes, extra, links) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        scenarios,
        |scenario, position, s| {
            scenario.execute((
                id,
                position,
                &s.scenario_id,
                &s.scenario,
                &s.connection_source,
                &s.route,
                &s.notes,
                to_json(&s.extra),
                to_json(&s.links),
            ))
        },
    )
}

fn insert_notes(write: &Write<'_>, id: i64, notes: &[WgNote]) -> Result<()> {
    insert_rows(
        write,
        "INSERT INTO wg_note (assessment_id, position, category, note, detail, refs, \
         extra, links) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        notes,
        |note, position, n| {
            note.execute((
                id,
                position,
                &n.category,
                &n.note,
                &n.detail,
                &n.references,
                to_json(&n.extra),
                to_json(&n.links),
            ))
        },
    )
}

/// The criteria, each with its id, and for each the question ids it names (a repeated id is
/// stored once).
fn insert_criteria(
    write: &Write<'_>,
    id: i64,
    criteria: &[WgCriterion],
    criterion_ids: &[i64],
) -> Result<()> {
    let path = write.path;
    let mut criterion = write
        .tx
        .prepare(
            "INSERT INTO wg_criterion (assessment_id, position, criterion_no, perspective, \
             category, assumed_risk, criterion, controls, responsibility_aws, \
             responsibility_customer, fisc_refs, refs, decision, own_measures, \
             residual_risk, reviewer_notes, extra, links, id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
             ?16, ?17, ?18, ?19)",
        )
        .db(path)?;
    let mut link = write
        .tx
        .prepare(
            "INSERT OR IGNORE INTO wg_criterion_question (criterion_id, position, \
             question_id) VALUES (?1, ?2, ?3)",
        )
        .db(path)?;
    for (position, c) in criteria.iter().enumerate() {
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
                criterion_ids.get(position),
            ])
            .db(path)?;
        let criterion_id = write.tx.last_insert_rowid();
        for (q_position, question_id) in c.question_ids.iter().enumerate() {
            link.execute((criterion_id, q_position as i64, question_id))
                .db(path)?;
        }
    }
    Ok(())
}
