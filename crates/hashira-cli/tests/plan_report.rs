//! The report's improvement plan with each item's follow-up (status, owner, due date), the
//! overdue ones marked, the counts by status, and the items a reviewer added — in Japanese and
//! English, read back with pdftotext.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{hashira, json, pdf_text};

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_plan_shows_owner_due_date_status_and_marks_overdue_items() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let run = |args: &[&str]| hashira(dir).args(args).assert().success();
    run(&["new", "r.hashira", "--name", "勘定系", "--set", "sec"]);
    run(&["answer", "r.hashira", "SEC1", "--none"]);
    // Today is 2026-04-01 (HASHIRA_NOW, UTC+09:00): due 03-31 is overdue, 04-30 is not.
    run(&[
        "plan",
        "set",
        "r.hashira",
        "SEC1",
        "SEC1-02",
        "--owner",
        "情報システム部",
        "--due",
        "2026-03-31",
        "--status",
        "IN_PROGRESS",
    ]);
    run(&[
        "plan",
        "set",
        "r.hashira",
        "SEC1",
        "SEC1-03",
        "--status",
        "RISK_ACCEPTED",
        "--reason",
        "次年度予算で対応",
    ]);
    run(&[
        "plan",
        "set",
        "r.hashira",
        "SEC1",
        "SEC1-04",
        "--due",
        "2026-04-30",
        "--notes",
        "手順書の改訂を含む",
    ]);
    let added = json(
        dir,
        &[
            "plan",
            "add",
            "r.hashira",
            "SEC5",
            "--title",
            "年次の侵入テスト",
        ],
    );
    let id = added["id"].as_i64().unwrap();
    let items = json(dir, &["plan", "r.hashira"]);
    let total = items.as_array().unwrap().len();
    let open = total - 2;

    run(&["report", "r.hashira", "ja.pdf"]);
    let ja = pdf_text(&dir.join("ja.pdf"));
    let counts = format!(
        "改善項目：{total} 件（未着手 {open}・対応中 1・完了 0・リスク受容 1）。期限超過：1 件。"
    );
    assert!(ja.contains(&squash(&counts)), "{ja}");
    assert!(
        ja.contains(&squash(
            "[期限超過] 対応状況: 対応中 / 対応担当者: 情報システム部 / 期限: 2026-03-31"
        )),
        "{ja}"
    );
    assert!(
        ja.contains(&squash("対応状況: 未着手 / 期限: 2026-04-30")),
        "{ja}"
    );
    assert!(!ja.contains(&squash("[期限超過] 対応状況: 未着手 / 期限: 2026-04-30")));
    assert!(ja.contains(&squash("メモ: 手順書の改訂を含む")), "{ja}");
    assert!(ja.contains(&squash("対応状況: リスク受容")), "{ja}");
    assert!(
        ja.contains(&squash("リスク受容の理由: 次年度予算で対応")),
        "{ja}"
    );
    assert!(
        ja.contains("その他の改善項目（レビュー担当者が追加）"),
        "{ja}"
    );
    assert!(
        ja.contains(&format!("#{id}年次の侵入テスト（レビュー担当者が追加）")),
        "{ja}"
    );

    run(&["report", "r.hashira", "en.pdf", "--lang", "en"]);
    let en = pdf_text(&dir.join("en.pdf"));
    let counts = format!(
        "Improvement items: {total} (Open {open}, In progress 1, Done 0, Risk accepted 1). Overdue: 1."
    );
    assert!(en.contains(&squash(&counts)), "{en}");
    assert!(
        en.contains(&squash(
            "[Overdue] Status: In progress / Owner: 情報システム部 / Due date: 2026-03-31"
        )),
        "{en}"
    );
    assert!(
        en.contains(&squash("Reason for acceptance: 次年度予算で対応")),
        "{en}"
    );
    assert!(
        en.contains(&squash("Other improvement items (added by the reviewer)")),
        "{en}"
    );
}
