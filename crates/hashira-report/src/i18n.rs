//! Every fixed string of the report, in Japanese and English (those of a report as of a
//! milestone and of its "changes since" section in `i18n/milestones.rs`).

mod milestones;

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

pub static JA: Texts = Texts {
    title: "Well-Architected セキュリティレビュー報告書",
    default_label: "社外秘",
    workload_name: "ワークロード",
    client_organization: "お客様（組織名）",
    reviewers: "レビュー担当者",
    review_date: "レビュー実施日",
    question_sets: "質問セット",
    workbook_file: "ワークブック",
    workbook_sha256: "SHA-256",
    generated_at: "作成日時",
    confidentiality: "機密区分",
    contents: "目次",
    draft_mark: "ドラフト（未完了）",
    integrity_passed: |head| match head {
        Some(h) => format!(
            "改ざん検査: 問題なし（変更履歴の末尾 #{} {}）",
            h.seq, h.hash_short
        ),
        None => "改ざん検査: 問題なし（変更履歴なし）".to_string(),
    },
    integrity_failed: |n| {
        format!(
            "改ざん検査: 不合格 — 問題 {n} 件。内容を確認してください（hashira verify で詳細を表示）。"
        )
    },
    integrity_warning: "改ざん検査: 不合格 — 内容を確認してください",

    summary: "1. サマリー",
    progress: "進捗",
    progress_line: |c| {
        format!(
            "{} 問中 {} 問をレビュー済み（回答 {}・対象外 {}）：{}%",
            c.questions, c.reviewed, c.answered, c.not_applicable, c.progress_percent
        )
    },
    unanswered_risk_unknown: |c| {
        format!(
            "{} 問中 {} 問が未回答です。未回答の質問のリスクは不明です。",
            c.questions, c.unanswered
        )
    },
    risks_not_final: |n| {
        format!(
            "レビューが完了していないため、この一覧は確定していません（未回答 {n} 問のリスクは不明）。"
        )
    },
    na_without_reason_list: |n| {
        format!(
            "次の {n} 問は対象外の理由が記入されていません。理由を記入するまでレビューは完了しません。"
        )
    },
    total: "合計",
    reviewed: "レビュー済み",
    risk_by_set: "質問セット・柱ごとのリスク件数",
    risk_chart: "リスク分布",
    by_set: "質問セット別",
    by_pillar: "柱別（全質問セット）",
    set_or_pillar: "質問セット / 柱",
    questions: "質問数",
    answered: glossary::ANSWERED.ja,
    high_medium_risks: "高リスク・中リスクの質問",
    no_high_medium: "高リスク・中リスクの質問はありません。",
    question: "質問",
    risk: "リスク",
    set: "質問セット",
    pillar: "柱",

    workload: "2. ワークロードのプロパティ",
    property: "項目",
    value: "内容",
    workload_fields: [
        "ワークロード名",
        "説明",
        "レビュー責任者",
        "環境",
        "AWS リージョン",
        "AWS 以外のリージョン",
        "AWS アカウント ID",
        "業種",
        "アーキテクチャ図",
        "備考",
        "お客様（組織名）",
        "レビュー担当者",
        "レビュー実施日",
    ],
    production: "本番",
    preproduction: "本番前",

    answers: "3. 回答",
    selected: "選択したベストプラクティス",
    not_selected: "選択していないベストプラクティスと改善内容",
    improvement: "改善",
    guidance: "レビューの観点",
    see_also: "参考",
    choices_na: "該当しないベストプラクティス",
    question_na: "この質問は対象外",
    reason: "理由",
    notes: "メモ",
    evidence: glossary::EVIDENCE.ja,
    answered_by: "回答者",
    evidence_name: "名称",
    kind: "種類",
    size: "サイズ",
    sha256_short: "SHA-256（先頭）",
    added: "追加者・日時",
    unanswered_note: "この質問にはまだ回答がありません。",
    none_of_these: |title| {
        format!("「{title}」を選択（実施しているベストプラクティスはありません）")
    },
    none: "なし",
    for_choice: "対象",

    plan: "4. 改善計画",
    plan_intro: "高リスクの質問を先に、次に中リスクの質問を、質問セット・柱の順に示します。各項目は、選択されておらず対象外でもないベストプラクティスです。",
    plan_empty: "改善が必要な高リスク・中リスクの質問はありません。",
    plan_incomplete: |n| {
        format!(
            "未回答の質問が {n} 問あります。そのリスクは不明のため、この計画には含まれていません。レビューが完了するまで、この計画は確定していません。"
        )
    },
    priority_high: "優先度 高（高リスク）",
    priority_medium: "優先度 中（中リスク）",
    actions: "実施すべきベストプラクティス",
    plan_counts: |c| {
        format!(
            "{}：{} 件（{} {}・{} {}・{} {}・{} {}）。{}：{} 件。",
            glossary::IMPROVEMENT_ITEM.ja,
            c.total(),
            glossary::STATUS_OPEN.ja,
            c.open,
            glossary::STATUS_IN_PROGRESS.ja,
            c.in_progress,
            glossary::STATUS_DONE.ja,
            c.done,
            glossary::STATUS_RISK_ACCEPTED.ja,
            c.risk_accepted,
            glossary::OVERDUE.ja,
            c.overdue
        )
    },
    priority_other: "その他の改善項目（レビュー担当者が追加）",
    added_item: "レビュー担当者が追加",

    fisc: "5. FISC 安全対策基準 実務基準との対応",
    fisc_intro: "質問セットのベストプラクティスが参照する実務基準ごとに、対応する質問・ベストプラクティスの状況を示します。",
    fisc_empty: "選択した質問セットには FISC 実務基準の参照がありません。",
    fisc_ref: "実務基準",
    best_practice: "ベストプラクティス",
    status: "状況",
    question_risk: "質問のリスク",

    wg: "6. セキュリティリスク評価共同化WG 評価",
    wg_service: "サービス",
    wg_edition: "版",
    wg_source: "元ファイル",
    wg_imported: "取込者・日時",
    wg_decisions: "採否の内訳",
    wg_criterion_no: "No.",
    wg_criterion: glossary::CRITERION.ja,
    wg_decision: glossary::WG_DECISION.ja,
    wg_own_measures: glossary::OWN_MEASURES.ja,
    wg_residual_risk: glossary::RESIDUAL_RISK.ja,

    sign_off: "承認",
    sign_off_intro: "本報告書の内容を確認しました。",
    completeness: |c| {
        if c.is_complete() {
            return format!("完了状況: 全 {} 問をレビュー済み", c.questions);
        }
        let mut text = format!("完了状況: {} 問中 {} 問未回答", c.questions, c.unanswered);
        if c.not_applicable_without_reason > 0 {
            text.push_str(&format!(
                "、理由のない対象外 {} 問",
                c.not_applicable_without_reason
            ));
        }
        text + "（ドラフト）"
    },
    role: "役割",
    name: "氏名",
    signature: "署名・押印",
    date: "日付",
    role_reviewer: glossary::REVIEWER.ja,
    role_approver: "承認者",

    history: "付録: 変更履歴",
    history_intro: "ワークブックの変更履歴（ハッシュチェーン）に記録されたすべての変更を、古い順に示します。時刻はワークブックのタイムゾーンです。",

    legend: "凡例",
    page_of: |n, m| format!("ページ {n} / {m}"),
    paren: |text| format!("（{text}）"),
    bytes: |n| format!("{} バイト", group_digits(n)),
    count_unit: "件",
};

