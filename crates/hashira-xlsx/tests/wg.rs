//! WG workbooks: header-driven import of varied layouts, export, round trip, LibreOffice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use hashira_core::wg::{WgAssessment, WgDecision, WgEvaluationChange};
use hashira_xlsx::XlsxError;
use hashira_xlsx::wg::{WgImportOptions, export_wg, import_wg, read_wg, write_template};

fn without_source(mut a: WgAssessment) -> WgAssessment {
    a.source_file.clear();
    a.source_sha256.clear();
    a
}

/// Compares two evaluations and names the first difference (the full debug output is huge).
fn assert_same(left: &WgAssessment, right: &WgAssessment, what: &str) {
    if left == right {
        return;
    }
    let l = serde_json::to_string_pretty(left).unwrap();
    let r = serde_json::to_string_pretty(right).unwrap();
    let (n, (a, b)) = l
        .lines()
        .zip(r.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .unwrap_or((0, ("(length)", "(length)")));
    panic!("{what}: evaluations differ at JSON line {n}:\n  left:  {a}\n  right: {b}");
}

#[test]
fn japanese_fixture_with_cover_title_block_merges_and_two_level_header() {
    let (a, report) = read_wg(
        &common::fixture("wg-japanese.xlsx"),
        &WgImportOptions::default(),
    )
    .unwrap();
    assert_eq!(a.service, "Amazon Simple Storage Service (S3)");
    assert_eq!(a.edition, "第2.1版");
    assert_eq!(a.edition_date, "2024-04-01");
    assert_eq!(
        report.sheets["scenarios"],
        ("１．利用シナリオと接続経路".to_string(), 5)
    );
    // Scenarios: header on row 5, blank row skipped, multi-line kept, unknown column kept.
    assert_eq!(a.scenarios.len(), 2);
    assert_eq!(
        a.scenarios[0].scenario,
        "社内端末から\n管理コンソールを利用"
    );
    assert_eq!(a.scenarios[0].extra["独自メモ"], "要確認");
    assert_eq!(a.scenarios[1].notes, "=は文字列として扱う");
    // Criteria: two-level 責任分界 header, merged perspective filled down, marks normalised.
    assert_eq!(a.criteria.len(), 3);
    let c = &a.criteria;
    assert_eq!(c[1].perspective, "アクセス管理");
    assert_eq!(c[0].controls, "IAM\nMFA");
    assert_eq!(
        [
            &c[0].responsibility_aws,
            &c[1].responsibility_aws,
            &c[2].responsibility_aws
        ],
        ["○", "-", "○"]
    );
    assert_eq!(c[1].responsibility_customer, "○");
    assert_eq!(c[0].question_ids, vec!["SEC1", "SEC2"]);
    assert_eq!(c[2].criterion, "+保存時に暗号化すること");
    // Formulas come back as their cached values, never evaluated by us.
    assert_eq!(c[0].extra["件数"], "5");
    assert_eq!(c[1].extra["件数"], "10");
    // Hyperlinks are kept with the cell.
    assert_eq!(c[0].references, "IAM ユーザーガイド");
    assert_eq!(
        c[0].links["field:references"],
        "https://docs.aws.amazon.com/iam/"
    );
    assert_eq!(a.notes.len(), 2);
    assert_eq!(a.notes[0].detail, "アカウント単位で\n有効化する");
    assert_eq!(a.notes[1].note, "@で始まる注記");
    assert!(a.notes[0].links.contains_key("field:references"));
    // The file carries no code list: derived from the criteria, counts not assumed.
    assert_eq!(report.code_lists_from, "derived");
    assert_eq!(a.code_lists.perspectives.len(), 2);
    assert_eq!(a.code_lists.categories.len(), 3);
    assert_eq!(report.unknown_columns["criteria"], vec!["件数"]);
}

#[test]
fn english_fixture_maps_english_headers_and_institution_columns() {
    let (a, _) = read_wg(
        &common::fixture("wg-english.xlsx"),
        &WgImportOptions::default(),
    )
    .unwrap();
    assert_eq!(a.service, "AWS Lambda");
    assert_eq!(a.edition, "v1");
    assert_eq!(a.scenarios[0].scenario_id, "S1");
    assert_eq!(a.scenarios[0].extra["Owner"], "team A");
    assert_eq!(a.criteria[0].decision, WgDecision::Adopted);
    assert_eq!(a.criteria[1].decision, WgDecision::Conditional);
    assert_eq!(a.criteria[0].own_measures, "Roles only");
    assert_eq!(a.criteria[1].residual_risk, "Low");
    assert_eq!(a.criteria[0].responsibility_customer, "○");
    assert_eq!(a.notes[0].note, "Timeout is 15 minutes");
}

#[test]
fn import_export_import_gives_identical_data_and_libreoffice_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    for fixture in ["wg-japanese.xlsx", "wg-english.xlsx"] {
        let report = import_wg(
            &mut wb,
            &common::fixture(fixture),
            &WgImportOptions::default(),
            "tester",
        )
        .unwrap();
        let service = report.service.clone();
        // The institution adds its evaluation, with text that looks like a formula.
        wb.update_wg_evaluation(
            &service,
            0,
            WgEvaluationChange {
                decision: Some(WgDecision::Rejected),
                own_measures: Some("=HYPERLINK(\"http://evil\")".into()),
                reviewer_notes: Some("-2 で始まる所見\n二行目".into()),
                ..WgEvaluationChange::default()
            },
            "reviewer",
        )
        .unwrap();
        let first = wb.wg_assessment(&service).unwrap();
        let out = dir.path().join(format!("export-{fixture}"));
        export_wg(&wb, &service, &out, "2026-04-01T09:00:00+09:00").unwrap();
        let (second, _) = read_wg(&out, &WgImportOptions::default()).unwrap();
        assert_same(
            &without_source(second.clone()),
            &without_source(first.clone()),
            fixture,
        );
        // And once more through the store.
        let mut other = hashira_core::demo::create_demo(
            &dir.path().join(format!("b-{fixture}.hashira")),
            common::clock(),
        )
        .unwrap();
        import_wg(&mut other, &out, &WgImportOptions::default(), "tester").unwrap();
        assert_same(
            &without_source(other.wg_assessment(&service).unwrap()),
            &without_source(first),
            fixture,
        );
        common::libreoffice_opens(&out);
        // Formula-looking text is a string cell in the sheet XML, never a formula.
        let xml = sheet_xml(&out);
        assert!(!xml.contains("<f>"), "{fixture}: a formula was written");
    }
    // The question side sees the criteria that name it.
    let refs = wb.wg_criteria_for_question("SEC2").unwrap();
    assert_eq!(refs.len(), 2);
}

