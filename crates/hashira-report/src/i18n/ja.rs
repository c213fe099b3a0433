//! The report's fixed texts in Japanese (the fields are described on [`Texts`]).

use hashira_core::glossary;

use super::{Texts, group_digits};

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
