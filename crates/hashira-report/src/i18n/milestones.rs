//! The fixed strings of a report as of a milestone and of the "changes since" section, in
//! Japanese and English (kept beside `i18n.rs`, which holds the rest).

use hashira_core::Lang;
use hashira_core::diff::DiffSummary;

/// The texts of one language.
#[derive(Debug)]
pub struct MilestoneTexts {
    /// On the cover and every page header of a report as of a milestone: its name, when it
    /// was made and by whom.
    pub as_of: fn(&str, &str, &str) -> String,
    /// Every page's header of a report as of a milestone: its number and name.
    pub as_of_short: fn(&str) -> String,
    /// The cover's row naming the milestone.
    pub milestone: &'static str,
    /// The cover's row for the milestone record's SHA-256 (instead of the file's).
    pub record_sha256: &'static str,
    /// The integrity line when the workbook passed `verify` and its audit chain records the
    /// milestone (the entry's seq).
    pub integrity_passed: fn(i64) -> String,
    /// The integrity line otherwise: whether the chain records it, and `verify`'s problems.
    pub integrity_failed: fn(bool, usize) -> String,

    /// The section's title, with the milestone's name.
    pub changes_title: fn(&str) -> String,
    /// The section's introduction: since milestone (name, made at) up to now or a milestone.
    pub changes_intro: fn(&str, &str, Option<&str>) -> String,
    /// The summary's rows: (label, count) in the order printed.
    pub summary_rows: fn(&DiffSummary) -> Vec<(&'static str, usize)>,
    pub count: &'static str,
    pub no_changes: &'static str,
    pub changed_questions: &'static str,
    pub risk_change: &'static str,
    pub what_changed: &'static str,
    pub by_when: &'static str,
    pub question_added: &'static str,
    pub question_removed: &'static str,
    pub selections_added: &'static str,
    pub selections_removed: &'static str,
    pub question_na: &'static str,
    pub choice_na: &'static str,
    pub notes: &'static str,
    pub evidence_added: &'static str,
    pub evidence_removed: &'static str,
    pub evidence_reattached: &'static str,
    /// An empty value (no N/A, no notes) in a before → after.
    pub nothing: &'static str,
    pub workload_changes: &'static str,
    pub time_zone: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub wg_changes: &'static str,
    pub wg_service_added: &'static str,
    pub wg_service_removed: &'static str,
    pub wg_criterion_added: &'static str,
    pub wg_criterion_removed: &'static str,
    /// The improvement items' heading, and an item added or removed.
    pub item_changes: &'static str,
    pub item_added: &'static str,
    pub item_removed: &'static str,
    /// An item's place in the improvement plan (in it → no longer in it).
    pub in_plan: fn(bool) -> &'static str,
    /// The trend's caption for one question set.
    pub trend_set: fn(&str, &str) -> String,
    /// The trend chart's heading and introduction.
    pub trend: &'static str,
    pub trend_intro: &'static str,
    /// The trend's last bar: the review now.
    pub now: &'static str,
}

pub static JA: MilestoneTexts = MilestoneTexts {
    as_of: |name, at, by| format!("マイルストーン『{name}』（{at} 作成、{by}）時点"),
    as_of_short: |name| format!("マイルストーン『{name}』時点"),
    milestone: "マイルストーン",
    record_sha256: "マイルストーン記録の SHA-256",
    integrity_passed: |seq| {
        format!("改ざん検査: 問題なし（マイルストーンの記録は変更履歴 #{seq} に記録済み）")
    },
    integrity_failed: |recorded, n| {
        if recorded {
            format!("改ざん検査: 不合格 — ワークブックに問題 {n} 件。内容を確認してください。")
        } else {
            "改ざん検査: 不合格 — このマイルストーンの記録が変更履歴にありません。".to_string()
        }
    },
    changes_title: |name| format!("前回のマイルストーン『{name}』からの変更"),
    changes_intro: |name, at, to| match to {
        None => format!(
            "マイルストーン『{name}』（{at} 作成）から現在までに変わった回答・リスク・エビデンス、ワークロードの属性と WG の採否です。"
        ),
        Some(to) => format!(
            "マイルストーン『{name}』（{at} 作成）からマイルストーン『{to}』までに変わった回答・リスク・エビデンス、ワークロードの属性と WG の採否です。"
        ),
    },
    summary_rows: |s| {
        vec![
            ("解消した高リスク", s.high_resolved),
            ("新たな高リスク", s.high_new),
            ("解消した中リスク", s.medium_resolved),
            ("新たな中リスク", s.medium_new),
            ("変更された質問", s.questions_changed),
            ("新たに回答された質問", s.newly_answered),
            ("追加された質問", s.questions_added),
            ("削除された質問", s.questions_removed),
            ("変更されたワークロード属性", s.workload_fields_changed),
            ("変更された WG 評価項目", s.wg_criteria_changed),
            ("完了した改善項目", s.items_done),
            ("リスク受容した改善項目", s.items_risk_accepted),
            ("追加された改善項目", s.items_added),
            ("変更された改善項目", s.items_changed),
            ("期限超過の改善項目", s.items_overdue),
        ]
    },
    count: "件数",
    no_changes: "このマイルストーンからの変更はありません。",
    changed_questions: "変更された質問",
    risk_change: "リスク（前 → 後）",
    what_changed: "変更内容",
    by_when: "変更者・日時",
    question_added: "追加された質問",
    question_removed: "削除された質問",
    selections_added: "選択の追加",
    selections_removed: "選択の解除",
    question_na: "対象外",
    choice_na: "選択肢の対象外",
    notes: "メモ",
    evidence_added: "エビデンスの追加",
    evidence_removed: "エビデンスの削除",
    evidence_reattached: "エビデンスの再添付（内容は同一）",
    nothing: "なし",
    workload_changes: "ワークロード属性の変更",
    time_zone: "タイムゾーン",
    before: "変更前",
    after: "変更後",
    wg_changes: "WG 評価の変更",
    wg_service_added: "評価の追加",
    wg_service_removed: "評価の削除",
    wg_criterion_added: "項目の追加",
    wg_criterion_removed: "項目の削除",
    item_changes: "改善項目の変更",
    item_added: "追加",
    item_removed: "削除",
    in_plan: |yes| {
        if yes {
            "改善計画に掲載"
        } else {
            "解消済み"
        }
    },
    trend_set: |title, id| format!("{title}（{id}）"),
    trend: "リスクの推移",
    trend_intro: "各マイルストーンの作成時に記録した件数と現在の件数です（質問セットごと）。",
    now: "現在",
};

pub static EN: MilestoneTexts = MilestoneTexts {
    as_of: |name, at, by| format!("As of milestone {name} (made {at} by {by})"),
    as_of_short: |name| format!("As of milestone {name}"),
    milestone: "Milestone",
    record_sha256: "Milestone record SHA-256",
    integrity_passed: |seq| {
        format!(
            "Integrity check: passed (the milestone's record is entry #{seq} of the audit chain)"
        )
    },
    integrity_failed: |recorded, n| {
        if recorded {
            format!("Integrity check: FAILED — {n} problem(s) in the workbook. Check its contents.")
        } else {
            "Integrity check: FAILED — the audit chain does not record this milestone.".to_string()
        }
    },
    changes_title: |name| format!("Changes since milestone {name}"),
    changes_intro: |name, at, to| match to {
        None => format!(
            "Answers, risks and evidence, workload properties and WG decisions that changed from milestone {name} (made {at}) to now."
        ),
        Some(to) => format!(
            "Answers, risks and evidence, workload properties and WG decisions that changed from milestone {name} (made {at}) to milestone {to}."
        ),
    },
    summary_rows: |s| {
        vec![
            ("HIGH risks resolved", s.high_resolved),
            ("New HIGH risks", s.high_new),
            ("MEDIUM risks resolved", s.medium_resolved),
            ("New MEDIUM risks", s.medium_new),
            ("Questions changed", s.questions_changed),
            ("Newly answered", s.newly_answered),
            ("Questions added", s.questions_added),
            ("Questions removed", s.questions_removed),
            ("Workload properties changed", s.workload_fields_changed),
            ("WG criteria changed", s.wg_criteria_changed),
            ("Improvement items done", s.items_done),
            ("Improvement items risk accepted", s.items_risk_accepted),
            ("Improvement items added", s.items_added),
            ("Improvement items changed", s.items_changed),
            ("Improvement items overdue", s.items_overdue),
        ]
    },
    count: "Count",
    no_changes: "Nothing changed since this milestone.",
    changed_questions: "Changed questions",
    risk_change: "Risk (before → after)",
    what_changed: "What changed",
    by_when: "By, when",
    question_added: "Question added",
    question_removed: "Question removed",
    selections_added: "Selected",
    selections_removed: "Unselected",
    question_na: "Not applicable",
    choice_na: "Choice not applicable",
    notes: "Notes",
    evidence_added: "Evidence added",
    evidence_removed: "Evidence removed",
    evidence_reattached: "Evidence re-attached (same content)",
    nothing: "none",
    workload_changes: "Workload property changes",
    time_zone: "Time zone",
    before: "Before",
    after: "After",
    wg_changes: "WG evaluation changes",
    wg_service_added: "Evaluation added",
    wg_service_removed: "Evaluation removed",
    wg_criterion_added: "Criterion added",
    wg_criterion_removed: "Criterion removed",
    item_changes: "Improvement item changes",
    item_added: "added",
    item_removed: "removed",
    in_plan: |yes| if yes { "in the plan" } else { "resolved" },
    trend_set: |title, id| format!("{title} ({id})"),
    trend: "Risk trend",
    trend_intro: "The counts each milestone kept when it was made, and the counts now (per question set).",
    now: "Now",
};

pub fn milestone_texts(lang: Lang) -> &'static MilestoneTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}
