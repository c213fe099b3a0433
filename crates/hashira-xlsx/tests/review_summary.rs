//! The review export's サマリー: the core's figures (`RiskCounts`) per set, pillar and in total,
//! counts and progress as numbers (progress shown in percent), times in the workbook's zone, and
//! choice ids that never wrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use hashira_core::RiskCounts;
use hashira_core::workbook::{AnswerChange, NotApplicable, NotApplicableReason, WorkloadField};
use hashira_xlsx::review::export_review;

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

/// A cell that must be a number (never the text of one).
fn num(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// One part of the xlsx package, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The value of `attr` in the first `<tag …>` element of `xml` that contains `marker`.
fn attr_of(xml: &str, marker: &str, attr: &str) -> Option<String> {
    let at = xml.find(marker)?;
    let end = at + xml[at..].find('>')?;
    let element = &xml[xml[..at].rfind('<')?..end];
    let key = format!(" {attr}=\"");
    let start = element.find(&key)? + key.len();
    Some(element[start..start + element[start..].find('"')?].to_string())
}

/// The `<xf>` of `cellXfs` with index `style`.
fn cell_xf(styles: &str, style: usize) -> String {
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let mut pieces = xfs.split("<xf ").skip(1);
    let xf = pieces.nth(style).unwrap();
    format!(
        "<xf {}",
        &xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()]
    )
}

fn expect_row(row: &[Data], names: (&str, &str), c: &RiskCounts) {
    assert_eq!((text(&row[0]).as_str(), text(&row[1]).as_str()), names);
    let numbers: Vec<f64> = [2, 3, 5, 6, 7, 8, 9, 10]
        .iter()
        .map(|&i| num(&row[i]))
        .collect();
    let expected: Vec<f64> = [
        c.questions,
        c.reviewed,
        c.high,
        c.medium,
        c.none,
        c.not_applicable,
        c.unanswered,
        c.not_applicable_without_reason,
    ]
    .iter()
    .map(|&n| n as f64)
    .collect();
    assert_eq!(numbers, expected, "row {names:?}");
    assert_eq!(num(&row[4]), c.progress_fraction(), "row {names:?}");
    assert_eq!(
        (num(&row[4]) * 100.0).round() as u32,
        c.progress_percent,
        "row {names:?}"
    );
}

#[test]
fn summary_holds_the_cores_figures_as_numbers_with_a_total_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let na = |text: &str| AnswerChange {
        not_applicable: Some(Some(NotApplicable {
            reason: NotApplicableReason::OutOfScope,
            text: text.into(),
        })),
        ..AnswerChange::default()
    };
    // One not applicable with a reason, one without: both reviewed, one flagged.
    wb.save_answer("SEC9", na("閉域網のみ"), "t").unwrap();
    wb.save_answer("SEC10", na(""), "t").unwrap();
    let figures = wb.risk_summary().unwrap();
    assert!(figures.counts.not_applicable_without_reason >= 1);
    assert!(figures.counts.progress_percent > 0 && figures.counts.progress_percent < 100);

    let out = dir.path().join("review.xlsx");
    export_review(&wb, &[], &out, "2026-04-01T00:00:00.000Z").unwrap();
    let summary = sheet(&out, "サマリー");
    let rows: Vec<&[Data]> = summary.rows().collect();
    let header = rows
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("質問セット"))
        .unwrap();
    let headers: Vec<String> = rows[header].iter().map(text).collect();
    assert_eq!(
        headers,
        [
            "質問セット",
            "柱",
            "質問数",
            "レビュー済み",
            "進捗率",
            "高リスク",
            "中リスク",
            "リスクなし",
            "対象外",
            "未回答",
            "理由のない対象外"
        ]
    );
    let mut r = header + 1;
    for set in &figures.sets {
        let name = rows[r][0].to_string();
        assert!(name.ends_with(&format!("({})", set.set_id)), "{name}");
        expect_row(rows[r], (name.as_str(), "（合計）"), &set.counts);
        r += 1;
        for pillar in &set.pillars {
            let title = pillar.title.get(hashira_core::Lang::Ja).to_string();
            expect_row(rows[r], (name.as_str(), title.as_str()), &pillar.counts);
            r += 1;
        }
    }
    expect_row(rows[r], ("合計", ""), &figures.counts);
    assert_eq!(r + 1, rows.len(), "nothing below the total row");

    // LibreOffice shows the total's progress as the same whole percent.
    let shown = common::libreoffice_opens(&out);
    let total_line = shown.lines().find(|l| l.starts_with("合計,")).unwrap();
    assert!(
        total_line.contains(&format!(",{}%,", figures.counts.progress_percent)),
        "{total_line}"
    );
    // The progress cell is shown in percent: number format "0%" (built-in 9, or declared).
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    let styles = part(&out, "xl/styles.xml");
    let cell = format!("r=\"E{}\"", summary.start().unwrap().0 as usize + r + 1);
    let style: usize = attr_of(&xml, &cell, "s").unwrap().parse().unwrap();
    let format = attr_of(&cell_xf(&styles, style), "numFmtId", "numFmtId").unwrap();
    let code = attr_of(
        &styles,
        &format!("<numFmt numFmtId=\"{format}\""),
        "formatCode",
    );
    assert!(
        format == "9" || code.as_deref() == Some("0%"),
        "progress cell format {format} {code:?}"
    );
}

