//! What the page may do beyond the app's own commands, pinned: listening to its own events (for
//! the webview's file drag-and-drop) and nothing else. Widening it must change this test.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The exact permissions of the page; each with the only command it allows.
const PERMISSIONS: [(&str, &str); 2] = [
    ("core:event:allow-listen", "listen"),
    ("core:event:allow-unlisten", "unlisten"),
];

fn shell_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_only_capability_is_the_main_windows_with_the_pinned_permissions() {
    let dir = shell_dir().join("capabilities");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["default.json"],
        "a second capability file would grant more"
    );

    let capability = json(&dir.join("default.json"));
    assert_eq!(capability["identifier"], "default");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(capability.get("webviews").is_none());
    assert!(
        capability.get("remote").is_none(),
        "no remote URL may use the IPC"
    );
    let expected: Vec<&str> = PERMISSIONS.iter().map(|(id, _)| *id).collect();
    assert_eq!(capability["permissions"], serde_json::json!(expected));
    let description = capability["description"].as_str().unwrap();
    assert!(
        description.contains("drag-and-drop"),
        "the description says why: {description}"
    );
}

#[test]
fn the_config_adds_no_capability_and_keeps_file_drops_on() {
    let config = json(&shell_dir().join("tauri.conf.json"));
    let security = &config["app"]["security"];
    assert!(
        security.get("capabilities").is_none(),
        "capabilities live in capabilities/ only"
    );
    assert_eq!(config["app"]["withGlobalTauri"], false);
    // Tauri intercepts native file drops only while this is on (its default).
    for window in config["app"]["windows"].as_array().unwrap() {
        assert_ne!(window.get("dragDropEnabled"), Some(&Value::Bool(false)));
    }
}

#[test]
fn each_pinned_permission_allows_one_event_command_and_nothing_else() {
    // Written by tauri-build (build.rs) from the Tauri version in Cargo.lock.
    let manifests = json(&shell_dir().join("gen/schemas/acl-manifests.json"));
    let event = &manifests["core:event"]["permissions"];
    for (identifier, command) in PERMISSIONS {
        let name = identifier.trim_start_matches("core:event:");
        let commands = &event[name]["commands"];
        assert_eq!(
            commands["allow"],
            serde_json::json!([command]),
            "{identifier}"
        );
        assert_eq!(commands["deny"], serde_json::json!([]), "{identifier}");
    }
    // What the build resolved for the window is exactly the file above.
    let resolved = json(&shell_dir().join("gen/schemas/capabilities.json"));
    let expected: Vec<&str> = PERMISSIONS.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        resolved["default"]["permissions"],
        serde_json::json!(expected)
    );
    assert_eq!(resolved["default"]["windows"], serde_json::json!(["main"]));
}