fn sheet_xml(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().unwrap().starts_with("xl/worksheets/") {
            entry.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn generated_workbook_with_many_criteria_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    let mut a = WgAssessment {
        service: "Amazon EC2".into(),
        edition: "第3版".into(),
        edition_date: "2025-01-31".into(),
        code_lists: hashira_core::wg::WgCodeLists::defaults().unwrap(),
        ..WgAssessment::default()
    };
    for i in 0..500 {
        a.criteria.push(hashira_core::wg::WgCriterion {
            criterion_no: format!("{}", i + 1),
            perspective: a.code_lists.perspectives[i % a.code_lists.perspectives.len()]
                .name
                .clone(),
            category: a.code_lists.categories[i % a.code_lists.categories.len()]
                .name
                .clone(),
            criterion: format!("クライテリア {i}\n詳細な説明"),
            controls: "@機能".into(),
            responsibility_aws: "○".into(),
            decision: WgDecision::ALL[i % 4],
            question_ids: vec![format!("SEC{}", i % 11 + 1)],
            ..Default::default()
        });
    }
    a.scenarios.push(hashira_core::wg::WgScenario {
        scenario_id: "1".into(),
        scenario: "s".into(),
        ..Default::default()
    });
    a.notes.push(hashira_core::wg::WgNote {
        note: "n".into(),
        ..Default::default()
    });
    wb.import_wg_assessment(&a, "tester").unwrap();
    let stored = wb.wg_assessment("Amazon EC2").unwrap();
    let out = dir.path().join("ec2.xlsx");
    export_wg(&wb, "Amazon EC2", &out, "now").unwrap();
    let (mut back, report) = read_wg(&out, &WgImportOptions::default()).unwrap();
    assert_eq!(report.code_lists_from, "file");
    // Stored without a layout (not imported from a file): the export adds the standard one.
    back.layout.clear();
    assert_same(
        &without_source(back),
        &without_source(stored),
        "500 criteria",
    );
}

#[test]
fn template_is_empty_and_reimports_with_the_default_code_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("template.xlsx");
    write_template(&out, "now").unwrap();
    common::libreoffice_opens(&out);
    let (a, report) = read_wg(
        &out,
        &WgImportOptions {
            service: Some("Amazon RDS".into()),
            dry_run: true,
            ..WgImportOptions::default()
        },
    )
    .unwrap();
    assert!(a.criteria.is_empty());
    assert_eq!(report.code_lists_from, "file");
    assert_eq!(
        a.code_lists,
        hashira_core::wg::WgCodeLists::defaults().unwrap()
    );
}

