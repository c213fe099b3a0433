//! One vocabulary on every surface: the app's locale files, the PDF report's fixed texts, the
//! Excel files Hashira writes and the CLI's output and help print no spelling the glossary
//! (`hashira_core::glossary`) rejects, and the locale keys that name a glossary term spell it
//! as the glossary does. Texts quoted from the sources (WG, FISC, AWS) are verbatim and exempt.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use hashira_core::Lang;
use hashira_core::glossary::{self, Term};
use hashira_core::question_set::shipped;
use serde_json::{Map, Value};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap()
}

/// Every finding in `texts`, as "where: text (found X, say Y)".
fn findings<'a>(place: &str, texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    texts
        .into_iter()
        .flat_map(|text| {
            glossary::violations(text).into_iter().map(move |v| {
                format!(
                    "{place}: {text:?} spells {} (the glossary says {} / {})",
                    v.found, v.canonical_ja, v.canonical_en
                )
            })
        })
        .collect()
}

/// The string literals of a Rust file, and its doc comments when `docs` (clap prints them as
/// help). Naive (no raw strings), which is enough for the files checked.
fn literals(source: &str, docs: bool) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("///") {
            if docs {
                out.push(trimmed.to_string());
            }
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let mut in_string = false;
        let mut escaped = false;
        let mut current = String::new();
        for c in line.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                    current.push(c);
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                    out.push(std::mem::take(&mut current));
                } else {
                    current.push(c);
                }
            } else if c == '"' {
                in_string = true;
            }
        }
        if in_string {
            // A literal continued on the next line: keep what this line holds.
            out.push(current);
        }
    }
    out
}

