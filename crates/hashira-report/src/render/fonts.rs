//! The embedded fonts and their metrics: text is measured with the font's own horizontal
//! advances, so wrapping and alignment match what the viewer draws. A character the font has
//! no glyph for is measured and drawn as its replacement (`glyphs`) and recorded.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use printpdf::{FontId, ParsedFont, PdfDocument};

use super::glyphs;
use crate::error::{ReportError, Result};
use crate::linebreak;

/// BIZ UDPGothic (SIL Open Font License 1.1, `ui/public/fonts/OFL.txt`): the app's UI font,
/// kept once in the repository and embedded from there. Proportional, so English text reads
/// as well as Japanese (the fixed-width BIZ UD Gothic spaced Latin letters a full half-em).
const FONT_REGULAR: &[u8] = include_bytes!("../../../../ui/public/fonts/BIZUDPGothic-Regular.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../../../ui/public/fonts/BIZUDPGothic-Bold.ttf");

/// One embedded font and its metrics.
pub(crate) struct FontFace {
    pub(crate) id: FontId,
    parsed: ParsedFont,
    units_per_em: f32,
    /// Advances already looked up, `None` for a character without a glyph (a report uses a
    /// few thousand distinct characters).
    advances: RefCell<HashMap<char, Option<f32>>>,
}

impl FontFace {
    /// Advance of `c` at 1 pt from the font's `hmtx`; `None` when the font has no glyph for it.
    fn glyph_advance(&self, c: char) -> Option<f32> {
        if let Some(advance) = self.advances.borrow().get(&c) {
            return *advance;
        }
        let advance = self
            .parsed
            .lookup_glyph_index(c as u32)
            .filter(|gid| *gid != 0)
            .map(|gid| f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em);
        self.advances.borrow_mut().insert(c, advance);
        advance
    }

    /// Advance of `c` as printed: its replacement's when the font lacks it.
    fn advance(&self, c: char) -> f32 {
        self.glyph_advance(c).unwrap_or_else(|| {
            glyphs::replacement(c).map_or(0.0, |r| self.glyph_advance(r).unwrap_or(0.0))
        })
    }

    fn has_glyph(&self, c: char) -> bool {
        self.glyph_advance(c).is_some()
    }
}

pub(crate) struct Fonts {
    regular: FontFace,
    bold: FontFace,
    /// Characters drawn as their replacement so far (the report's warnings).
    replaced: RefCell<BTreeSet<char>>,
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
            regular: face(FONT_REGULAR, "BIZUDPGothic-Regular.ttf")?,
            bold: face(FONT_BOLD, "BIZUDPGothic-Bold.ttf")?,
            replaced: RefCell::new(BTreeSet::new()),
        })
    }

    /// `text` as the font can print it: a character without a glyph becomes its replacement
    /// (`glyphs`) and is recorded, so it is neither a box on paper nor lost from the text layer.
    pub(crate) fn printable<'a>(&self, text: &'a str, bold: bool) -> Cow<'a, str> {
        let face = self.face(bold);
        if text.chars().all(|c| face.has_glyph(c)) {
            return Cow::Borrowed(text);
        }
        let mut replaced = self.replaced.borrow_mut();
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if face.has_glyph(c) {
                out.push(c);
            } else {
                replaced.insert(c);
                out.extend(glyphs::replacement(c));
            }
        }
        Cow::Owned(out)
    }

    /// Every character printed as a replacement so far, in code point order.
    pub(crate) fn replaced(&self) -> Vec<char> {
        self.replaced.borrow().iter().copied().collect()
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
