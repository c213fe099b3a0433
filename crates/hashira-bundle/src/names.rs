//! File and folder names inside a bundle, made safe to unpack on Windows and Linux: never a
//! path of their own (no `/` or `\`, never `.` or `..`), no character Windows forbids, no
//! reserved device name, no trailing dot or space, and short enough for both.

use std::collections::HashSet;

/// Longest name, in UTF-8 bytes. Linux allows 255 bytes and Windows 255 UTF-16 units per
/// name; 120 leaves room for the folders above it in Windows' classic 260-character path.
pub const MAX_NAME_BYTES: usize = 120;

/// Windows' reserved device names: `CON.txt` opens the console there, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6",
    "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$",
];

/// `name` as one safe path component: forbidden, control and bidirectional-control characters
/// become `_`, trailing dots and spaces go, a reserved device name gets a leading `_`, and a
/// name over [`MAX_NAME_BYTES`] is cut (keeping a short extension). Never empty, `.` or `..`.
pub fn safe_component(name: &str) -> String {
    let mut text: String = name
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            // Bidirectional controls: "txt.exe" could show as "exe.txt" in a file manager.
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '_',
            c => c,
        })
        .collect();
    text = text.trim_end_matches(['.', ' ']).to_string();
    if text.trim_start_matches('.').is_empty() {
        text = format!("_{text}");
    }
    let stem = text.split('.').next().unwrap_or("").trim_end_matches(' ');
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        text = format!("_{text}");
    }
    shorten(&text, MAX_NAME_BYTES)
}

/// `text` cut to at most `max` bytes on a character boundary, its extension (up to 16 bytes)
/// kept, and no trailing dot or space left by the cut.
fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let extension = match text.rfind('.') {
        Some(dot) if dot > 0 && text.len() - dot <= 16 => &text[dot..],
        _ => "",
    };
    let mut cut = max - extension.len();
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = text[..cut].trim_end_matches(['.', ' ']);
    let stem = if stem.is_empty() { "_" } else { stem };
    format!("{stem}{extension}")
}

/// Entry paths handed out once each, compared as Windows and macOS would (case folded), so
/// two entries never unpack onto one file.
#[derive(Debug, Default)]
pub(crate) struct UniquePaths {
    taken: HashSet<String>,
}

impl UniquePaths {
    /// `folder/name`, or `folder/name~2` (before the extension) and on if already taken.
    pub(crate) fn claim(&mut self, folder: &str, name: &str) -> String {
        let (stem, extension) = match name.rfind('.') {
            Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
            _ => (name, ""),
        };
        let mut candidate = format!("{folder}/{name}");
        let mut n = 2;
        while !self.taken.insert(candidate.to_lowercase()) {
            candidate = format!("{folder}/{stem}~{n}{extension}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_one_safe_component() {
        assert_eq!(safe_component("../x"), ".._x");
        assert_eq!(safe_component(".."), "_");
        assert_eq!(safe_component("."), "_");
        assert_eq!(safe_component(""), "_");
        assert_eq!(safe_component("CON.txt"), "_CON.txt");
        assert_eq!(safe_component("con"), "_con");
        assert_eq!(safe_component("lpt9.tar.gz"), "_lpt9.tar.gz");
        assert_eq!(safe_component("CONSOLE.txt"), "CONSOLE.txt");
        assert_eq!(safe_component("a:b"), "a_b");
        assert_eq!(safe_component("a\\b/c"), "a_b_c");
        assert_eq!(safe_component("name. . "), "name");
        assert_eq!(safe_component("tab\there\n"), "tab_here_");
        assert_eq!(safe_component("報告書.pdf"), "報告書.pdf");
        assert_eq!(safe_component("a\u{202E}fdp.exe"), "a_fdp.exe");
    }

    #[test]
    fn long_names_are_cut_on_a_character_keeping_the_extension() {
        let long = format!("{}.pdf", "あ".repeat(100));
        let safe = safe_component(&long);
        assert!(safe.len() <= MAX_NAME_BYTES, "{}", safe.len());
        assert!(safe.ends_with("あ.pdf"), "{safe}");
        let ascii = "x".repeat(300);
        assert_eq!(safe_component(&ascii).len(), MAX_NAME_BYTES);
    }

    #[test]
    fn duplicate_paths_get_a_number_case_folded() {
        let mut paths = UniquePaths::default();
        assert_eq!(paths.claim("e", "a.txt"), "e/a.txt");
        assert_eq!(paths.claim("e", "A.TXT"), "e/A~2.TXT");
        assert_eq!(paths.claim("e", "a.txt"), "e/a~3.txt");
        assert_eq!(paths.claim("f", "a.txt"), "f/a.txt");
    }
}
