//! Replays every committed fuzz input — the seed corpora (`fuzz/corpus/<target>/`) and the
//! crashes found (`fuzz/regressions/<target>/`) — through the same invariant checks the
//! libFuzzer targets run, so `cargo test` (and CI) re-checks them on every run without nightly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hashira_core::workbook::ProblemKind;
use hashira_core::{ErrorCode, FixedClock, Workbook};

use hashira_fuzz_checks::{
    BundleOutcome, ImportOutcome, LensOutcome, check_bundle_verify, check_lens_json,
    check_merge_input, check_open_workbook, check_review_import, check_rule, check_set_toml,
    check_wa_answers, check_wg_import,
};

/// Regression inputs of crashes whose fix is not in yet (file names under
/// `fuzz/regressions/<target>/`), each replayed by its own ignored test: run them with
/// `cargo test -p hashira-fuzz-checks --test replay -- --ignored`. Remove an entry (and the
/// `#[ignore]`) with its fix.
const KNOWN_CRASHES: &[&str] = &[];

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

#[test]
fn replay_lens_json() {
    let outcomes = replay("lens_json", check_lens_json);
    for outcome in [LensOutcome::Refused, LensOutcome::Valid] {
        assert!(
            outcomes.contains(&outcome),
            "no lens_json seed is {outcome:?}: {outcomes:?}"
        );
    }
}

#[test]
fn replay_wa_answers() {
    let outcomes = replay("wa_answers", check_wa_answers);
    assert_reaches_both("wa_answers", &outcomes);
}

/// The seeds reach a refusal and a merge that writes (the copy with changes), and the copy
/// with nothing new merges with no change.
#[test]
fn replay_merge_input() {
    let outcomes = replay("merge_input", check_merge_input);
    assert_reaches_both("merge_input", &outcomes);
    assert!(
        outcomes.contains(&ImportOutcome::Imported { changed: false }),
        "no merge_input seed is already merged: {outcomes:?}"
    );
}

/// The seeds reach each outcome: refused, problems reported, verified.
#[test]
fn replay_bundle_verify() {
    let outcomes = replay("bundle_verify", check_bundle_verify);
    for outcome in [
        BundleOutcome::Refused,
        BundleOutcome::Problems,
        BundleOutcome::Verified,
    ] {
        assert!(
            outcomes.contains(&outcome),
            "no bundle_verify seed is {outcome:?}: {outcomes:?}"
        );
    }
}

/// A copy of regression input `name`, opened: the check's invariants hold, and the outcome.
fn open_regression(name: &str) -> (tempfile::TempDir, Result<Workbook, hashira_core::Error>) {
    let bytes = std::fs::read(fuzz_dir().join("regressions/open_workbook").join(name)).unwrap();
    check_open_workbook(&bytes);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mailed.hashira");
    std::fs::write(&path, &bytes).unwrap();
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    let opened = Workbook::open(&path, clock);
    (dir, opened)
}

/// Open refuses the file as damaged, naming the file and each of `what`.
fn assert_refused_as_corrupt(name: &str, what: &[&str]) {
    let (_dir, opened) = open_regression(name);
    let e = opened.expect_err("a damaged workbook opened");
    assert_eq!(e.code(), ErrorCode::WorkbookCorrupt, "{e}");
    for fragment in what.iter().chain(&["mailed.hashira"]) {
        assert!(e.to_string().contains(fragment), "{fragment:?} not in: {e}");
    }
}

/// The file opens and `verify` reports (never fails): not ok, with a problem of `kind` whose
/// message holds each of `what`.
fn assert_verify_reports(name: &str, kind: ProblemKind, what: &[&str]) {
    let (_dir, opened) = open_regression(name);
    let report = opened.unwrap().verify().unwrap();
    assert!(!report.ok, "{report:?}");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == kind && what.iter().all(|w| p.message.contains(w))),
        "no {kind:?} problem naming {what:?}: {:#?}",
        report.problems
    );
}

// Found by `scripts/fuzz` on 2026-12-05 (open_workbook, mutations of the seed workbook
// fuzz/corpus/open_workbook/small.hashira). Each damaged file got the generic `DATABASE` code
// with SQLite's or rusqlite's own words; open now refuses it as `WORKBOOK_CORRUPT` naming what
// is damaged, and `verify` reports the damage as a problem instead of failing.

