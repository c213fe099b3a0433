"""Start time without WebDriver: program start -> the first question painted on the X screen.

Starts the app on a copy of the demo workbook (whose first question, SEC 1, is high risk) and
watches the pixels of the question pane's header until the high-risk mark's red appears: what
a user sees, with no automation attached to WebKit. Needs Debian's python3-gi (Gdk 3).
Usage, under an X server at 1280x800:
  /usr/bin/python3 tests/e2e/bench-first-paint.py [APP] [WORKBOOK] [RUNS]
"""
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402

APP = sys.argv[1] if len(sys.argv) > 1 else "target/release/hashira-app"
WORKBOOK = sys.argv[2] if len(sys.argv) > 2 else "target/bench/demo.hashira"
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 7
RISK_HIGH = (198, 40, 40)  # --risk-high in ui/src/app.css
HEADER = (360, 60, 400, 30)  # x, y, width, height of the question pane's header row


def header_shows_high_risk(root) -> bool:
    picture = Gdk.pixbuf_get_from_window(root, *HEADER)
    if picture is None:
        return False
    pixels, stride, channels = picture.get_pixels(), picture.get_rowstride(), picture.get_n_channels()
    for y in range(0, picture.get_height(), 2):
        row = y * stride
        for x in range(0, picture.get_width() * channels, channels * 2):
            if tuple(pixels[row + x:row + x + 3]) == RISK_HIGH:
                return True
    return False


def one_start(root, work: str) -> float:
    shutil.copy(WORKBOOK, os.path.join(work, "w.hashira"))
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "config"), XDG_DATA_HOME=os.path.join(work, "data"))
    started = time.monotonic()
    app = subprocess.Popen([APP, os.path.join(work, "w.hashira")], env=env, stderr=subprocess.DEVNULL)
    try:
        while not header_shows_high_risk(root):
            if time.monotonic() - started > 30:
                raise SystemExit("bench-first-paint: no first question after 30 s")
            time.sleep(0.005)
        return (time.monotonic() - started) * 1000
    finally:
        app.send_signal(signal.SIGTERM)
        app.wait()
        while header_shows_high_risk(root):  # the window is gone before the next start
            time.sleep(0.05)


def main() -> None:
    root = Gdk.get_default_root_window()
    if root is None:
        raise SystemExit("bench-first-paint: no X display")
    with tempfile.TemporaryDirectory() as work:
        times = [one_start(root, work) for _ in range(RUNS)]
    print(f"start_to_first_question_painted_ms runs={[round(t) for t in times]} median={round(statistics.median(times))}")


main()
