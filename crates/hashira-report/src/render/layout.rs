//! The page geometry and the flow: a cursor `y` moving down A4 pages, starting a new page
//! whenever the next piece would cross the bottom margin, so nothing is drawn outside the
//! margins whatever the text length. Also the flowing blocks every part uses (paragraphs,
//! section titles, headings, labels, bullets).

use printpdf::{Op, PaintMode};

use super::draw;
use super::fonts::Fonts;
use super::style::{NAVY, Rgbf, Style};

// A4 portrait, in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 51.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
pub(crate) const TOP: f32 = 68.0;
pub(crate) const BOTTOM: f32 = PAGE_H - 58.0;

pub(crate) struct Layout<'a> {
    pub(crate) fonts: &'a Fonts,
    /// The ops of every page so far; the last one is being drawn on.
    pub(crate) pages: Vec<Vec<Op>>,
    /// Top of the next thing drawn, in points from the page's top edge.
    pub(crate) y: f32,
    /// Outline entries: title and 1-based page.
    pub(crate) bookmarks: Vec<(String, usize)>,
}

impl<'a> Layout<'a> {
    pub(crate) fn new(fonts: &'a Fonts) -> Layout<'a> {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            bookmarks: Vec::new(),
        }
    }

    pub(crate) fn page_number(&self) -> usize {
        self.pages.len()
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    pub(crate) fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Starts a new page unless `height` still fits.
    pub(crate) fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP + 0.5 {
            self.new_page();
        }
    }

    pub(crate) fn gap(&mut self, height: f32) {
        self.y = (self.y + height).min(BOTTOM);
    }

    /// An outline entry for the current page.
    pub(crate) fn bookmark(&mut self, title: &str) {
        let page = self.page_number();
        self.bookmarks.push((title.to_string(), page));
    }

    // ---- drawing on the current page ----

    /// Draws one line of text whose top is at `top`.
    pub(crate) fn text(&mut self, x: f32, top: f32, text: &str, style: Style) {
        let baseline = top + style.size * 1.05;
        let fonts = self.fonts;
        draw::text(self.ops(), fonts, x, baseline, text, style);
    }

    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, fill: Rgbf) {
        draw::fill_rect(self.ops(), x, top, w, h, fill);
    }

    pub(crate) fn stroke_rect(
        &mut self,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        stroke: Rgbf,
        width: f32,
    ) {
        let rectangle = draw::pdf_rect(x, PAGE_H - top - h, w, h, PaintMode::Stroke);
        draw::stroke_rect(self.ops(), rectangle, stroke, width);
    }

    pub(crate) fn hline(&mut self, x: f32, y: f32, w: f32, stroke: Rgbf, width: f32) {
        draw::line(self.ops(), (x, y), (x + w, y), stroke, width);
    }

    pub(crate) fn vline(&mut self, x: f32, top: f32, h: f32, stroke: Rgbf, width: f32) {
        draw::line(self.ops(), (x, top), (x, top + h), stroke, width);
    }

    pub(crate) fn link(&mut self, x: f32, top: f32, w: f32, h: f32, url: &str) {
        draw::link(self.ops(), x, top, w, h, url);
    }

    // ---- flowing content ----

    /// A wrapped paragraph at `x` with `width`, breaking pages between lines. `bar` draws a
    /// coloured rule left of every line (notes). Returns the number of lines.
    pub(crate) fn paragraph_with(
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

    pub(crate) fn paragraph(&mut self, x: f32, width: f32, text: &str, style: Style) -> usize {
        self.paragraph_with(x, width, text, style, None, None)
    }

    /// A large title across the content width, `leading` times its size per line, with no
    /// page break (section titles and the cover's titles start at the top of their page).
    pub(crate) fn title(&mut self, text: &str, style: Style, leading: f32) {
        for line in self.fonts.wrap(text, CONTENT_W, style.size, style.bold) {
            self.text(MARGIN_X, self.y, &line, style);
            self.y += style.size * leading;
        }
    }

    /// A section title; starts a new page and adds a bookmark. Returns the section's page.
    pub(crate) fn section(&mut self, title: &str) -> usize {
        if self.y > TOP + 0.5 {
            self.new_page();
        }
        self.bookmark(title);
        self.title(title, Style::new(15.0, true, NAVY), 1.35);
        self.y += 3.0;
        self.hline(MARGIN_X, self.y, CONTENT_W, NAVY, 1.4);
        self.y += 12.0;
        self.page_number()
    }

    /// A sub-heading with a coloured block on the left; kept with `keep` points of content.
    pub(crate) fn heading(&mut self, title: &str, size: f32, accent: Rgbf, keep: f32) {
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
    pub(crate) fn label(&mut self, x: f32, text: &str, keep: f32) {
        let style = Style::new(8.2, true, NAVY);
        self.ensure(style.line_height() + keep);
        self.text(x, self.y, text, style);
        self.y += style.line_height() + 1.0;
    }

    /// A bullet symbol in `mark_colour` followed by wrapped text.
    pub(crate) fn bullet(
        &mut self,
        x: f32,
        width: f32,
        mark: &str,
        mark_colour: Rgbf,
        text: &str,
        style: Style,
    ) {
        let lh = style.line_height();
        self.ensure(lh);
        let mark_style = Style::new(style.size, true, mark_colour);
        self.text(x, self.y + (lh - style.size) / 2.0 - 0.6, mark, mark_style);
        self.paragraph(x + 14.0, width - 14.0, text, style);
    }
}
