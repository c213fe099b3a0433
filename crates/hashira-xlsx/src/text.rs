//! Text helpers: header normalisation, marks, cell values.

use unicode_normalization::UnicodeNormalization;

/// NFKC, lower case, without spaces (half- and full-width), line breaks and punctuation that
/// varies between files, so "責任分界\n（AWS）" and "責任分界(AWS)" compare equal.
pub fn normalize(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '(' | ')'
                        | '['
                        | ']'
                        | '【'
                        | '】'
                        | '「'
                        | '」'
                        | '・'
                        | '/'
                        | ':'
                        | '*'
                        | '※'
                        | '_'
                        | '-'
                        | '.'
                        | '。'
                        | '、'
                        | ','
                        | '#'
                        | '\u{2010}'..='\u{2015}' | '\u{30FC}'
                )
        })
        .collect()
}

/// `normalize` after dropping parenthesised parts: "判定(採用/不採用)" → "判定".
pub fn normalize_without_parens(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let mut depth = 0usize;
    let mut kept = String::new();
    for c in nfkc.chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    normalize(&kept)
}

/// A responsibility mark: ○ 〇 ◯ ● ✓ ✔ (and o, yes) become `○`; - ‐ － ― ー × ✕ become `-`;
/// blank stays blank; any other text is kept as written.
pub fn normalize_mark(text: &str) -> String {
    let t = text.trim();
    match t {
        "" => String::new(),
        "○" | "〇" | "◯" | "●" | "◎" | "✓" | "✔" | "✅" | "o" | "O" | "ｏ" | "Ｏ" | "yes"
        | "Yes" | "YES" | "Y" | "y" => "○".into(),
        "-" | "‐" | "－" | "―" | "—" | "ー" | "−" | "×" | "✕" | "✗" | "no" | "No" | "NO" | "N" => {
            "-".into()
        }
        other => other.to_string(),
    }
}

/// True when a cell holds a "selected" mark.
pub fn is_check_mark(text: &str) -> bool {
    normalize_mark(text) == "○"
}

/// Column letters of a 0-based index: 0 → "A", 27 → "AB".
pub fn column_letter(mut index: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (index % 26) as u8) as char);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Cell text as stored: line breaks as `\n`, surrounding spaces trimmed.
pub fn clean_cell(text: &str) -> String {
    let unified = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    unified.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise_across_widths_spaces_and_breaks() {
        assert_eq!(normalize("責任分界\n（ＡＷＳ）"), "責任分界aws");
        assert_eq!(normalize("評価　観点"), "評価観点");
        assert_eq!(normalize("W-A 質問"), "wa質問");
        assert_eq!(normalize_without_parens("判定（採用／不採用）"), "判定");
        assert_eq!(normalize("ﾘｽｸ"), "リスク");
    }

    #[test]
    fn marks() {
        for m in ["○", "〇", "◯", "✓", "✔"] {
            assert_eq!(normalize_mark(m), "○");
        }
        assert_eq!(normalize_mark("－"), "-");
        assert_eq!(normalize_mark(" "), "");
        assert_eq!(normalize_mark("一部"), "一部");
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
