//! The product's one vocabulary: every term the app, the PDF report, the Excel files and the CLI
//! print for the same idea, in Japanese and English, with the spellings we do not use.
//!
//! A reviewer signing a report must not meet 対象外 on one page and 非該当 on the next, or 採否
//! in the app and 判定 in the Excel file. Surfaces take their words from here (or, for the UI's
//! locale files, are checked against it), and `violations` finds a rejected spelling in any
//! text, which the surface tests run over every fixed string. Texts quoted from the sources
//! (WG, FISC, AWS) are verbatim and never checked: they may well say 証跡. GLOSSARY.md is the
//! table for people.

use crate::Lang;
use crate::improvement::ItemStatus;
use crate::risk::Risk;
use crate::workbook::NotApplicableReason;

/// One term: its canonical words and the variants no surface may print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub id: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
    /// Spellings of the same idea that are not used (either language).
    pub rejected: &'static [&'static str],
}

impl Term {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }
}

const fn term(
    id: &'static str,
    ja: &'static str,
    en: &'static str,
    rejected: &'static [&'static str],
) -> Term {
    Term {
        id,
        ja,
        en,
        rejected,
    }
}

// Review states and risk.
pub const NOT_APPLICABLE: Term = term(
    "not_applicable",
    "対象外",
    "Not applicable",
    &["非該当", "該当なし", "適用外", "Non-applicable"],
);
pub const NA_REASON: Term = term("na_reason", "対象外の理由", "Reason", &["非該当理由"]);
pub const NA_WITHOUT_REASON: Term = term(
    "na_without_reason",
    "理由のない対象外",
    "Not applicable without a reason",
    &["理由なしの対象外", "対象外（理由なし）"],
);
pub const ANSWERED: Term = term("answered", "回答済み", "Answered", &["回答済"]);
pub const UNANSWERED: Term = term("unanswered", "未回答", "Unanswered", &["回答なし"]);
pub const REVIEWED: Term = term("reviewed", "レビュー済み", "Reviewed", &["レビュー済"]);
pub const RISK_HIGH: Term = term(
    "risk_high",
    "高リスク",
    "High risk",
    &["リスク高", "ハイリスク"],
);
pub const RISK_MEDIUM: Term = term("risk_medium", "中リスク", "Medium risk", &["リスク中"]);
pub const RISK_NONE: Term = term(
    "risk_none",
    "リスクなし",
    "No risk",
    &["リスク無し", "リスク低"],
);

// Why a question or choice is not applicable: the WA Tool's reasons (its NONE is "no reason",
// NA_WITHOUT_REASON above).
pub const REASON_OUT_OF_SCOPE: Term =
    term("reason_out_of_scope", "対象範囲外", "Out of scope", &[]);
pub const REASON_BUSINESS_PRIORITIES: Term = term(
    "reason_business_priorities",
    "業務上の優先度",
    "Business priorities",
    &[
        "ビジネス上の優先事項",
        "ビジネスの優先度",
        "ビジネス上の優先度",
    ],
);
pub const REASON_ARCHITECTURE_CONSTRAINTS: Term = term(
    "reason_architecture_constraints",
    "アーキテクチャ上の制約",
    "Architecture constraints",
    &["アーキテクチャの制約"],
);
pub const REASON_OTHER: Term = term("reason_other", "その他", "Other", &[]);

// What a workbook holds: the shipped sets, a custom lens once imported.
pub const QUESTION_SET: Term = term(
    "question_set",
    "質問セット",
    "Question set",
    &["設問セット", "設問集", "質問集"],
);

// Evidence and the audit trail. The app says エビデンス; 証跡 stays in the sources' own text.
pub const EVIDENCE: Term = term("evidence", "エビデンス", "Evidence", &["証跡"]);
pub const AUDIT_TRAIL: Term = term(
    "audit_trail",
    "変更履歴",
    "Audit trail",
    &["監査ログ", "監査記録", "監査証跡", "Audit log"],
);
pub const REVIEWER: Term = term(
    "reviewer",
    "レビュー担当者",
    "Reviewer",
    &[
        "レビューア",
        "レビュアー",
        "レビュワー",
        "レビュー者",
        "レビュー実施者",
    ],
);

