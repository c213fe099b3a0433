#!/usr/bin/env python3
"""Writes one small lens per error kind of `hashira lens check` into this folder.

Each file breaks ONE rule of the WA Tool's lens format; `EXPECTED` in
crates/hashira-cli/tests/lens.rs names the JSON path each must be reported at.
Re-run after changing a case: python3 make_bad_lenses.py
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def choice(cid):
    return {"id": cid, "title": f"Best practice {cid}",
            "helpfulResource": {"displayText": "Why", "url": "https://example.com/why"},
            "improvementPlan": {"displayText": "Do it"}}


def question(qid):
    return {"id": qid, "title": "How do you?", "description": "Context.",
            "choices": [choice("choice1"), choice("choice2"), {"id": f"{qid}_no", "title": "None of these"}],
            "riskRules": [{"condition": "choice1 && choice2", "risk": "NO_RISK"},
                          {"condition": f"{qid}_no", "risk": "HIGH_RISK"},
                          {"condition": "default", "risk": "MEDIUM_RISK"}]}


BASE = {"schemaVersion": "2021-11-01", "name": "Bad input lens", "description": "Breaks one rule.",
        "pillars": [{"id": "pillar_one", "name": "One", "questions": [question("q_one"), question("q_two")]},
                    {"id": "pillar_two", "name": "Two", "questions": [question("q_three")]}]}


def case(name, change):
    lens = copy.deepcopy(BASE)
    change(lens)
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(lens, f, ensure_ascii=False, indent=1)
        f.write("\n")


def q0(lens):
    return lens["pillars"][0]["questions"][0]


case("schema-version.json", lambda l: l.update(schemaVersion="2020-01-01"))
case("name-too-long.json", lambda l: l.update(name="n" * 129))
case("no-pillars.json", lambda l: l.update(pillars=[]))
case("eleven-pillars.json", lambda l: l.update(pillars=[
    {"id": f"pillar_{p}", "name": "P", "questions": [question(f"q_{p}")]} for p in range(11)]))
case("pillars-not-an-array.json", lambda l: l.update(pillars="pillars"))
case("invalid-id.json", lambda l: l["pillars"][0].update(id="p-1"))
case("duplicate-pillar-id.json", lambda l: l["pillars"][1].update(id="pillar_one"))
case("duplicate-question-id.json", lambda l: l["pillars"][1]["questions"][0].update(id="q_one"))
case("duplicate-choice-id.json", lambda l: q0(l)["choices"][1].update(id="choice1"))
case("twenty-one-questions.json", lambda l: l["pillars"][0].update(
    questions=[question(f"q_{q}") for q in range(21)]))
case("sixteen-choices.json", lambda l: q0(l).update(
    choices=[choice(f"choice_{c}") for c in range(16)],
    riskRules=[{"condition": "default", "risk": "HIGH_RISK"}]))
case("title-too-long.json", lambda l: q0(l).update(title="t" * 129))
case("description-too-long.json", lambda l: q0(l).update(description="d" * 2049))
case("url-not-http.json", lambda l: q0(l)["choices"][0]["helpfulResource"].update(url="ftp://example.com"))
case("missing-improvement-plan.json", lambda l: q0(l)["choices"][1].pop("improvementPlan"))
case("six-additional-resources.json", lambda l: q0(l)["choices"][0].update(additionalResources=[
    {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "More", "url": "https://example.com"}] * 6}]))
case("four-risk-rules.json", lambda l: q0(l)["riskRules"].insert(0, {"condition": "choice1", "risk": "HIGH_RISK"}))
case("duplicate-risk.json", lambda l: q0(l)["riskRules"][1].update(risk="NO_RISK"))
case("unknown-risk.json", lambda l: q0(l)["riskRules"][1].update(risk="LOW_RISK"))
case("no-default-rule.json", lambda l: q0(l)["riskRules"][2].update(condition="!choice1"))
case("unknown-choice-in-condition.json", lambda l: q0(l)["riskRules"][0].update(condition="choice1 && choise3"))
case("condition-does-not-parse.json", lambda l: q0(l)["riskRules"][0].update(condition="choice1 & choice2"))
case("condition-nested-10000-deep.json", lambda l: q0(l)["riskRules"][0].update(
    condition="(" * 10000 + "choice1" + ")" * 10000))
case("over-500000-bytes.json", lambda l: l.update(_padding="x" * 500_000))
case("condition-huge.json", lambda l: q0(l)["riskRules"][0].update(
    condition="choice1 || " * 5000 + "choice2"))
case("two-default-rules.json", lambda l: q0(l)["riskRules"][1].update(condition="default"))
case("lens-description-too-long.json", lambda l: l.update(description="d" * 2049))

# Saved by an editor that adds a byte order mark, or as UTF-16 (Windows PowerShell's default).
with open(os.path.join(HERE, "utf8-bom.json"), "wb") as f:
    f.write(b"\xef\xbb\xbf" + json.dumps(BASE, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
with open(os.path.join(HERE, "utf16.json"), "wb") as f:
    f.write((json.dumps(BASE, ensure_ascii=False, indent=1) + "\n").encode("utf-16"))
with open(os.path.join(HERE, "nan.json"), "w", encoding="utf-8") as f:
    f.write('{\n "schemaVersion": "2021-11-01",\n "name": NaN\n}\n')
with open(os.path.join(HERE, "not-utf8.json"), "wb") as f:
    f.write(b'{"schemaVersion": "2021-11-01", "name": "\xff"}\n')
with open(os.path.join(HERE, "json-nested-10000-deep.json"), "w", encoding="utf-8") as f:
    f.write("[" * 10000 + "]" * 10000 + "\n")
