"""Amount questions: the best-fitting line (or one line per activity) priced by the calculator, alternatives named."""
from __future__ import annotations

import re
from fractions import Fraction

from bot.answer import Alternative, Answer, calculation_table, compose, fmt_date, usd, yuan
from bot.calculator import CalculationError, Request, calculate, conversion, counted_phrases, number_value, years_in
from bot.context import Context
from bot.lookup import best_sentence
from index.lexical import tokenize
from bot.matching import (ENTITY, Option, activity_words, alternatives, condition_words, names_rare_word,
                          quotes_phrase)
from ingest.clause import Cap
from ingest.lines import SupportLine

SEPARATORS = re.compile(r"\s*(?:(?<!\d),|,(?!\d{3})|[;:]|\s\+\s|\([a-h1-9]\)|\band also\b|\band\b|\bplus\b|\bas well as\b|\bbesides\b|\bon top of\b)\s*",
                        re.I)
SEVERAL = re.compile(r"\bboth\b[^.?!]{3,}\band\b|\b(plus|as well as|also|(?:one|a|two|\d+) (?:projects? )?each|on top|"
                     r"in addition|"
                     r"each of them)\b", re.I)
ASKER = re.compile(r"\b(company|firm|group|business|startup|start-up|agency|lab|we are|we're)\b\W*$", re.I)
ONE_EACH = re.compile(r"\b(?:one|a|1|single) projects? (?:for |per )?(?:each|every|per)\b(?: \w+)?", re.I)
BACK_REFERENCE = re.compile(r"\b(the|all|both|these|those|of them|for all|each|every|as)\s+$", re.I)  # "for the two projects": said before
EACH = re.compile(r"\b(\w+) (?:projects? )?each\b", re.I)


def cap_of(line: SupportLine, ctx: Context) -> Cap:
    """The Cap record behind a line, from the clause that states it."""
    clause = ctx.clause(line.clause)
    return next(c for c in clause.caps if c.source_id == line.clause and c.phrase == line.phrase)


def activities(ctx: Context, q: str) -> list[tuple[Option, int, Fraction | None]]:
    """(option, count, years) for each activity asked about: several when several parts each name their own line.
    Years are read where the activity is: 'entity support for both years plus one promotion project'."""
    parts = [p for p in SEPARATORS.split(q) if p and p.strip()]
    counted = _counted_segments(parts, ctx.vocabulary)
    listed = len(parts) > 2 and not any(n > 1 for n, _, _ in _counts(q))  # "three projects (a, b, c)" is one line
    quoting = [p for p in parts if any(o.quoted for o in ctx.options(p)[:1]) and not ASKER.search(p)] if listed else []
    use = counted if len(counted) > 1 else parts if (SEVERAL.search(q) or len(quoting) > 1) and len(parts) > 1 else []
    by_line: dict[str, tuple[Option, list[int], list]] = {}
    for i, part in enumerate(use):
        if use is parts and ("?" in part and not _explicit_count(part) or i == 0 and ". " in part):
            continue  # the opening description and the closing question name no activity of their own
        opt = _part_option(ctx, part)
        if opt is not None:  # parts naming the same line add up their stated counts: '3 buildings plus one ESCO'
            n, said = _count_in(part, opt.line) or 0, _explicit(part)
            entry = by_line.setdefault(opt.line.key, (opt, [], []))
            entry[1].append((n, said))
            entry[2].append(years_in(part))
    if len(by_line) > 1 or any(len([n for n, _ in ns if n]) > 1 for _, ns, _ in by_line.values()):
        each = _each(q)
        return [(o, each or _sum_counts(ns), next((y for y in ys if y is not None), None))
                for o, ns, ys in by_line.values()]
    found = ctx.options(q)
    if not found:
        return []
    best = counted_noun_line(found, q) or project_phrase_line(found, q, ctx) or found[0]
    return [(best, _count_in(q, best.line) or _each_project_count(q) or 1, years_in(q))]


def project_phrase_line(found: list[Option], q: str, ctx: Context) -> Option | None:
    """The line naming what a counted project is: 'an aviation company, one product promotion project' ->
    the line that quotes 'product promotion', not the one that names the asker's industry."""
    for c in counted_phrases(q):
        what = c[1]
        if c[2].startswith("project") and len(activity_words(what, ctx.home_words)) > 1:
            hit = next((o for o in found if quotes_phrase(what, o.line.text, condition_words(ctx.catalogue))), None)
            if hit is not None:
                return hit
    return None


EACH_PROJECT = re.compile(r"\beach\b[^.?!]{0,30}\bprojects?\b|\b(?:as )?(?:a )?separate projects?\b", re.I)


