//! The plan of a set upgrade, worked out from the stored set, the new edition, the id map and
//! the stored answers, without touching the workbook: which question each old one becomes,
//! what happens to each answer and each selection, and what a reviewer must look at again.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::json;

use super::map::IdMap;
use super::{
    CarriedQuestion, ChoiceRename, LostSelection, NewQuestion, RemovedQuestion, UpgradePlan,
    UpgradeSummary,
};
use crate::error::{Error, Result};
use crate::question_set::{Question, QuestionSet};
use crate::workbook::{Answer, ChoiceNotApplicable};

/// What the apply needs beyond what the plan shows.
#[derive(Debug, Clone)]
pub(crate) struct Resolution {
    /// The new edition keyed as the workbook will hold it.
    pub new_set: QuestionSet,
    pub pairs: Vec<Pair>,
    /// Keys of the old questions that go.
    pub removed: Vec<String>,
    /// New key → the reasons written to its `rereview` row.
    pub rereview: Vec<(String, serde_json::Value)>,
}

/// One old question carried to one new question. The first pair of an old question moves its
/// rows (`primary`); the others of a split get a copy of its answer.
#[derive(Debug, Clone)]
pub(crate) struct Pair {
    pub old_key: String,
    pub new_key: String,
    pub primary: bool,
    /// The answer as it will be stored under the new key (`None`: never answered).
    pub answer: Option<Answer>,
    /// Old choice id → new choice id, or `None` when the choice is gone.
    pub choices: Vec<(String, Option<String>)>,
}

pub(crate) struct Inputs<'a> {
    pub old: &'a QuestionSet,
    pub new: QuestionSet,
    pub map: &'a IdMap,
    pub answers: &'a HashMap<String, Answer>,
    /// Evidence items per old question key.
    pub evidence: &'a HashMap<String, usize>,
}

fn refused(set_id: &str, kind: &'static str, message: &str, problems: Vec<String>) -> Error {
    Error::SetUpgradeRefused {
        set_id: set_id.to_string(),
        kind,
        message: message.to_string(),
        problems,
    }
}

/// The new question ids each old question goes to (empty: removed), in the old document
/// order, after checking the map names only ids that exist and sends no two old questions to
/// one new question.
fn question_targets(
    old: &QuestionSet,
    old_by_id: &HashMap<&str, &Question>,
    new_by_id: &HashMap<&str, &Question>,
    map: &IdMap,
) -> Result<Vec<(String, Vec<String>)>> {
    let set_id = old.id();
    let new_ids: HashSet<&str> = new_by_id.keys().copied().collect();
    let mut unknown = Vec::new();
    for (from, to) in &map.questions {
        if !old_by_id.contains_key(from.as_str()) {
            unknown.push(format!(
                "[questions] {from}: no question '{from}' in the stored edition"
            ));
        }
        for id in to.ids() {
            if !new_ids.contains(id) {
                unknown.push(format!(
                    "[questions] {from}: no question '{id}' in the new edition"
                ));
            }
        }
    }
    let targets: Vec<(String, Vec<String>)> = old
        .questions()
        .map(|(_, q)| {
            let to = match map.questions.get(&q.id) {
                Some(to) => to.ids().into_iter().map(str::to_string).collect(),
                None if new_ids.contains(q.id.as_str()) => vec![q.id.clone()],
                None => Vec::new(),
            };
            (q.id.clone(), to)
        })
        .collect();
    let targets_of = |question: &str| -> Vec<String> {
        targets
            .iter()
            .find(|(id, _)| id == question)
            .map(|(_, to)| to.clone())
            .unwrap_or_default()
    };
    for (key, to_choice) in &map.choices {
        let split = IdMap::split_choice_key(key, |q, c| {
            old_by_id.get(q).is_some_and(|q| q.choice(c).is_some())
        });
        let Some((question, _)) = split else {
            unknown.push(format!(
                "[choices] \"{key}\": no question.choice of the stored edition is named so"
            ));
            continue;
        };
        let lands = targets_of(question).iter().any(|target| {
            new_by_id
                .get(target.as_str())
                .is_some_and(|q| q.choice(to_choice).is_some())
        });
        if !lands {
            unknown.push(format!(
                "[choices] \"{key}\": no choice '{to_choice}' in the new question(s) {question} becomes"
            ));
        }
    }
    if !unknown.is_empty() {
        return Err(refused(
            set_id,
            "MAP_UNKNOWN_ID",
            "the id map names ids that do not exist; nothing was changed",
            unknown,
        ));
    }
    let mut receivers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in &targets {
        for id in to {
            receivers.entry(id).or_default().push(from);
        }
    }
    let clashes: Vec<String> = receivers
        .iter()
        .filter(|(_, from)| from.len() > 1)
        .map(|(to, from)| format!("{} would all become {to}", from.join(", ")))
        .collect();
    if !clashes.is_empty() {
        return Err(refused(
            set_id,
            "MAP_CONFLICT",
            "two old questions would become one new question (map one of them elsewhere); nothing was changed",
            clashes,
        ));
    }
    Ok(targets)
}

