//! Every fixed string of the report, in Japanese and English: what each one is here ([`Texts`]),
//! the two tables in `i18n/ja.rs` and `i18n/en.rs`, and those of a report as of a milestone and
//! of its "changes since" section in `i18n/milestones.rs`.

mod en;
mod ja;
mod milestones;

pub use en::EN;
pub use ja::JA;
pub use milestones::{MilestoneTexts, milestone_texts};

use hashira_core::Lang;
use hashira_core::glossary;
use hashira_core::workbook::{EvidenceKind, NotApplicableReason};
use hashira_core::{Risk, RiskCounts};

use crate::model::{AuditHead, CoverageStatus, PlanCounts};

/// The fixed texts of one language.
#[derive(Debug)]
pub struct Texts {
    pub title: &'static str,
    pub default_label: &'static str,
    pub workload_name: &'static str,
    pub client_organization: &'static str,
    pub reviewers: &'static str,
    pub review_date: &'static str,
    pub question_sets: &'static str,
    pub workbook_file: &'static str,
    pub workbook_sha256: &'static str,
    pub generated_at: &'static str,
    pub confidentiality: &'static str,
    pub contents: &'static str,
    /// On the cover and every page header while the review is not complete.
    pub draft_mark: &'static str,
    /// The cover's integrity line when `verify` passed, with the audit chain head.
    pub integrity_passed: fn(Option<&AuditHead>) -> String,
    /// The cover's integrity line when `verify` found problems (their count).
    pub integrity_failed: fn(usize) -> String,
    /// On every page header when `verify` found problems.
    pub integrity_warning: &'static str,

    pub summary: &'static str,
    pub progress: &'static str,
    /// Reviewed of questions (answered and N/A), and the percent, from the core's figures.
    pub progress_line: fn(&RiskCounts) -> String,
    /// Unanswered questions and their unknown risk (incomplete review only).
    pub unanswered_risk_unknown: fn(&RiskCounts) -> String,
    /// Above the high/medium list while the review is incomplete: the list is not final.
    pub risks_not_final: fn(usize) -> String,
    /// Heads the list of questions marked N/A without a reason.
    pub na_without_reason_list: fn(usize) -> String,
    pub total: &'static str,
    /// The counts table's reviewed column (answered + N/A), as in the progress line.
    pub reviewed: &'static str,
    pub risk_by_set: &'static str,
    pub risk_chart: &'static str,
    pub by_set: &'static str,
    pub by_pillar: &'static str,
    pub set_or_pillar: &'static str,
    pub questions: &'static str,
    pub answered: &'static str,
    pub high_medium_risks: &'static str,
    pub no_high_medium: &'static str,
    pub question: &'static str,
    pub risk: &'static str,
    pub set: &'static str,
    pub pillar: &'static str,

