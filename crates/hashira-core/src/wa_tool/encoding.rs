//! The text encodings an answers file arrives in. `aws wellarchitected get-answer > a.json` in
//! Windows PowerShell 5.1 writes UTF-16 LE with a byte order mark, and Notepad may save UTF-8
//! with one; the AWS CLI's own JSON is UTF-8. All of them are read as the same JSON.

use std::borrow::Cow;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16_LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16_BE_BOM: &[u8] = &[0xFE, 0xFF];

/// The file's JSON text as UTF-8 bytes: without a UTF-8 byte order mark, or decoded from UTF-16
/// (little- or big-endian, by its byte order mark). Other bytes are passed on as they are (the
/// JSON parser names the place of anything that is not UTF-8). `Err`: UTF-16 that cannot be
/// decoded, with the reason.
pub(super) fn json_text(bytes: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Ok(Cow::Borrowed(rest));
    }
    let (rest, little_endian) = if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        (rest, true)
    } else if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        (rest, false)
    } else {
        return Ok(Cow::Borrowed(bytes));
    };
    let name = if little_endian {
        "UTF-16 LE"
    } else {
        "UTF-16 BE"
    };
    if rest.len() % 2 != 0 {
        return Err(format!(
            "the file starts as {name} but has an odd number of bytes ({})",
            bytes.len()
        ));
    }
    let units = rest.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text = String::with_capacity(rest.len() / 2);
    for (index, unit) in char::decode_utf16(units).enumerate() {
        match unit {
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(format!(
                    "the file is {name} with an unpaired surrogate 0x{:04X} at byte {}",
                    e.unpaired_surrogate(),
                    2 + 2 * index
                ));
            }
        }
    }
    Ok(Cow::Owned(text.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            UTF16_LE_BOM.to_vec()
        } else {
            UTF16_BE_BOM.to_vec()
        };
        for unit in text.encode_utf16() {
            bytes.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf8_with_or_without_a_bom_and_utf16_either_way_read_the_same() {
        let text = r#"{"Answer": {"Notes": "メモ 🙂"}}"#;
        let mut with_bom = UTF8_BOM.to_vec();
        with_bom.extend(text.as_bytes());
        for bytes in [
            text.as_bytes().to_vec(),
            with_bom,
            utf16(text, true),
            utf16(text, false),
        ] {
            assert_eq!(json_text(&bytes).unwrap().as_ref(), text.as_bytes());
        }
    }

    #[test]
    fn broken_utf16_is_refused_with_its_reason() {
        let mut odd = utf16("{}", true);
        odd.push(b'x');
        assert!(json_text(&odd).unwrap_err().contains("odd number of bytes"));
        let mut lone = UTF16_LE_BOM.to_vec();
        lone.extend([b'{', 0, 0x00, 0xD8, b'}', 0]);
        let error = json_text(&lone).unwrap_err();
        assert!(
            error.contains("unpaired surrogate 0xD800 at byte 4"),
            "{error}"
        );
    }
}
