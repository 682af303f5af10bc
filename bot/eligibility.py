"""Eligibility: each stated fact checked against the policy's conditions, and a verdict that follows the facts.

'No' names the failed condition and its clause; 'Yes, if …' when every stated fact passes;
the open conditions come back as questions when facts are missing. After the policy's end date,
a question about applying now leads with that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.activities import activities
from bot.amounts import estimate, total_sentence
from bot.answer import Answer, calculation_table, compose, expiry_sentence, fmt_date, line_phrase
from bot.calculator import CalculationError, counted_phrases
from bot.context import Context
from bot.dates import asked_period, dated_in
from bot.facts import (APPROVED, BAD_CREDIT, GOOD_CREDIT, ORGANISATION, UNINCORPORATED, UNSURE, Facts, place_names,
                       read_facts)
from bot.lookup import best_sentence, outside
from bot.matching import Option, activity_words, alternatives, condition_words
from index.lexical import tokenize
from ingest.lines import Condition

MET, FAILED, OPEN = "met", "failed", "open"
# the verbs of an eligibility question, which describe no activity: "do we qualify?", "are we covered?"
ASKING = frozenset(tokenize("qualify qualified qualifies qualification covered cover eligible eligibility apply "
                            "applying run runs running operate operates fit fits do does doing"))

@dataclass(frozen=True)
class Check:
    condition: Condition
    status: str
    says: str  # one line: what was checked, or the question to ask back


def checks(ctx: Context, q: str, facts: Facts, fit: Option | None, described: bool = False) -> list[Check]:
    """Each condition checked against the stated facts. An approved support recipient is its own group of the
    clause that sets the waiver ('..., as well as support recipients approved by ...'), so that clause's other
    conditions do not apply to it."""
    waived = {c.clause for c in ctx.catalogue.conditions if c.waiver} if facts.approved else set()
    out = []
    for cond in ctx.catalogue.conditions:
        if cond.clause in waived and not cond.waiver:
            continue
        wider = ctx.clause(cond.also).text if cond.also and ctx.clause(cond.also) else ""
        status, says = _check(cond, facts, fit, q, described, wider)
        out.append(Check(cond, status, says))
    return out


def _check(cond: Condition, facts: Facts, fit: Option | None, question: str = "", described: bool = False,
           wider: str = "") -> tuple[str, str]:
    """(status, one line saying why) for one condition; `wider` is the text of the clause open to other sectors."""
    quote = f"“{cond.quote}” ({cond.clause})"
    if cond.kind == "location":
        if cond.waiver and facts.approved:  # "the district approved us as a support recipient"
            return MET, f"Approved as a support recipient: “{cond.waiver}” ({cond.clause})."
        if facts.elsewhere:
            return FAILED, f"You are established in {facts.place or 'another place'}; the policy requires {quote}."
        if facts.here or facts.place and facts.place.lower() == cond.place.lower():
            return MET, f"Established in {cond.place}: {quote}."
        return OPEN, f"Are you established (registered) in {cond.place}? The policy requires {quote}."
    if cond.kind == "credit":
        if facts.credit == "bad":
            return FAILED, f"A damaged credit record fails {quote}."
        return (
            (MET, f"Good credit record: {quote}.")
            if facts.credit == "good"
            else (OPEN, f"Is your credit record good? The policy requires {quote}.")
        )
    if cond.kind == "organisation":
        if facts.organisation == "individual" and fit is not None and fit.line.per not in ("project", "year"):
            return OPEN, f"Support goes to {quote}; an individual is supported through the organisation employing them."
        if facts.organisation == "individual":  # "a sole trader, not a company": no organisation to apply
            return FAILED, f"Support goes to {quote}; you say you are an individual, not an organisation."
        return (
            (MET, f"Your organisation type is admitted: {quote}.")
            if facts.organisation
            else (OPEN, f"Are you a corporate or unincorporated organisation? Both are admitted: {quote}.")
        )
    if cond.kind == "sector":
        if _open_to_all(fit):  # a line any sector's firm may use, quoting the activity asked about
            return MET, (
                f"Your activity fits **{fit.clause.id}** ({fit.line.label}, {line_phrase(fit.line)}), open to every "
                f"sector: “{best_sentence(fit.clause.text, question, 200)}”"
            )
        if cond.also and (outside(question, cond.heading) or described and fit is None):
            # "not in <the sector heading>", or an activity no line's text names: only the wider clause
            terms = f": “{best_sentence(wider, question, 240)}”" if wider else ", on the terms its text sets"
            return OPEN, f"Outside {quote}, only {cond.also} could apply{terms}."
        if fit is not None:
            return MET, (
                f"Your activity fits **{fit.clause.id}** ({fit.line.label}, {line_phrase(fit.line)}): "
                f"“{best_sentence(fit.clause.text, question, 200)}”"
            )
        also = f" or {cond.also}'s other advanced manufacturing and modern services" if cond.also else ""
        return OPEN, f"Which industry are you in? The policy covers {quote}{also}."
    return OPEN, f"{quote}"


def _open_to_all(fit: Option | None) -> bool:
    """'not in any focus area, can we get support for <a phrase one line open to every sector quotes>?': yes."""
    return fit is not None and fit.quoted and not fit.line.sectors and bool(fit.line.amount_yuan)


def eligibility(ctx: Context, q: str, applying: bool, now: bool = True, priced: bool = False) -> Answer:
    """The verdict on the stated facts; `priced` (the router read "and how much?") adds the activity's total."""
    facts = read_facts(q, ctx.home)
    described = _described(q)  # the activity's words are read without the kind of organisation ('<x> agency')
    plain = UNINCORPORATED.sub(" ", ORGANISATION.sub(" ", described))
    words = set(activity_words(plain, ctx.home_words)) - ASKING - condition_words(ctx.catalogue)
    found = ctx.options(described) if words else []
    best = found[0] if found else None
    fit = best if best and (best.named or best.quoted or best.line.entity_level) else None  # a line naming it
    marks = checks(ctx, q, facts, fit, described=bool(words))
    denied = fit is not None and not any(c.status == FAILED for c in marks) and _denied(ctx, q, fit)
    if denied:  # "no <x> business at all, can we get the <x> funding?": the line asked about leads the "no"
        marks = [Check(c.condition, FAILED, f"You say you do not do what **{fit.clause.id}** supports "
                       f"({fit.line.label}).") if c.condition.kind == "sector" else c for c in marks]
    failed = [c for c in marks if c.status == FAILED]
    waived = ("organisation", "sector") if facts.approved else ("organisation",)  # approved: already a recipient
    opened = [c for c in marks if c.status == OPEN and c.condition.kind not in waived]
    if not words and facts.organisation not in ("", "corporate", "individual") and \
            all(c.status == MET for c in marks if c.condition.kind != "sector"):  # 'an unincorporated org in
        opened = [c for c in opened if c.condition.kind != "sector"]  # <district>, good credit: can we apply?': the
        # organisation type is the question, and every condition on the applicant is met
    expired = ctx.status.expired
    now = now and not _only_a_past_date(ctx, q)  # "a penalty in 2023 ..., can we apply?": 2023 is not when
    late = applying and (now and expired or _after_end(ctx, q))  # "can we submit in <a month after the end>?"
    lead, verdict = _verdict(ctx, failed, opened, fit, late)
    early = _before_start(ctx, q)
    if early:  # "our contract was signed on <a day before the start>, can we apply?"
        lead = f"{early} {lead}"
    if applying and expired and not late and not failed:  # "can we get support?": the date leads, the facts decide
        lead = f"{expiry_sentence(ctx.status)} Under its terms: {lead}"
    calc, counts = _priced(ctx, q, priced) if fit and not failed else (None, ())
    if calc is not None:  # "one <activity> project, eligible?": what it could get, once the facts are met
        lead += f" {total_sentence(calc)}"
    body = "\n".join(f"- {'❌' if c.status == FAILED else '✅' if c.status == MET else '❔'} {c.says}" for c in marks)
    if calc is not None:
        body += "\n\n" + calculation_table(calc)
    if expired and not failed and not applying:  # stated once: in the lead when it fails or they apply, else here
        body += f"\n\n{expiry_sentence(ctx.status)}"
    others = alternatives(fit, found, ctx.catalogue, limit=3, question=ctx.retriever.synonyms.expand(described)) \
        if fit and not failed else []
    if others:  # the other lines a business like theirs could apply under
        body += (
            "\n\nOther lines that could apply: "
            + "; ".join(f"**{o.line.clause}** {o.line.label} ({line_phrase(o.line)})" for o in others)
            + "."
        )
    first = fit if fit and (verdict != "no" or denied) and not _asks_a_condition(ctx, q, facts) else None  # it leads
    order = _order(ctx, q, marks, fit, first, late or bool(early)) + \
        ([line.clause for line in calc.lines] if calc else []) + \
        [o.line.clause for o in others]
    hits = ctx.with_cap_sources(ctx.cite(*order))
    return Answer(q, compose(lead, body, hits=hits), tuple(hits), ctx.status, "eligibility", verdict=verdict,
                  calculation=calc, counts=counts)