def _each_project_count(q: str) -> int | None:
    """'two green events (..), each counted as a project' -> 2: the things counted are the projects."""
    if not EACH_PROJECT.search(q):
        return None
    listed = [c for c in _counts_listed(q) if not c[2] and not PEOPLE_OR_PLACES.match(c[1])]
    return listed[0][0] if listed else None


def _counted_segments(parts: list[str], vocabulary: frozenset = frozenset()) -> list[str]:
    """The parts that state their own count, each with the uncounted parts just before it:
    ['IP analysis', 'evaluation (1 project)'] -> ['IP analysis evaluation (1 project)']."""
    out, pending = [], []
    for part in parts:
        pending.append(part)
        if _explicit_count(part, vocabulary):
            out.append(" ".join(pending))
            pending = []
    rest = " ".join(pending)
    enumerated = any(not PLACE_UNITS.match(c[1]) for c in _counts_listed(rest)) \
        or bool(re.search(r"\b(?:one|1)\s+[a-z]", rest, re.I))  # "..., and set up a tech center", "building one landmark"
    if out and pending and (SEVERAL.search(rest) or enumerated):
        out.append(rest)
    return out


def _explicit_count(part: str, vocabulary: frozenset = frozenset()) -> bool:
    """A count in digits or words of projects or of something the policy names (not '2 sites', '40 shops'),
    or 'a ... project': 'a fintech project and a separate advertising project'."""
    listed = {c[1] for c in _counts_listed(part) if not PLACE_UNITS.match(c[1])}
    named = [c for c in _counts(part) if c[1].startswith("project") or c[1] in listed]
    if re.match(r"\s*(?:and\s+)?(?:one|1|a single)\s+(?!time\b|off\b)[\w-]+", part, re.I) and \
            not re.match(r"\s*one[- ](?:time|off)\b", part, re.I):  # "one IP analysis"; not "one-time support"
        return True
    if re.match(r"\s*(?:and\s+)?(?:a|an)\s+", part, re.I) and _counts_listed(part):  # "a postdoctoral programme"
        return True
    if any(PERSON_UNITS.match(c[1]) and not c[2] for c in _counts(part)):  # "we bring in two skilled craftsmen"
        return True
    return bool(named) and (_explicit(part) or bool(re.search(r"\bprojects?\b", part, re.I))) or bool(re.search(r"\b(?:for|over)\s+\w+\s+years?\b", part, re.I))


def side_option(ctx: Context, part: str) -> Option | None:
    """The line one side of a comparison names: its entity line, a named line, or the best match."""
    named = _part_option(ctx, part)
    found = ctx.options(part)
    return named or (found[0] if found else None)


def _part_option(ctx: Context, part: str) -> Option | None:
    """The line one part of a question names; a part about the entity's own annual support gets the entity line."""
    found = ctx.options(part)
    per_person = [o for o in found if o.line.per not in ("project", "year") and
                  set(tokenize(o.line.per)) & set(tokenize(part)) - {"project"}]
    if per_person:  # "two lawyers who'd each be certified as talent": the line that counts talent
        return per_person[0]
    counted = counted_noun_line(found, part)
    if counted is not None and (counted.quoted or names_rare_word(part, counted.line, ctx.catalogue)):
        return counted
    quoted = [o for o in found if o.quoted]
    if quoted and _counts(part):
        return quoted[0]
    if ENTITY.search(part):
        entity = [o for o in found if o.line.entity_level]
        if entity or not activity_words(part, ctx.home_words):
            line = entity[0].line if entity else next((ln for ln in ctx.catalogue.lines if ln.entity_level), None)
            return entity[0] if entity else (Option(line, ctx.clause(line.clause), 0.0, True) if line else None)
    named = [o for o in found if o.named]
    return named[0] if named and activity_words(part, ctx.home_words) else None


PLURAL = re.compile(r"(?<![\w.$¥,-])(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:(?![\d,.]+\s)[\w/&'-]+\s+){0,3}?"
                    r"([a-z]{3,}s|[a-z]*men)\b", re.I)
MEASURE = re.compile(r"\b(sqm|m2|square|metres?|meters?|km|kg|tons?|tonnes?|yuan|rmb|usd|million|billion|percent|%)\b",
                     re.I)
MAX_THINGS = 50
PERSON_UNITS = re.compile(r"^(experts?|hires?|professionals?|craftsm[ae]n|scientists?|researchers?|specialists?)$", re.I)
POSSESSION = re.compile(r"\b(with|has|have|having|own|owns|operate|operates|run|runs|hold|holds|employ|employs)\b"
                        r"[^.:;!?]{0,40}$", re.I)  # "with 27 employees and 5 brands": a description, not a count
