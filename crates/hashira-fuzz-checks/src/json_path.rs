//! Whether a problem's JSON path (`pillars[2].questions[0].id`, `AnswerSummaries[1].QuestionId`,
//! `$` for the whole file) places it in the parsed document: the user must be able to find it.

use serde_json::Value;

/// `path` is `$`, or every step of it but the last exists in `document`; the last may be
/// missing (a problem saying a field is required names the field that is not there). Keys may
/// themselves hold `.` or `[` (an unknown key is placed under its own name), so each step tries
/// every key of the object that the rest of the path starts with.
pub(crate) fn places(document: &Value, path: &str) -> bool {
    path == "$" || walk(document, path, true)
}

fn walk(value: &Value, rest: &str, first: bool) -> bool {
    if rest.is_empty() {
        return true;
    }
    if let Some(after) = rest.strip_prefix('[') {
        let Some((digits, after)) = after.split_once(']') else {
            return false;
        };
        let Ok(index) = digits.parse::<usize>() else {
            return false;
        };
        return match value {
            Value::Array(items) => items
                .get(index)
                .is_some_and(|item| walk(item, after, false)),
            _ => false,
        };
    }
    let rest = if first {
        rest
    } else {
        match rest.strip_prefix('.') {
            Some(rest) => rest,
            None => return false,
        }
    };
    let Value::Object(map) = value else {
        return false;
    };
    let found = map.iter().any(|(key, item)| {
        rest.strip_prefix(key.as_str()).is_some_and(|after| {
            (after.is_empty() || after.starts_with('.') || after.starts_with('['))
                && walk(item, after, false)
        })
    });
    // Not there: only the last step may be missing (`… is required`).
    found || !(rest.contains('.') || rest.contains('['))
}

#[cfg(test)]
mod tests {
    use super::places;

    #[test]
    fn paths_place_existing_steps_and_a_missing_last_field() {
        let doc = serde_json::json!({ "pillars": [{ "id": "a", "x.y": 1 }] });
        for ok in [
            "$",
            "pillars",
            "pillars[0]",
            "pillars[0].id",
            "pillars[0].questions",
            "pillars[0].x.y",
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
        ] {
            assert!(!places(&doc, bad), "{bad}");
        }
    }
}
