//! The PDF renderer: lays the [`ReportModel`] out on A4 pages with printpdf ops.
//!
//! Layout works top-down in points (`y` grows downwards from the top edge) and converts to
//! PDF coordinates only when an op is emitted (`draw`). Text is measured with the embedded
//! font's horizontal advances (`fonts`) and wrapped by [`crate::linebreak`]; the flow
//! (`layout`) breaks pages before anything would cross the bottom margin, and tables
//! (`table`) repeat their header on every page they run onto and split tall rows line by
//! line, so nothing leaves the margins. Each part of the report is drawn by its module in
//! `parts`. Headers and footers (`ページ N / M`, `furniture`) are added once the page
//! count is known.

mod charts;
mod draw;
mod fonts;
mod furniture;
mod glyphs;
mod layout;
mod parts;
mod style;
mod table;
mod truncate;

pub use glyphs::REPLACEMENT;
pub use style::risk_colour;

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};

use crate::error::{ReportError, Result};
use crate::i18n::texts;
use crate::model::ReportModel;
use crate::warning::{ReportWarning, glyph_warnings};
use fonts::Fonts;
use layout::Layout;

/// A rendered report.
#[derive(Debug, Clone)]
pub struct RenderedReport {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// What could not be printed as written (characters the font lacks, replaced by 〓).
    pub warnings: Vec<ReportWarning>,
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

    let contents_top = parts::cover(&mut layout, model, t);
    let mut contents: Vec<(String, usize)> = Vec::new();
    for (title, part) in parts::sections(model, t) {
        let page = layout.section(&title);
        contents.push((title, page));
        part(&mut layout, model, t);
    }
    parts::contents(&mut layout, contents_top, &contents, t);
    let total = layout.pages.len();
    for (index, ops) in layout.pages.iter_mut().enumerate() {
        furniture::page_furniture(ops, &fonts, model, t, index + 1, total);
    }

    let glyph_warnings = glyph_warnings(model, &fonts.replaced(), glyphs::replacement);
    set_metadata(&mut doc, model);
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
        warnings: glyph_warnings,
    })
}

/// The document information: reviewers as author, workload and client as subject, and the
/// report's time as every date (so the same model gives the same PDF).
fn set_metadata(doc: &mut PdfDocument, model: &ReportModel) {
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
