"""Scoring the advice a person reads: each case of an advisor set checked against the answer it gets.

A case passes when every check it sets holds: declined or not, asked back or not, the top clause,
the total, the eligibility verdict, the alternatives a complete answer names, and required phrases.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ID = re.compile(r"(?:[IVX]+\.[A-Z](?:\.\d+)?(?:\(\d+\))?(?:-(?:[a-z]|note))?|preamble-\d|\bnote\b)")


@dataclass(frozen=True)
class Case:
    """One advisor question and what a right answer does (None: not checked)."""

    q: str
    kind: str
    top: str | None = None
    total: int | None = None
    decline: bool = False
    clarify: bool = False
    verdict: str | None = None  # yes | no | open
    alternatives: tuple[str, ...] = ()
    must: tuple[str, ...] = ()
    as_of: str | None = None


@dataclass(frozen=True)
class Result:
    case: Case
    failures: tuple[str, ...]
    wrong_total: bool = False
    route: str = ""

    @property
    def passed(self) -> bool:
        return not self.failures


def read_cases(path: Path) -> list[Case]:
    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    return [
        Case(
            r["q"],
            r["kind"],
            r.get("top"),
            r.get("total"),
            bool(r.get("decline")),
            bool(r.get("clarify")),
            r.get("verdict"),
            tuple(r.get("alternatives") or ()),
            tuple(r.get("must") or ()),
            r.get("as_of"),
        )
        for r in rows
    ]


def same_line(a: str, b: str) -> bool:
    """A sub-item and the item whose cap it inherits count as one line: '<item>(2)' ~ '<item>'."""
    return a == b or a.startswith(b + "(") or b.startswith(a + "(")


def named_ids(answer) -> list[str]:
    """Every clause id an answer names: citations, calculation lines, alternatives and ids in its text."""
    ids = [h.clause.id for h in answer.citations]
    if answer.calculation:
        ids += [line.clause for line in answer.calculation.lines]
    ids += [alt.clause for alt in getattr(answer, "alternatives", ())]
    return ids + ID.findall(answer.text)


def check(answer, case: Case) -> Result:
    """The checks `case` sets, run against one answer."""
    fail = []
    declined = answer.route == "decline" or (answer.abstained and not getattr(answer, "clarify", ()))
    if declined != case.decline:
        fail.append("declined" if declined else "not declined")
    if bool(getattr(answer, "clarify", ())) != case.clarify:
        fail.append("asked back" if not case.clarify else "did not ask back")
    first = answer.citations[0].clause.id if answer.citations else None
    if case.top and not (first and same_line(first, case.top)):
        fail.append(f"top {first} != {case.top}")
    got = answer.calculation.total_yuan if answer.calculation else None
    wrong = case.total is not None and got != case.total
    if wrong:
        fail.append(f"total {got} != {case.total}")
    verdict = getattr(answer, "verdict", None) if hasattr(answer, "verdict") else _old_verdict(answer.text)
    if case.verdict and verdict != case.verdict:
        fail.append(f"verdict {verdict} != {case.verdict}")
    ids = named_ids(answer)
    missing = [a for a in case.alternatives if not any(same_line(a, i) for i in ids)]
    if missing:
        fail.append("missing " + ", ".join(missing))
    text = answer.text.lower()
    for phrase in case.must:
        if not any(p.strip().lower() in text for p in phrase.split("|")):
            fail.append(f"lacks '{phrase}'")
    return Result(case, tuple(fail), wrong, answer.route)


def _old_verdict(text: str) -> str | None:
    """For answers from before verdicts were recorded: read the checklist's lead."""
    lead = text.lstrip()[:40].lower()
    return (
        "no"
        if lead.startswith("not on the facts")
        else "yes"
        if lead.startswith("yes")
        else "open"
        if lead.startswith("possibly")
        else None
    )


def score(results: list[Result]) -> dict:
    """Pass rate overall and by kind, and wrong totals."""
    kinds: dict[str, list[bool]] = {}
    for r in results:
        kinds.setdefault(r.case.kind, []).append(r.passed)
    return {
        "n": len(results),
        "passed": sum(r.passed for r in results),
        "pass_rate": sum(r.passed for r in results) / len(results) if results else 0.0,
        "wrong_totals": sum(r.wrong_total for r in results),
        "by_kind": {k: (sum(v), len(v)) for k, v in sorted(kinds.items())},
    }
