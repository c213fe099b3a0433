//! What the sheets and columns of a WG workbook may be called: the names written on export, and
//! the Japanese and English synonyms accepted on import, because editions of the WG's workbook
//! and institutions' copies of it rename them.

use hashira_core::glossary;

use crate::table::{Column, Field};

pub const SCENARIO_SHEET: &str = "利用シナリオと接続経路";
pub const CRITERIA_SHEET: &str = "セキュリティクライテリア";
pub const NOTES_SHEET: &str = "サービス利用時の留意事項";
pub const COVER_SHEET: &str = "表紙";
pub const CODES_SHEET: &str = "コード表";

/// One of the three table sheets: how it is found and read on import, stored, and written.
pub(super) struct TableSheet {
    /// Its key in the stored layout and in the import report.
    pub key: &'static str,
    /// The name written on export.
    pub name: &'static str,
    /// Names accepted on import, the written one first (the first is named when none is found).
    pub names: &'static [&'static str],
    pub fields: &'static [Field],
    /// The column a header row must have to be taken as this sheet's header.
    pub required: &'static str,
}

impl TableSheet {
    /// The criteria sheet alone has the institution's input columns and the code-list dropdowns.
    pub fn is_criteria(&self) -> bool {
        self.key == CRITERIA.key
    }

    /// Layout keys `columns`, then each of this sheet's fields they do not name.
    pub fn with_missing_fields(&self, mut columns: Vec<String>) -> Vec<String> {
        for f in self.fields {
            let key = Column::Known(f.key).layout_key();
            if !columns.contains(&key) {
                columns.push(key);
            }
        }
        columns
    }
}

pub(super) const SCENARIOS: TableSheet = TableSheet {
    key: "scenarios",
    name: SCENARIO_SHEET,
    names: &[
        SCENARIO_SHEET,
        "利用シナリオ",
        "接続経路",
        "Usage scenarios and connection routes",
        "Usage scenarios",
        "Scenarios",
    ],
    fields: SCENARIO_FIELDS,
    required: "scenario",
};

pub(super) const CRITERIA: TableSheet = TableSheet {
    key: "criteria",
    name: CRITERIA_SHEET,
    names: &[
        CRITERIA_SHEET,
        "クライテリア",
        "Security criteria",
        "Criteria",
    ],
    fields: CRITERIA_FIELDS,
    required: "criterion",
};

pub(super) const NOTES: TableSheet = TableSheet {
    key: "notes",
    name: NOTES_SHEET,
    names: &[NOTES_SHEET, "留意事項", "Points to note", "Notes"],
    fields: NOTE_FIELDS,
    required: "note",
};

pub(super) const CODES_NAMES: &[&str] = &[
    CODES_SHEET,
    "コードリスト",
    "Code lists",
    "評価観点と対策分類",
];

/// Columns of the usage-scenario sheet.
pub const SCENARIO_FIELDS: &[Field] = &[
    Field::new(
        "scenario_id",
        "No.",
        6.0,
        &[
            "No",
            "#",
            "項番",
            "番号",
            "シナリオID",
            "シナリオNo",
            "ID",
            "Scenario ID",
            "Scenario No",
        ],
    ),
    Field::new(
        "scenario",
        "利用シナリオ",
        40.0,
        &[
            "シナリオ",
            "利用シーン",
            "シナリオ名",
            "利用形態",
            "Scenario",
            "Usage scenario",
        ],
    ),
    Field::new(
        "connection_source",
        "接続元",
        22.0,
        &[
            "アクセス元",
            "接続元環境",
            "利用者・接続元",
            "Connection source",
            "Source",
            "From",
        ],
    ),
    Field::new(
        "route",
        "接続経路",
        36.0,
        &[
            "経路",
            "通信経路",
            "ネットワーク経路",
            "接続方式",
            "Route",
            "Connection route",
            "Path",
        ],
    ),
    Field::new(
        "notes",
        "備考",
        30.0,
        &["補足", "コメント", "Notes", "Note", "Remarks"],
    ),
];

