//! Speed of the Excel layer against openpyxl doing the same work in the same run.
//!
//! Targets (release build): review export of 5,000 rows < 150 ms and ≥ 10× faster than openpyxl;
//! its import < 200 ms and ≥ 5× faster; a 500-criteria WG workbook export and import.
//!
//! Run: `pip install openpyxl && cargo bench -p hashira-xlsx --bench xlsx`
//! Results are recorded in BENCHMARKS.md. Not a timed test: it prints, it does not assert.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use hashira_core::wg::{WgAssessment, WgCodeLists, WgCriterion, WgDecision, WgNote, WgScenario};
use hashira_core::workbook::AnswerChange;
use hashira_core::{QuestionSet, SystemClock, Workbook};
use hashira_xlsx::read::Book;
use hashira_xlsx::review::{export_review, import_review};
use hashira_xlsx::wg::{WgImportOptions, read_wg, write_wg};

#[path = "support/generated.rs"]
mod generated;

/// 625 questions × (question row + 6 choices + "None of these") = 5,000 rows.
const QUESTIONS: usize = 625;
const CHOICES: usize = 6;
const REPEATS: usize = 7;

/// The benchmark's set: `QUESTIONS` questions of `CHOICES` choices and "None of these".
fn generated_set() -> QuestionSet {
    generated::generated_set(QUESTIONS, CHOICES)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> f64 {
    let mut runs = Vec::new();
    for _ in 0..REPEATS {
        let t = Instant::now();
        std::hint::black_box(f());
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    median(runs)
}

fn openpyxl(rows_json: &Path, dir: &Path) -> Option<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/openpyxl_same_work.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(rows_json)
        .arg(dir)
        .arg(REPEATS.to_string())
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!(
            "openpyxl run failed (pip install openpyxl): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    serde_json::from_slice(&output.stdout).ok()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::create(
        &dir.path().join("bench.hashira"),
        "性能測定",
        vec![generated_set()],
        "bench",
        Arc::new(SystemClock),
    )
    .unwrap();
    // Answer two thirds of the questions, with notes.
    let changes: Vec<(String, AnswerChange)> = (0..QUESTIONS)
        .filter(|q| q % 3 != 0)
        .map(|q| {
            (
                format!("G{q}"),
                AnswerChange {
                    selected_choices: Some(vec![
                        format!("G{q}-1"),
                        format!("G{q}-{}", q % CHOICES + 1),
                    ]),
                    notes: Some(format!("メモ {q}: 年次で見直す。\n二行目")),
                    ..AnswerChange::default()
                },
            )
        })
        .collect();
    wb.save_answers(changes, "bench").unwrap();

    let out = dir.path().join("review.xlsx");
    let export_ms = time(|| export_review(&wb, &[], &out, "2026-04-01T00:00:00Z").unwrap());
    let rows = export_review(&wb, &[], &out, "2026-04-01T00:00:00Z")
        .unwrap()
        .rows;
    let import_ms = time(|| import_review(&mut wb, &out, true, "bench").unwrap());
    // A real apply: the same file into a fresh workbook without answers (one transaction).
    let mut applies = Vec::new();
    for n in 0..3 {
        let mut fresh = Workbook::create(
            &dir.path().join(format!("fresh{n}.hashira")),
            "性能測定",
            vec![generated_set()],
            "bench",
            Arc::new(SystemClock),
        )
        .unwrap();
        let t = Instant::now();
        let report = import_review(&mut fresh, &out, false, "bench").unwrap();
        applies.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(report.applied);
    }
    let apply_ms = median(applies);
    let mut book = Book::open(&out).unwrap();
    let grid = book.grid("bench").unwrap();

    // The same rows for openpyxl.
    let summary = book.grid("サマリー").unwrap();
    let rows_json = dir.path().join("rows.json");
    let sheets = serde_json::json!({ "サマリー": summary.cells, "bench": grid.cells });
    std::fs::write(
        &rows_json,
        serde_json::to_vec(
            &serde_json::json!({ "sheets": sheets, "header_row": 2, "read_file": out }),
        )
        .unwrap(),
    )
    .unwrap();

    // WG: 500 criteria.
    let lists = WgCodeLists::defaults().unwrap();
    let mut a = WgAssessment {
        service: "Amazon EC2".into(),
        edition: "第1版".into(),
        edition_date: "2025-04-01".into(),
        code_lists: lists.clone(),
        ..Default::default()
    };
    for i in 0..500 {
        a.criteria.push(WgCriterion {
            criterion_no: (i + 1).to_string(),
            perspective: lists.perspectives[i % lists.perspectives.len()]
                .name
                .clone(),
            category: lists.categories[i % lists.categories.len()].name.clone(),
            assumed_risk: "不正アクセスによる情報漏えい".into(),
            criterion: format!(
                "クライテリア {i}: 管理者権限の利用を最小限にし、操作ログを取得すること。"
            ),
            controls: "IAM ポリシー\nAWS CloudTrail\nAWS Config".into(),
            responsibility_aws: "○".into(),
            responsibility_customer: "○".into(),
            fisc_refs: "実3, 実14".into(),
            question_ids: vec![format!("SEC{}", i % 11 + 1)],
            decision: WgDecision::ALL[i % 4],
            own_measures: "社内規程に従い四半期ごとに確認".into(),
            ..Default::default()
        });
    }
    for i in 0..20 {
        a.scenarios.push(WgScenario {
            scenario_id: (i + 1).to_string(),
            scenario: format!("シナリオ {i}"),
            connection_source: "社内".into(),
            route: "Direct Connect".into(),
            ..Default::default()
        });
        a.notes.push(WgNote {
            category: "設定".into(),
            note: format!("留意事項 {i}"),
            detail: "詳細".into(),
            ..Default::default()
        });
    }
    let wg_out = dir.path().join("wg.xlsx");
    let wg_export_ms = time(|| write_wg(&a, &wg_out, "2026-04-01T00:00:00Z").unwrap());
    let wg_import_ms = time(|| read_wg(&wg_out, &WgImportOptions::default()).unwrap());

    let py = openpyxl(&rows_json, dir.path());
    println!("review rows: {rows}");
    println!("review export (hashira-xlsx): {export_ms:.1} ms");
    println!("review import, dry run (read + validate + plan): {import_ms:.1} ms");
    println!(
        "review import applied to a fresh workbook ({} answers, one transaction): {apply_ms:.1} ms",
        QUESTIONS - QUESTIONS / 3 - 1
    );
    if let Some(py) = &py {
        let w = py["write_ms"].as_f64().unwrap_or(f64::NAN);
        let r = py["read_ms"].as_f64().unwrap_or(f64::NAN);
        println!(
            "openpyxl write of the same rows: {w:.1} ms  → {:.1}× faster",
            w / export_ms
        );
        println!(
            "openpyxl read-only load of the same file: {r:.1} ms  → {:.1}× faster",
            r / import_ms
        );
    }
    println!("WG 500 criteria: export {wg_export_ms:.1} ms, import {wg_import_ms:.1} ms");
    println!("(median of {REPEATS} runs each)");
}
