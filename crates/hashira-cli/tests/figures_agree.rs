//! One set of figures on every surface: random workbooks (seeded; `FIGURES_SEED` replays one)
//! answered through the core, then `hashira show` (text and `--json`), the Excel export's
//! サマリー (read back with calamine) and the PDF report (`pdftotext -layout`) must print the
//! same numbers per set and in total — and those numbers must match what was answered.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod figures;

use std::path::Path;
use std::sync::Arc;

use common::{hashira, json};
use figures::{Figures, excel_summary, integers, pdf_summary, show_text};
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, NotApplicable, NotApplicableReason,
};
use hashira_core::{FixedClock, Workbook};

/// What the generator wrote into one set: the figures that follow from the answers alone.
#[derive(Debug, Default, Clone, PartialEq)]
struct Written {
    questions: u64,
    not_applicable: u64,
    without_reason: u64,
    unanswered: u64,
}

/// A set of our own with three pillars, so that pillar rows appear on every surface.
fn own_set(rng: &mut fastrand::Rng) -> String {
    let mut text = String::from(
        "format_version = 1\nid = \"own\"\nversion = \"1.0\"\nlanguages = [\"ja\"]\n\
         title = { ja = \"自社追加項目\" }\n[source]\ndocument = \"社内規程\"\nedition = \"2026\"\n",
    );
    for (p, (id, title)) in [("alpha", "統制"), ("beta", "運用"), ("gamma", "委託")]
        .iter()
        .enumerate()
    {
        text += &format!("[[pillars]]\nid = \"{id}\"\ntitle = {{ ja = \"{title}\" }}\n");
        for q in 0..rng.usize(1..=4) {
            let qid = format!("OWN{p}{q}");
            let choices = rng.usize(1..=4);
            let all: Vec<String> = (1..=choices).map(|c| format!("{qid}-0{c}")).collect();
            text += &format!(
                "[[pillars.questions]]\nid = \"{qid}\"\ntitle = {{ ja = \"質問 {qid}\" }}\n\
                 risk_rules = [{{ condition = \"{}\", risk = \"NONE\" }}, \
                 {{ condition = \"{qid}-01\", risk = \"MEDIUM\" }}, \
                 {{ condition = \"default\", risk = \"HIGH\" }}]\n",
                all.join(" && ")
            );
            for choice in &all {
                text += &format!(
                    "[[pillars.questions.choices]]\nid = \"{choice}\"\ntitle = {{ ja = \"対策 {choice}\" }}\n"
                );
            }
            text += &format!(
                "[[pillars.questions.choices]]\nid = \"{qid}_no\"\n\
                 title = {{ ja = \"いずれも該当しない\" }}\nnone_of_these = true\n"
            );
        }
    }
    text
}

fn reason(rng: &mut fastrand::Rng) -> NotApplicableReason {
    NotApplicableReason::ALL[rng.usize(..NotApplicableReason::ALL.len())]
}

