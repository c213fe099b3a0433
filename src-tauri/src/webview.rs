//! WebKitGTK settings for a form-based UI that must stay small in memory.
//!
//! Measured under Xvfb (BENCHMARKS.md): with WebKit's accelerated compositing the web process
//! holds ~100 MB more (GL surfaces rendered in software by Mesa) for no visible gain on a page
//! of text, checkboxes and static charts. Turning compositing off keeps scrolling and the
//! dashboard as they are. The document-viewer cache model drops the back/forward page cache and
//! shrinks the memory caches: the app shows one local page, never browses.

use tauri::{App, Manager, Runtime};

/// Applies the settings to every webview window that exists when the app starts.
pub fn tune<R: Runtime>(app: &App<R>) -> tauri::Result<()> {
    for window in app.webview_windows().values() {
        window.with_webview(|platform| {
            #[cfg(target_os = "linux")]
            linux::tune(&platform.inner());
            #[cfg(not(target_os = "linux"))]
            let _ = platform;
        })?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
mod linux {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };

    pub fn tune(webview: &webkit2gtk::WebView) {
        if let Some(settings) = WebViewExt::settings(webview) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            settings.set_enable_page_cache(false);
        }
        if let Some(context) = webview.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    }
}