fn locale(lang: &str) -> Map<String, Value> {
    serde_json::from_str::<Value>(&read(&format!("ui/src/locales/{lang}.json")))
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

/// Locale keys that print exactly one glossary term.
const UI_TERMS: &[(&str, Term)] = &[
    ("risk.HIGH", glossary::RISK_HIGH),
    ("risk.MEDIUM", glossary::RISK_MEDIUM),
    ("risk.NONE", glossary::RISK_NONE),
    ("risk.NOT_APPLICABLE", glossary::NOT_APPLICABLE),
    ("risk.UNANSWERED", glossary::UNANSWERED),
    ("filter.NOT_APPLICABLE", glossary::NOT_APPLICABLE),
    ("filter.UNANSWERED", glossary::UNANSWERED),
    ("filter.answered", glossary::ANSWERED),
    ("dash.naWithoutReason", glossary::NA_WITHOUT_REASON),
    ("na.OUT_OF_SCOPE", glossary::REASON_OUT_OF_SCOPE),
    (
        "na.BUSINESS_PRIORITIES",
        glossary::REASON_BUSINESS_PRIORITIES,
    ),
    (
        "na.ARCHITECTURE_CONSTRAINTS",
        glossary::REASON_ARCHITECTURE_CONSTRAINTS,
    ),
    ("na.OTHER", glossary::REASON_OTHER),
    ("wa.set", glossary::QUESTION_SET),
    ("ev.title", glossary::EVIDENCE),
    ("nav.audit", glossary::AUDIT_TRAIL),
    ("audit.title", glossary::AUDIT_TRAIL),
    ("wg.criterion", glossary::CRITERION),
    ("wg.decisionLabel", glossary::WG_DECISION),
    ("wg.ownMeasures", glossary::OWN_MEASURES),
    ("wg.residualRisk", glossary::RESIDUAL_RISK),
    ("wg.reviewerNotes", glossary::REVIEWER_NOTES),
];

#[test]
fn the_apps_locale_strings_use_the_glossary() {
    let mut problems = Vec::new();
    for (lang, language) in [("ja", Lang::Ja), ("en", Lang::En)] {
        let strings = locale(lang);
        problems.extend(findings(
            &format!("ui/src/locales/{lang}.json"),
            strings.values().filter_map(Value::as_str),
        ));
        for (key, term) in UI_TERMS {
            let expected = term.get(language);
            let actual = strings.get(*key).and_then(Value::as_str).unwrap_or("");
            if actual != expected {
                problems.push(format!(
                    "{lang}.json {key} is {actual:?}, glossary {expected:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reports_fixed_texts_use_the_glossary() {
    use hashira_report::i18n;
    let debug = format!("{:?}\n{:?}", i18n::JA, i18n::EN);
    let mut problems = findings("report i18n::Texts", [debug.as_str()]);
    // The texts built by functions (progress lines, integrity, completeness), from the source.
    for file in [
        "crates/hashira-report/src/i18n.rs",
        "crates/hashira-report/src/i18n/milestones.rs",
    ] {
        let strings = literals(&read(file), false);
        problems.extend(findings(file, strings.iter().map(String::as_str)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_clis_output_and_help_use_the_glossary() {
    let mut problems = Vec::new();
    let dir = repo("crates/hashira-cli/src");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(files.len() > 5);
    for file in files {
        let strings = literals(&std::fs::read_to_string(&file).unwrap(), true);
        problems.extend(findings(
            &file.display().to_string(),
            strings.iter().map(String::as_str),
        ));
    }
    // The change history the CLI (`log`), the app and the report print.
    let labels = read("crates/hashira-core/src/history/labels.rs");
    let strings = literals(&labels, false);
    problems.extend(findings(
        "crates/hashira-core/src/history/labels.rs",
        strings.iter().map(String::as_str),
    ));
    // And the real help text.
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["answer", "--help"],
        &["wg", "evaluate", "--help"],
        &["wg", "import", "--help"],
    ] {
        let output = common::hashira(tmp.path()).args(args).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        problems.extend(findings(&format!("hashira {args:?}"), [text.as_str()]));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every line of every text of the shipped question sets: what Excel cells quote verbatim.
fn source_lines() -> HashSet<String> {
    fn walk(value: &Value, lines: &mut HashSet<String>) {
        match value {
            Value::String(text) => lines.extend(text.lines().map(|l| l.trim().to_string())),
            Value::Array(items) => items.iter().for_each(|v| walk(v, lines)),
            Value::Object(fields) => fields.values().for_each(|v| walk(v, lines)),
            _ => {}
        }
    }
    let mut lines = HashSet::new();
    for set in shipped::shipped_sets().unwrap() {
        walk(&serde_json::to_value(set.document()).unwrap(), &mut lines);
    }
    lines
}

fn cell_texts(path: &Path) -> Vec<String> {
    let mut book = open_workbook_auto(path).unwrap();
    let mut texts = Vec::new();
    for name in book.sheet_names().to_vec() {
        let range = book.worksheet_range(&name).unwrap();
        texts.push(name.clone());
        for row in range.rows() {
            for cell in row {
                if let Data::String(text) = cell {
                    texts.push(text.clone());
                }
            }
        }
    }
    texts
}

#[test]
fn the_excel_files_hashira_writes_use_the_glossary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    common::hashira(dir)
        .args(["demo", "demo.hashira"])
        .assert()
        .success();
    let fixture = repo("crates/hashira-xlsx/tests/fixtures/wg-japanese.xlsx");
    common::json(
        dir,
        &["wg", "import", "demo.hashira", fixture.to_str().unwrap()],
    );
    let service = common::json(dir, &["wg", "list", "demo.hashira"])[0]["service"]
        .as_str()
        .unwrap()
        .to_string();
    common::json(dir, &["export", "xlsx", "demo.hashira", "review.xlsx"]);
    common::json(
        dir,
        &[
            "wg",
            "export",
            "demo.hashira",
            "--service",
            &service,
            "wg.xlsx",
        ],
    );
    common::json(dir, &["wg", "template", "template.xlsx"]);

    let sources = source_lines();
    let mut wg_texts = cell_texts(&fixture);
    wg_texts.retain(|t| !t.trim().is_empty());
    let mut problems = Vec::new();
    for file in ["review.xlsx", "wg.xlsx", "template.xlsx"] {
        let texts = cell_texts(&dir.join(file));
        assert!(texts.len() > 20, "{file}");
        // A cell quoting a question set or the WG's own file is verbatim text, not ours.
        // (A cell may join several of a question's paragraphs, one a line.)
        let ours: Vec<&str> = texts
            .iter()
            .filter(|t| !wg_texts.contains(t))
            .flat_map(|t| t.lines())
            .filter(|line| !sources.contains(line.trim()))
            .collect();
        problems.extend(findings(file, ours));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn glossary_md_has_every_term() {
    let table = read("GLOSSARY.md");
    for term in glossary::TERMS {
        let row = format!("| {} | {} |", term.ja, term.en);
        assert!(table.contains(&row), "GLOSSARY.md lacks {row}");
        for variant in term.rejected {
            assert!(
                table.to_lowercase().contains(&variant.to_lowercase()),
                "GLOSSARY.md lacks {variant} ({})",
                term.id
            );
        }
    }
}
