"""Makes ui/public/fonts/HashiraUIUnderscore-{Regular,Bold}.ttf from the shipped BIZ UD PGothic.

Why: the font's "_" (U+005F) is a 51-unit bar (y -246..-195 of 2048) whose TrueType
instructions round its bottom and its top edge to the pixel grid each on its own
(PUSHB 1 0, SVTCA[y], MDAP[rnd], MDAP[rnd]). Wherever both edges round to the same row the
bar has no height and FreeType draws nothing: in the app (WebKitGTK) "OPS_1" showed as "OPS 1"
at 11, 12, 16, 17, 18 and 20 px; only 13-15 px drew it. The app's @font-face (ui/src/app.css)
takes "_" alone (unicode-range: U+5F) from these one-glyph fonts: the same outline, advance and
metrics, but the instructions round the bottom edge and place the top edge at least one pixel
above it (MDRP with minimum distance), so the bar is one row high at every size. At the sizes
that already drew it, it lands on the same row as before. The two big fonts stay as shipped by
Debian (and so does the PDF report, which embeds them: PDF viewers do not hint and draw the bar).

Run from the repository root with fontTools installed (pip install fonttools):
    python3 scripts/underscore-font.py
tests/e2e/walkthrough.mjs checks the result in the real window (every size the UI uses).
"""
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import ttProgram

FONTS = Path("ui/public/fonts")
FAMILY = "Hashira UI Underscore"
# y axis; round point 0 (the bottom edge) to the grid; point 1 (the top edge) at its rounded
# distance from it, but at least the minimum distance (one pixel); then the untouched points.
PROGRAM = ["PUSHB[ ]", "0", "SVTCA[0]", "MDAP[1]", "PUSHB[ ]", "1", "MDRP[01100]", "IUP[0]", "IUP[1]"]
EXPECTED_OUTLINE = [(0, -246), (0, -195), (625, -195), (625, -246)]


def make(style):
    font = TTFont(FONTS / f"BIZUDPGothic-{style}.ttf")
    options = subset.Options()
    options.hinting = True  # keep fpgm/prep/cvt: the rest of the hinting stays the font's own
    options.name_IDs = ["*"]  # the copyright and licence entries stay (SIL OFL 1.1)
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[0x5F])
    subsetter.subset(font)

    glyph = font["glyf"]["underscore"]
    if list(glyph.coordinates) != EXPECTED_OUTLINE or glyph.endPtsOfContours != [3]:
        raise SystemExit(f"{style}: the underscore is not the 4-point bar this fix was made for")
    program = ttProgram.Program()
    program.fromAssembly(PROGRAM)
    glyph.program = program

    # A modified version under another name (BIZ UDPGothic is Morisawa's trademark).
    postscript = f"HashiraUIUnderscore-{style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 7, 16, 17):
            names.removeNames(nameID=record.nameID)
    for name_id, text in {
        1: FAMILY,
        2: style,
        3: f"{postscript};derived from BIZ UDPGothic 1.05",
        4: f"{FAMILY} {style}",
        6: postscript,
        10: "U+005F of BIZ UDPGothic with TrueType instructions that keep it one pixel high "
        "(scripts/underscore-font.py of Hashira).",
    }.items():
        names.setName(text, name_id, 3, 1, 0x409)
    out = FONTS / f"{postscript}.ttf"
    font.save(out)
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    for style in ("Regular", "Bold"):
        make(style)