def _order(ctx: Context, q: str, marks: list[Check], fit: Option | None, first: Option | None, late: bool) -> list[str]:
    """The clauses cited, best first: a failed condition; else `first`, the line that names the activity, since that
    is the support the asker is after ('<x> firm in <district>, are we eligible?'); then each condition's clause and
    the end date's. With a failed condition, `first` is set only when the asker denies its activity, and leads."""
    failed = [c.condition.clause for c in marks if c.status == FAILED]
    sector = ctx.catalogue.condition("sector")
    wider = [sector.also] if sector and sector.also and outside(q, sector.heading) and not _open_to_all(fit) \
        else []  # a line open to every sector needs no wider clause
    dated = [c.id for c in ctx.clauses if c.level == "preamble" and fmt_date(ctx.status.effective_until) in c.text]
    order = (dated if late and not failed else []) + ([first.clause.id] if first and failed else []) + failed + wider
    if first:  # after the wider clause, when the question is outside the sector heading
        order.append(first.clause.id)
    order += [c.condition.clause for c in marks] + ([fit.clause.id] if fit else []) + [c.condition.also for c in marks]
    return order + (dated if ctx.status.expired else [])  # the clause that states the end date, wherever the date is


# "no <x> business at all", "we don't do <x>": an activity the asker says they do not have
NEGATED_ACTIVITY = re.compile(r"\b(?:no|zero|not any|(?:we're|we are|i'm|i am) not (?:a|an)|"
                              r"(?:do not|don'?t|never|not)(?: \w+ly)? (?:do|did|done|have|had|run|ran|"
                              r"join|joined|attend|attended|"
                              r"develop|make|use|offer|provide|sell|build|operate)(?: or \w+)?(?: any)?)\s+"
                              r"(?P<what>[^.?!,;]{2,80}?)\s*(?:\b(?:business|operations?|activit(?:y|ies)|work|"
                              r"at all)\b|[.?!,;]|\s[-–—]\s|$)", re.I)


