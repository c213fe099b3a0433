#!/usr/bin/env python3
"""Rebuilds the bad-input corpus read by crates/hashira-cli/tests/bad_inputs.rs (driven by
expected.toml): review and WG .xlsx files, question-set TOML files and workbook files, each
broken in one way. Standard library only; the .xlsx files are written as raw SpreadsheetML
(inline strings), so each defect is exactly the one intended.

    python3 tests/bad-inputs/make.py [path/to/hashira]   # the binary: for the workbook files

Not made here: wg-criteria-value-at-XFD1048576.xlsx (crates/hashira-xlsx/tests/bad_inputs.rs,
HASHIRA_BLESS_BAD_INPUTS=1), lenses/ (lenses/make_bad_lenses.py), and the workbook truncated at
every 4 KiB of its first 64 KiB (made by the test from a fresh workbook).
"""
import io, os, random, sqlite3, subprocess, sys, tempfile, zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entry times, so a rebuild is byte-identical

# --- .xlsx as raw SpreadsheetML ----------------------------------------------------------

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>"""
SHEET_TYPE = '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"""
SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"""


def col_letter(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def text_xml(value):
    # A carriage return would be normalised to a line feed by any XML parser: write it as a
    # character reference so the cell holds it.
    return escape(value).replace("\r", "&#13;").replace("\t", "&#9;")


def sheet_xml(rows):
    """rows: {row_number (1-based): [cell text or None, ...]}, or a list starting at row 1."""
    if isinstance(rows, list):
        rows = {i + 1: r for i, r in enumerate(rows)}
    out = []
    for r in sorted(rows):
        cells = "".join(
            f'<c r="{col_letter(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{text_xml(v)}</t></is></c>'
            for c, v in enumerate(rows[r])
            if v is not None and v != ""
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return SHEET.format(rows="".join(out))


def xlsx_bytes(sheets):
    """sheets: [(name, rows)]; rows as sheet_xml takes them, or a str of ready sheet XML."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name, data):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

        n = len(sheets)
        put("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(SHEET_TYPE.format(n=i + 1) for i in range(n))))
        put("_rels/.rels", ROOT_RELS)
        put("xl/workbook.xml", WORKBOOK.format(sheets="".join(
            f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _) in enumerate(sheets))))
        put("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(rels="".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n))))
        for i, (_, rows) in enumerate(sheets):
            put(f"xl/worksheets/sheet{i + 1}.xml", rows if isinstance(rows, str) else sheet_xml(rows))
    return buf.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# --- review answer sheets (imported into a workbook holding the shipped set `sec`) --------

HEADER = ["柱", "質問ID", "質問", "選択肢ID", "選択肢", "回答", "メモ"]


def q(qid, response="", notes=""):
    return ["セキュリティ", qid, "質問", "", "", response, notes]


def c(qid, cid, response="", title="選択肢"):
    return ["セキュリティ", qid, "質問", cid, title, response, ""]


def review(rows, header_row=1, summary=None):
    sheet = {header_row: HEADER}
    for i, row in enumerate(rows):
        sheet[header_row + 1 + i] = row
    sheets = [("sec", sheet)]
    if summary is not None:
        sheets.insert(0, ("サマリー", summary))
    return xlsx_bytes(sheets)


def review_files():
    good = review([q("SEC1"), c("SEC1", "SEC1-01", "選択"), c("SEC1", "SEC1-02")])
    # The zip cut in half: no central directory.
    write("review-truncated-zip.xlsx", good[: len(good) // 2])
    write("review-empty.xlsx", b"")
    write("review-random-bytes.xlsx", random.Random(11).randbytes(4096))
    write("review-csv-renamed.xlsx", "質問ID,選択肢ID,回答\nSEC1,SEC1-01,選択\n")
    # An old binary workbook: the CFB (OLE2) signature, as .xls and renamed .xlsx.
    ole = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(2040)
    write("review-old-binary.xls", ole)
    # Password-protected xlsx is a CFB file holding an EncryptedPackage stream (the same
    # synthetic file as crates/hashira-xlsx/tests/safety.rs builds).
    write("review-encrypted.xlsx", ole + "EncryptedPackage".encode("utf-16-le"))
    # A zip bomb: one 64 MiB part of zeros, ~64 KiB compressed.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        source = zipfile.ZipFile(io.BytesIO(good))
        for info in source.infolist():
            z.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), source.read(info), zipfile.ZIP_DEFLATED)
        zeros = zipfile.ZipInfo("xl/media/zeros.bin", FIXED_TIME)
        zeros.compress_type = zipfile.ZIP_DEFLATED
        with z.open(zeros, "w") as part:
            chunk = bytes(1024 * 1024)
            for _ in range(64):
                part.write(chunk)
    write("review-zip-bomb.xlsx", buf.getvalue())
    # The right sheet, rows of answers, but no header row at all.
    write("review-no-header.xlsx", xlsx_bytes([("sec", [q("SEC1"), c("SEC1", "SEC1-01", "選択")])]))
    # A header is found by its texts in the first 40 rows; this one is on row 41.
    write("review-header-on-row-41.xlsx", review([q("SEC1"), c("SEC1", "SEC1-01", "選択")], header_row=41))
    write("review-duplicate-question-rows.xlsx", review([
        q("SEC1"), c("SEC1", "SEC1-01", "選択"), q("SEC2"), c("SEC1", "SEC1-01", "選択"), q("SEC1")]))
    write("review-unknown-question-id.xlsx", review([q("SEC1"), q("SEC99"), c("SEC99", "SEC99-01", "選択")]))
    # The choice's title typed where its id belongs.
    write("review-choice-title-as-id.xlsx", review([
        q("SEC1"), c("SEC1", "ルートユーザーの認証情報と使用を保護する", "選択")]))
    write("review-invalid-response.xlsx", review([q("SEC1"), c("SEC1", "SEC1-01", "たぶん")]))
    write("review-none-with-a-choice.xlsx", review([
        q("SEC1"), c("SEC1", "SEC1-01", "選択"), c("SEC1", "SEC1_no", "選択")]))
    # A not-applicable reason that is none of the reasons (the English header is understood).
    write("review-unknown-na-reason.xlsx", xlsx_bytes([("sec", [
        HEADER + ["Not applicable reason"], q("SEC1", "対象外") + ["気分"]])]))
    # More sheets than any review or WG file has.
    write("review-101-sheets.xlsx", xlsx_bytes([(f"s{i}", [["x"]]) for i in range(101)]))
    # A 1 MB cell, and a 40,000-character note: both over Excel's 32,767 characters per cell,
    # which the export could not write back, so refused.
    write("review-cell-1mb.xlsx", review([q("SEC1"), c("SEC1", "SEC1-01", "選択", title="x" * 1_000_000)]))
    write("review-note-40000-chars.xlsx", review([q("SEC1", notes="メ" * 40_000)]))
    # Formula-like notes: imported as text (never a formula) and exported back as text.
    # Leading/trailing white space of a cell is trimmed on import, so the tab and CR prefixes
    # arrive without it.
    write("review-formula-like-text.xlsx", review([
        q("SEC1", notes="=1+1"),
        q("SEC2", notes="+SUM(A1:A2)"),
        q("SEC3", notes="-2+3"),
        q("SEC4", notes="@cmd|' /C calc'!A0"),
        q("SEC5", notes="\t=HYPERLINK(\"http://example.com\")"),
        q("SEC6", notes="\r=1+2"),
    ], header_row=3))
    # Exported from another workbook: its summary names a workbook id that is not this one.
    summary = [["レビュー回答 — 別のワークロード"], ["出力日時", "2026-04-01 09:00 (UTC+09:00)"],
               ["ワークブックID", "00000000-0000-4000-8000-000000000000"], ["タイムゾーン", "UTC+09:00"]]
    write("review-from-another-workbook.xlsx", review([q("SEC1", notes="別のワークブックのメモ")], summary=summary))


# --- WG workbooks --------------------------------------------------------------------------

def wg_files():
    cover = ("表紙", [["サービス名", "Amazon S3"], ["版数", "第1版"]])
    scenarios = ("利用シナリオと接続経路", [["No.", "利用シナリオ", "接続元", "接続経路"],
                                          ["1", "管理コンソール", "本社LAN", "インターネット"]])
    criteria_rows = [["1", "アクセス管理", "認証", "多要素認証を必須とすること"]]
    criteria = ("セキュリティクライテリア", [["No.", "評価観点", "対策分類", "セキュリティクライテリア"]] + criteria_rows)
    notes = ("サービス利用時の留意事項", [["分類", "留意事項"], ["設定", "パブリックアクセスをブロックする"]])
    write("wg-missing-criteria-sheet.xlsx", xlsx_bytes([cover, scenarios, notes]))
    write("wg-missing-scenarios-sheet.xlsx", xlsx_bytes([cover, criteria, notes]))
    write("wg-missing-notes-sheet.xlsx", xlsx_bytes([cover, scenarios, criteria]))
    # No cover and no title block: the service is never taken from the file name.
    write("wg-no-service.xlsx", xlsx_bytes([scenarios, criteria, notes]))
    write("wg-criteria-no-header.xlsx", xlsx_bytes([cover, scenarios, ("セキュリティクライテリア", criteria_rows), notes]))
    write("wg-duplicate-criterion-numbers.xlsx", xlsx_bytes([
        cover, scenarios, ("セキュリティクライテリア", criteria[1] + criteria_rows), notes]))


# --- question-set files ---------------------------------------------------------------------

SET = """format_version = 1
id = "bad"
version = "0.1"
languages = ["ja"]
title = {{ ja = "{title}" }}
[source]
document = "テスト"
edition = "1"
[[pillars]]
id = "security"
title = {{ ja = "セキュリティ" }}
{questions}"""

QUESTION = """[[pillars.questions]]
id = "{qid}"
title = {{ ja = "質問" }}
risk_rules = [{{ condition = "{rule}", risk = "NONE" }}, {{ condition = "default", risk = "HIGH" }}]
[[pillars.questions.choices]]
id = "{qid}-01"
title = {{ ja = "選択肢" }}
[[pillars.questions.choices]]
id = "{qid}_no"
title = {{ ja = "いずれも該当しない" }}
none_of_these = true
"""


def set_files():
    ok = QUESTION.format(qid="PQ1", rule="PQ1-01")
    text = SET.format(title="不正な UTF-8 XX", questions=ok).encode("utf-8")
    write("set-invalid-utf8.toml", text.replace(b"XX", b"\xff\xfe"))
    write("set-duplicate-ids-and-bad-rule.toml", SET.format(title="重複", questions=(
        ok + QUESTION.format(qid="PQ1", rule="PQ1-01 & PQ1_no")
        # Choice ids are unique within their question only: a repeat inside one question.
        + '[[pillars.questions.choices]]\nid = "PQ1-01"\ntitle = { ja = "選択肢" }\n')))
    write("set-not-toml.toml", SET.format(title="構文", questions=ok).replace('edition = "1"', "edition = 1 2"))
    # A valid set whose question ids become one lens id (`-` and `_` both become `_`).
    write("set-lens-id-collision.toml", SET.format(title="レンズ ID の衝突", questions=(
        QUESTION.format(qid="PQ-1", rule="PQ-1-01") + QUESTION.format(qid="PQ_1", rule="PQ_1-01"))))


# --- workbook files ---------------------------------------------------------------------------

def fresh_workbook(hashira, edit=None):
    """The bytes of a new workbook holding a one-question set, after `edit(sqlite3 connection)`
    (an edit made with another tool, as a user with sqlite3 could)."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "tiny.toml"), "w", encoding="utf-8") as f:
            f.write(SET.format(title="小さなセット", questions=QUESTION.format(qid="PQ1", rule="PQ1-01")))
        path = os.path.join(tmp, "w.hashira")
        env = dict(os.environ, HASHIRA_NOW="2026-04-01T09:00:00+09:00", HASHIRA_USER="make.py")
        subprocess.run([hashira, "new", path, "--name", "台帳", "--set-file", "tiny.toml"],
                       cwd=tmp, env=env, check=True, stdout=subprocess.DEVNULL)
        if edit is not None:
            conn = sqlite3.connect(path)
            edit(conn)
            conn.commit()
            conn.close()
        return bytearray(open(path, "rb").read())


def workbook_files(hashira):
    write("workbook-random-bytes.hashira", random.Random(7).randbytes(8192))
    write("workbook-empty.hashira", b"")
    data = fresh_workbook(hashira)
    # PRAGMA user_version is the big-endian u32 at offset 60 of the database header.
    data[60:64] = (9999).to_bytes(4, "big")
    write("workbook-future-user-version.hashira", bytes(data))
    write("workbook-no-workbook-id.hashira", bytes(fresh_workbook(
        hashira, lambda c: c.execute("DELETE FROM workbook_meta"))))
    # As a schema-4 build stored them: opening upgrades the file, which parses the stored text
    # (from schema 5 on, `show` reads the rules stored beside the text and `verify` reports an
    # edited text; see ARCHITECTURE.md "Reading stored sets").
    def as_schema_4(sql):
        def edit(c):
            # Schema 4's tables: those migrations 0001-0004 create; later ones are dropped.
            old = sqlite3.connect(":memory:")
            migrations = os.path.join(HERE, "..", "..", "crates", "hashira-core", "migrations")
            for name in sorted(n for n in os.listdir(migrations) if n < "0005"):
                old.executescript(open(os.path.join(migrations, name), encoding="utf-8").read())
            query = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            keep = {row[0] for row in old.execute(query)}
            later = [row[0] for row in c.execute(query) if row[0] not in keep]
            c.executescript(sql + ";" + "".join(f"DROP TABLE {t};" for t in later)
                            + "PRAGMA user_version = 4;")
        return edit
    write("workbook-stored-set-not-toml.hashira", bytes(fresh_workbook(
        hashira, as_schema_4("UPDATE question_set SET source_text = 'not toml ['"))))
    write("workbook-stored-set-not-utf8.hashira", bytes(fresh_workbook(
        hashira, as_schema_4("UPDATE question_set SET source_text = CAST(x'66ff' AS TEXT)"))))
    write("workbook-table-dropped.hashira", bytes(fresh_workbook(
        hashira, lambda c: c.execute("DROP TABLE answer"))))
    # A sound SQLite database of another program (no "HSHR" application id).
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "other.db")
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('not a workbook')")
        conn.commit()
        conn.close()
        write("workbook-other-sqlite.hashira", open(path, "rb").read())


if __name__ == "__main__":
    default = os.path.join(HERE, "..", "..", "target", "debug", "hashira")
    review_files()
    wg_files()
    set_files()
    workbook_files(sys.argv[1] if len(sys.argv) > 1 else default)
