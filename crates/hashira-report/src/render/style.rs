//! Colours and text styles: the report's whole palette, so every part draws with the same
//! few inks and a risk always has the same colour.

use hashira_core::Risk;
use printpdf::{Color, Rgb};

use crate::model::CoverageStatus;

pub(crate) type Rgbf = (f32, f32, f32);

pub(crate) const INK: Rgbf = (0.13, 0.15, 0.18);
pub(crate) const MUTED: Rgbf = (0.38, 0.42, 0.47);
pub(crate) const NAVY: Rgbf = (0.09, 0.20, 0.38);
pub(crate) const RULE: Rgbf = (0.70, 0.74, 0.79);
pub(crate) const HEADER_FILL: Rgbf = (0.88, 0.92, 0.96);
pub(crate) const BAND_FILL: Rgbf = (0.95, 0.96, 0.98);
pub(crate) const LINK: Rgbf = (0.05, 0.30, 0.70);
pub(crate) const WHITE: Rgbf = (1.0, 1.0, 1.0);
pub(crate) const NOTE_BAR: Rgbf = (0.55, 0.65, 0.80);
/// Draft marks and integrity warnings.
pub(crate) const WARNING: Rgbf = (0.75, 0.08, 0.08);
/// Behind a warning band.
pub(crate) const WARNING_FILL: Rgbf = (0.99, 0.92, 0.92);

pub fn risk_colour(risk: Risk) -> Rgbf {
    match risk {
        Risk::High => (0.77, 0.16, 0.16),
        Risk::Medium => (0.91, 0.52, 0.0),
        Risk::None => (0.18, 0.52, 0.25),
        Risk::NotApplicable => (0.45, 0.53, 0.60),
        Risk::Unanswered => (0.78, 0.81, 0.84),
    }
}

/// Text drawn on a [`risk_colour`] fill: white, except on the pale "unanswered" grey.
pub(crate) fn risk_text_colour(risk: Risk) -> Rgbf {
    match risk {
        Risk::Unanswered => INK,
        _ => WHITE,
    }
}

pub(crate) fn status_colour(status: CoverageStatus) -> Rgbf {
    match status {
        CoverageStatus::Selected => risk_colour(Risk::None),
        CoverageStatus::NotSelected => risk_colour(Risk::High),
        CoverageStatus::NotApplicable => risk_colour(Risk::NotApplicable),
        CoverageStatus::Unanswered => MUTED,
    }
}

pub(crate) fn colour((r, g, b): Rgbf) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// Font sizes in points, and line height as a multiple of the size.
pub(crate) const BODY: f32 = 9.0;
pub(crate) const SMALL: f32 = 7.8;
pub(crate) const LINE: f32 = 1.45;

#[derive(Clone, Copy)]
pub(crate) struct Style {
    pub(crate) size: f32,
    pub(crate) bold: bool,
    pub(crate) colour: Rgbf,
}

impl Style {
    pub(crate) const fn new(size: f32, bold: bool, colour: Rgbf) -> Style {
        Style { size, bold, colour }
    }

    pub(crate) fn line_height(&self) -> f32 {
        self.size * LINE
    }
}

pub(crate) const BODY_STYLE: Style = Style::new(BODY, false, INK);
/// Secondary body text: intros and the "unanswered" note.
pub(crate) const MUTED_BODY_STYLE: Style = Style::new(BODY, false, MUTED);
/// Small print in grey: improvement texts, answer stamps.
pub(crate) const SMALL_STYLE: Style = Style::new(SMALL, false, MUTED);
/// A printed URL, clickable, under the text it belongs to.
pub(crate) const SMALL_LINK_STYLE: Style = Style::new(SMALL, false, LINK);
/// Small print in full ink, for dense table columns (hashes, sizes, long titles).
pub(crate) const SMALL_INK_STYLE: Style = Style::new(SMALL, false, INK);
