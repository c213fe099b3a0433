//! A custom lens (the WA Tool's JSON) added to the open workbook as a question set: a preview
//! of what the file would add, then that same file added — refused if it changed since.

use std::path::Path;

use hashira_core::Workbook;
use hashira_core::lens::LensPreview;
use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, with_book_payload};
use crate::{AppState, CmdResult};

/// What adding the lens at `path` would add (its set id, pillars, questions, warnings);
/// changes nothing. A lens that cannot be added comes back as IMPORT_PROBLEMS by JSON path.
#[tauri::command]
pub async fn preview_lens(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<LensPreview> {
    with_book_payload(&state, &window, move |book| preview(book, Path::new(&path))).await
}

/// Adds the lens at `path` as a question set, in one transaction with its audit entry.
/// `expect_sha256` is the preview's: a file changed since is refused (IMPORT_PLAN_CHANGED).
#[tauri::command]
pub async fn add_lens(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    expect_sha256: String,
) -> CmdResult<LensPreview> {
    with_book_payload(&state, &window, move |book| {
        add(book, Path::new(&path), &expect_sha256, &actor(&app)?)
    })
    .await
}

fn preview(book: &Workbook, path: &Path) -> CmdResult<LensPreview> {
    book.preview_lens(path, None)
        .map(|(preview, _)| preview)
        .map_err(|e| e.payload())
}

fn add(
    book: &mut Workbook,
    path: &Path,
    expect_sha256: &str,
    actor: &str,
) -> CmdResult<LensPreview> {
    book.add_lens(path, None, Some(expect_sha256), actor)
        .map_err(|e| e.payload())
}

#[cfg(test)]
mod tests {
    use hashira_core::ErrorCode;

    use super::*;
    use crate::commands::test_book as book;

    fn s3_lens() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lenses/Amazon_S3_Lens.json")
    }

    #[test]
    fn a_previewed_lens_is_added_as_previewed_and_its_questions_reach_the_review() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let sets_before = book.question_sets().len();
        let shown = preview(&book, &s3_lens()).unwrap();
        assert_eq!(shown.question_count, 35);
        assert_eq!(shown.pillars.len(), 6);
        // A preview adds nothing.
        assert_eq!(book.question_sets().len(), sets_before);

        let added = add(&mut book, &s3_lens(), &shown.sha256, "tester").unwrap();
        assert_eq!(added.set_id, shown.set_id);
        assert_eq!(book.question_sets().len(), sets_before + 1);
        let review = book.review(Some(&added.set_id)).unwrap();
        assert_eq!(review.len(), 35);
    }

    #[test]
    fn a_file_changed_since_its_preview_is_refused_and_nothing_is_added() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let copy = dir.path().join("lens.json");
        std::fs::copy(s3_lens(), &copy).unwrap();
        let shown = preview(&book, &copy).unwrap();
        let mut text = std::fs::read_to_string(&copy).unwrap();
        text.push('\n');
        std::fs::write(&copy, text).unwrap();
        let sets_before = book.question_sets().len();
        let refused = add(&mut book, &copy, &shown.sha256, "tester").unwrap_err();
        assert_eq!(refused.code, ErrorCode::ImportPlanChanged);
        assert_eq!(refused.details["path"], copy.display().to_string());
        assert_eq!(book.question_sets().len(), sets_before);
    }

    #[test]
    fn a_lens_that_cannot_be_added_lists_its_problems_by_json_path() {
        let dir = tempfile::tempdir().unwrap();
        let book = book(&dir);
        let bad = dir.path().join("bad.json");
        std::fs::write(
            &bad,
            r#"{"schemaVersion": "2021-11-01", "name": "x", "pillars": []}"#,
        )
        .unwrap();
        let refused = preview(&book, &bad).unwrap_err();
        assert_eq!(refused.code, ErrorCode::ImportProblems);
        let problems = refused.details["problems"].as_array().unwrap();
        assert!(!problems.is_empty());
        assert!(
            problems
                .iter()
                .any(|p| p["path"].as_str().unwrap().starts_with("pillars")),
            "{problems:?}"
        );
    }
}
