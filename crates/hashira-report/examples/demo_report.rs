//! Renders the demo workbook's report: `cargo run -p hashira-report --example demo_report -- OUT.pdf [ja|en]`.

use std::sync::Arc;
use std::time::Instant;

use hashira_core::{FixedClock, Lang};
use hashira_report::{ReportModel, ReportOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "demo-report.pdf".into());
    let lang = if args.get(2).map(String::as_str) == Some("en") {
        Lang::En
    } else {
        Lang::Ja
    };
    let dir = tempfile::tempdir()?;
    let clock = Arc::new(FixedClock::new(
        time::macros::datetime!(2026-04-01 09:00 +09:00),
        1000,
    ));
    let workbook = hashira_core::demo::create_demo(&dir.path().join("demo.hashira"), clock)?;
    let options = ReportOptions::new(lang, time::macros::datetime!(2026-04-02 10:00 +09:00));
    let start = Instant::now();
    let model = ReportModel::build(&workbook, &options)?;
    let built = start.elapsed();
    let pdf = hashira_report::render(&model)?;
    println!(
        "model {:?}, total {:?}, {} bytes",
        built,
        start.elapsed(),
        pdf.len()
    );
    std::fs::write(&out, pdf)?;
    Ok(())
}