/// Columns of the criteria sheet: the WG's, then the institution's own (see
/// [`INSTITUTION_FIELDS`]).
pub const CRITERIA_FIELDS: &[Field] = &[
    Field::new(
        "criterion_no",
        "No.",
        6.0,
        &[
            "No",
            "#",
            "項番",
            "番号",
            "管理番号",
            "ID",
            "クライテリアNo",
            "クライテリアID",
            "Criterion No",
            "Criterion ID",
        ],
    ),
    Field::new(
        "perspective",
        "評価観点",
        12.0,
        &["観点", "Evaluation perspective", "Perspective"],
    ),
    Field::new(
        "category",
        "対策分類",
        13.0,
        &["分類", "対策区分", "Countermeasure category", "Category"],
    ),
    Field::new(
        "assumed_risk",
        "想定リスク",
        20.0,
        &[
            "リスク",
            "想定されるリスク",
            "脅威",
            "Assumed risk",
            "Risk",
            "Threat",
        ],
    ),
    Field::new(
        "criterion",
        "セキュリティクライテリア",
        34.0,
        &[
            "クライテリア",
            "評価基準",
            "基準",
            "確認事項",
            "要件",
            "Security criterion",
            "Security criteria",
            "Criterion",
            "Criteria",
        ],
    ),
    Field::new(
        "controls",
        "利用可能な機能",
        26.0,
        &[
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
            "Features",
        ],
    ),
    Field::new(
        "responsibility_aws",
        "責任分界(AWS)",
        6.0,
        &[
            "AWS",
            "AWS責任",
            "責任AWS",
            "責任範囲AWS",
            "責任分担AWS",
            "責任主体AWS",
            "AWS responsibility",
            "Responsibility AWS",
        ],
    ),
    Field::new(
        "responsibility_customer",
        "責任分界(お客様)",
        7.0,
        &[
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
            "Responsibility customer",
        ],
    ),
    Field::new(
        "fisc_refs",
        "関連FISC基準",
        12.0,
        &[
            "FISC",
            "関連FISC",
            "FISC参照",
            "FISC基準",
            "FISC安全対策基準",
            "FISC実務基準",
            "関連するFISC安全対策基準",
            "FISC references",
            "Related FISC",
        ],
    ),
    Field::new(
        "references",
        "参考資料",
        20.0,
        &[
            "参考",
            "参考情報",
            "参照",
            "参照先",
            "関連資料",
            "出典",
            "References",
            "Reference",
            "Links",
            "URL",
        ],
    ),
    Field::new(
        "question_ids",
        "関連W-A質問",
        11.0,
        &[
            "関連W-A質問ID",
            "W-A質問",
            "W-A質問ID",
            "関連質問",
            "Well-Architected",
            "関連Well-Architected質問",
            "WA question",
            "W-A questions",
            "Question IDs",
            "W-A question IDs",
        ],
    ),
    Field::new(
        "decision",
        glossary::WG_DECISION.ja,
        10.0,
        &[
            "判定",
            "採用判断",
            "採用可否",
            "評価結果",
            "自社判定",
            "当社判定",
            "対応方針",
            "Decision",
        ],
    ),
    Field::new(
        "own_measures",
        glossary::OWN_MEASURES.ja,
        24.0,
        &[
            "自社対策",
            "当社対策",
            "自社の対策",
            "追加対策",
            "補完対策",
            "Own measures",
            "Institution measures",
        ],
    ),
    Field::new(
        "residual_risk",
        glossary::RESIDUAL_RISK.ja,
        16.0,
        &["残留リスク", "Residual risk"],
    ),
    Field::new(
        "reviewer_notes",
        glossary::REVIEWER_NOTES.ja,
        24.0,
        &[
            "レビューア所見",
            "レビュー者メモ",
            "所見",
            "レビューコメント",
            "レビュー者コメント",
            "評価者コメント",
            "評価コメント",
            "Reviewer notes",
            "Reviewer comments",
        ],
    ),
];

/// The institution's own columns of the criteria sheet (input cells).
pub(super) const INSTITUTION_FIELDS: &[&str] = &[
    "decision",
    "own_measures",
    "residual_risk",
    "reviewer_notes",
];

/// Columns of the points-to-note sheet.
pub const NOTE_FIELDS: &[Field] = &[
    Field::new(
        "category",
        "分類",
        16.0,
        &["区分", "カテゴリ", "項目", "観点", "Category"],
    ),
    Field::new(
        "note",
        "留意事項",
        40.0,
        &[
            "留意点",
            "注意事項",
            "注意点",
            "Point to note",
            "Points to note",
            "Note",
        ],
    ),
    Field::new(
        "detail",
        "詳細",
        50.0,
        &[
            "説明",
            "解説",
            "内容",
            "補足",
            "Detail",
            "Details",
            "Description",
        ],
    ),
    Field::new(
        "references",
        "参考資料",
        30.0,
        &[
            "参考",
            "参考情報",
            "参照",
            "関連資料",
            "出典",
            "References",
            "Reference",
            "URL",
        ],
    ),
];

/// Columns of the code-list sheet (評価観点 and 対策分類, one code a row).
pub(super) const CODE_FIELDS: &[Field] = &[
    Field::new("kind", "種別", 12.0, &["区分", "Kind", "Type"]),
    Field::new("code", "コード", 10.0, &["Code", "ID"]),
    Field::new("name", "名称", 30.0, &["名前", "Name"]),
    Field::new(
        "parent",
        "評価観点",
        20.0,
        &["上位", "親", "Parent", "Perspective"],
    ),
];

/// Labels of the service name, edition and date on a cover or in the title block above a
/// table; the value is the next cell to the right, or follows a colon.
pub(super) const SERVICE_LABELS: &[&str] = &[
    "サービス名",
    "対象サービス",
    "AWSサービス",
    "AWSサービス名",
    "評価対象サービス",
    "Service",
    "Service name",
    "AWS service",
];
pub(super) const EDITION_LABELS: &[&str] =
    &["版", "版数", "改訂版", "バージョン", "Edition", "Version"];
pub(super) const DATE_LABELS: &[&str] = &[
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
