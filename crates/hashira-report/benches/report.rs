//! Report benchmark (not a timed test): a fully answered SEC + FISC review — every question
//! answered, three evidence items each (file, link, text), long Japanese notes — built into a
//! model and rendered to PDF. Targets: < 400 ms and < 1.5 MB.
//!
//! `cargo bench -p hashira-report --bench report [-- --keep DIR]`
//! With `--keep DIR` the workbook (`bench.hashira`) and the PDF (`bench.pdf`) are left in DIR, so
//! the LibreOffice comparison in BENCHMARKS.md can run on the same workbook.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark program, not product code

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hashira_core::question_set::shipped::shipped_sets;
use hashira_core::workbook::{
    AnswerChange, ChoiceNotApplicable, NewEvidence, NotApplicableReason, Workbook,
};
use hashira_core::{FixedClock, Lang};
use hashira_report::{ReportModel, ReportOptions, render_report};
use time::macros::datetime;

const NOTE: &str = "本番環境の設定をレビューし、担当者へのヒアリングと設定画面の確認で裏付けを取った。\
    IAM Identity Center と社内 AD の連携、CloudTrail の全リージョン有効化、S3 バケット（オブジェクトロック有効）\
    への集約は確認済み。一方、手順書の改訂履歴と承認記録は一部未整備であり、次回の定例会で是正計画を確認する。\
    参考: https://docs.aws.amazon.com/ja_jp/wellarchitected/latest/security-pillar/welcome.html ";

fn fully_answered(path: &Path) -> Workbook {
    let clock = Arc::new(FixedClock::new(datetime!(2026-04-01 09:00 +09:00), 1000));
    let mut workbook = Workbook::create(
        path,
        "勘定系 API 基盤（ベンチマーク）",
        shipped_sets().unwrap(),
        "山田 太郎",
        clock,
    )
    .unwrap();
    let sets = workbook.question_sets().to_vec();
    for (n, (_, question)) in sets.iter().flat_map(|s| s.questions()).enumerate() {
        let practices: Vec<_> = question.practice_choices().collect();
        let change = if n % 9 == 4 {
            AnswerChange {
                selected_choices: Some(vec![question.none_choice().unwrap().id.clone()]),
                ..AnswerChange::default()
            }
        } else {
            let keep = 1 + (n * 7) % practices.len();
            let mut change = AnswerChange {
                selected_choices: Some(practices.iter().take(keep).map(|c| c.id.clone()).collect()),
                ..AnswerChange::default()
            };
            if keep + 1 < practices.len() {
                change.choices_not_applicable = Some(vec![ChoiceNotApplicable {
                    choice_id: practices[practices.len() - 1].id.clone(),
                    reason: NotApplicableReason::ArchitectureConstraints,
                    text: "本ワークロードの構成では該当しない。".into(),
                }]);
            }
            change
        };
        let change = AnswerChange {
            notes: Some(NOTE.repeat(4)),
            ..change
        };
        workbook
            .save_answer(&question.id, change, "山田 太郎")
            .unwrap();
        let evidence = [
            NewEvidence::Bytes {
                file_name: format!("{}-設定一覧.csv", question.id),
                content: "アカウント,リージョン,設定\n111122223333,ap-northeast-1,有効\n"
                    .repeat(40)
                    .into_bytes(),
                title: format!("{} 設定一覧", question.label()),
            },
            NewEvidence::Link {
                url: format!(
                    "https://example.com/hashira/evidence/{}/design-document.html",
                    question.id
                ),
                title: "設計書（社内ポータル）".into(),
            },
            NewEvidence::Text {
                text: "ヒアリングで運用担当者が手順を実演し、ログの保存先と保持期間を確認した。"
                    .into(),
                title: "ヒアリング記録".into(),
            },
        ];
        for item in evidence {
            workbook
                .add_evidence(&question.id, None, item, "佐藤 花子")
                .unwrap();
        }
    }
    workbook
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1));
    let temp = tempfile::tempdir().unwrap();
    let dir = keep
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bench.hashira");
    let _ = std::fs::remove_file(&path);
    let workbook = fully_answered(&path);
    let questions: usize = workbook
        .question_sets()
        .iter()
        .map(|s| s.question_count())
        .sum();
    let options = ReportOptions::new(Lang::Ja, datetime!(2026-04-02 10:00 +09:00));

    let runs = 10;
    let mut times = Vec::new();
    let mut size = 0;
    let mut pages = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let model = ReportModel::build(&workbook, &options).unwrap();
        let rendered = render_report(&model).unwrap();
        times.push(start.elapsed());
        size = rendered.bytes.len();
        pages = rendered.pages;
        std::fs::write(dir.join("bench.pdf"), &rendered.bytes).unwrap();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "report: {questions} questions, 3 evidence each, {pages} pages, {size} bytes ({:.2} MB); \
         build+render over {runs} runs: min {:.0} ms, median {:.0} ms, max {:.0} ms",
        size as f64 / 1_000_000.0,
        ms(times[0]),
        ms(times[runs / 2]),
        ms(times[runs - 1]),
    );
    println!(
        "targets: < 400 ms ({}), < 1.5 MB ({})",
        if times[runs / 2] < Duration::from_millis(400) {
            "met"
        } else {
            "MISSED"
        },
        if size < 1_500_000 { "met" } else { "MISSED" }
    );
    if keep.is_some() {
        println!(
            "kept {} and {}",
            path.display(),
            dir.join("bench.pdf").display()
        );
    }
}
