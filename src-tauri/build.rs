fn main() {
    // `tauri::generate_context!` embeds ../ui/dist. A plain `cargo build`/`clippy` of the workspace
    // (before the UI was ever built) gets a placeholder page; `tauri build` builds the real UI first.
    let dist = std::path::Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        let _ = std::fs::create_dir_all(dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Hashira</title><p>UI not built: run <code>npm run build</code>.</p>",
        );
    }
    tauri_build::build()
}
