//! AWS WA Tool answers (`hashira wa-tool import`: `get-answer` / `list-answers` output) into a
//! workbook whose set the WA Tool knows as the exported lens: a dry run, then the apply of the
//! preview's plan, on a fresh copy of a workbook holding the shipped SEC set.

use std::path::Path;
use std::sync::OnceLock;

use hashira_core::question_set::shipped::shipped_set;
use hashira_core::wa_tool::{WaToolError, import_wa_tool};
use hashira_core::workbook::AnswerChange;
use hashira_core::{ErrorCode, Workbook};
use serde_json::Value;

use crate::json_path::places;
use crate::xlsx_import::{ImportOutcome, assert_same, assert_unchanged};
use crate::{ACTOR, Scratch, assert_verifies, clock, close, open_workbook};

/// The shipped set the answers are imported into.
const SET: &str = "sec";
/// What the input file is called: every error must name it.
const FILE: &str = "answers.json";

/// Either dry run and apply both fail, alike, with an error naming the file and each problem's
/// JSON path (a whole-file problem — not JSON, not an answers document, too big — says so),
/// and the workbook file stays byte-identical; or the apply with the preview's plan
/// fingerprint changes exactly what the dry run showed, `verify` passes, and the same file
/// imported again changes nothing.
pub fn check_wa_answers(bytes: &[u8]) -> ImportOutcome {
    let scratch = Scratch::new();
    let input = scratch.file(FILE, bytes);
    let book = scratch.file("review.hashira", sec_workbook_bytes());
    let before = crate::file_sha256(&book);
    let mut workbook = open_workbook(&book);

    let dry = import_wa_tool(&mut workbook, SET, &input, true, None, ACTOR);
    // As the app does: apply exactly the plan the preview showed.
    let plan = dry.as_ref().ok().map(|o| o.plan_sha256.clone());
    let applied = import_wa_tool(&mut workbook, SET, &input, false, plan.as_deref(), ACTOR);
    match (dry, applied) {
        (Err(dry), Err(applied)) => {
            assert_names_place(&dry, &input, bytes);
            assert_eq!(
                dry.payload().details,
                applied.payload().details,
                "WA Tool import: the dry run and the apply fail differently: {dry} / {applied}"
            );
            close(workbook, "WA Tool import");
            assert_unchanged(&book, &before, "a failed WA Tool import");
            ImportOutcome::Refused(dry.payload().code)
        }
        (Ok(dry), Ok(applied)) => {
            assert!(
                dry.dry_run && !dry.applied,
                "WA Tool import: the dry run says it applied"
            );
            assert_same(&dry.changes, &applied.changes, "WA Tool import");
            assert_eq!(
                dry.plan_sha256, applied.plan_sha256,
                "WA Tool import: the apply's plan fingerprint differs from its dry run's"
            );
            assert_eq!(
                applied.applied,
                !applied.changes.is_empty(),
                "WA Tool import: applied must be true exactly when there are changes"
            );
            assert_verifies(&workbook, "WA Tool import");
            match import_wa_tool(&mut workbook, SET, &input, true, None, ACTOR) {
                Ok(again) => assert!(
                    again.changes.is_empty(),
                    "WA Tool import: importing the same file again would still change {:?}",
                    again.changes
                ),
                Err(e) => {
                    panic!("WA Tool import: the file imported, then its re-import fails: {e}")
                }
            }
            let changed = applied.applied;
            close(workbook, "WA Tool import");
            if !changed {
                assert_unchanged(&book, &before, "a WA Tool import with no changes");
            }
            ImportOutcome::Imported { changed }
        }
        (Ok(_), Err(applied)) => {
            panic!("WA Tool import: the dry run succeeded but the apply fails: {applied}")
        }
        (Err(dry), Ok(_)) => {
            panic!("WA Tool import: the dry run fails ({dry}) but the apply succeeds")
        }
    }
}

