//! How values are written in the report: times in the report's offset, source markdown as
//! plain text, localized texts in the report's language.

use hashira_core::{Lang, LocalizedText};

// Times are formatted once, in the core, for every surface.
pub use hashira_core::clock::display_instant as display_time;
pub(crate) use hashira_core::clock::display_stored;

/// Source markdown as plain text: `[title](url)` → `title (url)`, `\*` → `*`, `**bold**` → `bold`.
/// The same rules as the app's `ui/src/lib/richText.ts`, so screen and paper agree: a URL may
/// hold balanced parentheses, and an escaped `\[` never starts a link.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let escaped = rest[..open].ends_with('\\');
        let link = after.find("](").and_then(|close| {
            let url_part = &after[close + 2..];
            url_end(url_part).map(|end| (&after[..close], &url_part[..end], close + 2 + end + 1))
        });
        match link {
            Some((title, url, consumed))
                if !escaped && !title.contains('[') && !url.contains(' ') =>
            {
                out.push_str(&rest[..open]);
                if title == url || title.is_empty() {
                    out.push_str(url);
                } else {
                    out.push_str(&format!("{title} ({url})"));
                }
                rest = &after[consumed..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
        .replace("\\*", "*")
        .replace("\\_", "_")
        .replace("\\[", "[")
        .replace("\\]", "]")
}

/// Where a link's URL ends: the `)` that closes it, parentheses inside the URL counted.
fn url_end(url_part: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in url_part.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(at),
            ')' => depth -= 1,
            '\n' => return None,
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
