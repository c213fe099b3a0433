//! The start screen: what the app ships, the recent workbooks and the reviewer's name.

use std::path::Path;

use hashira_core::question_set::shipped::{DEFAULT_SET_IDS, parsed_shipped_sets};
use tauri::{AppHandle, State};

use super::{actor, config_dir};
use crate::dto::{AppInfo, RecentWorkbook, SetChoice};
use crate::{AppState, CmdResult, StartWith, off_main, settings};

#[tauri::command]
pub async fn app_info(app: AppHandle, state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let (initial_path, open_demo_at_start) = match &state.initial {
        Some(StartWith::Workbook(p)) => {
            let p = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            (Some(p.display().to_string()), false)
        }
        Some(StartWith::Demo) => (None, true),
        None => (None, false),
    };
    let version = app.package_info().version.to_string();
    off_main(move || {
        let question_sets = parsed_shipped_sets()?
            .iter()
            .map(|set| SetChoice {
                id: set.id().to_string(),
                version: set.version().to_string(),
                version_label: hashira_core::question_set::version_label(set.version()),
                title: set.title().clone(),
                question_count: set.question_count(),
            })
            .collect();
        Ok(AppInfo {
            version,
            initial_path,
            open_demo_at_start,
            question_sets,
            default_set_ids: DEFAULT_SET_IDS.iter().map(|s| s.to_string()).collect(),
            reviewer_name: actor(&app)?,
        })
    })
    .await
}

#[tauri::command]
pub async fn recent_workbooks(app: AppHandle) -> CmdResult<Vec<RecentWorkbook>> {
    off_main(move || {
        let mut recent = settings::load(&config_dir(&app)?).recent;
        recent.retain(|r| Path::new(&r.path).is_file());
        Ok(recent)
    })
    .await
}

#[tauri::command]
pub async fn set_reviewer_name(app: AppHandle, name: String) -> CmdResult<String> {
    off_main(move || {
        let dir = config_dir(&app)?;
        let mut saved = settings::load(&dir);
        saved.reviewer_name = Some(name.trim().to_string()).filter(|n| !n.is_empty());
        settings::save(&dir, &saved)?;
        Ok(settings::reviewer_name(&saved))
    })
    .await
}
