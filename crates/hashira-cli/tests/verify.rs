//! `hashira verify` against a row edited outside the product: exit 3 and the place printed,
//! as text and as JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use predicates::prelude::*;
use serde_json::json;

#[test]
fn verify_names_a_row_edited_with_another_program_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let file = "edited.hashira";
    common::hashira(dir.path())
        .args(["new", file, "--name", "勘定系 API 基盤"])
        .assert()
        .success();
    common::hashira(dir.path())
        .args([
            "answer",
            file,
            "SEC1",
            "--choose",
            "SEC1-01",
            "--notes",
            "元のメモ",
        ])
        .assert()
        .success();
    common::hashira(dir.path())
        .args(["verify", file])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));

    // As sqlite3 would: another connection, no product code.
    rusqlite::Connection::open(dir.path().join(file))
        .unwrap()
        .execute(
            "UPDATE answer SET notes = '書き換えたメモ' WHERE question_id = 'SEC1'",
            [],
        )
        .unwrap();
    common::hashira(dir.path())
        .args(["verify", file])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("answer SEC1, notes"))
        .stdout(predicate::str::contains("\"元のメモ\""))
        .stdout(predicate::str::contains("\"書き換えたメモ\""))
        .stderr(predicate::str::contains("1 problem(s) found"));

    let output = common::hashira(dir.path())
        .args(["verify", file, "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    let problem = &report["problems"][0];
    assert_eq!(problem["kind"], "RECORDED_STATE");
    assert_eq!(
        (
            &problem["table"],
            &problem["key"],
            &problem["field"],
            &problem["expected"],
            &problem["found"]
        ),
        (
            &json!("answer"),
            &json!("SEC1"),
            &json!("notes"),
            &json!("元のメモ"),
            &json!("書き換えたメモ")
        )
    );
}
