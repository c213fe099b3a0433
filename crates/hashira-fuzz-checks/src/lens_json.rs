//! Custom-lens JSON files (`hashira lens check`, the lens files users download): the validator
//! on any bytes.

use hashira_core::lens::{
    Lens, LensProblem, LensRefused, MAX_READ_BYTES, Severity, check_lens_bytes, lens_to_set,
};
use serde_json::Value;

use crate::json_path::places;
use crate::set_toml::assert_every_question_has_risk;

/// What the lens file is called when it becomes a question set.
const FILE: &str = "fuzzed-lens.json";

/// What a lens check saw: the replay test uses it to prove its seeds reach both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LensOutcome {
    /// At least one error-severity problem.
    Refused,
    /// No error (warnings allowed): the lens deserialises.
    Valid,
}

/// `check_lens_bytes` never panics; every problem is placed (its JSON path exists in the
/// document, or — for a file that is not JSON — the problem gives the line and column, or for a
/// UTF-16 file is an error at `$` naming the encoding); a lens with no error deserialises into
/// [`Lens`], and that `Lens` written back is still free of errors (an export of what was read
/// is a lens the WA Tool takes). The lens import (`lens_to_set`) places its problems and
/// warnings the same way, imports every lens without errors with as many questions and choices
/// as the lens has, and gives a set in which every question has a risk for any answer.
pub fn check_lens_json(bytes: &[u8]) -> LensOutcome {
    let problems = check_lens_bytes(bytes);
    assert_placed(&problems, bytes, "lens check");
    let imported = lens_to_set(bytes, FILE, None, &[]);
    match &imported {
        Ok(import) => {
            assert_placed(&import.warnings, bytes, "lens import (warnings)");
            assert_every_question_has_risk(&import.set, "lens import");
        }
        Err(LensRefused { problems: refused }) => {
            assert!(
                !refused.is_empty(),
                "lens import: refused without a problem"
            );
            assert_placed(refused, bytes, "lens import");
        }
    }
    if errors(&problems).next().is_some() {
        return LensOutcome::Refused;
    }
    let lens = match Lens::from_json(bytes) {
        Ok(lens) => lens,
        Err(e) => panic!(
            "lens check: no error was reported ({problems:?}), but the lens does not deserialise: {e}"
        ),
    };
    let text = match lens.to_json_pretty() {
        Ok(text) => text,
        Err(e) => panic!("lens check: a valid lens does not serialise: {e}"),
    };
    let again = check_lens_bytes(text.as_bytes());
    let again: Vec<&LensProblem> = errors(&again).collect();
    assert!(
        again.is_empty(),
        "lens check: a valid lens, read and written back, has errors: {again:?}\n{text}"
    );
    match imported {
        Ok(import) => {
            let lens_questions: Vec<usize> = lens
                .pillars
                .iter()
                .flat_map(|p| p.questions.iter().map(|q| q.choices.len()))
                .collect();
            let set_questions: Vec<usize> = import
                .set
                .questions()
                .map(|(_, q)| q.choices.len())
                .collect();
            assert_eq!(
                lens_questions, set_questions,
                "lens import: the set's questions (their choice counts) differ from the lens's"
            );
        }
        Err(refused) => panic!(
            "lens import: a lens without errors ({problems:?}) is refused: {:?}",
            refused.problems
        ),
    }
    LensOutcome::Valid
}

/// Every problem has a path and a message; the path is in the document, or — for a file that
/// is not JSON — a problem gives the line and column.
fn assert_placed(problems: &[LensProblem], bytes: &[u8], what: &str) {
    for problem in problems {
        assert!(
            !problem.path.is_empty() && !problem.message.trim().is_empty(),
            "{what}: a problem without a path or a message: {problem:?}"
        );
    }
    if bytes.len() as u64 > MAX_READ_BYTES {
        return;
    }
    // The check reads past a UTF-8 byte order mark (an error at `$` saying so) and places the
    // rest's problems by JSON paths (7026ed5).
    match serde_json::from_slice::<Value>(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(document) => {
            for problem in problems {
                assert!(
                    places(&document, &problem.path),
                    "{what}: the problem's path is not in the file: {problem:?}"
                );
            }
        }
        Err(_) if problems.is_empty() => {}
        // A UTF-16 file is refused for its encoding, at the document (7026ed5): there is no
        // line and column of UTF-8 JSON to name.
        Err(_) if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) => assert!(
            problems.iter().any(|p| p.severity == Severity::Error
                && p.path == "$"
                && p.message.contains("UTF-16")),
            "{what}: a UTF-16 file has no error at $ naming its encoding: {problems:?}"
        ),
        Err(_) => assert!(
            problems.iter().any(|p| p.severity == Severity::Error
                && p.message.contains("line")
                && p.message.contains("column")),
            "{what}: a file that is not JSON has no problem naming the line and column: {problems:?}"
        ),
    }
}

fn errors(problems: &[LensProblem]) -> impl Iterator<Item = &LensProblem> {
    problems.iter().filter(|p| p.severity == Severity::Error)
}
