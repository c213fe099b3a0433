//! The WG (セキュリティリスク評価共同化WG) evaluations screen: the list by service, one
//! service's evaluation, the institution's decision on a criterion, deleting a service's
//! evaluation, Excel in and out; and for the question pane, the criteria that name a question.

use std::path::{Path, PathBuf};

use hashira_core::Workbook;
use tauri::{AppHandle, State, WebviewWindow};

use super::{actor, export_from_book, with_book, with_book_payload, with_review};
use crate::dto::{
    WgChangeInput, WgCriterionRow, WgExportDone, WgImport, WgQuestionCriterion, WgSummary, WgView,
};
use crate::{AppState, CmdResult};

/// One service's evaluation as the screen shows it, each question id marked as in the
/// workbook's sets or not.
fn view_of(book: &Workbook, service: &str) -> hashira_core::Result<WgView> {
    let unknown = book.wg_unknown_question_ids()?;
    Ok(WgView::new(book.wg_stored(service)?, &unknown))
}

/// The stored criteria, over every service, that name `question_id`.
fn criteria_of_question(
    book: &Workbook,
    question_id: &str,
) -> hashira_core::Result<Vec<WgQuestionCriterion>> {
    Ok(book
        .wg_criteria_for_question(question_id)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Reads (and unless `dry_run`, stores) a WG .xlsx; `service`, when not blank, names the
/// service (required when the file names none); `clear_blank` makes blank institution cells
/// clear the stored values.
fn import(
    book: &mut Workbook,
    path: &Path,
    options: hashira_xlsx::wg::WgImportOptions,
    actor: &str,
) -> CmdResult<WgImport> {
    hashira_xlsx::wg::import_wg(book, path, &options, actor)
        .map(Into::into)
        .map_err(|e| e.payload())
}

/// The stored WG evaluations, one per service.
#[tauri::command]
pub async fn wg_assessments(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> CmdResult<Vec<WgSummary>> {
    with_book(&state, &window, |book| {
        Ok(book.wg_assessments()?.into_iter().map(Into::into).collect())
    })
    .await
}

/// One service's WG evaluation: scenarios, criteria with the institution's columns, notes.
#[tauri::command]
pub async fn wg_assessment(
    window: WebviewWindow,
    state: State<'_, AppState>,
    service: String,
) -> CmdResult<WgView> {
    with_book(&state, &window, move |book| view_of(book, &service)).await
}

/// Records the institution's evaluation of one criterion, named by its stored id.
#[tauri::command]
pub async fn update_wg_evaluation(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    service: String,
    criterion_id: i64,
    change: WgChangeInput,
) -> CmdResult<WgCriterionRow> {
    with_book(&state, &window, move |book| {
        let actor = actor(&app)?;
        let (_, criterion) =
            book.update_wg_evaluation_of_id(&service, criterion_id, change.into(), &actor)?;
        Ok(WgCriterionRow::new(
            criterion_id,
            criterion,
            &book.wg_unknown_question_ids()?,
        ))
    })
    .await
}

/// Deletes one service's WG evaluation: one transaction with its audit entry, which keeps the
/// institution's evaluations it removes.
#[tauri::command]
pub async fn delete_wg_assessment(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    service: String,
) -> CmdResult<()> {
    with_book(&state, &window, move |book| {
        let actor = actor(&app)?;
        book.delete_wg_assessment(&service, &actor)
    })
    .await
}

/// The stored WG criteria, over every service, that name one review question.
#[tauri::command]
pub async fn wg_criteria_for_question(
    window: WebviewWindow,
    state: State<'_, AppState>,
    question_id: String,
) -> CmdResult<Vec<WgQuestionCriterion>> {
    with_review(&state, &window, move |review| {
        criteria_of_question(review, &question_id)
    })
    .await
}

/// Reads a WG .xlsx: with `dry_run` returns the per-criterion merge plan and stores nothing;
/// otherwise stores it, keeping the institution's evaluations by criterion (one transaction).
/// A `service` that is not blank names the service (required when the file names none);
/// `clear_blank` makes a blank institution cell clear the stored value instead of keeping it;
/// `expect_plan`, the previewed plan's fingerprint, refuses an apply that would store anything
/// else (`WG_PLAN_CHANGED`).
// Three of the arguments are Tauri's own handles; the page names the other five.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn import_wg_xlsx(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
    service: Option<String>,
    clear_blank: bool,
    expect_plan: Option<String>,
) -> CmdResult<WgImport> {
    with_book_payload(&state, &window, move |book| {
        let actor = actor(&app)?;
        let options = hashira_xlsx::wg::WgImportOptions {
            service,
            dry_run,
            clear_blank,
            expect_plan,
        };
        import(book, Path::new(&path), options, &actor)
    })
    .await
}

/// Writes one service's stored WG evaluation to an Excel workbook in the WG layout.
#[tauri::command]
pub async fn export_wg_xlsx(
    window: WebviewWindow,
    state: State<'_, AppState>,
    path: String,
    service: String,
) -> CmdResult<WgExportDone> {
    export_from_book(
        &state,
        &window,
        PathBuf::from(&path),
        move |book, out, at| {
            let criteria =
                hashira_xlsx::wg::export_wg(book, &service, out, at).map_err(|e| e.payload())?;
            Ok(WgExportDone {
                path,
                service,
                criteria,
            })
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use hashira_core::wg::{WgAssessment, WgCriterion, WgDecision, WgEvaluationChange};

    use super::*;
    use crate::commands::test_book as book;
    use crate::dto::{WgChangeKind, WgDecisionCode, WgFieldChange, WgStatus};

    fn options(service: Option<String>, dry_run: bool) -> hashira_xlsx::wg::WgImportOptions {
        hashira_xlsx::wg::WgImportOptions {
            service,
            dry_run,
            ..Default::default()
        }
    }

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/hashira-xlsx/tests/fixtures/wg-japanese.xlsx")
    }

    #[test]
    fn an_import_takes_the_service_name_given_instead_of_the_file_s() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let from_file = import(&mut book, &fixture(), options(None, true), "tester").unwrap();
        let named = Some("Amazon S3（本番）".to_string());
        let plan = import(
            &mut book,
            &fixture(),
            options(named.clone(), true),
            "tester",
        )
        .unwrap();
        assert_ne!(from_file.service, "Amazon S3（本番）");
        assert_eq!(plan.service, "Amazon S3（本番）");
        // The dry run plans every criterion as added and stores nothing.
        assert!(plan.dry_run && !plan.applied && !plan.existing);
        assert_eq!(plan.plan.len(), plan.criteria);
        assert!(plan.plan.iter().all(|r| r.kind == WgChangeKind::Added));
        assert!(book.wg_assessments().unwrap().is_empty());
        let done = import(&mut book, &fixture(), options(named, false), "tester").unwrap();
        assert!(done.applied);
        let services: Vec<String> = book
            .wg_assessments()
            .unwrap()
            .into_iter()
            .map(|s| s.service)
            .collect();
        assert_eq!(services, ["Amazon S3（本番）"]);
        let view = view_of(&book, "Amazon S3（本番）").unwrap();
        assert_eq!(view.criteria.len(), done.criteria);
        // A blank name is no name: the file's is used.
        let blank = import(
            &mut book,
            &fixture(),
            options(Some("  ".into()), true),
            "tester",
        )
        .unwrap();
        assert_eq!(blank.service, from_file.service);
    }

    #[test]
    fn criteria_are_keyed_by_ids_that_a_reimport_keeps_with_their_decisions() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let service = import(&mut book, &fixture(), options(None, false), "tester")
            .unwrap()
            .service;
        let ids: Vec<i64> = view_of(&book, &service)
            .unwrap()
            .criteria
            .iter()
            .map(|c| c.id)
            .collect();
        book.update_wg_evaluation_of_id(
            &service,
            ids[1],
            WgEvaluationChange {
                decision: Some(WgDecision::Adopted),
                ..WgEvaluationChange::default()
            },
            "tester",
        )
        .unwrap();
        // The file's 判定 of that criterion is blank: the preview says the stored 採用 stays.
        let plan = import(&mut book, &fixture(), options(None, true), "tester").unwrap();
        let row = &plan.plan[1];
        assert_eq!(row.status, WgStatus::BlankKept);
        assert_eq!(row.fields[0].stored, "ADOPTED");
        assert_eq!(row.fields[0].file, None);
        assert_eq!(row.fields[0].outcome, WgFieldChange::BlankKept);
        assert!(!plan.clear_blank && plan.blanks_kept == 1);
        import(&mut book, &fixture(), options(None, false), "tester").unwrap();
        let again = view_of(&book, &service).unwrap();
        let kept: Vec<i64> = again.criteria.iter().map(|c| c.id).collect();
        assert_eq!(kept, ids);
        assert_eq!(again.criteria[1].decision, WgDecisionCode::Adopted);
    }

    #[test]
    fn criteria_and_questions_link_both_ways_until_the_service_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = book(&dir);
        let service = import(&mut book, &fixture(), options(None, false), "tester")
            .unwrap()
            .service;
        book.import_wg_assessment(
            &WgAssessment {
                service: "Amazon EC2".into(),
                criteria: vec![WgCriterion {
                    criterion_no: "7".into(),
                    perspective: "アクセス管理".into(),
                    criterion: "<img src=x onerror=alert(1)>".into(),
                    question_ids: vec!["SEC2".into(), "XYZ9".into()],
                    ..WgCriterion::default()
                }],
                ..WgAssessment::default()
            },
            "tester",
        )
        .unwrap();
        book.update_wg_evaluation(
            "Amazon EC2",
            0,
            WgEvaluationChange {
                decision: Some(WgDecision::Conditional),
                ..WgEvaluationChange::default()
            },
            "tester",
        )
        .unwrap();

        // WG screen → questions: each id marked as in the workbook's sets or not.
        let ec2 = view_of(&book, "Amazon EC2").unwrap();
        let links: Vec<(&str, bool)> = ec2.criteria[0]
            .questions
            .iter()
            .map(|q| (q.question_id.as_str(), q.in_workbook))
            .collect();
        assert_eq!(links, [("SEC2", true), ("XYZ9", false)]);
        let s3 = view_of(&book, &service).unwrap();
        let linked: Vec<(usize, &str)> = s3
            .criteria
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.questions.iter().map(move |q| (i, q.question_id.as_str())))
            .collect();
        assert!(linked.iter().any(|(_, id)| *id == "SEC2"));

        // Question pane → criteria: every service's criteria naming SEC2, by service, with
        // the position the WG screen scrolls to.
        let refs = criteria_of_question(&book, "sec2").unwrap();
        assert_eq!(refs[0].service, "Amazon EC2");
        assert_eq!(refs[0].position, 0);
        assert_eq!(refs[0].criterion, "<img src=x onerror=alert(1)>");
        assert_eq!(refs[0].decision, WgDecisionCode::Conditional);
        let from_s3: Vec<usize> = refs[1..].iter().map(|r| r.position).collect();
        let expected: Vec<usize> = linked
            .iter()
            .filter(|(_, id)| *id == "SEC2")
            .map(|(i, _)| *i)
            .collect();
        assert_eq!(from_s3, expected);
        assert!(refs[1..].iter().all(|r| r.service == service));
        assert!(criteria_of_question(&book, "XYZ9").unwrap().len() == 1);

        // The list tells the delete dialog how many decisions would go.
        let summaries: Vec<WgSummary> = book
            .wg_assessments()
            .unwrap()
            .into_iter()
            .map(Into::into)
            .collect();
        let ec2_summary = summaries
            .iter()
            .find(|s| s.service == "Amazon EC2")
            .unwrap();
        assert_eq!(ec2_summary.decided, 1);

        book.delete_wg_assessment("Amazon EC2", "tester").unwrap();
        let refs = criteria_of_question(&book, "SEC2").unwrap();
        assert!(refs.iter().all(|r| r.service == service));
        assert!(criteria_of_question(&book, "XYZ9").unwrap().is_empty());
        let error = view_of(&book, "Amazon EC2").unwrap_err();
        assert_eq!(error.payload().code, hashira_core::ErrorCode::WgNotFound);
    }
}
