//! Bordered tables: the header is repeated on every page a table runs onto, and a row taller
//! than the room left is split between lines rather than drawn over the bottom margin.

use hashira_core::{Lang, Risk};

use super::layout::{BOTTOM, CONTENT_W, Layout, MARGIN_X, TOP};
use super::style::{
    BAND_FILL, BODY, BODY_STYLE, HEADER_FILL, LINE, LINK, NAVY, RULE, Rgbf, SMALL, Style,
    risk_colour, risk_text_colour,
};
use crate::i18n::{self, Texts};

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.2;
/// The smallest a column header is made to keep its words whole.
const MIN_HEADER: f32 = 5.5;

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
}

pub(crate) struct Column {
    title: String,
    width: f32,
    align: Align,
}

/// Columns sharing the content width in proportion to their weights.
pub(crate) fn columns(specs: &[(&str, f32, Align)]) -> Vec<Column> {
    scale_columns(
        specs
            .iter()
            .map(|(title, weight, align)| Column {
                title: title.to_string(),
                width: *weight,
                align: *align,
            })
            .collect(),
        CONTENT_W,
    )
}

/// The same columns sharing `width` instead, in the same proportions.
pub(crate) fn scale_columns(cols: Vec<Column>, width: f32) -> Vec<Column> {
    let total = total_width(&cols);
    cols.into_iter()
        .map(|c| Column {
            width: c.width * width / total,
            ..c
        })
        .collect()
}

fn total_width(cols: &[Column]) -> f32 {
    cols.iter().map(|c| c.width).sum()
}

#[derive(Clone)]
pub(crate) struct Cell {
    text: String,
    style: Style,
    fill: Option<Rgbf>,
    link: Option<String>,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: BODY_STYLE,
            fill: None,
            link: None,
        }
    }

    pub(crate) fn style(mut self, style: Style) -> Cell {
        self.style = style;
        self
    }

    pub(crate) fn bold(mut self) -> Cell {
        self.style.bold = true;
        self
    }

    pub(crate) fn fill(mut self, fill: Rgbf) -> Cell {
        self.fill = Some(fill);
        self
    }

    /// A clickable cell, in the link colour; no URL (or an empty one) leaves it plain.
    pub(crate) fn link(mut self, url: Option<String>) -> Cell {
        self.link = url.filter(|u| !u.is_empty());
        if self.link.is_some() {
            self.style.colour = LINK;
        }
        self
    }

    /// A risk label on the risk's colour.
    pub(crate) fn risk(lang: Lang, risk: Risk) -> Cell {
        Cell::new(i18n::risk_label(lang, risk))
            .style(Style::new(SMALL, true, risk_text_colour(risk)))
            .fill(risk_colour(risk))
    }

    /// The bold, shaded first cell naming what a row is about (a property, a role, a
    /// reference).
    pub(crate) fn key(text: impl Into<String>) -> Cell {
        Cell::new(text).bold().fill(BAND_FILL)
    }
}

/// Share of the content width for a property table's values.
const PROPERTY_VALUE_SHARE: f32 = 0.72;

/// The width a property table's value wraps to.
pub(crate) fn property_value_width() -> f32 {
    CONTENT_W * PROPERTY_VALUE_SHARE - 2.0 * CELL_PAD_X
}

