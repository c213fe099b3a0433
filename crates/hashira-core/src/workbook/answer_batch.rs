//! Many answer changes at once (imports, batches): planned as a dry run with every refusal
//! listed, then applied all together in one transaction or not at all.

use std::collections::HashMap;

use serde::Serialize;

use super::answers::{apply, store_answer};
use super::{Answer, AnswerChange, Workbook};
use crate::error::{Error, Result};

/// One answer an import or batch would change: as stored and as it would be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerUpdate {
    pub question_id: String,
    pub before: Answer,
    pub after: Answer,
}

/// The outcome of checking many changes at once: what would change, and every change refused
/// (by its index in the input) with the reason.
#[derive(Debug, Default)]
pub struct AnswerPlan {
    pub updates: Vec<AnswerUpdate>,
    pub rejected: Vec<(usize, Error)>,
}

impl Workbook {
    /// Checks `changes` against the stored answers with the same rules as [`Workbook::save_answer`]
    /// without writing anything. Several changes to one question apply in order.
    pub fn plan_answers(&self, changes: &[(String, AnswerChange)]) -> Result<AnswerPlan> {
        let stored = self.answers()?;
        let mut plan = AnswerPlan::default();
        let mut planned: HashMap<String, Answer> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for (index, (question_id, change)) in changes.iter().enumerate() {
            let question = match self.find_question(question_id) {
                Ok((_, _, question)) => question,
                Err(error) => {
                    plan.rejected.push((index, error));
                    continue;
                }
            };
            let current = planned
                .get(question.key())
                .or_else(|| stored.get(question.key()))
                .cloned()
                .unwrap_or_else(|| Answer::empty(question.key()));
            match apply(question, &current, change.clone()) {
                Ok(next) => {
                    if !order.iter().any(|k| k == question.key()) {
                        order.push(question.key().to_string());
                    }
                    planned.insert(question.key().to_string(), next);
                }
                Err(error) => plan.rejected.push((index, error)),
            }
        }
        for question_id in order {
            let before = stored
                .get(&question_id)
                .cloned()
                .unwrap_or_else(|| Answer::empty(&question_id));
            if let Some(after) = planned.remove(&question_id)
                && !after.same_content(&before)
            {
                plan.updates.push(AnswerUpdate {
                    question_id,
                    before,
                    after,
                });
            }
        }
        Ok(plan)
    }

    /// Applies many changes in one transaction: all of them, or (if any is refused) none.
    /// Each changed answer gets its own audit entry; changes that alter nothing write nothing.
    pub fn save_answers(
        &mut self,
        changes: Vec<(String, AnswerChange)>,
        actor: &str,
    ) -> Result<Vec<Answer>> {
        self.save_answers_recorded(changes, actor, None)
    }

    /// Like [`Workbook::save_answers`], and also appends one audit entry `action` on `target`
    /// describing the batch (e.g. the imported file and its hash) when anything changes.
    pub fn save_answers_recorded(
        &mut self,
        changes: Vec<(String, AnswerChange)>,
        actor: &str,
        batch: Option<(&str, &str, serde_json::Value)>,
    ) -> Result<Vec<Answer>> {
        let mut plan = self.plan_answers(&changes)?;
        if !plan.rejected.is_empty() {
            let (_, error) = plan.rejected.remove(0);
            return Err(error);
        }
        if plan.updates.is_empty() {
            return Ok(Vec::new());
        }
        let at = self.write(|write| {
            if let Some((action, target, value)) = &batch {
                write.audit(actor, action, target, None, Some(value))?;
            }
            for update in &plan.updates {
                store_answer(
                    write,
                    &update.question_id,
                    &update.before,
                    &update.after,
                    actor,
                )?;
            }
            Ok(write.at.clone())
        })?;
        Ok(plan
            .updates
            .into_iter()
            .map(|update| update.after.saved(actor, at.clone()))
            .collect())
    }

    /// The answers of `changes` and the rows `more` writes, in one transaction with the batch's
    /// audit entry: an import that also edits improvement items changes all or nothing.
    pub(crate) fn save_answers_with(
        &mut self,
        changes: Vec<(String, AnswerChange)>,
        actor: &str,
        batch: (&str, &str, serde_json::Value),
        more: impl FnOnce(&super::Write<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut plan = self.plan_answers(&changes)?;
        if !plan.rejected.is_empty() {
            let (_, error) = plan.rejected.remove(0);
            return Err(error);
        }
        self.write(|write| {
            let (action, target, value) = &batch;
            write.audit(actor, action, target, None, Some(value))?;
            for update in &plan.updates {
                store_answer(
                    write,
                    &update.question_id,
                    &update.before,
                    &update.after,
                    actor,
                )?;
            }
            more(write)
        })
    }
}
