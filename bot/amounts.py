"""Amount questions: the best-fitting line (or one line per activity) priced by the calculator, alternatives named."""

from __future__ import annotations

from fractions import Fraction

from bot.activities import activities
from bot.answer import Alternative, Answer, calculation_table, compose, fmt_date, usd, yuan
from bot.calculator import CalculationError, Request, calculate, conversion, counted_phrases, years_in
from bot.context import Context
from bot.counts import count_in
from bot.lookup import best_sentence, clause_answer, outside
from bot.matching import (Option, activity_words, alternatives, condition_words, general_lines, names_only_the_asker,
                           one_per_line, quotes_as_written, quotes_phrase, same_activity, unretrieved)


def requests_for(ctx: Context, pairs: list[tuple[Option, int, Fraction | None]], q: str) -> list[Request]:
    counted = [c for c in counted_phrases(q) if not c[2].startswith("year")]
    out = []
    for opt, n, years in pairs:
        if counted and any(c[0] != int(c[0]) or c[0] < 1 for c in counted):
            n = counted[0][0]  # let the calculator refuse 2.5 or -3 projects with its own message
        total = n * (years if years is not None and opt.line.annual else 1) if isinstance(n, (int, Fraction)) else n
        out.append(Request(opt.clause, ctx.cap_of(opt.line), total, opt.line.label))
    return out


def amount(ctx: Context, q: str, clarify) -> Answer:
    pairs = activities(ctx, q)
    # '<abbreviation> agency' says '<word> agency' in the policy's words: a word one line uses
    unknown = any(len(w) <= 3 and w not in ctx.vocabulary for w in activity_words(q, ctx.home_words))
    said = ctx.retriever.synonyms.inline(q) if unknown else q
    if not pairs or not ctx.topic_words(q) or names_only_the_asker(said, ctx.catalogue, ctx.home_words):
        return clarify(ctx, q)
    plain = all(w in ctx.vocabulary or len(w) > 5 for w in activity_words(q, ctx.home_words))  # 'HR', 'promo':
    # a short word the policy does not use may abbreviate the one line it means
    ignore = condition_words(ctx.catalogue)  # "a <two-word phrase> project" only one line's text uses: that line
    quoting = [ln for ln in ctx.catalogue.lines if quotes_phrase(q, ln.text, ignore)]
    quoted = len(quoting) == 1 and quotes_as_written(q, quoting[0].text)  # 'build a <x>' quotes no '<x> building'
    own = all(w in ctx.vocabulary for w in activity_words(q, ctx.home_words))  # the policy's own words, as typed:
    words = ctx.topic_words(q, expand=not own)  # not widened by synonyms ('certification' is no 'quality ... ')
    general = general_lines(words, ctx.catalogue) if len(pairs) == 1 and plain and not quoted else ()
    if general:  # "how much for a park project?": several lines name parks, each with its own cap
        return clarify(ctx, q, among=general)
    sector = ctx.catalogue.condition("sector")
    if sector and sector.also and outside(q, sector.heading):  # "not in <the sector heading>": no sector's line
        pairs = [p for p in pairs if not p[0].line.sectors]
        if not pairs:
            return clause_answer(ctx, q, ctx.retriever.by_id[sector.also])
    if all(opt.line.amount_yuan is None for opt, _, _ in pairs):  # a line with no figure of its own is never priced
        return clause_answer(ctx, q, pairs[0][0].clause)
    return _price(ctx, q, [p for p in pairs if p[0].line.amount_yuan is not None])


def amount_in(ctx: Context, q: str, option: Option) -> Answer:
    """One line the question points at (by clause id), priced for the count it states."""
    return _price(ctx, q, [(option, count_in(q, option.line) or 1, years_in(q))])


def _price(ctx: Context, q: str, pairs: list[tuple[Option, int, Fraction | None]]) -> Answer:
    try:
        requests, calc = estimate(ctx, q, pairs)
    except CalculationError as err:
        return Answer(q, f"I can't calculate that: {err}.", (), ctx.status, "amount")
    return priced(ctx, q, requests, calc, pairs)


def estimate(ctx: Context, q: str, pairs: list[tuple[Option, int, Fraction | None]]):
    """(requests, calculation) for the activities a question names; raises CalculationError."""
    requests = requests_for(ctx, pairs, q)
    return requests, calculate(requests, ctx.doc.rate, notes=_notes(ctx, q, pairs))


def total_sentence(calc) -> str:
    """'Up to **¥20,000,000** for 2 × <label> (<clause>).', with dollars only at a rate the text states."""
    what = " + ".join(f"{line.count} × {line.label} ({line.clause})" for line in calc.lines)
    dollars = f" (≈ {usd(calc.total_usd)})" if calc.total_usd is not None else ""
    return f"Up to **{yuan(calc.total_yuan)}**{dollars} for {what}."