/// A two-column property / value table across the content width.
pub(crate) fn property_table(layout: &mut Layout, t: &Texts, rows: Vec<(String, Cell)>) {
    let cols = columns(&[
        (t.property, 1.0 - PROPERTY_VALUE_SHARE, Align::Left),
        (t.value, PROPERTY_VALUE_SHARE, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|(key, value)| vec![Cell::key(key), value])
        .collect();
    layout.table(MARGIN_X, &cols, &rows, false);
}

/// Where a line of `col` starts so that it sits as the column is aligned.
fn aligned(layout: &Layout, x: f32, col: &Column, line: &str, style: Style) -> f32 {
    let fonts = layout.fonts;
    match col.align {
        Align::Left => x + CELL_PAD_X,
        Align::Right => x + col.width - CELL_PAD_X - fonts.width(line, style.size, style.bold),
        Align::Center => x + (col.width - fonts.width(line, style.size, style.bold)) / 2.0,
    }
}

impl Layout<'_> {
    fn cell_lines(&self, text: &str, col: &Column, style: Style) -> Vec<String> {
        self.fonts
            .wrap(text, col.width - 2.0 * CELL_PAD_X, style.size, style.bold)
    }

    /// The size `col`'s title needs so that its longest word fits the column: small, or
    /// smaller (down to [`MIN_HEADER`]). A title without spaces (Japanese) is one word.
    fn header_size(&self, col: &Column) -> f32 {
        let inner = col.width - 2.0 * CELL_PAD_X;
        let widest = col
            .title
            .split_whitespace()
            .map(|word| self.fonts.width(word, 1.0, true))
            .fold(0.0f32, f32::max);
        if widest * SMALL <= inner || widest <= 0.0 {
            SMALL
        } else {
            // A little under the exact fit, so rounding in the wrap never breaks the word.
            (inner / widest * 0.98).max(MIN_HEADER)
        }
    }

    /// The header row, in one size for every column: the smallest any column needs, so a
    /// header never breaks inside a word ("Unanswer/ed") and the row looks even.
    fn table_header(&mut self, x: f32, cols: &[Column]) {
        let size = cols
            .iter()
            .map(|c| self.header_size(c))
            .fold(SMALL, f32::min);
        let style = Style::new(size, true, NAVY);
        let lines: Vec<Vec<String>> = cols
            .iter()
            .map(|c| self.cell_lines(&c.title, c, style))
            .collect();
        let lh = SMALL * LINE;
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * lh + 2.0 * CELL_PAD_Y;
        let total = total_width(cols);
        self.fill_rect(x, self.y, total, h, HEADER_FILL);
        let mut cx = x;
        for (col, lines) in cols.iter().zip(&lines) {
            for (i, line) in lines.iter().enumerate() {
                let tx = aligned(self, cx, col, line, style);
                // A smaller header is centred in the usual line height.
                let top = self.y + CELL_PAD_Y + i as f32 * lh + (SMALL - size) / 2.0;
                self.text(tx, top, line, style);
            }
            cx += col.width;
        }
        self.stroke_rect(x, self.y, total, h, RULE, 0.5);
        self.hline(x, self.y + h, total, NAVY, 0.9);
        self.y += h;
    }

    /// Continues the table at the top of a new page, under its header again.
    fn table_new_page(&mut self, x: f32, cols: &[Column]) {
        self.new_page();
        self.table_header(x, cols);
    }

    /// A table with borders; the header is repeated on every page and rows taller than the
    /// room left are split between lines. `zebra` shades every other row.
    pub(crate) fn table(&mut self, x: f32, cols: &[Column], rows: &[Vec<Cell>], zebra: bool) {
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
        for (index, row) in rows.iter().enumerate() {
            let row_fill = (zebra && index % 2 == 1).then_some(BAND_FILL);
            self.table_row(x, cols, row, row_fill, header_h);
        }
        self.y += 8.0;
    }

    /// One row, over as many pages as it needs.
    fn table_row(
        &mut self,
        x: f32,
        cols: &[Column],
        row: &[Cell],
        row_fill: Option<Rgbf>,
        header_h: f32,
    ) {
        let total = total_width(cols);
        let wrapped: Vec<Vec<String>> = row
            .iter()
            .zip(cols)
            .map(|(cell, col)| self.cell_lines(&cell.text, col, cell.style))
            .collect();
        let mut next: Vec<usize> = vec![0; wrapped.len()];
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
                self.table_new_page(x, cols);
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
                    let tx = aligned(self, cx, col, line, cell.style);
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
                self.vline(cx, top, h, RULE, 0.5);
            }
            self.y = top + h;
            if whole_fits {
                break;
            }
            self.table_new_page(x, cols);
        }
    }
}
