//! Part 2, workload properties, the architecture URL as a link.

use crate::i18n::Texts;
use crate::model::ReportModel;
use crate::render::layout::Layout;
use crate::render::table::{Cell, property_table};

pub(crate) fn workload(layout: &mut Layout, model: &ReportModel, t: &Texts) {
    let rows = model
        .workload
        .iter()
        .map(|p| {
            let value = if p.value.is_empty() { "—" } else { &p.value };
            (p.label.clone(), Cell::new(value).link(p.url.clone()))
        })
        .collect();
    property_table(layout, t, rows);
}
