#!/usr/bin/env python3
"""Regenerate fisc-sec.toml, fisc-ops.toml and fisc-rel.toml.

Reads only questions/sources/fsi-lens-for-fisc/{security,operational_excellence,
reliability}.md (verbatim copies of the public AWS "FSI Lens for FISC" v1.6.1) and
questions/tools/fisc_risk_rules.toml (the authored risk-rule table), and writes the
three set files into questions/.

    python3 questions/tools/build_fisc_sets.py          # write the files
    python3 questions/tools/build_fisc_sets.py --check  # only compare, exit 1 on a difference

Markdown structure understood (anything else is an error, so a changed source is
noticed rather than silently mis-parsed):

    # FISCSEC1: <question title>
    <intro paragraphs>                               -> question description
    ## FISCSEC1-BP01 <BP title>
    <text>                                           -> choice description
    ### 対応する FISC 安全対策基準・解説書の実務基準番号
    実 63、実 10                                      -> fisc_refs ["実63", "実10"]
    ### 解説
    - bullet (continuation / nested lines kept)      -> one explanation item
    paragraph                                        -> one explanation item
    ### 関連情報 / 関連するドキュメント / 関連するツール
    - [title](url)                                   -> links
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
QUESTIONS = TOOLS.parent
SOURCES = QUESTIONS / "sources"
LENS_DIR = "fsi-lens-for-fisc"

sys.dont_write_bytecode = True  # keep questions/tools free of __pycache__
sys.path.insert(0, str(TOOLS))
from set_writer import none_choice, policy_rules, render_set  # noqa: E402

SETS = [
    {
        "id": "fisc-sec",
        "file": "security.md",
        "prefix": "FISCSEC",
        "pillar": {"id": "security", "title": {"ja": "セキュリティ", "en": "Security"}},
        "title": {"ja": "FSI Lens for FISC セキュリティ", "en": "FSI Lens for FISC — Security"},
        "description": {
            "ja": "AWS Well-Architected フレームワーク FSI Lens for FISC のセキュリティの柱（FISCSEC1〜10）。"
            "各ベストプラクティスに対応する FISC 安全対策基準・解説書の実務基準番号と解説を収録しています。",
        },
    },
    {
        "id": "fisc-ops",
        "file": "operational_excellence.md",
        "prefix": "FISCOPS",
        "pillar": {"id": "operational_excellence", "title": {"ja": "運用上の優秀性", "en": "Operational Excellence"}},
        "title": {"ja": "FSI Lens for FISC 運用上の優秀性", "en": "FSI Lens for FISC — Operational Excellence"},
        "description": {
            "ja": "AWS Well-Architected フレームワーク FSI Lens for FISC の運用上の優秀性の柱（FISCOPS1〜4）。"
            "各ベストプラクティスに対応する FISC 安全対策基準・解説書の実務基準番号と解説を収録しています。",
        },
    },
    {
        "id": "fisc-rel",
        "file": "reliability.md",
        "prefix": "FISCREL",
        "pillar": {"id": "reliability", "title": {"ja": "信頼性", "en": "Reliability"}},
        "title": {"ja": "FSI Lens for FISC 信頼性", "en": "FSI Lens for FISC — Reliability"},
        "description": {
            "ja": "AWS Well-Architected フレームワーク FSI Lens for FISC の信頼性の柱（FISCREL1〜3）。"
            "各ベストプラクティスに対応する FISC 安全対策基準・解説書の実務基準番号と解説を収録しています。",
        },
    },
]

VERSION = "1.6.1"
SOURCE_DOCUMENT = "AWS Well-Architected フレームワーク FSI Lens for FISC"
SOURCE_EDITION = "v1.6.1"
LICENCE = "MIT-0"

REFS_HEADING = "対応する FISC 安全対策基準・解説書の実務基準番号"
EXPLANATION_HEADING = "解説"
LINK_KINDS = {
    "関連情報": "related_information",
    "関連するドキュメント": "related_documents",
    "関連するツール": "related_tools",
}

Q_RE = re.compile(r"^# (FISC[A-Z]+\d+): (.+)$")
BP_RE = re.compile(r"^## (FISC[A-Z]+\d+-BP\d\d) (.+)$")
H3_RE = re.compile(r"^### (.+)$")
REF_RE = re.compile(r"^実 ?\d+$")
LINK_RE = re.compile(r"^- \[(?P<title>.+)\]\((?P<url>[^()\s]+)\)$")


class SourceError(Exception):
    pass


def _trim_blank(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _paragraph_text(lines: list[str]) -> str | None:
    lines = [l.rstrip() for l in _trim_blank(lines)]
    return "\n".join(lines) if lines else None


def parse_refs(lines: list[str], where: str) -> list[str]:
    body = _trim_blank(lines)
    if len(body) != 1:
        raise SourceError("%s: expected one line of 実務基準番号, got %r" % (where, body))
    refs = []
    for part in body[0].strip().split("、"):
        part = part.strip()
        if not REF_RE.match(part):
            raise SourceError("%s: bad 実務基準番号 %r" % (where, part))
        refs.append(part.replace(" ", ""))
    return refs


def parse_explanation(lines: list[str], where: str) -> list[dict]:
    """One item per top-level bullet (its continuation lines, nested lists and
    inner blank lines kept verbatim) and one item per non-bullet paragraph."""
    items: list[list[str]] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("- "):
            cur = [line[2:]]
            i += 1
            while i < n:
                nxt = lines[i]
                if nxt.strip() == "":
                    # blank line: the bullet goes on only if an indented line follows
                    j = i
                    while j < n and lines[j].strip() == "":
                        j += 1
                    if j < n and lines[j].startswith((" ", "\t")):
                        cur.extend(lines[i:j])
                        i = j
                        continue
                    break
                if nxt.startswith((" ", "\t")):
                    cur.append(nxt)
                    i += 1
                    continue
                if nxt.startswith("- "):
                    break
                raise SourceError("%s: unindented line directly after a bullet: %r" % (where, nxt[:40]))
            items.append(cur)
        elif line.startswith((" ", "\t")):
            raise SourceError("%s: indented line outside a bullet: %r" % (where, line[:40]))
        else:
            cur = []
            while i < n and lines[i].strip() and not lines[i].startswith("- "):
                cur.append(lines[i])
                i += 1
            items.append(cur)
    out = []
    for it in items:
        t = "\n".join(l.rstrip() for l in _trim_blank(it))
        out.append({"ja": t})
    if not out:
        raise SourceError("%s: empty 解説" % where)
    return out


def parse_links(lines: list[str], kind: str, where: str) -> list[dict]:
    out = []
    for line in _trim_blank(lines):
        if not line.strip():
            continue
        m = LINK_RE.match(line.rstrip())
        if not m:
            raise SourceError("%s: not a link line: %r" % (where, line[:60]))
        out.append({"title": m.group("title"), "url": m.group("url"), "kind": kind})
    return out


def parse_lens_file(path: Path, prefix: str) -> list[dict]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]

    # Split into blocks by heading.
    questions: list[dict] = []
    q = bp = None
    section = None  # (kind, lines) for the current ### section, or intro collectors
    buf: list[str] = []

    def flush():
        nonlocal buf, section
        where = "%s %s" % (path.name, bp["id"] if bp else (q["id"] if q else "?"))
        if section is None:
            if any(l.strip() for l in buf):
                raise SourceError("%s: text before first question" % path.name)
        elif section == "q-intro":
            text = _paragraph_text(buf)
            if text:
                q["description"] = {"ja": text}
        elif section == "bp-intro":
            text = _paragraph_text(buf)
            if text:
                bp["description"] = {"ja": text}
        elif section == "refs":
            if "fisc_refs" in bp:
                raise SourceError("%s: two 実務基準番号 sections" % where)
            bp["fisc_refs"] = parse_refs(buf, where)
        elif section == "explanation":
            if "explanation" in bp:
                raise SourceError("%s: two 解説 sections" % where)
            bp["explanation"] = parse_explanation(buf, where)
        elif section in LINK_KINDS.values():
            bp.setdefault("links", []).extend(parse_links(buf, section, where))
        else:
            raise AssertionError(section)
        buf = []

    for line in lines:
        m_q = Q_RE.match(line)
        m_bp = BP_RE.match(line)
        m_h3 = H3_RE.match(line)
        if m_q:
            flush()
            if not m_q.group(1).startswith(prefix):
                raise SourceError("%s: question %s outside %s" % (path.name, m_q.group(1), prefix))
            q = {"id": m_q.group(1), "title": {"ja": m_q.group(2)}, "choices": []}
            questions.append(q)
            bp = None
            section = "q-intro"
        elif m_bp:
            flush()
            if q is None or not m_bp.group(1).startswith(q["id"] + "-"):
                raise SourceError("%s: %s not under its question" % (path.name, m_bp.group(1)))
            bp = {"id": m_bp.group(1), "title": {"ja": m_bp.group(2)}}
            q["choices"].append(bp)
            section = "bp-intro"
        elif m_h3:
            flush()
            name = m_h3.group(1).strip()
            if bp is None:
                raise SourceError("%s: ### %s outside a best practice" % (path.name, name))
            if name == REFS_HEADING:
                section = "refs"
            elif name == EXPLANATION_HEADING:
                section = "explanation"
            elif name in LINK_KINDS:
                # links sections always belong to the preceding best practice
                section = LINK_KINDS[name]
            else:
                raise SourceError("%s: unknown section ### %s" % (path.name, name))
        elif line.startswith("#"):
            raise SourceError("%s: unexpected heading %r" % (path.name, line[:60]))
        else:
            buf.append(line)
    flush()

    for q in questions:
        if not q["choices"]:
            raise SourceError("%s: %s has no best practice" % (path.name, q["id"]))
        for bp in q["choices"]:
            for key in ("fisc_refs", "explanation"):
                if key not in bp:
                    raise SourceError("%s: %s lacks %s" % (path.name, bp["id"], key))
    return questions


def key_order(choice: dict) -> dict:
    order = ["id", "title", "description", "fisc_refs", "explanation", "links"]
    return {k: choice[k] for k in order if k in choice}


def build_set(spec: dict, risk_table: dict) -> str:
    questions = parse_lens_file(SOURCES / LENS_DIR / spec["file"], spec["prefix"])
    out_questions = []
    for q in questions:
        choice_ids = [c["id"] for c in q["choices"]]
        entry = risk_table.get(q["id"])
        if entry is None:
            raise SourceError("no risk-rule entry for %s in fisc_risk_rules.toml" % q["id"])
        rules = policy_rules(q["id"], choice_ids, entry["essential"])
        out_q = {
            "id": q["id"],
            "label": q["id"],
            "title": q["title"],
            "risk_rules": rules,
            "choices": [key_order(c) for c in q["choices"]] + [none_choice(q["id"])],
        }
        if "description" in q:
            out_q["description"] = q["description"]
        out_questions.append(out_q)
    unknown = [k for k in risk_table if k.startswith(spec["prefix"]) and k not in {q["id"] for q in questions}]
    if unknown:
        raise SourceError("fisc_risk_rules.toml names unknown questions: %s" % unknown)
    s = {
        "header_comments": [
            "Generated by questions/tools/build_fisc_sets.py from",
            "questions/sources/%s/%s and questions/tools/fisc_risk_rules.toml." % (LENS_DIR, spec["file"]),
            "Do not edit by hand: change the table or the script and re-run it.",
        ],
        "id": spec["id"],
        "version": VERSION,
        "languages": ["ja"],
        "title": spec["title"],
        "description": spec["description"],
        "source": {
            "document": SOURCE_DOCUMENT,
            "edition": SOURCE_EDITION,
            "file": "%s/%s" % (LENS_DIR, spec["file"]),
            "licence": LICENCE,
        },
        "pillars": [{**spec["pillar"], "questions": out_questions}],
    }
    return render_set(s)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    risk_table = tomllib.loads((TOOLS / "fisc_risk_rules.toml").read_text(encoding="utf-8"))
    status = 0
    for spec in SETS:
        text = build_set(spec, risk_table)
        target = QUESTIONS / (spec["id"] + ".toml")
        if check:
            current = target.read_bytes() if target.exists() else b""
            if current != text.encode("utf-8"):
                print("DIFFERS: %s" % target.relative_to(QUESTIONS.parent))
                status = 1
            else:
                print("same:    %s" % target.relative_to(QUESTIONS.parent))
        else:
            target.write_bytes(text.encode("utf-8"))
            print("wrote %s" % target.relative_to(QUESTIONS.parent))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
