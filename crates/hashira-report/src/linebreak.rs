//! Line breaking for mixed Japanese / Latin text.
//!
//! Break opportunities come from UAX #14 (`unicode-linebreak`), adjusted for Japanese
//! typesetting:
//!
//! - a break is allowed between any two CJK characters, except where 禁則 (kinsoku) forbids it:
//!   no line starts with closing brackets, 句読点, 長音符, 中黒 or small kana
//!   ([`NO_LINE_START`]), and no line ends with an opening bracket ([`NO_LINE_END`]);
//! - Latin words and URLs are never broken inside (UAX #14 would allow a break after `/` or
//!   `-`); a word wider than the whole line is hard-broken by character as a last resort;
//! - `\n` is a mandatory break; spaces at the end of a line are dropped.
//!
//! Widths are measured by the caller's function (the renderer passes the font's horizontal
//! advances), so this module has no font or PDF dependency and is unit-tested on its own.

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Characters that must not start a line (行頭禁則).
pub const NO_LINE_START: &[char] = &[
    '、', '。', '，', '．', '）', '」', '』', '】', '〉', '》', 'ー', '・', 'ぁ', 'ぃ', 'ぅ', 'ぇ',
    'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ゕ', 'ゖ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ッ', 'ャ', 'ュ',
    'ョ', 'ヮ', 'ヵ', 'ヶ', 'ㇰ', 'ㇱ', 'ㇲ', 'ㇳ', 'ㇴ', 'ㇵ', 'ㇶ', 'ㇷ', 'ㇸ', 'ㇹ', 'ㇺ', 'ㇻ',
    'ㇼ', 'ㇽ', 'ㇾ', 'ㇿ', 'ｧ', 'ｨ', 'ｩ', 'ｪ', 'ｫ', 'ｯ', 'ｬ', 'ｭ', 'ｮ', 'ｰ', '､', '｡', '｣', '〕',
    '］', '｝', '〙', '〗', '〟', '’', '”', '！', '？', '：', '；', '‐', '゠', '–', '〜', '～',
    '…', '‥', '々', 'ゝ', 'ゞ', 'ヽ', 'ヾ', ')', ']', '}', ',', '.', '!', '?', ':', ';',
];

/// Characters that must not end a line (行末禁則).
pub const NO_LINE_END: &[char] = &[
    '（', '「', '『', '【', '〈', '《', '〔', '［', '｛', '〘', '〖', '〝', '‘', '“', '｢', '(',
    '[', '{',
];

fn no_line_start(c: char) -> bool {
    NO_LINE_START.contains(&c)
}

fn no_line_end(c: char) -> bool {
    NO_LINE_END.contains(&c)
}

/// CJK ideographs, kana, CJK punctuation and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // CJK radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // hiragana, katakana
        | 0x3100..=0x312F
        | 0x3190..=0x31FF    // kanbun, katakana phonetic extensions
        | 0x3200..=0x33FF    // enclosed CJK, compatibility
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // half-width and full-width forms
        | 0x20000..=0x3FFFF) // extensions B and later
}

/// Text as it may be drawn: tabs become spaces, other control characters (and `\r`) are
/// dropped; `\n` is kept as the paragraph separator.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            // Zero-width and bidi controls are not drawn either.
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' => None,
            '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// Byte offsets (within `paragraph`, a text without `\n`) where a line may end.
/// Offset `i` means: the line may break before the character starting at byte `i`.
pub fn break_opportunities(paragraph: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let uax14: std::collections::HashSet<usize> = linebreaks(paragraph)
        .filter(|(_, kind)| {
            matches!(
                kind,
                BreakOpportunity::Allowed | BreakOpportunity::Mandatory
            )
        })
        .map(|(index, _)| index)
        .collect();
    let mut result = Vec::new();
    for pair in chars.windows(2) {
        let [(_, before), (index, after)] = pair else {
            continue;
        };
        let (before, after, index) = (*before, *after, *index);
        if no_line_start(after) || no_line_end(before) {
            continue;
        }
        let latin_before = !is_cjk(before) && !before.is_whitespace();
        let latin_after = !is_cjk(after) && !after.is_whitespace();
        // Inside a Latin word or URL: never (hard breaks are handled by the caller).
        if latin_before && latin_after {
            continue;
        }
        // Between two CJK characters: always (禁則 already checked).
        let cjk_pair = is_cjk(before) && is_cjk(after);
        if cjk_pair || uax14.contains(&index) {
            result.push(index);
        }
    }
    result
}

