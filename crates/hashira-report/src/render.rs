//! The PDF renderer: lays the [`ReportModel`] out on A4 pages with printpdf ops.
//!
//! Layout works top-down in points (`y` grows downwards from the top edge) and converts to
//! PDF coordinates only when an op is emitted. Text is measured with the embedded font's
//! horizontal advances and wrapped by [`crate::linebreak`]; tables repeat their header on
//! every page they run onto and split tall rows line by line, so nothing leaves the margins.
//! Headers and footers (`ページ N / M`) are added once the page count is known.

use std::cell::RefCell;
use std::collections::HashMap;

use hashira_core::{Lang, Risk};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, FontId, HighlightingMode, Line, LinePoint,
    LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, Rgb, TextItem,
};

use crate::error::{ReportError, Result};
use crate::i18n::{self, Texts, texts};
use crate::linebreak;
use crate::model::{CoverageStatus, QuestionEntry, ReportModel};

/// BIZ UD Gothic (SIL Open Font License 1.1, see `fonts/OFL.txt`).
const FONT_REGULAR: &[u8] = include_bytes!("../fonts/BIZUDGothic-Regular.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../fonts/BIZUDGothic-Bold.ttf");

// A4 portrait, in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 51.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const TOP: f32 = 68.0;
const BOTTOM: f32 = PAGE_H - 58.0;

const BODY: f32 = 9.0;
const SMALL: f32 = 7.8;
const LINE: f32 = 1.45;

type Rgbf = (f32, f32, f32);
const INK: Rgbf = (0.13, 0.15, 0.18);
const MUTED: Rgbf = (0.38, 0.42, 0.47);
const NAVY: Rgbf = (0.09, 0.20, 0.38);
const RULE: Rgbf = (0.70, 0.74, 0.79);
const HEADER_FILL: Rgbf = (0.88, 0.92, 0.96);
const BAND_FILL: Rgbf = (0.95, 0.96, 0.98);
const LINK: Rgbf = (0.05, 0.30, 0.70);
const WHITE: Rgbf = (1.0, 1.0, 1.0);
const NOTE_BAR: Rgbf = (0.55, 0.65, 0.80);

pub fn risk_colour(risk: Risk) -> Rgbf {
    match risk {
        Risk::High => (0.77, 0.16, 0.16),
        Risk::Medium => (0.91, 0.52, 0.0),
        Risk::None => (0.18, 0.52, 0.25),
        Risk::NotApplicable => (0.45, 0.53, 0.60),
        Risk::Unanswered => (0.78, 0.81, 0.84),
    }
}

fn risk_text_colour(risk: Risk) -> Rgbf {
    match risk {
        Risk::Unanswered => INK,
        _ => WHITE,
    }
}

fn status_colour(status: CoverageStatus) -> Rgbf {
    match status {
        CoverageStatus::Selected => risk_colour(Risk::None),
        CoverageStatus::NotSelected => risk_colour(Risk::High),
        CoverageStatus::NotApplicable => risk_colour(Risk::NotApplicable),
        CoverageStatus::Unanswered => MUTED,
    }
}

fn colour((r, g, b): Rgbf) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// One embedded font and its metrics.
struct FontFace {
    id: FontId,
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

struct Fonts {
    regular: FontFace,
    bold: FontFace,
}

impl Fonts {
    fn load(doc: &mut PdfDocument) -> Result<Fonts> {
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

    fn face(&self, bold: bool) -> &FontFace {
        if bold { &self.bold } else { &self.regular }
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        text.chars().map(|c| face.advance(c)).sum::<f32>() * size
    }

    fn wrap(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        let face = self.face(bold);
        linebreak::wrap(text, width.max(size), &|c| face.advance(c) * size)
    }
}

#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    colour: Rgbf,
}

impl Style {
    const fn new(size: f32, bold: bool, colour: Rgbf) -> Style {
        Style { size, bold, colour }
    }
    fn line_height(&self) -> f32 {
        self.size * LINE
    }
}

const BODY_STYLE: Style = Style::new(BODY, false, INK);
const SMALL_STYLE: Style = Style::new(SMALL, false, MUTED);

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
    Center,
}

struct Column {
    title: String,
    width: f32,
    align: Align,
}

fn columns(specs: &[(&str, f32, Align)]) -> Vec<Column> {
    let total: f32 = specs.iter().map(|(_, w, _)| w).sum();
    specs
        .iter()
        .map(|(title, w, align)| Column {
            title: title.to_string(),
            width: CONTENT_W * w / total,
            align: *align,
        })
        .collect()
}

#[derive(Clone)]
struct Cell {
    text: String,
    style: Style,
    fill: Option<Rgbf>,
    link: Option<String>,
}

impl Cell {
    fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: BODY_STYLE,
            fill: None,
            link: None,
        }
    }
    fn style(mut self, style: Style) -> Cell {
        self.style = style;
        self
    }
    fn bold(mut self) -> Cell {
        self.style.bold = true;
        self
    }
    fn fill(mut self, fill: Rgbf) -> Cell {
        self.fill = Some(fill);
        self
    }
    fn link(mut self, url: Option<String>) -> Cell {
        self.link = url.filter(|u| !u.is_empty());
        if self.link.is_some() {
            self.style.colour = LINK;
        }
        self
    }
    fn risk(lang: Lang, risk: Risk) -> Cell {
        Cell::new(i18n::risk_label(lang, risk))
            .style(Style::new(SMALL, true, risk_text_colour(risk)))
            .fill(risk_colour(risk))
    }
}

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.2;

struct Layout<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
    bookmarks: Vec<(String, usize)>,
}

impl<'a> Layout<'a> {
    fn new(fonts: &'a Fonts) -> Layout<'a> {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            bookmarks: Vec::new(),
        }
    }

    fn page_number(&self) -> usize {
        self.pages.len()
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Starts a new page unless `height` still fits.
    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP + 0.5 {
            self.new_page();
        }
    }

    fn gap(&mut self, height: f32) {
        self.y = (self.y + height).min(BOTTOM);
    }

    // ---- drawing primitives (top-down coordinates) ----

