//! Text cut to fit a fixed space (page headers and footers, the cover, chart labels, the
//! contents): where text is cut it ends with "…", so a reader never takes a cut name or
//! label for the whole one.

use super::fonts::Fonts;

const ELLIPSIS: char = '…';

impl Fonts {
    /// `text` on one line of `width`, ending with "…" when it had to be cut.
    pub(crate) fn fitted_line(&self, text: &str, width: f32, size: f32, bold: bool) -> String {
        let first = self.first_line(text, width, size, bold);
        if first.trim() == text.trim() {
            return first;
        }
        self.with_ellipsis(&first, width, size, bold)
    }

    /// `text` wrapped to at most `max_lines` lines of `width`; when more were needed the last
    /// line kept ends with "…".
    pub(crate) fn fitted_lines(
        &self,
        text: &str,
        width: f32,
        size: f32,
        bold: bool,
        max_lines: usize,
    ) -> Vec<String> {
        // Line breaks in the text count as cut points too: a header shows a single line.
        let mut lines = self.wrap(text, width, size, bold);
        if lines.len() <= max_lines.max(1) {
            return lines;
        }
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            *last = self.with_ellipsis(last, width, size, bold);
        }
        lines
    }

    /// `line` shortened until it fits `width` with "…" after it.
    fn with_ellipsis(&self, line: &str, width: f32, size: f32, bold: bool) -> String {
        let mut chars: Vec<char> = line.trim_end().chars().collect();
        loop {
            let mut candidate: String = chars.iter().collect();
            candidate = candidate.trim_end().to_string();
            candidate.push(ELLIPSIS);
            if chars.is_empty() || self.width(&candidate, size, bold) <= width {
                return candidate;
            }
            chars.pop();
        }
    }
}
