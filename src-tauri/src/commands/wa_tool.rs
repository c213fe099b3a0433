//! The AWS WA Tool hand-off: a set exported as a folder for the WA Tool (or as a lens file
//! alone), and the WA Tool's answers read back as a dry run before they are applied.

use std::path::{Path, PathBuf};

use hashira_core::Lang;
use hashira_core::Workbook;
use hashira_core::lens;
use hashira_core::wa_tool;
use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, export_from_book, with_book_payload};
use crate::dto::{LensExportDone, WaToolExportDone, WaToolImport};
use crate::{AppState, CmdResult};

/// Writes the set's lens, answers, `push.sh` and README into `out_dir` (new or empty).
#[tauri::command]
pub async fn export_for_wa_tool(
    window: WebviewWindow,
    state: State<'_, AppState>,
    set_id: String,
    lang: Lang,
    out_dir: String,
    workload_id: Option<String>,
) -> CmdResult<WaToolExportDone> {
    export_from_book(
        &state,
        &window,
        PathBuf::from(&out_dir),
        move |book, out, _| export_folder(book, &set_id, lang, out, workload_id.as_deref()),
    )
    .await
}

/// Writes the set as a custom lens to `path` (a new file; never over an existing one).
#[tauri::command]
pub async fn export_lens(
    window: WebviewWindow,
    state: State<'_, AppState>,
    set_id: String,
    lang: Lang,
    path: String,
) -> CmdResult<LensExportDone> {
    export_from_book(
        &state,
        &window,
        PathBuf::from(&path),
        move |book, out, _| export_lens_file(book, &set_id, lang, out),
    )
    .await
}

/// Reads `get-answer` / `list-answers` output (a file or a folder of them) into the set: with
/// `dry_run` lists every change and applies nothing; otherwise applies them all in one
/// transaction (or none, on any problem). `expect_plan` is the preview's fingerprint: a file
/// or workbook changed since is refused, nothing applied.
#[tauri::command]
pub async fn import_wa_tool(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    set_id: String,
    path: String,
    dry_run: bool,
    expect_plan: Option<String>,
) -> CmdResult<WaToolImport> {
    with_book_payload(&state, &window, move |book| {
        let expect = expect_plan.as_deref();
        import_answers(
            book,
            &set_id,
            Path::new(&path),
            dry_run,
            expect,
            &actor(&app)?,
        )
    })
    .await
}

/// The hand-off folder written, and what the screen shows of it.
fn export_folder(
    book: &Workbook,
    set_id: &str,
    lang: Lang,
    out: &Path,
    workload_id: Option<&str>,
) -> CmdResult<WaToolExportDone> {
    let export =
        wa_tool::export_for_wa_tool(book, set_id, lang, workload_id).map_err(|e| e.payload())?;
    wa_tool::write_export(&export, out).map_err(|e| e.payload())?;
    Ok(WaToolExportDone {
        out_dir: out.display().to_string(),
        lens_name: export.lens_name,
        set_id: export.set_id,
        answers: export.answers,
        files: export
            .files
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect(),
        warnings: export.warnings.into_iter().map(Into::into).collect(),
    })
}

/// The set written as one lens file.
fn export_lens_file(
    book: &Workbook,
    set_id: &str,
    lang: Lang,
    out: &Path,
) -> CmdResult<LensExportDone> {
    let set = book.question_set(set_id)?;
    let file = lens::lens_file(set, lang)?;
    lens::write_lens_file(&file.text, out)?;
    Ok(LensExportDone {
        path: out.display().to_string(),
        set_id: set.id().to_string(),
        set_version: set.version().to_string(),
        lens_name: file.lens.name.clone(),
        questions: set.question_count(),
        bytes: file.text.len(),
        warnings: wa_tool::language_warnings(&file.fallbacks, lang)
            .into_iter()
            .map(Into::into)
            .collect(),
    })
}

/// The WA Tool's answers read into the set (planned only with `dry_run`).
fn import_answers(
    book: &mut Workbook,
    set_id: &str,
    path: &Path,
    dry_run: bool,
    expect_plan: Option<&str>,
    actor: &str,
) -> CmdResult<WaToolImport> {
    wa_tool::import_wa_tool(book, set_id, path, dry_run, expect_plan, actor)
        .map(Into::into)
        .map_err(|e| e.payload())
}

#[cfg(test)]
mod tests {
    use hashira_core::workbook::AnswerChange;

    use super::*;
    use crate::commands::test_book as book;

    /// The first set of the workbook and its first question.
    fn first_question(book: &Workbook) -> (String, String) {
        let set = &book.question_sets()[0];
        let question = set.questions().next().unwrap().1;
        (set.id().to_string(), question.id.clone())
    }

