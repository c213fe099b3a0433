//! The review's answers as .xlsx: one sheet per question set (a row per question and per
//! choice, ids in visible columns) and a summary sheet; and the re-import of a filled sheet,
//! keyed by ids so sorted, filtered or re-ordered rows still import.
//!
//! `export` writes the sheets, `import` plans (and applies) a filled one; the columns and the
//! words both understand are here.

mod export;
mod import;
mod items;

use hashira_core::glossary;
use hashira_core::workbook::NotApplicableReason;

use crate::table::Field;
use crate::text::normalize;

pub use export::{ExportSummary, export_milestone_review, export_review};
pub use import::{
    AnswerDiff, FieldChange, ReviewImportReport, import_review, import_review_expecting,
};
pub use items::{ITEM_FIELDS, ITEMS_SHEET, ItemDiff};

pub const SUMMARY_SHEET: &str = "サマリー";
/// The summary's row saying the export is the review as of a milestone; the import refuses
/// the file while it is filled in (its answers are of then, not now).
pub const MILESTONE_LABEL: &str = "マイルストーン";

/// Response words written and accepted (older exports' 非該当 is accepted too).
pub const SELECTED: &str = "選択";
pub const NOT_APPLICABLE: &str = glossary::NOT_APPLICABLE.ja;

/// The columns of a set's sheet, in the order written.
pub const REVIEW_FIELDS: &[Field] = &[
    Field::new("pillar", "柱", 14.0, &["Pillar", "Pillar name"]),
    Field::new(
        "question_id",
        "質問ID",
        10.0,
        &["Question ID", "QuestionId", "質問番号"],
    ),
    Field::new("question", "質問", 36.0, &["Question", "Question title"]),
    Field::new(
        "explanation",
        "説明",
        30.0,
        &["Explanation", "Description", "質問の説明"],
    ),
    Field::new(
        "choice_id",
        "選択肢ID",
        12.0,
        &["Choice ID", "ChoiceId", "ベストプラクティスID"],
    ),
    Field::new(
        "choice",
        "選択肢",
        36.0,
        &["Choice", "Choice title", "ベストプラクティス"],
    ),
    Field::new(
        "detail",
        "詳細",
        40.0,
        &["Detail", "Details", "Choice description", "解説"],
    ),
    Field::new(
        "response",
        "回答",
        10.0,
        &["Response", "Answer", "Selected", "回答状況"],
    ),
    Field::new("notes", "メモ", 36.0, &["Notes", "Note", "備考"]),
    Field::new("risk", "リスク", 10.0, &["Risk"]),
    Field::new(
        "na_reason",
        glossary::NA_REASON.ja,
        18.0,
        &[
            "Not applicable reason",
            "Reason",
            "N/A reason",
            "非該当理由",
        ],
    ),
    Field::new(
        "na_text",
        "対象外の説明",
        24.0,
        &[
            "Not applicable text",
            "Reason text",
            "非該当の説明",
            "非該当理由の説明",
        ],
    ),
    Field::new(
        "evidence",
        EVIDENCE_COUNT,
        8.0,
        &["Evidence", "Evidence count"],
    ),
    Field::new(
        "fisc_refs",
        "FISC参照",
        14.0,
        &["FISC", "FISC references", "関連FISC"],
    ),
    Field::new("updated_by", "更新者", 12.0, &["Updated by"]),
    Field::new("updated_at", "更新日時", 18.0, &["Updated at"]),
    // Written, never read back: the list is cleared by saving or confirming an answer.
    Field::new(
        "rereview",
        REREVIEW,
        12.0,
        &["To re-review", "Re-review", "要再確認 / to re-review"],
    ),
];

/// A question a set upgrade changed under its answer (`hashira questions --rereview`).
pub const REREVIEW: &str = "要再確認";

/// "エビデンス数": the glossary's word for evidence, counted.
const EVIDENCE_COUNT: &str = "エビデンス数";

/// Not-applicable reasons as written in the sheet: the glossary's words.
fn na_label(reason: NotApplicableReason) -> &'static str {
    glossary::na_reason(reason).ja
}

/// A reason read back: the core's code, the glossary's word in either language, or a spelling
/// older exports wrote (ビジネス上の優先事項).
fn parse_na_reason(text: &str) -> Option<NotApplicableReason> {
    NotApplicableReason::parse(text).or_else(|| {
        let text = normalize(text);
        NotApplicableReason::ALL.into_iter().find(|r| {
            let term = glossary::na_reason(*r);
            [term.ja, term.en]
                .iter()
                .chain(term.rejected)
                .any(|word| normalize(word) == text)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_written_in_the_glossarys_words_and_older_spellings_still_read() {
        assert_eq!(
            na_label(NotApplicableReason::BusinessPriorities),
            "業務上の優先度"
        );
        for (text, reason) in [
            ("業務上の優先度", NotApplicableReason::BusinessPriorities),
            (
                "ビジネス上の優先事項",
                NotApplicableReason::BusinessPriorities,
            ),
            (
                "Business priorities",
                NotApplicableReason::BusinessPriorities,
            ),
            (
                "BUSINESS_PRIORITIES",
                NotApplicableReason::BusinessPriorities,
            ),
            (
                "アーキテクチャの制約",
                NotApplicableReason::ArchitectureConstraints,
            ),
            (
                "アーキテクチャ上の制約",
                NotApplicableReason::ArchitectureConstraints,
            ),
            ("対象範囲外", NotApplicableReason::OutOfScope),
        ] {
            assert_eq!(parse_na_reason(text), Some(reason), "{text}");
        }
        assert_eq!(parse_na_reason("気分"), None);
    }
}
