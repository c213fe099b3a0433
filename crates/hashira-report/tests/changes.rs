//! The report's "changes since milestone" section from a real workbook: its counts are the
//! core's `ReviewDiff` summary, its trend the figures each milestone kept plus the review now,
//! only the sets of the report are listed, and the rendered PDF holds the section in Japanese
//! and English (pdftotext) with its glyphs embedded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use hashira_core::diff::ReviewDiff;
use hashira_core::workbook::AnswerChange;
use hashira_core::workbook::milestone::{MilestoneView, ReviewAsOf};
use hashira_core::{FixedClock, Lang};
use hashira_report::milestones::read_milestone_inputs;
use hashira_report::{ReportModel, render};
use time::macros::datetime;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000))
}

#[test]
fn the_section_holds_the_cores_diff_and_trend() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = common::demo(dir.path());
    let path = workbook.path().to_path_buf();
    workbook.add_milestone("2026Q1", "監査 太郎").unwrap();
    // SEC5 was unanswered: "none of these" makes it HIGH.
    let none = AnswerChange {
        selected_choices: Some(vec!["SEC5_no".into()]),
        ..AnswerChange::default()
    };
    workbook.save_answer("SEC5", none, "監査 太郎").unwrap();
    workbook.close().unwrap();

    let now = ReviewAsOf::open(&path, None, clock()).unwrap();
    let (as_of, changes) = read_milestone_inputs(&now, Some("2026Q1"), clock()).unwrap();
    assert!(as_of.is_none());
    let changes = changes.unwrap();
    let since = MilestoneView::open(&path, "2026Q1", clock()).unwrap();
    let expected = ReviewDiff::between(&since, &now, datetime!(2026-04-02 10:00 +09:00)).unwrap();
    assert_eq!(changes.diff.summary, expected.summary);
    assert_eq!(expected.summary.high_new, 1);
    assert_eq!(expected.summary.newly_answered, 1);

    let mut options = common::options(Lang::Ja);
    options.changes = Some(changes.clone());
    let model = ReportModel::build(&now, &options).unwrap();
    let section = model.changes.as_ref().unwrap();
    assert_eq!(section.summary, expected.summary);
    assert_eq!(section.title, "前回のマイルストーン『#1 2026Q1』からの変更");
    assert_eq!(
        section.summary_rows[..2],
        [
            ("解消した高リスク".to_string(), 0),
            ("新たな高リスク".to_string(), 1)
        ]
    );
    let sec5 = section
        .questions
        .iter()
        .find(|q| q.label == "SEC5")
        .unwrap();
    assert_eq!(sec5.changes.len(), 1);
    assert!(
        sec5.changes[0].starts_with("選択の追加: SEC5_no "),
        "{sec5:?}"
    );
    // The trend: per set the milestone's kept figures, then now (the summary's counts).
    let trend = workbook_trend(&path);
    assert_eq!(section.trend.len(), model.summary.sets.len());
    for (set, figures) in section.trend.iter().zip(&trend[0].risk.sets) {
        assert_eq!(set.points.len(), 2);
        assert_eq!(set.points[0].label, "#1 2026Q1");
        assert_eq!(set.points[0].counts, figures.counts);
        assert_eq!(set.points[1].label, "現在");
    }
    let sec_now = &section.trend[0].points[1].counts;
    assert_eq!(sec_now, &model.summary.sets[0].counts);
    assert_eq!(sec_now.high, trend[0].risk.sets[0].counts.high + 1);

    // Only the report's sets.
    let mut only_fisc = options.clone();
    only_fisc.set_ids = vec!["fisc-sec".into()];
    let model_fisc = ReportModel::build(&now, &only_fisc).unwrap();
    let fisc = model_fisc.changes.as_ref().unwrap();
    assert!(fisc.questions.iter().all(|q| q.set_id == "fisc-sec"));
    assert_eq!(fisc.trend.len(), 1);
    // The counts stay the diff's (of the whole review), as `hashira diff` prints them.
    assert_eq!(fisc.summary, expected.summary);

    for (lang, title) in [
        (Lang::Ja, "前回のマイルストーン『#12026Q1』からの変更"),
        (Lang::En, "Changessincemilestone#12026Q1"),
    ] {
        let mut options = common::options(lang);
        options.changes = Some(changes.clone());
        let pdf = render(&ReportModel::build(&now, &options).unwrap()).unwrap();
        let file = common::write_pdf(dir.path(), &format!("{lang:?}.pdf"), &pdf);
        let text = common::text_without_spaces(&file);
        assert!(text.contains(title), "{lang:?}: {text}");
        let fonts = common::poppler("pdffonts", &[file.to_str().unwrap()]);
        assert!(fonts.contains("BIZUDPGothic"), "{fonts}");
    }
}

fn workbook_trend(
    path: &std::path::Path,
) -> Vec<hashira_core::workbook::milestone::MilestoneFigures> {
    hashira_core::Workbook::open(path, clock())
        .unwrap()
        .milestone_trend()
        .unwrap()
}
