//! WG evaluation workbooks: header-driven import, printable export and an empty template.

use std::collections::BTreeMap;
use std::path::Path;

use hashira_core::Workbook;
use hashira_core::wg::{
    CellMap, WgAssessment, WgCode, WgCodeLists, WgCriterion, WgDecision, WgImportKind, WgMergePlan,
    WgNote, WgScenario, parse_question_ids,
};
use rust_xlsxwriter::{Workbook as XlsxWorkbook, Worksheet};
use serde::Serialize;

use crate::error::{Problem, Result, XlsxError};
use crate::read::{Book, Grid};
use crate::table::{Column, Field, Table, TableRow, find_labelled, read_table};
use crate::text::{column_letter, normalize_mark};
use crate::write::{
    Formats, dropdown, dropdown_range, fit_row, put, put_link, save, setup_table, wrapped_lines,
};

pub const SCENARIO_SHEET: &str = "利用シナリオと接続経路";
pub const CRITERIA_SHEET: &str = "セキュリティクライテリア";
pub const NOTES_SHEET: &str = "サービス利用時の留意事項";
pub const COVER_SHEET: &str = "表紙";
pub const CODES_SHEET: &str = "コード表";

const SCENARIO_NAMES: &[&str] = &[
    SCENARIO_SHEET,
    "利用シナリオ",
    "接続経路",
    "Usage scenarios and connection routes",
    "Usage scenarios",
    "Scenarios",
];
const CRITERIA_NAMES: &[&str] = &[
    CRITERIA_SHEET,
    "クライテリア",
    "Security criteria",
    "Criteria",
];
const NOTES_NAMES: &[&str] = &[NOTES_SHEET, "留意事項", "Points to note", "Notes"];
const CODES_NAMES: &[&str] = &[
    CODES_SHEET,
    "コードリスト",
    "Code lists",
    "評価観点と対策分類",
];

macro_rules! field {
    ($key:literal, $label:literal, $width:literal, [$($s:literal),* $(,)?]) => {
        Field { key: $key, label: $label, width: $width, synonyms: &[$($s),*] }
    };
}

pub const SCENARIO_FIELDS: &[Field] = &[
    field!(
        "scenario_id",
        "No.",
        6.0,
        [
            "No",
            "#",
            "項番",
            "番号",
            "シナリオID",
            "シナリオNo",
            "ID",
            "Scenario ID",
            "Scenario No"
        ]
    ),
    field!(
        "scenario",
        "利用シナリオ",
        40.0,
        [
            "シナリオ",
            "利用シーン",
            "シナリオ名",
            "利用形態",
            "Scenario",
            "Usage scenario"
        ]
    ),
    field!(
        "connection_source",
        "接続元",
        22.0,
        [
            "アクセス元",
            "接続元環境",
            "利用者・接続元",
            "Connection source",
            "Source",
            "From"
        ]
    ),
    field!(
        "route",
        "接続経路",
        36.0,
        [
            "経路",
            "通信経路",
            "ネットワーク経路",
            "接続方式",
            "Route",
            "Connection route",
            "Path"
        ]
    ),
    field!(
        "notes",
        "備考",
        30.0,
        ["補足", "コメント", "Notes", "Note", "Remarks"]
    ),
];