#[test]
fn invalid_decision_is_reported_with_sheet_row_and_column_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let wb = common::demo(dir.path());
    let path = dir.path().join("bad.xlsx");
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
    ws.write_string(1, 0, "1").unwrap();
    ws.write_string(1, 2, "基準").unwrap();
    ws.write_string(1, 3, "たぶん採用").unwrap();
    let ws = book
        .add_worksheet()
        .set_name("サービス利用時の留意事項")
        .unwrap();
    for (c, h) in ["分類", "留意事項"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    book.save(&path).unwrap();
    wb.close().unwrap();
    let file = dir.path().join("demo.hashira");
    let before = common::file_hash(&file);
    let mut wb = hashira_core::Workbook::open(&file, common::clock()).unwrap();
    let error = import_wg(&mut wb, &path, &WgImportOptions::default(), "t").unwrap_err();
    let XlsxError::Problems { problems, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (
            problems[0].sheet.as_str(),
            problems[0].row,
            problems[0].column.as_str()
        ),
        ("セキュリティクライテリア", 2, "D")
    );
    assert_eq!(error.payload().code.as_str(), "IMPORT_PROBLEMS");
    wb.close().unwrap();
    assert_eq!(common::file_hash(&file), before);
}

fn zip_text(path: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn export_is_set_up_for_printing_and_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = common::demo(dir.path());
    import_wg(
        &mut wb,
        &common::fixture("wg-japanese.xlsx"),
        &WgImportOptions::default(),
        "t",
    )
    .unwrap();
    let out = dir.path().join("print.xlsx");
    export_wg(&wb, "Amazon Simple Storage Service (S3)", &out, "now").unwrap();
    let workbook = zip_text(&out, "xl/workbook.xml");
    for sheet in [
        "表紙",
        "利用シナリオと接続経路",
        "セキュリティクライテリア",
        "サービス利用時の留意事項",
        "コード表",
    ] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "{sheet} missing"
        );
    }
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "no repeated header rows"
    );
    // Sheet 3 is the criteria sheet.
    let criteria = zip_text(&out, "xl/worksheets/sheet3.xml");
    for needle in [
        "state=\"frozen\"",
        "<autoFilter",
        "<dataValidation type=\"list\"",
        "\"採用,条件付き採用,不採用,未評価\"",
        "'コード表'!$C$2",
        "paperSize=\"9\"",
        "orientation=\"landscape\"",
        "fitToHeight=\"0\"",
        "<pageSetUpPr fitToPage=\"1\"/>",
        "<cols>",
        "wrapText",
    ] {
        let styles = zip_text(&out, "xl/styles.xml");
        assert!(
            criteria.contains(needle) || styles.contains(needle),
            "criteria sheet lacks {needle}"
        );
    }
}