#[test]
fn only_the_chosen_sets_are_summed_in_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let wb = common::demo(dir.path());
    let figures = wb.risk_summary().unwrap();
    let out = dir.path().join("only.xlsx");
    export_review(&wb, &["fisc-sec".to_string()], &out, "now").unwrap();
    let summary = sheet(&out, "サマリー");
    let total = summary.rows().next_back().unwrap();
    let set = figures
        .sets
        .iter()
        .find(|s| s.set_id == "fisc-sec")
        .unwrap();
    expect_row(total, ("合計", ""), &set.counts);
}

#[test]
fn times_are_shown_in_the_workbooks_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let out = dir.path().join("review.xlsx");
    export_review(&wb, &[], &out, "2026-04-01T00:00:00.000Z").unwrap();
    let summary = sheet(&out, "サマリー");
    let about = |label: &str| {
        summary
            .rows()
            .find(|r| r.first().map(text).as_deref() == Some(label))
            .map(|r| text(&r[1]))
            .unwrap()
    };
    assert_eq!(about("出力日時"), "2026-04-01 09:00 (UTC+09:00)");
    assert_eq!(about("タイムゾーン"), "UTC+09:00");
    // Answers were saved from 2026-04-01T00:00:00Z on (the demo's clock, 09:00 in Tokyo).
    let updated = |path: &Path| -> Vec<String> {
        let sec = sheet(path, "sec");
        let rows: Vec<&[Data]> = sec.rows().collect();
        let header = rows
            .iter()
            .position(|r| r.iter().any(|c| text(c) == "更新日時"))
            .unwrap();
        let col = rows[header]
            .iter()
            .position(|c| text(c) == "更新日時")
            .unwrap();
        rows[header + 1..]
            .iter()
            .map(|r| text(&r[col]))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let tokyo = updated(&out);
    assert!(!tokyo.is_empty());
    for at in &tokyo {
        assert!(at.starts_with("2026-04-01 09:"), "{at}");
        assert_eq!(at.len(), "2026-04-01 09:00".len(), "{at}");
    }
    wb.set_property(WorkloadField::TimeZone, "+05:30", "t")
        .unwrap();
    let india = dir.path().join("india.xlsx");
    export_review(&wb, &[], &india, "2026-04-01T00:00:00.000Z").unwrap();
    let summary = sheet(&india, "サマリー");
    let exported = summary
        .rows()
        .find(|r| r.first().map(text).as_deref() == Some("出力日時"))
        .map(|r| text(&r[1]))
        .unwrap();
    assert_eq!(exported, "2026-04-01 05:30 (UTC+05:30)");
    assert!(
        updated(&india)
            .iter()
            .all(|at| at.starts_with("2026-04-01 05:"))
    );
}

#[test]
fn choice_ids_fit_their_column_and_never_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let wb = common::demo(dir.path());
    let out = dir.path().join("review.xlsx");
    // FISC choice ids (`FISCSEC1-BP01`) are longer than the column's default width.
    export_review(&wb, &["fisc-sec".to_string()], &out, "now").unwrap();
    let longest = wb
        .question_set("fisc-sec")
        .unwrap()
        .pillars()
        .iter()
        .flat_map(|p| &p.questions)
        .flat_map(|q| &q.choices)
        .map(|c| c.id.len())
        .max()
        .unwrap();
    // Sheet 2 is "fisc-sec"; the choice id is column E (5).
    let xml = part(&out, "xl/worksheets/sheet2.xml");
    let width: f64 = attr_of(&xml, "<col min=\"5\" max=\"5\"", "width")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        width >= longest as f64 + 1.0,
        "width {width} for ids of {longest} characters"
    );
    let sec = sheet(&out, "fisc-sec");
    let (row, _) = sec
        .cells()
        .find(|(_, c, v)| *c == 4 && text(v).len() == longest)
        .map(|(r, c, _)| (r, c))
        .unwrap();
    let cell = format!("r=\"E{}\"", sec.start().unwrap().0 as usize + row + 1);
    let style: usize = attr_of(&xml, &cell, "s").unwrap().parse().unwrap();
    let styles = part(&out, "xl/styles.xml");
    assert!(
        !cell_xf(&styles, style).contains("wrapText=\"1\""),
        "{}",
        cell_xf(&styles, style)
    );
}
