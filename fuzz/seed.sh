#!/usr/bin/env bash
# Regenerates the committed seed corpora (fuzz/corpus/<target>/) from the product's own files:
# the review export of the demo workbook, WG sheets (template, the xlsx tests' fixtures, an
# export), the shipped question sets cut to their first question, a small workbook, rule
# strings, reviewers' copies of a tiny workbook, and a bundle of it. Seeds stay small (a few KB to ~20 KB): libFuzzer mutates them, it does not need size.
# Usage: fuzz/seed.sh [TARGET...]   (from anywhere; builds the hashira binary first; with
#        targets, only their corpora are made again)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=$root/fuzz/corpus
export HASHIRA_NOW=2026-04-01T09:00:00+09:00 HASHIRA_USER=seed

cargo build -q -p hashira-cli
hashira=$root/target/debug/hashira
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

all=(review_import wg_import set_toml rule open_workbook lens_json wa_answers merge_input bundle_verify)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
want() { [[ " ${targets[*]} " == *" $1 "* ]]; }
for target in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $target "* ]] || { echo "unknown target: $target" >&2; exit 2; }
  rm -rf "${corpus:?}/$target"
  mkdir -p "$corpus/$target"
done

# The first question of a shipped set (header, first pillar, first question and its choices):
# a valid set of a few KB.
first_question() {
  awk '/^\[\[pillars.questions\]\]/ { n++ } n < 2 { print }' "$1"
}
# (made in the scratch folder too: the small workbooks below hold it)
first_question questions/sec.toml >"$work/sec-first-question.toml"
if want set_toml; then
  for set in sec fisc-sec; do
    first_question "questions/$set.toml" >"$corpus/set_toml/$set-first-question.toml"
  done
  cp questions/wg-code-lists.toml "$corpus/set_toml/wg-code-lists.toml"   # not a set: refused
fi

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
if want review_import || want wg_import; then
  "$hashira" demo "$work/changed.hashira" >/dev/null   # two answers differ from the demo's
  "$hashira" answer "$work/changed.hashira" FISCREL1 --none >/dev/null
  "$hashira" answer "$work/changed.hashira" FISCREL2 --na OUT_OF_SCOPE --na-text "seed" >/dev/null
  "$hashira" export xlsx "$work/changed.hashira" "$work/changed-fisc-rel.xlsx" --set fisc-rel >/dev/null
  for set in fisc-ops fisc-rel; do
    "$hashira" export xlsx "$work/demo.hashira" "$work/demo-$set.xlsx" --set "$set" >/dev/null
  done
fi
if want review_import; then
  clear_workbook_id "$work/changed-fisc-rel.xlsx" "$corpus/review_import/changed-fisc-rel-id-cleared.xlsx"
  for set in fisc-ops fisc-rel; do
    clear_workbook_id "$work/demo-$set.xlsx" "$corpus/review_import/demo-$set-id-cleared.xlsx"
  done
  cp "$work/demo-fisc-ops.xlsx" "$corpus/review_import/demo-fisc-ops-other-workbook.xlsx"
fi
if want wg_import; then
  # A real file of the wrong kind: the review export given to the WG import (refused).
  cp "$work/demo-fisc-rel.xlsx" "$corpus/wg_import/review-export-not-wg.xlsx"
fi

# WG: the empty template, the xlsx tests' fixtures, and an export with evaluations.
if want wg_import; then
  "$hashira" wg template "$corpus/wg_import/template.xlsx" >/dev/null
  cp crates/hashira-xlsx/tests/fixtures/wg-english.xlsx crates/hashira-xlsx/tests/fixtures/wg-japanese.xlsx \
    "$corpus/wg_import/"
  "$hashira" wg import "$work/demo.hashira" crates/hashira-xlsx/tests/fixtures/wg-english.xlsx >/dev/null
  service=$("$hashira" --json wg list "$work/demo.hashira" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["service"])')
  "$hashira" wg export "$work/demo.hashira" "$corpus/wg_import/export-english.xlsx" --service "$service" >/dev/null
fi

