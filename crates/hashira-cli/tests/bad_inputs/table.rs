//! The bad-input table: every file of `tests/bad-inputs/` run through the real binary as
//! `tests/bad-inputs/expected.toml` says — the error code, the place named, exit 1 without a
//! panic or abort, and the workbook's SHA-256 unchanged; a good input applied exactly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{hashira, json};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs")
}

#[derive(Debug, Deserialize)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    file: String,
    kind: Kind,
    code: Option<String>,
    #[serde(default)]
    place: Vec<String>,
    expect: Option<String>,
    known_defect: Option<String>,
    #[serde(default)]
    notes: BTreeMap<String, String>,
    #[serde(default)]
    warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    ImportXlsx,
    WgImport,
    NewSetFile,
    OpenWorkbook,
    LensCheck,
    WaToolImport,
    LensExport,
    LensImport,
}

fn manifest() -> Manifest {
    let text = std::fs::read_to_string(corpus().join("expected.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

pub fn sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// Exit 1 (not a signal, not a panic's 101), nothing on stdout, the JSON error on stderr.
fn failed_cleanly(case: &Case, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "{}: the binary panicked: {stderr}",
        case.file
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}: exit status {:?}, stderr: {stderr}",
        case.file,
        output.status
    );
}

/// Every string and number in a JSON value, so a place is found wherever details hold it.
fn texts(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => out.push_str(s),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push_str(k);
            out.push(' ');
            texts(v, out);
        }),
        _ => {}
    }
    out.push('\n');
}

/// What is wrong with the error payload (not JSON, another code, a place not named), if
/// anything.
fn place_problem(case: &Case, output: &Output) -> Option<String> {
    let error: Value = match serde_json::from_slice(&output.stderr) {
        Ok(error) => error,
        Err(e) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Some(format!("stderr is not a JSON error ({e}): {stderr}"));
        }
    };
    if !output.stdout.is_empty() {
        return Some("stdout on failure".into());
    }
    if error["code"] != case.code.as_deref().unwrap_or_default() || !error["details"].is_object() {
        return Some(format!("expected code {:?}: {error:#}", case.code));
    }
    let message = error["message"].as_str().unwrap_or_default();
    let mut details = String::new();
    texts(&error["details"], &mut details);
    case.place
        .iter()
        .find(|f| !message.contains(f.as_str()) && !details.contains(f.as_str()))
        .map(|f| format!("'{f}' is in neither message nor details: {error:#}"))
}

/// The error payload has the expected code and names every place. A known defect only has to
/// fail cleanly; when it no longer shows, the test says so (the row can lose `known_defect`).
fn error_names_place(case: &Case, output: &Output) {
    let problem = place_problem(case, output);
    match (&case.known_defect, problem) {
        (None, Some(problem)) => panic!("{}: {problem}", case.file),
        (Some(_), None) => eprintln!(
            "{}: the known defect no longer shows; remove its known_defect",
            case.file
        ),
        _ => {}
    }
}

/// A fresh workbook with the shipped set `sec` (what the review sheets answer).
fn fresh_workbook(dir: &Path) -> PathBuf {
    hashira(dir)
        .args(["new", "w.hashira", "--name", "台帳", "--set", "sec"])
        .assert()
        .success();
    dir.join("w.hashira")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    hashira(dir).args(args).arg("--json").output().unwrap()
}

