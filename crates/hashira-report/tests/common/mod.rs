//! Shared fixtures: the demo workbook with a fixed clock, poppler helpers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use hashira_core::{FixedClock, Lang, Workbook};
use hashira_report::ReportOptions;
use time::macros::datetime;

pub fn demo(dir: &Path) -> Workbook {
    let clock = Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000));
    hashira_core::demo::create_demo(&dir.join("demo.hashira"), clock).unwrap()
}

pub fn options(lang: Lang) -> ReportOptions {
    ReportOptions::new(lang, datetime!(2026-04-02 10:00 +09:00))
}

/// Runs a poppler tool; a missing tool fails the test with a clear message (never skips).
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} is needed by this test but cannot be run ({e}). Install poppler-utils \
             (apt-get install poppler-utils); scripts/test installs it."
        )
    });
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

pub fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn page_count(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap()
}

/// pdftotext output with all white space removed, so wrapped lines still match.
pub fn text_without_spaces(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// pdftotext of page `page` (1-based), white space removed.
pub fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    squash(&poppler(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            "-f",
            &n,
            "-l",
            &n,
            pdf.to_str().unwrap(),
            "-",
        ],
    ))
}

/// A new workbook with the shipped question sets and nothing answered.
pub fn empty_workbook(dir: &Path, name: &str) -> Workbook {
    let clock = Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000));
    let sets = hashira_core::question_set::shipped::shipped_sets().unwrap();
    Workbook::create(&dir.join("empty.hashira"), name, sets, "tester", clock).unwrap()
}
