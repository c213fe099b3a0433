"""Saves the X screen as a PNG: python3 x-screenshot.py OUT.png (DISPLAY set, e.g. Xvfb).

Why not WebDriver's screenshot: the app turns WebKit's accelerated compositing off
(src-tauri/src/webview.rs), and WebKitWebDriver's screenshot never answers in that mode. The X
server holds what the user sees, so the picture comes from there. Needs Debian's python3-gi and
gir1.2-gtk-3.0 (pulled in by gir1.2-webkit2-4.1)."""
import sys

import gi

gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402

root = Gdk.get_default_root_window()
if root is None:
    sys.exit("x-screenshot: no X display (is DISPLAY set?)")
width, height = root.get_width(), root.get_height()
picture = Gdk.pixbuf_get_from_window(root, 0, 0, width, height)
if picture is None:
    sys.exit("x-screenshot: could not read the screen")
picture.savev(sys.argv[1], "png", [], [])
