//! Question-set files (`hashira new --set-file`, `hashira sets --file`): parse and validate.

use hashira_core::{ErrorCode, QuestionSet};

/// What the set is called in its errors, as the CLI passes the file's path.
const ORIGIN: &str = "fuzzed-set.toml";

/// A set file either is refused as `QUESTION_SET_INVALID` naming the file (and, for a TOML
/// syntax error, the line), or every question of the set has a risk whatever is answered.
pub fn check_set_toml(bytes: &[u8]) {
    // Files are read as UTF-8 before parsing; an invalid sequence becomes U+FFFD here so the
    // parser still sees the rest of the input.
    let text = String::from_utf8_lossy(bytes);
    match QuestionSet::from_toml(&text, ORIGIN) {
        Err(e) => {
            let message = e.to_string();
            assert_eq!(
                e.code(),
                ErrorCode::QuestionSetInvalid,
                "set file: refused with the wrong code: {message}"
            );
            assert!(
                message.contains(ORIGIN),
                "set file: the error does not name the file: {message}"
            );
            if toml::from_str::<toml::Table>(&text).is_err() {
                assert!(
                    message.contains("line"),
                    "set file: a TOML syntax error does not name its line: {message}"
                );
            }
        }
        Ok(set) => assert_every_question_has_risk(&set, "set file"),
    }
}

/// Every question of a set that validated has a risk whatever is answered (its last rule is
/// `default`): none, all and every other choice satisfied.
pub(crate) fn assert_every_question_has_risk(set: &QuestionSet, what: &str) {
    for (_, question) in set.questions() {
        let n = question.choices.len();
        for pattern in [vec![false; n], vec![true; n], alternating(n)] {
            assert!(
                set.evaluate(&question.id, &pattern).is_some(),
                "{what}: question {} has no risk for the answer {pattern:?} although the set \
                 validated",
                question.id
            );
        }
    }
}

fn alternating(n: usize) -> Vec<bool> {
    (0..n).map(|i| i % 2 == 0).collect()
}
