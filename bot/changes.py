"""'What changed?': the differences between a policy and the one it replaced, as a table with both clause ids."""

from __future__ import annotations

from bot.answer import Answer, compose, fmt_date, yuan
from bot.context import Context
from ingest.clause import Document
from ingest.diff import Change, diff

VERBS = {"raised": "cap raised", "lowered": "cap lowered", "basis": "basis changed", "renumbered": "renumbered",
         "added": "new line", "removed": "line removed", "condition": "condition changed"}


def changes_table(old: Document, new: Document, changes: list[Change]) -> str:
    """The changes as a Markdown table: what changed, the line, its clause in each policy, and the caps."""
    rows = [f"| Change | Line | {old.id} | {new.id} | Old cap | New cap |", "|---|---|---|---|---:|---:|"]
    for c in changes:
        label = c.label + (f" ({c.detail})" if c.detail else "")
        old_cap = yuan(c.old_cap) if c.old_cap is not None else ""
        new_cap = yuan(c.new_cap) if c.new_cap is not None else ""
        rows.append(f"| {VERBS[c.kind]} | {label} | {c.old_clause or '—'} | {c.new_clause or '—'} | {old_cap} | "
                    f"{new_cap} |")
    return "\n".join(rows)


def summary(old: Document, new: Document) -> str:
    """'<new id> compared with <old id>, in force from <date>: cap raised: 2, cap lowered: 1, ...'"""
    changes = diff(old, new)
    counts = {k: sum(c.kind == k for c in changes) for k in VERBS}
    said = ", ".join(f"{VERBS[k]}: {n}" for k, n in counts.items() if n) or "no change to its support lines"
    lead = (f"**{new.title}** ({new.id}) compared with **{old.title}** ({old.id}), in force from "
            f"{fmt_date(new.effective_from)}: {said}. Lines are matched by their wording, so a renumbered line "
            "shows both clause ids.")
    return compose(lead, changes_table(old, new, changes) if changes else "")


def changes(ctx: Context, q: str) -> Answer:
    """The successor pair the question is about: the answering document and the one it replaced (or replaces it)."""
    lib, doc = ctx.library, ctx.doc
    before = lib.by_id.get(doc.supersedes) if lib else None
    after = lib.successor(doc) if lib else None
    old, new = (before, doc) if before else (doc, after)
    if old is None or new is None:
        text = f"The corpus holds no policy that {doc.id} replaces or that replaces it, so there is nothing to compare."
        return Answer(q, text, (), ctx.status, "changes")
    return Answer(q, summary(old, new), (), ctx.status, "changes")  # the table names clauses of two documents
