//! Characters the embedded font has no glyph for (𠮷 U+20BB7, emoji, rare CJK).
//!
//! Drawn as they are they would be boxes (.notdef) on paper and vanish from the text layer, so
//! a reader could not tell that something is missing. They are printed as the geta mark 〓,
//! the customary sign in Japanese typesetting for a character that cannot be set, and every
//! one is reported as a [`crate::ReportWarning`].

/// What a character the font lacks is printed as.
pub const REPLACEMENT: char = '〓';

/// A character that modifies the one before it and has no glyph of its own (variation
/// selectors, tag characters): left out rather than replaced, because a 〓 after the
/// base character would read as one character too many. Still reported.
pub(crate) fn is_modifier(c: char) -> bool {
    matches!(
        c,
        '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}'
    )
}

/// What `c` (which the font lacks) is printed as: the geta mark, or nothing for a modifier.
pub(crate) fn replacement(c: char) -> Option<char> {
    if is_modifier(c) {
        None
    } else {
        Some(REPLACEMENT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifiers_are_left_out_and_others_replaced() {
        assert_eq!(replacement('\u{FE0F}'), None);
        assert_eq!(replacement('\u{E0100}'), None);
        assert_eq!(replacement('😀'), Some('〓'));
        assert_eq!(replacement('𠮷'), Some('〓'));
    }
}