// The institution's evaluation of a WG criterion.
pub const CRITERION: Term = term("criterion", "クライテリア", "Criterion", &["評価基準"]);
pub const WG_DECISION: Term = term(
    "wg_decision",
    "採否",
    "Decision",
    &["判定", "判断", "Judgement", "Judgment", "Verdict"],
);
pub const OWN_MEASURES: Term = term(
    "own_measures",
    "自機関の対策",
    "Own measures",
    &["自社対策", "自社の対策", "当社の対策", "当社対策"],
);
pub const RESIDUAL_RISK: Term = term(
    "residual_risk",
    "残存リスク",
    "Residual risk",
    &["残留リスク"],
);
pub const REVIEWER_NOTES: Term = term(
    "reviewer_notes",
    "レビュー担当者の所見",
    "Reviewer notes",
    &["レビュー者メモ", "レビューア所見"],
);

// Improvement items that are followed up (issue #13 §4).
pub const IMPROVEMENT_ITEM: Term = term(
    "improvement_item",
    "改善項目",
    "Improvement item",
    &["改善事項", "改善アイテム"],
);
pub const ITEM_OWNER: Term = term("item_owner", "対応担当者", "Owner", &["対応者"]);
pub const DUE_DATE: Term = term(
    "due_date",
    "期限",
    "Due date",
    &["期日", "締切", "締め切り"],
);
pub const ITEM_STATUS: Term = term(
    "item_status",
    "対応状況",
    "Status",
    &["進捗状況", "ステータス"],
);
pub const STATUS_OPEN: Term = term("status_open", "未着手", "Open", &[]);
pub const STATUS_IN_PROGRESS: Term = term("status_in_progress", "対応中", "In progress", &[]);
pub const STATUS_DONE: Term = term("status_done", "完了", "Done", &["対応済み"]);
pub const STATUS_RISK_ACCEPTED: Term = term(
    "status_risk_accepted",
    "リスク受容",
    "Risk accepted",
    &["リスク許容", "リスク容認", "リスク受け入れ"],
);
pub const ACCEPTANCE_REASON: Term = term(
    "acceptance_reason",
    "リスク受容の理由",
    "Reason for acceptance",
    &["受容理由"],
);
// Variants that contain a canonical word (期限切れ holds 期限) cannot be told apart once
// canonical words are blanked, so none is listed here.
pub const OVERDUE: Term = term("overdue", "期限超過", "Overdue", &[]);
/// A practice that left the plan (selected, not applicable, or its question no longer HIGH or
/// MEDIUM); its row is kept.
pub const RESOLVED: Term = term("resolved", "解消済み", "Resolved", &["解消済"]);

/// Every term, for the table and the checks.
pub const TERMS: &[Term] = &[
    NOT_APPLICABLE,
    NA_REASON,
    NA_WITHOUT_REASON,
    ANSWERED,
    UNANSWERED,
    REVIEWED,
    RISK_HIGH,
    RISK_MEDIUM,
    RISK_NONE,
    REASON_OUT_OF_SCOPE,
    REASON_BUSINESS_PRIORITIES,
    REASON_ARCHITECTURE_CONSTRAINTS,
    REASON_OTHER,
    QUESTION_SET,
    EVIDENCE,
    AUDIT_TRAIL,
    REVIEWER,
    CRITERION,
    WG_DECISION,
    OWN_MEASURES,
    RESIDUAL_RISK,
    REVIEWER_NOTES,
    IMPROVEMENT_ITEM,
    ITEM_OWNER,
    DUE_DATE,
    ITEM_STATUS,
    STATUS_OPEN,
    STATUS_IN_PROGRESS,
    STATUS_DONE,
    STATUS_RISK_ACCEPTED,
    ACCEPTANCE_REASON,
    OVERDUE,
    RESOLVED,
];

