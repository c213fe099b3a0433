//! Applying an upgrade plan: ONE transaction after the pre-upgrade milestone.
//!
//! The `question` rows of carried questions are updated in place, never deleted: a row deleted
//! would take with it (ON DELETE CASCADE) what other tables hang on the question. Keys that
//! change are rewritten in every table whose foreign key names `question (id)` — read from the
//! schema, so a table added later follows — through temporary keys, so a swap (A → B, B → A)
//! never meets itself. Foreign keys are checked at commit (`defer_foreign_keys`), after every
//! row is in place, and once more by `foreign_key_check` for a clear error.

use serde_json::json;

use super::UpgradePlan;
use super::map::IdMap;
use super::plan::Resolution;
use crate::error::{Error, Result};
use crate::workbook::milestone::MilestoneInfo;
use crate::workbook::{DbResult, Workbook, Write};

impl Workbook {
    pub(super) fn apply_plan(
        &mut self,
        plan: &UpgradePlan,
        milestone: &MilestoneInfo,
        map: Option<&IdMap>,
        actor: &str,
    ) -> Result<()> {
        let Some(resolution) = &plan.resolution else {
            return Ok(());
        };
        let workbook_path = self.path().to_path_buf();
        self.write(|write| {
            let path = write.path;
            // Nothing may have been written since the milestone (its entry is the last one),
            // and the stored set must still be the plan's.
            let (head, stored): (i64, Option<String>) = write
                .tx
                .query_row(
                    "SELECT (SELECT max(seq) FROM audit_entry), \
                     (SELECT content_hash FROM question_set WHERE id = ?1)",
                    [&plan.set_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .db(path)?;
            if head != milestone.audit_seq + 1 || stored.as_deref() != Some(&plan.from_sha256) {
                return Err(Error::ImportPlanChanged {
                    path: workbook_path.clone(),
                });
            }
            write
                .tx
                .execute_batch("PRAGMA defer_foreign_keys = ON")
                .db(path)?;
            clear_set_rows(write, &plan.set_id)?;
            remove_questions(write, &resolution.removed)?;
            rekey(write, resolution)?;
            write_questions(write, resolution, &plan.set_id)?;
            super::super::sets::insert_choices(&write.tx, path, &resolution.new_set)?;
            super::super::question_rules::insert(&write.tx, path, &resolution.new_set)?;
            write_answers(write, resolution)?;
            move_evidence(write, resolution)?;
            write
                .tx
                .execute(
                    "UPDATE question_set SET version = ?2, content_hash = ?3, source_text = ?4 \
                     WHERE id = ?1",
                    (
                        &plan.set_id,
                        resolution.new_set.version(),
                        resolution.new_set.content_hash(),
                        resolution.new_set.source_text(),
                    ),
                )
                .db(path)?;
            let upgrade = format!(
                "{} {} → {}",
                plan.set_id, plan.from_version_label, plan.to_version_label
            );
            let mut rereview = write
                .tx
                .prepare(
                    "INSERT INTO rereview (question_id, reasons, upgrade, since) \
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (question_id) DO UPDATE SET \
                     reasons = excluded.reasons, upgrade = excluded.upgrade, since = excluded.since",
                )
                .db(path)?;
            for (key, reasons) in &resolution.rereview {
                rereview
                    .execute((key, reasons.to_string(), &upgrade, &write.at))
                    .db(path)?;
            }
            let dangling: i64 = write
                .tx
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .db(path)?;
            if dangling > 0 {
                return Err(Error::WorkbookCorrupt {
                    path: path.to_path_buf(),
                    reason: format!(
                        "the upgrade would leave {dangling} rows pointing to missing rows; nothing was changed"
                    ),
                });
            }
            let old = json!({
                "version": plan.from_version,
                "content_hash": plan.from_sha256,
            });
            let new = json!({
                "version": plan.to_version,
                "content_hash": plan.to_sha256,
                "milestone": milestone.name,
                "map": map.filter(|m| !m.is_empty()),
                "summary": plan.summary,
                "renamed": plan.unchanged.iter().chain(&plan.changed)
                    .filter(|c| c.from != c.to)
                    .map(|c| json!([c.from, c.to]))
                    .collect::<Vec<_>>(),
                "to_rereview": plan.changed.iter().filter(|c| c.to_rereview)
                    .map(|c| c.to.clone()).collect::<Vec<_>>(),
                "lost_selections": plan.lost_selections,
                "new_questions": plan.new_questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>(),
                "removed_questions": plan.removed_questions,
            });
            write.audit(
                actor,
                crate::history::action::QUESTION_SET_UPGRADE,
                &plan.set_id,
                Some(&old),
                Some(&new),
            )
        })
    }
}

/// The old questions that go: their evidence (a content the pre-upgrade milestone lists is
/// kept in `evidence_retained` first, as `remove_evidence` does), answers and rows.
fn remove_questions(write: &Write<'_>, removed: &[String]) -> Result<()> {
    let path = write.path;
    for key in removed {
        write
            .tx
            .execute(
                "INSERT OR IGNORE INTO evidence_retained (sha256, content) \
                 SELECT e.sha256, b.content FROM evidence e \
                 JOIN evidence_blob b ON b.evidence_id = e.id \
                 WHERE e.question_id = ?1 AND EXISTS \
                   (SELECT 1 FROM milestone_evidence m WHERE m.sha256 = e.sha256)",
                [key],
            )
            .db(path)?;
        for sql in [
            "DELETE FROM evidence WHERE question_id = ?1",
            "DELETE FROM answer WHERE question_id = ?1",
            // Cascades to what hangs on the question (its re-review row, and the like).
            "DELETE FROM question WHERE id = ?1",
        ] {
            write.tx.execute(sql, [key]).db(path)?;
        }
    }
    Ok(())
}

/// The rows the new text gives (choices, the figures' rows) go, to be written again; the
/// removed questions' rows too (with what cascades from them).
fn clear_set_rows(write: &Write<'_>, set_id: &str) -> Result<()> {
    let path = write.path;
    for sql in [
        "DELETE FROM question_rule WHERE question_id IN (SELECT id FROM question WHERE set_id = ?1)",
        "DELETE FROM choice WHERE question_id IN (SELECT id FROM question WHERE set_id = ?1)",
        "DELETE FROM set_figures WHERE set_id = ?1",
    ] {
        write.tx.execute(sql, [set_id]).db(path)?;
    }
    Ok(())
}

/// Every column that references `question (id)`, from the schema.
fn question_references(write: &Write<'_>) -> Result<Vec<(String, String)>> {
    let mut statement = write
        .tx
        .prepare(
            "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND f.\"table\" = 'question' \
             AND (f.\"to\" IS NULL OR f.\"to\" = 'id') AND m.name NOT IN ('choice', 'question_rule')",
        )
        .db(write.path)?;
    let rows = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .db(write.path)?;
    rows.collect::<rusqlite::Result<_>>().db(write.path)
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Moves the carried questions' rows to their new keys, in two steps through temporary keys.
fn rekey(write: &Write<'_>, resolution: &Resolution) -> Result<()> {
    let path = write.path;
    let moves: Vec<(&str, &str)> = resolution
        .pairs
        .iter()
        .filter(|p| p.primary && p.old_key != p.new_key)
        .map(|p| (p.old_key.as_str(), p.new_key.as_str()))
        .collect();
    if moves.is_empty() {
        return Ok(());
    }
    // Answer choices are written again under the new key (`write_answers`).
    let mut clear = write
        .tx
        .prepare("DELETE FROM answer_choice WHERE question_id = ?1")
        .db(path)?;
    for (old, _) in &moves {
        clear.execute([old]).db(path)?;
    }
    write
        .tx
        .execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS upgrade_key (old TEXT PRIMARY KEY, new TEXT NOT NULL);\
             DELETE FROM temp.upgrade_key;",
        )
        .db(path)?;
    let mut row = write
        .tx
        .prepare("INSERT INTO temp.upgrade_key (old, new) VALUES (?1, ?2)")
        .db(path)?;
    // `\u{1}` is in no id or key: a temporary key never meets a real one.
    for (index, (old, _)) in moves.iter().enumerate() {
        row.execute((old, format!("\u{1}{index}"))).db(path)?;
    }
    let mut columns = question_references(write)?;
    columns.push(("question".into(), "id".into()));
    let rewrite = |write: &Write<'_>| -> Result<()> {
        for (table, column) in &columns {
            let (t, c) = (quoted(table), quoted(column));
            write
                .tx
                .execute(
                    &format!(
                        "UPDATE main.{t} SET {c} = (SELECT new FROM temp.upgrade_key WHERE old = {t}.{c}) \
                         WHERE {c} IN (SELECT old FROM temp.upgrade_key)"
                    ),
                    [],
                )
                .db(write.path)?;
        }
        Ok(())
    };
    rewrite(write)?;
    write
        .tx
        .execute("DELETE FROM temp.upgrade_key", [])
        .db(path)?;
    for (index, (_, new)) in moves.iter().enumerate() {
        row.execute((format!("\u{1}{index}"), new)).db(path)?;
    }
    rewrite(write)?;
    write
        .tx
        .execute("DROP TABLE temp.upgrade_key", [])
        .db(path)?;
    Ok(())
}

/// Every question of the new edition in its place: carried rows (already at their new keys)
/// updated, new ones inserted.
fn write_questions(write: &Write<'_>, resolution: &Resolution, set_id: &str) -> Result<()> {
    let mut row = write
        .tx
        .prepare(
            "INSERT INTO question (id, set_id, pillar_id, position) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (id) DO UPDATE SET pillar_id = excluded.pillar_id, \
             position = excluded.position",
        )
        .db(write.path)?;
    for (position, (pillar, question)) in resolution.new_set.questions().enumerate() {
        row.execute((question.key(), set_id, &pillar.id, position as i64))
            .db(write.path)?;
    }
    Ok(())
}

/// The carried answers with their choices renamed and lost ones dropped; a split's other
/// questions get a copy of the answer (who and when kept: the answer was given then).
fn write_answers(write: &Write<'_>, resolution: &Resolution) -> Result<()> {
    let path = write.path;
    let mut copy = write
        .tx
        .prepare(
            "INSERT INTO answer (question_id, not_applicable_reason, not_applicable_text, notes, \
             updated_by, updated_at) SELECT ?1, not_applicable_reason, not_applicable_text, \
             notes, updated_by, updated_at FROM answer WHERE question_id = ?2",
        )
        .db(path)?;
    let mut clear = write
        .tx
        .prepare("DELETE FROM answer_choice WHERE question_id = ?1")
        .db(path)?;
    let mut choice = write
        .tx
        .prepare(
            "INSERT INTO answer_choice (question_id, choice_id, status, reason, reason_text) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .db(path)?;
    let primary_key = |old: &str| {
        resolution
            .pairs
            .iter()
            .find(|p| p.primary && p.old_key == old)
            .map(|p| p.new_key.clone())
    };
    for pair in &resolution.pairs {
        let Some(answer) = &pair.answer else {
            continue;
        };
        if !pair.primary
            && let Some(source) = primary_key(&pair.old_key)
        {
            copy.execute((&pair.new_key, &source)).db(path)?;
        }
        clear.execute([&pair.new_key]).db(path)?;
        for id in &answer.selected_choices {
            choice
                .execute((&pair.new_key, id, "SELECTED", None::<&str>, ""))
                .db(path)?;
        }
        for item in &answer.choices_not_applicable {
            choice
                .execute((
                    &pair.new_key,
                    &item.choice_id,
                    "NOT_APPLICABLE",
                    Some(item.reason.as_str()),
                    &item.text,
                ))
                .db(path)?;
        }
    }
    Ok(())
}

/// Evidence on a renamed choice follows it; on a removed choice it stays with the question
/// (`choice_id` cleared) rather than leaving the review.
fn move_evidence(write: &Write<'_>, resolution: &Resolution) -> Result<()> {
    let path = write.path;
    let mut found = write
        .tx
        .prepare(
            "SELECT id, choice_id FROM evidence WHERE question_id = ?1 AND choice_id IS NOT NULL",
        )
        .db(path)?;
    let mut update = write
        .tx
        .prepare("UPDATE evidence SET choice_id = ?2 WHERE id = ?1")
        .db(path)?;
    for pair in resolution.pairs.iter().filter(|p| p.primary) {
        let rows = found
            .query_map([&pair.new_key], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .db(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db(path)?;
        for (id, choice_id) in rows {
            let target = pair
                .choices
                .iter()
                .find(|(from, _)| *from == choice_id)
                .and_then(|(_, to)| to.clone());
            if target.as_deref() != Some(choice_id.as_str()) {
                update.execute((id, target)).db(path)?;
            }
        }
    }
    Ok(())
}