pub const CRITERIA_FIELDS: &[Field] = &[
    field!(
        "criterion_no",
        "No.",
        6.0,
        [
            "No",
            "#",
            "項番",
            "番号",
            "管理番号",
            "ID",
            "クライテリアNo",
            "クライテリアID",
            "Criterion No",
            "Criterion ID"
        ]
    ),
    field!(
        "perspective",
        "評価観点",
        12.0,
        ["観点", "Evaluation perspective", "Perspective"]
    ),
    field!(
        "category",
        "対策分類",
        13.0,
        ["分類", "対策区分", "Countermeasure category", "Category"]
    ),
    field!(
        "assumed_risk",
        "想定リスク",
        20.0,
        [
            "リスク",
            "想定されるリスク",
            "脅威",
            "Assumed risk",
            "Risk",
            "Threat"
        ]
    ),
    field!(
        "criterion",
        "セキュリティクライテリア",
        34.0,
        [
            "クライテリア",
            "評価基準",
            "基準",
            "確認事項",
            "要件",
            "Security criterion",
            "Security criteria",
            "Criterion",
            "Criteria"
        ]
    ),
    field!(
        "controls",
        "利用可能な機能",
        26.0,
        [
            "対策機能",
            "サービスの機能",
            "機能",
            "利用可能なコントロール",
            "対応する機能",
            "AWSの機能",
            "実装方法",
            "Available controls",
            "Available features",
            "Controls",
            "Features"
        ]
    ),
    field!(
        "responsibility_aws",
        "責任分界(AWS)",
        6.0,
        [
            "AWS",
            "AWS責任",
            "責任AWS",
            "責任範囲AWS",
            "責任分担AWS",
            "責任主体AWS",
            "AWS responsibility",
            "Responsibility AWS"
        ]
    ),
    field!(
        "responsibility_customer",
        "責任分界(お客様)",
        7.0,
        [
            "お客様",
            "利用者",
            "金融機関",
            "顧客",
            "お客様責任",
            "利用者責任",
            "責任お客様",
            "責任分界利用者",
            "責任分界金融機関",
            "責任範囲お客様",
            "責任範囲利用者",
            "責任分担お客様",
            "責任分担利用者",
            "責任主体お客様",
            "責任主体利用者",
            "Customer",
            "Customer responsibility",
            "Responsibility customer"
        ]
    ),
    field!(
        "fisc_refs",
        "関連FISC基準",
        12.0,
        [
            "FISC",
            "関連FISC",
            "FISC参照",
            "FISC基準",
            "FISC安全対策基準",
            "FISC実務基準",
            "関連するFISC安全対策基準",
            "FISC references",
            "Related FISC"
        ]
    ),
    field!(
        "references",
        "参考資料",
        20.0,
        [
            "参考",
            "参考情報",
            "参照",
            "参照先",
            "関連資料",
            "出典",
            "References",
            "Reference",
            "Links",
            "URL"
        ]
    ),
    field!(
        "question_ids",
        "関連W-A質問",
        11.0,
        [
            "関連W-A質問ID",
            "W-A質問",
            "W-A質問ID",
            "関連質問",
            "Well-Architected",
            "関連Well-Architected質問",
            "WA question",
            "W-A questions",
            "Question IDs",
            "W-A question IDs"
        ]
    ),
    field!(
        "decision",
        "判定",
        10.0,
        [
            "採否",
            "採用判断",
            "採用可否",
            "評価結果",
            "自社判定",
            "当社判定",
            "対応方針",
            "Decision"
        ]
    ),
    field!(
        "own_measures",
        "自社対策",
        24.0,
        [
            "当社対策",
            "自社の対策",
            "追加対策",
            "補完対策",
            "Own measures",
            "Institution measures"
        ]
    ),
    field!(
        "residual_risk",
        "残存リスク",
        16.0,
        ["残留リスク", "Residual risk"]
    ),
    field!(
        "reviewer_notes",
        "レビューア所見",
        24.0,
        [
            "所見",
            "レビューコメント",
            "レビュー者コメント",
            "評価者コメント",
            "評価コメント",
            "Reviewer notes",
            "Reviewer comments"
        ]
    ),
];

/// The institution's own columns of the criteria sheet (input cells).
const INSTITUTION_FIELDS: &[&str] = &[
    "decision",
    "own_measures",
    "residual_risk",
    "reviewer_notes",
];

pub const NOTE_FIELDS: &[Field] = &[
    field!(
        "category",
        "分類",
        16.0,
        ["区分", "カテゴリ", "項目", "観点", "Category"]
    ),
    field!(
        "note",
        "留意事項",
        40.0,
        [
            "留意点",
            "注意事項",
            "注意点",
            "Point to note",
            "Points to note",
            "Note"
        ]
    ),
    field!(
        "detail",
        "詳細",
        50.0,
        [
            "説明",
            "解説",
            "内容",
            "補足",
            "Detail",
            "Details",
            "Description"
        ]
    ),
    field!(
        "references",
        "参考資料",
        30.0,
        [
            "参考",
            "参考情報",
            "参照",
            "関連資料",
            "出典",
            "References",
            "Reference",
            "URL"
        ]
    ),
];

const CODE_FIELDS: &[Field] = &[
    field!("kind", "種別", 12.0, ["区分", "Kind", "Type"]),
    field!("code", "コード", 10.0, ["Code", "ID"]),
    field!("name", "名称", 30.0, ["名前", "Name"]),
    field!(
        "parent",
        "評価観点",
        20.0,
        ["上位", "親", "Parent", "Perspective"]
    ),
];

