#!/usr/bin/env python3
"""Check the four bundled question sets against the format and their sources.

    python3 questions/tools/check_sets.py            # all checks, incl. rebuild comparison
    python3 questions/tools/check_sets.py --no-build # skip running the build scripts
    python3 questions/tools/check_sets.py --file my-set.toml [...]
                                                     # format checks only, for user-supplied sets

The sources are re-parsed here independently of the build scripts (simple regular
expressions over the verbatim copies in questions/sources), so a bug in a build
script's parser is caught rather than repeated. Exit status 0 = all good.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
QUESTIONS = TOOLS.parent
SOURCES = QUESTIONS / "sources"

# SHA-256 of the verbatim source copies (detects accidental edits).
SOURCE_SHA256 = {
    "fsi-lens-for-fisc/LICENSE": "ef47b4ae2a1a8d38ef87b38dc5927967e7b472ffa3f7d125e89dbc8353a1e7af",
    "fsi-lens-for-fisc/README.md": "bae67d50d8580bd8e09472c10ddf8d404be0b9012b05091ad81237cf766b2b61",
    "fsi-lens-for-fisc/operational_excellence.md": "e250cbd8ea2e765241ebe2972fa8cdf498084afdbd251f6cabf7dd8a52091069",
    "fsi-lens-for-fisc/reliability.md": "4ee9dda0b038588df41fc351a97d6ea07f4e1c777a4cb2e1b4fa771122ad3901",
    "fsi-lens-for-fisc/security.md": "d3b2ed2a3135caff8e74a4deb2e28f1440ebe8904f26146b0e53d638cefdae6f",
    "fsi-lens-for-fisc/wa-list-table.md": "d4e1a6044720a0bd4d7ada8910c2f61537d6ddeed5767435fa9156896c0b3c83",
    "wa-security-2020/sec-questions.txt": "bb1695fff146e91dd0b952d4394238496c512c0c54c06a88eb12da8ef9bd6912",
}

EXPECTED = {
    # set id: (file, pillar id, source file, questions, choices without the _no ones)
    "sec": ("sec.toml", "security", "wa-security-2020/sec-questions.txt", 11, 68),
    "fisc-sec": ("fisc-sec.toml", "security", "fsi-lens-for-fisc/security.md", 10, 25),
    "fisc-ops": ("fisc-ops.toml", "operational_excellence", "fsi-lens-for-fisc/operational_excellence.md", 4, 15),
    "fisc-rel": ("fisc-rel.toml", "reliability", "fsi-lens-for-fisc/reliability.md", 3, 13),
}
SEC_CHOICES_PER_QUESTION = [8, 6, 6, 7, 6, 6, 6, 5, 5, 5, 8]

TOP_KEYS = {"format_version", "id", "version", "languages", "title", "description", "source", "pillars"}
SOURCE_KEYS = {"document", "edition", "file", "licence", "url"}
PILLAR_KEYS = {"id", "title", "questions"}
QUESTION_KEYS = {"id", "label", "title", "description", "guidance", "risk_rules", "choices"}
CHOICE_KEYS = {"id", "title", "description", "fisc_refs", "explanation", "improvement", "links", "none_of_these"}
LINK_KEYS = {"title", "url", "kind"}
LINK_KINDS = {"関連情報": "related_information", "関連するドキュメント": "related_documents",
              "関連するツール": "related_tools"}
RISKS = {"HIGH", "MEDIUM", "NONE"}

errors: list[str] = []


def fail(msg: str) -> None:
    errors.append(msg)


def check(cond: bool, msg: str) -> bool:
    if not cond:
        fail(msg)
    return cond


# ------------------------------------------------------------------ format --

def check_localized(v, where: str) -> None:
    if not check(isinstance(v, dict), "%s: localized text must be a table" % where):
        return
    check(set(v) <= {"ja", "en"} and v, "%s: keys must be ja/en, at least one: %r" % (where, sorted(v)))
    for k, s in v.items():
        check(isinstance(s, str) and s.strip() != "", "%s.%s: empty or not a string" % (where, k))


def tokenize(cond: str) -> list[str]:
    toks = re.findall(r"\s*(&&|\|\||!|\(|\)|[A-Za-z0-9_.-]+|\S)", cond)
    return toks


def parse_condition(cond: str) -> set[str]:
    """Parse the custom-lens condition syntax; return the choice ids used.
    Raises ValueError on a syntax error."""
    toks = tokenize(cond)
    pos = 0
    ids: set[str] = set()

    def peek():
        return toks[pos] if pos < len(toks) else None

    def take(expected=None):
        nonlocal pos
        t = peek()
        if t is None or (expected is not None and t != expected):
            raise ValueError("expected %r at token %d in %r" % (expected, pos, cond))
        pos += 1
        return t

    def expr():
        term()
        while peek() == "||":
            take()
            term()

    def term():
        factor()
        while peek() == "&&":
            take()
            factor()

    def factor():
        t = peek()
        if t == "!":
            take()
            factor()
        elif t == "(":
            take()
            expr()
            take(")")
        elif t is not None and re.fullmatch(r"[A-Za-z0-9_.-]+", t) and t != "default":
            ids.add(take())
        else:
            raise ValueError("unexpected %r in %r" % (t, cond))

    expr()
    if pos != len(toks):
        raise ValueError("trailing tokens in %r" % cond)
    return ids


def check_rules(q: dict, where: str, bundled: bool = True) -> None:
    rules = q.get("risk_rules")
    if not check(isinstance(rules, list) and rules, "%s: risk_rules missing" % where):
        return
    choice_ids = [c.get("id") for c in q.get("choices", [])]
    for i, r in enumerate(rules):
        w = "%s rule %d" % (where, i + 1)
        check(set(r) == {"condition", "risk"}, "%s: keys %r" % (w, sorted(r)))
        check(r.get("risk") in RISKS, "%s: risk %r" % (w, r.get("risk")))
        cond = r.get("condition", "")
        if cond == "default":
            check(i == len(rules) - 1, "%s: default must be the last rule" % w)
            continue
        try:
            used = parse_condition(cond)
        except ValueError as e:
            fail("%s: %s" % (w, e))
            continue
        for cid in used:
            check(cid in choice_ids, "%s: %s is not a choice of the question" % (w, cid))
    check(rules[-1].get("condition") == "default", "%s: last rule must be default" % where)
    if not bundled:
        return

    # Policy conformance (questions/README.md): _no -> HIGH, all -> NONE,
    # optional essential subset -> MEDIUM, default -> HIGH.
    qid = q["id"]
    real = [c for c in choice_ids if c != qid + "_no"]
    check(rules[0] == {"condition": qid + "_no", "risk": "HIGH"}, "%s: first rule must be %s_no -> HIGH" % (where, qid))
    if len(rules) >= 2:
        check(rules[1] == {"condition": " && ".join(real), "risk": "NONE"},
              "%s: second rule must be all choices -> NONE" % where)
    check(rules[-1].get("risk") == "HIGH", "%s: default must be HIGH" % where)
    check(len(rules) in (3, 4), "%s: expected 3 or 4 rules" % where)
    if len(rules) == 4:
        med = rules[2]
        check(med.get("risk") == "MEDIUM", "%s: third rule must be MEDIUM" % where)
        ess = med.get("condition", "").split(" && ")
        check(set(ess) < set(real) and ess == [c for c in real if c in ess],
              "%s: MEDIUM rule must be a strict subset of the choices, in order" % where)


def load_sets() -> dict:
    sets = {}
    for sid, (fname, *_rest) in EXPECTED.items():
        path = QUESTIONS / fname
        try:
            sets[sid] = tomllib.loads(path.read_text(encoding="utf-8"))
        except Exception as e:  # noqa: BLE001
            fail("%s: does not load: %s" % (fname, e))
    return sets


def check_structure(sid: str, d: dict, fname: str | None = None) -> None:
    """Format checks. With fname set, `d` is a user-supplied set: counts, source
    file and the bundled risk policy are not checked."""
    bundled = fname is None
    if bundled:
        fname, pillar_id, source_file, n_q, n_c = EXPECTED[sid]
    w = fname
    check(set(d) <= TOP_KEYS, "%s: unknown top-level keys %r" % (w, sorted(set(d) - TOP_KEYS)))
    check(d.get("format_version") == 1, "%s: format_version must be 1" % w)
    if bundled:
        check(d.get("id") == sid, "%s: id %r" % (w, d.get("id")))
    else:
        check(isinstance(d.get("id"), str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", d["id"]) is not None
              and d["id"] not in EXPECTED, "%s: set id %r (lowercase, not a bundled id)" % (w, d.get("id")))
    check(isinstance(d.get("version"), str) and d["version"], "%s: version" % w)
    langs = d.get("languages")
    check(isinstance(langs, list) and langs and set(langs) <= {"ja", "en"} and len(set(langs)) == len(langs),
          "%s: languages %r" % (w, langs))
    check_localized(d.get("title"), w + " title")
    if "description" in d:
        check_localized(d["description"], w + " description")
    src = d.get("source", {})
    check(set(src) <= SOURCE_KEYS, "%s: unknown source keys" % w)
    for k in ("document", "edition", "file"):
        check(isinstance(src.get(k), str) and src[k], "%s: source.%s missing" % (w, k))
    pillars = d.get("pillars", [])
    if bundled:
        check(src.get("file") == source_file, "%s: source.file %r" % (w, src.get("file")))
        check((SOURCES / src.get("file", "-")).is_file(), "%s: source file missing" % w)
        check(len(pillars) == 1 and pillars[0].get("id") == pillar_id, "%s: pillars" % w)
    else:
        check(len(pillars) >= 1, "%s: at least one pillar" % w)
        for p in pillars:
            check(p.get("id") in ("security", "operational_excellence", "reliability"),
                  "%s: pillar id %r" % (w, p.get("id")))
    n_questions = n_choices = 0
    for p in pillars:
        check(set(p) <= PILLAR_KEYS, "%s: pillar keys" % w)
        check_localized(p.get("title"), "%s pillar %s title" % (w, p.get("id")))
        check(len(p.get("questions", [])) >= 1, "%s: pillar %s has no question" % (w, p.get("id")))
        for q in p.get("questions", []):
            n_questions += 1
            qw = "%s %s" % (w, q.get("id"))
            for k in ("id", "label", "title", "risk_rules", "choices"):
                check(k in q, "%s: %s missing" % (qw, k))
            check(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", str(q.get("id"))) is not None
                  and not str(q.get("id")).endswith("_no"), "%s: id form" % qw)
            check(set(q) <= QUESTION_KEYS, "%s: unknown keys %r" % (qw, sorted(set(q) - QUESTION_KEYS)))
            for k in ("title", "description", "guidance"):
                if k in q:
                    check_localized(q[k], "%s %s" % (qw, k))
            choices = q.get("choices", [])
            nones = [c for c in choices if c.get("none_of_these")]
            check(len(nones) == 1, "%s: exactly one none_of_these choice" % qw)
            check(choices and choices[-1].get("none_of_these") is True, "%s: none_of_these must be last" % qw)
            check(choices and choices[-1].get("id") == q.get("id", "") + "_no", "%s: none id must be <Q>_no" % qw)
            for c in choices:
                cw = "%s %s" % (qw, c.get("id"))
                check(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", str(c.get("id"))) is not None
                      and c.get("id") != "default", "%s: id form" % cw)
                check(c.get("none_of_these") or str(c.get("id")).startswith(str(q.get("id")) + "-"),
                      "%s: choice id must start with <question id>-" % cw)
                for k in ("fisc_refs",):
                    if k in c:
                        check(isinstance(c[k], list) and all(isinstance(x, str) and x for x in c[k]),
                              "%s: fisc_refs must be a list of strings" % cw)
                check(set(c) <= CHOICE_KEYS, "%s: unknown keys %r" % (cw, sorted(set(c) - CHOICE_KEYS)))
                check_localized(c.get("title"), cw + " title")
                for k in ("description", "improvement"):
                    if k in c:
                        check_localized(c[k], "%s %s" % (cw, k))
                for i, item in enumerate(c.get("explanation", [])):
                    check_localized(item, "%s explanation[%d]" % (cw, i))
                for ln in c.get("links", []):
                    check(set(ln) == LINK_KEYS, "%s: link keys %r" % (cw, sorted(ln)))
                    check(ln.get("kind") in LINK_KINDS.values(), "%s: link kind %r" % (cw, ln.get("kind")))
                    check(str(ln.get("url", "")).startswith(("http://", "https://")), "%s: link url" % cw)
                if "none_of_these" in c:
                    check(c["none_of_these"] is True, "%s: none_of_these must be true" % cw)
                    check(c["title"] == {"ja": "いずれも該当しない", "en": "None of these"}, "%s: none title" % cw)
                    check(set(c) == {"id", "title", "none_of_these"}, "%s: none choice has extra keys" % cw)
                else:
                    n_choices += 1
            check(len(choices) >= 2, "%s: at least one choice besides none_of_these" % qw)
            check(len({c.get("id") for c in choices}) == len(choices), "%s: duplicate choice id" % qw)
            check_rules(q, qw, bundled)
    if bundled:
        check(n_questions == n_q, "%s: %d questions, expected %d" % (w, n_questions, n_q))
        check(n_choices == n_c, "%s: %d choices, expected %d" % (w, n_choices, n_c))


def check_unique_ids(sets: dict) -> None:
    seen: dict[str, str] = {}
    for sid, d in sets.items():
        for p in d.get("pillars", []):
            for q in p.get("questions", []):
                for ident in [q.get("id")] + [c.get("id") for c in q.get("choices", [])]:
                    if ident in seen:
                        fail("duplicate id %s in %s (first in %s)" % (ident, sid, seen[ident]))
                    seen[ident] = sid


# --------------------------------------------------------- source: FISC lens --

def parse_lens(path: Path) -> dict:
    """Independent, heading-based parse: {question id: {...}}."""
    text = path.read_text(encoding="utf-8")
    out: dict = {}
    q_matches = list(re.finditer(r"^# (FISC[A-Z]+\d+): (.*)$", text, re.M))
    for qi, qm in enumerate(q_matches):
        q_end = q_matches[qi + 1].start() if qi + 1 < len(q_matches) else len(text)
        q_text = text[qm.start():q_end]
        first_bp = re.search(r"^## ", q_text, re.M)
        intro = q_text[len(qm.group(0)):first_bp.start() if first_bp else len(q_text)].strip()
        bps = {}
        bp_matches = list(re.finditer(r"^## (FISC[A-Z]+\d+-BP\d+) (.*)$", q_text, re.M))
        for bi, bm in enumerate(bp_matches):
            b_end = bp_matches[bi + 1].start() if bi + 1 < len(bp_matches) else len(q_text)
            b_text = q_text[bm.start():b_end]
            sections = {}
            h3 = list(re.finditer(r"^### (.*)$", b_text, re.M))
            pre = b_text[len(bm.group(0)):h3[0].start() if h3 else len(b_text)].strip()
            for hi, hm in enumerate(h3):
                s_end = h3[hi + 1].start() if hi + 1 < len(h3) else len(b_text)
                sections.setdefault(hm.group(1).strip(), []).append(b_text[hm.end():s_end])
            bps[bm.group(1)] = {"title": bm.group(2), "pre": pre, "sections": sections}
        out[qm.group(1)] = {"title": qm.group(2), "intro": intro, "bps": bps}
    return out


def check_explanation_covers(items: list[str], section: str, where: str) -> None:
    """Items must appear in order in the 解説 section, separated only by blank
    space and bullet markers, and together cover all of it."""
    pos = 0
    for i, item in enumerate(items):
        at = section.find(item, pos)
        if at < 0:
            fail("%s: explanation[%d] not found verbatim in the source section" % (where, i))
            return
        gap = section[pos:at]
        if not re.fullmatch(r"\s*(- )?", gap):
            fail("%s: source text between explanation items is lost: %r" % (where, gap[:60]))
        pos = at + len(item)
    check(section[pos:].strip() == "", "%s: source text after the last explanation item is lost" % where)


def check_fisc_against_source(sid: str, d: dict) -> None:
    fname, _p, source_file, *_ = EXPECTED[sid]
    src = parse_lens(SOURCES / source_file)
    questions = [q for p in d.get("pillars", []) for q in p.get("questions", [])]
    check([q["id"] for q in questions] == list(src), "%s: question ids/order differ from source" % fname)
    check(d.get("languages") == ["ja"], "%s: FISC sets are ja only" % fname)
    total_links_set = total_links_src = 0
    for q in questions:
        s = src.get(q["id"])
        if s is None:
            continue
        qw = "%s %s" % (fname, q["id"])
        check(q["label"] == q["id"], "%s: label" % qw)
        check(q["title"] == {"ja": s["title"]}, "%s: title differs from the source heading" % qw)
        if s["intro"]:
            check(q.get("description") == {"ja": s["intro"]}, "%s: description differs from the intro" % qw)
        else:
            check("description" not in q, "%s: description without source intro" % qw)
        real = [c for c in q["choices"] if not c.get("none_of_these")]
        check([c["id"] for c in real] == list(s["bps"]), "%s: BP ids/order differ" % qw)
        for c in real:
            b = s["bps"].get(c["id"])
            if b is None:
                continue
            cw = "%s %s" % (fname, c["id"])
            check(c["title"] == {"ja": b["title"]}, "%s: title differs from the source heading" % cw)
            if b["pre"]:
                check(c.get("description") == {"ja": b["pre"]}, "%s: description differs" % cw)
            else:
                check("description" not in c, "%s: description without source text" % cw)
            ref_secs = b["sections"].get("対応する FISC 安全対策基準・解説書の実務基準番号", [])
            if check(len(ref_secs) == 1, "%s: one 実務基準番号 section expected" % cw):
                line = ref_secs[0].strip()
                expected = [r.replace(" ", "") for r in line.split("、")]
                check(c.get("fisc_refs") == expected, "%s: fisc_refs %r != source %r" % (cw, c.get("fisc_refs"), line))
                check(all(re.fullmatch(r"実\d+", r) for r in c.get("fisc_refs", [])), "%s: fisc_refs form" % cw)
            exp_secs = b["sections"].get("解説", [])
            if check(len(exp_secs) == 1, "%s: one 解説 section expected" % cw):
                items = [e.get("ja", "") for e in c.get("explanation", [])]
                check(items != [], "%s: explanation missing" % cw)
                check(all("en" not in e for e in c.get("explanation", [])), "%s: en in explanation" % cw)
                check_explanation_covers(items, exp_secs[0], cw)
            src_links = []
            for heading, kind in LINK_KINDS.items():
                for sec in b["sections"].get(heading, []):
                    for m in re.finditer(r"^- \[(.*)\]\((\S+)\)\s*$", sec, re.M):
                        src_links.append({"title": m.group(1), "url": m.group(2), "kind": kind})
                    non_link = [l for l in sec.strip().split("\n") if l.strip() and not l.startswith("- [")]
                    check(not non_link, "%s: non-link text in %s: %r" % (cw, heading, non_link[:1]))
            set_links = c.get("links", [])
            check(len(set_links) == len(src_links), "%s: %d links, source has %d" % (cw, len(set_links), len(src_links)))
            check(sorted(map(lambda x: tuple(sorted(x.items())), set_links)) ==
                  sorted(map(lambda x: tuple(sorted(x.items())), src_links)), "%s: links differ from source" % cw)
            total_links_set += len(set_links)
            total_links_src += len(src_links)
            known = {"対応する FISC 安全対策基準・解説書の実務基準番号", "解説", *LINK_KINDS}
            check(set(b["sections"]) <= known, "%s: unknown source sections %r" % (cw, set(b["sections"]) - known))
    raw = (SOURCES / source_file).read_text(encoding="utf-8")
    raw_links = len(re.findall(r"^- \[.*\]\(\S+\)\s*$", "\n".join(
        sec for q in src.values() for b in q["bps"].values()
        for h in LINK_KINDS for sec in b["sections"].get(h, [])), re.M))
    check(total_links_set == total_links_src == raw_links, "%s: link totals differ" % fname)
    n_link_headings = len(re.findall(r"^### (関連情報|関連するドキュメント|関連するツール)\s*$", raw, re.M))
    check(n_link_headings == sum(len(b["sections"].get(h, [])) for q in src.values()
                                 for b in q["bps"].values() for h in LINK_KINDS),
          "%s: a link section outside a best practice" % fname)


# ------------------------------------------------------ source: sec (2020) --

def check_sec_against_source(d: dict) -> None:
    fname, _p, source_file, *_ = EXPECTED["sec"]
    text = (SOURCES / source_file).read_text(encoding="utf-8")
    heads = list(re.finditer(r"^SEC (\d+)\. (.*)$", text, re.M))
    questions = [q for p in d.get("pillars", []) for q in p.get("questions", [])]
    check(len(heads) == 11 == len(questions), "%s: 11 questions in source and set" % fname)
    for i, (hm, q) in enumerate(zip(heads, questions)):
        n = i + 1
        qw = "%s %s" % (fname, q.get("id"))
        check(hm.group(1) == str(n), "%s: source numbering" % qw)
        check(q["id"] == "SEC%d" % n and q["label"] == "SEC %d" % n, "%s: id/label" % qw)
        check(q["title"].get("ja") == hm.group(2), "%s: title differs from source line" % qw)
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        block = text[hm.end():end]
        point_at = block.index("\nPoint : ")
        bullets = re.findall(r"^- (.*)$", block[:point_at], re.M)
        check(len(bullets) == SEC_CHOICES_PER_QUESTION[i], "%s: source bullet count" % qw)
        real = [c for c in q["choices"] if not c.get("none_of_these")]
        check(len(real) == len(bullets), "%s: %d choices, source has %d" % (qw, len(real), len(bullets)))
        for j, (c, b) in enumerate(zip(real, bullets), start=1):
            cw = "%s %s" % (fname, c["id"])
            check(c["id"] == "SEC%d-%02d" % (n, j), "%s: id" % cw)
            check(c["title"].get("ja") == b, "%s: title differs from source bullet" % cw)
            check(set(c) == {"id", "title"}, "%s: sec choices carry only id and title" % cw)
        point = block[point_at + 1:].strip("\n")
        check(q.get("guidance") == {"ja": point}, "%s: guidance differs from the Point block" % qw)
        check("description" not in q, "%s: no description expected" % qw)
    # English is present only where documented, and never on a guidance block.
    for q in questions:
        check("en" not in q.get("guidance", {}), "%s: guidance must stay ja" % q["id"])


# ------------------------------------------------------------------- main --

def check_sources() -> None:
    for rel, digest in SOURCE_SHA256.items():
        path = SOURCES / rel
        if not check(path.is_file(), "missing source %s" % rel):
            continue
        check(hashlib.sha256(path.read_bytes()).hexdigest() == digest, "source %s was modified" % rel)
    check((SOURCES / "wa-security-2020" / "README.md").is_file(), "missing sources/wa-security-2020/README.md")


def check_builds() -> None:
    for script in ("build_fisc_sets.py", "build_sec_set.py"):
        r = subprocess.run([sys.executable, str(TOOLS / script), "--check"], capture_output=True, text=True)
        if r.returncode != 0:
            fail("%s --check: the committed files are not what the script generates\n%s%s"
                 % (script, r.stdout, r.stderr))


def main_user_files(paths: list[str]) -> int:
    bundled = load_sets()
    sets = dict(bundled)
    for path in paths:
        try:
            d = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except Exception as e:  # noqa: BLE001
            fail("%s: does not load: %s" % (path, e))
            continue
        check_structure(str(d.get("id")), d, fname=path)
        sets["user:" + path] = d
    check_unique_ids(sets)
    if errors:
        for e in errors:
            print("FAIL:", e)
        print("%d problem(s)" % len(errors))
        return 1
    print("OK: %s" % ", ".join(paths))
    return 0


def main(argv: list[str]) -> int:
    if "--file" in argv:
        return main_user_files([a for a in argv[argv.index("--file") + 1:] if not a.startswith("--")])
    check_sources()
    sets = load_sets()
    for sid, d in sets.items():
        check_structure(sid, d)
    check_unique_ids(sets)
    if "sec" in sets:
        check_sec_against_source(sets["sec"])
    for sid in ("fisc-sec", "fisc-ops", "fisc-rel"):
        if sid in sets:
            check_fisc_against_source(sid, sets[sid])
    if "--no-build" not in argv:
        check_builds()
    if errors:
        for e in errors:
            print("FAIL:", e)
        print("%d problem(s)" % len(errors))
        return 1
    total_q = sum(len(q) for d in sets.values() for q in [[x for p in d["pillars"] for x in p["questions"]]])
    print("OK: %d sets, %d questions; sources, format, ids, rules, titles, refs, links and rebuilds checked"
          % (len(sets), total_q))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
