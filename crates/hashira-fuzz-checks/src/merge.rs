//! Another reviewer's workbook file merged into ours (`hashira merge`): the plan (the dry run),
//! then the apply with every conflict taking their side (`--prefer theirs`), on a fresh copy of
//! a tiny workbook whose copies the seeds are (fuzz/seed.sh makes both).

use std::path::Path;

use hashira_core::workbook::merge::{MergeResolutions, MergeSide};
use hashira_core::{Error, ErrorCode, Workbook};

use crate::xlsx_import::{ImportOutcome, assert_unchanged};
use crate::{ACTOR, Scratch, assert_verifies, clock, close, file_sha256};

/// Our workbook: the one-question SEC set, SEC1 answered after the seeds' copy was taken
/// (so a seed changing SEC1 conflicts), its pages 512 bytes. Made by fuzz/seed.sh with the
/// seeds: they are copies of it and share its workbook id.
const OURS: &[u8] = include_bytes!("../fixtures/merge-ours.hashira");
/// What the other reviewer's file is called: every refusal must name it.
const THEIRS: &str = "theirs.hashira";

/// The codes that say nothing about the other file: a damaged or foreign file must be refused
/// as such (`MERGE_REFUSED`, `NOT_A_WORKBOOK`, `WORKBOOK_CORRUPT`, …), never as a database or
/// disk failure, a lock, or a conflict or plan change the fuzzed file cannot cause.
const UNCLEAR: [ErrorCode; 5] = [
    ErrorCode::Database,
    ErrorCode::Io,
    ErrorCode::WorkbookLocked,
    ErrorCode::MergeConflicts,
    ErrorCode::MergePlanChanged,
];

/// The plan of merging the file either fails with a clear error naming the file, and both
/// files stay byte-identical; or it plans, and then the apply with every conflict settled as
/// theirs fails alike (ours unchanged) or merges: the other file passes `verify` itself, ours
/// then opens and `verify` passes, the same file plans as already merged and merging it again
/// changes nothing. The other file is never written.
pub fn check_merge_input(bytes: &[u8]) -> ImportOutcome {
    let scratch = Scratch::new();
    let theirs = scratch.file(THEIRS, bytes);
    let book = scratch.file("review.hashira", OURS);
    let before = file_sha256(&book);
    let theirs_before = file_sha256(&theirs);
    // As `hashira merge` opens it: the merge reads rows, never a set's text.
    let mut workbook = match Workbook::open_for_figures(&book, clock()) {
        Ok(workbook) => workbook,
        Err(e) => panic!("setup: our workbook does not open: {e}"),
    };
    let outcome = match workbook.plan_merge(&theirs) {
        Err(e) => {
            assert_clear(&e, "merge plan");
            close(workbook, "merge plan");
            assert_unchanged(&book, &before, "a refused merge plan");
            ImportOutcome::Refused(e.code())
        }
        Ok(plan) => {
            let prefer = MergeResolutions {
                prefer: Some(MergeSide::Theirs),
                ..MergeResolutions::default()
            };
            match workbook.apply_merge(&theirs, Some(&plan.fingerprint), &prefer, ACTOR) {
                Err(e) => {
                    assert_clear(&e, "merge apply");
                    close(workbook, "merge apply");
                    assert_unchanged(&book, &before, "a failed merge");
                    ImportOutcome::Refused(e.code())
                }
                Ok(outcome) => {
                    assert_eq!(
                        outcome.merged, !plan.already_merged,
                        "merge: merged must be true exactly when the plan had something to merge"
                    );
                    close(workbook, "merge apply");
                    if outcome.merged {
                        assert_other_verifies(&scratch, bytes);
                    } else {
                        assert_unchanged(&book, &before, "a merge with nothing to merge");
                    }
                    merge_again(&book, &theirs);
                    ImportOutcome::Imported {
                        changed: outcome.merged,
                    }
                }
            }
        }
    };
    assert_eq!(
        file_sha256(&theirs),
        theirs_before,
        "merge: the other reviewer's file was changed"
    );
    outcome
}

/// Ours after a merge: it opens (its sets parsed, as the app opens it), `verify` passes, and
/// the same file is already merged: planned as such, and applied it changes nothing.
fn merge_again(book: &Path, theirs: &Path) {
    let workbook = match Workbook::open(book, clock()) {
        Ok(workbook) => workbook,
        Err(e) => panic!("merge: the merged workbook does not open: {e}"),
    };
    assert_verifies(&workbook, "merge");
    match workbook.plan_merge(theirs) {
        Ok(plan) => assert!(
            plan.already_merged,
            "merge: merged once, the same file would still merge {} change(s), {} conflict(s)",
            plan.taken.len(),
            plan.conflicts.len()
        ),
        Err(e) => panic!("merge: merged once, the same file no longer plans: {e}"),
    }
    close(workbook, "merge again");
    let merged = file_sha256(book);
    let mut workbook = match Workbook::open_for_figures(book, clock()) {
        Ok(workbook) => workbook,
        Err(e) => panic!("merge: the merged workbook does not open: {e}"),
    };
    match workbook.apply_merge(theirs, None, &MergeResolutions::default(), ACTOR) {
        Ok(again) => assert!(
            !again.merged,
            "merge: merging the same file again merged {} change(s)",
            again.taken
        ),
        Err(e) => panic!("merge: merged once, merging the same file again fails: {e}"),
    }
    close(workbook, "merge again");
    assert_unchanged(book, &merged, "merging an already merged file");
}

/// What a merge takes from the other file it takes as that file's audit trail records it: a
/// file merged must itself pass `verify` (checked on a copy, which opening may write to), or
/// a row changed outside Hashira would enter our trail as its reviewer's change, and our
/// `verify` could no longer tell.
fn assert_other_verifies(scratch: &Scratch, bytes: &[u8]) {
    let copy = scratch.file("theirs-checked.hashira", bytes);
    let problems = match Workbook::open(&copy, clock()) {
        Ok(other) => match other.verify() {
            Ok(report) => report.problems.iter().map(|p| p.message.clone()).collect(),
            Err(e) => vec![format!("verify fails: {e}")],
        },
        Err(e) => vec![format!("it does not open: {e}")],
    };
    assert!(
        problems.is_empty(),
        "merge: merged a file that does not pass verify: {problems:?}"
    );
}

/// A refusal is the other file's fault, says so with a code of its own, and names the file.
fn assert_clear(error: &Error, what: &str) {
    let message = error.to_string();
    assert!(
        !UNCLEAR.contains(&error.code()),
        "{what}: refused with {} instead of a clear code: {message}",
        error.code()
    );
    assert!(
        message.contains(THEIRS),
        "{what}: the error ({}) does not name the other file: {message}",
        error.code()
    );
    assert!(
        !message.contains("database is locked"),
        "{what}: the error says the database is locked: {message}"
    );
}
