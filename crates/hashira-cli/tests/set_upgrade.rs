//! `hashira set upgrade` with the real binary on a real file: the dry run's plan and
//! fingerprint, the upgrade applied exactly as shown (`--expect-plan`), the re-review list
//! (`questions --rereview`, the answers export's 要再確認 column read back with calamine),
//! `answer --confirm`, `verify` after it, and refusals that leave the file's bytes unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use common::{hashira, json, json_error};
use hashira_core::hashing::sha256_hex;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-core/tests/fixtures/upgrade")
        .join(name)
}

fn workbook(dir: &Path) {
    json(
        dir,
        &[
            "new",
            "w.hashira",
            "--name",
            "勘定系 API 基盤",
            "--set",
            "sec",
            "--set",
            "fisc-sec",
        ],
    );
    json(
        dir,
        &[
            "answer",
            "w.hashira",
            "FISCSEC1",
            "--choose",
            "FISCSEC1-BP01",
        ],
    );
    json(
        dir,
        &[
            "answer",
            "w.hashira",
            "FISCSEC4",
            "--choose",
            "FISCSEC4-BP01",
        ],
    );
    json(
        dir,
        &[
            "answer",
            "w.hashira",
            "FISCSEC5",
            "--choose",
            "FISCSEC5-BP01",
            "--choose",
            "FISCSEC5-BP04",
        ],
    );
}

fn file_sha(path: &Path) -> String {
    sha256_hex(&std::fs::read(path).unwrap())
}

