"""Questions about what the policy says: a clause by id, the clause that answers a question, and its validity."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from bot.answer import Answer, compose, expiry_sentence, fmt_date, line_phrase, lines_table, usd, yuan
from bot.context import Context
from bot.counts import count_in
from bot.dates import Period, asked_period
from bot.router import stated_amount
from index.lexical import tokenize
from index.search import Hit
from ingest.clause import Clause
from ingest.meta import FROM

SOURCE = re.compile(
    r"\b(who|which (?:body|office|government|department|authority))\b[^?]{0,25}\b(issued|issues|"
    r"published|wrote|released|made|is behind|stands behind)\b|\bissuer\b|\bsource of (?:this|the) "
    r"(?:policy|text)\b",
    re.I,
)
PURPOSE = re.compile(
    r"\b(aim|aims|purpose|goal|goals|objective|objectives|point)\b[^?]{0,20}\b(?:this|the) policy\b"
    r"|\b(?:this|the) policy\b[^?]{0,20}\b(?:trying to achieve|aim(?:ing)? to|meant to do|for overall)\b"
    r"|\b(?:this|the) policy(?:'s)? (?:aim|aims|purpose|goal|goals|objective|objectives)\b"
    r"|\bwhat(?:'?s| is) (?:this|the) policy (?:about|for)\b|\bpolicy (?:in a nutshell|summary)\b",
    re.I,
)
NEGATION = re.compile(r"\b(not|isn't|aren't|outside|none of|no)\b([^.?!]{0,45})", re.I)
WHICH_POLICY = re.compile(r"\bwhich (?:policy|policies|document|one)\b|\bwhat (?:policy|policies)\b", re.I)
CAP_ASKED = re.compile(r"\b(caps?|max\w*|amounts?|amt|how much|ceiling|limit|figures?|highest|lowest|largest|"
                       r"smallest|biggest|most|pays?|yuan|usd|dollars?|million|\d+\s*m|in it|covers?|scope|base|basis|"
                       r"per (?:project|entity|year|person|team|talent))\b", re.I)
# "<id>: what's in it?" and "what does it cover?" get the line's cap with its words
YES_NO = re.compile(r"(?:^|[.?!]\s+)\W*(?:is|was|are|were|does|did|will|would|can|could|has|have)\b|\bstill\b"
                    r"|\b(?:is|has) (?:it|this|that) (?:already )?(?:expired|ended|over|valid|lapsed|in force)\b", re.I)
RELATED_SHARE = 0.8  # another clause is named only when it scores this close to the best


def best_sentence(text: str, question: str, limit: int = 600) -> str:
    """The clause itself when short, else its sentence sharing most words with the question (verbatim)."""
    body = text.strip()
    if len(body) <= limit:
        return body
    sentences = [s.strip() for s in re.split(r"(?<=[a-z)\"”])[.:]\s+", body) if s.strip()]
    from bot.matching import FORM_WORDS  # the words that name the activity, not the question's form

    words = set(tokenize(question)) - FORM_WORDS
    best = max(sentences, key=lambda s: len(words & set(tokenize(s))))
    return best if best.endswith((".", "?", "!")) else best + "…"


def _inside(clause_id: str, heading_id: str) -> bool:
    return clause_id.startswith(heading_id) and clause_id[len(heading_id)] in ".(-"


def cap_words(ctx: Context, clause: Clause) -> str:
    """' Cap: “<the line's phrase>”, set in <clause id>.' for a clause under a line; '' otherwise."""
    lines = ctx.catalogue.lines_of(clause.id)
    if not lines:
        return ""
    parts = []
    for ln in lines:
        where = "" if ln.clause == clause.id else f", set in {ln.clause}"
        parts.append((f"“{ln.phrase}”" if ln.amount_yuan is not None else line_phrase(ln)) + where)
    return " Cap: " + "; ".join(parts) + "."


