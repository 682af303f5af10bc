"""Staff catalogue queries answered from the support-line catalogue as tables: all caps, by amount, basis, sector."""

from __future__ import annotations

import re

from bot.answer import Answer, compose, line_phrase, lines_table, yuan
from bot.lookup import best_sentence, clause_answer
from bot.context import Context
from index.lexical import tokenize
from ingest.lines import is_under

ANNUAL = re.compile(r"\b(annual\w*|yearly|per year|each year|every year)\b", re.I)
ONE_TIME = re.compile(r"\bone-?(?:time|off)\b", re.I)
WITHIN = re.compile(r"\b(under|inside|within|sub-?lines?|sub-?items?|cluster|sector lines|among the|section)\b", re.I)
PER_PROJECT = re.compile(r"\bper[- ]project\b", re.I)
EXTREME = re.compile(r"\b(lowest|smallest|highest|largest|biggest|max|maximum|most|upper limit)\b", re.I)
DOLLARS = re.compile(r"\b(usd|us\$|dollars?)\b|\$", re.I)
BOUND = re.compile(r"\b(below|under|less than|lower than|smaller than|at most|above|over|more than|greater than|"
                   r"higher than|at least|exceeding)\s*(?:¥|rmb\s*|cny\s*)?\d", re.I)
FOOTNOTE = re.compile(r"\bfoot ?notes?\b|\basterisk\b|\*", re.I)


def catalogue_query(ctx: Context, q: str, amount_yuan: int | None) -> Answer:
    """The lines the question filters for (footnotes are their own case), as one table."""
    if FOOTNOTE.search(q):
        return footnotes(ctx, q)
    if MENTION.search(q) and SAYING.search(q) and amount_yuan is None and ctx.topic_words(q):
        return _mentions(ctx, q)  # "which clauses mention <x>": every clause saying it, not only <x>'s own line
    lines, said = list(ctx.catalogue.lines), []
    bound = BOUND.search(q) if amount_yuan is not None else None
    if bound:  # "lines with caps below 5m"
        lines = [ln for ln in lines
                 if ln.amount_yuan is not None and _within(ln.amount_yuan, bound.group(1), amount_yuan)]
        said.append(f"capped {bound.group(1).lower()} {yuan(amount_yuan)}")
    elif amount_yuan is not None:
        lines = [ln for ln in lines if ln.amount_yuan == amount_yuan]
        per = " per project" if lines and all("project" in ln.basis for ln in lines) and not PER_PROJECT.search(q) else ""
        dollars = [ln.phrase for ln in lines if "$" in ln.phrase]  # the dollar figure the text itself gives
        given = f" (the text gives “{dollars[0]}”)" if DOLLARS.search(q) and dollars else ""
        said.append(f"capped at {yuan(amount_yuan)}{per}{given}")
    wanted = re.split(r"\b(?:rather than|instead of|as opposed to|and not|but not)\b|,\s*not\b", q, flags=re.I)[0]
    if ANNUAL.search(wanted):  # "annual rather than per project": the part before 'rather than' filters
        lines, said = [ln for ln in lines if ln.annual], said + ["paid annually"]
    elif ONE_TIME.search(wanted):
        lines, said = [ln for ln in lines if "one-time" in ln.basis], said + ["one-time"]
    if PER_PROJECT.search(wanted):
        lines, said = [ln for ln in lines if "project" in ln.per], said + ["per project"]
    named = [c for c in ctx.retriever.mentioned(q) if any(is_under(ln.clause, c.id) for ln in ctx.catalogue.lines)]
    heading = named[0] if named else heading_named(ctx, q)
    if heading is not None:
        lines = [ln for ln in lines if is_under(ln.clause, heading.id)]
        said.append(f"under {heading.id} ({heading.title})")
    extreme = EXTREME.search(q)
    sector = sector_named(ctx, q) if heading is None else None
    naming = _naming(ctx, q, lines) if extreme and heading is None and not sector else []
    if naming:  # "highest cap for <topic>": among the lines whose text names it
        lines, said = naming, said + ["naming what you asked about"]
    if extreme and lines:
        figures = [ln.amount_yuan for ln in lines if ln.amount_yuan is not None]
        pick = min(figures) if extreme.group(1).lower() in ("lowest", "smallest") else max(figures)
        said_word = extreme.group(1).lower()
        word = said_word if said_word in ("lowest", "smallest", "highest", "largest", "biggest") else "highest"
        lines, said = [ln for ln in lines if ln.amount_yuan == pick], said + [f"with the {word} cap"]
    if sector:
        lines, said = [ln for ln in lines if sector in ln.sectors], said + [f"for {sector}"]
    if not said and (MENTION.search(q) or re.search(r"\bmentioned\b", q, re.I)) and ctx.topic_words(q):
        return _mentions(ctx, q)
    if not said and ctx.topic_words(q):  # "green / low-carbon sub-items": the line the words name, item by item
        return _line_items(ctx, q)
    if len(lines) == 1 and said:  # "scope of the 3M line": one line, so answer with its own words
        return clause_answer(ctx, q, ctx.clause(lines[0].clause), lines[0])
    if not lines:
        what = " and ".join(said) or "matching that"
        return Answer(
            q, f"No support line is {what}. Ask “list all the caps” to see every line.", (), ctx.status, "catalogue"
        )
    lead = (
        f"{len(lines)} support line{'s' if len(lines) > 1 else ''} {' and '.join(said)}:"
        if said
        else f"All {len(lines)} support lines and their caps:"
    )
    hits = ctx.cite(*_lead_ids(ctx, q, heading, lines), *[ln.clause for ln in lines])
    note = "" if ctx.catalogue.combining else "The text says nothing about combining lines."
    table = lines_table([(ln.clause, ln) for ln in lines])
    calc = ctx.one_of(lines[0]) if extreme else None  # tied lines share the figure: the calculator states it once
    return Answer(q, compose(lead, table, note, hits=hits), tuple(hits), ctx.status, "catalogue", calculation=calc)


