//! The re-review list: questions whose carried answer a set upgrade asks a reviewer to look at
//! again (the question's or a choice's text changed, a selected choice was removed…). Saving
//! the answer — changed, or confirmed as it is — takes the question off the list.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::workbook::{DbResult, Workbook, json_at};

/// One question on the re-review list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RereviewItem {
    /// The question's key in the workbook.
    pub question_id: String,
    pub set_id: String,
    /// What changed, as the upgrade plan listed it (`question_text`, `choices_text`,
    /// `selections_lost`…).
    pub reasons: Value,
    /// The upgrade that asked for it: "SET OLD → NEW".
    pub upgrade: String,
    pub since: String,
}

impl Workbook {
    /// Every question on the re-review list, in the sets' and questions' order.
    pub fn rereview_list(&self) -> Result<Vec<RereviewItem>> {
        let path = self.path();
        let mut statement = self
            .conn()
            .prepare(
                "SELECT r.question_id, q.set_id, r.reasons, r.upgrade, r.since FROM rereview r \
                 JOIN question q ON q.id = r.question_id \
                 JOIN question_set s ON s.id = q.set_id ORDER BY s.position, q.position",
            )
            .db(path)?;
        let rows = statement
            .query_map([], |r| {
                let question_id: String = r.get(0)?;
                Ok(RereviewItem {
                    reasons: json_at(r, 2, "rereview", || question_id.clone())?,
                    question_id,
                    set_id: r.get(1)?,
                    upgrade: r.get(3)?,
                    since: r.get(4)?,
                })
            })
            .db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }

    /// Confirms the stored answer to `question_id` (a key) as it is: takes it off the
    /// re-review list, with an `answer.confirm` audit entry. `false` (nothing written) when the
    /// question was not on the list.
    pub fn confirm_answer(&mut self, question_id: &str, actor: &str) -> Result<bool> {
        let (_, _, question) = self.find_question(question_id)?;
        let key = question.key().to_string();
        let reasons: Option<String> = self
            .conn()
            .query_row(
                "SELECT reasons FROM rereview WHERE question_id = ?1",
                [&key],
                |r| r.get(0),
            )
            .optional()
            .db(self.path())?;
        let Some(reasons) = reasons else {
            return Ok(false);
        };
        let old: Value = serde_json::from_str(&reasons).unwrap_or(Value::String(reasons));
        self.write(|write| {
            write
                .tx
                .execute("DELETE FROM rereview WHERE question_id = ?1", [&key])
                .db(write.path)?;
            write.audit(
                actor,
                crate::history::action::ANSWER_CONFIRM,
                &key,
                Some(&old),
                None,
            )
        })?;
        Ok(true)
    }
}