def clause_answer(ctx: Context, q: str, clause: Clause, line=None) -> Answer:
    """A clause asked for by id: its own words, its cap, and what sits below a heading. Asked for its cap ("<id>
    cap?"), the answer also prices one unit of the line (`line`, or the clause's one line) with the calculator."""
    if clause.heading_only:
        below = [c.id for c in ctx.clauses if c.parent == clause.id]
        lead = f"**{clause.id}** is the heading “{clause.title}”; below it: {', '.join(below)}."
        lines = [ln for ln in ctx.catalogue.lines if ln.clause != clause.id and _inside(ln.clause, clause.id)]
        if lines:
            hits = ctx.cite(clause.id, *[ln.clause for ln in lines])
            return Answer(
                q,
                compose(lead, lines_table([(ln.clause, ln) for ln in lines]), hits=hits),
                tuple(hits),
                ctx.status,
                "clause",
            )
    else:
        lead = f"**{clause.id}** ({clause.title}) says: “{clause.text.strip()}”" + cap_words(ctx, clause)
    hits = ctx.with_cap_sources(ctx.cite(clause.id))
    calc = _one_unit(ctx, q, clause, line)
    if calc is not None:
        lead = f"{priced_cap(calc)}\n\n{lead}"
    return Answer(q, compose(lead, hits=hits), tuple(hits), ctx.status, "clause", calculation=calc)


def _one_unit(ctx: Context, q: str, clause: Clause, line=None):
    """The calculator's figure for the clause's line when the question asks for a cap or an amount, else None."""
    lines = [line] if line is not None else ctx.catalogue.lines_of(clause.id)
    stated = stated_amount(q)
    if len(lines) > 1 and stated and [ln.amount_yuan for ln in lines].count(stated) == 1:
        lines = [ln for ln in lines if ln.amount_yuan == stated]  # "<id>: which items get the <amount> cap"
    if len(lines) > 1:  # "<id> cap for <one of its lines>": the line its words name
        words = set(tokenize(q))
        overlap = sorted(((len(words & set(tokenize(ln.text))), i) for i, ln in enumerate(lines)), reverse=True)
        lines = [lines[overlap[0][1]]] if overlap[0][0] > overlap[1][0] else lines
    if not CAP_ASKED.search(q) or len(lines) != 1:
        return None
    return ctx.one_of(lines[0], count_in(q, lines[0]) or 1)  # "3 projects under <id>: the most?"


def priced_cap(calc) -> str:
    """'**Cap: ¥<amount>** <basis> (≈ $<dollars>), <clause id>.'"""
    line = calc.lines[0]
    dollars = f" (≈ {usd(calc.total_usd)})" if calc.total_usd is not None else ""
    return f"**Cap: {yuan(calc.total_yuan)}** {line.basis}{dollars}, {line.clause}."


def about_document(ctx: Context, q: str) -> list[Clause]:
    """Questions about the document itself: who issued it (its source line), what it is for (its first paragraph),
    and what it offers outside its sector heading (the sector condition's wider clause)."""
    sector = ctx.catalogue.condition("sector")
    if sector and sector.also and outside(q, sector.heading):  # "we're not in any of <the sector heading>"
        return [ctx.clause(sector.also)]
    if SOURCE.search(q):
        return [c for c in ctx.clause_of_level("note") if c.text.lower().startswith("source")][:1]
    if PURPOSE.search(q):
        return ctx.clause_of_level("preamble")[:1]
    return []


def outside(q: str, heading: str) -> bool:
    """True when the question says it is outside the sector clause's heading: 'not in <the heading>'."""
    wanted = set(tokenize(heading))
    return bool(wanted) and any(wanted <= set(tokenize(m.group(2))) for m in NEGATION.finditer(q))