PLACE_UNITS = re.compile(r"^(sites?|stores?|shops?|companies|people|persons?|branch(?:es)?|offices?)$", re.I)
PEOPLE_OR_PLACES = re.compile(r"^(people|persons|companies|years?|staff|employees)$", re.I)


def _counts(part: str) -> list[tuple[int, str, bool]]:
    """(count, counted noun, said with 'a'/'an') for each count a part states, in order. A count that refers
    back ('for the two projects', 'all 3') states nothing new; a measure ('1,800 sqm building') is no count;
    and more than MAX_THINGS of anything but projects is a description, not a count."""
    part = ONE_EACH.sub(" ", part)  # "one project per building" is how, not how many
    out = [(int(c[0]), c[2].lower(), bool(re.match(r"(a|an|single)\b", c[3], re.I)))
           for c in counted_phrases(part) if not c[2].startswith("year") and c[0] == int(c[0]) and c[0] > 0
           and not BACK_REFERENCE.search(part[:part.find(c[3])]) and not MEASURE.search(c[1])
           and not c[3].lower().startswith("both ")  # "both projects" refers back
           and (c[2].startswith("project") or c[0] < 2 or not POSSESSION.search(part[:part.find(c[3])]))]
    out += [(int(number_value(m.group(1))), m.group(2).lower(), False) for m in PLURAL.finditer(part)
            if not BACK_REFERENCE.search(part[:m.start()]) and not MEASURE.search(m.group(0))
            and (m.group(2).lower().startswith("project") or not POSSESSION.search(part[:m.start()]))]
    return [c for c in out if c[0] <= MAX_THINGS or c[1].startswith("project")]


def _count_in(part: str, line: SupportLine | None = None) -> int | None:
    """How many projects a part asks about. A count of projects first; then a count of something the line's own
    text names ('3 overseas experts' for the talent line); staff, revenue and founding years never count.
    Without a line, only counts of projects or of the things support is usually counted in."""
    if ONE_EACH.search(part) and _counts(ONE_EACH.sub("", part)):
        part = ONE_EACH.sub("", part)  # "two buildings, one project each": the buildings are the count
    counts = [c for c in _counts(part) if not PEOPLE_OR_PLACES.match(c[1])]
    words = set(tokenize(line.text)) if line else set()
    if EACH_PROJECT.search(part):  # "two green events, each its own project": the events are the projects
        things = [c for c in _counts(part) if not PLACE_UNITS.match(c[1]) and not c[2] and not c[1].startswith("project")]
        if things:
            return things[0][0]
    per_person = line is not None and line.per not in ("project", "year")  # talent lines count people, teams
    listed = {c[1] for c in _counts_listed(part)}
    ok = [c for c in counts if c[1].startswith("project") or per_person and (PERSON_UNITS.match(c[1]) or
                                                                              set(tokenize(c[1])) & set(tokenize(line.per)))
          or c[1] in listed and (not line or set(tokenize(c[1])) & words)]
    ok.sort(key=lambda c: (c[2], not c[1].startswith("project")))
    return ok[0][0] if ok else None


def _counts_listed(part: str) -> list[tuple[int, str, bool]]:
    """The counts whose noun is one of the calculator's countable units (buildings, brands, experts, ...)."""
    part = ONE_EACH.sub(" ", part)
    return [(int(c[0]), c[2].lower(), bool(re.match(r"(a|an|single)\b", c[3], re.I)))
            for c in counted_phrases(part) if not c[2].startswith("year") and c[0] == int(c[0]) and c[0] > 0
            and not BACK_REFERENCE.search(part[:part.find(c[3])]) and not MEASURE.search(c[3])]


def counted_noun_line(found: list[Option], part: str) -> Option | None:
    """An option whose line's text names the thing counted: '3 overseas experts' -> the talent line."""
    listed = _counts_listed(part)
    if any(c[1].startswith("project") for c in listed):
        return None
    nouns = [c[1] for c in listed if not PEOPLE_OR_PLACES.match(c[1])]
    for noun in nouns:
        word = re.compile(rf"\b{re.escape(noun.rstrip('s'))}s?\b", re.I)  # the word itself, not a shared stem
        near = [o for o in found if o.score >= 0.6 * found[0].score]
        hit = next((o for o in near if word.search(o.line.text)), None)
        if hit is not None:
            return hit
    return None


def _explicit(part: str) -> bool:
    """True when a part states its count in digits or number words, not just 'a' or 'an'."""
    return any(not article for _, _, article in _counts(part))