#[test]
fn a_dry_run_shows_the_plan_and_the_upgrade_applies_exactly_it() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    workbook(dir);
    let new = fixture("fisc-sec-1.7.0.toml");
    let map = fixture("fisc-sec-1.7.0.map.toml");
    let (new, map) = (new.to_str().unwrap(), map.to_str().unwrap());
    let before = file_sha(&dir.join("w.hashira"));
    let plan = json(
        dir,
        &[
            "set",
            "upgrade",
            "w.hashira",
            "--set",
            "fisc-sec",
            "--file",
            new,
            "--map",
            map,
            "--dry-run",
        ],
    );
    assert_eq!(
        file_sha(&dir.join("w.hashira")),
        before,
        "a dry run changes nothing"
    );
    assert_eq!(plan["summary"]["to_rereview"], 2);
    assert_eq!(plan["summary"]["lost_selections"], 1);
    assert_eq!(plan["new_questions"][0]["id"], "FISCSEC11");
    let fingerprint = plan["fingerprint"].as_str().unwrap();

    // Text output of the dry run names what changes.
    let text = hashira(dir)
        .args([
            "set",
            "upgrade",
            "w.hashira",
            "--set",
            "fisc-sec",
            "--file",
            new,
            "--map",
            map,
            "--dry-run",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("renamed    FISCSEC4 → FISCSEC12"), "{text}");
    assert!(
        text.contains("lost       FISCSEC5 FISCSEC5-BP04 (SELECTED)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("--expect-plan {fingerprint}")),
        "{text}"
    );

    let applied = json(
        dir,
        &[
            "set",
            "upgrade",
            "w.hashira",
            "--set",
            "fisc-sec",
            "--file",
            new,
            "--map",
            map,
            "--expect-plan",
            fingerprint,
            "--by",
            "監査 太郎",
        ],
    );
    assert_eq!(applied["plan"], plan);
    assert_eq!(
        applied["milestone"]["name"],
        "before upgrade to fisc-sec 1.7.0"
    );

    let listed = json(dir, &["questions", "w.hashira", "--rereview"]);
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["question_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["FISCSEC1", "FISCSEC5"]);
    assert_eq!(listed[1]["reasons"]["selections_lost"][0], "FISCSEC5-BP04");

    // The answers export marks them in its 要再確認 column.
    json(
        dir,
        &[
            "export",
            "xlsx",
            "w.hashira",
            "review.xlsx",
            "--set",
            "fisc-sec",
        ],
    );
    let mut book = open_workbook_auto(dir.join("review.xlsx")).unwrap();
    let sheet = book
        .sheet_names()
        .into_iter()
        .find(|n| n.contains("fisc"))
        .unwrap();
    let range = book.worksheet_range(&sheet).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| c == "要再確認"))
        .unwrap();
    let flag = rows[header].iter().position(|c| c == "要再確認").unwrap();
    let id = rows[header].iter().position(|c| c == "質問ID").unwrap();
    let choice = rows[header].iter().position(|c| c == "選択肢ID").unwrap();
    let marked: Vec<&str> = rows[header + 1..]
        .iter()
        .filter(|r| r[choice].is_empty() && r[flag] == "要再確認")
        .map(|r| r[id].as_str())
        .collect();
    assert_eq!(marked, ["FISCSEC1", "FISCSEC5"]);
    // The export still imports (the column is not an input).
    json(
        dir,
        &["import", "xlsx", "w.hashira", "review.xlsx", "--dry-run"],
    );

    // Confirmed as it is: off the list, the answer unchanged.
    let confirmed = json(dir, &["answer", "w.hashira", "FISCSEC1", "--confirm"]);
    assert_eq!(confirmed["selected_choices"][0], "FISCSEC1-BP01");
    let listed = json(dir, &["questions", "w.hashira", "--rereview"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let verified = json(dir, &["verify", "w.hashira"]);
    assert_eq!(verified["ok"], true, "{verified}");
    // The milestone holds the old answers.
    let then = json(
        dir,
        &[
            "questions",
            "w.hashira",
            "--milestone",
            "1",
            "--set",
            "fisc-sec",
        ],
    );
    let fiscsec4 = then
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == "FISCSEC4")
        .unwrap();
    assert!(fiscsec4.to_string().contains("FISCSEC4-BP01"));
}

#[test]
fn refusals_name_the_fault_and_leave_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    workbook(dir);
    let path = dir.join("w.hashira");
    let before = file_sha(&path);
    let new = fixture("fisc-sec-1.7.0.toml");
    let new = new.to_str().unwrap();
    std::fs::write(
        dir.join("bad.map.toml"),
        "[questions]\nFISCSEC4 = \"FISCSEC99\"\n",
    )
    .unwrap();
    let error = json_error(
        dir,
        &[
            "set",
            "upgrade",
            "w.hashira",
            "--set",
            "fisc-sec",
            "--file",
            new,
            "--map",
            "bad.map.toml",
        ],
    );
    assert_eq!(error["code"], "SET_UPGRADE_REFUSED");
    assert_eq!(error["details"]["kind"], "MAP_UNKNOWN_ID");
    assert!(error["message"].as_str().unwrap().contains("FISCSEC99"));
    let error = json_error(
        dir,
        &[
            "set",
            "upgrade",
            "w.hashira",
            "--set",
            "fisc-sec",
            "--shipped",
        ],
    );
    assert_eq!(error["details"]["kind"], "NOT_NEWER");
    let error = json_error(
        dir,
        &["set", "upgrade", "w.hashira", "--set", "sec", "--file", new],
    );
    assert_eq!(error["details"]["kind"], "OTHER_SET");
    let error = json_error(
        dir,
        &[
            "set",
            "upgrade",
            "w.hashira",
            "--set",
            "fisc-ops",
            "--shipped",
        ],
    );
    assert_eq!(error["code"], "QUESTION_SET_NOT_FOUND");
    let error = json_error(
        dir,
        &[
            "set",
            "upgrade",
            "w.hashira",
            "--set",
            "fisc-sec",
            "--file",
            new,
            "--expect-plan",
            "00",
        ],
    );
    assert_eq!(error["code"], "IMPORT_PLAN_CHANGED");
    assert_eq!(file_sha(&path), before);
}

#[test]
fn a_custom_lens_upgrades_from_its_v2_file() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let v1 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/lenses/Amazon_S3_Lens.json");
    json(
        dir,
        &[
            "new",
            "s3.hashira",
            "--name",
            "S3",
            "--lens",
            v1.to_str().unwrap(),
        ],
    );
    let shown = json(dir, &["show", "s3.hashira"]);
    let set_id = shown["sets"][0]["id"].as_str().unwrap().to_string();
    json(
        dir,
        &["answer", "s3.hashira", "OPS_1", "--choose", "OPS_1_6"],
    );
    let v2 = fixture("Amazon_S3_Lens-v3.2.0.json");
    let applied = json(
        dir,
        &[
            "set",
            "upgrade",
            "s3.hashira",
            "--set",
            &set_id,
            "--lens",
            v2.to_str().unwrap(),
        ],
    );
    assert_eq!(applied["plan"]["to_version"], "v3.2.0");
    assert_eq!(
        applied["plan"]["lost_selections"][0]["choice_id"],
        "OPS_1_6"
    );
    let verified = json(dir, &["verify", "s3.hashira"]);
    assert_eq!(verified["ok"], true, "{verified}");
}