/// Answers every question at random; `answer_share` (0..=100) of them get something, and with
/// `complete` every question is answered or not applicable.
fn answer_at_random(
    path: &Path,
    rng: &mut fastrand::Rng,
    answer_share: u8,
    complete: bool,
) -> Vec<(String, Written)> {
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    let mut wb = Workbook::open(path, clock).unwrap();
    let sets: Vec<_> = wb.question_sets().to_vec();
    let mut written = Vec::new();
    for set in &sets {
        let mut w = Written::default();
        for question in set.pillars().iter().flat_map(|p| &p.questions) {
            w.questions += 1;
            let choices: Vec<&str> = question
                .choices
                .iter()
                .filter(|c| !c.none_of_these)
                .map(|c| c.id.as_str())
                .collect();
            let none = question
                .choices
                .iter()
                .find(|c| c.none_of_these)
                .map(|c| c.id.clone())
                .unwrap();
            let mut change = AnswerChange::default();
            let mut unanswered = true;
            if rng.u8(0..100) < answer_share {
                let kind = rng.u8(0..7);
                // A complete review has no notes-only answers.
                let kind = if complete && kind == 4 { 2 } else { kind };
                match kind {
                    // Not applicable with a reason, or with none (empty or only white space).
                    0 | 1 => {
                        let text = match rng.u8(0..4) {
                            0 => String::new(),
                            1 => "　 \n".to_string(),
                            _ => "閉域網のみで運用しているため".to_string(),
                        };
                        if text.trim().is_empty() {
                            w.without_reason += 1;
                        }
                        w.not_applicable += 1;
                        unanswered = false;
                        change.not_applicable = Some(Some(NotApplicable {
                            reason: reason(rng),
                            text,
                        }));
                        // A not-applicable question may keep an earlier selection.
                        if rng.bool() {
                            change.selected_choices = Some(vec![choices[0].to_string()]);
                        }
                    }
                    2 => {
                        change.selected_choices = Some(vec![none]);
                        unanswered = false;
                    }
                    // Some choices not applicable, others selected (or none: still unanswered).
                    3 => {
                        let mut selected = Vec::new();
                        let mut marked = Vec::new();
                        for choice in &choices {
                            match rng.u8(0..3) {
                                0 => selected.push(choice.to_string()),
                                1 if !(complete && selected.is_empty()) => {
                                    marked.push(ChoiceNotApplicable {
                                        choice_id: choice.to_string(),
                                        reason: reason(rng),
                                        text: if rng.bool() {
                                            "対象外".into()
                                        } else {
                                            String::new()
                                        },
                                    })
                                }
                                _ => {}
                            }
                        }
                        if complete && selected.is_empty() {
                            selected.push(choices[0].to_string());
                        }
                        unanswered = selected.is_empty();
                        change.selected_choices = Some(selected);
                        change.choices_not_applicable = Some(marked);
                    }
                    // Notes only: not an answer.
                    4 => change.notes = Some("確認中".into()),
                    _ => {
                        let mut selected: Vec<String> = choices
                            .iter()
                            .filter(|_| rng.bool())
                            .map(|c| c.to_string())
                            .collect();
                        if complete && selected.is_empty() {
                            selected.push(choices[0].to_string());
                        }
                        unanswered = selected.is_empty();
                        change.selected_choices = Some(selected);
                    }
                }
            }
            if unanswered {
                w.unanswered += 1;
            }
            wb.save_answer(&question.id, change, "乱数 太郎").unwrap();
        }
        written.push((set.id().to_string(), w));
    }
    wb.close().unwrap();
    written
}