const SERVICE_LABELS: &[&str] = &[
    "サービス名",
    "対象サービス",
    "AWSサービス",
    "AWSサービス名",
    "評価対象サービス",
    "Service",
    "Service name",
    "AWS service",
];
const EDITION_LABELS: &[&str] = &["版", "版数", "改訂版", "バージョン", "Edition", "Version"];
const DATE_LABELS: &[&str] = &[
    "版の日付",
    "作成日",
    "更新日",
    "発行日",
    "公開日",
    "改訂日",
    "基準日",
    "日付",
    "Date",
    "Edition date",
];

/// Sheet keys used in the stored layout.
const SCENARIOS: &str = "scenarios";
const CRITERIA: &str = "criteria";
const NOTES: &str = "notes";

/// What an import found (shown by `--dry-run` and `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct WgImportReport {
    pub file: String,
    pub sha256: String,
    pub service: String,
    pub edition: String,
    pub edition_date: String,
    /// sheet key → (sheet name, 1-based header row)
    pub sheets: BTreeMap<String, (String, u32)>,
    pub scenarios: usize,
    pub criteria: usize,
    pub notes: usize,
    /// sheet key → headers kept as unknown columns
    pub unknown_columns: BTreeMap<String, Vec<String>>,
    /// `file` when the file carried a code-list sheet, else `derived` from the criteria.
    pub code_lists_from: String,
    pub perspectives: usize,
    pub categories: usize,
    pub warnings: Vec<String>,
    /// `ADDED` / `REPLACED`; absent on a dry run.
    pub result: Option<WgImportKind>,
    /// Per criterion: added / changed / unchanged / removed, and what happens to its evaluation.
    pub merge: Option<WgMergePlan>,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Default)]
pub struct WgImportOptions {
    /// Overrides the service name found in the file.
    pub service: Option<String>,
    pub dry_run: bool,
}

fn extras_and_links(row: &TableRow) -> (CellMap, CellMap) {
    (row.extra.clone(), row.links.clone())
}

fn layout_of(table: &Table, fields: &[Field]) -> Vec<String> {
    let mut layout: Vec<String> = table
        .columns
        .iter()
        .map(|(_, c, _)| c.layout_key())
        .collect();
    for f in fields {
        let key = format!("field:{}", f.key);
        if !layout.contains(&key) {
            layout.push(key);
        }
    }
    layout
}

