//! The `hashira` command in scripts: free text that starts with "-", question and choice ids in
//! any spelling, near ids suggested for a typo, and who a change is recorded as.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn workbook(dir: &Path) -> &'static str {
    common::hashira(dir)
        .args(["new", "wb.hashira", "--name", "勘定系 API 基盤"])
        .assert()
        .success();
    "wb.hashira"
}

#[test]
fn free_text_may_start_with_a_hyphen() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let wb = workbook(dir);
    let notes = "- 箇条書きの一行目\n- 二行目";
    let saved = common::json(dir, &["answer", wb, "SEC1", "--notes", notes]);
    assert_eq!(saved["notes"], notes);

    let saved = common::json(
        dir,
        &[
            "answer",
            wb,
            "SEC2",
            "--na",
            "OTHER",
            "--na-text",
            "-勘定系は別途審査",
            "--by",
            "-山田",
        ],
    );
    assert_eq!(saved["not_applicable"]["text"], "-勘定系は別途審査");
    assert_eq!(saved["updated_by"], "-山田");

    let saved = common::json(
        dir,
        &["answer", wb, "SEC3", "--choice-na", "SEC3-01:OTHER:-理由"],
    );
    assert_eq!(saved["choices_not_applicable"][0]["text"], "-理由");

    let evidence = common::json(
        dir,
        &[
            "evidence",
            "add",
            wb,
            "SEC1",
            "--text",
            "- 設定の抜粋",
            "--title",
            "-- 証拠の表題",
        ],
    );
    assert_eq!(evidence["excerpt"], "- 設定の抜粋");
    assert_eq!(evidence["title"], "-- 証拠の表題");

    let workload = common::json(dir, &["set-property", wb, "notes", "- 前提条件"]);
    assert_eq!(workload["notes"], "- 前提条件");
}

