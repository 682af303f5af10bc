"""What changed between two policies: support lines aligned by their content (lines get renumbered), caps raised or
lowered, lines added or removed, and applicant conditions changed."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.clause import Document
from ingest.lines import SupportLine

SAME_LINE = 0.5  # word overlap (Jaccard) above which two lines are one line carried over
STOP = frozenset("a an and the of in for to with by on or up may receive yuan million each per eligible project "
                 "projects support".split())


@dataclass(frozen=True)
class Change:
    """One difference: kind is 'raised', 'lowered', 'basis', 'renumbered', 'added', 'removed' or 'condition'."""

    kind: str
    label: str
    old_clause: str = ""  # "" for an added line
    new_clause: str = ""  # "" for a removed line
    old_cap: int | None = None
    new_cap: int | None = None
    detail: str = ""


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]{3,}|[\u4e00-\u9fff]", text.lower()) if w not in STOP)


def similarity(a: SupportLine, b: SupportLine) -> float:
    """Jaccard overlap of the lines' own words (label, text and condition), numbers and cap words left out."""
    x, y = words(f"{a.label} {a.text} {a.condition}"), words(f"{b.label} {b.text} {b.condition}")
    return len(x & y) / len(x | y) if x | y else 0.0


def align(old: list[SupportLine], new: list[SupportLine]) -> list[tuple[SupportLine | None, SupportLine | None]]:
    """Pairs of (old, new) lines, best matches first; a line with no match above SAME_LINE pairs with None."""
    scored = sorted(((similarity(a, b), i, j) for i, a in enumerate(old) for j, b in enumerate(new)), reverse=True)
    used_old, used_new, pairs = set(), set(), []
    for score, i, j in scored:
        if score >= SAME_LINE and i not in used_old and j not in used_new:
            used_old.add(i), used_new.add(j)
            pairs.append((old[i], new[j]))
    pairs += [(a, None) for i, a in enumerate(old) if i not in used_old]
    pairs += [(None, b) for j, b in enumerate(new) if j not in used_new]
    return pairs


def line_changes(a: SupportLine | None, b: SupportLine | None) -> list[Change]:
    if a is None:
        return [Change("added", b.label, new_clause=b.key, new_cap=b.amount_yuan)]
    if b is None:
        return [Change("removed", a.label, old_clause=a.key, old_cap=a.amount_yuan)]
    out = []
    if a.amount_yuan != b.amount_yuan and None not in (a.amount_yuan, b.amount_yuan):
        kind = "raised" if b.amount_yuan > a.amount_yuan else "lowered"
        out.append(Change(kind, b.label, a.key, b.key, a.amount_yuan, b.amount_yuan))
    if a.basis != b.basis:
        out.append(Change("basis", b.label, a.key, b.key, a.amount_yuan, b.amount_yuan, f"{a.basis} → {b.basis}"))
    if a.key != b.key and not out:
        out.append(Change("renumbered", b.label, a.key, b.key, a.amount_yuan, b.amount_yuan))
    return out


def condition_changes(old: Document, new: Document) -> list[Change]:
    """Applicant conditions (from each sidecar) whose wording differs, by kind."""
    before = {c.kind: c for c in old.catalogue.conditions} if old.catalogue else {}
    after = {c.kind: c for c in new.catalogue.conditions} if new.catalogue else {}
    out = []
    for kind in dict.fromkeys([*before, *after]):
        a, b = before.get(kind), after.get(kind)
        if (a.quote if a else None) != (b.quote if b else None):
            out.append(Change("condition", kind, a.clause if a else "", b.clause if b else "",
                              detail=f"“{a.quote if a else '(none)'}” → “{b.quote if b else '(none)'}”"))
    return out


def diff(old: Document, new: Document) -> list[Change]:
    """Every change from `old` to `new`, in the new policy's order (removed lines last)."""
    pairs = align(list(old.catalogue.lines), list(new.catalogue.lines))
    order = {ln.key: i for i, ln in enumerate(new.catalogue.lines)}
    pairs.sort(key=lambda p: order.get(p[1].key, len(order)) if p[1] else len(order) + 1)
    return [c for a, b in pairs for c in line_changes(a, b)] + condition_changes(old, new)
