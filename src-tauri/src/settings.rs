//! Per-user app settings: the reviewer's name and the recent workbooks (a small JSON file in the
//! app's config directory). Nothing here is workbook data.

use std::path::{Path, PathBuf};

use hashira_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::dto::RecentWorkbook;

const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub reviewer_name: Option<String>,
    #[serde(default)]
    pub recent: Vec<RecentWorkbook>,
}

pub fn file(config_dir: &Path) -> PathBuf {
    config_dir.join("settings.json")
}

/// Missing or unreadable settings are not an error: the app starts with defaults.
pub fn load(config_dir: &Path) -> Settings {
    std::fs::read_to_string(file(config_dir))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn save(config_dir: &Path, settings: &Settings) -> Result<()> {
    let path = file(config_dir);
    std::fs::create_dir_all(config_dir)
        .map_err(|source| io("cannot create the settings folder", config_dir, source))?;
    let text = serde_json::to_string_pretty(settings)
        .map_err(|e| io("cannot encode", &path, std::io::Error::other(e)))?;
    std::fs::write(&path, text).map_err(|source| io("cannot write", &path, source))
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The name recorded as the actor of every change: the saved name, else the core's one rule
/// (`HASHIRA_USER`, the OS account, `unknown`), as the CLI records it.
pub fn reviewer_name(settings: &Settings) -> String {
    hashira_core::actor::actor(settings.reviewer_name.as_deref())
}

pub fn remember(settings: &mut Settings, path: &Path, name: &str, at: String) {
    let path = path.display().to_string();
    settings.recent.retain(|r| r.path != path);
    settings.recent.insert(
        0,
        RecentWorkbook {
            path,
            name: name.to_string(),
            opened_at: at,
        },
    );
    settings.recent.truncate(MAX_RECENT);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_list_keeps_latest_first_without_duplicates() {
        let mut settings = Settings::default();
        remember(&mut settings, Path::new("/a.hashira"), "A", "1".into());
        remember(&mut settings, Path::new("/b.hashira"), "B", "2".into());
        remember(&mut settings, Path::new("/a.hashira"), "A2", "3".into());
        let names: Vec<_> = settings.recent.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A2", "B"]);
    }

    #[test]
    fn settings_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            reviewer_name: Some("山田".into()),
            ..Settings::default()
        };
        save(dir.path(), &settings).unwrap();
        assert_eq!(load(dir.path()).reviewer_name.as_deref(), Some("山田"));
    }
}