    #[test]
    fn the_folder_export_lists_its_files_and_the_notes_cut_by_question() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let (set_id, question_id) = first_question(&book);
        let change = AnswerChange {
            notes: Some("あ".repeat(3000)),
            ..Default::default()
        };
        book.save_answer(&question_id, change, "tester").unwrap();
        let out = dir.path().join("wa");
        let done = export_folder(&book, &set_id, Lang::Ja, &out, None).unwrap();
        assert_eq!(done.answers, 1);
        assert!(!done.lens_name.is_empty());
        assert!(done.files.contains(&"lens.json".to_string()));
        for file in &done.files {
            assert!(out.join(file).is_file(), "{file} was not written");
        }
        assert_eq!(std::fs::read_dir(out.join("answers")).unwrap().count(), 1);
        // The notes cut, by question (the workload's own warnings, such as a missing
        // environment, come with an empty question id).
        let cut: Vec<_> = done
            .warnings
            .iter()
            .filter(|w| !w.question_id.is_empty())
            .collect();
        assert_eq!(cut.len(), 1, "{:?}", done.warnings);
        assert_eq!(cut[0].question_id, question_id);
        assert_eq!(cut[0].field, "Notes");
        assert_eq!((cut[0].length, cut[0].limit), (3000, 2084));
        // The folder is not empty now: a second export refuses it.
        let again = export_folder(&book, &set_id, Lang::Ja, &out, None).unwrap_err();
        assert_eq!(again.code, hashira_core::ErrorCode::Io);
    }

    #[test]
    fn the_lens_file_is_written_once_and_never_over_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let book = book(&dir);
        let (set_id, _) = first_question(&book);
        let out = dir.path().join("lens.json");
        let done = export_lens_file(&book, &set_id, Lang::En, &out).unwrap();
        assert_eq!(done.bytes as u64, std::fs::metadata(&out).unwrap().len());
        assert!(
            hashira_core::lens::check_lens_file(&out)
                .unwrap()
                .is_empty()
        );
        assert!(export_lens_file(&book, &set_id, Lang::En, &out).is_err());
        // The shipped sets have Japanese-only texts: in English they are listed by question.
        assert!(!done.warnings.is_empty());
        assert!(done.warnings.iter().all(|w| w.field == "Language"));
        assert!(done.warnings.iter().any(|w| !w.question_id.is_empty()));
        let japanese = export_lens_file(&book, &set_id, Lang::Ja, &dir.path().join("ja.json"));
        assert!(japanese.unwrap().warnings.is_empty());
    }

    #[test]
    fn an_import_plans_before_and_after_then_applies_and_names_unknown_ids_by_json_path() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let (set_id, question_id) = first_question(&book);
        let choice = book
            .question_set(&set_id)
            .unwrap()
            .questions()
            .next()
            .unwrap()
            .1
            .choices[0]
            .id
            .clone();
        let file = dir.path().join("get-answer.json");
        let answer = serde_json::json!({ "Answer": {
            "QuestionId": question_id, "SelectedChoices": [choice], "Notes": "WA Tool で確認" } });
        std::fs::write(&file, answer.to_string()).unwrap();

        let plan = import_answers(&mut book, &set_id, &file, true, None, "tester").unwrap();
        assert!(plan.dry_run && !plan.applied);
        assert_eq!(plan.changes.len(), 1);
        let change = &plan.changes[0];
        assert_eq!(change.question_id, question_id);
        assert!(change.before.selected_choices.is_empty());
        assert_eq!(change.after.selected_choices, vec![choice.clone()]);
        assert_eq!(change.after.notes, "WA Tool で確認");
        assert!(
            book.answers()
                .unwrap()
                .get(&question_id)
                .is_none_or(|a| a.notes.is_empty())
        );

        // Another plan than the preview's is refused, nothing applied; the preview's applies.
        let stale = "0".repeat(64);
        let refused =
            import_answers(&mut book, &set_id, &file, false, Some(&stale), "tester").unwrap_err();
        assert_eq!(refused.code, hashira_core::ErrorCode::ImportPlanChanged);
        assert!(
            book.answers()
                .unwrap()
                .get(&question_id)
                .is_none_or(|a| a.notes.is_empty())
        );
        let expect = Some(plan.plan_sha256.as_str());
        let applied = import_answers(&mut book, &set_id, &file, false, expect, "tester").unwrap();
        assert!(applied.applied);
        assert_eq!(
            book.answers().unwrap()[&question_id].notes,
            "WA Tool で確認"
        );

        let unknown = serde_json::json!({ "Answer": {
            "QuestionId": question_id, "SelectedChoices": [choice, "NO_SUCH_CHOICE"] } });
        std::fs::write(&file, unknown.to_string()).unwrap();
        let error = import_answers(&mut book, &set_id, &file, true, None, "tester").unwrap_err();
        assert_eq!(error.code, hashira_core::ErrorCode::ImportProblems);
        let problem = &error.details["problems"][0];
        assert_eq!(problem["file"], file.display().to_string());
        assert_eq!(problem["path"], "Answer.SelectedChoices[1]");
    }
}