fn find_table(
    book: &mut Book,
    names: &[&str],
    fields: &[Field],
    required: &str,
) -> Result<(Grid, Table)> {
    let sheet = book
        .find_sheet(names)
        .ok_or_else(|| XlsxError::MissingSheet {
            path: book.path.clone(),
            expected: names[0].to_string(),
            found: book.sheet_names(),
        })?;
    let grid = book.grid(&sheet)?;
    let table = read_table(&grid, fields, required).ok_or_else(|| XlsxError::NoHeader {
        path: book.path.clone(),
        sheet: sheet.clone(),
        expected: fields
            .iter()
            .map(|f| f.label)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    Ok((grid, table))
}

fn problem(table: &Table, row: &TableRow, key: &str, message: String) -> Problem {
    let col = row.column_of(key).unwrap_or(0);
    Problem {
        sheet: table.sheet.clone(),
        row: row.number,
        column: column_letter(col as u32),
        header: table.header_of(col).to_string(),
        message,
    }
}

/// Reads a WG workbook into an evaluation without storing it.
pub fn read_wg(path: &Path, options: &WgImportOptions) -> Result<(WgAssessment, WgImportReport)> {
    let mut book = Book::open(path)?;
    read_wg_book(&mut book, options)
}

pub fn read_wg_book(
    book: &mut Book,
    options: &WgImportOptions,
) -> Result<(WgAssessment, WgImportReport)> {
    let (scenario_grid, scenario_table) =
        find_table(book, SCENARIO_NAMES, SCENARIO_FIELDS, "scenario")?;
    let (criteria_grid, criteria_table) =
        find_table(book, CRITERIA_NAMES, CRITERIA_FIELDS, "criterion")?;
    let (notes_grid, notes_table) = find_table(book, NOTES_NAMES, NOTE_FIELDS, "note")?;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    // Service, edition and date: a cover or the title block above a header.
    let mut metadata_grids: Vec<(Grid, usize)> = Vec::new();
    let table_sheets = [
        &scenario_table.sheet,
        &criteria_table.sheet,
        &notes_table.sheet,
    ];
    for name in book.sheet_names() {
        if table_sheets.contains(&&name) {
            continue;
        }
        if let Some(codes) = book.find_sheet(CODES_NAMES)
            && codes == name
        {
            continue;
        }
        let grid = book.grid(&name)?;
        metadata_grids.push((grid, 40));
    }
    for (grid, table) in [
        (&criteria_grid, &criteria_table),
        (&scenario_grid, &scenario_table),
        (&notes_grid, &notes_table),
    ] {
        metadata_grids.push((
            Grid {
                name: grid.name.clone(),
                cells: grid.cells[..table.header_row.min(grid.cells.len())].to_vec(),
                links: Default::default(),
            },
            table.header_row,
        ));
    }
    let find = |labels: &[&str]| {
        metadata_grids
            .iter()
            .find_map(|(grid, rows)| find_labelled(grid, *rows, labels))
    };
    let service = options
        .service
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| find(SERVICE_LABELS))
        .or_else(|| {
            book.path
                .file_stem()
                .map(|s| s.to_string_lossy().trim().to_string())
        })
        .unwrap_or_default();
    let edition = find(EDITION_LABELS).unwrap_or_default();
    let edition_date = find(DATE_LABELS).unwrap_or_default();

    let scenarios: Vec<WgScenario> = scenario_table
        .rows
        .iter()
        .map(|row| {
            let (extra, links) = extras_and_links(row);
            WgScenario {
                scenario_id: row.get("scenario_id").to_string(),
                scenario: row.get("scenario").to_string(),
                connection_source: row.get("connection_source").to_string(),
                route: row.get("route").to_string(),
                notes: row.get("notes").to_string(),
                extra,
                links,
            }
        })
        .collect();

    let mut criteria = Vec::new();
    for row in &criteria_table.rows {
        let decision = match WgDecision::parse(row.get("decision")) {
            Some(d) => d,
            None => {
                problems.push(problem(
                    &criteria_table,
                    row,
                    "decision",
                    format!(
                        "'{}' is not a decision (use {})",
                        row.get("decision"),
                        WgDecision::ALL.map(|d| d.label_ja()).join(" / ")
                    ),
                ));
                WgDecision::NotEvaluated
            }
        };
        let (extra, links) = extras_and_links(row);
        criteria.push(WgCriterion {
            criterion_no: row.get("criterion_no").to_string(),
            perspective: row.get("perspective").to_string(),
            category: row.get("category").to_string(),
            assumed_risk: row.get("assumed_risk").to_string(),
            criterion: row.get("criterion").to_string(),
            controls: row.get("controls").to_string(),
            responsibility_aws: normalize_mark(row.get("responsibility_aws")),
            responsibility_customer: normalize_mark(row.get("responsibility_customer")),
            fisc_refs: row.get("fisc_refs").to_string(),
            references: row.get("references").to_string(),
            question_ids: parse_question_ids(row.get("question_ids")),
            decision,
            own_measures: row.get("own_measures").to_string(),
            residual_risk: row.get("residual_risk").to_string(),
            reviewer_notes: row.get("reviewer_notes").to_string(),
            extra,
            links,
        });
    }
    let notes: Vec<WgNote> = notes_table
        .rows
        .iter()
        .map(|row| {
            let (extra, links) = extras_and_links(row);
            WgNote {
                category: row.get("category").to_string(),
                note: row.get("note").to_string(),
                detail: row.get("detail").to_string(),
                references: row.get("references").to_string(),
                extra,
                links,
            }
        })
        .collect();

    // Code lists: the file's own sheet, else what its criteria use.
    let (code_lists, code_lists_from) = match book.find_sheet(CODES_NAMES) {
        Some(sheet) => {
            let grid = book.grid(&sheet)?;
            match read_table(&grid, CODE_FIELDS, "name") {
                Some(table) => (read_code_lists(&table, &mut problems), "file"),
                None => (derive_code_lists(&criteria), "derived"),
            }
        }
        None => (derive_code_lists(&criteria), "derived"),
    };

    if service.trim().is_empty() {
        problems.push(Problem {
            sheet: String::new(),
            row: 0,
            column: String::new(),
            header: String::new(),
            message: "no AWS service name found (add a 'サービス名' cell or give --service)".into(),
        });
    }
    if criteria.is_empty() {
        warnings.push(format!(
            "sheet '{}' has no criteria rows",
            criteria_table.sheet
        ));
    }
    if !problems.is_empty() {
        return Err(XlsxError::Problems {
            path: book.path.clone(),
            problems,
        });
    }
    let mut layout = BTreeMap::new();
    layout.insert(
        SCENARIOS.to_string(),
        layout_of(&scenario_table, SCENARIO_FIELDS),
    );
    layout.insert(
        CRITERIA.to_string(),
        layout_of(&criteria_table, CRITERIA_FIELDS),
    );
    layout.insert(NOTES.to_string(), layout_of(&notes_table, NOTE_FIELDS));

    let unknown = |t: &Table| -> Vec<String> {
        t.columns
            .iter()
            .filter_map(|(_, c, _)| match c {
                Column::Extra(h) => Some(h.clone()),
                Column::Known(_) => None,
            })
            .collect()
    };
    let report = WgImportReport {
        file: book.file_name.clone(),
        sha256: book.sha256.clone(),
        service: service.trim().to_string(),
        edition: edition.clone(),
        edition_date: edition_date.clone(),
        sheets: BTreeMap::from([
            (
                SCENARIOS.to_string(),
                (
                    scenario_table.sheet.clone(),
                    scenario_table.header_row as u32 + 1,
                ),
            ),
            (
                CRITERIA.to_string(),
                (
                    criteria_table.sheet.clone(),
                    criteria_table.header_row as u32 + 1,
                ),
            ),
            (
                NOTES.to_string(),
                (notes_table.sheet.clone(), notes_table.header_row as u32 + 1),
            ),
        ]),
        scenarios: scenarios.len(),
        criteria: criteria.len(),
        notes: notes.len(),
        unknown_columns: BTreeMap::from([
            (SCENARIOS.to_string(), unknown(&scenario_table)),
            (CRITERIA.to_string(), unknown(&criteria_table)),
            (NOTES.to_string(), unknown(&notes_table)),
        ]),
        code_lists_from: code_lists_from.to_string(),
        perspectives: code_lists.perspectives.len(),
        categories: code_lists.categories.len(),
        warnings,
        result: None,
        merge: None,
        dry_run: options.dry_run,
    };
    let assessment = WgAssessment {
        service: service.trim().to_string(),
        edition,
        edition_date,
        source_file: book.file_name.clone(),
        source_sha256: book.sha256.clone(),
        layout,
        code_lists,
        scenarios,
        criteria,
        notes,
    };
    Ok((assessment, report))
}

fn read_code_lists(table: &Table, problems: &mut Vec<Problem>) -> WgCodeLists {
    let mut lists = WgCodeLists::default();
    for row in &table.rows {
        let kind = crate::text::normalize(row.get("kind"));
        let code = WgCode {
            code: row.get("code").to_string(),
            name: row.get("name").to_string(),
            parent: row.get("parent").to_string(),
        };
        if code.name.is_empty() {
            continue;
        }
        if ["評価観点", "観点", "perspective"]
            .map(crate::text::normalize)
            .contains(&kind)
        {
            lists.perspectives.push(code);
        } else if ["対策分類", "分類", "category"]
            .map(crate::text::normalize)
            .contains(&kind)
        {
            lists.categories.push(code);
        } else {
            problems.push(problem(
                table,
                row,
                "kind",
                format!("'{}' is neither 評価観点 nor 対策分類", row.get("kind")),
            ));
        }
    }
    lists
}

fn derive_code_lists(criteria: &[WgCriterion]) -> WgCodeLists {
    let mut lists = WgCodeLists::default();
    for c in criteria {
        if !c.perspective.is_empty() && !lists.perspectives.iter().any(|p| p.name == c.perspective)
        {
            lists.perspectives.push(WgCode {
                code: String::new(),
                name: c.perspective.clone(),
                parent: String::new(),
            });
        }
        if !c.category.is_empty()
            && !lists
                .categories
                .iter()
                .any(|k| k.name == c.category && k.parent == c.perspective)
        {
            lists.categories.push(WgCode {
                code: String::new(),
                name: c.category.clone(),
                parent: c.perspective.clone(),
            });
        }
    }
    lists
}

/// Reads the file and, unless it is a dry run, stores it in the workbook (one transaction).
/// A failed import changes nothing.
pub fn import_wg(
    workbook: &mut Workbook,
    path: &Path,
    options: &WgImportOptions,
    actor: &str,
) -> Result<WgImportReport> {
    let (assessment, mut report) = read_wg(path, options)?;
    let known: Vec<String> = workbook
        .question_sets()
        .iter()
        .flat_map(|s| s.questions().map(|(_, q)| q.id.clone()).collect::<Vec<_>>())
        .collect();
    let mut unknown: Vec<String> = Vec::new();
    for c in &assessment.criteria {
        for id in &c.question_ids {
            if !known.contains(id) && !unknown.contains(id) {
                unknown.push(id.clone());
            }
        }
    }
    if !unknown.is_empty() {
        report.warnings.push(format!(
            "question ids not in this workbook's sets (kept as written): {}",
            unknown.join(", ")
        ));
    }
    let plan = workbook.plan_wg_import(&assessment)?;
    if plan.existing {
        report.warnings.push(format!(
            "a stored evaluation of '{}' will be merged: WG columns from this file, the \
             institution's evaluations kept ({} kept, {} from the file, {} removed with an \
             evaluation)",
            plan.service,
            plan.kept_evaluations,
            plan.evaluations_from_file,
            plan.removed_evaluations
        ));
    }
    if options.dry_run {
        report.merge = Some(plan);
    } else {
        let (kind, plan) = workbook.import_wg_assessment_merged(&assessment, actor)?;
        report.result = Some(kind);
        report.merge = Some(plan);
    }
    Ok(report)
}

fn field_by_key(fields: &[Field], key: &str) -> Option<Field> {
    fields.iter().find(|f| f.key == key).copied()
}

/// Columns to write: the stored layout (source order), then any known column it lacks.
fn export_columns(layout: Option<&Vec<String>>, fields: &[Field]) -> Vec<String> {
    let mut columns: Vec<String> = layout.cloned().unwrap_or_default();
    for f in fields {
        let key = format!("field:{}", f.key);
        if !columns.contains(&key) {
            columns.push(key);
        }
    }
    columns
}

struct SheetSpec<'a> {
    name: &'a str,
    title: String,
    fields: &'a [Field],
    columns: Vec<String>,
    rows: Vec<(Vec<(String, String)>, &'a CellMap)>,
}

fn write_table(
    ws: &mut Worksheet,
    out: &Path,
    f: &Formats,
    spec: &SheetSpec<'_>,
    code_lists: &WgCodeLists,
) -> Result<()> {
    let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, spec.name, e);
    ws.set_name(spec.name).map_err(fail)?;
    put(ws, out, 0, 0, &spec.title, &f.title)?;
    let header_row = 2u32;
    for (c, key) in spec.columns.iter().enumerate() {
        let c16 = c as u16;
        let (label, width) = match key
            .strip_prefix("field:")
            .and_then(|k| field_by_key(spec.fields, k))
        {
            Some(field) => (field.label.to_string(), field.width),
            None => (key.strip_prefix("extra:").unwrap_or(key).to_string(), 20.0),
        };
        put(ws, out, header_row, c16, &label, &f.header)?;
        ws.set_column_width(c16, width).map_err(fail)?;
    }
    let widths: Vec<f64> = spec
        .columns
        .iter()
        .map(|key| {
            key.strip_prefix("field:")
                .and_then(|k| field_by_key(spec.fields, k))
                .map(|f| f.width)
                .unwrap_or(20.0)
        })
        .collect();
    for (i, (values, links)) in spec.rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        let mut lines = 1;
        for (c, key) in spec.columns.iter().enumerate() {
            let c16 = c as u16;
            let value = values
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            let field = key.strip_prefix("field:").unwrap_or("");
            let format = if INSTITUTION_FIELDS.contains(&field)
                && spec.fields.len() == CRITERIA_FIELDS.len()
            {
                &f.input
            } else if matches!(
                field,
                "responsibility_aws" | "responsibility_customer" | "scenario_id" | "criterion_no"
            ) {
                &f.body_center
            } else {
                &f.body
            };
            lines = lines.max(wrapped_lines(value, widths[c]));
            match links.get(key) {
                Some(url) => put_link(ws, out, r, c16, value, url, f)?,
                None => put(ws, out, r, c16, value, format)?,
            }
        }
        fit_row(ws, out, r, lines)?;
    }
    let last_row = header_row + spec.rows.len() as u32;
    let last_col = spec.columns.len().saturating_sub(1) as u16;
    setup_table(ws, out, header_row, last_row, last_col, 0, &spec.title)?;
    // Input rows for additions: validations reach a little below the data.
    let validation_last = last_row + 200;
    for (c, key) in spec.columns.iter().enumerate() {
        let c16 = c as u16;
        match key.as_str() {
            "field:decision" if spec.fields.len() == CRITERIA_FIELDS.len() => {
                let values: Vec<String> = WgDecision::ALL
                    .iter()
                    .map(|d| d.label_ja().to_string())
                    .collect();
                dropdown(ws, out, header_row + 1, validation_last, c16, &values, true)?;
            }
            "field:responsibility_aws" | "field:responsibility_customer" => {
                dropdown(
                    ws,
                    out,
                    header_row + 1,
                    validation_last,
                    c16,
                    &["○".to_string(), "-".to_string()],
                    false,
                )?;
            }
            "field:perspective"
                if !code_lists.perspectives.is_empty()
                    && spec.fields.len() == CRITERIA_FIELDS.len() =>
            {
                let n = code_lists.perspectives.len() as u32;
                let range = format!("='{CODES_SHEET}'!$C$2:$C${}", n + 1);
                dropdown_range(ws, out, header_row + 1, validation_last, c16, &range)?;
            }
            "field:category"
                if !code_lists.categories.is_empty()
                    && spec.fields.len() == CRITERIA_FIELDS.len() =>
            {
                let p = code_lists.perspectives.len() as u32;
                let n = code_lists.categories.len() as u32;
                let range = format!("='{CODES_SHEET}'!$C${}:$C${}", p + 2, p + n + 1);
                dropdown_range(ws, out, header_row + 1, validation_last, c16, &range)?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn kv(key: &str, value: &str) -> (String, String) {
    (format!("field:{key}"), value.to_string())
}

fn extra_values(extra: &CellMap) -> Vec<(String, String)> {
    extra
        .iter()
        .map(|(k, v)| (format!("extra:{k}"), v.clone()))
        .collect()
}

/// Writes an evaluation as a printable workbook: cover, the three sheets and the code lists.
pub fn write_wg(assessment: &WgAssessment, out: &Path, exported_at: &str) -> Result<()> {
    let f = Formats::new();
    let mut book = XlsxWorkbook::new();
    write_cover(book.add_worksheet(), out, &f, assessment, exported_at)?;

    let scenario_rows: Vec<_> = assessment
        .scenarios
        .iter()
        .map(|s| {
            let mut v = vec![
                kv("scenario_id", &s.scenario_id),
                kv("scenario", &s.scenario),
                kv("connection_source", &s.connection_source),
                kv("route", &s.route),
                kv("notes", &s.notes),
            ];
            v.extend(extra_values(&s.extra));
            (v, &s.links)
        })
        .collect();
    let criteria_rows: Vec<_> = assessment
        .criteria
        .iter()
        .map(|c| {
            let mut v = vec![
                kv("criterion_no", &c.criterion_no),
                kv("perspective", &c.perspective),
                kv("category", &c.category),
                kv("assumed_risk", &c.assumed_risk),
                kv("criterion", &c.criterion),
                kv("controls", &c.controls),
                kv("responsibility_aws", &c.responsibility_aws),
                kv("responsibility_customer", &c.responsibility_customer),
                kv("fisc_refs", &c.fisc_refs),
                kv("references", &c.references),
                kv("question_ids", &c.question_ids.join(", ")),
                kv(
                    "decision",
                    if c.decision == WgDecision::NotEvaluated {
                        ""
                    } else {
                        c.decision.label_ja()
                    },
                ),
                kv("own_measures", &c.own_measures),
                kv("residual_risk", &c.residual_risk),
                kv("reviewer_notes", &c.reviewer_notes),
            ];
            v.extend(extra_values(&c.extra));
            (v, &c.links)
        })
        .collect();
    let note_rows: Vec<_> = assessment
        .notes
        .iter()
        .map(|n| {
            let mut v = vec![
                kv("category", &n.category),
                kv("note", &n.note),
                kv("detail", &n.detail),
                kv("references", &n.references),
            ];
            v.extend(extra_values(&n.extra));
            (v, &n.links)
        })
        .collect();
    let specs = [
        SheetSpec {
            name: SCENARIO_SHEET,
            title: format!("{} — {SCENARIO_SHEET}", assessment.service),
            fields: SCENARIO_FIELDS,
            columns: export_columns(assessment.layout.get(SCENARIOS), SCENARIO_FIELDS),
            rows: scenario_rows,
        },
        SheetSpec {
            name: CRITERIA_SHEET,
            title: format!("{} — {CRITERIA_SHEET}", assessment.service),
            fields: CRITERIA_FIELDS,
            columns: export_columns(assessment.layout.get(CRITERIA), CRITERIA_FIELDS),
            rows: criteria_rows,
        },
        SheetSpec {
            name: NOTES_SHEET,
            title: format!("{} — {NOTES_SHEET}", assessment.service),
            fields: NOTE_FIELDS,
            columns: export_columns(assessment.layout.get(NOTES), NOTE_FIELDS),
            rows: note_rows,
        },
    ];
    for spec in &specs {
        write_table(book.add_worksheet(), out, &f, spec, &assessment.code_lists)?;
    }
    write_code_lists(book.add_worksheet(), out, &f, &assessment.code_lists)?;
    save(&mut book, out)
}

fn write_cover(
    ws: &mut Worksheet,
    out: &Path,
    f: &Formats,
    a: &WgAssessment,
    exported_at: &str,
) -> Result<()> {
    let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, COVER_SHEET, e);
    ws.set_name(COVER_SHEET).map_err(fail)?;
    put(
        ws,
        out,
        0,
        0,
        "AWS サービス セキュリティ評価（WG 評価 + 自社判定）",
        &f.title,
    )?;
    let rows: [(&str, &str); 6] = [
        ("サービス名", &a.service),
        ("版", &a.edition),
        ("版の日付", &a.edition_date),
        ("取込元ファイル", &a.source_file),
        ("取込元 SHA-256", &a.source_sha256),
        ("出力日時", exported_at),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        put(ws, out, r, 0, label, &f.label)?;
        put(ws, out, r, 1, value, &f.body)?;
    }
    let counts = [
        ("シナリオ数", a.scenarios.len()),
        ("クライテリア数", a.criteria.len()),
        ("留意事項数", a.notes.len()),
    ];
    for (i, (label, n)) in counts.iter().enumerate() {
        let r = 9 + i as u32;
        put(ws, out, r, 0, label, &f.label)?;
        crate::write::number(ws, out, r, 1, *n as f64, &f.body)?;
    }
    put(ws, out, 13, 0, "判定の内訳", &f.label)?;
    for (i, d) in WgDecision::ALL.iter().enumerate() {
        let r = 14 + i as u32;
        put(ws, out, r, 0, d.label_ja(), &f.body)?;
        let n = a.criteria.iter().filter(|c| c.decision == *d).count();
        crate::write::number(ws, out, r, 1, n as f64, &f.body)?;
    }
    ws.set_column_width(0, 22).map_err(fail)?;
    ws.set_column_width(1, 80).map_err(fail)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

fn write_code_lists(
    ws: &mut Worksheet,
    out: &Path,
    f: &Formats,
    lists: &WgCodeLists,
) -> Result<()> {
    let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::write(out, CODES_SHEET, e);
    ws.set_name(CODES_SHEET).map_err(fail)?;
    for (c, field) in CODE_FIELDS.iter().enumerate() {
        put(ws, out, 0, c as u16, field.label, &f.header)?;
        ws.set_column_width(c as u16, field.width).map_err(fail)?;
    }
    let mut r = 1u32;
    for (kind, list) in [
        ("評価観点", &lists.perspectives),
        ("対策分類", &lists.categories),
    ] {
        for code in list {
            put(ws, out, r, 0, kind, &f.body)?;
            put(ws, out, r, 1, &code.code, &f.body)?;
            put(ws, out, r, 2, &code.name, &f.body)?;
            put(ws, out, r, 3, &code.parent, &f.body)?;
            r += 1;
        }
    }
    setup_table(ws, out, 0, r.saturating_sub(1), 3, 0, CODES_SHEET)?;
    Ok(())
}

/// Exports a stored evaluation.
pub fn export_wg(
    workbook: &Workbook,
    service: &str,
    out: &Path,
    exported_at: &str,
) -> Result<usize> {
    let assessment = workbook.wg_assessment(service)?;
    write_wg(&assessment, out, exported_at)?;
    Ok(assessment.criteria.len())
}

/// An empty WG workbook to fill in, with the app's default code lists.
pub fn write_template(out: &Path, exported_at: &str) -> Result<()> {
    let assessment = WgAssessment {
        service: String::new(),
        code_lists: WgCodeLists::defaults()?,
        ..WgAssessment::default()
    };
    write_wg(&assessment, out, exported_at)
}
