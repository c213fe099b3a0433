//! Finding a question or choice from what a person typed: `sec 1`, `Sec1`, `SEC 1` and
//! `fiscsec10` name SEC1 and FISCSEC10, `sec1-02` names SEC1-02; and, when nothing matches, the
//! nearest ids to suggest. Ids are printed one way (`SEC1`, as the sets spell them); only input
//! is read loosely. Every command that names a question or choice resolves it here.

use super::{Choice, Lang, Pillar, Question, QuestionSet};
use crate::error::{ChoiceRef, Error, Result};

/// How many near ids an error suggests.
const SUGGESTIONS: usize = 5;

/// The comparison key of an id: white space dropped, letters in upper case.
pub fn id_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The question a text names across `sets`, or in set `set_id` when given: its id exactly,
/// then its workbook key (`lens-b/q1`), else the one id with the same key (`sec 1`). An id
/// that several sets use is ambiguous without the set: [`Error::QuestionAmbiguous`] lists
/// them.
pub fn resolve_question<'a>(
    sets: &'a [QuestionSet],
    set_id: Option<&str>,
    text: &str,
) -> Result<(&'a QuestionSet, &'a Pillar, &'a Question)> {
    let in_scope: Vec<&QuestionSet> =
        match set_id {
            None => sets.iter().collect(),
            Some(id) => vec![sets.iter().find(|s| s.id() == id).ok_or_else(|| {
                Error::QuestionSetNotFound {
                    id: id.to_string(),
                    known: sets.iter().map(|s| s.id()).collect::<Vec<_>>().join(", "),
                }
            })?],
        };
    // An id several sets use is ambiguous even where one of them keys it by the id alone.
    let exact: Vec<_> = in_scope
        .iter()
        .filter_map(|set| set.question_by_id(text).map(|(p, q)| (*set, p, q)))
        .collect();
    if let Some(found) = one_or_ambiguous(exact, text)? {
        return Ok(found);
    }
    let by_key = in_scope
        .iter()
        .find_map(|set| set.question(text).map(|(p, q)| (*set, p, q)));
    if let Some(found) = by_key {
        return Ok(found);
    }
    let key = id_key(text);
    let loose: Vec<_> = in_scope
        .iter()
        .flat_map(|set| {
            set.questions()
                .filter(|(_, q)| id_key(&q.id) == key || id_key(q.key()) == key)
                .map(move |(p, q)| (*set, p, q))
        })
        .collect();
    one_or_ambiguous(loose, text)?.ok_or_else(|| question_not_found(sets, text))
}

type Found<'a> = (&'a QuestionSet, &'a Pillar, &'a Question);

/// The one match; several in different sets are ambiguous; several in one set are no match.
fn one_or_ambiguous<'a>(matches: Vec<Found<'a>>, text: &str) -> Result<Option<Found<'a>>> {
    match matches.as_slice() {
        [] => Ok(None),
        [found] => Ok(Some(*found)),
        several => {
            let mut set_ids: Vec<String> =
                several.iter().map(|(s, _, _)| s.id().to_string()).collect();
            set_ids.dedup();
            if set_ids.len() > 1 {
                Err(Error::QuestionAmbiguous {
                    question_id: text.to_string(),
                    sets: set_ids,
                })
            } else {
                Ok(None)
            }
        }
    }
}

/// The choice of `question` a text names: its exact id, else the one id with the same key.
pub fn resolve_choice<'a>(question: &'a Question, text: &str) -> Result<&'a Choice> {
    if let Some(choice) = question.choice(text) {
        return Ok(choice);
    }
    let key = id_key(text);
    let mut matches = question.choices.iter().filter(|c| id_key(&c.id) == key);
    match (matches.next(), matches.next()) {
        (Some(choice), None) => Ok(choice),
        _ => Err(choice_not_found(question, text)),
    }
}

/// `QUESTION_NOT_FOUND` for `text`, with the nearest question ids of `sets`.
pub fn question_not_found(sets: &[QuestionSet], text: &str) -> Error {
    let ids: Vec<&str> = sets
        .iter()
        .flat_map(|s| s.questions().map(|(_, q)| q.key()))
        .collect();
    Error::QuestionNotFound {
        question_id: text.to_string(),
        suggestions: nearest(&ids, text),
    }
}

/// `CHOICE_NOT_FOUND` for `text`, with the nearest choice ids and every choice of the question.
pub fn choice_not_found(question: &Question, text: &str) -> Error {
    let ids: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
    Error::ChoiceNotFound {
        question_id: question.id.clone(),
        choice_id: text.to_string(),
        suggestions: nearest(&ids, text),
        choices: question
            .choices
            .iter()
            .map(|c| ChoiceRef {
                id: c.id.clone(),
                title: c.title.get(Lang::Ja).to_string(),
            })
            .collect(),
    }
}