/// The old choice ids of `old` mapped into `new` (`None`: gone).
fn choice_targets(map: &IdMap, old: &Question, new: &Question) -> Vec<(String, Option<String>)> {
    old.choices
        .iter()
        .map(|choice| {
            let named = map
                .choices
                .get(&format!("{}.{}", old.id, choice.id))
                .map_or(choice.id.as_str(), String::as_str);
            (choice.id.clone(), new.choice(named).map(|c| c.id.clone()))
        })
        .collect()
}

/// The stored answer rewritten to the new choices, and the selections it loses.
fn carried_answer(
    answer: &Answer,
    new_key: &str,
    choices: &[(String, Option<String>)],
) -> (Answer, Vec<(String, Option<ChoiceNotApplicable>)>) {
    let target = |id: &str| {
        choices
            .iter()
            .find(|(from, _)| from == id)
            .and_then(|(_, to)| to.clone())
    };
    let mut lost = Vec::new();
    let mut next = Answer {
        question_id: new_key.to_string(),
        selected_choices: Vec::new(),
        choices_not_applicable: Vec::new(),
        ..answer.clone()
    };
    let mut taken: HashSet<String> = HashSet::new();
    for id in &answer.selected_choices {
        match target(id) {
            Some(to) if taken.insert(to.clone()) => next.selected_choices.push(to),
            Some(_) => {}
            None => lost.push((id.clone(), None)),
        }
    }
    for item in &answer.choices_not_applicable {
        match target(&item.choice_id) {
            Some(to) if taken.insert(to.clone()) => {
                next.choices_not_applicable.push(ChoiceNotApplicable {
                    choice_id: to,
                    ..item.clone()
                })
            }
            Some(_) => {}
            None => lost.push((item.choice_id.clone(), Some(item.clone()))),
        }
    }
    (next, lost)
}

