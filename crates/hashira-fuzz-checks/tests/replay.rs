//! Replays every committed fuzz input — the seed corpora (`fuzz/corpus/<target>/`) and the
//! crashes found (`fuzz/regressions/<target>/`) — through the same invariant checks the
//! libFuzzer targets run, so `cargo test` (and CI) re-checks them on every run without nightly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use hashira_fuzz_checks::{
    ImportOutcome, check_open_workbook, check_review_import, check_rule, check_set_toml,
    check_wg_import,
};

/// Regression inputs of crashes whose fix is not in yet (file names under
/// `fuzz/regressions/open_workbook/`), each replayed by its own ignored test below: run them
/// with `cargo test -p hashira-fuzz-checks --test replay -- --ignored`. Remove an entry (and
/// the `#[ignore]`) with its fix.
const KNOWN_CRASHES: &[&str] = &[
    "invalid-utf8-text-database-error",
    "schema-format-number-database-error",
    "damaged-schema-open-database-error",
    "verify-invalid-utf8-database-error",
    "verify-damaged-schema-column-database-error",
    "verify-damaged-schema-function-database-error",
    "verify-foreign-key-mismatch-database-error",
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// Every input of `target`, corpus first, in name order (so a failure is reproducible).
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in ["corpus", "regressions"] {
        let dir = fuzz_dir().join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                !name.starts_with('.') && !KNOWN_CRASHES.contains(&name.as_ref())
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// Runs `check` on every input of `target`, naming each input that breaks an invariant, and
/// returns what the check saw for each input.
fn replay<T>(target: &str, check: impl Fn(&[u8]) -> T) -> Vec<T> {
    let files = inputs(target);
    assert!(
        !files.is_empty(),
        "no committed inputs for fuzz target {target} (fuzz/corpus/{target}/; fuzz/seed.sh makes them)"
    );
    let mut broken = Vec::new();
    let mut outcomes = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        match std::panic::catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
            Ok(outcome) => outcomes.push(outcome),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                broken.push(format!("{}: {message}", file.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} input(s) of {target} break an invariant:\n{}",
        broken.len(),
        broken.join("\n")
    );
    outcomes
}

/// The seeds must reach both sides of an import — a refusal, and an apply that writes — or
/// the fuzzer starts from files that never get past the first check (as happened when the
/// review import began refusing another workbook's export: fuzz/seed.sh clears that cell).
fn assert_reaches_both(target: &str, outcomes: &[ImportOutcome]) {
    assert!(
        outcomes
            .iter()
            .any(|o| matches!(o, ImportOutcome::Refused(_))),
        "no {target} seed is refused: {outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .any(|o| matches!(o, ImportOutcome::Imported { changed: true })),
        "no {target} seed imports with a change: {outcomes:?}"
    );
}

#[test]
fn replay_review_import() {
    let outcomes = replay("review_import", check_review_import);
    assert_reaches_both("review_import", &outcomes);
}

#[test]
fn replay_wg_import() {
    let outcomes = replay("wg_import", check_wg_import);
    assert_reaches_both("wg_import", &outcomes);
}

#[test]
fn replay_set_toml() {
    replay("set_toml", check_set_toml);
}

#[test]
fn replay_rule() {
    replay("rule", |bytes| check_rule(&String::from_utf8_lossy(bytes)));
}

#[test]
fn replay_open_workbook() {
    replay("open_workbook", check_open_workbook);
}

fn replay_known_open_crash(name: &str) {
    let file = fuzz_dir().join("regressions/open_workbook").join(name);
    check_open_workbook(&std::fs::read(file).unwrap());
}

// Found by `scripts/fuzz` on 2026-12-05 (open_workbook, mutations of the seed workbook
// fuzz/corpus/open_workbook/small.hashira). In every one a damaged file gets the generic
// `DATABASE` code with SQLite's or rusqlite's own words, where the product promises
// `WORKBOOK_CORRUPT` (or `NOT_A_WORKBOOK`) naming what is damaged, and `verify` promises to
// report problems rather than fail. The fixes belong in hashira-core (workbook/file.rs error
// mapping, sets.rs, verify.rs / state_check.rs).

/// One byte of the stored question set's TOML text (table `question_set`, file offset 28193)
/// made invalid UTF-8; `PRAGMA integrity_check` still says ok. Open: `DATABASE` "invalid utf-8
/// sequence of 1 bytes from index 555 at index 1".
#[test]
#[ignore = "open: stored set text with invalid UTF-8 fails as DATABASE, not WORKBOOK_CORRUPT"]
fn open_invalid_utf8_set_text_is_corrupt() {
    replay_known_open_crash("invalid-utf8-text-database-error");
}

/// The SQLite header's schema format number (offsets 44–47) made 255 instead of 4.
/// Open: `DATABASE` "unsupported file format".
#[test]
#[ignore = "open: an unsupported SQLite schema format number fails as DATABASE, not NOT_A_WORKBOOK/WORKBOOK_CORRUPT"]
fn open_unsupported_schema_format_is_refused_clearly() {
    replay_known_open_crash("schema-format-number-database-error");
}

/// A column name in the stored schema (sqlite_schema) damaged. Open: `DATABASE` "no such
/// column: position in SELECT id, source_text, content_hash FROM question_set …".
#[test]
#[ignore = "open: a damaged stored schema fails as DATABASE with the product's SQL, not WORKBOOK_CORRUPT"]
fn open_damaged_schema_is_corrupt() {
    replay_known_open_crash("damaged-schema-open-database-error");
}

/// Opens, then `verify` fails (instead of reporting a problem): `DATABASE` "invalid utf-8
/// sequence of 1 bytes from index 93 at index 9" (a stored text made invalid UTF-8).
#[test]
#[ignore = "verify: invalid UTF-8 in a stored row fails as DATABASE instead of a reported problem"]
fn verify_reports_invalid_utf8_row() {
    replay_known_open_crash("verify-invalid-utf8-database-error");
}

/// Opens, then `verify` fails: "no such column: actor in SELECT seq, at, actor, … FROM
/// audit_entry" (the stored schema's column name damaged).
#[test]
#[ignore = "verify: a damaged audit_entry schema fails as DATABASE instead of a reported problem"]
fn verify_reports_damaged_schema_column() {
    replay_known_open_crash("verify-damaged-schema-column-database-error");
}

/// Opens, then `verify` fails: "unknown function: triC() in PRAGMA integrity_check" (an
/// expression in the stored schema damaged).
#[test]
#[ignore = "verify: a damaged schema expression makes integrity_check fail as DATABASE instead of a reported problem"]
fn verify_reports_damaged_schema_function() {
    replay_known_open_crash("verify-damaged-schema-function-database-error");
}

/// Opens, then `verify` fails: "foreign key mismatch - \"answer_choice\" referencing
/// \"choice\"" (the foreign key check itself errors on a damaged schema).
#[test]
#[ignore = "verify: a foreign key mismatch fails as DATABASE instead of a reported FOREIGN_KEY problem"]
fn verify_reports_foreign_key_mismatch() {
    replay_known_open_crash("verify-foreign-key-mismatch-database-error");
}
