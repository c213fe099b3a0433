"""A bare WebKitGTK window, without Tauri or Rust, set up as the app sets up its webview
(src-tauri/src/webview.rs): the memory floor any WebKitGTK app has on this machine.
Needs Debian's python3-gi and gir1.2-webkit2-4.1. Used by tests/e2e/bench-memory.sh."""
import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

window = Gtk.Window()
window.set_default_size(1280, 800)
view = WebKit2.WebView()
view.get_settings().set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
view.get_settings().set_enable_page_cache(False)
view.get_context().set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)
view.load_html("<h1>柱 Hashira</h1><p>ワークブックを開く</p>", None)
window.add(view)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
