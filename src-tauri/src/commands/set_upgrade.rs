//! Upgrading a question set to a new edition, keeping the answers (`hashira_core::workbook::upgrade`):
//! the plan first, changing nothing, then exactly that plan applied (its fingerprint); and the
//! re-review list's "confirm answer".

use std::path::Path;

use hashira_core::lens::{self, LensImportError, LensProblem};
use hashira_core::question_set::QuestionSet;
use hashira_core::question_set::shipped::shipped_set;
use hashira_core::workbook::upgrade::{IdMap, UpgradeOutcome};
use hashira_core::{Error, Workbook};
use tauri::{AppHandle, State, WebviewWindow};

use super::answers::question_update;
use super::dialogs::pick_file;
use super::{actor, with_book, with_book_payload};
use crate::dto::{QuestionUpdate, SetUpgradePreview, UpgradeEdition};
use crate::{AppState, CmdResult, off_main};

/// What an upgrade of `set_id` to `edition` (ids renamed by the map at `map_path`) would do;
/// changes nothing. A file that cannot be read comes back by place (IMPORT_PROBLEMS by JSON
/// path for a lens, QUESTION_SET_INVALID by line and question for a set file,
/// SET_UPGRADE_REFUSED with the map's problems).
#[tauri::command]
pub async fn preview_set_upgrade(
    window: WebviewWindow,
    state: State<'_, AppState>,
    set_id: String,
    edition: UpgradeEdition,
    map_path: Option<String>,
) -> CmdResult<SetUpgradePreview> {
    with_book_payload(&state, &window, move |book| {
        preview(book, &set_id, &edition, map_path.as_deref())
    })
    .await
}

/// Applies the upgrade the preview showed: refused (IMPORT_PLAN_CHANGED, nothing changed) when
/// the workbook, the edition or the map no longer give the plan `expect_plan` fingerprints.
#[tauri::command]
pub async fn apply_set_upgrade(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    set_id: String,
    edition: UpgradeEdition,
    map_path: Option<String>,
    expect_plan: String,
) -> CmdResult<UpgradeOutcome> {
    with_book_payload(&state, &window, move |book| {
        let actor = actor(&app)?;
        apply(
            book,
            &set_id,
            &edition,
            map_path.as_deref(),
            &expect_plan,
            &actor,
        )
    })
    .await
}

/// Confirms the answer to `question_id` as it is, taking it off the re-review list.
#[tauri::command]
pub async fn confirm_answer(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    question_id: String,
) -> CmdResult<QuestionUpdate> {
    with_book(&state, &window, move |book| {
        book.confirm_answer(&question_id, &actor(&app)?)?;
        question_update(book, &question_id)
    })
    .await
}

/// Asks for a question set file (TOML): a new edition, or an upgrade's id map.
#[tauri::command]
pub async fn choose_toml_to_import(app: AppHandle) -> CmdResult<Option<String>> {
    off_main(move || pick_file(&app, Some(("TOML", "toml")))).await
}

fn preview(
    book: &Workbook,
    set_id: &str,
    edition: &UpgradeEdition,
    map_path: Option<&str>,
) -> CmdResult<SetUpgradePreview> {
    let (new, warnings) = new_edition(book, set_id, edition)?;
    let map = read_map(map_path, set_id)?;
    let plan = book.plan_set_upgrade(set_id, new, map.as_ref())?;
    Ok(SetUpgradePreview { plan, warnings })
}

fn apply(
    book: &mut Workbook,
    set_id: &str,
    edition: &UpgradeEdition,
    map_path: Option<&str>,
    expect_plan: &str,
    actor: &str,
) -> CmdResult<UpgradeOutcome> {
    let (new, _) = new_edition(book, set_id, edition)?;
    let map = read_map(map_path, set_id)?;
    Ok(book.apply_set_upgrade(set_id, new, map.as_ref(), Some(expect_plan), actor)?)
}

