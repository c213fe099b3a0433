//! Renders the demo workbook's report, to look at the layout:
//! `cargo run -p hashira-report --example demo_report -- OUT.pdf [ja|en] [--wg]`
//! (`--wg` adds a sample WG evaluation so that section appears too).

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
    let mut workbook = hashira_core::demo::create_demo(&dir.path().join("demo.hashira"), clock)?;
    if args.iter().any(|a| a == "--wg") {
        use hashira_core::wg::{WgAssessment, WgCriterion, WgDecision};
        let criteria = (1..=12)
            .map(|n| WgCriterion {
                criterion_no: n.to_string(),
                perspective: ["アクセス管理", "暗号化", "ログ管理"][n % 3].into(),
                criterion: "バケットポリシーとブロックパブリックアクセスにより、意図しない公開を防止していること。".into(),
                decision: WgDecision::ALL[n % 4],
                own_measures: "組織の SCP でブロックパブリックアクセスの無効化を禁止している。".into(),
                residual_risk: if n % 2 == 0 { "設定変更の検知は日次".into() } else { String::new() },
                ..WgCriterion::default()
            })
            .collect();
        workbook.import_wg_assessment(
            &WgAssessment {
                service: "Amazon S3".into(),
                edition: "第1版".into(),
                edition_date: "2024-04-01".into(),
                source_file: "Amazon_S3_評価シート.xlsx".into(),
                source_sha256: "ab".repeat(32),
                criteria,
                ..WgAssessment::default()
            },
            "山田 太郎",
        )?;
    }
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