def priced(ctx: Context, q: str, requests: list[Request], calc, pairs: list[tuple[Option, int]] = ()) -> Answer:
    """The answer for a calculation: total first, the table, then alternatives with their caps and conditions."""
    hits = ctx.with_cap_sources(ctx.cite(*[r.clause.id for r in requests]))
    found, expanded = (ctx.options(q), ctx.retriever.synonyms.expand(q)) if pairs else ([], q)
    unfound = unretrieved(found, expanded, ctx.catalogue, ctx.retriever) if pairs else []  # may name it too
    if len(pairs) == 1:
        others = alternatives(pairs[0][0], found, ctx.catalogue, question=expanded, unfound=unfound)
    else:  # several items: for each, only the line of any sector naming the same activity ('<x> R&D': the R&D line)
        priced_keys = {o.line.key for o, *_ in pairs}
        others = [o for p in pairs for o in same_activity(p[0], [*found, *unfound], expanded, ctx.catalogue)
                  if o.line.key not in priced_keys]
    others = one_per_line(others)
    alts = [Alternative.of(o.line, o.clause.id if o.clause.id in (o.line.clause, *o.line.covers) else o.line.clause)
            for o in others]
    hits = ctx.with_cap_sources(hits + ctx.cite(*[a.clause for a in alts]))  # every cap shown is in a cited clause
    lead = total_sentence(calc)
    caps = {f"{yuan(line.cap_yuan)} per {_per(r)}" for line, r in zip(calc.lines, requests) if line.cap_yuan}
    if caps:
        lead += f" The cap is {' and '.join(sorted(caps))}."
    for r in {r.clause.id: r for r in requests}.values():
        lead += f" {r.clause.id} covers it: “{best_sentence(r.clause.text, q, 200)}”"
    if ctx.status.expired:
        lead += (
            f" These caps applied while the {ctx.status.name} was in force (until {fmt_date(ctx.status.effective_until)})."
        )
    text = compose(lead, calculation_table(calc), also_block(alts), hits=hits)
    counts = tuple((r.clause.id, r.cap, r.count, r.label) for r in requests)
    return Answer(q, text, tuple(hits), ctx.status, "amount", calculation=calc, counts=counts, alternatives=tuple(alts))


def _per(request: Request) -> str:
    """What one unit of a request's cap is: 'project', 'year', 'talent, team or project'."""
    return request.cap.unit or "project"


def also_block(alts: list[Alternative]) -> str:
    """'Also relevant' with one line per alternative: cap and condition."""
    if not alts:
        return ""
    rows = [
        f"- **{a.clause}** {a.label}: {yuan(a.cap_yuan) if a.cap_yuan else 'no figure'} {a.basis}; "
        f"if: {a.condition[0].lower() + a.condition[1:]}."
        for a in alts
    ]
    return "**Also relevant** (other lines that could apply, each with its own cap):\n" + "\n".join(rows)


def _notes(ctx: Context, q: str, pairs) -> tuple[str, ...]:
    notes = []
    years, doc = years_in(q), ctx.doc
    if years is not None and doc.effective_from and doc.effective_until:
        span = (doc.effective_until - doc.effective_from).days + 1
        if years * 365 > span + 1:
            notes.append(
                f"The {ctx.status.name} ran from {fmt_date(doc.effective_from)} to {fmt_date(doc.effective_until)}; "
                "annual support beyond that depends on a successor policy."
            )
    return tuple(notes)


def convert(ctx: Context, q: str, amount_yuan: int | None, usd_amount: int | None) -> Answer:
    """Yuan to dollars (or dollars to yuan) at the rate the document states, citing where it states it."""
    rate = ctx.doc.rate
    try:
        calc = conversion(amount_yuan or (rate[0] if rate and not usd_amount else 0), rate, usd=usd_amount)
    except CalculationError as err:
        return Answer(q, f"I can't convert that: {err}.", (), ctx.status, "conversion")
    rate_clause = next((c for c in ctx.clauses if "$" in c.text and c.caps), None)
    hits = ctx.cite(rate_clause.id) if rate_clause else []
    where = rate_clause.id if rate_clause else "its text"
    exact = f"${calc.total_usd:,.2f}" if calc.total_usd is not None else ""
    lead = (
        f"{exact} is about **{yuan(calc.total_yuan)}**"
        if usd_amount is not None and not amount_yuan
        else f"{yuan(calc.total_yuan)} is about **{usd(calc.total_usd)}** ({exact})"
    )
    lead += f" at the rate the policy states in {where}."
    return Answer(
        q, compose(lead, calculation_table(calc), hits=hits), tuple(hits), ctx.status, "conversion", calculation=calc
    )