def retrieval(ctx: Context, q: str, hits: list[Hit], named: list[Clause]) -> Answer:
    """The clause that answers, quoted where it answers; close runners-up named with why."""
    named = named or about_document(ctx, q)
    hits = ctx.verified([Hit(c, 1.0) for c in named] + hits)
    top = hits[0].clause
    lead = f"**{top.id}** ({top.title}): “{best_sentence(top.text, q)}”" + cap_words(ctx, top)
    related = [h for h in hits[1:] if h.score >= RELATED_SHARE * hits[0].score and _distinct(ctx, h.clause, top)]
    also = ""
    if related:
        also = "**Also relevant:**\n" + "\n".join(
            f"- **{h.clause.id}** ({h.clause.title}): “{best_sentence(h.clause.text, q, 160)}”" for h in related[:2]
        )
    cited = ctx.with_cap_sources([hits[0], *related[:2]])
    return Answer(q, compose(lead, also, hits=cited), tuple(cited), ctx.status, "retrieval")


def _distinct(ctx: Context, clause: Clause, top: Clause) -> bool:
    """Not the same line as `top` and not its heading."""
    same = {ln.key for ln in ctx.catalogue.lines_of(clause.id)} & {ln.key for ln in ctx.catalogue.lines_of(top.id)}
    return not same and clause.id != top.parent and top.id != clause.parent


def validity(ctx: Context, q: str) -> Answer:
    if ctx.library is not None and len(ctx.library.docs) > 1 and WHICH_POLICY.search(q):
        return policies_now(ctx, q)
    dated = [c for c in ctx.clauses if FROM.search(c.text)]
    adjust = [c for c in ctx.clauses if c.level == "preamble" and re.search(r"\badjust", c.text, re.I)]
    changes = re.search(
        r"\b(change[sd]?|changing|adjust\w*|amend\w*|revis\w*|higher[- ](?:level|authorit\w*))\b", q, re.I
    )  # "what if higher-level rules change?"
    hits = ctx.cite(*[c.id for c in (adjust + dated if changes else dated + adjust)])
    s = ctx.status
    lead = (
        f"The {s.name} took effect on {fmt_date(s.effective_from)} and was valid until "
        f"{fmt_date(s.effective_until)}; it expired on {fmt_date(s.effective_until)}."
        if s.expired
        else f"The {s.name} took effect on {fmt_date(s.effective_from)} and is valid until "
        f"{fmt_date(s.effective_until)}; it is in force on {fmt_date(s.today)}."
    )
    lead, verdict = _dated_lead(q, s, lead)
    if s.effective_from and s.effective_until:
        years = round(((s.effective_until - s.effective_from).days + 1) / 365.25)
        words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
        lead += f" That is a {s.name} of {words.get(years, years)} years." if years else ""
    rest = expiry_sentence(s).split(", so ")[-1]
    body = rest[:1].upper() + rest[1:] if s.expired else ""
    if adjust:
        body += f" {adjust[0].id}: “{adjust[0].text.strip()}”"
    return Answer(q, compose(lead, body.strip(), hits=hits), tuple(hits), ctx.status, "validity", verdict=verdict)


def _dated_lead(q: str, s, lead: str) -> tuple[str, str | None]:
    """The lead with the yes or no first: on the date the question names, else today ("is it still in force?").
    A named month or year that the end date falls inside is judged by today when today is in it, else "partly"."""
    asked = asked_period(q, s.today) if s.today else None
    if not (s.effective_until and s.effective_from and (YES_NO.search(q) or asked)):
        return lead, None
    edge = _edge_asked(q, s)
    if edge is not None and asked is not None:  # "it started in <year>, right?": the date itself, not the span
        verdict = "yes" if asked.first <= edge <= asked.last else "no"
        return f"{verdict.capitalize()}: {lead[0].lower()}{lead[1:]}", verdict
    span = asked or Period(s.today, s.today)
    inside = s.effective_from <= span.first and span.last <= s.effective_until and not s.superseded_by
    outside = span.last < s.effective_from or span.first > s.effective_until or bool(s.superseded_by)
    if not inside and not outside:
        inside = span.holds(s.today) and s.effective_from <= s.today <= s.effective_until
        outside = span.holds(s.today) and not inside
    verdict = "yes" if inside else "no" if outside else "partly"
    word = {"yes": "Yes", "no": "No", "partly": "Partly"}[verdict]
    if asked is None:  # "is it still in force?": today
        return f"{word}: {lead[0].lower()}{lead[1:]}", verdict
    if asked.first == asked.last:
        when = f"on {fmt_date(asked.first)}"
    else:
        one_month = asked.first.month == asked.last.month
        when = "in " + (asked.first.strftime("%B %Y") if one_month else str(asked.first.year))
    state = {"yes": "in force", "no": "not in force", "partly": f"in force only until {fmt_date(s.effective_until)}"}
    tense = "was" if asked.last < s.today else "is"
    return f"{word}: {when} the {s.name} {tense} {state[verdict]}. {lead}", verdict


