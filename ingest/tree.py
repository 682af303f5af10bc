"""Text views of the clause tree: the ingest summary and one branch with its caps."""
from __future__ import annotations

from ingest.clause import Clause, Document


def summary(docs: list[Document]) -> str:
    """'1 document, 56 clauses, 19 caps stated (...), valid Nov 15, 2024 – Nov 14, 2026'."""
    lines = []
    for d in docs:
        stated = [c for cl in d.clauses for c in cl.caps if c.source_id == cl.id]
        figures = sorted({c.amount_yuan for c in stated if c.amount_yuan}, reverse=True)
        rate = f"{d.rate_yuan:,} yuan = ${d.rate_usd:,}" if d.rate_yuan else "none stated"
        lines += [
            f"{d.id}: {d.title} ({d.file}; {d.level or 'level not stated'}"
            + (f"; supersedes {d.supersedes}" if d.supersedes else "") + ")",
            f"  clauses: {len(d.clauses)}; caps stated: {len(stated)} "
            f"({', '.join(f'¥{f:,}' for f in figures)}); clauses with a cap: {sum(bool(c.caps) for c in d.clauses)}",
            f"  valid: {d.effective_from} to {d.effective_until}; exchange rate: {rate}",
        ]
    return f"{len(docs)} document(s)\n" + "\n".join(lines)


def report(docs: list[Document], refused: list[str]) -> str:
    """The parse report: each document's numbering style and the lines it could not place; each refused file."""
    lines = ["parse report:"]
    for d in docs:
        lines.append(f"  {d.file or d.id}: {d.style} numbering, {len(d.clauses)} clauses, "
                     f"{len(d.unplaced) or 'no'} unplaced line(s)")
        lines += [f"    {u}" for u in d.unplaced]
    lines += [f"  refused: {r}" for r in refused]
    return "\n".join(lines)


def branch(docs: list[Document], root: str) -> str:
    """The clause `root` and everything below it, indented, each with its caps."""
    by_id = {c.id: c for d in docs for c in d.clauses}
    lines = []
    for clause in by_id.values():
        depth = _depth_below(clause, root, by_id)
        if depth is not None:
            lines.append(_line(clause, depth))
    return "\n".join(lines) if lines else f"no clause {root}; ids look like II.B.4 or II.A.2(2)-b"


def _depth_below(clause: Clause, root: str, by_id: dict[str, Clause]) -> int | None:
    """How many levels `clause` sits below `root` (0 for root itself), or None when it is not below it."""
    depth, cur = 0, clause
    while cur.id != root:
        if not cur.parent or cur.parent not in by_id:
            return None
        depth, cur = depth + 1, by_id[cur.parent]
    return depth


def _line(clause: Clause, depth: int) -> str:
    caps = "; ".join(
        f"{'¥' + format(c.amount_yuan, ',') if c.amount_yuan else 'no figure'} {c.basis}"
        + ("" if c.source_id == clause.id else f" (from {c.source_id})") for c in clause.caps)
    return f"{'  ' * depth}{clause.id}  {clause.title}" + (f"  [{caps}]" if caps else "")
