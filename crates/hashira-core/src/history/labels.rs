//! The change history's glossary: every kind of change and every field, in Japanese and
//! English. One table, so the CLI, the app and the PDF name a change the same way.

use crate::LocalizedText;
use crate::glossary;
use crate::wg::WgDecision;
use crate::workbook::{EvidenceKind, NotApplicableReason, WorkloadField};

use super::HistoryKind;

/// A label in both languages.
pub(super) fn both(ja: &str, en: &str) -> LocalizedText {
    LocalizedText {
        ja: Some(ja.to_string()),
        en: Some(en.to_string()),
    }
}

/// Text that reads the same in both languages (ids, file names, what the user typed).
pub(super) fn same(text: impl Into<String>) -> LocalizedText {
    let text = text.into();
    LocalizedText {
        ja: Some(text.clone()),
        en: Some(text),
    }
}

pub(super) fn kind(kind: HistoryKind) -> LocalizedText {
    let (ja, en) = match kind {
        HistoryKind::WorkbookCreate => ("ワークブックの作成", "Workbook created"),
        HistoryKind::QuestionSetAdd => ("質問セットの追加", "Question set added"),
        HistoryKind::WorkbookMigrate => ("ファイル形式の更新", "File format upgraded"),
        HistoryKind::AnswerUpdate => ("回答の変更", "Answer changed"),
        HistoryKind::EvidenceAdd => ("エビデンスの追加", "Evidence added"),
        HistoryKind::EvidenceRemove => ("エビデンスの削除", "Evidence removed"),
        HistoryKind::WorkloadUpdate => {
            ("ワークロードのプロパティ変更", "Workload property changed")
        }
        HistoryKind::AnswersImport => ("回答の取り込み（Excel）", "Answers imported (Excel)"),
        HistoryKind::WgImport => ("WG 評価の取り込み", "WG evaluation imported"),
        HistoryKind::WgReplace => ("WG 評価の再取り込み", "WG evaluation re-imported"),
        HistoryKind::WgEvaluate => ("WG クライテリアの評価", "WG criterion evaluated"),
        HistoryKind::WgDelete => ("WG 評価の削除", "WG evaluation deleted"),
        HistoryKind::WorkbookCopy => (
            "ワークブックのコピー（レビュー担当者用）",
            "Workbook copied for a reviewer",
        ),
        HistoryKind::WorkbookMerge => (
            "レビュー担当者のワークブックの統合",
            "Reviewer's workbook merged",
        ),
        HistoryKind::WorkbookRecord => ("行の変更の記録", "Row changes recorded"),
        HistoryKind::AnswerConfirm => ("回答の再確認", "Answer confirmed"),
        HistoryKind::AnswersImportWaTool => (
            "回答の取り込み（AWS WA Tool）",
            "Answers imported (AWS WA Tool)",
        ),
        HistoryKind::ImprovementItemSet => ("改善項目の変更", "Improvement item changed"),
        HistoryKind::ImprovementItemAdd => ("改善項目の追加", "Improvement item added"),
        HistoryKind::MilestoneAdd => ("マイルストーンの作成", "Milestone created"),
        HistoryKind::QuestionSetUpgrade => ("質問セットの更新", "Question set upgraded"),
        HistoryKind::Other => ("その他の変更", "Other change"),
    };
    both(ja, en)
}

