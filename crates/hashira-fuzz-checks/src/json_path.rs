//! Whether a problem's JSON path (`pillars[2].questions[0].id`, `AnswerSummaries[1].QuestionId`,
//! `$` for the whole file) places it in the parsed document: the user must be able to find it.

use serde_json::Value;

/// `path` is `$`, or every step of it but the last exists in `document`; the last may be
/// missing (a problem saying a field is required names the field that is not there). A step is
/// `[N]` (an array item), `.key` (`key` alone first) for a key that is a plain identifier, or
/// `["key"]` with the key a JSON string: the paths quote every other key (`["a.b"]`,
/// `["[schemaVersion"]`), so a path names one place or none.
pub(crate) fn places(document: &Value, path: &str) -> bool {
    if path == "$" {
        return true;
    }
    let Some(steps) = steps(path) else {
        return false;
    };
    let mut value = document;
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let next = match (step, value) {
            (Step::Index(index), Value::Array(items)) => items.get(*index),
            (Step::Key(key), Value::Object(map)) => match map.get(key) {
                Some(item) => Some(item),
                // Not there: only the last step may be missing (`… is required`).
                None => return last,
            },
            _ => None,
        };
        match next {
            Some(next) => value = next,
            None => return false,
        }
    }
    true
}

#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The steps of `path`, or `None` when it is not written by the rules above (an unquoted key
/// that is not an identifier, a quoted one that is, a bracket that does not close).
fn steps(path: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[\"") {
            let (key, after) = quoted(after)?;
            if is_plain_key(&key) {
                return None;
            }
            steps.push(Step::Key(key));
            rest = after.strip_prefix(']')?;
        } else if let Some(after) = rest.strip_prefix('[') {
            let (digits, after) = after.split_once(']')?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            steps.push(Step::Index(digits.parse().ok()?));
            rest = after;
        } else {
            let after = if steps.is_empty() {
                rest
            } else {
                rest.strip_prefix('.')?
            };
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let key = &after[..end];
            if !is_plain_key(key) {
                return None;
            }
            steps.push(Step::Key(key.to_string()));
            rest = &after[end..];
        }
    }
    Some(steps)
}

/// A JSON string's body up to its closing quote, decoded, and what follows the quote.
fn quoted(text: &str) -> Option<(String, &str)> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => {
                let literal = &text[..i + 1];
                let key = serde_json::from_str::<String>(&format!("\"{literal}")).ok()?;
                return Some((key, &text[i + 1..]));
            }
            _ => escaped = false,
        }
    }
    None
}

/// `[A-Za-z_][A-Za-z0-9_]*`: the keys a path writes after a dot.
fn is_plain_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::places;

    #[test]
    fn paths_place_existing_steps_and_a_missing_last_field() {
        let doc = serde_json::json!({
            "pillars": [{ "id": "a", "x.y": 1, "say \"hi\"": {"k": 2}, "日本": 3, "": 4 }],
            "[schemaVersion": 5,
            "back\\slash]": 6,
        });
        for ok in [
            "$",
            "pillars",
            "pillars[0]",
            "pillars[0].id",
            "pillars[0].questions",
            r#"pillars[0]["x.y"]"#,
            r#"pillars[0]["say \"hi\""].k"#,
            r#"pillars[0]["say \"hi\""]["k k"]"#,
            r#"pillars[0]["日本"]"#,
            r#"pillars[0][""]"#,
            r#"["[schemaVersion"]"#,
            r#"["back\\slash]"]"#,
            r#"["missing key"]"#,
            "name",
        ] {
            assert!(places(&doc, ok), "{ok}");
        }
        for bad in [
            "pillars[1]",
            "pillars[0].questions[0]",
            "pillars.id",
            "nothing.id",
            "pillars[x]",
            "pillars[]",
            "pillars[0].x.y",
            "[schemaVersion",
            "pillars[0].日本",
            r#"pillars[0]["id"]"#,
            r#"pillars[0]["x.y"].z"#,
            r#"pillars[0]["x.y"#,
            r#"pillars[0]["say \"hi\""].k.deeper"#,
            r#"["missing"].id"#,
            "pillars[0]..id",
            "pillars[0].",
            ".pillars",
        ] {
            assert!(!places(&doc, bad), "{bad}");
        }
    }
}
