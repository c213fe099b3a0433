//! Each surface's figures read back: `hashira show`'s text, the Excel サマリー (calamine) and the
//! PDF's counts table and progress line (`pdftotext -layout`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::common::hashira;

/// The figures one row prints. `None` where a surface does not print that figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub questions: u64,
    pub reviewed: u64,
    pub high: u64,
    pub medium: u64,
    pub none: u64,
    pub not_applicable: u64,
    pub unanswered: u64,
    pub without_reason: Option<u64>,
    pub percent: u64,
}

impl Figures {
    pub fn from_json(counts: &Value) -> Figures {
        let n = |key: &str| {
            counts[key]
                .as_u64()
                .unwrap_or_else(|| panic!("no {key} in {counts}"))
        };
        Figures {
            questions: n("questions"),
            reviewed: n("reviewed"),
            high: n("high"),
            medium: n("medium"),
            none: n("none"),
            not_applicable: n("not_applicable"),
            unanswered: n("unanswered"),
            without_reason: Some(n("not_applicable_without_reason")),
            percent: n("progress_percent"),
        }
    }

    /// Without the figure a surface does not print.
    pub fn without_reason_hidden(&self) -> Figures {
        Figures {
            without_reason: None,
            ..self.clone()
        }
    }
}

/// The rows of `hashira show`'s text: label → figures (N/A without reason when printed).
pub fn show_text(dir: &Path, file: &str) -> Vec<(String, Figures)> {
    let output = hashira(dir).args(["show", file]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let at = text.find("\nprogress and risk").expect(&text);
    text[at..]
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let t: Vec<&str> = line.split_whitespace().collect();
            let (reviewed, questions) = t[2].split_once('/').unwrap();
            let n = |s: &str| s.trim_end_matches('%').parse::<u64>().expect(line);
            assert_eq!(
                (t[1], t[4], t[6], t[8], t[10], t[12]),
                ("reviewed", "high", "medium", "none", "n/a", "unanswered"),
                "{line}"
            );
            let without_reason = if t.len() > 14 {
                assert_eq!(t[14..17], ["n/a", "without", "reason"], "{line}");
                n(t[17])
            } else {
                0
            };
            let figures = Figures {
                questions: n(questions),
                reviewed: n(reviewed),
                high: n(t[5]),
                medium: n(t[7]),
                none: n(t[9]),
                not_applicable: n(t[11]),
                unanswered: n(t[13]),
                without_reason: Some(without_reason),
                percent: n(t[3]),
            };
            (t[0].to_string(), figures)
        })
        .collect()
}

/// The rows of the Excel サマリー: (set cell, pillar cell) → figures; counts and the percent
/// must be numbers, the percent exactly progress_percent / 100.
pub fn excel_summary(path: &Path) -> Vec<((String, String), Figures)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range("サマリー").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header = rows
        .iter()
        .position(|r| matches!(r.first(), Some(Data::String(s)) if s == "質問セット"))
        .unwrap();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    };
    rows[header + 1..]
        .iter()
        .map(|r| {
            let n = |i: usize| match &r[i] {
                Data::Float(f) if f.fract() == 0.0 => *f as u64,
                other => panic!("column {i}: expected a whole number, found {other:?}"),
            };
            let percent = match &r[4] {
                Data::Float(f) => {
                    let percent = (f * 100.0).round() as u64;
                    assert_eq!(
                        *f,
                        percent as f64 / 100.0,
                        "progress {f} is not a whole percent"
                    );
                    percent
                }
                other => panic!("進捗率: expected a number, found {other:?}"),
            };
            let figures = Figures {
                questions: n(2),
                reviewed: n(3),
                high: n(5),
                medium: n(6),
                none: n(7),
                not_applicable: n(8),
                unanswered: n(9),
                without_reason: Some(n(10)),
                percent,
            };
            ((text(&r[0]), text(&r[1])), figures)
        })
        .collect()
}

/// The PDF summary's counts table (between its heading and the high/medium list): the rows'
/// figures in order, and the progress line.
pub fn pdf_summary(path: &Path) -> (Vec<(String, Figures)>, String) {
    let output = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let start = text
        .find("リスク件数")
        .expect("no counts table heading in the PDF");
    let end = start
        + text[start..]
            .find("高リスク・中リスク")
            .unwrap_or(text.len() - start);
    let rows = text[start..end]
        .lines()
        .filter_map(|line| {
            let t: Vec<&str> = line.split_whitespace().collect();
            let percent = t.last()?.strip_suffix('%')?.parse::<u64>().ok()?;
            if t.len() < 9 {
                return None;
            }
            let n: Vec<u64> = t[t.len() - 8..t.len() - 1]
                .iter()
                .map(|s| s.parse().ok())
                .collect::<Option<_>>()?;
            let figures = Figures {
                questions: n[0],
                reviewed: n[1],
                high: n[2],
                medium: n[3],
                none: n[4],
                not_applicable: n[5],
                unanswered: n[6],
                without_reason: None,
                percent,
            };
            Some((t[..t.len() - 8].join(" "), figures))
        })
        .collect();
    let progress = text[..start]
        .lines()
        .find(|l| l.contains("問中") && l.trim_end().ends_with('%'))
        .unwrap_or("")
        .to_string();
    (rows, progress)
}

pub fn integers(line: &str) -> Vec<u64> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}
