"""Declines: what the policy does not cover, said briefly, with what its text does say where it says something."""

from __future__ import annotations

from bot.answer import Answer, decline_text, fmt_date
from bot.context import Context


def decline(ctx: Context, q: str, topic: str = "") -> Answer:
    """A brief decline; for procedure topics, the one thing the text does say, citing where."""
    source = next((c for c in ctx.clause_of_level("note") if c.text.lower().startswith("source")), None)
    dated = next(
        (
            c
            for c in ctx.clauses
            if c.level == "preamble" and ctx.doc.effective_until and fmt_date(ctx.doc.effective_until) in c.text
        ),
        None,
    )
    where = ctx.catalogue.condition("location")
    names_source = f" It names its source: “{source.text.splitlines()[0].strip()}” ({source.id})." if source else ""
    said, cite = {
        "change": ("I can't change, raise or override anything in the policy: I only report what its text says.", None),
        "contact": (
            "The policy gives no contact details, office or phone number." + names_source,
            source,
        ),
        "forms": (
            "The policy text describes no application procedure, forms or documents to submit." + names_source,
            source,
        ),
        "deadline": (
            "The policy text sets no application deadline."
            + (f" It was valid until {fmt_date(ctx.doc.effective_until)} ({dated.id})." if dated else ""),
            dated,
        ),
        "successor": (
            "The policy text says nothing about what comes after it."
            + (f" It was valid until {fmt_date(ctx.doc.effective_until)} ({dated.id})." if dated else ""),
            dated,
        ),
        "registration": (
            "The policy does not cover registering a company."
            + (f" It only requires applicants to be “{where.quote}” ({where.clause})." if where else ""),
            ctx.clause(where.clause) if where else None,
        ),
        "place": (f"I only know this policy ({ctx.doc.title}), not other districts' or cities' policies.", None),
        "topic": ("The policy text does not cover that.", None),
        "chat": ("Glad to help.", None),
    }.get(topic, ("", None))
    hits = ctx.cite(cite.id) if cite is not None else []
    return Answer(q, decline_text(said, ctx.doc.examples), tuple(hits), ctx.status, "decline", abstained=True)