/// The new edition as a set, with a lens's warnings.
fn new_edition(
    book: &Workbook,
    set_id: &str,
    edition: &UpgradeEdition,
) -> CmdResult<(QuestionSet, Vec<LensProblem>)> {
    match edition {
        UpgradeEdition::File { path } => {
            let path = Path::new(path);
            Ok((
                QuestionSet::from_toml(&read_text(path)?, &path.display().to_string())?,
                Vec::new(),
            ))
        }
        UpgradeEdition::Lens { path } => {
            let path = Path::new(path);
            let bytes = lens::read_lens_file(path).map_err(|e| e.payload())?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // The lens keeps the set's id; other sets' ids stay out of its question keys.
            let taken: Vec<&str> = book
                .question_sets()
                .iter()
                .map(|s| s.id())
                .filter(|id| *id != set_id)
                .collect();
            let imported =
                lens::lens_to_set(&bytes, &name, Some(set_id), &taken).map_err(|refused| {
                    LensImportError::Refused {
                        file: path.display().to_string(),
                        problems: refused.problems,
                    }
                    .payload()
                })?;
            Ok((imported.set, imported.warnings))
        }
        UpgradeEdition::Shipped => Ok((shipped_set(set_id)?, Vec::new())),
    }
}

fn read_map(map_path: Option<&str>, set_id: &str) -> hashira_core::Result<Option<IdMap>> {
    let Some(path) = map_path.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let path = Path::new(path);
    IdMap::from_toml(&read_text(path)?, &path.display().to_string(), set_id).map(Some)
}