def _within(cap: int, word: str, amount: int) -> bool:
    """'below 5m' is strictly below; 'at most' and 'at least' include the figure."""
    word = word.lower()
    if word in ("at most", "at least"):
        return cap <= amount if word == "at most" else cap >= amount
    below = word in ("below", "under", "less than", "lower than", "smaller than")
    return cap < amount if below else cap > amount


def _lead_ids(ctx: Context, q: str, heading, lines) -> list[str]:
    """What a filtered table cites first: the asker's own line when the question names its activity ('for an
    e-commerce business, ...'), else the heading the table is filtered by."""
    titles = " ".join([heading.title, *heading.path]) if heading is not None else ""  # the heading and those above
    own = set(ctx.topic_words(q)) - set(tokenize(titles))
    best = ctx.options(q)[:1] if own else []
    if best and best[0].line.key in {ln.key for ln in lines}:
        return [best[0].clause.id]
    return [heading.id] if heading is not None else []


MENTION = re.compile(r"\b(mention\w*|refs?|references?|referencing|which (?:[\w-]+ )?(?:items?|clauses?|lines?) "
                     r"(?:say|name|cover|involve|concern|refer to|talk about|deal with)|"
                     r"all (?:refs|references|mentions|clauses)|where does it (?:say|mention)|"
                     r"(?:involv\w*|concern\w*|about)\b[^.?!]{1,40}\b(?:clauses?|items?|lines?) (?:have|are) which)\b",
                     re.I)  # "<involve> <x> clause have which?": the order a translated question keeps


SAYING = re.compile(r"\b(?:mention\w*|involv\w*|refer\w*|talk about|say)\b", re.I)  # what a text says, not covers


