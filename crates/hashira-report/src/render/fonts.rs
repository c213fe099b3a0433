//! The embedded fonts and their metrics: text is measured with the font's own horizontal
//! advances, so wrapping and alignment match what the viewer draws.

use std::cell::RefCell;
use std::collections::HashMap;

use printpdf::{FontId, ParsedFont, PdfDocument};

use crate::error::{ReportError, Result};
use crate::linebreak;

/// BIZ UD Gothic (SIL Open Font License 1.1, see `fonts/OFL.txt`).
const FONT_REGULAR: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Regular.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Bold.ttf");

/// One embedded font and its metrics.
pub(crate) struct FontFace {
    pub(crate) id: FontId,
    parsed: ParsedFont,
    units_per_em: f32,
    /// Advances already looked up (a report uses a few thousand distinct characters).
    advances: RefCell<HashMap<char, f32>>,
}

impl FontFace {
    /// Advance of `c` at 1 pt, from the font's `hmtx` (the .notdef advance when missing).
    fn advance(&self, c: char) -> f32 {
        if let Some(advance) = self.advances.borrow().get(&c) {
            return *advance;
        }
        let gid = self.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
        let advance = f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em;
        self.advances.borrow_mut().insert(c, advance);
        advance
    }
}

pub(crate) struct Fonts {
    regular: FontFace,
    bold: FontFace,
}

impl Fonts {
    /// Parses both weights and adds them to `doc` (printpdf subsets them on save).
    pub(crate) fn load(doc: &mut PdfDocument) -> Result<Fonts> {
        let mut face = |bytes: &[u8], name: &'static str| -> Result<FontFace> {
            let mut warnings = Vec::new();
            let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .ok_or(ReportError::Font { name })?;
            let units_per_em = f32::from(parsed.font_metrics.units_per_em).max(1.0);
            let id = doc.add_font(&parsed);
            Ok(FontFace {
                id,
                parsed,
                units_per_em,
                advances: RefCell::new(HashMap::new()),
            })
        };
        Ok(Fonts {
            regular: face(FONT_REGULAR, "BIZUDGothic-Regular.ttf")?,
            bold: face(FONT_BOLD, "BIZUDGothic-Bold.ttf")?,
        })
    }

    pub(crate) fn face(&self, bold: bool) -> &FontFace {
        if bold { &self.bold } else { &self.regular }
    }

    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        text.chars().map(|c| face.advance(c)).sum::<f32>() * size
    }

    pub(crate) fn wrap(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        let face = self.face(bold);
        linebreak::wrap(text, width.max(size), &|c| face.advance(c) * size)
    }

    /// The first line `text` wraps to: where only one line fits (headers, footers, chart
    /// labels, the contents), the rest is cut rather than overflowing.
    pub(crate) fn first_line(&self, text: &str, width: f32, size: f32, bold: bool) -> String {
        self.wrap(text, width, size, bold)
            .into_iter()
            .next()
            .unwrap_or_default()
    }
}
