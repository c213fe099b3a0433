//! A realistic, partly answered demo workbook: a fictional bank's internet-banking platform
//! reviewed against SEC 1–11 and the FISC lens, with Japanese notes and evidence of every kind.
//! Used by `hashira demo`, the README and the app's "open the demo" button.

use std::path::Path;
use std::sync::Arc;

use crate::clock::Clock;
use crate::error::Result;
use crate::question_set::shipped::shipped_sets;
use crate::workbook::{
    AnswerChange, ChoiceNotApplicable, Environment, NewEvidence, NotApplicable,
    NotApplicableReason, Workbook, Workload,
};

const LEAD: &str = "山田 太郎";
const SECOND: &str = "佐藤 花子";

fn choose(ids: &[&str]) -> Option<Vec<String>> {
    Some(ids.iter().map(|id| id.to_string()).collect())
}

pub fn create_demo(path: &Path, clock: Arc<dyn Clock>) -> Result<Workbook> {
    let today = clock.now().date();
    let mut workbook = Workbook::create(
        path,
        "インターネットバンキング基盤（AWS 移行）",
        shipped_sets()?,
        LEAD,
        clock,
    )?;
    workbook.update_workload(
        Workload {
            name: "インターネットバンキング基盤（AWS 移行）".into(),
            description: "個人向けインターネットバンキングの画面と API 基盤を、オンプレミスから東京・大阪リージョンへ移行する。勘定系とは専用線で接続する。".into(),
            review_owner: LEAD.into(),
            environment: Some(Environment::Production),
            aws_regions: vec!["ap-northeast-1".into(), "ap-northeast-3".into()],
            other_regions: vec!["本社データセンター（東京都）".into()],
            account_ids: vec!["111122223333".into(), "444455556666".into()],
            industry: "金融（銀行）".into(),
            architecture_url: "https://example.com/hashira-bank/architecture/ib-platform".into(),
            notes: "FISC 安全対策基準・解説書 第13版を前提にレビューする。勘定系システム側の対策は対象外。".into(),
            client_organization: "柱銀行株式会社（架空）".into(),
            reviewers: vec![LEAD.into(), SECOND.into()],
            review_date: Some(format!(
                "{:04}-{:02}-{:02}",
                today.year(),
                u8::from(today.month()),
                today.day()
            )),
            time_zone: crate::workbook::DEFAULT_TIME_ZONE.into(),
        },
        LEAD,
    )?;

    let answers: Vec<(&str, AnswerChange, &str)> = vec![
        (
            "SEC1",
            AnswerChange {
                selected_choices: choose(&["SEC1-01", "SEC1-02", "SEC1-03", "SEC1-06"]),
                notes: Some("ルートユーザーはハードウェア MFA で保護し、トークンは金庫で保管している。\n認証情報の定期的な監査とローテーションは未実施（次回改善計画に記載）。".into()),
                ..AnswerChange::default()
            },
            LEAD,
        ),
        (
            "SEC2",
            AnswerChange {
                selected_choices: choose(&["SEC2-01", "SEC2-02", "SEC2-03", "SEC2-04", "SEC2-05", "SEC2-06"]),
                notes: Some("IAM Identity Center と社内 AD を連携。入退社・異動は人事システムから自動反映。".into()),
                ..AnswerChange::default()
            },
            LEAD,
        ),
        (
            "SEC3",
            AnswerChange {
                selected_choices: choose(&["SEC3_no"]),
                notes: Some("夜間バッチが長期のアクセスキーを使用している。IAM ロールへの移行が必要。".into()),
                ..AnswerChange::default()
            },
            SECOND,
        ),
        (
            "SEC4",
            AnswerChange {
                selected_choices: choose(&["SEC4-01", "SEC4-04", "SEC4-05"]),
                notes: Some("CloudTrail・VPC フローログは監査用アカウントに集約済み。アラート要件は未定義。".into()),
                ..AnswerChange::default()
            },
            SECOND,
        ),
        (
            "SEC6",
            AnswerChange {
                selected_choices: choose(&["SEC6-01", "SEC6-02", "SEC6-05", "SEC6-06"]),
                choices_not_applicable: Some(vec![ChoiceNotApplicable {
                    choice_id: "SEC6-03".into(),
                    reason: NotApplicableReason::ArchitectureConstraints,
                    text: "専用線側のネットワーク機器は本社ネットワーク部が管理している。".into(),
                }]),
                ..AnswerChange::default()
            },
            LEAD,
        ),
        (
            "FISCSEC1",
            AnswerChange {
                selected_choices: choose(&["FISCSEC1-BP01", "FISCSEC1-BP03"]),
                notes: Some("渉外端末からの操作は想定していないが、端末区分の明文化は未了。".into()),
                ..AnswerChange::default()
            },
            LEAD,
        ),
        (
            "FISCSEC2",
            AnswerChange {
                selected_choices: choose(&["FISCSEC2-BP01", "FISCSEC2-BP02", "FISCSEC2-BP03"]),
                notes: Some("全リージョンで CloudTrail を有効化し、ログファイルの整合性検証を設定済み。".into()),
                ..AnswerChange::default()
            },
            SECOND,
        ),
        (
            "FISCSEC5",
            AnswerChange {
                selected_choices: choose(&["FISCSEC5-BP01", "FISCSEC5-BP02", "FISCSEC5-BP05"]),
                ..AnswerChange::default()
            },
            SECOND,
        ),
        (
            "FISCSEC10",
            AnswerChange {
                not_applicable: Some(Some(NotApplicable {
                    reason: NotApplicableReason::OutOfScope,
                    text: "本ワークロードは電子メールを送信しない（通知は SMS とアプリ内通知のみ）。".into(),
                })),
                ..AnswerChange::default()
            },
            LEAD,
        ),
    ];
    for (question_id, change, actor) in answers {
        workbook.save_answer(question_id, change, actor)?;
    }

    let evidence: Vec<(&str, Option<&str>, NewEvidence)> = vec![
        (
            "SEC1",
            Some("SEC1-06"),
            NewEvidence::Bytes {
                file_name: "IAMパスワードポリシー.txt".into(),
                content: "IAM パスワードポリシー（2026 年 4 月 設定確認）\n最小文字数: 14\n大文字・小文字・数字・記号: 必須\n再利用禁止: 直近 24 世代\n有効期間: 90 日\n".as_bytes().to_vec(),
                title: "IAM パスワードポリシー設定値".into(),
            },
        ),
        (
            "SEC1",
            None,
            NewEvidence::Link {
                url: "https://docs.aws.amazon.com/ja_jp/IAM/latest/UserGuide/root-user-best-practices.html".into(),
                title: "ルートユーザーのベストプラクティス".into(),
            },
        ),
        (
            "SEC4",
            None,
            NewEvidence::Text {
                text: "CloudTrail は全リージョンで有効。ログは監査用アカウントの S3 バケット（オブジェクトロック有効）に集約し、保存期間は 7 年。".into(),
                title: "ヒアリング記録（2026 年 4 月）".into(),
            },
        ),
        (
            "FISCSEC2",
            Some("FISCSEC2-BP01"),
            NewEvidence::Bytes {
                file_name: "cloudtrail-設定一覧.csv".into(),
                content: "アカウント,リージョン,証跡名,整合性検証,データイベント\n111122223333,ap-northeast-1,org-trail,有効,S3 のみ\n444455556666,ap-northeast-3,org-trail,有効,S3 のみ\n".as_bytes().to_vec(),
                title: "CloudTrail 証跡設定一覧".into(),
            },
        ),
        (
            "FISCSEC2",
            None,
            NewEvidence::Link {
                url: "https://docs.aws.amazon.com/ja_jp/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html".into(),
                title: "CloudTrail ログファイルの整合性の検証".into(),
            },
        ),
        (
            "FISCSEC5",
            Some("FISCSEC5-BP05"),
            NewEvidence::Text {
                text: "IAM Identity Center の全ユーザーに MFA を必須化。緊急用アカウントは 2 拠点に物理 MFA を配置。".into(),
                title: "MFA 運用規程（抜粋）".into(),
            },
        ),
    ];
    for (question_id, choice_id, item) in evidence {
        workbook.add_evidence(question_id, choice_id, item, SECOND)?;
    }
    Ok(workbook)
}
