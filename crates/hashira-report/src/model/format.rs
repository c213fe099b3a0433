//! How values are written in the report: times in the report's offset, source markdown as
//! plain text, localized texts in the report's language.

use hashira_core::{Lang, LocalizedText};

// Times are formatted once, in the core, for every surface.
pub use hashira_core::clock::display_instant as display_time;
pub(crate) use hashira_core::clock::display_stored;

/// Source markdown as plain text: `[title](url)` → `title (url)` (the URL alone when the title is
/// empty or the URL itself), `\*` `\_` `\[` `\]` → the character, `**` markers dropped. One
/// grammar with the app's `ui/src/lib/richText.ts`: both pass `questions/markdown-corpus.json`
/// (a URL may hold balanced parentheses, never whitespace; an escaped `\[` never starts a link;
/// a title holding another unescaped `[` is text). Lists stay as their source lines.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(c) = rest.chars().next() {
        if let Some(escaped) = escaped_at(rest) {
            out.push(escaped);
            rest = &rest[2..];
        } else if let Some(after) = rest.strip_prefix("**") {
            rest = after;
        } else if let Some((title, url, consumed)) = link_at(rest) {
            if title.is_empty() {
                out.push_str(&url);
            } else {
                out.push_str(&format!("{title} ({url})"));
            }
            rest = &rest[consumed..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The character of an escape (`\*`, `\_`, `\[`, `\]`) at the start of `text`.
fn escaped_at(text: &str) -> Option<char> {
    let escaped = text.strip_prefix('\\')?.chars().next()?;
    matches!(escaped, '*' | '_' | '[' | ']').then_some(escaped)
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(escaped) = escaped_at(rest) {
            out.push(escaped);
            rest = &rest[2..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The link at the start of `text` (a `[`): its title (empty when it is the URL itself), its URL
/// and how many bytes it spans; `None` when the text there is not a link.
fn link_at(text: &str) -> Option<(String, String, usize)> {
    let after = text.strip_prefix('[')?;
    let close = after.find("](")?;
    let raw_title = &after[..close];
    if raw_title.replace("\\[", "").contains('[') {
        return None;
    }
    let url_start = 1 + close + 2;
    let mut depth = 0usize;
    for (at, c) in text[url_start..].char_indices() {
        match c {
            c if c.is_whitespace() => return None,
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            ')' => {
                let url = unescape(&text[url_start..url_start + at]);
                if url.is_empty() {
                    return None;
                }
                let title = unescape(raw_title).replace("**", "");
                let title = if title == url { String::new() } else { title };
                return Some((title, url, url_start + at + 1));
            }
            _ => {}
        }
    }
    None
}

pub(crate) fn text(value: &LocalizedText, lang: Lang) -> String {
    value.get(lang).to_string()
}

/// Improvement (or explanation) items as plain-text paragraphs, blank ones left out.
pub(crate) fn improvement_lines(items: &[LocalizedText], lang: Lang) -> Vec<String> {
    items
        .iter()
        .map(|item| plain_text(item.get(lang)))
        .filter(|line| !line.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every case of the corpus the app's Vitest test also reads.
    #[test]
    fn markdown_corpus_plain_text_is_the_app_s() {
        let corpus: serde_json::Value =
            serde_json::from_str(include_str!("../../../../questions/markdown-corpus.json"))
                .unwrap();
        let cases = corpus["cases"].as_array().unwrap();
        assert!(cases.len() >= 20);
        for case in cases {
            let source = case["source"].as_str().unwrap();
            assert_eq!(
                plain_text(source),
                case["plain"].as_str().unwrap(),
                "{}",
                case["name"]
            );
        }
    }

    #[test]
    fn urls_keep_balanced_parentheses_and_escaped_brackets_stay_text() {
        assert_eq!(
            plain_text("[説明](https://example.com/a_(b)_c)を参照"),
            "説明 (https://example.com/a_(b)_c)を参照"
        );
        assert_eq!(
            plain_text("\\[a](https://x.example)"),
            "[a](https://x.example)"
        );
        assert_eq!(
            plain_text("[a](https://x.example/(open"),
            "[a](https://x.example/(open"
        );
    }

    #[test]
    fn markdown_links_and_escapes_become_plain_text() {
        assert_eq!(
            plain_text("詳細は[こちら](https://example.com/a)を参照。\\*注意\\_"),
            "詳細はこちら (https://example.com/a)を参照。*注意_"
        );
        assert_eq!(plain_text("[a] b"), "[a] b");
        assert_eq!(plain_text("**重要**"), "重要");
    }

    #[test]
    fn times_are_shown_in_the_report_offset() {
        use time::UtcOffset;
        let at = time::macros::datetime!(2026-04-01 09:30 +09:00);
        assert_eq!(display_time(at), "2026-04-01 09:30 (UTC+09:00)");
        assert_eq!(
            display_time(at.to_offset(UtcOffset::UTC)),
            "2026-04-01 00:30 (UTC)"
        );
        assert_eq!(
            display_stored("2026-04-01T00:00:00.000Z", time::macros::offset!(+9)),
            "2026-04-01 09:00"
        );
        assert_eq!(display_stored("garbage", UtcOffset::UTC), "garbage");
    }
}