pub static EN: Texts = Texts {
    title: "Well-Architected Security Review Report",
    default_label: "Confidential",
    workload_name: "Workload",
    client_organization: "Client organisation",
    reviewers: "Reviewers",
    review_date: "Review date",
    question_sets: "Question sets",
    workbook_file: "Workbook",
    workbook_sha256: "SHA-256",
    generated_at: "Generated at",
    confidentiality: "Classification",
    contents: "Contents",
    draft_mark: "Draft — incomplete",
    integrity_passed: |head| match head {
        Some(h) => format!(
            "Integrity check: passed (audit chain head #{} {})",
            h.seq, h.hash_short
        ),
        None => "Integrity check: passed (no audit entries)".to_string(),
    },
    integrity_failed: |n| {
        format!(
            "Integrity check: FAILED — {n} problem(s). Check the contents (hashira verify shows them)."
        )
    },
    integrity_warning: "Integrity check: FAILED — check the contents",

    summary: "1. Summary",
    progress: "Progress",
    progress_line: |c| {
        format!(
            "{} of {} questions reviewed ({} answered, {} not applicable): {}%",
            c.reviewed, c.questions, c.answered, c.not_applicable, c.progress_percent
        )
    },
    unanswered_risk_unknown: |c| {
        format!(
            "{} of {} questions are unanswered. The risk of an unanswered question is unknown.",
            c.unanswered, c.questions
        )
    },
    risks_not_final: |n| {
        format!(
            "The review is not complete, so this list is not final ({n} unanswered questions, risk unknown)."
        )
    },
    na_without_reason_list: |n| {
        format!(
            "These {n} questions are marked not applicable without a written reason. The review is not complete until they have one."
        )
    },
    total: "Total",
    reviewed: "Reviewed",
    risk_by_set: "Risks per question set and pillar",
    risk_chart: "Risk distribution",
    by_set: "By question set",
    by_pillar: "By pillar (all question sets)",
    set_or_pillar: "Question set / pillar",
    questions: "Questions",
    answered: "Answered",
    high_medium_risks: "High and medium risk questions",
    no_high_medium: "No question is at high or medium risk.",
    question: "Question",
    risk: "Risk",
    set: "Question set",
    pillar: "Pillar",

    workload: "2. Workload properties",
    property: "Property",
    value: "Value",
    workload_fields: [
        "Workload name",
        "Description",
        "Review owner",
        "Environment",
        "AWS Regions",
        "Non-AWS regions",
        "AWS account IDs",
        "Industry",
        "Architectural design",
        "Notes",
        "Client organisation",
        "Reviewers",
        "Review date",
    ],
    production: "Production",
    preproduction: "Pre-production",

    answers: "3. Answers",
    selected: "Selected best practices",
    not_selected: "Best practices not selected, with improvements",
    improvement: "Improvement",
    guidance: "Reviewer guidance",
    see_also: "See also",
    choices_na: "Best practices marked not applicable",
    question_na: "Question not applicable",
    reason: "Reason",
    notes: "Notes",
    evidence: "Evidence",
    answered_by: "Answered by",
    evidence_name: "Name",
    kind: "Kind",
    size: "Size",
    sha256_short: "SHA-256 (start)",
    added: "Added by / at",
    unanswered_note: "This question has not been answered yet.",
    none_of_these: |title| format!("Answered “{title}”: no best practice is in place"),
    none: "None",
    for_choice: "For",

    plan: "4. Improvement plan",
    plan_intro: "High-risk questions first, then medium-risk questions, by question set and pillar. Each item is a best practice that is neither selected nor marked not applicable.",
    plan_empty: "No question at high or medium risk needs improvement.",
    plan_incomplete: |n| {
        format!(
            "{n} questions are unanswered. Their risk is unknown, so they are not in this plan. The plan is not final until the review is complete."
        )
    },
    priority_high: "Priority high (high risk)",
    priority_medium: "Priority medium (medium risk)",
    actions: "Best practices to put in place",
    plan_counts: |c| {
        format!(
            // The glossary's term, plural.
            "{}s: {} ({} {}, {} {}, {} {}, {} {}). {}: {}.",
            glossary::IMPROVEMENT_ITEM.en,
            c.total(),
            glossary::STATUS_OPEN.en,
            c.open,
            glossary::STATUS_IN_PROGRESS.en,
            c.in_progress,
            glossary::STATUS_DONE.en,
            c.done,
            glossary::STATUS_RISK_ACCEPTED.en,
            c.risk_accepted,
            glossary::OVERDUE.en,
            c.overdue
        )
    },
    priority_other: "Other improvement items (added by the reviewer)",
    added_item: "Added by the reviewer",

    fisc: "5. FISC Security Guidelines coverage (実務基準)",
    fisc_intro: "For every FISC 実務基準 referenced by the question sets' best practices, the related questions and best practices and their status.",
    fisc_empty: "The selected question sets reference no FISC 実務基準.",
    fisc_ref: "FISC ref.",
    best_practice: "Best practice",
    status: "Status",
    question_risk: "Question risk",

    wg: "6. Security risk assessment WG evaluations",
    wg_service: "Service",
    wg_edition: "Edition",
    wg_source: "Source file",
    wg_imported: "Imported by / at",
    wg_decisions: "Decisions",
    wg_criterion_no: "No.",
    wg_criterion: glossary::CRITERION.en,
    wg_decision: glossary::WG_DECISION.en,
    wg_own_measures: glossary::OWN_MEASURES.en,
    wg_residual_risk: glossary::RESIDUAL_RISK.en,

    sign_off: "Sign-off",
    sign_off_intro: "The contents of this report have been reviewed.",
    completeness: |c| {
        if c.is_complete() {
            return format!("Completeness: all {} questions reviewed", c.questions);
        }
        let mut text = format!(
            "Completeness: {} of {} questions unanswered",
            c.unanswered, c.questions
        );
        if c.not_applicable_without_reason > 0 {
            text.push_str(&format!(
                ", {} not applicable without a reason",
                c.not_applicable_without_reason
            ));
        }
        text + " (draft)"
    },
    role: "Role",
    name: "Name",
    signature: "Signature",
    date: "Date",
    role_reviewer: "Reviewer",
    role_approver: "Approver",

    history: "Appendix: change history",
    history_intro: "Every change recorded in the workbook's audit trail (a hash chain), oldest first. Times are in the workbook's time zone.",

    legend: "Legend",
    page_of: |n, m| format!("Page {n} of {m}"),
    paren: |text| format!(" ({text})"),
    bytes: |n| format!("{} bytes", group_digits(n)),
    count_unit: "",
};

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
