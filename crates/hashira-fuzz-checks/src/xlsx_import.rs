//! The two Excel importers, each run as the app runs them: a dry run (the preview), then the
//! apply of the same file, on a fresh copy of the demo workbook.

use std::path::Path;

use hashira_core::ErrorCode;
use hashira_xlsx::XlsxError;
use hashira_xlsx::review::import_review;
use hashira_xlsx::wg::{WgImportOptions, import_wg};
use serde::Serialize;

use crate::{ACTOR, Scratch, assert_verifies, close, file_sha256, open_workbook};

/// The service name given when the file names none, as the import form lets the user do.
const GIVEN_SERVICE: &str = "Fuzzed Service";

/// What an import check saw (the invariants held either way): the replay test uses it to
/// prove its seeds still reach the apply, not only the refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The file was refused (dry run and apply alike) with this code.
    Refused(ErrorCode),
    /// The file imported; `changed` when the apply wrote anything.
    Imported { changed: bool },
}

/// Review answers (`hashira import xlsx`): see the crate documentation for the invariants.
pub fn check_review_import(bytes: &[u8]) -> ImportOutcome {
    let scratch = Scratch::new();
    let input = scratch.file("answers.xlsx", bytes);
    let book = scratch.demo_workbook();
    let before = file_sha256(&book);
    let mut workbook = open_workbook(&book);

    let dry = import_review(&mut workbook, &input, true, ACTOR);
    let applied = import_review(&mut workbook, &input, false, ACTOR);
    match (dry, applied) {
        (Err(dry), Err(applied)) => {
            assert_names_place(&dry, &input, "review import (dry run)");
            assert_same_failure(&dry, &applied, "review import");
            close(workbook, "review import");
            assert_unchanged(&book, &before, "a failed review import");
            ImportOutcome::Refused(dry.code())
        }
        (Ok(dry), Ok(applied)) => {
            assert!(!dry.applied, "review import: the dry run says it applied");
            assert_same(&dry.changes, &applied.changes, "review import");
            assert_eq!(
                applied.applied,
                !applied.changes.is_empty(),
                "review import: applied must be true exactly when there are changes"
            );
            assert_verifies(&workbook, "review import");
            // Applied once, the same file now changes nothing.
            match import_review(&mut workbook, &input, true, ACTOR) {
                Ok(again) => assert!(
                    again.changes.is_empty(),
                    "review import: importing the same file again would still change {:?}",
                    again.changes
                ),
                Err(e) => panic!("review import: the file imported, then its re-import fails: {e}"),
            }
            let changed = !applied.changes.is_empty();
            close(workbook, "review import");
            if !changed {
                assert_unchanged(&book, &before, "a review import with no changes");
            }
            ImportOutcome::Imported { changed }
        }
        (Ok(_), Err(applied)) => {
            panic!("review import: the dry run succeeded but the apply fails: {applied}")
        }
        (Err(dry), Ok(_)) => {
            panic!("review import: the dry run fails ({dry}) but the apply succeeds")
        }
    }
}

/// A WG evaluation workbook (`hashira wg import`), merged with the stored evaluation when the
/// service is the same: see the crate documentation for the invariants.
pub fn check_wg_import(bytes: &[u8]) -> ImportOutcome {
    let scratch = Scratch::new();
    let input = scratch.file("wg.xlsx", bytes);
    let book = scratch.demo_workbook();
    let before = file_sha256(&book);
    let mut workbook = open_workbook(&book);

    let mut options = WgImportOptions {
        service: None,
        dry_run: true,
        // Both blank-cell rules get exercised, picked by the input itself so a run replays.
        clear_blank: bytes.len() % 2 == 1,
        ..WgImportOptions::default()
    };
    let mut dry = import_wg(&mut workbook, &input, &options, ACTOR);
    if let Err(e) = &dry
        && e.code() == ErrorCode::WgServiceMissing
    {
        // The user then types the service name: the rest of the file gets imported too.
        options.service = Some(GIVEN_SERVICE.into());
        dry = import_wg(&mut workbook, &input, &options, ACTOR);
    }
    options.dry_run = false;
    // As the app does: apply exactly the plan the preview showed (its fingerprint).
    options.expect_plan = dry.as_ref().ok().map(|report| report.plan_sha256.clone());
    let applied = import_wg(&mut workbook, &input, &options, ACTOR);
    match (dry, applied) {
        (Err(dry), Err(applied)) => {
            assert_names_place(&dry, &input, "WG import (dry run)");
            assert_same_failure(&dry, &applied, "WG import");
            close(workbook, "WG import");
            assert_unchanged(&book, &before, "a failed WG import");
            ImportOutcome::Refused(dry.code())
        }
        (Ok(dry), Ok(applied)) => {
            assert!(dry.result.is_none(), "WG import: the dry run has a result");
            assert!(
                applied.result.is_some(),
                "WG import: the apply has no result"
            );
            assert_same(&dry.merge, &applied.merge, "WG import");
            assert_eq!(
                dry.plan_sha256, applied.plan_sha256,
                "WG import: the apply's plan fingerprint differs from its dry run's"
            );
            assert_verifies(&workbook, "WG import");
            close(workbook, "WG import");
            ImportOutcome::Imported {
                changed: file_sha256(&book) != before,
            }
        }
        (Ok(_), Err(applied)) => {
            panic!("WG import: the dry run succeeded but the apply fails: {applied}")
        }
        (Err(dry), Ok(_)) => panic!("WG import: the dry run fails ({dry}) but the apply succeeds"),
    }
}

/// A refused import names the file, never is a database failure, and an import problem names
/// its sheet and row.
fn assert_names_place(error: &XlsxError, input: &Path, what: &str) {
    let message = error.to_string();
    let code = error.code();
    assert!(
        code != ErrorCode::Database && code != ErrorCode::Io,
        "{what}: a bad file must be refused as the file's fault, not fail with {code}: {message}"
    );
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    assert!(
        message.contains(&name),
        "{what}: the error ({code}) does not name the file '{name}': {message}"
    );
    if let XlsxError::Problems { problems, .. } = error {
        assert!(
            !problems.is_empty(),
            "{what}: IMPORT_PROBLEMS with no problem"
        );
        for problem in problems {
            assert!(
                problem.row >= 1 && !problem.message.trim().is_empty(),
                "{what}: a problem without a row or a message: {problem:?}"
            );
        }
    }
}

/// Preview and apply refuse a file for the same reason.
fn assert_same_failure(dry: &XlsxError, applied: &XlsxError, what: &str) {
    assert_eq!(
        dry.payload().details,
        applied.payload().details,
        "{what}: the dry run and the apply fail differently: {dry} / {applied}"
    );
}

/// The apply did exactly what its dry run showed.
pub(crate) fn assert_same<T: Serialize + std::fmt::Debug>(dry: &T, applied: &T, what: &str) {
    let json = |value: &T| match serde_json::to_value(value) {
        Ok(json) => json,
        Err(e) => panic!("{what}: the report does not serialise: {e}"),
    };
    assert_eq!(
        json(dry),
        json(applied),
        "{what}: the apply's changes differ from its dry run's"
    );
}

pub(crate) fn assert_unchanged(book: &Path, before: &str, what: &str) {
    assert_eq!(
        file_sha256(book),
        before,
        "{what} changed the workbook file (SHA-256 before / after differ)"
    );
}
