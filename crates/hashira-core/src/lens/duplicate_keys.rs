//! Keys named twice in one JSON object. `serde_json::Value` keeps the last and says nothing,
//! while a lens read into its structs is refused ("duplicate field"): so `lens check` would pass
//! a file that `lens import` refuses, and which of the two values the WA Tool keeps is not
//! specified (RFC 8259 §4: names "SHOULD be unique"). The check lists each one by its JSON path.

use std::cell::RefCell;
use std::fmt;

use super::path::{index_path, key_path};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Every key named again in its object: (the JSON path of the repeat, the key). Empty when the
/// text is not JSON (the caller reports that) or has no repeated key.
pub(crate) fn duplicate_keys(json: &[u8]) -> Vec<(String, String)> {
    let found = RefCell::new(Vec::new());
    let mut reader = serde_json::Deserializer::from_slice(json);
    let walked = Walk {
        path: String::new(),
        found: &found,
    }
    .deserialize(&mut reader);
    match walked {
        Ok(()) => found.into_inner(),
        Err(_) => Vec::new(),
    }
}

struct Walk<'a> {
    path: String,
    found: &'a RefCell<Vec<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            let item = Walk {
                path: index_path(&self.path, index),
                found: self.found,
            };
            if seq.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // What each key's value holds, the last value of a repeated key only: a reader keeps
        // that one (as `serde_json::Value` does), so a repeat inside an earlier value is at no
        // path of the document the checks read. The repeats themselves come first.
        let mut values: Vec<(String, Vec<(String, String)>)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = key_path(&self.path, &key);
            let inside = RefCell::new(Vec::new());
            map.next_value_seed(Walk {
                path: path.clone(),
                found: &inside,
            })?;
            match values.iter_mut().find(|(k, _)| *k == key) {
                Some(earlier) => {
                    self.found.borrow_mut().push((path, key));
                    earlier.1 = inside.into_inner();
                }
                None => values.push((key, inside.into_inner())),
            }
        }
        let mut found = self.found.borrow_mut();
        for (_, inside) in values {
            found.extend(inside);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::duplicate_keys;

    #[test]
    fn repeats_are_named_by_path_and_distinct_keys_are_not() {
        let json = br#"{"a": 1, "b": [{"t": 1, "t": 2}, {"t": 3}], "a": {"x": null}}"#;
        assert_eq!(
            duplicate_keys(json),
            vec![
                ("a".to_string(), "a".to_string()),
                ("b[0].t".to_string(), "t".to_string()),
            ]
        );
        assert!(duplicate_keys(br#"{"a": {"a": {"a": 1}}}"#).is_empty());
        // A repeat inside a value a later repeat of its key replaces is at no path a reader
        // keeps (found by fuzzing); the one inside the kept value is.
        assert_eq!(
            duplicate_keys(br#"{"q": [{"id": 1, "id": 2}], "q": [{"x": 1, "x": 2}]}"#),
            vec![
                ("q".to_string(), "q".to_string()),
                ("q[0].x".to_string(), "x".to_string()),
            ]
        );
        // A key that is not an identifier is quoted, as everywhere in a lens path.
        assert_eq!(
            duplicate_keys(r#"{"p": [{"a.b": 1, "a.b": 2}], "[x": 1, "[x": 2}"#.as_bytes()),
            vec![
                (r#"["[x"]"#.to_string(), "[x".to_string()),
                (r#"p[0]["a.b"]"#.to_string(), "a.b".to_string()),
            ]
        );
        assert!(duplicate_keys(b"not json").is_empty());
    }
}
