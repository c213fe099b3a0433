//! `hashira diff` through the real binary on a real workbook: milestone → changes → milestone
//! → more changes; each pair's JSON is exact, the text names question labels with their
//! changes and who made them, the default compares the latest milestone with now, and a
//! missing milestone is MILESTONE_NOT_FOUND naming the ones there are.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{hashira, json, json_error};
use serde_json::{Value, json};

const S3: &str = "Amazon Simple Storage Service (S3)";

fn wg_edition() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../hashira-xlsx/tests/fixtures/wg-japanese.xlsx")
}

/// A lens named `name` with one question `q01` (choices `choice1`, `choice2`, `q01_no`).
fn tiny_lens(dir: &Path, file: &str, name: &str) -> String {
    let choice = |id: &str| json!({ "id": id, "title": format!("Practice {id}") });
    let lens = json!({
        "schemaVersion": "2021-11-01",
        "name": name,
        "pillars": [{ "id": "pillar1", "name": "Pillar", "questions": [{
            "id": "q01", "title": "How?",
            "choices": [choice("choice1"), choice("choice2"), { "id": "q01_no", "title": "None of these" }],
            "riskRules": [{ "condition": "q01_no", "risk": "HIGH_RISK" },
                          { "condition": "choice1 && choice2", "risk": "NO_RISK" },
                          { "condition": "default", "risk": "MEDIUM_RISK" }],
        }]}],
    });
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_vec_pretty(&lens).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(dir: &Path, args: &[&str]) {
    json(dir, args);
}

fn by(dir: &Path, who: &str, args: &[&str]) {
    let mut all = args.to_vec();
    all.extend(["--by", who]);
    json(dir, &all);
}

fn question<'a>(diff: &'a Value, set: &str, id: &str) -> &'a Value {
    diff["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["set_id"] == set && q["question_id"] == id)
        .unwrap_or_else(|| panic!("{set}/{id} not in {diff:#}"))
}