    pub workload: &'static str,
    pub property: &'static str,
    pub value: &'static str,
    pub workload_fields: [&'static str; 13],
    pub production: &'static str,
    pub preproduction: &'static str,

    pub answers: &'static str,
    pub selected: &'static str,
    pub not_selected: &'static str,
    pub improvement: &'static str,
    /// Heads a question's reviewer guidance (the app's word).
    pub guidance: &'static str,
    /// Before a best practice's related link (a lens's additional resource).
    pub see_also: &'static str,
    pub choices_na: &'static str,
    pub question_na: &'static str,
    pub reason: &'static str,
    pub notes: &'static str,
    pub evidence: &'static str,
    pub answered_by: &'static str,
    pub evidence_name: &'static str,
    pub kind: &'static str,
    pub size: &'static str,
    pub sha256_short: &'static str,
    pub added: &'static str,
    pub unanswered_note: &'static str,
    /// The reviewer chose "None of these" (its title): no best practice is in place.
    pub none_of_these: fn(&str) -> String,
    pub none: &'static str,
    pub for_choice: &'static str,

    pub plan: &'static str,
    pub plan_intro: &'static str,
    pub plan_empty: &'static str,
    /// Instead of `plan_empty` (and before the plan) while questions are unanswered.
    pub plan_incomplete: fn(usize) -> String,
    pub priority_high: &'static str,
    pub priority_medium: &'static str,
    pub actions: &'static str,
    /// The plan's improvement items counted by status, and the overdue ones.
    pub plan_counts: fn(&PlanCounts) -> String,
    /// The heading of questions listed only for the items a reviewer added to them.
    pub priority_other: &'static str,
    /// Beside an item a reviewer added.
    pub added_item: &'static str,

    pub fisc: &'static str,
    pub fisc_intro: &'static str,
    pub fisc_empty: &'static str,
    pub fisc_ref: &'static str,
    pub best_practice: &'static str,
    pub status: &'static str,
    pub question_risk: &'static str,

    pub wg: &'static str,
    pub wg_service: &'static str,
    pub wg_edition: &'static str,
    pub wg_source: &'static str,
    pub wg_imported: &'static str,
    pub wg_decisions: &'static str,
    pub wg_criterion_no: &'static str,
    pub wg_criterion: &'static str,
    pub wg_decision: &'static str,
    pub wg_own_measures: &'static str,
    pub wg_residual_risk: &'static str,

    pub sign_off: &'static str,
    pub sign_off_intro: &'static str,
    /// Beside the signatures: how complete the signed review is.
    pub completeness: fn(&RiskCounts) -> String,
    pub role: &'static str,
    pub name: &'static str,
    pub signature: &'static str,
    pub date: &'static str,
    pub role_reviewer: &'static str,
    pub role_approver: &'static str,

    /// The change history appendix (`ReportOptions::with_history`).
    pub history: &'static str,
    pub history_intro: &'static str,

    pub legend: &'static str,
    pub page_of: fn(usize, usize) -> String,
    /// A parenthetical after text: full-width brackets in Japanese.
    pub paren: fn(&str) -> String,
    pub bytes: fn(i64) -> String,
    pub count_unit: &'static str,
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

/// A list as written in running text: `a、b` in Japanese, `a, b` in English.
pub(crate) fn join_list(items: &[String], lang: Lang) -> String {
    items.join(if lang == Lang::Ja { "、" } else { ", " })
}

pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The glossary's word for a risk.
pub fn risk_label(lang: Lang, risk: Risk) -> &'static str {
    glossary::risk(risk).get(lang)
}

/// Short labels for the chart legend and count columns.
pub fn risk_short(lang: Lang, risk: Risk) -> &'static str {
    match (lang, risk) {
        (Lang::Ja, Risk::High) => "高",
        (Lang::Ja, Risk::Medium) => "中",
        (Lang::Ja, Risk::None) => "なし",
        (Lang::Ja, Risk::NotApplicable) => "対象外",
        (Lang::Ja, Risk::Unanswered) => "未回答",
        (Lang::En, Risk::High) => "High",
        (Lang::En, Risk::Medium) => "Medium",
        (Lang::En, Risk::None) => "None",
        (Lang::En, Risk::NotApplicable) => "N/A",
        (Lang::En, Risk::Unanswered) => "Unanswered",
    }
}

/// The glossary's word for a not-applicable reason.
pub fn na_reason(lang: Lang, reason: NotApplicableReason) -> &'static str {
    glossary::na_reason(reason).get(lang)
}

pub fn evidence_kind(lang: Lang, kind: EvidenceKind) -> &'static str {
    match (lang, kind) {
        (Lang::Ja, EvidenceKind::File) => "ファイル",
        (Lang::Ja, EvidenceKind::Link) => "リンク",
        (Lang::Ja, EvidenceKind::Text) => "テキスト",
        (Lang::En, EvidenceKind::File) => "File",
        (Lang::En, EvidenceKind::Link) => "Link",
        (Lang::En, EvidenceKind::Text) => "Text",
    }
}

pub fn wg_decision(lang: Lang, decision: hashira_core::wg::WgDecision) -> &'static str {
    use hashira_core::wg::WgDecision;
    match (lang, decision) {
        (Lang::Ja, d) => d.label_ja(),
        (Lang::En, WgDecision::Adopted) => "Adopted",
        (Lang::En, WgDecision::Conditional) => "Adopted with conditions",
        (Lang::En, WgDecision::Rejected) => "Not adopted",
        (Lang::En, WgDecision::NotEvaluated) => "Not evaluated",
    }
}

pub fn coverage_status(lang: Lang, status: CoverageStatus) -> &'static str {
    match (lang, status) {
        (Lang::Ja, CoverageStatus::Selected) => "実施済み",
        (Lang::Ja, CoverageStatus::NotSelected) => "未実施",
        (Lang::Ja, CoverageStatus::NotApplicable) => "対象外",
        (Lang::Ja, CoverageStatus::Unanswered) => "未回答",
        (Lang::En, CoverageStatus::Selected) => "In place",
        (Lang::En, CoverageStatus::NotSelected) => "Not in place",
        (Lang::En, CoverageStatus::NotApplicable) => "Not applicable",
        (Lang::En, CoverageStatus::Unanswered) => "Unanswered",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(1234567), "1,234,567");
        assert_eq!(group_digits(-1234), "-1,234");
    }

    #[test]
    fn page_labels() {
        assert_eq!((JA.page_of)(2, 10), "ページ 2 / 10");
        assert_eq!((EN.page_of)(2, 10), "Page 2 of 10");
    }
}
