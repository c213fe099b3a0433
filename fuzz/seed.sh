#!/usr/bin/env bash
# Regenerates the committed seed corpora (fuzz/corpus/<target>/) from the product's own files:
# the review export of the demo workbook, WG sheets (template, the xlsx tests' fixtures, an
# export), the shipped question sets cut to their first question, a small workbook, and rule
# strings. Seeds stay small (a few KB to ~20 KB): libFuzzer mutates them, it does not need size.
# Usage: fuzz/seed.sh   (from anywhere; builds the hashira binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=$root/fuzz/corpus
export HASHIRA_NOW=2026-04-01T09:00:00+09:00 HASHIRA_USER=seed

cargo build -q -p hashira-cli
hashira=$root/target/debug/hashira
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$corpus"
mkdir -p "$corpus"/{review_import,wg_import,set_toml,rule,open_workbook}

# The first question of a shipped set (header, first pillar, first question and its choices):
# a valid set of a few KB.
first_question() {
  awk '/^\[\[pillars.questions\]\]/ { n++ } n < 2 { print }' "$1"
}
for set in sec fisc-sec; do
  first_question "questions/$set.toml" >"$corpus/set_toml/$set-first-question.toml"
done
cp questions/wg-code-lists.toml "$corpus/set_toml/wg-code-lists.toml"   # not a set: refused

# Review answers: the demo workbook's export, one set per file (the smallest sets). An export
# names its workbook's id (サマリー, ワークブックID) and another workbook refuses it; the checks
# import into a demo workbook of their own, so the seeds have that cell cleared, as the refusal
# tells the user to do (one export is also kept as it is, for the refusal).
clear_workbook_id() {
  python3 - "$1" "$2" <<'PY'
import re, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(source) as z:
    items = [(info, z.read(info.filename)) for info in z.infolist()]
files = {info.filename: data for info, data in items}
strings = re.findall(r"<si>(.*?)</si>", files["xl/sharedStrings.xml"].decode(), re.S)
label = next(i for i, s in enumerate(strings) if "ワークブックID" in s)
sheet = files["xl/worksheets/sheet1.xml"].decode()
row = re.search(r'<c r="A(\d+)"[^>]*t="s"><v>%d</v></c>' % label, sheet).group(1)
sheet, n = re.subn(r'<c r="B%s"[^>]*?(/>|>.*?</c>)' % row, "", sheet, count=1)
assert n == 1, "no workbook id cell"
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in items:
        z.writestr(info, sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else data)
PY
}
"$hashira" demo "$work/demo.hashira" >/dev/null
"$hashira" demo "$work/changed.hashira" >/dev/null   # two answers differ from the demo's
"$hashira" answer "$work/changed.hashira" FISCREL1 --none >/dev/null
"$hashira" answer "$work/changed.hashira" FISCREL2 --na OUT_OF_SCOPE --na-text "seed" >/dev/null
"$hashira" export xlsx "$work/changed.hashira" "$work/changed-fisc-rel.xlsx" --set fisc-rel >/dev/null
clear_workbook_id "$work/changed-fisc-rel.xlsx" "$corpus/review_import/changed-fisc-rel-id-cleared.xlsx"
for set in fisc-ops fisc-rel; do
  "$hashira" export xlsx "$work/demo.hashira" "$work/demo-$set.xlsx" --set "$set" >/dev/null
  clear_workbook_id "$work/demo-$set.xlsx" "$corpus/review_import/demo-$set-id-cleared.xlsx"
done
cp "$work/demo-fisc-ops.xlsx" "$corpus/review_import/demo-fisc-ops-other-workbook.xlsx"
# A real file of the wrong kind: the review export given to the WG import (refused).
cp "$work/demo-fisc-rel.xlsx" "$corpus/wg_import/review-export-not-wg.xlsx"

# WG: the empty template, the xlsx tests' fixtures, and an export with evaluations.
mkdir -p "$corpus/wg_import"
"$hashira" wg template "$corpus/wg_import/template.xlsx" >/dev/null
cp crates/hashira-xlsx/tests/fixtures/wg-english.xlsx crates/hashira-xlsx/tests/fixtures/wg-japanese.xlsx \
  "$corpus/wg_import/"
"$hashira" wg import "$work/demo.hashira" crates/hashira-xlsx/tests/fixtures/wg-english.xlsx >/dev/null
service=$("$hashira" --json wg list "$work/demo.hashira" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["service"])')
"$hashira" wg export "$work/demo.hashira" "$corpus/wg_import/export-english.xlsx" --service "$service" >/dev/null

# A workbook holding only the small set, its pages shrunk to 512 bytes (a valid SQLite file
# and workbook, ~30 KB instead of ~200 KB).
"$hashira" new "$work/small.hashira" --name "Seed" --set-file "$corpus/set_toml/sec-first-question.toml" >/dev/null
"$hashira" answer "$work/small.hashira" SEC1 --choose SEC1-01 >/dev/null
sqlite3 "$work/small.hashira" 'PRAGMA page_size=512; VACUUM;'
"$hashira" verify "$work/small.hashira" >/dev/null
cp "$work/small.hashira" "$corpus/open_workbook/small.hashira"
printf 'SQLite format 3\0' >"$corpus/open_workbook/header-only"
head -c 4096 "$work/small.hashira" >"$corpus/open_workbook/first-page"

# Rules over the checks' choices (a, b, c_1, sec.x-2, q_no) and some that are refused.
i=0
while IFS= read -r rule; do
  i=$((i + 1))
  printf '%s' "$rule" >"$corpus/rule/$(printf '%02d' $i)"
done <<'RULES'
default
q_no
a && b && c_1 && sec.x-2
a || b && c_1
(a || b) && !c_1
!(a && (b || !sec.x-2)) || q_no
!!a
((((a))))
a & b
a ||
default && a
(a || b
a || zz
RULES
ls -la "$corpus"/*