fn text(dir: &Path, args: &[&str]) -> String {
    let output = hashira(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn diff_between_milestones_and_now_is_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    run(d, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    // No milestone yet: a clear error, listing none.
    let error = json_error(d, &["diff", "w.hashira"]);
    assert_eq!(error["code"], "MILESTONE_NOT_FOUND");
    assert_eq!(error["details"]["known"], json!([]));
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("hashira milestone add")
    );

    std::fs::write(d.join("old.pdf"), b"old").unwrap();
    by(d, "前任者", &["answer", "w.hashira", "SEC1", "--none"]);
    run(
        d,
        &["evidence", "add", "w.hashira", "SEC1", "--file", "old.pdf"],
    );
    run(
        d,
        &["wg", "import", "w.hashira", wg_edition().to_str().unwrap()],
    );
    run(d, &["milestone", "add", "w.hashira", "2026Q1"]);

    // Q1 → Q2: SEC1 fully answered with notes, SEC2 N/A, evidence swapped, a property, a WG
    // decision, and a lens set added.
    std::fs::write(d.join("new.pdf"), b"new").unwrap();
    by(
        d,
        "佐藤",
        &[
            "answer",
            "w.hashira",
            "SEC1",
            "--choose",
            "SEC1-01",
            "--choose",
            "SEC1-02",
            "--choose",
            "SEC1-03",
            "--choose",
            "SEC1-04",
            "--choose",
            "SEC1-05",
            "--choose",
            "SEC1-06",
            "--choose",
            "SEC1-07",
            "--choose",
            "SEC1-08",
            "--notes",
            "MFA 導入済",
        ],
    );
    by(
        d,
        "佐藤",
        &[
            "answer",
            "w.hashira",
            "SEC2",
            "--na",
            "OUT_OF_SCOPE",
            "--na-text",
            "対象外",
        ],
    );
    run(d, &["evidence", "remove", "w.hashira", "1"]);
    run(
        d,
        &["evidence", "add", "w.hashira", "SEC1", "--file", "new.pdf"],
    );
    run(d, &["set-property", "w.hashira", "description", "第2版"]);
    run(
        d,
        &[
            "wg",
            "evaluate",
            "w.hashira",
            "--service",
            S3,
            "1",
            "--decision",
            "不採用",
        ],
    );
    let lens = tiny_lens(d, "alpha.json", "Alpha Lens");
    run(
        d,
        &["lens", "import", "w.hashira", &lens, "--set-id", "alpha"],
    );
    run(d, &["milestone", "add", "w.hashira", "2026Q2"]);

    let diff = json(
        d,
        &["diff", "w.hashira", "--from", "2026Q1", "--to", "2026Q2"],
    );
    assert_eq!(
        (diff["from"]["name"].clone(), diff["to"]["name"].clone()),
        (json!("2026Q1"), json!("2026Q2"))
    );
    assert_eq!(
        diff["summary"],
        json!({
            "high_resolved": 1, "high_new": 0, "medium_resolved": 0, "medium_new": 0,
            "questions_changed": 2, "questions_added": 1, "questions_removed": 0,
            "newly_answered": 1, "workload_fields_changed": 1, "wg_criteria_changed": 1,
            "items_done": 0, "items_risk_accepted": 0, "items_added": 0, "items_removed": 0,
            "items_changed": 0, "items_overdue": 0,
        })
    );
    let sec1 = question(&diff, "sec", "SEC1");
    assert_eq!(sec1["status"], "CHANGED");
    assert_eq!(
        (sec1["risk_before"].clone(), sec1["risk_after"].clone()),
        (json!("HIGH"), json!("NONE"))
    );
    assert_eq!(
        sec1["selections_added"],
        json!([
            "SEC1-01", "SEC1-02", "SEC1-03", "SEC1-04", "SEC1-05", "SEC1-06", "SEC1-07", "SEC1-08"
        ])
    );
    assert_eq!(sec1["selections_removed"], json!(["SEC1_no"]));
    assert_eq!(
        sec1["notes"],
        json!({ "before": "", "after": "MFA 導入済" })
    );
    assert_eq!(sec1["not_applicable"], Value::Null);
    assert_eq!(sec1["choices_not_applicable"], json!([]));
    assert_eq!(sec1["evidence_added"][0]["file_name"], "new.pdf");
    assert_eq!(sec1["evidence_added"].as_array().unwrap().len(), 1);
    assert_eq!(sec1["evidence_removed"][0]["file_name"], "old.pdf");
    // SQLite gave the removed file's id to the new one: still a removal and an addition.
    assert_eq!(sec1["evidence_removed"][0]["id"], 1);
    assert_eq!(sec1["evidence_added"][0]["id"], 1);
    assert_eq!(sec1["evidence_reattached"], json!([]));
    assert_eq!(sec1["updated_by"], "佐藤");
    let sec2 = question(&diff, "sec", "SEC2");
    assert_eq!(
        (sec2["risk_before"].clone(), sec2["risk_after"].clone()),
        (json!("UNANSWERED"), json!("NOT_APPLICABLE"))
    );
    assert_eq!(
        sec2["not_applicable"],
        json!({ "before": null, "after": { "reason": "OUT_OF_SCOPE", "text": "対象外" } })
    );
    assert_eq!(sec2["selections_added"], json!([]));
    let added = question(&diff, "alpha", "q01");
    assert_eq!(added["status"], "ADDED");
    assert_eq!(
        (added["risk_before"].clone(), added["risk_after"].clone()),
        (Value::Null, json!("UNANSWERED"))
    );
    assert_eq!(
        diff["workload"],
        json!([{ "field": "description", "before": "", "after": "第2版" }])
    );
    let wg = &diff["wg_criteria"][0];
    assert_eq!(
        (wg["service"].clone(), wg["criterion_no"].clone()),
        (json!(S3), json!("1"))
    );
    assert_eq!(wg["decision"]["after"], "REJECTED");
    assert_eq!(diff["wg_services"], json!([]));

    // Text: the summary first, then each changed question by its label, with who.
    let shown = text(
        d,
        &["diff", "w.hashira", "--from", "2026Q1", "--to", "2026Q2"],
    );
    assert!(
        shown.starts_with("milestone 1 '2026Q1' → milestone 2 '2026Q2'\nsummary / 概要\n"),
        "{shown}"
    );
    assert!(
        shown.contains("HIGH risks resolved / 高リスク解消"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "  sec/SEC1: risk HIGH → NONE; +SEC1-01 +SEC1-02 +SEC1-03 +SEC1-04 +SEC1-05 +SEC1-06 \
             +SEC1-07 +SEC1-08 −SEC1_no; notes \"\" → \"MFA 導入済\"; evidence +#1 new.pdf \
             −#1 old.pdf; by 佐藤 2026-04-01 09:00"
        ),
        "{shown}"
    );
    assert!(
        shown.contains(
            "  sec/SEC2: risk UNANSWERED → NOT_APPLICABLE; N/A — → OUT_OF_SCOPE \"対象外\"; by 佐藤"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("  alpha/q01: added / 追加; risk — → UNANSWERED"),
        "{shown}"
    );
    assert!(shown.contains("  description: \"\" → \"第2版\""), "{shown}");
    assert!(shown.contains(&format!("  {S3} 項番 1 (#")), "{shown}");

    // After Q2: the lens question answered HIGH. The default compares Q2 with now.
    run(
        d,
        &["answer", "w.hashira", "q01", "--set", "alpha", "--none"],
    );
    let now = json(d, &["diff", "w.hashira"]);
    assert_eq!(now["from"]["name"], "2026Q2");
    assert_eq!(now["to"], Value::Null);
    assert_eq!(now["summary"]["high_new"], 1);
    assert_eq!(now["summary"]["newly_answered"], 1);
    assert_eq!(now["questions"].as_array().unwrap().len(), 1);
    // --to alone compares with the milestone before it.
    let to_q2 = json(d, &["diff", "w.hashira", "--to", "2026Q2"]);
    assert_eq!(to_q2["from"]["name"], "2026Q1");
    assert_eq!(to_q2["summary"], diff["summary"]);
    // An unchanged pair is empty.
    let same = json(d, &["diff", "w.hashira", "--from", "#2", "--to", "2026Q2"]);
    assert_eq!(same["questions"], json!([]));
    assert_eq!(same["workload"], json!([]));
    assert_eq!(same["wg_criteria"], json!([]));
    assert!(
        text(d, &["diff", "w.hashira", "--from", "2", "--to", "2"])
            .contains("no changes / 変更なし")
    );
    // Nothing before the first milestone; an unknown name lists the names.
    let error = json_error(d, &["diff", "w.hashira", "--to", "2026Q1"]);
    assert_eq!(error["code"], "MILESTONE_NOT_FOUND");
    assert_eq!(error["details"]["known"], json!(["2026Q1", "2026Q2"]));
    let error = json_error(d, &["diff", "w.hashira", "--from", "2025Q4"]);
    assert_eq!(error["code"], "MILESTONE_NOT_FOUND");
    assert_eq!(error["details"]["known"], json!(["2026Q1", "2026Q2"]));
}

#[test]
fn two_lenses_sharing_a_question_id_keep_their_diffs_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    run(d, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    let a = tiny_lens(d, "a.json", "Lens A");
    let b = tiny_lens(d, "b.json", "Lens B");
    run(
        d,
        &["lens", "import", "w.hashira", &a, "--set-id", "lens-a"],
    );
    run(
        d,
        &["lens", "import", "w.hashira", &b, "--set-id", "lens-b"],
    );
    run(
        d,
        &["answer", "w.hashira", "q01", "--set", "lens-a", "--none"],
    );
    run(d, &["milestone", "add", "w.hashira", "before"]);
    run(
        d,
        &[
            "answer",
            "w.hashira",
            "q01",
            "--set",
            "lens-a",
            "--choose",
            "choice1",
            "--choose",
            "choice2",
        ],
    );
    run(
        d,
        &[
            "answer",
            "w.hashira",
            "q01",
            "--set",
            "lens-b",
            "--choose",
            "choice1",
        ],
    );
    let diff = json(d, &["diff", "w.hashira"]);
    assert_eq!(diff["questions"].as_array().unwrap().len(), 2);
    let a = question(&diff, "lens-a", "q01");
    let b = question(&diff, "lens-b", "q01");
    assert_eq!(
        (a["risk_before"].clone(), a["risk_after"].clone()),
        (json!("HIGH"), json!("NONE"))
    );
    assert_eq!(a["selections_removed"], json!(["q01_no"]));
    assert_eq!(
        (b["risk_before"].clone(), b["risk_after"].clone()),
        (json!("UNANSWERED"), json!("MEDIUM"))
    );
    assert_eq!(b["selections_added"], json!(["choice1"]));
    assert_eq!(b["selections_removed"], json!([]));
    assert_ne!(a["key"], b["key"]);
    let shown = text(d, &["diff", "w.hashira"]);
    assert!(
        shown.contains("  lens-a/q01: risk HIGH → NONE; +choice1 +choice2 −q01_no"),
        "{shown}"
    );
    assert!(
        shown.contains("  lens-b/q01: risk UNANSWERED → MEDIUM; +choice1"),
        "{shown}"
    );
}

#[test]
fn diff_lists_the_improvement_items_followed_up() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    run(d, &["new", "w.hashira", "--name", "W", "--set", "sec"]);
    run(d, &["answer", "w.hashira", "SEC1", "--none"]);
    by(
        d,
        "佐藤",
        &[
            "plan",
            "set",
            "w.hashira",
            "SEC1",
            "SEC1-01",
            "--owner",
            "佐藤",
            "--due",
            "2026-03-01",
            "--status",
            "IN_PROGRESS",
        ],
    );
    run(d, &["milestone", "add", "w.hashira", "Q1"]);
    by(
        d,
        "佐藤",
        &[
            "plan",
            "set",
            "w.hashira",
            "SEC1",
            "SEC1-01",
            "--status",
            "DONE",
        ],
    );
    by(
        d,
        "田中",
        &[
            "plan",
            "set",
            "w.hashira",
            "SEC1",
            "SEC1-02",
            "--status",
            "RISK_ACCEPTED",
            "--reason",
            "閉域網のみ",
        ],
    );
    run(
        d,
        &[
            "plan",
            "add",
            "w.hashira",
            "SEC2",
            "--title",
            "鍵のローテーション",
            "--due",
            "2026-03-15",
        ],
    );
    let diff = json(d, &["diff", "w.hashira"]);
    let summary = &diff["summary"];
    assert_eq!(
        [
            &summary["items_done"],
            &summary["items_risk_accepted"],
            &summary["items_added"],
            &summary["items_changed"],
            &summary["items_removed"],
            &summary["items_overdue"],
        ],
        // The added item is due 2026-03-15, still open on 2026-04-01: overdue.
        [
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(2),
            &json!(0),
            &json!(1)
        ]
    );
    let items = diff["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["choice_id"], "SEC1-01");
    assert_eq!(items[0]["status"], "CHANGED");
    assert_eq!(
        items[0]["item_status"],
        json!({ "before": "IN_PROGRESS", "after": "DONE" })
    );
    assert_eq!(items[0]["owner"], Value::Null);
    assert_eq!(items[0]["fields"]["owner"], "佐藤");
    assert_eq!(items[0]["updated_by"], "佐藤");
    assert_eq!(
        items[1]["acceptance_reason"],
        json!({ "before": "", "after": "閉域網のみ" })
    );
    assert_eq!(items[2]["status"], "ADDED");
    assert_eq!(items[2]["choice_id"], Value::Null);
    assert_eq!(items[2]["title"]["ja"], "鍵のローテーション");
    assert_eq!(items[2]["overdue"], true);

    let shown = text(d, &["diff", "w.hashira"]);
    assert!(
        shown.contains("      1  items done / 完了した改善項目"),
        "{shown}"
    );
    assert!(shown.contains("improvement items / 改善項目\n"), "{shown}");
    assert!(
        shown.contains("  sec/SEC1 SEC1-01: status IN_PROGRESS → DONE; by 佐藤 2026-04-01 09:00"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "  sec/SEC1 SEC1-02: status OPEN → RISK_ACCEPTED; reason \"\" → \"閉域網のみ\"; by 田中"
        ),
        "{shown}"
    );
    let id = items[2]["id"].as_i64().unwrap();
    assert!(
        shown.contains(&format!(
            "  sec/SEC2 #{id}: added / 追加; due — → 2026-03-15; OVERDUE / 期限超過"
        )),
        "{shown}"
    );
}