# A workbook holding only the small set, its pages shrunk to 512 bytes (a valid SQLite file
# and workbook, ~30 KB instead of ~200 KB).
"$hashira" new "$work/small.hashira" --name "Seed" --set-file "$work/sec-first-question.toml" >/dev/null
"$hashira" answer "$work/small.hashira" SEC1 --choose SEC1-01 >/dev/null
sqlite3 "$work/small.hashira" 'PRAGMA page_size=512; VACUUM;'
"$hashira" verify "$work/small.hashira" >/dev/null
if want open_workbook; then
  cp "$work/small.hashira" "$corpus/open_workbook/small.hashira"
  printf 'SQLite format 3\0' >"$corpus/open_workbook/header-only"
  head -c 4096 "$work/small.hashira" >"$corpus/open_workbook/first-page"
fi

# Rules over the checks' choices (a, b, c_1, sec.x-2, q_no) and some that are refused.
if want rule; then
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
fi


# Custom lenses: the small set exported as a lens (both languages; valid), and the bad-input
# corpus's lenses (each one problem, placed at its JSON path) but the one over 500 KB.
if want lens_json; then
  for lang in ja en; do
    "$hashira" lens export "$work/small.hashira" "$corpus/lens_json/sec-first-question-$lang.json" \
      --set sec --lang "$lang" >/dev/null
  done
  for lens in tests/bad-inputs/lenses/*.json; do
    [ "$(wc -c <"$lens")" -le 100000 ] && cp "$lens" "$corpus/lens_json/bad-$(basename "$lens")"
  done
fi

# WA Tool answers: get-answer / list-answers documents made from what the WA Tool hand-off
# exports for the demo workbook's SEC set (as the WA Tool would return them), changed so that
# some of them change answers, and the bad-input corpus's answers files.
if want wa_answers; then
  "$hashira" wa-tool export "$work/demo.hashira" "$work/wa" --set sec >/dev/null
  python3 - "$work/wa/answers" "$corpus/wa_answers" <<'PY'
import json, pathlib, sys
answers, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
workload = "0123456789abcdef0123456789abcdef"
def answer(request):
    body = {k: v for k, v in request.items() if k not in ("WorkloadId", "LensAlias")}
    body.setdefault("SelectedChoices", [])
    body["ChoiceAnswers"] = [{"ChoiceId": c, "Status": "SELECTED"} for c in body["SelectedChoices"]]
    return body
def write(name, document):
    (out / name).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
requests = {p.stem: json.loads(p.read_text()) for p in sorted(answers.glob("*.json"))}
sec1 = answer(requests["SEC1"])
# The demo's own answer back: imports with no change.
write("get-answer-SEC1-unchanged.json", {"WorkloadId": workload, "LensAlias": "sec", "Answer": sec1})
# Another choice selected and a note added in the WA Tool.
changed = dict(sec1, SelectedChoices=sec1["SelectedChoices"] + ["SEC1_04"],
               Notes=sec1["Notes"] + "\nWA Tool で追記。")
changed["ChoiceAnswers"] = [{"ChoiceId": c, "Status": "SELECTED"} for c in changed["SelectedChoices"]]
write("get-answer-SEC1-changed.json", {"WorkloadId": workload, "LensAlias": "sec", "Answer": changed})
# list-answers: SEC2 as exported, SEC3 marked not applicable (its text in the notes), SEC4 with
# a choice not applicable.
write("list-answers-changed.json", {"WorkloadId": workload, "LensAlias": "sec", "AnswerSummaries": [
    answer(requests["SEC2"]),
    {"QuestionId": "SEC3", "SelectedChoices": [], "IsApplicable": False, "Reason": "OUT_OF_SCOPE",
     "Notes": "[Hashira N/A] 対象外のため"},
    {"QuestionId": "SEC4", "SelectedChoices": ["SEC4_01"], "IsApplicable": True,
     "ChoiceAnswerSummaries": [{"ChoiceId": "SEC4_01", "Status": "SELECTED"},
                               {"ChoiceId": "SEC4_02", "Status": "NOT_APPLICABLE", "Reason": "BUSINESS_PRIORITIES"}]},
]})
PY
  for file in tests/bad-inputs/wa-tool/*.json; do
    cp "$file" "$corpus/wa_answers/bad-$(basename "$file")"
  done
fi

# Merge input: a tiny workbook (the one-question set, pages of 512 bytes) as ours — it is
# compiled into the checks (crates/hashira-fuzz-checks/fixtures/merge-ours.hashira), so its
# workbook id is the seeds' — and the other reviewer's files: a copy with SEC1 answered
# otherwise (a conflict, as ours changed SEC1 after the copy), notes, an evidence file and an
# improvement item; the same copy truncated; a copy with only its copy entry new; ours as it
# was before its last change (nothing new: already merged); and another workbook of the same
# set (refused).
if want merge_input; then
  fixture=crates/hashira-fuzz-checks/fixtures/merge-ours.hashira
  mkdir -p "$(dirname "$fixture")"
  "$hashira" new "$work/ours.hashira" --name "Seed" --set-file "$work/sec-first-question.toml" >/dev/null
  "$hashira" answer "$work/ours.hashira" SEC1 --choose SEC1-01 >/dev/null
  "$hashira" copy "$work/ours.hashira" "$work/unchanged.hashira" --by sato >/dev/null
  "$hashira" copy "$work/ours.hashira" "$work/theirs.hashira" --by sato >/dev/null
  printf 'MFA の設定画面\n' >"$work/mfa.txt"
  HASHIRA_USER=sato "$hashira" answer "$work/theirs.hashira" SEC1 --choose SEC1-02 --notes "佐藤が確認" >/dev/null
  HASHIRA_USER=sato "$hashira" evidence add "$work/theirs.hashira" SEC1 --file "$work/mfa.txt" >/dev/null
  HASHIRA_USER=sato "$hashira" plan add "$work/theirs.hashira" SEC1 --title "MFA を全員に" >/dev/null
  cp "$work/ours.hashira" "$work/earlier.hashira"
  "$hashira" answer "$work/ours.hashira" SEC1 --choose SEC1-03 >/dev/null
  "$hashira" new "$work/another.hashira" --name "Seed" --set-file "$work/sec-first-question.toml" >/dev/null
  for book in ours unchanged theirs earlier another; do
    sqlite3 "$work/$book.hashira" 'PRAGMA page_size=512; VACUUM;'
  done
  "$hashira" merge --dry-run "$work/ours.hashira" "$work/theirs.hashira" --template "$work/t.json" >/dev/null
  cp "$work/ours.hashira" "$fixture"
  cp "$work/theirs.hashira" "$corpus/merge_input/copy-changed.hashira"
  head -c 8192 "$work/theirs.hashira" >"$corpus/merge_input/copy-changed-truncated"
  cp "$work/unchanged.hashira" "$corpus/merge_input/copy-unchanged.hashira"
  cp "$work/earlier.hashira" "$corpus/merge_input/ours-earlier.hashira"
  cp "$work/another.hashira" "$corpus/merge_input/another-workbook.hashira"
fi

# Bundle verify: the bundle of a tiny workbook (the one-question set, one evidence file), the
# same bundle with every entry deflated (verifies alike), truncated, and a deflated zip bomb:
# a manifest listing a 10 MiB entry of zeros (refused unread: it expands over 100 times).
if want bundle_verify; then
  "$hashira" new "$work/bundled.hashira" --name "Seed" --set-file "$work/sec-first-question.toml" >/dev/null
  "$hashira" answer "$work/bundled.hashira" SEC1 --choose SEC1-01 >/dev/null
  printf 'MFA の設定画面\n' >"$work/mfa.txt"
  "$hashira" evidence add "$work/bundled.hashira" SEC1 --file "$work/mfa.txt" >/dev/null
  sqlite3 "$work/bundled.hashira" 'PRAGMA page_size=512; VACUUM;'
  "$hashira" bundle "$work/bundled.hashira" "$corpus/bundle_verify/bundle.zip" --lang en >/dev/null
  "$hashira" bundle verify "$corpus/bundle_verify/bundle.zip" >/dev/null
  head -c 4096 "$corpus/bundle_verify/bundle.zip" >"$corpus/bundle_verify/bundle-truncated"
  python3 - "$corpus/bundle_verify" <<'PY'
import json, sys, zipfile, hashlib
out = sys.argv[1]
source = zipfile.ZipFile(f"{out}/bundle.zip")
entries = [(info, source.read(info.filename)) for info in source.infolist()]
with zipfile.ZipFile(f"{out}/bundle-deflated.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in entries:
        z.writestr(info.filename, data)
manifest = json.loads(dict((i.filename, d) for i, d in entries)["MANIFEST.json"])
zeros = bytes(10 * 1024 * 1024)
manifest["files"] = [{"path": "zeros.bin", "size": len(zeros), "sha256": hashlib.sha256(zeros).hexdigest()}]
with zipfile.ZipFile(f"{out}/zip-bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("MANIFEST.json", json.dumps(manifest))
    z.writestr("zeros.bin", zeros)
PY
fi

ls -la "$corpus"/*