/// One byte of the stored question set's TOML text (table `question_set`, file offset 28193)
/// made invalid UTF-8; `PRAGMA integrity_check` still says ok. Was: `DATABASE` "invalid utf-8
/// sequence of 1 bytes from index 555 at index 1".
#[test]
fn open_invalid_utf8_set_text_is_corrupt() {
    assert_refused_as_corrupt(
        "invalid-utf8-text-database-error",
        &["question_set", "source_text", "UTF-8"],
    );
}

/// The SQLite header's schema format number (offsets 44–47) made 255 instead of 4. Was:
/// `DATABASE` "unsupported file format".
#[test]
fn open_unsupported_schema_format_is_refused_clearly() {
    assert_refused_as_corrupt(
        "schema-format-number-database-error",
        &["schema format 255"],
    );
}

/// A column name in the stored schema (sqlite_schema) damaged. Was: `DATABASE` "no such
/// column: position in SELECT id, source_text, content_hash FROM question_set …".
#[test]
fn open_damaged_schema_is_corrupt() {
    assert_refused_as_corrupt("damaged-schema-open-database-error", &["has no column"]);
}

/// Opened; `verify` failed with `DATABASE` "invalid utf-8 sequence of 1 bytes from index 93
/// at index 9": the damaged byte is in the stored schema, in a column name of wg_criterion, so
/// open now refuses it naming the column. (A damaged row's text is reported by `verify`:
/// hashira-core's `verify_reports_a_row_whose_text_is_not_utf8`.)
#[test]
fn verify_reports_invalid_utf8_row() {
    assert_refused_as_corrupt(
        "verify-invalid-utf8-database-error",
        &["wg_criterion", "responsibility_aws"],
    );
}

/// Opens; `verify` failed with "no such column: actor in SELECT seq, at, actor, … FROM
/// audit_entry" (the stored schema's column name damaged). Open now refuses it, naming the
/// column.
#[test]
fn verify_reports_damaged_schema_column() {
    assert_refused_as_corrupt(
        "verify-damaged-schema-column-database-error",
        &["audit_entry", "actor"],
    );
}

/// Opens; `verify` failed with "unknown function: triC() in PRAGMA integrity_check" (an
/// expression in the stored schema damaged).
#[test]
fn verify_reports_damaged_schema_function() {
    assert_verify_reports(
        "verify-damaged-schema-function-database-error",
        ProblemKind::Integrity,
        &["integrity check could not be checked", "triC"],
    );
}

/// Opens; `verify` failed with "foreign key mismatch - \"answer_choice\" referencing
/// \"choice\"" (the foreign key check itself errors on a damaged schema).
#[test]
fn verify_reports_foreign_key_mismatch() {
    assert_verify_reports(
        "verify-foreign-key-mismatch-database-error",
        ProblemKind::ForeignKey,
        &["foreign keys could not be checked", "answer_choice"],
    );
}

// Found by the 600 s run of open_workbook on 2026-12-05 (23:06 UTC, HEAD d45f695), mutations of
// the seed small.hashira, a schema-4 workbook that open upgrades to the current schema.

/// Open refuses `name` as damaged naming each of `what`, and leaves it byte-identical (the
/// upgrade it began is rolled back).
fn assert_refused_unchanged(name: &str, what: &[&str]) {
    assert_refused_as_corrupt(name, what);
    let bytes = std::fs::read(fuzz_dir().join("regressions/open_workbook").join(name)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mailed.hashira");
    std::fs::write(&path, &bytes).unwrap();
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    assert!(Workbook::open(&path, clock).is_err());
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "{name}: the file was changed"
    );
}

/// One byte of the question table's key index damaged: the upgrade's migration 5 writes a row
/// per question referencing it, which SQLite refused. Was: `DATABASE` "FOREIGN KEY constraint
/// failed". Open now runs SQLite's integrity check before upgrading a file and names what it
/// finds.
#[test]
fn open_refuses_to_upgrade_a_file_with_a_damaged_index() {
    assert_refused_unchanged(
        "upgrade-foreign-key-database-error",
        &[
            "needs an upgrade from schema 4",
            "integrity check finds: row 1 missing from index sqlite_autoindex_question_1",
        ],
    );
}

