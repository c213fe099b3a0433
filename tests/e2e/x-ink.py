"""Compares two X screenshots inside boxes: python3 x-ink.py WITH.png WITHOUT.png < boxes.json

Each box ({x, y, width, height}, screen pixels) is where one character (e.g. "_") was drawn in
WITH.png and a space stands in WITHOUT.png. For each box, prints the widest run of pixels on one
row that WITH.png draws clearly darker than WITHOUT.png: a "_" that is really painted is a
horizontal line nearly as wide as its box; one that WebKit clipped away leaves 0. JSON out:
[{"ink": widest run in px, "row": its y}]. Uses Debian's python3-gi like x-screenshot.py.
"""
import json
import sys

import gi

gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf  # noqa: E402

# Darker by this much (0-255, the mean of R, G and B). A hinted one-pixel bar is far darker than
# that. A space is wider than "_", so the next glyph moves by a fraction of a pixel: what that
# changes lies at the box's right edge, which the caller leaves out of the box.
DARKER = 48


class Picture:
    def __init__(self, path):
        pixbuf = GdkPixbuf.Pixbuf.new_from_file(path)
        self.width = pixbuf.get_width()
        self.height = pixbuf.get_height()
        self.stride = pixbuf.get_rowstride()
        self.channels = pixbuf.get_n_channels()
        self.pixels = pixbuf.get_pixels()

    def grey(self, x, y):
        at = y * self.stride + x * self.channels
        return sum(self.pixels[at : at + 3]) / 3


def ink(with_, without, box):
    x0, y0 = int(box["x"]), int(box["y"])
    x1 = min(int(box["x"] + box["width"]), with_.width)
    y1 = min(int(box["y"] + box["height"]), with_.height)
    best, best_row = 0, None
    for y in range(max(y0, 0), y1):
        run = widest = 0
        for x in range(max(x0, 0), x1):
            if without.grey(x, y) - with_.grey(x, y) >= DARKER:
                run += 1
                widest = max(widest, run)
            else:
                run = 0
        if widest > best:
            best, best_row = widest, y
    return {"ink": best, "row": best_row}


def main():
    with_, without = Picture(sys.argv[1]), Picture(sys.argv[2])
    if (with_.width, with_.height) != (without.width, without.height):
        sys.exit("x-ink: the two screenshots differ in size")
    boxes = json.load(sys.stdin)
    print(json.dumps([ink(with_, without, box) for box in boxes]))


if __name__ == "__main__":
    main()
