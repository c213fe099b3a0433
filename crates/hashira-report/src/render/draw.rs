//! printpdf ops for one page, in the layout's top-down coordinates: `y` grows downwards from
//! the top edge and is turned into PDF coordinates (upwards from the bottom) only here.
//! These work on a bare op list so that the page furniture and the contents, drawn after the
//! flow has finished, use them as well as [`super::layout::Layout`].

use printpdf::{
    Actions, BorderArray, ColorArray, HighlightingMode, Line, LinePoint, LinkAnnotation, Op,
    PaintMode, PdfFontHandle, Point, Pt, Rect, TextItem,
};

use super::fonts::Fonts;
use super::layout::PAGE_H;
use super::style::{Rgbf, Style, colour};

/// The point `x`, `top` (top-down) in PDF coordinates.
fn point(x: f32, top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - top),
    }
}

/// A rectangle in PDF coordinates: `y` is its bottom edge, measured from the page's bottom.
pub(crate) fn pdf_rect(x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode: Some(mode),
        winding_order: None,
    }
}

/// One line of text with its baseline at `baseline`; empty text draws nothing. A character
/// the font lacks is drawn as its replacement (`Fonts::printable`), as it was measured.
pub(crate) fn text(
    ops: &mut Vec<Op>,
    fonts: &Fonts,
    x: f32,
    baseline: f32,
    text: &str,
    style: Style,
) {
    if text.is_empty() {
        return;
    }
    let text = fonts.printable(text, style.bold);
    ops.extend([
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(fonts.face(style.bold).id.clone()),
            size: Pt(style.size),
        },
        Op::SetFillColor {
            col: colour(style.colour),
        },
        Op::SetTextCursor {
            pos: point(x, baseline),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text.into_owned())],
        },
        Op::EndTextSection,
    ]);
}

pub(crate) fn fill_rect(ops: &mut Vec<Op>, x: f32, top: f32, w: f32, h: f32, fill: Rgbf) {
    ops.push(Op::SetFillColor { col: colour(fill) });
    ops.push(Op::DrawRectangle {
        rectangle: pdf_rect(x, PAGE_H - top - h, w, h, PaintMode::Fill),
    });
}

/// Strokes `rectangle` (already in PDF coordinates, see [`pdf_rect`]).
pub(crate) fn stroke_rect(ops: &mut Vec<Op>, rectangle: Rect, stroke: Rgbf, width: f32) {
    ops.push(Op::SetOutlineColor {
        col: colour(stroke),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(width) });
    ops.push(Op::DrawRectangle { rectangle });
}

pub(crate) fn line(ops: &mut Vec<Op>, from: (f32, f32), to: (f32, f32), stroke: Rgbf, width: f32) {
    ops.push(Op::SetOutlineColor {
        col: colour(stroke),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(width) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint {
                    p: point(from.0, from.1),
                    bezier: false,
                },
                LinePoint {
                    p: point(to.0, to.1),
                    bezier: false,
                },
            ],
            is_closed: false,
        },
    });
}

/// A clickable area opening `url`, with no visible border.
pub(crate) fn link(ops: &mut Vec<Op>, x: f32, top: f32, w: f32, h: f32, url: &str) {
    let rect = Rect::from_xywh(Pt(x), Pt(PAGE_H - top - h), Pt(w), Pt(h));
    ops.push(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            rect,
            Actions::Uri(url.to_string()),
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            Some(HighlightingMode::Invert),
        ),
    });
}