#[test]
fn question_and_choice_ids_are_read_in_any_spelling_and_saved_as_the_set_spells_them() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let wb = workbook(dir);
    let saved = common::json(
        dir,
        &[
            "answer", wb, "sec 1", "--choose", "sec1-02", "--choose", "Sec1-01",
        ],
    );
    assert_eq!(saved["question_id"], "SEC1");
    assert_eq!(
        saved["selected_choices"],
        serde_json::json!(["SEC1-01", "SEC1-02"])
    );

    let saved = common::json(dir, &["answer", wb, "fiscsec10", "--none"]);
    assert_eq!(saved["question_id"], "FISCSEC10");
    assert_eq!(
        saved["selected_choices"],
        serde_json::json!(["FISCSEC10_no"])
    );

    let saved = common::json(
        dir,
        &["answer", wb, "SEC 2", "--choice-na", "sec2-01:other"],
    );
    assert_eq!(saved["choices_not_applicable"][0]["choice_id"], "SEC2-01");

    // Text output prints the id one way, as the set spells it.
    common::hashira(dir)
        .args(["answer", wb, "Sec 1", "--notes", "n"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("SEC1: "));

    let evidence = common::json(
        dir,
        &[
            "evidence",
            "add",
            wb,
            "Sec 1",
            "--url",
            "https://example.com",
            "--choice",
            "sec1-02",
        ],
    );
    assert_eq!(evidence["question_id"], "SEC1");
    assert_eq!(evidence["choice_id"], "SEC1-02");
    let listed = common::json(dir, &["evidence", "list", wb, "--question", "sec1"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let log = common::json(dir, &["log", wb, "--question", "sec 1"]);
    let targets: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["target"].as_str().unwrap())
        .collect();
    assert!(!targets.is_empty());
    assert!(targets.iter().all(|t| t.starts_with("SEC1")), "{targets:?}");
}

#[test]
fn an_unknown_question_suggests_the_nearest_ids() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let wb = workbook(dir);
    let before = std::fs::read(dir.join(wb)).unwrap();
    let error = common::json_error(dir, &["answer", wb, "SEC 99", "--none"]);
    assert_eq!(error["code"], "QUESTION_NOT_FOUND");
    assert_eq!(error["details"]["question_id"], "SEC 99");
    let suggestions = error["details"]["suggestions"].as_array().unwrap();
    assert_eq!(suggestions[0], "SEC9", "{suggestions:?}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("did you mean SEC9")
    );
    assert_eq!(std::fs::read(dir.join(wb)).unwrap(), before);

    common::hashira(dir)
        .args(["evidence", "add", wb, "FISCSE 3", "--text", "x"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("did you mean FISCSEC3"));
}

#[test]
fn an_unknown_choice_lists_the_questions_choices() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let wb = workbook(dir);
    let error = common::json_error(dir, &["answer", wb, "sec1", "--choose", "SEC1-2"]);
    assert_eq!(error["code"], "CHOICE_NOT_FOUND");
    let details = &error["details"];
    assert_eq!(details["question_id"], "SEC1");
    assert_eq!(details["choice_id"], "SEC1-2");
    assert_eq!(details["suggestions"][0], "SEC1-02");
    let choices: Vec<(&str, &str)> = details["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["title"].as_str().unwrap()))
        .collect();
    assert_eq!(choices.first().unwrap().0, "SEC1-01");
    assert_eq!(choices.last().unwrap().0, "SEC1_no");
    assert!(choices.iter().all(|(_, title)| !title.is_empty()));

    common::hashira(dir)
        .args([
            "evidence", "add", wb, "SEC1", "--text", "x", "--choice", "SEC1-99",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("choices of SEC1:\n  SEC1-01 "))
        .stderr(predicates::str::contains("\n  SEC1_no "));
}

/// `hashira` with nothing in its environment but `vars` (and the pinned clock).
fn bare_hashira(dir: &Path, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::cargo_bin("hashira").unwrap();
    command
        .current_dir(dir)
        .env_clear()
        .env("HASHIRA_NOW", "2026-04-01T09:00:00+09:00")
        .envs(vars.iter().copied());
    command
}

fn last_actor(dir: &Path, wb: &str) -> String {
    let log: Value = common::json(dir, &["log", wb]);
    log.as_array().unwrap().last().unwrap()["actor"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_actor_is_the_os_account_when_no_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let wb = workbook(dir);
    for (vars, expected) in [
        (&[("USER", "yamada")][..], "yamada"),
        (&[("LOGNAME", "sato")][..], "sato"),
        (&[("USERNAME", "SUZUKI")][..], "SUZUKI"),
        (&[("HASHIRA_USER", "田中"), ("USER", "tanaka")][..], "田中"),
    ] {
        bare_hashira(dir, vars)
            .args(["answer", wb, "SEC1", "--notes", expected])
            .assert()
            .success();
        assert_eq!(last_actor(dir, wb), expected, "{vars:?}");
    }
    bare_hashira(dir, &[("USER", "yamada")])
        .args(["answer", wb, "SEC1", "--notes", "by", "--by", "高橋"])
        .assert()
        .success();
    assert_eq!(last_actor(dir, wb), "高橋");
}

/// Ids spelled with a space, as the WA Tool labels them (`SEC 1`), other than a range in a set's
/// title (`SEC 1〜11`, quoted from the source).
fn spaced_ids(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len().saturating_sub(4) {
        if chars[i..i + 4] == ['S', 'E', 'C', ' '] && chars[i + 4].is_ascii_digit() {
            let end = (i + 4..chars.len())
                .find(|&j| !chars[j].is_ascii_digit())
                .unwrap_or(chars.len());
            if !matches!(chars.get(end), Some('〜' | '–' | '-')) {
                found.push(chars[i..end].iter().collect());
            }
        }
    }
    found
}

fn pdf_text(pdf: &Path) -> String {
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed by this test");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn question_ids_print_one_way_on_every_surface() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    common::hashira(dir)
        .args(["demo", "d.hashira"])
        .assert()
        .success();
    let questions = common::json(dir, &["questions", "d.hashira"]);
    for q in questions.as_array().unwrap() {
        assert_eq!(q["label"], q["question_id"]);
    }
    let mut texts = Vec::new();
    for args in [&["questions", "d.hashira"][..], &["log", "d.hashira"]] {
        let output = common::hashira(dir).args(args).output().unwrap();
        assert!(output.status.success());
        texts.push((
            format!("{args:?}"),
            String::from_utf8(output.stdout).unwrap(),
        ));
    }
    common::json(dir, &["report", "d.hashira", "d.pdf", "--with-history"]);
    texts.push(("report".into(), pdf_text(&dir.join("d.pdf"))));
    common::json(dir, &["export", "xlsx", "d.hashira", "d.xlsx"]);
    let mut book = calamine::open_workbook_auto(dir.join("d.xlsx")).unwrap();
    use calamine::Reader;
    for name in book.sheet_names().to_vec() {
        let range = book.worksheet_range(&name).unwrap();
        let cells: Vec<String> = range
            .rows()
            .flatten()
            .filter_map(|c| match c {
                calamine::Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        texts.push((format!("xlsx {name}"), cells.join("\n")));
    }
    assert!(texts[2].1.contains("SEC1"), "the report names SEC1");
    for (place, text) in &texts {
        assert_eq!(spaced_ids(text), Vec::<String>::new(), "{place}");
    }
}

#[test]
fn wg_links_read_the_question_id_as_every_command_does() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    common::hashira(dir)
        .args(["demo", "t.hashira"])
        .assert()
        .success();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hashira-xlsx/tests/fixtures/wg-japanese.xlsx");
    common::json(
        dir,
        &["wg", "import", "t.hashira", fixture.to_str().unwrap()],
    );
    for spelling in ["Sec 1", "sec1", "SEC 1"] {
        let links = common::json(dir, &["wg", "links", "t.hashira", "--question", spelling]);
        assert_eq!(links["question_id"], "SEC1", "{spelling}");
        assert_eq!(links["in_workbook"], true);
        assert_eq!(links["criteria"][0]["criterion_no"], "1", "{spelling}");
    }
}
