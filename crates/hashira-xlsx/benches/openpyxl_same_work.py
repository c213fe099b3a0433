#!/usr/bin/env python3
"""openpyxl doing the same work as the Rust benchmark, on the same rows.

    python3 openpyxl_same_work.py ROWS.json OUT_DIR REPEATS

ROWS.json: {"sheets": {name: [[cell, ...], ...]}, "header_row": 2}. Prints JSON timings (ms).
Write: every cell as text with a body format, styled header, widths, freeze panes, autofilter,
a dropdown on the response column, A4 landscape fit to width. Read: the file our export wrote,
in openpyxl's fast read-only mode, into a dict keyed by (question id, choice id).
"""
import json, os, statistics, sys, time
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation


def write(sheets, header_row, path):
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name="Meiryo UI", size=10)
    wrap = Alignment(wrap_text=True, vertical="top")
    head_font = Font(name="Meiryo UI", size=10, bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value == "":
                    continue
                cell = ws.cell(row=r, column=c)
                cell.value = value
                cell.data_type = "s"
                if r == header_row + 1:
                    cell.font, cell.fill, cell.border = head_font, head_fill, border
                elif r > header_row + 1:
                    cell.font, cell.alignment, cell.border = body_font, wrap, border
        ws.freeze_panes = ws.cell(row=header_row + 2, column=3)
        ws.auto_filter.ref = f"A{header_row + 1}:P{len(rows)}"
        dv = DataValidation(type="list", formula1='"選択,非該当"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"H{header_row + 2}:H{len(rows)}")
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{header_row + 1}:{header_row + 1}"
        for i, width in enumerate([14, 10, 36, 30, 12, 36, 40, 10, 36, 10, 18, 24, 8, 14, 12, 18]):
            ws.column_dimensions[chr(ord("A") + i)].width = width
    wb.save(path)


def read(path, header_row):
    wb = load_workbook(path, read_only=True, data_only=True)
    keyed = {}
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        for _ in range(header_row):
            next(rows, None)
        header = next(rows, None)
        if not header or "質問ID" not in header:
            continue
        qi, ci = header.index("質問ID"), header.index("選択肢ID")
        for row in rows:
            if row and row[qi]:
                keyed[(row[qi], row[ci] or "")] = row
    wb.close()
    return keyed


def main():
    rows_path, out_dir, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = json.load(open(rows_path, encoding="utf-8"))
    sheets, header_row, read_file = data["sheets"], data["header_row"], data["read_file"]
    out = os.path.join(out_dir, "openpyxl.xlsx")
    writes, reads = [], []
    for _ in range(repeats):
        t = time.perf_counter(); write(sheets, header_row, out); writes.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter(); n = len(read(read_file, header_row)); reads.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"write_ms": statistics.median(writes), "read_ms": statistics.median(reads), "rows_read": n}))


if __name__ == "__main__":
    main()