fn read_text(path: &Path) -> hashira_core::Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| Error::Io {
        action: "cannot read (not UTF-8)",
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use hashira_core::ErrorCode;
    use hashira_core::workbook::AnswerChange;

    use super::*;
    use crate::commands::test_book as book;

    fn fixture(name: &str) -> String {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/hashira-core/tests/fixtures/upgrade")
            .join(name)
            .display()
            .to_string()
    }

    fn next_edition() -> UpgradeEdition {
        UpgradeEdition::File {
            path: fixture("fisc-sec-1.7.0.toml"),
        }
    }

    fn select(book: &mut Workbook, question: &str, choices: &[&str]) {
        let change = AnswerChange {
            selected_choices: Some(choices.iter().map(|c| c.to_string()).collect()),
            ..AnswerChange::default()
        };
        book.save_answer(question, change, "tester").unwrap();
    }

    #[test]
    fn the_previewed_plan_is_applied_exactly_and_its_rereview_list_cleared_by_confirming() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        select(&mut book, "FISCSEC1", &["FISCSEC1-BP01"]);
        select(&mut book, "FISCSEC4", &["FISCSEC4-BP01"]);
        select(&mut book, "FISCSEC5", &["FISCSEC5-BP04"]);
        let map = fixture("fisc-sec-1.7.0.map.toml");

        let shown = preview(&book, "fisc-sec", &next_edition(), Some(&map)).unwrap();
        let plan = &shown.plan;
        assert_eq!(
            (plan.from_version.as_str(), plan.to_version.as_str()),
            ("1.6.1", "1.7.0")
        );
        assert!(
            plan.changed
                .iter()
                .any(|c| c.to == "FISCSEC1" && c.to_rereview)
        );
        assert!(
            plan.unchanged
                .iter()
                .any(|c| c.from == "FISCSEC4" && c.to == "FISCSEC12")
        );
        assert!(
            plan.lost_selections
                .iter()
                .any(|l| l.choice_id == "FISCSEC5-BP04")
        );
        assert!(plan.new_questions.iter().any(|q| q.id == "FISCSEC11"));
        // The preview changed nothing.
        assert!(book.rereview_list().unwrap().is_empty());
        assert_eq!(
            book.set_infos()
                .unwrap()
                .iter()
                .find(|s| s.id == "fisc-sec")
                .unwrap()
                .version,
            "1.6.1"
        );

        let done = apply(
            &mut book,
            "fisc-sec",
            &next_edition(),
            Some(&map),
            &plan.fingerprint,
            "tester",
        )
        .unwrap();
        assert_eq!(done.plan.fingerprint, plan.fingerprint);
        assert_eq!(done.milestone.name, "before upgrade to fisc-sec 1.7.0");
        let listed: Vec<String> = book
            .rereview_list()
            .unwrap()
            .into_iter()
            .map(|r| r.question_id)
            .collect();
        assert_eq!(listed.len(), plan.summary.to_rereview);
        assert!(listed.contains(&"FISCSEC1".to_string()), "{listed:?}");
        // The renamed question kept its answer.
        let renamed = question_update(&book, "FISCSEC12").unwrap();
        assert!(
            renamed
                .question
                .choices
                .iter()
                .any(|c| c.id == "FISCSEC12-BP01"
                    && c.status == hashira_core::review::ChoiceStatus::Selected)
        );

        let confirmed = {
            book.confirm_answer("FISCSEC1", "tester").unwrap();
            question_update(&book, "FISCSEC1").unwrap()
        };
        assert!(confirmed.rereview.is_none());
        assert!(
            !book
                .rereview_list()
                .unwrap()
                .iter()
                .any(|r| r.question_id == "FISCSEC1")
        );
    }

    #[test]
    fn a_plan_that_changed_since_its_preview_is_refused_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        select(&mut book, "FISCSEC1", &["FISCSEC1-BP01"]);
        let shown = preview(&book, "fisc-sec", &next_edition(), None).unwrap();
        // An answer saved after the preview changes the workbook the plan was made from.
        select(&mut book, "FISCSEC2", &["FISCSEC2-BP01"]);
        let refused = apply(
            &mut book,
            "fisc-sec",
            &next_edition(),
            None,
            &shown.plan.fingerprint,
            "tester",
        )
        .unwrap_err();
        assert_eq!(refused.code, ErrorCode::ImportPlanChanged);
        assert_eq!(
            book.set_infos()
                .unwrap()
                .iter()
                .find(|s| s.id == "fisc-sec")
                .unwrap()
                .version,
            "1.6.1"
        );
        assert!(book.milestones().unwrap().is_empty());
    }

    #[test]
    fn bad_editions_and_maps_are_refused_by_place() {
        let dir = tempfile::tempdir().unwrap();
        let book = book(&dir);
        // The shipped edition is the stored one: not newer.
        let same = preview(&book, "fisc-sec", &UpgradeEdition::Shipped, None).unwrap_err();
        assert_eq!(same.code, ErrorCode::SetUpgradeRefused);
        assert_eq!(same.details["kind"], "NOT_NEWER");
        // A set file of another set.
        let other = UpgradeEdition::File {
            path: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../questions/sec.toml")
                .display()
                .to_string(),
        };
        let refused = preview(&book, "fisc-sec", &other, None).unwrap_err();
        assert_eq!(refused.code, ErrorCode::SetUpgradeRefused);
        // A map naming an id neither edition has lists it.
        let map: PathBuf = dir.path().join("bad.map.toml");
        std::fs::write(&map, "[questions]\nFISCSEC99 = \"FISCSEC12\"\n").unwrap();
        let refused = preview(
            &book,
            "fisc-sec",
            &next_edition(),
            Some(&map.display().to_string()),
        )
        .unwrap_err();
        assert_eq!(refused.code, ErrorCode::SetUpgradeRefused);
        assert_eq!(refused.details["kind"], "MAP_UNKNOWN_ID");
        let problems = refused.details["problems"].as_array().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.as_str().unwrap().contains("FISCSEC99")),
            "{problems:?}"
        );
        // A set file that does not parse: by line.
        let broken = dir.path().join("broken.toml");
        std::fs::write(&broken, "id = \"fisc-sec\"\nversion = [\n").unwrap();
        let refused = preview(
            &book,
            "fisc-sec",
            &UpgradeEdition::File {
                path: broken.display().to_string(),
            },
            None,
        )
        .unwrap_err();
        assert_eq!(refused.code, ErrorCode::QuestionSetInvalid);
        assert!(
            refused.details["problems"][0]["place"]["line"].is_number(),
            "{:?}",
            refused.details
        );
    }
}