/// Splits `text` into lines no wider than `max_width` (as measured by `width`).
///
/// Every paragraph (`\n`-separated) starts a new line; an empty paragraph gives an empty line.
/// A returned line is wider than `max_width` only when a single character is.
pub fn wrap(text: &str, max_width: f32, width: &dyn Fn(char) -> f32) -> Vec<String> {
    let text = sanitize(text);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, max_width, width, &mut lines);
    }
    lines
}

fn text_width(text: &str, width: &dyn Fn(char) -> f32) -> f32 {
    text.chars().map(width).sum()
}

fn push_line(lines: &mut Vec<String>, line: &str) {
    lines.push(line.trim_end().to_string());
}

fn wrap_paragraph(
    paragraph: &str,
    max_width: f32,
    width: &dyn Fn(char) -> f32,
    lines: &mut Vec<String>,
) {
    if paragraph.trim().is_empty() {
        lines.push(String::new());
        return;
    }
    // Segments: the text between consecutive break opportunities.
    let mut cuts = break_opportunities(paragraph);
    cuts.push(paragraph.len());
    let mut segments = Vec::with_capacity(cuts.len());
    let mut start = 0;
    for cut in cuts {
        if cut > start {
            segments.push(&paragraph[start..cut]);
            start = cut;
        }
    }

    let mut line = String::new();
    let mut line_width = 0.0f32;
    for segment in segments {
        let segment_width = text_width(segment, width);
        // Trailing spaces of a segment do not count against the line when it ends there.
        let visible_width = text_width(segment.trim_end(), width);
        if line_width + visible_width <= max_width {
            line.push_str(segment);
            line_width += segment_width;
            continue;
        }
        if !line.trim().is_empty() {
            push_line(lines, &line);
            line.clear();
            line_width = 0.0;
        }
        let segment = if line.is_empty() {
            segment.trim_start()
        } else {
            segment
        };
        let visible_width = text_width(segment.trim_end(), width);
        if visible_width <= max_width {
            line.push_str(segment);
            line_width = text_width(segment, width);
            continue;
        }
        // A run longer than a whole line: hard-break it by character, still avoiding a line
        // that starts with a 行頭禁則 character when the previous character can move along.
        for c in segment.chars() {
            let w = width(c);
            if line_width + w > max_width && !line.is_empty() {
                let mut carry = String::new();
                if no_line_start(c)
                    && line.chars().count() > 1
                    && let Some(last) = line.pop()
                {
                    if no_line_start(last) || line.chars().last().is_some_and(no_line_end) {
                        line.push(last);
                    } else {
                        carry.push(last);
                    }
                }
                push_line(lines, &line);
                line = carry;
                line_width = text_width(&line, width);
                if c == ' ' && line.is_empty() {
                    continue;
                }
            }
            line.push(c);
            line_width += w;
        }
    }
    if !line.trim().is_empty() {
        push_line(lines, &line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width characters are 1.0 wide, everything else 0.5 (like BIZ UD Gothic).
    fn w(c: char) -> f32 {
        if is_cjk(c) { 1.0 } else { 0.5 }
    }

    fn wrap_w(text: &str, max: f32) -> Vec<String> {
        wrap(text, max, &w)
    }

    fn assert_kinsoku(lines: &[String]) {
        for line in lines {
            if let Some(first) = line.chars().next() {
                assert!(!no_line_start(first), "line starts with {first}: {lines:?}");
            }
            if let Some(last) = line.chars().last() {
                assert!(!no_line_end(last), "line ends with {last}: {lines:?}");
            }
        }
    }

    #[test]
    fn breaks_between_any_two_kanji_and_kana() {
        let lines = wrap_w("認証情報と認証をどのように管理していますか", 5.0);
        assert_eq!(
            lines,
            vec!["認証情報と", "認証をどの", "ように管理", "しています", "か"]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 5));
    }

    #[test]
    fn no_line_starts_with_punctuation_or_small_kana() {
        // Width 4: a naive break would put 、 / 。 / ッ / ー / ょ at the start of a line.
        for text in [
            "あいうえ、かきくけこ。",
            "あいうえ。かきくけ",
            "テストのアッ",
            "サーバーのデータ",
            "きょうのじゅぎょう",
            "データ（本番）」です",
            "あいうえ・かきく",
        ] {
            // From 3 up every unbreakable run (e.g. 番）」) fits on a line.
            for max in 3..9 {
                let lines = wrap_w(text, max as f32);
                assert_kinsoku(&lines);
                assert_eq!(lines.concat(), text, "text lost at width {max}");
            }
        }
    }

    #[test]
    fn no_line_ends_with_an_opening_bracket() {
        let text = "あいう（えおか）きく「けこ」さし【すせ】そた『ちつ』て〈と〉な《に》";
        for max in 3..10 {
            let lines = wrap_w(text, max as f32);
            assert_kinsoku(&lines);
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn explicit_kinsoku_examples() {
        assert_eq!(wrap_w("あいう、え", 3.0), vec!["あい", "う、え"]);
        assert_eq!(wrap_w("あい（う）", 3.0), vec!["あい", "（う）"]);
        assert_eq!(wrap_w("あいっぷ", 2.0), vec!["あ", "いっ", "ぷ"]);
    }

    #[test]
    fn latin_words_are_not_broken_and_mix_with_japanese() {
        let lines = wrap_w("IAM Identity Center と社内 AD を連携する", 10.0);
        assert_kinsoku(&lines);
        for line in &lines {
            assert!(text_width(line, &w) <= 10.0, "{line}");
        }
        let joined: String = lines.join(" ");
        for word in ["IAM", "Identity", "Center", "AD"] {
            assert!(
                joined.split(' ').any(|t| t.contains(word)),
                "{word} split: {lines:?}"
            );
        }
        assert!(
            !lines
                .iter()
                .any(|l| l.ends_with("Iden") || l.starts_with("tity"))
        );
    }

    #[test]
    fn urls_stay_whole_when_they_fit() {
        let url = "https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/id.html";
        let text = format!("参照: {url} を確認");
        let lines = wrap_w(&text, 40.0);
        assert!(lines.iter().any(|l| l.contains(url)), "{lines:?}");
    }

    #[test]
    fn a_url_longer_than_the_line_is_hard_broken_within_the_width() {
        let url = format!("https://example.com/{}", "a/b-c_d".repeat(200));
        let lines = wrap_w(&format!("リンク {url} 終わり"), 30.0);
        assert!(lines.len() > 20);
        for line in &lines {
            assert!(text_width(line, &w) <= 30.0, "too wide: {line}");
        }
        let rejoined: String = lines.concat();
        assert!(rejoined.replace(' ', "").contains(&url.replace(' ', "")));
    }

    #[test]
    fn a_very_long_note_fits_and_keeps_every_character() {
        let note: String =
            "ルートユーザーはハードウェア MFA で保護し、トークンは金庫で保管している。"
                .chars()
                .cycle()
                .take(20_000)
                .collect();
        let lines = wrap_w(&note, 42.0);
        assert!(lines.len() > 400);
        assert_kinsoku(&lines);
        for line in &lines {
            assert!(text_width(line, &w) <= 42.0);
        }
        let original: String = note.chars().filter(|c| *c != ' ').collect();
        let rejoined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
        assert_eq!(original, rejoined);
    }

    #[test]
    fn newlines_start_new_lines_and_empty_text_gives_one_empty_line() {
        assert_eq!(
            wrap_w("一行目\n\n三行目", 20.0),
            vec!["一行目", "", "三行目"]
        );
        assert_eq!(wrap_w("", 20.0), vec![""]);
        assert_eq!(wrap_w("a\r\nb\tc", 20.0), vec!["a", "b c"]);
    }

    #[test]
    fn spaces_at_line_ends_are_dropped() {
        let lines = wrap_w("alpha beta gamma delta", 3.0);
        assert_eq!(lines, vec!["alpha", "beta", "gamma", "delta"]);
    }

    #[test]
    fn hard_breaks_avoid_starting_a_line_with_a_closing_mark() {
        // "abcdefgh。" cannot break before 。; hard-broken at width 4 the 。 takes h along.
        let lines = wrap_w("abcdefghijklmn。", 4.0);
        assert_kinsoku(&lines);
        assert_eq!(lines.concat(), "abcdefghijklmn。");
    }

    #[test]
    fn a_run_of_forbidden_characters_is_still_broken() {
        let text = "ー".repeat(30);
        let lines = wrap_w(&text, 5.0);
        assert!(lines.iter().all(|l| l.chars().count() <= 5));
        assert_eq!(lines.concat(), text);
    }
}
