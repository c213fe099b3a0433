#!/usr/bin/env python3
"""Regenerate questions/sec.toml.

Reads only questions/sources/wa-security-2020/sec-questions.txt (a verbatim excerpt
of the 2020-03-28 NEC talk listing the Well-Architected Security pillar questions
SEC 1-11, 2018/2019 edition, in Japanese) and the tables below, and writes
questions/sec.toml.

    python3 questions/tools/build_sec_set.py          # write the file
    python3 questions/tools/build_sec_set.py --check  # only compare, exit 1 on a difference

Source structure:

    SEC 1. <question title>
    - <choice>                  (one line each)
    Point : <heading>           \
    - ✓ ...                      > guidance, verbatim up to the next "SEC n." line
     - ...                      /
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
QUESTIONS = TOOLS.parent
SOURCE_FILE = "wa-security-2020/sec-questions.txt"

sys.dont_write_bytecode = True  # keep questions/tools free of __pycache__
sys.path.insert(0, str(TOOLS))
from set_writer import none_choice, policy_rules, render_set  # noqa: E402

# English wording of the July 2018 AWS Well-Architected "Security Pillar" whitepaper
# (the edition the 2020 talk shows in Japanese), in source order. Every entry here was
# found in public material; where it was found is recorded in questions/README.md
# ("English titles"). A question or choice left out of this table gets no `en` text.
ENGLISH = {
    "SEC1": ("How do you manage credentials and authentication?", [
        "Define identity and access management requirements",
        "Secure AWS root user",
        "Enforce use of multi-factor authentication",
        "Automate enforcement of access controls",
        "Integrate with centralized federation provider",
        "Enforce password requirements",
        "Rotate credentials regularly",
        "Audit credentials periodically",
    ]),
    "SEC2": ("How do you control human access?", [
        "Define human access requirements",
        "Grant least privileges",
        "Allocate unique credentials for each individual",
        "Manage credentials based on user lifecycles",
        "Automate credential management",
        "Grant access through roles or federation",
    ]),
    "SEC3": ("How do you control programmatic access?", [
        "Define programmatic access requirements",
        "Grant least privileges",
        "Automate credential management",
        "Allocate unique credentials for each component",
        "Grant access through roles or federation",
        "Implement dynamic authentication",
    ]),
    "SEC4": ("How do you detect and investigate security events?", [
        "Define requirements for logs",
        "Define requirements for metrics",
        "Define requirements for alerts",
        "Configure service and application logging",
        "Analyze logs centrally",
        "Automate alerting on key indicators",
        "Develop investigation processes",
    ]),
    "SEC5": ("How do you defend against emerging security threats?", [
        "Keep up to date with organizational, legal, and compliance requirements",
        "Keep up to date with security best practices",
        "Keep up to date with security threats",
        "Evaluate new security services and features regularly",
        "Define and prioritize risks using a threat model",
        "Implement new security services and features",
    ]),
    "SEC6": ("How do you protect your networks?", [
        "Define network protection requirements",
        "Limit exposure",
        "Automate configuration management",
        "Automate network protection",
        "Implement inspection and protection",
        "Control traffic at all layers",
    ]),
    "SEC7": ("How do you protect your compute resources?", [
        "Define compute protection requirements",
        "Scan for and patch vulnerabilities",
        "Automate configuration management",
        "Automate compute protection",
        "Reduce attack surface",
        "Implement managed services",
    ]),
    "SEC8": ("How do you classify your data?", [
        "Define data classification requirements",
        "Define data protection controls",
        "Implement data identification",
        "Automate identification and classification",
        "Identify the types of data",
    ]),
    "SEC9": ("How do you protect your data at rest?", [
        "Define data management and protection at rest requirements",
        "Implement secure key management",
        "Enforce encryption at rest",
        "Enforce access control",
        "Provide mechanisms to keep people away from data",
    ]),
    "SEC10": ("How do you protect your data in transit?", [
        "Define data protection in transit requirements",
        "Implement secure key and certificate management",
        "Enforce encryption in transit",
        "Automate detection of data leak",
        "Authenticate network communications",
    ]),
    "SEC11": ("How do you respond to an incident?", [
        "Identify key personnel and external resources",
        "Identify tooling",
        "Develop incident response plans",
        "Automate containment capability",
        "Identify forensic capabilities",
        "Pre-provision access",
        "Pre-deploy tools",
        "Run game days",
    ]),
}

# Essential choices per question (policy in questions/README.md): the controls whose
# absence leaves the question's core risk open. Rules are generated from these by
# set_writer.policy_rules; the justification is the README's policy table.
ESSENTIAL = {
    "SEC1": ["SEC1-02", "SEC1-03", "SEC1-06", "SEC1-08"],  # root, MFA, passwords, audit
    "SEC2": ["SEC2-02", "SEC2-03", "SEC2-04"],             # least privilege, unique, lifecycle
    "SEC3": ["SEC3-02", "SEC3-04", "SEC3-05"],             # least privilege, unique, roles
    "SEC4": ["SEC4-01", "SEC4-04", "SEC4-05", "SEC4-06"],  # log reqs, logging, central, alerts
    "SEC5": ["SEC5-01", "SEC5-03"],                        # regulatory + threat information
    "SEC6": ["SEC6-02", "SEC6-05", "SEC6-06"],             # exposure, inspection, all layers
    "SEC7": ["SEC7-02", "SEC7-05"],                        # patching, attack surface
    "SEC8": ["SEC8-01", "SEC8-02", "SEC8-05"],             # scheme, controls, data types
    "SEC9": ["SEC9-02", "SEC9-03", "SEC9-04"],             # keys, encryption, access control
    "SEC10": ["SEC10-02", "SEC10-03"],                     # keys/certificates, encryption
    "SEC11": ["SEC11-01", "SEC11-03", "SEC11-08"],         # people, plan, game days
}

Q_RE = re.compile(r"^SEC (\d+)\. (.+)$")
POINT_PREFIX = "Point : "


class SourceError(Exception):
    pass


def _trim_blank(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def parse(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    blocks: list[tuple[re.Match, list[str]]] = []
    for line in lines:
        m = Q_RE.match(line)
        if m:
            blocks.append((m, []))
        elif not blocks:
            if line.strip():
                raise SourceError("text before SEC 1: %r" % line[:40])
        else:
            blocks[-1][1].append(line)
    questions = []
    for expected, (m, body) in enumerate(blocks, start=1):
        n = int(m.group(1))
        if n != expected:
            raise SourceError("SEC %d out of order (expected %d)" % (n, expected))
        qid = "SEC%d" % n
        point_at = [i for i, l in enumerate(body) if l.startswith(POINT_PREFIX)]
        if len(point_at) != 1:
            raise SourceError("%s: expected one Point block, found %d" % (qid, len(point_at)))
        choices_part, point_part = body[: point_at[0]], body[point_at[0]:]
        choices = []
        for line in choices_part:
            if not line.strip():
                continue
            if not line.startswith("- "):
                raise SourceError("%s: unexpected line among choices: %r" % (qid, line[:40]))
            choices.append(line[2:].rstrip())
        guidance = "\n".join(l.rstrip() for l in _trim_blank(point_part))
        questions.append({"n": n, "id": qid, "title": m.group(2).rstrip(),
                          "choices": choices, "guidance": guidance})
    return questions


def build() -> str:
    parsed = parse(QUESTIONS / "sources" / SOURCE_FILE)
    out_questions = []
    for q in parsed:
        en_title, en_choices = ENGLISH.get(q["id"], (None, []))
        if en_choices and len(en_choices) != len(q["choices"]):
            raise SourceError("%s: %d English choice titles for %d choices"
                              % (q["id"], len(en_choices), len(q["choices"])))
        choices = []
        for i, ja in enumerate(q["choices"], start=1):
            title = {"ja": ja}
            if en_choices and en_choices[i - 1]:
                title["en"] = en_choices[i - 1]
            choices.append({"id": "%s-%02d" % (q["id"], i), "title": title})
        choice_ids = [c["id"] for c in choices]
        title = {"ja": q["title"]}
        if en_title:
            title["en"] = en_title
        out_questions.append({
            "id": q["id"],
            "label": "SEC %d" % q["n"],
            "title": title,
            "guidance": {"ja": q["guidance"]},
            "risk_rules": policy_rules(q["id"], choice_ids, ESSENTIAL[q["id"]]),
            "choices": choices + [none_choice(q["id"])],
        })
    extra = set(ESSENTIAL) - {q["id"] for q in parsed}
    if extra:
        raise SourceError("ESSENTIAL names unknown questions: %s" % sorted(extra))
    s = {
        "header_comments": [
            "Generated by questions/tools/build_sec_set.py from",
            "questions/sources/%s and the tables in that script." % SOURCE_FILE,
            "Do not edit by hand: change the script and re-run it.",
        ],
        "id": "sec",
        "version": "2020.03",
        "languages": ["ja", "en"],
        "title": {
            "ja": "Well-Architected セキュリティの柱 SEC 1〜11（2018/2019 年版）",
            "en": "Well-Architected Security Pillar SEC 1–11 (2018/2019 edition)",
        },
        "description": {
            "ja": "AWS Well-Architected Framework セキュリティの柱（2018/2019 年版）の 11 の質問とベストプラクティスの日本語表記。"
                  "2020 年 3 月の NEC の講演資料に基づき、各質問にレビュー時の着眼点（Point）を付けています。",
            "en": "The eleven questions and best practices of the AWS Well-Architected Security pillar "
                  "(2018/2019 edition), in the Japanese wording of a March 2020 NEC talk, each with the "
                  "talk's reviewer guidance (\"Point\").",
        },
        "source": {
            "document": "Well-Architected Framework セキュリティの柱で Security By Design（NEC 釜山 公德）",
            "edition": "2020-03-28",
            "file": SOURCE_FILE,
        },
        "pillars": [{
            "id": "security",
            "title": {"ja": "セキュリティ", "en": "Security"},
            "questions": out_questions,
        }],
    }
    return render_set(s)


def main(argv: list[str]) -> int:
    text = build()
    target = QUESTIONS / "sec.toml"
    if "--check" in argv:
        current = target.read_bytes() if target.exists() else b""
        if current != text.encode("utf-8"):
            print("DIFFERS: questions/sec.toml")
            return 1
        print("same:    questions/sec.toml")
        return 0
    target.write_bytes(text.encode("utf-8"))
    print("wrote questions/sec.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
