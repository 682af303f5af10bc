"""Questions across lines: which of two pays more, and the most a company could get."""

from __future__ import annotations

import re

from bot.answer import Answer, compose, lines_table, yuan
from bot.context import Context
from bot.lookup import best_sentence, priced_cap
from bot.matching import Option, activity_words, is_broad
from bot.staff import heading_named
from index.lexical import tokenize
from ingest.lines import SupportLine, is_under

SIDES = re.compile(
    r"\s*(?:\bor\b|\bvs\.?|\bversus\b|\bcompar(?:e|ed|es) (?:to|with)\b|\bagainst\b|\bthan\b)\s*", re.I
)
TOP_LINES = 6


def compare(ctx: Context, q: str, clarify) -> Answer:
    """Both lines with their caps, then the answer: which pays more, or that they pay the same."""
    from bot.activities import side_option

    between = re.search(r"\bbetween\b(.+)", q, re.I)  # "the difference between X and Y"
    if between and not ctx.topic_words(between.group(1)):  # "X and Y: the difference between them?"
        between = None
    text = re.sub(r"\band\b", " or ", between.group(1), count=1) if between else q
    sides = [s for s in SIDES.split(text) if s and ctx.topic_words(s)]
    if len(sides) < 2:  # "A and B: the same cap?", "A and B, which pays more?"
        sides = [s for s in re.split(r"\band\b", text, maxsplit=1, flags=re.I) if s and ctx.topic_words(s)]
    near = re.split(r"[:;,]|\.\s|\bunder\b", sides[0])[-1] if sides else ""
    if ctx.topic_words(near) and re.search(r"\b(?:line|item|clause)\b", near, re.I):  # "new R&D institution:
        # better under the AI line or ...": the side is the line it names
        sides[0] = near
    found = [_within_heading(ctx, s, side_option(ctx, s)) for s in sides[:2]]
    ids = [c for c in ctx.retriever.mentioned(q) if ctx.catalogue.lines_of(c.id)]
    if len(ids) >= 2:  # two clause ids: their own lines
        found = [Option(ctx.catalogue.lines_of(c.id)[0], c, 1.0, True) for c in ids[:2]]
    if len(found) < 2 or not all(found):
        return clarify(ctx, q)
    a, b = _apart(ctx, sides, found) if len(ids) < 2 else found
    if a.line.amount_yuan == b.line.amount_yuan:
        lead = (
            f"They pay the same: both are capped at **{yuan(a.line.amount_yuan)}** "
            f"({a.clause.id}: {a.line.basis}; {b.clause.id}: {b.line.basis})."
        )
    else:
        hi, lo = (a, b) if (a.line.amount_yuan or 0) > (b.line.amount_yuan or 0) else (b, a)
        lead = (
            f"**{hi.line.label}** ({hi.clause.id}) pays more (a higher cap): up to **{yuan(hi.line.amount_yuan)}** "
            f"{hi.line.basis}, against {yuan(lo.line.amount_yuan)} {lo.line.basis} for "
            f"{lo.line.label} ({lo.clause.id})."
        )
        a, b = hi, lo
    table = lines_table([(a.clause.id, a.line), (b.clause.id, b.line)])
    said = "\n".join(f"- **{o.clause.id}**: “{best_sentence(o.clause.text, q, 160)}”" for o in (a, b))
    hits = ctx.with_cap_sources(ctx.cite(a.clause.id, b.clause.id))
    note = "Caps are maxima: the actual amount is subject to the district's review and approval."
    return Answer(q, compose(lead, said, table, note, hits=hits), tuple(hits), ctx.status, "compare")


def _within_heading(ctx: Context, side: str, option: Option | None) -> Option | None:
    """'an <x> project under the <heading> cluster': the best line below that heading, when one matches."""
    if option is None or not re.search(r"\b(?:under|within|in)\s", side, re.I):
        return option
    from bot.activities import side_option

    heading = heading_named(ctx, side)
    if heading is None:
        return option
    own = side_option(ctx, re.sub(r"\b(?:under|within|in)\s.*", "", side, flags=re.I))  # "an <x> project"
    inside = [o for o in [own, *ctx.options(side)] if o is not None and is_under(o.line.clause, heading.id)]
    return inside[0] if inside else option


def _apart(ctx: Context, sides: list[str], found: list[Option]) -> list[Option]:
    """Two sides that fell on one line: the side with words of its own ('an <x> talent team') takes the next line
    naming them; a side with none ('e-commerce' against 'cross-border e-commerce') takes the next naming all it says."""
    if found[0].line.key != found[1].line.key:
        return found
    said = [set(activity_words(s, ctx.home_words)) for s in sides[:2]]
    for i in (1, 0):
        needed, whole = (said[i] - said[1 - i]) or said[i], not said[i] - said[1 - i]
        for o in ctx.options(sides[i]):
            words = set(tokenize(o.line.text))
            if o.line.key != found[1 - i].line.key and needed and (needed <= words if whole else needed & words):
                return [o, found[1]] if i == 0 else [found[0], o]
    return found


def maximum(ctx: Context, q: str) -> Answer:
    """No overall cap exists: say so, then list the largest lines that could apply to the asker."""
    rows = _largest(ctx, q)
    combining = (
        "The text says nothing about combining lines."
        if ctx.catalogue.combining is None
        else f"On combining lines the text says: “{ctx.catalogue.combining}”"
    )
    lead = (
        f"The policy sets no overall cap on what one company can get: each support line has its own cap. "
        f"{combining} The largest lines that could apply:"
    )
    hits = ctx.with_cap_sources(ctx.cite(*[cid for cid, _ in rows]))
    calc = ctx.one_of(rows[0][1]) if rows else None  # the largest single cap, from the calculator
    if calc is not None:
        tied = [cid for cid, ln in rows[1:] if ln.amount_yuan == rows[0][1].amount_yuan]
        lead += f"\n\nThe largest single cap: {priced_cap(calc)}" + (f" {', '.join(tied)} state the same figure."
                                                                    if tied else "")
    return Answer(q, compose(lead, lines_table(rows), hits=hits), tuple(hits), ctx.status, "maximum",
                  calculation=calc)


def _largest(ctx: Context, q: str) -> list[tuple[str, SupportLine]]:
    """(clause id, line) for the largest lines: those of the asker's sector when it names one, else all."""
    found = ctx.options(q) if activity_words(q, ctx.home_words) else []
    sectors = {s for o in found[:2] if not is_broad(o.line) for s in o.line.sectors}
    rows = {o.line.key: (o.clause.id, o.line) for o in found[:3]}
    for line in ctx.catalogue.lines:
        if line.amount_yuan and (not sectors or set(line.sectors) & sectors):
            rows.setdefault(line.key, (line.clause, line))
    order = {ln.key: i for i, ln in enumerate(ctx.catalogue.lines)}
    projects = bool(re.search(r"\bprojects?\b", q, re.I))  # "the most one project can get": per-project lines first
    ranked = sorted(rows.values(), key=lambda r: (-(r[1].amount_yuan or 0), projects and "project" not in r[1].per,
                                                  order[r[1].key]))
    return ranked[:TOP_LINES]