/// A refused file is the file's fault (never a database or I/O failure), the error names the
/// file, and each problem names the file and a JSON path that exists in it — or, at the
/// file's level, says why the whole file is refused.
fn assert_names_place(error: &WaToolError, input: &Path, bytes: &[u8]) {
    let payload = error.payload();
    let code = payload.code;
    assert!(
        code != ErrorCode::Database && code != ErrorCode::Io,
        "WA Tool import: a bad file must be refused as the file's fault, not fail with {code}: {error}"
    );
    assert!(
        payload.message.contains(FILE),
        "WA Tool import: the error ({code}) does not name the file: {error}"
    );
    let WaToolError::Problems { problems } = error else {
        return;
    };
    assert!(
        !problems.is_empty(),
        "WA Tool import: IMPORT_PROBLEMS with no problem"
    );
    let document = json_text(bytes).and_then(|text| serde_json::from_slice::<Value>(&text).ok());
    for problem in problems {
        assert!(
            problem.file == input.display().to_string() && !problem.message.trim().is_empty(),
            "WA Tool import: a problem that does not name the file, or says nothing: {problem:?}"
        );
        match (&document, problem.path.is_empty()) {
            (Some(document), false) => assert!(
                places(document, &problem.path),
                "WA Tool import: the problem's JSON path is not in the file: {problem:?}"
            ),
            (Some(_), true) => assert!(
                problem.message.contains("get-answer"),
                "WA Tool import: a problem of a JSON file without a JSON path: {problem:?}"
            ),
            (None, _) => assert!(
                (problem.message.contains("line") && problem.message.contains("column"))
                    || problem.message.contains("byte"),
                "WA Tool import: a file that is not JSON, refused without its line and column: {problem:?}"
            ),
        }
    }
}

/// The JSON text the import reads, decoded here on its own (the import's decoding is private):
/// past a UTF-8 byte order mark, or UTF-16 decoded by its byte order mark (PowerShell 5.1
/// writes it); `None` for UTF-16 that does not decode (the import names the byte).
fn json_text(bytes: &[u8]) -> Option<Vec<u8>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Some(rest.to_vec());
    }
    let (rest, little_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => return Some(bytes.to_vec()),
    };
    if rest.len() % 2 != 0 {
        return None;
    }
    let units = rest.chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
        .map(String::into_bytes)
}

/// A workbook of the SEC set alone (opening the demo's four sets costs most of an execution),
/// with SEC1 and SEC2 answered as in the demo workbook — whose WA Tool export the seeds
/// (fuzz/seed.sh) were made from — so the seed of SEC1 unchanged imports with no change.
fn sec_workbook_bytes() -> &'static [u8] {
    static BOOK: OnceLock<Vec<u8>> = OnceLock::new();
    BOOK.get_or_init(|| {
        let scratch = Scratch::new();
        let path = scratch.dir.path().join("sec.hashira");
        let set = match shipped_set(SET) {
            Ok(set) => set,
            Err(e) => panic!("setup: the shipped set {SET} does not load: {e}"),
        };
        let mut workbook = match Workbook::create(&path, "WA Tool", vec![set], ACTOR, clock()) {
            Ok(workbook) => workbook,
            Err(e) => panic!("setup: cannot create the SEC workbook: {e}"),
        };
        let answer = |choices: &[&str], notes: &str| AnswerChange {
            selected_choices: Some(choices.iter().map(|c| c.to_string()).collect()),
            notes: Some(notes.into()),
            ..AnswerChange::default()
        };
        let answers = vec![
            ("SEC1".to_string(), answer(&["SEC1-01", "SEC1-02", "SEC1-03", "SEC1-06"], "ルートユーザーはハードウェア MFA で保護し、トークンは金庫で保管している。\n認証情報の定期的な監査とローテーションは未実施（次回改善計画に記載）。")),
            ("SEC2".to_string(), answer(&["SEC2-01", "SEC2-02", "SEC2-03", "SEC2-04", "SEC2-05", "SEC2-06"], "IAM Identity Center と社内 AD を連携。入退社・異動は人事システムから自動反映。")),
        ];
        if let Err(e) = workbook.save_answers(answers, ACTOR) {
            panic!("setup: cannot answer the SEC workbook: {e}");
        }
        close(workbook, "setup");
        match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => panic!("setup: cannot read {}: {e}", path.display()),
        }
    })
}