/// Labels of the fields a change touches, by key.
pub(super) fn field(key: &str) -> LocalizedText {
    if let Some(field) = WorkloadField::parse(key) {
        return workload_field(field);
    }
    let (ja, en) = match key {
        "selected_choices" => ("選択", "Selected"),
        "not_applicable" => (glossary::NOT_APPLICABLE.ja, glossary::NOT_APPLICABLE.en),
        "choices_not_applicable" => ("対象外の選択肢", "Choices not applicable"),
        "evidence" => (glossary::EVIDENCE.ja, glossary::EVIDENCE.en),
        "file" => ("ファイル", "File"),
        "sha256" => ("SHA-256", "SHA-256"),
        "answers" => ("変更された回答", "Answers changed"),
        "questions" => ("変更された質問", "Questions changed"),
        "version" => ("版", "Version"),
        "schema_version" => ("ファイル形式の版", "File format version"),
        "service" => ("サービス", "Service"),
        "edition" => ("版", "Edition"),
        "edition_date" => ("版の日付", "Edition date"),
        "scenarios" => ("利用シナリオ数", "Scenarios"),
        "criteria" => ("クライテリア数", "Criteria"),
        "wg_notes" => ("留意事項数", "Notes on use"),
        "merge" => ("照合結果", "Merge"),
        "copied_from" => ("コピー元", "Copied from"),
        "merged_from" => ("統合元", "Merged from"),
        "merged_entries" => ("取り込んだ変更履歴の件数", "Audit entries merged"),
        "taken" => ("相手側から取り込んだ変更", "Changes taken from theirs"),
        "resolutions" => ("競合の解決", "Conflicts resolved"),
        "removed_criteria" => ("削除されたクライテリア", "Criteria removed"),
        "overwritten_evaluations" => ("上書きされた評価", "Evaluations overwritten"),
        "removed_evaluations" => ("削除された評価", "Evaluations removed"),
        "decision" => (glossary::WG_DECISION.ja, glossary::WG_DECISION.en),
        "own_measures" => (glossary::OWN_MEASURES.ja, glossary::OWN_MEASURES.en),
        "residual_risk" => (glossary::RESIDUAL_RISK.ja, glossary::RESIDUAL_RISK.en),
        "reviewer_notes" => (glossary::REVIEWER_NOTES.ja, glossary::REVIEWER_NOTES.en),
        "item" => (glossary::IMPROVEMENT_ITEM.ja, glossary::IMPROVEMENT_ITEM.en),
        "title" => ("対応内容", "Action"),
        "owner" => (glossary::ITEM_OWNER.ja, glossary::ITEM_OWNER.en),
        "due_date" => (glossary::DUE_DATE.ja, glossary::DUE_DATE.en),
        "status" => (glossary::ITEM_STATUS.ja, glossary::ITEM_STATUS.en),
        "acceptance_reason" => (
            glossary::ACCEPTANCE_REASON.ja,
            glossary::ACCEPTANCE_REASON.en,
        ),
        "milestone" => ("マイルストーン", "Milestone"),
        "milestone_before" => ("更新前のマイルストーン", "Milestone before the upgrade"),
        "audit_seq" => ("含む変更履歴", "Audit trail included"),
        "evidence_files" => ("エビデンスのファイル数", "Evidence files"),
        "question_set" => (glossary::QUESTION_SET.ja, glossary::QUESTION_SET.en),
        "to_rereview" => ("要再確認の質問", "Questions to re-review"),
        "renamed" => ("番号が変わった質問", "Questions renumbered"),
        "new_questions" => ("新しい質問", "New questions"),
        "removed_questions" => ("削除された質問", "Questions removed"),
        "rereview" => ("要再確認", "Re-review"),
        "folder" => ("フォルダ", "Folder"),
        "record" => ("記録", "Record"),
        _ => ("値", "Value"),
    };
    both(ja, en)
}

fn workload_field(field: WorkloadField) -> LocalizedText {
    let (ja, en) = match field {
        WorkloadField::Name => ("ワークロード名", "Workload name"),
        WorkloadField::Description => ("説明", "Description"),
        WorkloadField::ReviewOwner => ("レビュー責任者", "Review owner"),
        WorkloadField::Environment => ("環境", "Environment"),
        WorkloadField::AwsRegions => ("AWS リージョン", "AWS regions"),
        WorkloadField::OtherRegions => ("その他の拠点", "Other locations"),
        WorkloadField::AccountIds => ("AWS アカウント ID", "AWS account IDs"),
        WorkloadField::Industry => ("業種", "Industry"),
        WorkloadField::ArchitectureUrl => ("アーキテクチャ図の URL", "Architecture diagram URL"),
        WorkloadField::Notes => ("メモ", "Notes"),
        WorkloadField::ClientOrganization => ("対象組織", "Client organisation"),
        WorkloadField::Reviewers => ("レビュー担当者", "Reviewers"),
        WorkloadField::ReviewDate => ("レビュー日", "Review date"),
        WorkloadField::TimeZone => ("タイムゾーン", "Time zone"),
    };
    both(ja, en)
}

pub(super) fn reason(reason: NotApplicableReason) -> LocalizedText {
    let term = glossary::na_reason(reason);
    both(term.ja, term.en)
}

pub(super) fn evidence_kind(kind: EvidenceKind) -> LocalizedText {
    let (ja, en) = match kind {
        EvidenceKind::File => ("ファイル", "File"),
        EvidenceKind::Link => ("リンク", "Link"),
        EvidenceKind::Text => ("テキスト", "Text"),
    };
    both(ja, en)
}

pub(super) fn decision(decision: WgDecision) -> LocalizedText {
    let en = match decision {
        WgDecision::Adopted => "Adopted",
        WgDecision::Conditional => "Conditionally adopted",
        WgDecision::Rejected => "Not adopted",
        WgDecision::NotEvaluated => "Not evaluated",
    };
    both(decision.label_ja(), en)
}

pub(super) fn environment(code: &str) -> LocalizedText {
    match code {
        "PRODUCTION" => both("本番", "Production"),
        "PREPRODUCTION" => both("本番前", "Pre-production"),
        other => same(other),
    }
}

/// An improvement item's status in the glossary's words.
pub(super) fn item_status(status: crate::improvement::ItemStatus) -> LocalizedText {
    let term = glossary::item_status(status);
    both(term.ja, term.en)
}

/// What an owner nobody has set yet reads as (the app's 未設定).
pub(super) fn unset() -> LocalizedText {
    both("未設定", "(not set)")
}

/// What an absent value reads as.
pub(super) fn none() -> LocalizedText {
    both("（なし）", "(none)")
}

/// A WG re-import's merge, in counts.
pub(super) fn merge_counts(
    added: u64,
    changed: u64,
    unchanged: u64,
    removed: u64,
) -> LocalizedText {
    LocalizedText {
        ja: Some(format!(
            "追加 {added} / 変更 {changed} / 変更なし {unchanged} / 削除 {removed}"
        )),
        en: Some(format!(
            "added {added} / changed {changed} / unchanged {unchanged} / removed {removed}"
        )),
    }
}