def _mentions(ctx: Context, q: str) -> Answer:
    """Every clause whose own text holds all of the question's topic words (or of the term it quotes), with its
    line's cap."""
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]|(?<!\w)['‘]([^'’]+)['’](?!\w)", q)
    asking = next((s for s in re.split(r"(?<=[?!。？])\s*", q) if MENTION.search(s)), q)  # not "..? sum it up for me"
    text = (quoted.group(1) or quoted.group(2)) if quoted else asking
    split = r"\s+/\s+" if quoted else r"\s+/\s+|,\s*|\s+or\s+"  # "LLMs / large language models": one
    # thing, two names; "<a>, <b>" or "<a> or <b>": two topics; a clause saying either counts
    names = [c for c in (_concepts(ctx, n) for n in re.split(split, text)) if c]
    ids = [c.id for c in ctx.clauses if c.text and not c.heading_only
           and any(_says_all(concepts, set(tokenize(c.text))) for concepts in names)]
    exact = [i for i in ids if quoted and text.strip().lower() in ctx.clause(i).text.lower()]
    ids = exact or ids  # a quoted term: the clauses that say it as quoted
    if not ids:
        return Answer(q, "No clause says that. Ask “list all the caps” to see every line.", (), ctx.status, "catalogue")
    rows = "\n".join(f"- **{i}**: “{best_sentence(ctx.clause(i).text, q, 200)}”" + _cap_note(ctx, i) for i in ids)
    hits = ctx.cite(*ids)
    return Answer(q, compose(f"{len(ids)} clause{'s' if len(ids) > 1 else ''} say it:", rows, hits=hits), tuple(hits),
                  ctx.status, "catalogue")


def _concepts(ctx: Context, text: str) -> list[list[set[str]]]:
    """Each thing the text names, as alternative word sets: a phrase the policy's synonym table knows is said
    either in the asker's words or in the policy's ('large language models' or 'LLMs AI'); other words alone."""
    concepts = []
    for pattern, terms in ctx.retriever.synonyms.patterns:
        m = pattern.search(text)
        own = set(tokenize(m.group(0))) if m else set()
        if own:
            concepts.append([own, set(tokenize(terms))])
            text = text[: m.start()] + " " + text[m.end():]
    said = {w for alts in concepts for alt in alts for w in alt}  # "<term> <its abbreviation>": one thing, said twice
    return concepts + [[{w}] for w in ctx.topic_words(text) if w in tokenize(text)
                       and not any(w.startswith(s) or s.startswith(w) for s in said)]


def _says_all(concepts: list[list[set[str]]], words: set[str]) -> bool:
    return bool(concepts) and all(any(alt <= words for alt in alts) for alts in concepts)


def _cap_note(ctx: Context, clause_id: str) -> str:
    lines = ctx.catalogue.lines_of(clause_id)
    return f" ({'; '.join(line_phrase(ln) for ln in lines)})" if lines else ""


def _line_items(ctx: Context, q: str) -> Answer:
    """The best-matching line and the items under it, each with its own words."""
    found = ctx.options(q)
    if not found:
        return Answer(
            q, "No support line matches that. Ask “list all the caps” to see every line.", (), ctx.status, "catalogue"
        )
    quoting = [o for o in found if o.quoted]
    if len(quoting) > 1:  # "new R&D institutions: which items mention them?": every line that says it
        rows = [(o.clause.id, o.line) for o in quoting]
        hits = ctx.cite(*[cid for cid, _ in rows])
        lead = f"{len(rows)} lines name it:"
        return Answer(q, compose(lead, lines_table(rows), hits=hits), tuple(hits), ctx.status, "catalogue")
    line = found[0].line
    ids = [line.clause, *line.covers]
    rows = (
        "\n".join(f"- **{i}**: “{best_sentence(ctx.clause(i).text, q, 240)}”" for i in ids[1:])
        or f"- **{line.clause}**: “{best_sentence(ctx.clause(line.clause).text, q, 400)}”"
    )
    lead = f"**{line.clause}** ({line.label}) pays {line_phrase(line)}; it covers:"
    hits = ctx.cite(*ids)
    return Answer(q, compose(lead, rows, hits=hits), tuple(hits), ctx.status, "catalogue")


def heading_named(ctx: Context, q: str):
    """The part, section or item heading the question names: words of a heading's title -> that heading."""
    words = set(tokenize(q)) - GENERIC_AREA_WORDS
    best, score = None, (0, 0, 0)
    for clause in ctx.clauses:
        inside = clause.level != "subitem" or WITHIN.search(q)  # "lines under fashion" vs "lines for fashion"
        heads = any(is_under(ln.clause, clause.id) for ln in ctx.catalogue.lines)
        if clause.level not in ("part", "section", "item", "subitem") or not inside or not heads:
            continue
        title = set(tokenize(HEADING_FILLER.sub(" ", clause.title))) - GENERIC_AREA_WORDS
        shared = len(words & title)
        rank = (shared / len(title), shared, len(clause.path)) if title else (0, 0, 0)  # closest, most, deepest
        if shared and shared >= len(title) / 2 and rank > score:
            best, score = clause, rank
    return best


# A heading's opening verb and comparative ("Enhancing a more <adjective> ...") say what the policy does, not
# what the heading covers; its nouns are what a question names it by.
HEADING_FILLER = re.compile(r"\b\w+ing\b|\bmore \w+\b", re.I)


def _naming(ctx: Context, q: str, lines: list) -> list:
    """The lines whose own clauses (the line's and the items it covers) name a word of the question."""
    words = {w for w in ctx.topic_words(q, expand=False) if w[0].isalnum()}  # not the '+' of "zero carbon+"
    return [ln for ln in lines
            if words & {w for c in (ln.clause, *ln.covers) for w in tokenize(ctx.clause(c).text)}] if words else []


def sector_named(ctx: Context, q: str) -> str | None:
    """The focus area whose distinctive words the question uses: '<sector word> lines' -> that focus area."""
    words = set(tokenize(q))
    best, score = None, 0
    for area in ctx.catalogue.focus_areas:
        shared = len(words & (set(tokenize(area)) - GENERIC_AREA_WORDS))
        if shared > score:
            best, score = area, shared
    return best


GENERIC_AREA_WORDS = set(tokenize("services service industry industries sector sectors business"))


def footnotes(ctx: Context, q: str) -> Answer:
    notes = ctx.clause_of_level("footnote")
    named = {c.id for c in ctx.retriever.mentioned(q)}
    notes = [c for c in notes if c.parent in named or c.id in named] or notes
    if not notes:
        return Answer(q, "This policy has no footnote.", (), ctx.status, "catalogue")
    quoted = "\n\n".join(f"**{c.id}**: “{c.text.strip()}”" for c in notes)
    lead = f"The policy has {len(notes)} footnote{'s' if len(notes) > 1 else ''}:"
    hits = ctx.cite(*[c.id for c in notes], *[c.parent for c in notes if c.parent])
    return Answer(q, compose(lead, quoted, hits=hits), tuple(hits), ctx.status, "catalogue")

