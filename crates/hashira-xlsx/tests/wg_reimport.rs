//! Re-importing an exported WG sheet that the institution edited: a blanked 判定 keeps the stored
//! decision (and the dry run says so, criterion by criterion) unless blanks clear; a file that
//! names no service is refused; duplicate criterion numbers are reported with their rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use hashira_core::wg::{
    WgCriterionChangeKind, WgCriterionStatus, WgDecision, WgEvaluationChange, WgEvaluationField,
    WgFieldOutcome, WgMergePlan,
};
use hashira_xlsx::wg::{WgImportOptions, export_wg, import_wg};

/// Copies `src` to `dst` cell by cell (calamine → rust_xlsxwriter, every value as text), with the
/// cell of sheet `sheet` that reads `blank` emptied: what a user does by deleting one cell.
fn rewrite_blanking(src: &Path, dst: &Path, sheet: &str, blank: &str) -> (u32, u16) {
    let mut book: Xlsx<_> = open_workbook(src).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let mut blanked = None;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet().set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                let text = match cell {
                    Data::Empty => continue,
                    other => other.to_string(),
                };
                if name == sheet && text == blank && blanked.is_none() {
                    blanked = Some((r, c));
                    continue;
                }
                ws.write_string(r, c, &text).unwrap();
            }
        }
    }
    out.save(dst).unwrap();
    blanked.unwrap_or_else(|| panic!("no cell '{blank}' in sheet '{sheet}'"))
}

fn cell(path: &Path, sheet: &str, (r, c): (u32, u16)) -> String {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .get_value((r, c as u32))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn first(plan: &WgMergePlan) -> &hashira_core::wg::WgCriterionMerge {
    &plan.criteria[0]
}

fn decision_field(plan: &WgMergePlan) -> &hashira_core::wg::WgFieldMerge {
    first(plan)
        .fields
        .iter()
        .find(|f| f.field == WgEvaluationField::Decision)
        .unwrap()
}

#[test]
fn a_blanked_decision_is_kept_unless_blanks_clear_and_the_dry_run_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let fixture = common::fixture("wg-japanese.xlsx");
    let service = import_wg(&mut wb, &fixture, &WgImportOptions::default(), "t")
        .unwrap()
        .service;
    wb.update_wg_evaluation(
        &service,
        0,
        WgEvaluationChange {
            decision: Some(WgDecision::Adopted),
            own_measures: Some("自社で監視".into()),
            ..WgEvaluationChange::default()
        },
        "reviewer",
    )
    .unwrap();
    let exported = dir.path().join("export.xlsx");
    export_wg(&wb, &service, &exported, "2026-04-01T09:00:00+09:00").unwrap();
    let sheet = hashira_xlsx::wg::CRITERIA_SHEET;
    let edited = dir.path().join("edited.xlsx");
    let at = rewrite_blanking(&exported, &edited, sheet, "採用");
    assert_eq!(cell(&exported, sheet, at), "採用");
    assert_eq!(cell(&edited, sheet, at), "");

    // The dry run: 採用 → (blank) kept, and the criterion is not "unchanged".
    let file = dir.path().join("demo.hashira");
    let before = common::file_hash(&file);
    let dry = WgImportOptions {
        dry_run: true,
        ..WgImportOptions::default()
    };
    let preview_report = import_wg(&mut wb, &edited, &dry, "t").unwrap();
    // The merge is the plan, shown in the user's language; no English note beside it.
    assert!(
        preview_report.warnings.is_empty(),
        "{:?}",
        preview_report.warnings
    );
    let preview = preview_report.merge.unwrap();
    let d = decision_field(&preview);
    assert_eq!(
        (d.stored.as_str(), d.file.as_deref(), d.result.as_str()),
        ("ADOPTED", None, "ADOPTED")
    );
    assert_eq!(d.outcome, WgFieldOutcome::BlankKept);
    assert_eq!(first(&preview).status, WgCriterionStatus::BlankKept);
    assert_ne!(first(&preview).kind, WgCriterionChangeKind::Unchanged);
    let measures = &first(&preview).fields[1];
    assert_eq!(measures.file.as_deref(), Some("自社で監視"));
    assert_eq!(measures.outcome, WgFieldOutcome::Same);
    assert_eq!(common::file_hash(&file), before);

    // Applied: the same plan, and 採用 is still stored.
    let done = import_wg(&mut wb, &edited, &WgImportOptions::default(), "t")
        .unwrap()
        .merge
        .unwrap();
    assert_eq!(done, preview);
    let stored = wb.wg_assessment(&service).unwrap();
    assert_eq!(stored.criteria[0].decision, WgDecision::Adopted);
    assert_eq!(stored.criteria[0].own_measures, "自社で監視");

    // With clear_blank the dry run says the decision is cleared, and applying clears it.
    let clear = WgImportOptions {
        clear_blank: true,
        ..WgImportOptions::default()
    };
    let preview = import_wg(
        &mut wb,
        &edited,
        &WgImportOptions {
            dry_run: true,
            ..clear.clone()
        },
        "t",
    )
    .unwrap()
    .merge
    .unwrap();
    assert_eq!(decision_field(&preview).outcome, WgFieldOutcome::Cleared);
    assert_eq!(decision_field(&preview).result, "NOT_EVALUATED");
    assert_eq!(first(&preview).status, WgCriterionStatus::DecisionCleared);
    let done = import_wg(&mut wb, &edited, &clear, "t")
        .unwrap()
        .merge
        .unwrap();
    assert_eq!(done, preview);
    let stored = wb.wg_assessment(&service).unwrap();
    assert_eq!(stored.criteria[0].decision, WgDecision::NotEvaluated);
    assert_eq!(stored.criteria[0].own_measures, "自社で監視");
    let entry = wb.audit_log().unwrap().pop().unwrap();
    let change = &entry.new_value.unwrap()["merge"]["evaluation_changes"][0];
    assert_eq!(change["status"], "DECISION_CLEARED");
    assert_eq!(change["fields"][0]["stored"], "ADOPTED");
}