/// The ids nearest to `text` by edit distance over their keys (so `sec 12` is as near to SEC12
/// as `SEC12` is): those at the smallest distance, if it is small enough to be a plausible
/// slip: one edit (a swapped pair counts as one), two for ids of eight characters or more.
pub fn nearest(ids: &[&str], text: &str) -> Vec<String> {
    let key: Vec<char> = id_key(text).chars().collect();
    if key.is_empty() {
        return Vec::new();
    }
    let limit = if key.len() >= 8 { 2 } else { 1 };
    let scored: Vec<(usize, &str)> = ids
        .iter()
        .map(|id| (distance(&key, &id_key(id).chars().collect::<Vec<_>>()), *id))
        .filter(|(d, _)| *d <= limit)
        .collect();
    // Only the nearest: FISCSEC3 for `fsicsec3`, not every FISCSEC that is two edits away.
    let best = scored.iter().map(|(d, _)| *d).min();
    scored
        .into_iter()
        .filter(|(d, _)| Some(*d) == best)
        .take(SUGGESTIONS)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// Edit distance over characters with adjacent transpositions (optimal string alignment):
/// `SCE1` is one slip from `SEC1`.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question_set::shipped;

    fn sets() -> Vec<QuestionSet> {
        ["sec", "fisc-sec"]
            .iter()
            .map(|id| shipped::shipped_set(id).unwrap())
            .collect()
    }

    #[test]
    fn any_spacing_and_case_names_the_question() {
        let sets = sets();
        for text in ["SEC1", "sec 1", "Sec1", "SEC 1", " sec1 ", "s e c 1"] {
            assert_eq!(
                resolve_question(&sets, None, text).unwrap().2.id,
                "SEC1",
                "{text}"
            );
        }
        assert_eq!(
            resolve_question(&sets, None, "fiscsec10").unwrap().2.id,
            "FISCSEC10"
        );
        assert_eq!(
            resolve_question(&sets, None, "FISCSEC 10").unwrap().0.id(),
            "fisc-sec"
        );
    }

    #[test]
    fn choices_are_named_in_any_case() {
        let sets = sets();
        let (_, _, question) = resolve_question(&sets, None, "sec1").unwrap();
        assert_eq!(resolve_choice(question, "sec1-02").unwrap().id, "SEC1-02");
        assert_eq!(resolve_choice(question, "sec1_no").unwrap().id, "SEC1_no");
        assert_eq!(resolve_choice(question, "SEC1-02").unwrap().id, "SEC1-02");
    }

    #[test]
    fn an_unknown_question_suggests_the_nearest_ids() {
        let sets = sets();
        let error = resolve_question(&sets, None, "SEC 99").unwrap_err();
        let Error::QuestionNotFound {
            question_id,
            suggestions,
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(question_id, "SEC 99");
        assert_eq!(suggestions, &["SEC9"]);
        let Error::QuestionNotFound { suggestions, .. } =
            resolve_question(&sets, None, "fsicsec 3").unwrap_err()
        else {
            panic!()
        };
        assert_eq!(suggestions, &["FISCSEC3"]);
        let details = error.details();
        assert_eq!(details["suggestions"][0].as_str().unwrap().len(), 4);
        assert!(error.to_string().contains("did you mean"), "{error}");
        // Nothing near: no suggestion rather than a random one.
        let Error::QuestionNotFound { suggestions, .. } =
            resolve_question(&sets, None, "XYZZY-PLUGH").unwrap_err()
        else {
            panic!()
        };
        assert!(suggestions.is_empty());
    }

    #[test]
    fn an_unknown_choice_lists_the_questions_choices() {
        let sets = sets();
        let (_, _, question) = resolve_question(&sets, None, "SEC1").unwrap();
        let error = resolve_choice(question, "SEC1-2").unwrap_err();
        let details = error.details();
        assert_eq!(details["question_id"], "SEC1");
        assert_eq!(details["suggestions"][0], "SEC1-02");
        let choices = details["choices"].as_array().unwrap();
        assert_eq!(choices.len(), question.choices.len());
        assert_eq!(choices[0]["id"], "SEC1-01");
        assert_eq!(choices[0]["title"], question.choices[0].title.get(Lang::Ja));
    }

    #[test]
    fn a_label_that_respaces_the_id_prints_as_the_id() {
        let sets = sets();
        let (_, _, question) = resolve_question(&sets, None, "SEC1").unwrap();
        assert_eq!(question.label.as_deref(), Some("SEC 1"));
        assert_eq!(question.label(), "SEC1");
        let mut custom = question.clone();
        custom.label = Some("Q-A".into());
        assert_eq!(custom.label(), "Q-A");
    }

    #[test]
    fn distances() {
        let d = |a: &str, b: &str| {
            distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("SEC1", "SEC1"), 0);
        assert_eq!(d("SEC1", "SEC10"), 1);
        assert_eq!(d("SCE1", "SEC1"), 1);
        assert_eq!(d("SEC1", "SEC12"), 1);
        assert_eq!(d("", "SEC"), 3);
    }
}