/// Whether `new`'s rules are `old`'s with the choices renamed (white space aside): a question
/// renumbered with its choices keeps its rules.
fn same_rules(old: &Question, new: &Question, choices: &[(String, Option<String>)]) -> bool {
    let renamed = |condition: &str| -> String {
        let mut out = String::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if !word.is_empty() {
                let to = choices
                    .iter()
                    .find(|(from, _)| from == word)
                    .and_then(|(_, to)| to.as_deref());
                out.push_str(to.unwrap_or(word));
                word.clear();
            }
        };
        for c in condition.chars() {
            if c.is_whitespace() || "()!&|".contains(c) {
                flush(&mut word, &mut out);
                if !c.is_whitespace() {
                    out.push(c);
                }
            } else {
                word.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    };
    let normal = |q: &Question, rename: bool| -> Vec<(String, String)> {
        q.risk_rules
            .iter()
            .map(|r| {
                let condition = if rename {
                    renamed(&r.condition)
                } else {
                    r.condition.split_whitespace().collect()
                };
                (condition, format!("{:?}", r.risk))
            })
            .collect()
    };
    normal(old, true) == normal(new, false)
}

fn answer_holds_something(answer: &Answer) -> bool {
    answer.is_answered() || !answer.notes.is_empty() || !answer.choices_not_applicable.is_empty()
}

/// Works out the plan (its fingerprint left empty for the caller).
pub(crate) fn plan(inputs: Inputs<'_>) -> Result<UpgradePlan> {
    let Inputs {
        old,
        new,
        map,
        answers,
        evidence,
    } = inputs;
    let old_by_id: HashMap<&str, &Question> =
        old.questions().map(|(_, q)| (q.id.as_str(), q)).collect();
    let new_by_id: HashMap<&str, &Question> =
        new.questions().map(|(_, q)| (q.id.as_str(), q)).collect();
    let targets = question_targets(old, &old_by_id, &new_by_id, map)?;
    let mut plan = UpgradePlan {
        set_id: old.id().to_string(),
        from_version: old.version().to_string(),
        to_version: new.version().to_string(),
        from_version_label: crate::question_set::version_label(old.version()),
        to_version_label: crate::question_set::version_label(new.version()),
        from_sha256: old.content_hash().to_string(),
        to_sha256: new.content_hash().to_string(),
        unchanged: Vec::new(),
        changed: Vec::new(),
        lost_selections: Vec::new(),
        new_questions: Vec::new(),
        removed_questions: Vec::new(),
        summary: UpgradeSummary::default(),
        fingerprint: String::new(),
        resolution: None,
    };
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    let mut rereview = Vec::new();
    let upgrade_name = format!("{} {} → {}", old.id(), old.version(), new.version());
    let mut received: HashSet<String> = HashSet::new();
    for (old_id, to) in &targets {
        let Some(&old_q) = old_by_id.get(old_id.as_str()) else {
            continue;
        };
        let answer = answers.get(old_q.key());
        if to.is_empty() {
            removed.push(old_q.key().to_string());
            plan.removed_questions.push(RemovedQuestion {
                id: old_id.clone(),
                answered: answer.is_some_and(answer_holds_something),
                evidence: evidence.get(old_q.key()).copied().unwrap_or(0),
            });
            continue;
        }
        // A choice that lands in any part of a split is carried there, not lost.
        let landed: HashSet<String> = to
            .iter()
            .filter_map(|id| new_by_id.get(id.as_str()))
            .flat_map(|new_q| choice_targets(map, old_q, new_q))
            .filter(|(_, to)| to.is_some())
            .map(|(from, _)| from)
            .collect();
        for (index, new_id) in to.iter().enumerate() {
            let Some(&new_q) = new_by_id.get(new_id.as_str()) else {
                continue;
            };
            received.insert(new_id.clone());
            let choices = choice_targets(map, old_q, new_q);
            let (carried, lost) = match answer {
                Some(answer) => {
                    let (next, lost) = carried_answer(answer, new_q.key(), &choices);
                    let lost = lost.into_iter().filter(|(id, _)| !landed.contains(id));
                    (Some(next), lost.collect::<Vec<_>>())
                }
                None => (None, Vec::new()),
            };
            let mapped: HashSet<&str> =
                choices.iter().filter_map(|(_, to)| to.as_deref()).collect();
            let entry = CarriedQuestion {
                from: old_id.clone(),
                to: new_id.clone(),
                answered: answer.is_some_and(answer_holds_something),
                split: to.len() > 1,
                question_text_changed: old_q.title != new_q.title
                    || old_q.description != new_q.description,
                rules_changed: !same_rules(old_q, new_q, &choices),
                choices_text_changed: choices
                    .iter()
                    .filter_map(|(from, to)| {
                        let before = old_q.choice(from)?;
                        let after = new_q.choice(to.as_deref()?)?;
                        (before.title != after.title || before.description != after.description)
                            .then(|| after.id.clone())
                    })
                    .collect(),
                choices_renamed: choices
                    .iter()
                    .filter_map(|(from, to)| match to {
                        Some(to) if to != from => Some(ChoiceRename {
                            from: from.clone(),
                            to: to.clone(),
                        }),
                        _ => None,
                    })
                    .collect(),
                choices_added: new_q
                    .choices
                    .iter()
                    .filter(|c| !mapped.contains(c.id.as_str()))
                    .map(|c| c.id.clone())
                    .collect(),
                choices_removed: choices
                    .iter()
                    .filter(|(_, to)| to.is_none())
                    .map(|(from, _)| from.clone())
                    .collect(),
                selections_lost: lost.iter().map(|(id, _)| id.clone()).collect(),
                to_rereview: false,
            };
            for (choice_id, not_applicable) in lost.iter().filter(|_| index == 0) {
                plan.lost_selections.push(LostSelection {
                    question: old_id.clone(),
                    new_question: new_id.clone(),
                    choice_id: choice_id.clone(),
                    status: if not_applicable.is_some() {
                        "NOT_APPLICABLE"
                    } else {
                        "SELECTED"
                    },
                    reason: not_applicable
                        .as_ref()
                        .map(|na| na.reason.as_str().to_string()),
                    reason_text: not_applicable
                        .as_ref()
                        .map(|na| na.text.clone())
                        .unwrap_or_default(),
                });
            }
            let changed = entry.question_text_changed
                || entry.rules_changed
                || entry.split
                || !entry.choices_text_changed.is_empty()
                || !entry.choices_added.is_empty()
                || !entry.choices_removed.is_empty();
            let mut entry = entry;
            entry.to_rereview = changed && entry.answered;
            if entry.to_rereview {
                rereview.push((
                    new_q.key().to_string(),
                    json!({
                        "question_text": entry.question_text_changed,
                        "rules": entry.rules_changed,
                        "split_from": entry.split.then(|| old_id.clone()),
                        "choices_text": entry.choices_text_changed,
                        "choices_added": entry.choices_added,
                        "choices_removed": entry.choices_removed,
                        "selections_lost": entry.selections_lost,
                        "upgrade": upgrade_name,
                    }),
                ));
            }
            pairs.push(Pair {
                old_key: old_q.key().to_string(),
                new_key: new_q.key().to_string(),
                primary: index == 0,
                answer: carried,
                choices,
            });
            if changed {
                plan.changed.push(entry);
            } else {
                plan.unchanged.push(entry);
            }
        }
    }
    for (pillar, question) in new.questions() {
        if !received.contains(&question.id) {
            plan.new_questions.push(NewQuestion {
                id: question.id.clone(),
                pillar_id: pillar.id.clone(),
                choices: question.choices.len(),
            });
        }
    }
    plan.summary = UpgradeSummary {
        unchanged: plan.unchanged.len(),
        changed: plan.changed.len(),
        to_rereview: rereview.len(),
        lost_selections: plan.lost_selections.len(),
        new_questions: plan.new_questions.len(),
        new_choices: plan.changed.iter().map(|c| c.choices_added.len()).sum(),
        removed_questions: plan.removed_questions.len(),
        removed_answers: plan.removed_questions.iter().filter(|r| r.answered).count(),
        removed_evidence: plan.removed_questions.iter().map(|r| r.evidence).sum(),
    };
    plan.resolution = Some(Resolution {
        new_set: new,
        pairs,
        removed,
        rereview,
    });
    Ok(plan)
}