#[test]
fn an_apply_stores_the_previewed_plan_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let fixture = common::fixture("wg-japanese.xlsx");
    let service = import_wg(&mut wb, &fixture, &WgImportOptions::default(), "t")
        .unwrap()
        .service;
    let dry = WgImportOptions {
        dry_run: true,
        ..WgImportOptions::default()
    };
    let preview = import_wg(&mut wb, &fixture, &dry, "t").unwrap();
    assert_eq!(preview.plan_sha256.len(), 64);
    // The same preview again gives the same fingerprint; a decision recorded since changes it.
    assert_eq!(
        import_wg(&mut wb, &fixture, &dry, "t").unwrap().plan_sha256,
        preview.plan_sha256
    );
    wb.update_wg_evaluation(
        &service,
        1,
        WgEvaluationChange {
            decision: Some(WgDecision::Rejected),
            ..WgEvaluationChange::default()
        },
        "reviewer",
    )
    .unwrap();
    let entries = wb.audit_log().unwrap().len();
    let expect = WgImportOptions {
        expect_plan: Some(preview.plan_sha256.clone()),
        ..WgImportOptions::default()
    };
    let error = import_wg(&mut wb, &fixture, &expect, "t").unwrap_err();
    assert_eq!(error.payload().code.as_str(), "WG_PLAN_CHANGED");
    assert_eq!(wb.audit_log().unwrap().len(), entries);
    // Previewed again, the new plan applies, and what it stored is what it showed.
    let again = import_wg(&mut wb, &fixture, &dry, "t").unwrap();
    assert_ne!(again.plan_sha256, preview.plan_sha256);
    let done = import_wg(
        &mut wb,
        &fixture,
        &WgImportOptions {
            expect_plan: Some(again.plan_sha256.clone()),
            ..WgImportOptions::default()
        },
        "t",
    )
    .unwrap();
    assert_eq!(done.merge, again.merge);
    assert_eq!(
        wb.wg_assessment(&service).unwrap().criteria[1].decision,
        WgDecision::Rejected
    );
}

/// A WG workbook with the three sheets and no cover: criteria numbered as given.
fn write_bare(path: &Path, numbers: &[&str]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    common::sheet_with_header(
        &mut book,
        "利用シナリオと接続経路",
        &["No.", "利用シナリオ", "接続元", "接続経路"],
    );
    let ws = common::sheet_with_header(
        &mut book,
        "セキュリティクライテリア",
        &["No.", "評価観点", "セキュリティクライテリア", "判定"],
    );
    for (i, no) in numbers.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *no).unwrap();
        ws.write_string(r, 1, "アクセス管理").unwrap();
        ws.write_string(r, 2, format!("基準{r}")).unwrap();
    }
    let ws = book
        .add_worksheet()
        .set_name("サービス利用時の留意事項")
        .unwrap();
    for (c, h) in ["分類", "留意事項"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn a_file_without_a_service_name_is_refused_unless_one_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let path = dir.path().join("amazon-ec2.xlsx");
    write_bare(&path, &["1", "2"]);
    let error = import_wg(&mut wb, &path, &WgImportOptions::default(), "t").unwrap_err();
    let payload = error.payload();
    assert_eq!(payload.code.as_str(), "WG_SERVICE_MISSING");
    assert!(
        payload.message.contains("amazon-ec2.xlsx"),
        "{}",
        payload.message
    );
    assert_eq!(payload.details["path"], path.display().to_string());
    assert!(wb.wg_assessments().unwrap().is_empty());
    let named = WgImportOptions {
        service: Some("Amazon EC2".into()),
        ..WgImportOptions::default()
    };
    let report = import_wg(&mut wb, &path, &named, "t").unwrap();
    assert_eq!(report.service, "Amazon EC2");
    assert_eq!(wb.wg_assessment("Amazon EC2").unwrap().criteria.len(), 2);
}

#[test]
fn duplicate_criterion_numbers_are_warned_with_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let path = dir.path().join("dup.xlsx");
    write_bare(&path, &["1", "2", "3", "２"]);
    let options = WgImportOptions {
        service: Some("Amazon EC2".into()),
        dry_run: true,
        ..WgImportOptions::default()
    };
    let report = import_wg(&mut wb, &path, &options, "t").unwrap();
    assert_eq!(report.duplicate_numbers.len(), 1);
    let d = &report.duplicate_numbers[0];
    assert_eq!((d.criterion_no.as_str(), &d.rows[..]), ("2", &[3, 5][..]));
    assert_eq!(d.positions, [1, 3]);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("criterion number '2'") && w.contains("rows 3, 5")),
        "{:?}",
        report.warnings
    );
    assert_eq!(report.merge.unwrap().duplicate_numbers[0].positions, [1, 3]);
}