/// The upgrade's own audit entry could not be written: `DATABASE` "UNIQUE constraint failed:
/// audit_entry.seq" (rows of audit_entry and workbook_meta damaged).
#[test]
fn open_refuses_to_upgrade_a_file_whose_audit_rows_are_damaged() {
    assert_refused_unchanged(
        "upgrade-unique-audit-seq-database-error",
        &[
            "needs an upgrade from schema 4",
            "CHECK constraint failed in audit_entry",
        ],
    );
}

/// The header's schema version (`PRAGMA user_version`, offsets 60–63) damaged to a negative
/// number. Was: `DATABASE` "table workbook_meta already exists in -- Hashira workbook schema,
/// version 1. …" (the whole first migration).
#[test]
fn open_refuses_a_damaged_schema_version() {
    assert_refused_unchanged(
        "schema-version-damaged-database-error",
        &["schema version -1426063356, which no Hashira writes"],
    );
}

/// The stored head of the audit trail (workbook_meta audit_head, "4:<hash>") damaged to
/// ".:<hash>" (SQLite's integrity check finds nothing): it read as "no entry yet", so the
/// upgrade's audit entry took number 1, which SQLite refused. Was: `DATABASE` "UNIQUE
/// constraint failed: audit_entry.seq"; now the head that does not read is named.
#[test]
fn open_refuses_an_upgrade_whose_audit_head_does_not_read() {
    assert_refused_unchanged(
        "audit-head-unreadable-database-error",
        &[
            "audit trail",
            "audit_head",
            "cannot be read",
            "\".:0bcbb39b",
        ],
    );
}

/// Found by the 600 s run of lens_json on 2026-12-06 (00:13 UTC, 10f87a5 with the check of
/// 4591b53): a lens whose question object names `title` twice passes `lens check` with only a
/// warning (the check reads the JSON as a value, where the last key wins), yet does not
/// deserialise ("duplicate field `title` at line 28 column 52"): the check reports a duplicate
/// key as an error at its JSON path (hashira-core `lens/duplicate_keys.rs`).
#[test]
fn lens_check_reports_a_duplicate_key() {
    let bytes =
        std::fs::read(fuzz_dir().join("regressions/lens_json/duplicate-key-passes-check")).unwrap();
    check_lens_json(&bytes);
}