fn check_one(dir: &Path, seed: u64, round: usize) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let shipped = ["sec", "fisc-sec", "fisc-ops", "fisc-rel"];
    let mut args: Vec<String> = vec![
        "new".into(),
        "wb.hashira".into(),
        "--name".into(),
        format!("乱数 {seed}"),
    ];
    for id in shipped {
        if rng.bool() {
            args.extend(["--set".into(), id.to_string()]);
        }
    }
    std::fs::write(dir.join("own.toml"), own_set(&mut rng)).unwrap();
    args.extend(["--set-file".into(), "own.toml".into()]);
    json(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    // The first workbook is left unanswered and the second fully answered: 0 % and 100 %.
    let share = match round {
        0 => 0,
        1 => 100,
        _ => rng.u8(20..=100),
    };
    let written = answer_at_random(&dir.join("wb.hashira"), &mut rng, share, round == 1);

    // The CLI's JSON is RiskCounts serialised: check it against what was written.
    let show = json(dir, &["show", "wb.hashira"]);
    let risk = &show["risk"];
    let sets = risk["sets"].as_array().unwrap();
    assert_eq!(sets.len(), written.len());
    for (set, (id, w)) in sets.iter().zip(&written) {
        assert_eq!(set["set_id"], id.as_str());
        let f = Figures::from_json(&set["counts"]);
        let expected = Written {
            questions: f.questions,
            not_applicable: f.not_applicable,
            without_reason: f.without_reason.unwrap(),
            unanswered: f.unanswered,
        };
        assert_eq!(
            &expected, w,
            "set {id}: the core's counts differ from the answers written"
        );
        assert_eq!(f.reviewed, f.questions - f.unanswered, "set {id}");
        assert_eq!(
            f.reviewed,
            f.high + f.medium + f.none + f.not_applicable,
            "set {id}"
        );
        assert_eq!(
            f.percent,
            f.reviewed * 100 / f.questions,
            "set {id}: rounded down"
        );
    }
    let total = Figures::from_json(&risk["counts"]);
    eprintln!("  {} sets, total {total:?}", sets.len());
    match round {
        0 => assert_eq!((total.reviewed, total.percent), (0, 0)),
        1 => assert_eq!((total.unanswered, total.percent), (0, 100)),
        _ => {}
    }
    let by_set: Vec<(&str, Figures)> = sets
        .iter()
        .map(|s| {
            (
                s["set_id"].as_str().unwrap(),
                Figures::from_json(&s["counts"]),
            )
        })
        .collect();

    // `hashira show` as text: a line per set, then the total.
    let text = show_text(dir, "wb.hashira");
    let mut expected_text: Vec<(String, Figures)> = by_set
        .iter()
        .map(|(id, f)| (id.to_string(), f.clone()))
        .collect();
    expected_text.push(("total".into(), total.clone()));
    assert_eq!(text, expected_text, "seed {seed}: show's text");

    // Excel: a row per set, one per pillar, and the total.
    let xlsx = dir.join("review.xlsx");
    hashira(dir)
        .args(["export", "xlsx", "wb.hashira"])
        .arg(&xlsx)
        .assert()
        .success();
    let excel = excel_summary(&xlsx);
    let mut expected_excel = Vec::new();
    for set in sets {
        let id = set["set_id"].as_str().unwrap();
        let title = format!("{} ({id})", set["title"]["ja"].as_str().unwrap());
        expected_excel.push((
            (title.clone(), "（合計）".to_string()),
            Figures::from_json(&set["counts"]),
        ));
        for pillar in set["pillars"].as_array().unwrap() {
            let name = pillar["title"]["ja"].as_str().unwrap().to_string();
            expected_excel.push(((title.clone(), name), Figures::from_json(&pillar["counts"])));
        }
    }
    expected_excel.push((("合計".into(), String::new()), total.clone()));
    assert_eq!(excel, expected_excel, "seed {seed}: the Excel サマリー");

    // PDF: a row per set (and per pillar when a set has several), then the total.
    let pdf = dir.join("report.pdf");
    hashira(dir)
        .args(["report", "wb.hashira"])
        .arg(&pdf)
        .assert()
        .success();
    let (rows, progress) = pdf_summary(&pdf);
    let mut expected_pdf = Vec::new();
    for set in sets {
        expected_pdf.push(Figures::from_json(&set["counts"]).without_reason_hidden());
        let pillars = set["pillars"].as_array().unwrap();
        if pillars.len() > 1 {
            for pillar in pillars {
                expected_pdf.push(Figures::from_json(&pillar["counts"]).without_reason_hidden());
            }
        }
    }
    expected_pdf.push(total.without_reason_hidden());
    let printed: Vec<Figures> = rows.iter().map(|(_, f)| f.clone()).collect();
    assert_eq!(
        printed, expected_pdf,
        "seed {seed}: the PDF's counts table {rows:#?}"
    );
    assert!(rows.last().unwrap().0.contains("合計"), "{rows:#?}");
    // "28 問中 9 問をレビュー済み（…）：32%": questions, reviewed, …, percent.
    let said = integers(&progress);
    assert!(
        said.len() >= 3
            && (said[0], said[1], said[said.len() - 1])
                == (total.questions, total.reviewed, total.percent),
        "seed {seed}: the PDF's progress line '{progress}' vs {total:?}"
    );
}

#[test]
fn show_excel_and_pdf_print_the_same_figures() {
    let base: u64 = std::env::var("FIGURES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_205);
    for round in 0..4 {
        let seed = base + round as u64;
        eprintln!("figures_agree: seed {seed} (FIGURES_SEED={base} replays the run)");
        let tmp = tempfile::tempdir().unwrap();
        check_one(tmp.path(), seed, round);
    }
}