POLICY = r"\b(?:policy|it|trial|scheme)\b(?:\s+\w+){0,2}\s+"  # the policy's own start or end, not a project's
STARTED = re.compile(POLICY + r"(?:start(?:ed|s)?|began|begin|begins|took effect|take effect|commenced?|"
                              r"kick(?:ed|s)? in)\b", re.I)
ENDED = re.compile(POLICY + r"(?:end(?:ed|s)?|expired?|expires|lapsed?|ran out|runs out|finish(?:ed|es)?)\b", re.I)


def _edge_asked(q: str, s) -> date | None:
    """The start or end date a question asks about ('did it start in <year>?'), else None."""
    start, end = bool(STARTED.search(q)), bool(ENDED.search(q))
    return s.effective_from if start and not end else s.effective_until if end and not start else None


def labelled(answer: Answer, library) -> Answer:
    """With several policies, an answer says which one it is from and, when that one is not in force, why."""
    if library is None or len(library.docs) < 2 or answer.route in ("invalid", "decline", "clarify", "changes"):
        return answer
    s = answer.policy
    state = {"superseded": f"superseded by {s.superseded_by} on {fmt_date(s.successor_from)}",
             "expired": f"expired on {fmt_date(s.effective_until)}",
             "not yet in force": f"in force from {fmt_date(s.effective_from)}"}.get(s.state, "in force")
    note = f"*From {s.title} ({s.doc}), {state}" + (f" on {fmt_date(s.today)}.*" if s.state == "in force" else ".*")
    if s.state != "in force":
        note = "⚠️ " + note
    return replace(answer, text=f"{note}\n\n{answer.text}")


def which_document(ctx: Context, q: str, docs: list) -> Answer:
    """A bare clause id that several policies number: ask which, offering each qualified id."""
    clause_id = next(c.id for d in docs for c in [ctx.library.retrievers[d.id].lookup(q)] if c is not None)
    states = {d.id: ctx.library.status(d, ctx.status.today).state for d in docs}
    options = tuple(f"{d.id}:{clause_id}" for d in docs)
    text = (f"Several policies number a clause {clause_id}: "
            + "; ".join(f"**{d.id}** ({d.title}, {states[d.id]})" for d in docs)
            + ". Which one do you mean? Type it with the policy's id, e.g. " + f"“{options[0]}”.")
    return Answer(q, text, (), ctx.status, "clarify", clarify=options)


def policies_table(ctx: Context) -> str:
    """Every policy of the corpus with its dates and its standing on the answer's date."""
    rows = ["| Policy | Id | Level | Valid | Status |", "|---|---|---|---|---|"]
    for d in ctx.library.docs:
        s = ctx.library.status(d, ctx.status.today)
        rows.append(f"| {d.title} | {d.id} | {d.level or '—'} | {fmt_date(d.effective_from)} – "
                    f"{fmt_date(d.effective_until)} | {s.state} |")
    return "\n".join(rows)


def policies_now(ctx: Context, q: str) -> Answer:
    """'Which policy applies now?': the policies in force on the date, and the standing of the others."""
    live = ctx.library.in_force(ctx.status.today)
    when = fmt_date(ctx.status.today)
    lead = (f"On {when}, " + " and ".join(f"**{d.title}** ({d.id})" for d in live)
            + (" is" if len(live) == 1 else " are") + " in force." if live
            else f"On {when}, none of the policies in the corpus is in force.")
    return Answer(q, compose(lead, policies_table(ctx)), (), ctx.status, "validity")