def _denied(ctx: Context, q: str, fit: Option) -> bool:
    """True when the asker says they do not do what the fitting line names: its own words, negated."""
    for m in NEGATED_ACTIVITY.finditer(q):
        if set(tokenize(m.group("what"))) & condition_words(ctx.catalogue):
            continue  # "no credit problems": a condition's fact, not an activity
        term = re.match(r"(?:no|zero)\W+\w+", m.group(0), re.I)
        if term and any(re.search(rf"\b{re.escape(term.group(0))}", ln.text, re.I) for ln in ctx.catalogue.lines):
            continue  # "a 'zero <x>' scenario": a term the policy uses, not a denial
        found = ctx.options(m.group("what"))[:3]  # the lines naming what they deny: the fitting one among them
        if any(o.line.key == fit.line.key and (o.named or o.quoted) for o in found):
            return True
        words = set(activity_words(m.group("what"), ctx.home_words))  # "zero R&D": the fitting line's own words
        if words and words <= set(tokenize(ctx.retriever.synonyms.expand(f"{fit.line.text} {fit.clause.text}"))):
            return True
    return False


def _described(q: str) -> str:
    """The question less what it says of the asker's credit ('<x> startup, credit clean'), approval and place:
    a line naming credit or approval is not the asker's activity, nor is a place."""
    return place_names().sub(" ", APPROVED.sub(" ", BAD_CREDIT.sub(" ", GOOD_CREDIT.sub(" ", q))))


def _priced(ctx: Context, q: str, asked: bool):
    """(calculation, counts) when the question asks how much or states how many; else (None, ())."""
    if not asked and not [c for c in counted_phrases(q) if not c[2].startswith("year")]:
        return None, ()
    pairs = activities(ctx, q)
    if not pairs:
        return None, ()
    try:
        requests, calc = estimate(ctx, q, pairs)
    except CalculationError:
        return None, ()
    return calc, tuple((r.clause.id, r.cap, r.count, r.label) for r in requests)