/// Found by the 600 s run of lens_json on 2026-12-06 (01:10 UTC, b8f1464): a key spelled
/// `[schemaVersion` was warned about at the path `[schemaVersion`, which reads as a bad array
/// index and names no place. A key that is not a plain identifier is now quoted in every lens
/// path (hashira-core `lens/path.rs`).
#[test]
fn lens_check_quotes_a_key_holding_a_bracket() {
    let bytes = std::fs::read(
        fuzz_dir().join("regressions/lens_json/key-holding-bracket-at-unquoted-path"),
    )
    .unwrap();
    check_lens_json(&bytes);
    let problems = hashira_core::lens::check_lens_bytes(&bytes);
    assert!(
        problems
            .iter()
            .any(|p| p.path == r#"["[schemaVersion"]"# && p.message.contains("not a field")),
        "{problems:?}"
    );
}

/// Found while writing `merge_input` (2026-12-06, by hand, then the check's invariant that a
/// merged file passes `verify` itself): a reviewer's copy whose SEC1 notes were changed in a
/// SQLite tool (its own `verify` reports it) was merged; the edit entered our trail as 佐藤's
/// change and our `verify` passed. The merge now refuses a file that does not pass `verify`
/// (hashira-core `workbook/merge/trust.rs`), naming what it found.
#[test]
fn merge_refuses_a_copy_whose_rows_were_edited_outside() {
    let bytes = std::fs::read(
        fuzz_dir().join("regressions/merge_input/row-edited-outside-taken-as-reviewers"),
    )
    .unwrap();
    assert_eq!(
        check_merge_input(&bytes),
        ImportOutcome::Refused(ErrorCode::MergeRefused)
    );
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.hashira");
    let theirs = dir.path().join("theirs.hashira");
    std::fs::write(&ours, include_bytes!("../fixtures/merge-ours.hashira")).unwrap();
    std::fs::write(&theirs, &bytes).unwrap();
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    let workbook = Workbook::open_for_figures(&ours, clock).unwrap();
    let e = workbook.plan_merge(&theirs).unwrap_err();
    let payload = e.payload();
    assert_eq!(payload.details["kind"], "NOT_VERIFIED", "{e}");
    for fragment in [
        "theirs.hashira",
        "does not pass verify",
        "notes",
        "後から書き換えた",
    ] {
        assert!(
            payload.message.contains(fragment),
            "{fragment:?} not in: {e}"
        );
    }
}

/// Found by the first minute of `merge_input` (2026-12-06 03:16 UTC, a build from before
/// b260073): a copy with one page damaged (SQLite: "database disk image is malformed") still
/// planned and merged, its damage never looked at. Refused now: it does not pass `verify`.
#[test]
fn merge_refuses_a_copy_with_a_damaged_page() {
    let bytes =
        std::fs::read(fuzz_dir().join("regressions/merge_input/damaged-page-merged")).unwrap();
    assert_eq!(
        check_merge_input(&bytes),
        ImportOutcome::Refused(ErrorCode::MergeRefused)
    );
}

/// Found by the 600 s run of `merge_input` (2026-12-06 03:19 UTC, after 207 runs): a copy whose
/// audit row holds NULL where its schema has none was refused with the generic `DATABASE`
/// code ("Invalid column type Null at index: 1, name: at"). A failed read of the other file
/// (opened read-only) is its content's fault: `WORKBOOK_CORRUPT` naming it
/// (hashira-core `workbook/merge/trust.rs`, `read_as_damage`).
#[test]
fn merge_refuses_an_unreadable_row_as_damage() {
    let bytes =
        std::fs::read(fuzz_dir().join("regressions/merge_input/null-in-audit-row-database-error"))
            .unwrap();
    assert_eq!(
        check_merge_input(&bytes),
        ImportOutcome::Refused(ErrorCode::WorkbookCorrupt)
    );
}

/// Found by the 600 s run of `bundle_verify` (2026-12-06 03:20 UTC, after ~21,000 runs): a zip
/// entry whose name is empty was reported as a problem with the path "" and the message ": in
/// the bundle but not in its manifest", naming nothing. An empty name is now named as such
/// (hashira-bundle `verify.rs`, `EMPTY_NAME`).
#[test]
fn bundle_verify_names_an_entry_with_an_empty_name() {
    let path =
        fuzz_dir().join("regressions/bundle_verify/entry-with-empty-name-problem-names-nothing");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(check_bundle_verify(&bytes), BundleOutcome::Problems);
    let clock = Arc::new(FixedClock::parse("2026-04-01T09:00:00+09:00", 1000).unwrap());
    let check = hashira_bundle::verify_bundle(&path, clock).unwrap();
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.path == "\"\" (an empty name)"
                && p.message == "\"\" (an empty name): in the bundle but not in its manifest"),
        "{:#?}",
        check.problems
    );
}

/// Found by the 600 s run of `merge_input` (2026-12-06 03:30 UTC, 2c25e62 with the fixes of
/// 8b4c6f5, after 174 runs): a copy whose stored schema of `workload` is damaged in a CHECK
/// constraint merges — the merge's read-only `verify` of it passes — while `Workbook::open`
/// refuses it ("malformed database schema (workload) - parameters prohibited in CHECK
/// constraints"): SQLite tolerates schema errors on a read-only connection. Fixed in
/// hashira-core `workbook/file.rs` `check_schema_parses`, which the merge's check of the copy
/// runs (its stored CREATE statements replayed on a writable database in memory).
#[test]
fn merge_refuses_a_copy_that_open_calls_damaged() {
    // The second: found by the fork-mode run at 03:47 UTC, the stored schema of `evidence`
    // naming a column `sha789` ("malformed database schema (evidence) - no such column").
    for name in [
        "damaged-check-constraint-merged",
        "damaged-schema-column-merged",
    ] {
        let bytes = std::fs::read(fuzz_dir().join("regressions/merge_input").join(name)).unwrap();
        assert_eq!(
            check_merge_input(&bytes),
            ImportOutcome::Refused(ErrorCode::WorkbookCorrupt),
            "{name}"
        );
    }
}
