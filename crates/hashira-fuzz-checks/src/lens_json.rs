//! Custom-lens JSON files (`hashira lens check`, the lens files users download): the validator
//! on any bytes.

use hashira_core::lens::{Lens, LensProblem, MAX_READ_BYTES, Severity, check_lens_bytes};
use serde_json::Value;

use crate::json_path::places;

/// What a lens check saw: the replay test uses it to prove its seeds reach both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LensOutcome {
    /// At least one error-severity problem.
    Refused,
    /// No error (warnings allowed): the lens deserialises.
    Valid,
}

/// `check_lens_bytes` never panics; every problem is placed (its JSON path exists in the
/// document, or — for a file that is not JSON — the problem gives the line and column); a lens
/// with no error deserialises into [`Lens`], and that `Lens` written back is still free of
/// errors (an export of what was read is a lens the WA Tool takes).
pub fn check_lens_json(bytes: &[u8]) -> LensOutcome {
    let problems = check_lens_bytes(bytes);
    for problem in &problems {
        assert!(
            !problem.path.is_empty() && !problem.message.trim().is_empty(),
            "lens check: a problem without a path or a message: {problem:?}"
        );
    }
    if bytes.len() as u64 <= MAX_READ_BYTES {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(document) => {
                for problem in &problems {
                    assert!(
                        places(&document, &problem.path),
                        "lens check: the problem's path is not in the file: {problem:?}"
                    );
                }
            }
            Err(_) => assert!(
                problems.iter().any(|p| p.severity == Severity::Error
                    && p.message.contains("line")
                    && p.message.contains("column")),
                "lens check: a file that is not JSON has no problem naming the line and column: {problems:?}"
            ),
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
    LensOutcome::Valid
}

fn errors(problems: &[LensProblem]) -> impl Iterator<Item = &LensProblem> {
    problems.iter().filter(|p| p.severity == Severity::Error)
}