def _sum_counts(counts: list[tuple[int, bool]]) -> int:
    """Counts of parts naming one line add up; 'an Italian brand and a French brand: 2 brand projects' is 2."""
    explicit = [n for n, said in counts if said and n]
    return sum(explicit) if explicit else (sum(n for n, _ in counts if n) or len(counts))


def _each(q: str) -> int | None:
    m = EACH.search(q)
    value = number_value(m.group(1)) if m else None
    return int(value) if value and value == int(value) else None


def requests_for(ctx: Context, pairs: list[tuple[Option, int, Fraction | None]], q: str) -> list[Request]:
    counted = [c for c in counted_phrases(q) if not c[2].startswith("year")]
    out = []
    for opt, n, years in pairs:
        if counted and any(c[0] != int(c[0]) or c[0] < 1 for c in counted):
            n = counted[0][0]  # let the calculator refuse 2.5 or -3 projects with its own message
        total = n * (years if years is not None and opt.line.annual else 1) if isinstance(n, (int, Fraction)) else n
        out.append(Request(opt.clause, cap_of(opt.line, ctx), total, opt.line.label))
    return out


def amount(ctx: Context, q: str, clarify) -> Answer:
    pairs = activities(ctx, q)
    if not pairs or not ctx.topic_words(q):
        return clarify(ctx, q)
    try:
        requests = requests_for(ctx, pairs, q)
        calc = calculate(requests, ctx.doc.rate, notes=_notes(ctx, q, pairs))
    except CalculationError as err:
        return Answer(q, f"I can't calculate that: {err}.", (), ctx.status, "amount")
    return priced(ctx, q, requests, calc, pairs)


def priced(ctx: Context, q: str, requests: list[Request], calc, pairs: list[tuple[Option, int]] = ()) -> Answer:
    """The answer for a calculation: total first, the table, then alternatives with their caps and conditions."""
    hits = ctx.with_cap_sources(ctx.cite(*[r.clause.id for r in requests]))
    alts = []
    if len(pairs) == 1:
        found = ctx.options(q)
        alts = [Alternative.of(o.line, o.clause.id if o.clause.id in (o.line.clause, *o.line.covers) else o.line.clause)
                for o in alternatives(pairs[0][0], found, ctx.catalogue)]
    hits = ctx.with_cap_sources(hits + ctx.cite(*[a.clause for a in alts]))  # every cap shown is in a cited clause
    what = " + ".join(f"{line.count} × {line.label} ({line.clause})" for line in calc.lines)
    lead = f"Up to **{yuan(calc.total_yuan)}** (≈ {usd(calc.total_usd)}) for {what}."
    for r in {r.clause.id: r for r in requests}.values():
        lead += f" {r.clause.id} covers it: “{best_sentence(r.clause.text, q, 200)}”"
    if ctx.status.expired:
        lead += f" These caps applied while the trial policy was in force (until {fmt_date(ctx.status.effective_until)})."
    text = compose(lead, calculation_table(calc), also_block(alts), hits=hits)
    counts = tuple((r.clause.id, r.cap, r.count, r.label) for r in requests)
    return Answer(q, text, tuple(hits), ctx.status, "amount", calculation=calc, counts=counts, alternatives=tuple(alts))


def also_block(alts: list[Alternative]) -> str:
    """'Also relevant' with one line per alternative: cap and condition."""
    if not alts:
        return ""
    rows = [f"- **{a.clause}** {a.label}: {yuan(a.cap_yuan) if a.cap_yuan else 'no figure'} {a.basis}; "
            f"if: {a.condition[0].lower() + a.condition[1:]}." for a in alts]
    return "**Also relevant** (other lines that could apply, each with its own cap):\n" + "\n".join(rows)


def _notes(ctx: Context, q: str, pairs) -> tuple[str, ...]:
    notes = []
    years, doc = years_in(q), ctx.doc
    if years is not None and doc.effective_from and doc.effective_until:
        span = (doc.effective_until - doc.effective_from).days + 1
        if years * 365 > span + 1:
            notes.append(f"The trial ran from {fmt_date(doc.effective_from)} to {fmt_date(doc.effective_until)}; "
                         "annual support beyond that depends on a successor policy.")
    if len(pairs) > 1 and ctx.catalogue.combining is None:
        notes.append("The policy text says nothing about combining support lines.")
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
    lead = (f"{exact} is about **{yuan(calc.total_yuan)}**" if usd_amount is not None and not amount_yuan
            else f"{yuan(calc.total_yuan)} is about **{usd(calc.total_usd)}** ({exact})")
    lead += f" at the rate the policy states in {where}."
    return Answer(q, compose(lead, calculation_table(calc), hits=hits), tuple(hits), ctx.status, "conversion",
                  calculation=calc)