/// The word for an improvement item's status.
pub fn item_status(status: ItemStatus) -> &'static Term {
    match status {
        ItemStatus::Open => &STATUS_OPEN,
        ItemStatus::InProgress => &STATUS_IN_PROGRESS,
        ItemStatus::Done => &STATUS_DONE,
        ItemStatus::RiskAccepted => &STATUS_RISK_ACCEPTED,
    }
}

/// The word for a question's risk (or state: unanswered, not applicable).
pub fn risk(risk: Risk) -> &'static Term {
    match risk {
        Risk::High => &RISK_HIGH,
        Risk::Medium => &RISK_MEDIUM,
        Risk::None => &RISK_NONE,
        Risk::NotApplicable => &NOT_APPLICABLE,
        Risk::Unanswered => &UNANSWERED,
    }
}

/// The word for a not-applicable reason.
pub fn na_reason(reason: NotApplicableReason) -> &'static Term {
    match reason {
        NotApplicableReason::OutOfScope => &REASON_OUT_OF_SCOPE,
        NotApplicableReason::BusinessPriorities => &REASON_BUSINESS_PRIORITIES,
        NotApplicableReason::ArchitectureConstraints => &REASON_ARCHITECTURE_CONSTRAINTS,
        NotApplicableReason::Other => &REASON_OTHER,
    }
}

/// A rejected spelling found in a text: which term, and the variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub term: &'static str,
    pub canonical_ja: &'static str,
    pub canonical_en: &'static str,
    pub found: &'static str,
}

/// Every rejected spelling in `text`. Canonical words are blanked out first, so a variant that
/// is part of a canonical word (レビュー済 in レビュー済み) is not a finding. English variants
/// are matched without regard to case.
pub fn violations(text: &str) -> Vec<Violation> {
    let mut rest = text.to_string();
    for term in TERMS {
        rest = rest.replace(term.ja, " ");
    }
    let lower = rest.to_lowercase();
    let mut found = Vec::new();
    for term in TERMS {
        for variant in term.rejected {
            let hit = if variant.is_ascii() {
                lower.contains(&variant.to_lowercase())
            } else {
                rest.contains(variant)
            };
            if hit {
                found.push(Violation {
                    term: term.id,
                    canonical_ja: term.ja,
                    canonical_en: term.en,
                    found: variant,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_no_term_rejects_another_terms_word() {
        for (i, a) in TERMS.iter().enumerate() {
            for b in &TERMS[i + 1..] {
                assert_ne!(a.id, b.id);
            }
            for b in TERMS {
                assert!(!b.rejected.contains(&a.ja), "{} rejects {}", b.id, a.ja);
                assert!(!b.rejected.contains(&a.en), "{} rejects {}", b.id, a.en);
            }
        }
    }

    #[test]
    fn a_variant_inside_a_canonical_word_is_not_a_finding() {
        assert!(violations("12/27 レビュー済み（44%）・回答済み").is_empty());
        assert!(violations("自機関の対策と採否").is_empty());
        let found: Vec<_> = violations("レビュー済 3 問、非該当 1 問")
            .into_iter()
            .map(|v| v.found)
            .collect();
        assert_eq!(found, ["非該当", "レビュー済"]);
        assert_eq!(violations("the JUDGEMENT column")[0].term, "wg_decision");
    }

    #[test]
    fn every_risk_and_reason_has_its_word() {
        assert_eq!(risk(Risk::NotApplicable).ja, "対象外");
        assert_eq!(
            na_reason(NotApplicableReason::ArchitectureConstraints).ja,
            "アーキテクチャ上の制約"
        );
        for reason in NotApplicableReason::ALL {
            assert!(violations(na_reason(reason).ja).is_empty());
        }
    }
}
