//! The report's fixed texts in English (the fields are described on [`Texts`]).

use hashira_core::glossary;

use super::{Texts, group_digits};

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
