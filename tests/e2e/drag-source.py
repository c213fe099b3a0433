"""A file-manager stand-in: a small GTK window at (0, 0) that offers FILES as a native
drag (text/uri-list), like dragging them out of a file manager. Used by the e2e walk-through
with xdotool moving the pointer. Usage: python3 drag-source.py FILE..."""
import pathlib
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, Gtk  # noqa: E402

uris = [pathlib.Path(p).resolve().as_uri() for p in sys.argv[1:]]
window = Gtk.Window(title="hashira-e2e-drag-source")
window.set_default_size(160, 80)
window.move(0, 0)
button = Gtk.Button(label="drag me")
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()
button.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris(uris))
button.connect("drag-end", lambda *_: print("drag-end", flush=True))
window.add(button)
window.connect("destroy", Gtk.main_quit)
window.show_all()
print("ready", flush=True)
Gtk.main()
