//! Reading stored WG evaluations: the list, one whole evaluation, and the criteria that name a
//! Well-Architected question.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Params, Row};

use super::*;
use crate::error::{Error, Result};
use crate::workbook::{DbResult, Workbook, json_at};

/// The decision stored in column `index`; a code this build does not know reads as not evaluated
/// rather than failing the whole read.
fn decision_at(r: &Row<'_>, index: usize) -> rusqlite::Result<WgDecision> {
    Ok(WgDecision::parse(&r.get::<_, String>(index)?).unwrap_or_default())
}

/// The cell map (extra columns or hyperlinks) stored as JSON in column `index` of `table`,
/// whose row key is in column `key`. Unreadable JSON is an error naming the row, never empty.
fn cells_at(
    r: &Row<'_>,
    index: usize,
    table: &'static str,
    key: usize,
) -> rusqlite::Result<CellMap> {
    json_at(r, index, table, || {
        r.get::<_, i64>(key)
            .map(|k| k.to_string())
            .unwrap_or_default()
    })
}

impl Workbook {
    /// Every row `sql` returns for `params`, mapped by `row`. The statement is cached because
    /// the same reads repeat (the list's counts run once per service).
    pub(super) fn wg_rows<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let path = self.path();
        let mut statement = self.conn().prepare_cached(sql).db(path)?;
        let rows = statement.query_map(params, row).db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }

    pub(super) fn wg_assessment_id(&self, service: &str) -> Result<Option<i64>> {
        self.conn()
            .query_row(
                "SELECT id FROM wg_assessment WHERE service = ?1",
                [service.trim()],
                |r| r.get(0),
            )
            .optional()
            .db(self.path())
    }

    /// The error for an unknown service, naming the stored ones so the user can correct it.
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

    /// Every stored WG evaluation, by service name.
    pub fn wg_assessments(&self) -> Result<Vec<WgAssessmentSummary>> {
        let rows = self.wg_rows(
            "SELECT a.id, a.service, a.edition, a.edition_date, a.source_file, \
             a.source_sha256, a.imported_by, a.imported_at, \
             (SELECT count(*) FROM wg_scenario s WHERE s.assessment_id = a.id), \
             (SELECT count(*) FROM wg_note n WHERE n.assessment_id = a.id) \
             FROM wg_assessment a ORDER BY a.service",
            [],
            |r| {
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
            },
        )?;
        let mut list = Vec::new();
        for (id, mut summary) in rows {
            for d in WgDecision::ALL {
                summary.decisions.insert(d.as_str().to_string(), 0);
            }
            let counts = self.wg_rows(
                "SELECT decision, count(*) FROM wg_criterion WHERE assessment_id = ?1 \
                 GROUP BY decision",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            )?;
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
        self.wg_stored(service).map(|stored| stored.assessment)
    }

    /// The whole stored evaluation of one service with each criterion's id.
    pub fn wg_stored(&self, service: &str) -> Result<WgStored> {
        let Some(id) = self.wg_assessment_id(service)? else {
            return Err(self.wg_not_found(service));
        };
        let mut assessment = self
            .conn()
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
                        layout: json_at(r, 5, "wg_assessment", || id.to_string())?,
                        ..WgAssessment::default()
                    })
                },
            )
            .db(self.path())?;
        let codes = self.wg_rows(
            "SELECT kind, code, name, parent FROM wg_code WHERE assessment_id = ?1 \
             ORDER BY kind DESC, position",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    WgCode {
                        code: r.get(1)?,
                        name: r.get(2)?,
                        parent: r.get(3)?,
                    },
                ))
            },
        )?;
        for (kind, code) in codes {
            if kind == WgCodeKind::Perspective.as_str() {
                assessment.code_lists.perspectives.push(code);
            } else {
                assessment.code_lists.categories.push(code);
            }
        }
        assessment.scenarios = self.wg_rows(
            "SELECT scenario_id, scenario, connection_source, route, notes, extra, links, rowid \
             FROM wg_scenario WHERE assessment_id = ?1 ORDER BY position",
            [id],
            |r| {
                Ok(WgScenario {
                    scenario_id: r.get(0)?,
                    scenario: r.get(1)?,
                    connection_source: r.get(2)?,
                    route: r.get(3)?,
                    notes: r.get(4)?,
                    extra: cells_at(r, 5, "wg_scenario", 7)?,
                    links: cells_at(r, 6, "wg_scenario", 7)?,
                })
            },
        )?;
        let criteria = self.wg_rows(
            "SELECT id, criterion_no, perspective, category, assumed_risk, criterion, \
             controls, responsibility_aws, responsibility_customer, fisc_refs, refs, \
             decision, own_measures, residual_risk, reviewer_notes, extra, links \
             FROM wg_criterion WHERE assessment_id = ?1 ORDER BY position",
            [id],
            |r| {
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
                        decision: decision_at(r, 11)?,
                        own_measures: r.get(12)?,
                        residual_risk: r.get(13)?,
                        reviewer_notes: r.get(14)?,
                        extra: cells_at(r, 15, "wg_criterion", 0)?,
                        links: cells_at(r, 16, "wg_criterion", 0)?,
                    },
                ))
            },
        )?;
        // Every criterion's question ids in one query, not one per criterion.
        let mut questions: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (criterion_id, question_id) in self.wg_rows(
            "SELECT q.criterion_id, q.question_id FROM wg_criterion_question q \
             JOIN wg_criterion c ON c.id = q.criterion_id \
             WHERE c.assessment_id = ?1 ORDER BY q.criterion_id, q.position",
            [id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )? {
            questions.entry(criterion_id).or_default().push(question_id);
        }
        let mut criterion_ids = Vec::with_capacity(criteria.len());
        for (criterion_id, mut criterion) in criteria {
            criterion.question_ids = questions.remove(&criterion_id).unwrap_or_default();
            assessment.criteria.push(criterion);
            criterion_ids.push(criterion_id);
        }
        assessment.notes = self.wg_rows(
            "SELECT category, note, detail, refs, extra, links, rowid FROM wg_note \
             WHERE assessment_id = ?1 ORDER BY position",
            [id],
            |r| {
                Ok(WgNote {
                    category: r.get(0)?,
                    note: r.get(1)?,
                    detail: r.get(2)?,
                    references: r.get(3)?,
                    extra: cells_at(r, 4, "wg_note", 6)?,
                    links: cells_at(r, 5, "wg_note", 6)?,
                })
            },
        )?;
        Ok(WgStored {
            assessment,
            criterion_ids,
        })
    }

    /// The WG criteria that name a Well-Architected question, over every stored service.
    pub fn wg_criteria_for_question(&self, question_id: &str) -> Result<Vec<WgCriterionRef>> {
        self.wg_rows(
            "SELECT a.service, c.position, c.criterion_no, c.perspective, c.category, \
             c.criterion, c.decision, c.id FROM wg_criterion_question q \
             JOIN wg_criterion c ON c.id = q.criterion_id \
             JOIN wg_assessment a ON a.id = c.assessment_id \
             WHERE q.question_id = ?1 ORDER BY a.service, c.position",
            [question_id.trim().to_ascii_uppercase()],
            |r| {
                Ok(WgCriterionRef {
                    service: r.get(0)?,
                    id: r.get(7)?,
                    position: r.get::<_, i64>(1)? as usize,
                    criterion_no: r.get(2)?,
                    perspective: r.get(3)?,
                    category: r.get(4)?,
                    criterion: r.get(5)?,
                    decision: decision_at(r, 6)?,
                })
            },
        )
    }

    /// Question ids named by stored criteria that no question set of this workbook has.
    pub fn wg_unknown_question_ids(&self) -> Result<Vec<String>> {
        self.wg_rows(
            "SELECT DISTINCT question_id FROM wg_criterion_question \
             WHERE question_id NOT IN (SELECT id FROM question) ORDER BY question_id",
            [],
            |r| r.get(0),
        )
    }
}
