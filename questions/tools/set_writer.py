"""Shared TOML writer for the Hashira question sets.

The build scripts (build_fisc_sets.py, build_sec_set.py) describe a set as plain
Python dicts/lists and call ``render_set`` to get the exact text of the .toml file.
The output is deterministic, so re-running a build script reproduces the committed
file byte for byte.

Only the standard library is used (Python 3.11+).
"""

from __future__ import annotations

import re

RISKS = ("HIGH", "MEDIUM", "NONE")

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_NO_NL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def basic(text: str) -> str:
    """A TOML basic string ("...") with the escapes TOML requires."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def text(value: str) -> str:
    """Source text as a TOML literal string, so that nothing needs escaping.

    * one line without ``'``           -> '...'
    * several lines, or containing ``'`` -> '''...''' (a newline right after the
      opening delimiter is dropped by TOML, which keeps the text readable)
    * anything a literal string cannot hold (``'''``, a trailing ``'``, control
      characters) -> basic string with escapes.
    """
    if "\r" in value:
        raise ValueError("carriage return in text: %r" % value[:40])
    if "\n" not in value and "'" not in value and not _CONTROL.search(value):
        return "'" + value + "'"
    if "'''" not in value and not value.endswith("'") and not _CONTROL_NO_NL.search(value):
        if "\n" in value:
            return "'''\n" + value + "'''"
        return "'''" + value + "'''"
    return basic(value)


def localized(loc: dict) -> str:
    """{ ja = ..., en = ... } with ja first, keys only when present."""
    parts = []
    for lang in ("ja", "en"):
        if lang in loc and loc[lang] is not None:
            parts.append("%s = %s" % (lang, text(loc[lang])))
    if not parts:
        raise ValueError("localized text without ja or en")
    return "{ " + ", ".join(parts) + " }"


def string_array(items: list[str]) -> str:
    return "[" + ", ".join(basic(i) for i in items) + "]"


def render_set(s: dict) -> str:
    """Render one question set (see questions/README.md for the format)."""
    L: list[str] = []
    w = L.append
    for comment in s.get("header_comments", []):
        w("# " + comment if comment else "#")
    if s.get("header_comments"):
        w("")
    w("format_version = 1")
    w("id = %s" % basic(s["id"]))
    w("version = %s" % basic(s["version"]))
    w("languages = %s" % string_array(s["languages"]))
    w("title = %s" % localized(s["title"]))
    if s.get("description"):
        w("description = %s" % localized(s["description"]))
    w("")
    w("[source]")
    src = s["source"]
    for key in ("document", "edition", "file", "licence", "url"):
        if src.get(key):
            w("%s = %s" % (key, basic(src[key])))
    for p in s["pillars"]:
        w("")
        w("[[pillars]]")
        w("id = %s" % basic(p["id"]))
        w("title = %s" % localized(p["title"]))
        for q in p["questions"]:
            w("")
            w("[[pillars.questions]]")
            w("id = %s" % basic(q["id"]))
            w("label = %s" % basic(q["label"]))
            w("title = %s" % localized(q["title"]))
            if q.get("description"):
                w("description = %s" % localized(q["description"]))
            if q.get("guidance"):
                w("guidance = %s" % localized(q["guidance"]))
            w("risk_rules = [")
            for r in q["risk_rules"]:
                if r["risk"] not in RISKS:
                    raise ValueError("bad risk %r" % r["risk"])
                w("  { condition = %s, risk = %s }," % (basic(r["condition"]), basic(r["risk"])))
            w("]")
            for c in q["choices"]:
                w("")
                w("[[pillars.questions.choices]]")
                w("id = %s" % basic(c["id"]))
                w("title = %s" % localized(c["title"]))
                if c.get("description"):
                    w("description = %s" % localized(c["description"]))
                if c.get("fisc_refs"):
                    w("fisc_refs = %s" % string_array(c["fisc_refs"]))
                if c.get("explanation"):
                    w("explanation = [")
                    for item in c["explanation"]:
                        w("  %s," % localized(item))
                    w("]")
                if c.get("improvement"):
                    w("improvement = %s" % localized(c["improvement"]))
                if c.get("links"):
                    w("links = [")
                    for ln in c["links"]:
                        w("  { title = %s, url = %s, kind = %s },"
                          % (text(ln["title"]), text(ln["url"]), basic(ln["kind"])))
                    w("]")
                if c.get("none_of_these"):
                    w("none_of_these = true")
    return "\n".join(L) + "\n"


def none_choice(question_id: str) -> dict:
    return {
        "id": question_id + "_no",
        "title": {"ja": "いずれも該当しない", "en": "None of these"},
        "none_of_these": True,
    }


def policy_rules(question_id: str, choice_ids: list[str], essential: list[str]) -> list[dict]:
    """Risk rules following the common policy (see questions/README.md):

    1. "<Q>_no" selected                      -> HIGH
    2. every choice satisfied                 -> NONE
    3. every essential choice satisfied       -> MEDIUM  (left out when the
       essential choices are all the choices: it could never fire)
    4. default                                -> HIGH

    A choice the reviewer marks "not applicable" counts as satisfied (the loader
    / evaluator implements this; the rules only name choice ids).
    """
    for e in essential:
        if e not in choice_ids:
            raise ValueError("%s: essential %s is not a choice" % (question_id, e))
    if not essential:
        raise ValueError("%s: no essential choice" % question_id)
    ordered_essential = [c for c in choice_ids if c in essential]
    rules = [{"condition": question_id + "_no", "risk": "HIGH"}]
    rules.append({"condition": " && ".join(choice_ids), "risk": "NONE"})
    if len(ordered_essential) < len(choice_ids):
        rules.append({"condition": " && ".join(ordered_essential), "risk": "MEDIUM"})
    rules.append({"condition": "default", "risk": "HIGH"})
    return rules