ORGANISATION_TYPE = re.compile(
    r"\b(?:organi[sz]ation|entity|legal) (?:type|form)\b|\btype of (?:organi[sz]ation|entity)\b", re.I)
LIKE_US = re.compile(r"\b(?:organi[sz]ations?|orgs?|entities|bodies|groups|associations?|firms|companies) like "
                     r"(?:us|ours|me|mine)\b", re.I)


def _asks_a_condition(ctx: Context, q: str, facts: Facts) -> bool:
    """True when the sentence that asks names a fact a condition tests ('can a non-corporate org apply?'), or the
    question doubts one."""
    if (BAD_CREDIT.search(q) or UNSURE.search(q)) and not facts.credit:
        return True  # "a penalty, not sure how it shows on our credit record": the credit condition is the question
    said = re.split(r"(?<=[.?!])\s+", q.strip())
    asked = next((s for s in reversed(said) if s.endswith("?")), said[-1])  # "Do <x> count? We're a <x> ..."
    if (LIKE_US.search(asked) or ORGANISATION_TYPE.search(asked)) and facts.organisation not in ("", "corporate"):
        return True  # "we're an association. can organisations like us apply?": the organisation type is asked
    plain = UNINCORPORATED.sub(" ", ORGANISATION.sub(" ", asked))  # 'non-corporate' is a fact, not an activity
    if asked == q.strip() or ctx.topic_words(plain):
        return False  # '<x> maker, registered in <district>, eligible?' asks about the whole firm
    f = read_facts(asked, ctx.home)
    return bool(f.organisation not in ("", "corporate") or f.credit or f.place or f.approved)


def _only_a_past_date(ctx: Context, q: str) -> bool:
    """True when the question's only sign of time is a date before the policy's end: it dates a fact, not the asking."""
    until, today = ctx.status.effective_until, ctx.status.today
    asked = asked_period(q, today) if today else None
    present = re.search(r"\b(now|still|today|currently|anymore|any more|too late|at the moment|soon)\b", q, re.I)
    return bool(until and asked and asked.last < until and not present)


def _before_start(ctx: Context, q: str) -> str:
    """What the text says of a date the question names before the policy took effect; '' when it names none."""
    start, s = ctx.status.effective_from, ctx.status
    asked = asked_period(q, s.today) if s.today and dated_in(q) else None
    if not (start and asked and asked.last < start):
        return ""
    when = fmt_date(asked.last) if asked.first == asked.last else asked.first.strftime("%B %Y")
    return (f"The date you name, {when}, is before the {s.name} took effect on {fmt_date(start)}; "
            "its text says nothing about projects or contracts from before then.")


def _after_end(ctx: Context, q: str) -> bool:
    """True when the question names a date after the policy's end: 'our project starts in <month> <year>'."""
    until = ctx.status.effective_until
    asked = asked_period(q, ctx.status.today) if ctx.status.today else None
    return bool(until and asked and asked.first > until)


def _verdict(
    ctx: Context, failed: list[Check], opened: list[Check], fit: Option | None, applying_after_end: bool
) -> tuple[str, str]:
    until = fmt_date(ctx.status.effective_until)
    if failed:
        reasons = "; ".join(f"{c.condition.kind} ({c.condition.clause})" for c in failed)
        tail = f" The {ctx.status.name} has also expired (it ran until {until})." if ctx.status.expired else ""
        return f"**No**: a stated fact fails a condition of the policy: {reasons}.{tail}", "no"
    if applying_after_end:
        state = "expired; it was valid until" if ctx.status.expired else "is valid only until"
        return (
            f"**No, not {'now' if ctx.status.expired else 'then'}**: the {ctx.status.name} {state} {until}. Its "
            "text says nothing about applications after that date. Under its terms, this is how you stood:",
            "no",
        )
    if opened:
        asks = " ".join(c.says for c in opened if c.condition.kind != "organisation" or len(opened) == 1)
        return f"**Possibly**: it depends on what you have not said yet. {asks}", "open"
    line = f" under **{fit.clause.id}** ({fit.line.label})" if fit else ""
    org = ctx.catalogue.condition("organisation")
    kind = f", you are one of the “{org.quote}” ({org.clause})" if org else ""
    return (
        f"**Yes, if** the district approves your project{line}{kind}: every fact you state meets the conditions.",
        "yes",
    )
