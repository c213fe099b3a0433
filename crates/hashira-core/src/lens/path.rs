//! The JSON paths that place a lens problem (`pillars[2].questions[5].riskRules[1].condition`,
//! `$` for the whole file). A lens may hold any key (an unknown one is warned about under its own
//! name), and a key such as `a.b` or `[schemaVersion` written after a dot would name another
//! place, or none: such a key is written quoted, as a JSON string in brackets
//! (`pillars[0]["a.b"]`, `["[schemaVersion"]`). Every path of `lens check` and `lens import` is
//! built here, so both write a key the same way.

/// `path` followed by the object key `key`: `.key` for a plain identifier (`[A-Za-z_]` then
/// `[A-Za-z0-9_]*`), else `["key"]` with the key JSON-string escaped. `path` empty is the
/// document itself.
pub(crate) fn key_path(path: &str, key: &str) -> String {
    if is_plain_key(key) {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    } else {
        format!("{path}[{}]", json_string(key))
    }
}

/// `path` followed by the array index `index`.
pub(crate) fn index_path(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

fn is_plain_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The key as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\u001f`.
fn json_string(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('"');
    for c in key.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{index_path, key_path};

    #[test]
    fn plain_keys_follow_a_dot_and_others_are_quoted() {
        assert_eq!(key_path("", "pillars"), "pillars");
        assert_eq!(key_path("pillars[0]", "id"), "pillars[0].id");
        assert_eq!(key_path("a", "_version2"), "a._version2");
        assert_eq!(index_path("pillars", 3), "pillars[3]");
        for (key, quoted) in [
            ("[schemaVersion", r#"["[schemaVersion"]"#),
            ("id]", r#"["id]"]"#),
            ("a.b", r#"["a.b"]"#),
            ("say \"hi\"", r#"["say \"hi\""]"#),
            ("back\\slash", r#"["back\\slash"]"#),
            ("two words", r#"["two words"]"#),
            ("質問", r#"["質問"]"#),
            ("", r#"[""]"#),
            ("1st", r#"["1st"]"#),
            ("line\nbreak\u{1}", r#"["line\nbreak\u0001"]"#),
        ] {
            assert_eq!(key_path("", key), quoted, "{key:?}");
            assert_eq!(key_path("pillars[0]", key), format!("pillars[0]{quoted}"));
            // What is in the brackets is the key, read back as JSON.
            let inner = &quoted[1..quoted.len() - 1];
            assert_eq!(serde_json::from_str::<String>(inner).unwrap(), key);
        }
    }
}