fn check_case(case: &Case) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let input = corpus().join(&case.file);
    let input_hash = sha256(&input);
    let input_arg = input.to_str().unwrap();
    let success = case.expect.as_deref() == Some("success");
    match case.kind {
        Kind::ImportXlsx | Kind::WgImport | Kind::WaToolImport | Kind::LensImport => {
            let workbook = fresh_workbook(dir);
            let before = sha256(&workbook);
            let args: &[&str] = match case.kind {
                Kind::ImportXlsx => &["import", "xlsx", "w.hashira", input_arg],
                Kind::WgImport => &["wg", "import", "w.hashira", input_arg],
                Kind::LensImport => &["lens", "import", "w.hashira", input_arg],
                _ => &["wa-tool", "import", "w.hashira", "--set", "sec", input_arg],
            };
            let output = run(dir, args);
            if success {
                imported_exactly(case, dir, &output);
            } else {
                failed_cleanly(case, &output);
                error_names_place(case, &output);
                assert_eq!(sha256(&workbook), before, "{}: workbook changed", case.file);
            }
        }
        Kind::NewSetFile => {
            let output = run(
                dir,
                &[
                    "new",
                    "w.hashira",
                    "--name",
                    "台帳",
                    "--set-file",
                    input_arg,
                ],
            );
            failed_cleanly(case, &output);
            error_names_place(case, &output);
            assert!(!dir.join("w.hashira").exists(), "{}: created", case.file);
        }
        Kind::OpenWorkbook => {
            let name = Path::new(&case.file).file_name().unwrap().to_str().unwrap();
            let copy = dir.join(name);
            std::fs::copy(&input, &copy).unwrap();
            for args in [
                vec!["show", name],
                vec!["set-property", name, "notes", "書き込み"],
            ] {
                let output = run(dir, &args);
                failed_cleanly(case, &output);
                error_names_place(case, &output);
                assert_eq!(
                    sha256(&copy),
                    input_hash,
                    "{}: {args:?} changed it",
                    case.file
                );
            }
        }
        Kind::LensExport => {
            let created = run(
                dir,
                &[
                    "new",
                    "w.hashira",
                    "--name",
                    "台帳",
                    "--set-file",
                    input_arg,
                ],
            );
            assert!(created.status.success(), "{}: {created:?}", case.file);
            let before = sha256(&dir.join("w.hashira"));
            let output = run(
                dir,
                &["lens", "export", "w.hashira", "--set", "bad", "lens.json"],
            );
            failed_cleanly(case, &output);
            error_names_place(case, &output);
            assert!(!dir.join("lens.json").exists(), "{}: written", case.file);
            assert_eq!(
                sha256(&dir.join("w.hashira")),
                before,
                "{}: changed",
                case.file
            );
        }
        Kind::LensCheck => {
            let output = run(dir, &["lens", "check", input_arg]);
            assert_eq!(output.status.code(), Some(3), "{}: {output:?}", case.file);
            let report: Value = serde_json::from_slice(&output.stdout).unwrap();
            assert_eq!(report["valid"], false, "{}", case.file);
            // A lens the manifest does not list yet (lenses/make_bad_lenses.py is another
            // test's) must still name some JSON path.
            let path = case.place.first().map(String::as_str);
            let problems = report["problems"].as_array().unwrap();
            assert!(
                problems.iter().any(|p| p["severity"] == "error"
                    && path.map_or(p["path"] != "", |path| p["path"] == path)),
                "{}: expected an error at {path:?}, got {problems:#?}",
                case.file
            );
        }
    }
    assert_eq!(
        sha256(&input),
        input_hash,
        "{}: the input changed",
        case.file
    );
}

