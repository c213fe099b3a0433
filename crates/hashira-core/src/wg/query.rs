//! Finding a criterion by its number, and the criterion ↔ Well-Architected question links.

use serde::Serialize;

use super::*;
use crate::error::{Error, Result};
use crate::workbook::{DbResult, Workbook};

/// A criterion with the Well-Architected question ids it names (JSON: the criterion's fields
/// and `question_ids` side by side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgCriterionLinks {
    #[serde(flatten)]
    pub criterion: WgCriterionRef,
    pub question_ids: Vec<String>,
}

/// A question id named by stored criteria, with those criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WgQuestionLinks {
    pub question_id: String,
    /// Whether one of this workbook's question sets has the question.
    pub in_workbook: bool,
    pub criteria: Vec<WgCriterionRef>,
}

impl Workbook {
    /// The 0-based position of a criterion given by its 項番 (compared after normalisation, see
    /// [`wg_match_text`]) or by `#N`, the Nth criterion row.
    pub fn wg_criterion_position(&self, service: &str, criterion_id: &str) -> Result<usize> {
        let WgStored {
            assessment,
            criterion_ids,
        } = self.wg_stored(service)?;
        let wanted = wg_match_text(criterion_id);
        let matches: Vec<usize> = assessment
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| !wanted.is_empty() && wg_match_text(&c.criterion_no) == wanted)
            .map(|(i, _)| i)
            .collect();
        match matches.as_slice() {
            [one] => return Ok(*one),
            [] => {}
            several => {
                return Err(invalid(format!(
                    "criterion '{criterion_id}' of '{}' is ambiguous: {} rows have that number \
                     (give the row, #N, or the criterion's id: {})",
                    assessment.service,
                    several.len(),
                    several
                        .iter()
                        .map(|&i| match criterion_ids.get(i) {
                            Some(id) => format!("#{} (id {id})", i + 1),
                            None => format!("#{}", i + 1),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        if let Some(n) = criterion_id
            .trim()
            .strip_prefix('#')
            .and_then(|n| n.parse::<usize>().ok())
            && n >= 1
            && n <= assessment.criteria.len()
        {
            return Ok(n - 1);
        }
        let mut known: Vec<String> = assessment
            .criteria
            .iter()
            .map(|c| c.criterion_no.clone())
            .filter(|n| !n.trim().is_empty())
            .take(20)
            .collect();
        if assessment.criteria.len() > 20 {
            known.push("…".into());
        }
        Err(invalid(format!(
            "'{}' has no criterion '{criterion_id}' (criterion numbers: {}; or #1–#{} by row)",
            assessment.service,
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            },
            assessment.criteria.len()
        )))
    }

    /// The 0-based position of the criterion whose stored id is `criterion_id`
    /// ([`WgStored::criterion_ids`]).
    pub fn wg_criterion_position_of_id(&self, service: &str, criterion_id: i64) -> Result<usize> {
        let stored = self.wg_stored(service)?;
        stored
            .criterion_ids
            .iter()
            .position(|id| *id == criterion_id)
            .ok_or_else(|| {
                invalid(format!(
                    "'{}' has no criterion with id {criterion_id} (its ids: {})",
                    stored.assessment.service,
                    id_ranges(&stored.criterion_ids)
                ))
            })
    }

    /// [`Workbook::update_wg_evaluation`] for a criterion given by number (or `#N`); returns
    /// its position and the criterion as stored afterwards.
    pub fn update_wg_evaluation_by_id(
        &mut self,
        service: &str,
        criterion_id: &str,
        change: WgEvaluationChange,
        actor: &str,
    ) -> Result<(usize, WgCriterion)> {
        let position = self.wg_criterion_position(service, criterion_id)?;
        let criterion = self.update_wg_evaluation(service, position, change, actor)?;
        Ok((position, criterion))
    }

    /// [`Workbook::update_wg_evaluation`] for the criterion whose stored id is `criterion_id`;
    /// returns its position and the criterion as stored afterwards.
    pub fn update_wg_evaluation_of_id(
        &mut self,
        service: &str,
        criterion_id: i64,
        change: WgEvaluationChange,
        actor: &str,
    ) -> Result<(usize, WgCriterion)> {
        let position = self.wg_criterion_position_of_id(service, criterion_id)?;
        let criterion = self.update_wg_evaluation(service, position, change, actor)?;
        Ok((position, criterion))
    }

    /// Every stored criterion that names at least one question, by service and position.
    pub fn wg_criteria_with_questions(&self) -> Result<Vec<WgCriterionLinks>> {
        let mut list = Vec::new();
        for summary in self.wg_assessments()? {
            let WgStored {
                assessment,
                criterion_ids,
            } = self.wg_stored(&summary.service)?;
            for (position, (c, id)) in assessment
                .criteria
                .into_iter()
                .zip(criterion_ids)
                .enumerate()
            {
                if c.question_ids.is_empty() {
                    continue;
                }
                list.push(WgCriterionLinks {
                    criterion: WgCriterionRef {
                        service: assessment.service.clone(),
                        id,
                        position,
                        criterion_no: c.criterion_no,
                        perspective: c.perspective,
                        category: c.category,
                        criterion: c.criterion,
                        decision: c.decision,
                    },
                    question_ids: c.question_ids,
                });
            }
        }
        Ok(list)
    }

    /// Every question id named by a stored criterion, with its criteria; or only `question_id`
    /// (of set `set_id` when given: needed only for an id several sets use).
    pub fn wg_question_links(
        &self,
        set_id: Option<&str>,
        question_id: Option<&str>,
    ) -> Result<Vec<WgQuestionLinks>> {
        let path = self.path();
        let ids: Vec<String> = match question_id {
            // As every command reads a question id (`sec 3`); one only a WG file names (not in
            // this workbook's sets) by its key. An id several sets use needs its set.
            Some(id) => vec![match self.resolve_question_in(set_id, id) {
                Ok((_, _, question)) => question.key().to_string(),
                Err(e @ (Error::QuestionAmbiguous { .. } | Error::QuestionSetNotFound { .. })) => {
                    return Err(e);
                }
                Err(_) => crate::question_set::lookup::id_key(id),
            }],
            None => self.wg_rows(
                "SELECT DISTINCT question_id FROM wg_criterion_question ORDER BY 1",
                [],
                |r| r.get(0),
            )?,
        };
        let mut list = Vec::new();
        for id in ids {
            let in_workbook: bool = self
                .conn()
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM question WHERE id = ?1)",
                    [&id],
                    |r| r.get(0),
                )
                .db(path)?;
            let criteria = self.wg_criteria_for_question(&id)?;
            list.push(WgQuestionLinks {
                question_id: id,
                in_workbook,
                criteria,
            });
        }
        Ok(list)
    }
}

/// `3–7, 12` for ids 3, 4, 5, 6, 7, 12 (ids of one service are mostly consecutive).
fn id_ranges(ids: &[i64]) -> String {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}
