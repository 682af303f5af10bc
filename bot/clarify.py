"""Asking back: when a question lacks the activity or industry an answer needs, offer the lines as choices."""

from __future__ import annotations

from bot.answer import Answer, compose
from bot.context import Context


def choices(ctx: Context) -> tuple[str, ...]:
    """One choice per group of lines: a sector heading for the lines under it, else the line's own label."""
    out = []
    for line in ctx.catalogue.lines:
        clause = ctx.clause(line.clause)
        parent = ctx.clause(clause.parent) if clause and clause.parent else None
        label = parent.title if clause.level == "bullet" and parent and parent.heading_only else line.label
        if line.amount_yuan is not None:
            out.append(label)
    return tuple(dict.fromkeys(out))


def clarify(ctx: Context, q: str, why: str = "", among: tuple = ()) -> Answer:
    """A short question back, with the candidate lines as choices (buttons in the app); `why` opens it;
    `among`: the support lines the question could mean, when its words name several with different caps."""
    options = tuple(dict.fromkeys(ln.label for ln in among)) or choices(ctx)
    lead = (why + " " if why else "") + (
        "Which activity or industry is this for? Each support line has its own cap and condition, "
        "so I need to know which one applies. Pick one, or describe your project:"
        if not among else
        f"{len(among)} support lines could fit, each with its own cap, so I need to know which one you mean:"
    )
    body = "\n".join(f"- {o}" for o in options)
    return Answer(q, compose(lead, body), (), ctx.status, "clarify", clarify=options)