/// A good input: applied, and exactly what the manifest says.
fn imported_exactly(case: &Case, dir: &Path, output: &Output) {
    assert!(
        output.status.success(),
        "{}: {}",
        case.file,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let warnings = report["warnings"].to_string();
    for fragment in &case.warnings {
        assert!(
            warnings.contains(fragment.as_str()),
            "{}: {report:#}",
            case.file
        );
    }
    if case.notes.is_empty() {
        return;
    }
    assert_eq!(report["applied"], true, "{}: {report:#}", case.file);
    let changed: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["question_id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = case.notes.keys().map(String::as_str).collect();
    assert_eq!(changed, expected, "{}: changed questions", case.file);
    let questions = json(dir, &["questions", "w.hashira"]);
    for q in questions.as_array().unwrap() {
        let id = q["question_id"].as_str().unwrap();
        let want = case.notes.get(id).map(String::as_str).unwrap_or("");
        assert_eq!(q["notes"], want, "{}: notes of {id}", case.file);
    }
    // Exported back: each note is a text cell holding exactly the note, never a formula.
    json(dir, &["export", "xlsx", "w.hashira", "out.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(dir.join("out.xlsx")).unwrap();
    let values = book.worksheet_range("sec").unwrap();
    let formulas = book.worksheet_formula("sec").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "{}: the export holds formulas",
        case.file
    );
    let rows: Vec<&[Data]> = values.rows().collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| *c == "質問ID"))
        .unwrap();
    let column = |name: &str| rows[header].iter().position(|c| *c == name);
    let (q_col, c_col, n_col) = (
        column("質問ID").unwrap(),
        column("選択肢ID").unwrap(),
        column("メモ").unwrap(),
    );
    for (id, note) in &case.notes {
        let row = rows[header + 1..]
            .iter()
            .find(|r| r[q_col].to_string() == *id && r[c_col].to_string().is_empty())
            .unwrap_or_else(|| panic!("{}: no row for {id}", case.file));
        assert_eq!(
            row[n_col],
            Data::String(note.clone()),
            "{}: {id}",
            case.file
        );
    }
}

#[test]
fn every_bad_input_fails_with_its_code_and_place_and_changes_nothing() {
    let mut manifest = manifest();
    let listed: Vec<String> = manifest.case.iter().map(|c| c.file.clone()).collect();
    for lens in files_of(&corpus().join("lenses")) {
        let file = format!("lenses/{lens}");
        if lens.ends_with(".json") && !listed.contains(&file) {
            manifest.case.push(lens_case(file));
        }
    }
    for case in &manifest.case {
        assert!(
            case.code.is_some() != (case.expect.as_deref() == Some("success"))
                || case.kind == Kind::LensCheck,
            "{}: a case has a code or expect = \"success\"",
            case.file
        );
        check_case(case);
    }
    let defects: Vec<_> = manifest
        .case
        .iter()
        .filter_map(|c| c.known_defect.as_ref().map(|d| (&c.file, d)))
        .collect();
    eprintln!("known defects: {defects:#?}");
}

fn lens_case(file: String) -> Case {
    Case {
        file,
        kind: Kind::LensCheck,
        code: None,
        place: Vec::new(),
        expect: None,
        known_defect: None,
        notes: BTreeMap::new(),
        warnings: Vec::new(),
    }
}

/// The files under `dir`, by their path from it (`lenses/x.json`).
fn files_of(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let name = path.strip_prefix(root).unwrap().to_str().unwrap();
                out.push(name.replace('\\', "/"));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

/// Every file of the corpus (but the scripts, the manifest, and lenses the manifest does not
/// list yet, which the table runs anyway) has a case, every case a file, and there are at
/// least 40 files.
#[test]
fn every_file_of_the_corpus_is_in_the_manifest() {
    let mut listed: Vec<String> = manifest().case.into_iter().map(|c| c.file).collect();
    listed.sort();
    listed.dedup();
    let all = files_of(&corpus());
    let mut files: Vec<String> = all
        .iter()
        .filter(|f| !f.ends_with(".py") && *f != "expected.toml")
        .filter(|f| !f.starts_with("lenses/") || listed.contains(f))
        .cloned()
        .collect();
    files.sort();
    assert_eq!(
        files, listed,
        "a file without a case, or a case without a file"
    );
    assert!(all.len() >= 40, "{} files", all.len());
}

/// A fresh workbook cut at every 4 KiB boundary of its first 64 KiB (made here, not committed):
/// each cut opens as a damaged workbook naming the file, and is not modified.
#[test]
fn a_workbook_cut_at_every_4_kib_of_its_first_64_kib_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let whole = std::fs::read(fresh_workbook(dir)).unwrap();
    assert!(whole.len() > 64 * 1024, "{} bytes", whole.len());
    for k in 1..=16 {
        let name = format!("cut-{k}.hashira");
        let path = dir.join(&name);
        std::fs::write(&path, &whole[..k * 4096]).unwrap();
        let hash = sha256(&path);
        for args in [
            vec!["show", name.as_str()],
            vec!["set-property", name.as_str(), "notes", "書き込み"],
        ] {
            let output = run(dir, &args);
            let case = Case {
                file: name.clone(),
                kind: Kind::OpenWorkbook,
                code: Some("WORKBOOK_CORRUPT".into()),
                place: vec![name.clone(), "damaged".into()],
                expect: None,
                known_defect: None,
                notes: BTreeMap::new(),
                warnings: Vec::new(),
            };
            failed_cleanly(&case, &output);
            error_names_place(&case, &output);
            assert_eq!(sha256(&path), hash, "{name}: {args:?} changed it");
        }
    }
}