    fn text_on(ops: &mut Vec<Op>, fonts: &Fonts, x: f32, baseline: f32, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
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
                pos: Point {
                    x: Pt(x),
                    y: Pt(PAGE_H - baseline),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Draws one line of text whose top is at `top`.
    fn text(&mut self, x: f32, top: f32, text: &str, style: Style) {
        let baseline = top + style.size * 1.05;
        let fonts = self.fonts;
        Layout::text_on(self.ops(), fonts, x, baseline, text, style);
    }

    fn rect_on(ops: &mut Vec<Op>, x: f32, top: f32, w: f32, h: f32, fill: Rgbf) {
        ops.push(Op::SetFillColor { col: colour(fill) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_H - top - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, fill: Rgbf) {
        Layout::rect_on(self.ops(), x, top, w, h, fill);
    }

    fn stroke_rect(&mut self, x: f32, top: f32, w: f32, h: f32, stroke: Rgbf, width: f32) {
        let ops = self.ops();
        ops.push(Op::SetOutlineColor {
            col: colour(stroke),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_H - top - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    fn line_on(ops: &mut Vec<Op>, from: (f32, f32), to: (f32, f32), stroke: Rgbf, width: f32) {
        ops.push(Op::SetOutlineColor {
            col: colour(stroke),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(from.0),
                            y: Pt(PAGE_H - from.1),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(to.0),
                            y: Pt(PAGE_H - to.1),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    fn hline(&mut self, x: f32, y: f32, w: f32, stroke: Rgbf, width: f32) {
        Layout::line_on(self.ops(), (x, y), (x + w, y), stroke, width);
    }

    fn link(&mut self, x: f32, top: f32, w: f32, h: f32, url: &str) {
        let rect = Rect::from_xywh(Pt(x), Pt(PAGE_H - top - h), Pt(w), Pt(h));
        self.ops().push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                rect,
                Actions::Uri(url.to_string()),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }

    // ---- flowing content ----

    /// A wrapped paragraph at `x` with `width`, breaking pages between lines. `bar` draws a
    /// coloured rule left of every line (notes). Returns the number of lines.
    fn paragraph_with(
        &mut self,
        x: f32,
        width: f32,
        text: &str,
        style: Style,
        bar: Option<Rgbf>,
        link: Option<&str>,
    ) -> usize {
        let lines = self.fonts.wrap(text, width, style.size, style.bold);
        let lh = style.line_height();
        for line in &lines {
            self.ensure(lh);
            if let Some(bar) = bar {
                self.fill_rect(x - 7.0, self.y, 2.2, lh, bar);
            }
            self.text(x, self.y + (lh - style.size) / 2.0 - 0.6, line, style);
            if let Some(url) = link {
                let w = self.fonts.width(line, style.size, style.bold);
                self.link(x, self.y, w, lh, url);
            }
            self.y += lh;
        }
        lines.len()
    }

    fn paragraph(&mut self, x: f32, width: f32, text: &str, style: Style) -> usize {
        self.paragraph_with(x, width, text, style, None, None)
    }

    /// A section title; starts a new page and adds a bookmark.
    fn section(&mut self, title: &str) {
        if self.y > TOP + 0.5 {
            self.new_page();
        }
        self.bookmarks.push((title.to_string(), self.page_number()));
        let style = Style::new(15.0, true, NAVY);
        let lines = self.fonts.wrap(title, CONTENT_W, style.size, true);
        for line in lines {
            self.text(MARGIN_X, self.y, &line, style);
            self.y += style.size * 1.35;
        }
        self.y += 3.0;
        self.hline(MARGIN_X, self.y, CONTENT_W, NAVY, 1.4);
        self.y += 12.0;
    }

    /// A sub-heading with a coloured block on the left; kept with `keep` points of content.
    fn heading(&mut self, title: &str, size: f32, accent: Rgbf, keep: f32) {
        let style = Style::new(size, true, NAVY);
        let lines = self.fonts.wrap(title, CONTENT_W - 10.0, size, true);
        let lh = size * 1.4;
        self.ensure(lh * lines.len() as f32 + keep);
        let top = self.y;
        for line in &lines {
            self.text(
                MARGIN_X + 9.0,
                self.y + (lh - size) / 2.0 - 0.5,
                line,
                style,
            );
            self.y += lh;
        }
        self.fill_rect(MARGIN_X, top + 1.0, 4.0, self.y - top - 2.0, accent);
        self.y += 4.0;
    }

    /// A small bold label line inside a question block.
    fn label(&mut self, x: f32, text: &str, keep: f32) {
        let style = Style::new(8.2, true, NAVY);
        self.ensure(style.line_height() + keep);
        self.text(x, self.y, text, style);
        self.y += style.line_height() + 1.0;
    }

    // ---- tables ----

    fn table_header(&mut self, x: f32, cols: &[Column]) {
        let style = Style::new(SMALL, true, NAVY);
        let lines: Vec<Vec<String>> = cols
            .iter()
            .map(|c| {
                self.fonts
                    .wrap(&c.title, c.width - 2.0 * CELL_PAD_X, style.size, true)
            })
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * style.line_height() + 2.0 * CELL_PAD_Y;
        let total: f32 = cols.iter().map(|c| c.width).sum();
        self.fill_rect(x, self.y, total, h, HEADER_FILL);
        let mut cx = x;
        for (col, lines) in cols.iter().zip(&lines) {
            for (i, line) in lines.iter().enumerate() {
                let tx = aligned(self.fonts, cx, col, line, style);
                self.text(
                    tx,
                    self.y + CELL_PAD_Y + i as f32 * style.line_height(),
                    line,
                    style,
                );
            }
            cx += col.width;
        }
        self.stroke_rect(x, self.y, total, h, RULE, 0.5);
        self.hline(x, self.y + h, total, NAVY, 0.9);
        self.y += h;
    }

    /// A table with borders; the header is repeated on every page and rows taller than the
    /// room left are split between lines.
    fn table(&mut self, x: f32, cols: &[Column], rows: &[Vec<Cell>], zebra: bool) {
        let header_h = SMALL * LINE + 2.0 * CELL_PAD_Y;
        let first_line = rows
            .first()
            .map(|r| {
                r.iter()
                    .map(|c| c.style.line_height())
                    .fold(0.0f32, f32::max)
            })
            .unwrap_or(BODY * LINE);
        self.ensure(header_h + first_line + 2.0 * CELL_PAD_Y + 2.0);
        self.table_header(x, cols);
        let total: f32 = cols.iter().map(|c| c.width).sum();
        for (index, row) in rows.iter().enumerate() {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(cols)
                .map(|(cell, col)| {
                    self.fonts.wrap(
                        &cell.text,
                        col.width - 2.0 * CELL_PAD_X,
                        cell.style.size,
                        cell.style.bold,
                    )
                })
                .collect();
            let mut next: Vec<usize> = vec![0; wrapped.len()];
            let row_fill = (zebra && index % 2 == 1).then_some(BAND_FILL);
            loop {
                // How many lines of each cell fit on this page?
                let room = self.room() - 2.0 * CELL_PAD_Y;
                let mut part_h = 0.0f32;
                let mut counts = Vec::with_capacity(wrapped.len());
                let mut remaining = false;
                for ((cell, lines), start) in row.iter().zip(&wrapped).zip(&next) {
                    let lh = cell.style.line_height();
                    let left = lines.len().saturating_sub(*start);
                    let fit = ((room / lh).floor().max(0.0) as usize).min(left);
                    if fit < left {
                        remaining = true;
                    }
                    counts.push(fit);
                    part_h = part_h.max(fit as f32 * lh);
                }
                let any_fit = counts.iter().any(|c| *c > 0);
                let whole_fits = !remaining;
                // Keep short rows whole: only split rows that do not fit on a fresh page or
                // when at least three lines fit here.
                let fresh_room = BOTTOM - TOP - header_h - 2.0 * CELL_PAD_Y;
                let row_h: f32 = row
                    .iter()
                    .zip(&wrapped)
                    .zip(&next)
                    .map(|((c, l), s)| l.len().saturating_sub(*s) as f32 * c.style.line_height())
                    .fold(0.0, f32::max);
                let worth_splitting =
                    row_h > fresh_room || counts.iter().copied().max().unwrap_or(0) >= 3;
                if !any_fit || (!whole_fits && !worth_splitting) {
                    self.new_page();
                    self.table_header(x, cols);
                    continue;
                }
                let h = part_h + 2.0 * CELL_PAD_Y;
                let top = self.y;
                let mut cx = x;
                for (((cell, col), lines), (start, count)) in row
                    .iter()
                    .zip(cols)
                    .zip(&wrapped)
                    .zip(next.iter_mut().zip(&counts))
                {
                    if let Some(fill) = cell.fill.or(row_fill) {
                        self.fill_rect(cx, top, col.width, h, fill);
                    }
                    let lh = cell.style.line_height();
                    for (i, line) in lines.iter().skip(*start).take(*count).enumerate() {
                        let tx = aligned(self.fonts, cx, col, line, cell.style);
                        let ly = top + CELL_PAD_Y + i as f32 * lh;
                        self.text(
                            tx,
                            ly + (lh - cell.style.size) / 2.0 - 0.6,
                            line,
                            cell.style,
                        );
                        if let Some(url) = &cell.link {
                            let w = self.fonts.width(line, cell.style.size, cell.style.bold);
                            self.link(tx, ly, w, lh, url);
                        }
                    }
                    *start += count;
                    cx += col.width;
                }
                // Borders: outer box and column rules.
                self.stroke_rect(x, top, total, h, RULE, 0.5);
                let mut cx = x;
                for col in &cols[..cols.len().saturating_sub(1)] {
                    cx += col.width;
                    Layout::line_on(self.ops(), (cx, top), (cx, top + h), RULE, 0.5);
                }
                self.y = top + h;
                if whole_fits {
                    break;
                }
                self.new_page();
                self.table_header(x, cols);
            }
        }
        self.y += 8.0;
    }
}

fn aligned(fonts: &Fonts, x: f32, col: &Column, line: &str, style: Style) -> f32 {
    match col.align {
        Align::Left => x + CELL_PAD_X,
        Align::Right => x + col.width - CELL_PAD_X - fonts.width(line, style.size, style.bold),
        Align::Center => x + (col.width - fonts.width(line, style.size, style.bold)) / 2.0,
    }
}

// ---------------------------------------------------------------------------------------------

/// A rendered report.
#[derive(Debug, Clone)]
pub struct RenderedReport {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Renders the model to PDF bytes.
pub fn render(model: &ReportModel) -> Result<Vec<u8>> {
    Ok(render_report(model)?.bytes)
}

/// Renders the model; also tells the page count.
pub fn render_report(model: &ReportModel) -> Result<RenderedReport> {
    let t = texts(model.lang);
    let mut doc = PdfDocument::new(&format!("{} — {}", t.title, model.cover.workload_name));
    let fonts = Fonts::load(&mut doc)?;
    let mut layout = Layout::new(&fonts);
    let lang = model.lang;

    let toc_top = cover(&mut layout, model, t);
    let mut toc: Vec<(String, usize)> = Vec::new();

    layout.section(t.summary);
    toc.push((t.summary.to_string(), layout.page_number()));
    summary(&mut layout, model, t, lang);

    layout.section(t.workload);
    toc.push((t.workload.to_string(), layout.page_number()));
    workload(&mut layout, model, t);

    layout.section(t.answers);
    toc.push((t.answers.to_string(), layout.page_number()));
    answers(&mut layout, model, t, lang);

    layout.section(t.plan);
    toc.push((t.plan.to_string(), layout.page_number()));
    plan(&mut layout, model, t, lang);

    layout.section(t.fisc);
    toc.push((t.fisc.to_string(), layout.page_number()));
    fisc(&mut layout, model, t, lang);

    if !model.wg_assessments.is_empty() {
        layout.section(t.wg);
        toc.push((t.wg.to_string(), layout.page_number()));
        wg(&mut layout, model, t);
    }

    layout.section(t.sign_off);
    toc.push((t.sign_off.to_string(), layout.page_number()));
    sign_off(&mut layout, model, t);

    contents(&mut layout, toc_top, &toc, t);
    let total = layout.pages.len();
    for (index, ops) in layout.pages.iter_mut().enumerate() {
        page_furniture(ops, &fonts, model, t, index + 1, total);
    }

    let info = &mut doc.metadata.info;
    info.author = model.cover.reviewers.join(", ");
    info.creator = concat!("Hashira ", env!("CARGO_PKG_VERSION")).to_string();
    info.producer = "Hashira (printpdf)".to_string();
    info.subject = format!(
        "{} — {}",
        model.cover.workload_name, model.cover.client_organization
    );
    info.keywords = vec![
        "Well-Architected".to_string(),
        "FISC".to_string(),
        model.label.clone(),
    ];
    if let Some(date) = pdf_date(&model.generated_at_rfc3339) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    for (name, page) in &layout.bookmarks {
        doc.add_bookmark(name, *page);
    }
    let page_count = layout.pages.len();
    let pages: Vec<PdfPage> = layout
        .pages
        .into_iter()
        .map(|ops| PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops))
        .collect();
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let bytes = doc.with_pages(pages).save(&options, &mut warnings);
    if bytes.is_empty() {
        return Err(ReportError::Pdf {
            message: format!("{warnings:?}"),
        });
    }
    Ok(RenderedReport {
        bytes,
        pages: page_count,
    })
}

/// An RFC 3339 instant as printpdf's date, in UTC.
fn pdf_date(rfc3339: &str) -> Option<printpdf::DateTime> {
    let at = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .ok()?
        // printpdf writes the date without its offset: give it UTC.
        .to_offset(time::UtcOffset::UTC);
    let (hours, minutes, seconds) = at.offset().as_hms();
    Some(printpdf::DateTime::new_in_offset(
        printpdf::date::Date {
            year: at.year(),
            month: u8::from(at.month()),
            day: at.day(),
        },
        printpdf::date::Time {
            hour: at.hour(),
            minute: at.minute(),
            second: at.second(),
            millisecond: at.millisecond(),
        },
        printpdf::date::Offset {
            hours,
            minutes,
            seconds,
            milliseconds: 0,
        },
    ))
}

fn page_furniture(
    ops: &mut Vec<Op>,
    fonts: &Fonts,
    model: &ReportModel,
    t: &Texts,
    page: usize,
    total: usize,
) {
    let header = Style::new(7.5, false, MUTED);
    let header_y = 30.0;
    let name_w = CONTENT_W * 0.62;
    let name = fonts
        .wrap(&model.cover.workload_name, name_w, header.size, false)
        .into_iter()
        .next()
        .unwrap_or_default();
    Layout::text_on(ops, fonts, MARGIN_X, header_y, &name, header);
    let title_w = fonts.width(t.title, header.size, false);
    if title_w < CONTENT_W - name_w - 10.0 {
        Layout::text_on(
            ops,
            fonts,
            PAGE_W - MARGIN_X - title_w,
            header_y,
            t.title,
            header,
        );
    }
    Layout::line_on(
        ops,
        (MARGIN_X, header_y + 6.0),
        (PAGE_W - MARGIN_X, header_y + 6.0),
        RULE,
        0.6,
    );

    let footer_y = PAGE_H - 30.0;
    Layout::line_on(
        ops,
        (MARGIN_X, footer_y - 12.0),
        (PAGE_W - MARGIN_X, footer_y - 12.0),
        RULE,
        0.6,
    );
    // The confidentiality label in a red box.
    let label_style = Style::new(8.0, true, (0.70, 0.10, 0.10));
    let label = fonts
        .wrap(&model.label, CONTENT_W * 0.45, label_style.size, true)
        .into_iter()
        .next()
        .unwrap_or_default();
    let label_w = fonts.width(&label, label_style.size, true);
    Layout::text_on(ops, fonts, MARGIN_X + 4.0, footer_y, &label, label_style);
    ops.push(Op::SetOutlineColor {
        col: colour(label_style.colour),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(MARGIN_X),
            y: Pt(PAGE_H - footer_y - 3.0),
            width: Pt(label_w + 8.0),
            height: Pt(label_style.size + 5.0),
            mode: Some(PaintMode::Stroke),
            winding_order: None,
        },
    });
    let page_text = (t.page_of)(page, total);
    let footer = Style::new(8.0, false, MUTED);
    let w = fonts.width(&page_text, footer.size, false);
    Layout::text_on(
        ops,
        fonts,
        PAGE_W - MARGIN_X - w,
        footer_y,
        &page_text,
        footer,
    );
}

/// The cover page; returns where the table of contents goes.
fn cover(layout: &mut Layout, model: &ReportModel, t: &Texts) -> f32 {
    let fonts = layout.fonts;
    layout.fill_rect(0.0, 0.0, PAGE_W, 14.0, NAVY);
    layout.y = 120.0;
    let title = Style::new(22.0, true, NAVY);
    for line in fonts.wrap(t.title, CONTENT_W, title.size, true) {
        layout.text(MARGIN_X, layout.y, &line, title);
        layout.y += title.size * 1.35;
    }
    layout.y += 4.0;
    layout.fill_rect(MARGIN_X, layout.y, 64.0, 3.0, risk_colour(Risk::Medium));
    layout.y += 18.0;
    let name = Style::new(15.0, true, INK);
    for line in fonts.wrap(&model.cover.workload_name, CONTENT_W, name.size, true) {
        layout.text(MARGIN_X, layout.y, &line, name);
        layout.y += name.size * 1.4;
    }
    if !model.cover.client_organization.is_empty() {
        layout.y += 2.0;
        layout.paragraph(
            MARGIN_X,
            CONTENT_W,
            &model.cover.client_organization,
            Style::new(11.5, false, MUTED),
        );
    }
    layout.y += 26.0;

    let list = |items: &[String]| items.join(if model.lang == Lang::Ja { "、" } else { ", " });
    let sets = model
        .cover
        .sets
        .iter()
        .map(|s| format!("{} ({}) v{}", s.title, s.id, s.version))
        .collect::<Vec<_>>()
        .join("\n");
    let rows = vec![
        (t.workload_name, model.cover.workload_name.clone()),
        (
            t.client_organization,
            model.cover.client_organization.clone(),
        ),
        (t.reviewers, list(&model.cover.reviewers)),
        (
            t.review_date,
            model.cover.review_date.clone().unwrap_or_default(),
        ),
        (t.question_sets, sets),
        (t.workbook_file, model.cover.workbook_file_name.clone()),
        (t.workbook_sha256, model.cover.workbook_sha256.clone()),
        (t.generated_at, model.generated_at.clone()),
        (t.confidentiality, model.label.clone()),
    ];
    let cols = columns(&[
        (t.property, 0.28, Align::Left),
        (t.value, 0.72, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|(k, v)| {
            vec![
                Cell::new(k).bold().fill(BAND_FILL),
                if k == t.workbook_sha256 {
                    Cell::new(v).style(Style::new(SMALL, false, INK))
                } else {
                    Cell::new(v)
                },
            ]
        })
        .collect();
    layout.table(MARGIN_X, &cols, &rows, false);
    layout.y += 14.0;
    layout.y
}

/// The table of contents on the cover, drawn once the section pages are known.
fn contents(layout: &mut Layout, top: f32, toc: &[(String, usize)], t: &Texts) {
    let fonts = layout.fonts;
    let Some(first) = layout.pages.first_mut() else {
        return;
    };
    let heading = Style::new(11.0, true, NAVY);
    Layout::text_on(
        first,
        fonts,
        MARGIN_X,
        top + heading.size,
        t.contents,
        heading,
    );
    let mut y = top + 24.0;
    let style = Style::new(9.5, false, INK);
    for (title, page) in toc {
        if y > BOTTOM - 12.0 {
            break;
        }
        let number = page.to_string();
        let nw = fonts.width(&number, style.size, false);
        let title = fonts
            .wrap(title, CONTENT_W - 60.0, style.size, false)
            .into_iter()
            .next()
            .unwrap_or_default();
        let tw = fonts.width(&title, style.size, false);
        Layout::text_on(first, fonts, MARGIN_X + 8.0, y, &title, style);
        Layout::text_on(first, fonts, PAGE_W - MARGIN_X - nw, y, &number, style);
        // Dotted leader.
        let mut x = MARGIN_X + 8.0 + tw + 6.0;
        while x < PAGE_W - MARGIN_X - nw - 6.0 {
            Layout::rect_on(first, x, y - 1.8, 0.9, 0.9, RULE);
            x += 4.0;
        }
        y += 17.0;
    }
}

fn counts_row(lang: Lang, name: Cell, c: &hashira_core::RiskCounts) -> Vec<Cell> {
    let done = c.answered + c.not_applicable;
    let percent = (done * 100).checked_div(c.questions).unwrap_or(0);
    let number = |n: usize, risk: Option<Risk>| {
        let cell = Cell::new(n.to_string());
        match risk {
            Some(risk) if n > 0 && matches!(risk, Risk::High | Risk::Medium) => {
                cell.style(Style::new(BODY, true, risk_colour(risk)))
            }
            _ => cell,
        }
    };
    let _ = lang;
    vec![
        name,
        number(c.questions, None),
        number(c.answered, None),
        number(c.high, Some(Risk::High)),
        number(c.medium, Some(Risk::Medium)),
        number(c.none, Some(Risk::None)),
        number(c.not_applicable, None),
        number(c.unanswered, None),
        Cell::new(format!("{percent}%")),
    ]
}

const CHART_ORDER: [Risk; 5] = [
    Risk::High,
    Risk::Medium,
    Risk::None,
    Risk::NotApplicable,
    Risk::Unanswered,
];

fn risk_count(c: &hashira_core::RiskCounts, risk: Risk) -> usize {
    match risk {
        Risk::High => c.high,
        Risk::Medium => c.medium,
        Risk::None => c.none,
        Risk::NotApplicable => c.not_applicable,
        Risk::Unanswered => c.unanswered,
    }
}

/// A horizontal stacked bar per row, drawn with filled rectangles.
fn caption(layout: &mut Layout, text: &str) {
    let style = Style::new(8.0, true, MUTED);
    layout.ensure(style.line_height() + 24.0);
    layout.text(MARGIN_X, layout.y, text, style);
    layout.y += style.line_height() + 3.0;
}

fn bar_chart(
    layout: &mut Layout,
    rows: &[(String, bool, hashira_core::RiskCounts)],
    lang: Lang,
    legend: bool,
) {
    let fonts = layout.fonts;
    let label_w = 150.0;
    let total_w = 34.0;
    let bar_x = MARGIN_X + label_w + 6.0;
    let bar_w = CONTENT_W - label_w - 6.0 - total_w;
    let bar_h = 13.0;
    let row_h = 19.0;
    let max = rows
        .iter()
        .map(|(_, _, c)| c.questions)
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    for (name, is_set, counts) in rows {
        layout.ensure(row_h);
        let style = if *is_set {
            Style::new(8.4, true, INK)
        } else {
            Style::new(8.0, false, MUTED)
        };
        let indent = if *is_set { 0.0 } else { 10.0 };
        let name = fonts
            .wrap(name, label_w - indent, style.size, style.bold)
            .into_iter()
            .next()
            .unwrap_or_default();
        let top = layout.y;
        layout.text(
            MARGIN_X + indent,
            top + (bar_h - style.size) / 2.0,
            &name,
            style,
        );
        // Track, then one segment per risk.
        layout.fill_rect(bar_x, top, bar_w, bar_h, BAND_FILL);
        let mut x = bar_x;
        for risk in CHART_ORDER {
            let n = risk_count(counts, risk);
            if n == 0 {
                continue;
            }
            let w = bar_w * n as f32 / max;
            layout.fill_rect(x, top, w, bar_h, risk_colour(risk));
            let label = n.to_string();
            let label_style = Style::new(7.2, true, risk_text_colour(risk));
            let lw = fonts.width(&label, label_style.size, true);
            if lw + 3.0 < w {
                layout.text(
                    x + (w - lw) / 2.0,
                    top + (bar_h - 7.2) / 2.0,
                    &label,
                    label_style,
                );
            }
            x += w;
        }
        let total = counts.questions.to_string();
        let ts = Style::new(8.0, false, INK);
        let tw = fonts.width(&total, ts.size, false);
        layout.text(
            PAGE_W - MARGIN_X - tw,
            top + (bar_h - ts.size) / 2.0,
            &total,
            ts,
        );
        layout.y += row_h;
    }
    if !legend {
        layout.y += 6.0;
        return;
    }
    // Legend.
    layout.ensure(16.0);
    let mut x = bar_x;
    let style = Style::new(7.6, false, INK);
    let legend = Style::new(7.6, true, MUTED);
    let lw = fonts.width(texts(lang).legend, legend.size, true);
    layout.text(bar_x - lw - 8.0, layout.y + 1.0, texts(lang).legend, legend);
    for risk in CHART_ORDER {
        let top = layout.y + 1.0;
        layout.fill_rect(x, top, 9.0, 9.0, risk_colour(risk));
        let label = i18n::risk_short(lang, risk);
        layout.text(x + 12.0, top + 0.5, label, style);
        x += 12.0 + fonts.width(label, style.size, false) + 14.0;
    }
    layout.y += 20.0;
}

fn summary(layout: &mut Layout, model: &ReportModel, t: &Texts, lang: Lang) {
    let s = &model.summary;
    layout.heading(t.progress, 11.0, NAVY, 30.0);
    let line = (t.progress_line)(s.progress.done, s.progress.questions, s.progress.percent);
    layout.paragraph(MARGIN_X, CONTENT_W, &line, BODY_STYLE);
    layout.y += 3.0;
    // Progress bar.
    let done_w = CONTENT_W * s.progress.percent as f32 / 100.0;
    layout.fill_rect(MARGIN_X, layout.y, CONTENT_W, 7.0, BAND_FILL);
    layout.fill_rect(MARGIN_X, layout.y, done_w, 7.0, NAVY);
    layout.y += 20.0;

    layout.heading(t.risk_chart, 11.0, NAVY, 60.0);
    let mut rows: Vec<(String, bool, hashira_core::RiskCounts)> = Vec::new();
    for set in &s.sets {
        rows.push((set.title.clone(), true, set.counts));
        if set.pillars.len() > 1 {
            for pillar in &set.pillars {
                rows.push((pillar.title.clone(), false, pillar.counts));
            }
        }
    }
    // Per pillar across the sets.
    let mut pillars: Vec<(String, String, hashira_core::RiskCounts)> = Vec::new();
    for set in &s.sets {
        for pillar in &set.pillars {
            match pillars.iter_mut().find(|(id, _, _)| *id == pillar.id) {
                Some((_, _, counts)) => {
                    for risk in CHART_ORDER {
                        for _ in 0..risk_count(&pillar.counts, risk) {
                            counts.add(risk);
                        }
                    }
                }
                None => pillars.push((pillar.id.clone(), pillar.title.clone(), pillar.counts)),
            }
        }
    }
    caption(layout, t.by_set);
    bar_chart(layout, &rows, lang, false);
    let pillar_rows: Vec<_> = pillars
        .iter()
        .map(|(_, title, counts)| (title.clone(), true, *counts))
        .collect();
    caption(layout, t.by_pillar);
    bar_chart(layout, &pillar_rows, lang, true);

    layout.heading(t.risk_by_set, 11.0, NAVY, 50.0);
    let cols = columns(&[
        (t.set_or_pillar, 3.3, Align::Left),
        (t.questions, 0.85, Align::Right),
        (t.answered, 0.85, Align::Right),
        (i18n::risk_short(lang, Risk::High), 0.7, Align::Right),
        (i18n::risk_short(lang, Risk::Medium), 0.7, Align::Right),
        (i18n::risk_short(lang, Risk::None), 0.7, Align::Right),
        (
            i18n::risk_short(lang, Risk::NotApplicable),
            0.8,
            Align::Right,
        ),
        (i18n::risk_short(lang, Risk::Unanswered), 0.8, Align::Right),
        (t.progress, 0.8, Align::Right),
    ]);
    let mut table_rows = Vec::new();
    for set in &s.sets {
        table_rows.push(counts_row(
            lang,
            Cell::new(format!("{} v{}", set.title, set.version)).bold(),
            &set.counts,
        ));
        // A set with a single pillar would repeat its own numbers.
        for pillar in set.pillars.iter().filter(|_| set.pillars.len() > 1) {
            table_rows.push(counts_row(
                lang,
                Cell::new(format!("　{}: {}", t.pillar, pillar.title)),
                &pillar.counts,
            ));
        }
    }
    let total_label = if lang == Lang::Ja { "合計" } else { "Total" };
    table_rows.push(counts_row(lang, Cell::new(total_label).bold(), &s.totals));
    layout.table(MARGIN_X, &cols, &table_rows, false);

    layout.heading(t.high_medium_risks, 11.0, NAVY, 40.0);
    if s.risks.is_empty() {
        layout.paragraph(MARGIN_X, CONTENT_W, t.no_high_medium, BODY_STYLE);
        return;
    }
    let cols = columns(&[
        (t.risk, 1.0, Align::Center),
        (t.question, 0.9, Align::Left),
        ("", 4.2, Align::Left),
        (t.set, 1.2, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = s
        .risks
        .iter()
        .map(|r| {
            vec![
                Cell::risk(lang, r.risk),
                Cell::new(r.label.clone()).bold(),
                Cell::new(r.title.clone()),
                Cell::new(r.set_id.clone()).style(SMALL_STYLE),
            ]
        })
        .collect();
    layout.table(MARGIN_X, &cols, &rows, true);
}

fn workload(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let cols = columns(&[
        (t.property, 0.28, Align::Left),
        (t.value, 0.72, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = model
        .workload
        .iter()
        .map(|p| {
            vec![
                Cell::new(p.label.clone()).bold().fill(BAND_FILL),
                Cell::new(if p.value.is_empty() { "—" } else { &p.value }).link(p.url.clone()),
            ]
        })
        .collect();
    layout.table(MARGIN_X, &cols, &rows, false);
}

fn answers(layout: &mut Layout, model: &ReportModel, t: &Texts, lang: Lang) {
    for (set_index, set) in model.answers.iter().enumerate() {
        if set_index > 0 {
            layout.new_page();
        }
        let title = format!("{} ({}) v{}", set.title, set.id, set.version);
        layout.bookmarks.push((title.clone(), layout.page_number()));
        layout.heading(&title, 13.0, NAVY, 80.0);
        for pillar in &set.pillars {
            layout.heading(
                &format!("{}: {}", t.pillar, pillar.title),
                10.5,
                risk_colour(Risk::NotApplicable),
                80.0,
            );
            for question in &pillar.questions {
                question_block(layout, question, t, lang);
            }
        }
    }
}

fn question_block(layout: &mut Layout, q: &QuestionEntry, t: &Texts, lang: Lang) {
    let fonts = layout.fonts;
    let badge_w = 66.0;
    let label_w = 58.0;
    let title_style = Style::new(9.6, true, INK);
    let title_w = CONTENT_W - label_w - badge_w - 14.0;
    let title_lines = fonts.wrap(&q.title, title_w, title_style.size, true);
    let lh = title_style.line_height();
    let bar_h = (title_lines.len() as f32 * lh + 8.0).max(22.0);
    layout.ensure(bar_h + 64.0);
    layout.y += 4.0;
    let top = layout.y;
    layout.fill_rect(MARGIN_X, top, CONTENT_W, bar_h, HEADER_FILL);
    layout.fill_rect(MARGIN_X, top, 3.0, bar_h, risk_colour(q.risk));
    let label_style = Style::new(9.6, true, NAVY);
    layout.text(
        MARGIN_X + 8.0,
        top + 4.0 + (lh - label_style.size) / 2.0,
        &q.label,
        label_style,
    );
    for (i, line) in title_lines.iter().enumerate() {
        layout.text(
            MARGIN_X + label_w + 4.0,
            top + 4.0 + i as f32 * lh + (lh - title_style.size) / 2.0,
            line,
            title_style,
        );
    }
    // Risk badge.
    let badge_x = PAGE_W - MARGIN_X - badge_w - 5.0;
    let badge_h = 14.0;
    let badge_top = top + (bar_h - badge_h) / 2.0;
    layout.fill_rect(badge_x, badge_top, badge_w, badge_h, risk_colour(q.risk));
    let badge_style = Style::new(8.0, true, risk_text_colour(q.risk));
    let text = i18n::risk_label(lang, q.risk);
    let w = fonts.width(text, badge_style.size, true);
    layout.text(
        badge_x + (badge_w - w) / 2.0,
        badge_top + 3.0,
        text,
        badge_style,
    );
    layout.y = top + bar_h + 4.0;

    let x = MARGIN_X + 10.0;
    let w = CONTENT_W - 10.0;
    if let (Some(by), Some(at)) = (&q.answered_by, &q.answered_at) {
        layout.paragraph(x, w, &format!("{}: {by}　{at}", t.answered_by), SMALL_STYLE);
    }
    if let Some(na) = &q.not_applicable {
        layout.label(x, t.question_na, 12.0);
        let reason = i18n::na_reason(lang, na.reason);
        let text = if na.text.is_empty() {
            format!("{}: {reason}", t.reason)
        } else {
            format!("{}: {reason} — {}", t.reason, na.text)
        };
        layout.paragraph(x + 8.0, w - 8.0, &text, BODY_STYLE);
    } else if q.risk == Risk::Unanswered {
        layout.paragraph(x, w, t.unanswered_note, Style::new(BODY, false, MUTED));
    }

    if !q.selected.is_empty() {
        layout.gap(3.0);
        layout.label(x, t.selected, 12.0);
        for choice in &q.selected {
            bullet(
                layout,
                x + 4.0,
                w - 4.0,
                "✓",
                risk_colour(Risk::None),
                &format!("{}  {}", choice.id, choice.title),
                BODY_STYLE,
            );
        }
    }
    if !q.not_selected.is_empty() {
        layout.gap(3.0);
        layout.label(x, t.not_selected, 12.0);
        for choice in &q.not_selected {
            bullet(
                layout,
                x + 4.0,
                w - 4.0,
                "□",
                risk_colour(Risk::High),
                &format!("{}  {}", choice.id, choice.title),
                BODY_STYLE,
            );
            for item in &choice.improvement {
                layout.paragraph_with(x + 22.0, w - 22.0, item, SMALL_STYLE, Some(BAND_FILL), None);
            }
            layout.gap(1.5);
        }
    }
    if !q.choices_not_applicable.is_empty() {
        layout.gap(3.0);
        layout.label(x, t.choices_na, 12.0);
        for choice in &q.choices_not_applicable {
            bullet(
                layout,
                x + 4.0,
                w - 4.0,
                "－",
                risk_colour(Risk::NotApplicable),
                &format!("{}  {}", choice.id, choice.title),
                BODY_STYLE,
            );
            let reason = i18n::na_reason(lang, choice.reason);
            let text = if choice.text.is_empty() {
                format!("{}: {reason}", t.reason)
            } else {
                format!("{}: {reason} — {}", t.reason, choice.text)
            };
            layout.paragraph(x + 22.0, w - 22.0, &text, SMALL_STYLE);
        }
    }
    if !q.notes.trim().is_empty() {
        layout.gap(3.0);
        layout.label(x, t.notes, 12.0);
        layout.paragraph_with(
            x + 10.0,
            w - 10.0,
            &q.notes,
            BODY_STYLE,
            Some(NOTE_BAR),
            None,
        );
    }
    if !q.evidence.is_empty() {
        layout.gap(3.0);
        layout.label(x, t.evidence, 30.0);
        let cols = columns(&[
            (t.evidence_name, 3.6, Align::Left),
            (t.kind, 0.8, Align::Left),
            (t.size, 1.05, Align::Right),
            (t.sha256_short, 1.2, Align::Left),
            (t.added, 1.55, Align::Left),
        ]);
        let rows: Vec<Vec<Cell>> = q
            .evidence
            .iter()
            .map(|e| {
                let mut name = e.title.clone();
                if let Some(choice) = &e.choice_id {
                    name.push_str(&(t.paren)(&format!("{}: {choice}", t.for_choice)));
                }
                if !e.name.is_empty() {
                    name.push('\n');
                    name.push_str(&e.name);
                }
                if let Some(excerpt) = e.excerpt.as_ref().filter(|x| !x.is_empty()) {
                    name.push('\n');
                    name.push_str(excerpt);
                }
                vec![
                    Cell::new(name).link(e.url.clone()),
                    Cell::new(i18n::evidence_kind(lang, e.kind)),
                    Cell::new(e.size_bytes.map(t.bytes).unwrap_or_default())
                        .style(Style::new(SMALL, false, INK)),
                    Cell::new(e.sha256_short.clone().unwrap_or_default())
                        .style(Style::new(SMALL, false, INK)),
                    Cell::new(format!("{}\n{}", e.added_by, e.added_at))
                        .style(Style::new(SMALL, false, INK)),
                ]
            })
            .collect();
        layout.table(MARGIN_X + 10.0, &scale_columns(cols, w), &rows, false);
    }
    layout.gap(8.0);
}

fn scale_columns(cols: Vec<Column>, width: f32) -> Vec<Column> {
    let total: f32 = cols.iter().map(|c| c.width).sum();
    cols.into_iter()
        .map(|c| Column {
            width: c.width * width / total,
            ..c
        })
        .collect()
}

/// A bullet symbol in `mark_colour` followed by wrapped text.
fn bullet(
    layout: &mut Layout,
    x: f32,
    width: f32,
    mark: &str,
    mark_colour: Rgbf,
    text: &str,
    style: Style,
) {
    let lh = style.line_height();
    layout.ensure(lh);
    let mark_style = Style::new(style.size, true, mark_colour);
    layout.text(
        x,
        layout.y + (lh - style.size) / 2.0 - 0.6,
        mark,
        mark_style,
    );
    layout.paragraph(x + 14.0, width - 14.0, text, style);
}

fn plan(layout: &mut Layout, model: &ReportModel, t: &Texts, lang: Lang) {
    layout.paragraph(
        MARGIN_X,
        CONTENT_W,
        t.plan_intro,
        Style::new(BODY, false, MUTED),
    );
    layout.y += 6.0;
    if model.improvement_plan.is_empty() {
        layout.paragraph(MARGIN_X, CONTENT_W, t.plan_empty, BODY_STYLE);
        return;
    }
    let mut current: Option<(Risk, String, String)> = None;
    for item in &model.improvement_plan {
        let priority_changed = current.as_ref().is_none_or(|(p, _, _)| *p != item.priority);
        if priority_changed {
            let title = if item.priority == Risk::High {
                t.priority_high
            } else {
                t.priority_medium
            };
            layout.y += 4.0;
            layout.heading(title, 12.5, risk_colour(item.priority), 60.0);
        }
        let group_changed = priority_changed
            || current
                .as_ref()
                .is_none_or(|(_, s, p)| *s != item.set_id || *p != item.pillar);
        if group_changed {
            layout.heading(
                &format!(
                    "{} ({}) — {}: {}",
                    item.set_title, item.set_id, t.pillar, item.pillar
                ),
                9.5,
                risk_colour(Risk::NotApplicable),
                50.0,
            );
        }
        current = Some((item.priority, item.set_id.clone(), item.pillar.clone()));

        // The question, then its actions.
        let style = Style::new(9.4, true, INK);
        let lines = layout
            .fonts
            .wrap(&item.title, CONTENT_W - 76.0, style.size, true);
        layout.ensure(lines.len() as f32 * style.line_height() + 30.0);
        let top = layout.y;
        let badge = Style::new(7.4, true, risk_text_colour(item.priority));
        layout.fill_rect(MARGIN_X, top + 1.0, 56.0, 12.0, risk_colour(item.priority));
        let bw = layout.fonts.width(&item.label, badge.size, true);
        layout.text(MARGIN_X + (56.0 - bw) / 2.0, top + 3.2, &item.label, badge);
        layout.paragraph(MARGIN_X + 64.0, CONTENT_W - 64.0, &item.title, style);
        layout.y = layout.y.max(top + 15.0);
        layout.label(MARGIN_X + 64.0, t.actions, 12.0);
        for action in &item.actions {
            let mut text = format!("{}  {}", action.choice_id, action.title);
            if !action.fisc_refs.is_empty() {
                text.push_str(&(t.paren)(&format!(
                    "FISC: {}",
                    action.fisc_refs.join(", ")
                )));
            }
            bullet(
                layout,
                MARGIN_X + 66.0,
                CONTENT_W - 66.0,
                "□",
                risk_colour(item.priority),
                &text,
                BODY_STYLE,
            );
            for line in &action.improvement {
                layout.paragraph_with(
                    MARGIN_X + 84.0,
                    CONTENT_W - 84.0,
                    line,
                    SMALL_STYLE,
                    Some(BAND_FILL),
                    None,
                );
            }
            layout.gap(2.0);
        }
        layout.gap(7.0);
        let _ = lang;
    }
}

fn fisc(layout: &mut Layout, model: &ReportModel, t: &Texts, lang: Lang) {
    layout.paragraph(
        MARGIN_X,
        CONTENT_W,
        t.fisc_intro,
        Style::new(BODY, false, MUTED),
    );
    layout.y += 6.0;
    if model.fisc_coverage.is_empty() {
        layout.paragraph(MARGIN_X, CONTENT_W, t.fisc_empty, BODY_STYLE);
        return;
    }
    let cols = columns(&[
        (t.fisc_ref, 0.75, Align::Center),
        (t.question, 2.5, Align::Left),
        (t.best_practice, 3.3, Align::Left),
        (t.status, 1.15, Align::Left),
        (t.question_risk, 1.0, Align::Center),
    ]);
    let mut rows = Vec::new();
    for reference in &model.fisc_coverage {
        for (i, entry) in reference.entries.iter().enumerate() {
            rows.push(vec![
                if i == 0 {
                    Cell::new(reference.reference.clone())
                        .bold()
                        .fill(BAND_FILL)
                } else {
                    Cell::new("").fill(BAND_FILL)
                },
                Cell::new(format!("{}  {}", entry.label, entry.question_title))
                    .style(Style::new(SMALL, false, INK)),
                Cell::new(format!("{}  {}", entry.choice_id, entry.choice_title))
                    .style(Style::new(SMALL, false, INK)),
                Cell::new(i18n::coverage_status(lang, entry.status)).style(Style::new(
                    SMALL,
                    true,
                    status_colour(entry.status),
                )),
                Cell::risk(lang, entry.question_risk),
            ]);
        }
    }
    layout.table(MARGIN_X, &cols, &rows, false);
}

fn wg(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    for assessment in &model.wg_assessments {
        layout.heading(&assessment.service, 12.0, NAVY, 60.0);
        let decisions = assessment
            .decisions
            .iter()
            .map(|(label, n)| format!("{label}: {n}{}", t.count_unit))
            .collect::<Vec<_>>()
            .join("　");
        let cols = columns(&[
            (t.property, 0.28, Align::Left),
            (t.value, 0.72, Align::Left),
        ]);
        let rows = vec![
            vec![
                Cell::new(t.wg_edition).bold().fill(BAND_FILL),
                Cell::new(format!(
                    "{} {}",
                    assessment.edition, assessment.edition_date
                )),
            ],
            vec![
                Cell::new(t.wg_source).bold().fill(BAND_FILL),
                Cell::new(assessment.source_file.clone()),
            ],
            vec![
                Cell::new(t.wg_imported).bold().fill(BAND_FILL),
                Cell::new(format!(
                    "{}　{}",
                    assessment.imported_by, assessment.imported_at
                )),
            ],
            vec![
                Cell::new(t.wg_decisions).bold().fill(BAND_FILL),
                Cell::new(decisions),
            ],
        ];
        layout.table(MARGIN_X, &cols, &rows, false);
        if assessment.criteria.is_empty() {
            continue;
        }
        let cols = columns(&[
            (t.wg_criterion_no, 0.6, Align::Left),
            (t.wg_criterion, 4.0, Align::Left),
            (t.wg_decision, 1.1, Align::Left),
            (t.wg_own_measures, 2.6, Align::Left),
        ]);
        let rows: Vec<Vec<Cell>> = assessment
            .criteria
            .iter()
            .map(|c| {
                vec![
                    Cell::new(c.criterion_no.clone()),
                    Cell::new(format!("{}\n{}", c.perspective, c.criterion))
                        .style(Style::new(SMALL, false, INK)),
                    Cell::new(c.decision.clone()).bold(),
                    Cell::new(if c.residual_risk.is_empty() {
                        c.own_measures.clone()
                    } else {
                        format!(
                            "{}\n{}: {}",
                            c.own_measures, t.wg_residual_risk, c.residual_risk
                        )
                    })
                    .style(Style::new(SMALL, false, INK)),
                ]
            })
            .collect();
        layout.table(MARGIN_X, &cols, &rows, true);
    }
}

fn sign_off(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    layout.paragraph(MARGIN_X, CONTENT_W, t.sign_off_intro, BODY_STYLE);
    layout.y += 10.0;
    let cols = columns(&[
        (t.role, 1.2, Align::Left),
        (t.name, 1.6, Align::Left),
        (t.signature, 2.0, Align::Left),
        (t.date, 1.2, Align::Left),
    ]);
    // Tall rows leave room to sign: pad the name with empty lines.
    let pad = "\n\n\n";
    let mut rows = Vec::new();
    let reviewers = if model.sign_off.reviewers.is_empty() {
        vec![String::new()]
    } else {
        model.sign_off.reviewers.clone()
    };
    for reviewer in reviewers {
        rows.push(vec![
            Cell::new(format!("{}{pad}", t.role_reviewer))
                .bold()
                .fill(BAND_FILL),
            Cell::new(reviewer),
            Cell::new(""),
            Cell::new("　　　　/　　/"),
        ]);
    }
    for _ in 0..model.sign_off.approver_lines.max(1) {
        rows.push(vec![
            Cell::new(format!("{}{pad}", t.role_approver))
                .bold()
                .fill(BAND_FILL),
            Cell::new(""),
            Cell::new(""),
            Cell::new("　　　　/　　/"),
        ]);
    }
    layout.table(MARGIN_X, &cols, &rows, false);
}
