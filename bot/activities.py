"""Which support lines the activities of a question fall under: one line per activity, with its count and years.

'We run both an aircraft leasing business and a software business, one project each' -> two lines, one project each;
'3 buildings with solar panels plus one ESCO project' -> one line, four projects.
"""

from __future__ import annotations

import re
from fractions import Fraction

from bot.calculator import counted_phrases, number_value, years_in
from bot.context import Context
from bot.counts import (
    BACK_REFERENCE,
    ENTITIES_EACH,
    LABELLED,
    ONE_EACH,
    PEOPLE_OR_PLACES,
    PERSON_UNITS,
    PLACE_UNITS,
    PROFILE_FACT,
    PROJECT_LIKE,
    across_years,
    count_in,
    counts_listed,
    each_count,
    each_project_count,
    explicit,
    explicit_count,
    per_entity,
    stated_counts,
    sum_counts,
    without_profile,
)
from bot.matching import (
    ASKER_PHRASE,
    ENTITY,
    ENTITY_NAMED,
    Option,
    activity_words,
    condition_words,
    is_broad,
    names_rare_word,
    quotes_phrase,
)
from bot.router import stated_amount
from index.lexical import tokenize

SEPARATORS = re.compile(
    r"\s*(?:(?<!\d),|,(?!\d{3})|[;:]|\s\+\s|\([a-h1-9]\)|\band also\b|"
    r"\band\b(?!\s+(?:again\s+)?(?:in\s+)?20\d\d\b)|"  # not "2025 and (again in) 2026": one span of years
    r"\bplus\b|\bas well as\b|"
    r"\bbesides\b|\bon top of\b)\s*",
    re.I,
)
ASIDE = re.compile(
    r"\b(company|firm|group|grp|business|startup|agency|studio|enterprise|maker|operator|chain|lab)\s*\(([^()]*)\)",
    re.I)  # "a <sector> company (retail + brands, 1,200 staff)": who is asking, not what they ask about
TIMES = re.compile(r"\b([a-z][\w-]*?)(?:\s+[x×]|\s*×)\s*([1-9])\b", re.I)  # "rnd x3"; not "approx 1"
COUNTED_ASIDE = re.compile(
    r"(\b(?:two|three|four|five|six|[2-9])\s+(?:[\w&'-]+\s+){0,5}?[a-z]+s(?:\s+[a-z]+){0,3}?)\s*\(([^()]{3,})\)", re.I
)  # "two green events (a forum and an expo)", "2 centres to set up (one in A, one in B)": the count says how many
ALL_OF = re.compile(r"\b(both|(?<=all )(?:three|four|five|[3-5]))(?: of them| together| combined| in total)?"
                    r"(?: (?:get|receive|bring|earn))?\W*$",
                    re.I)  # "..., how much for all three?": the question asks about several things named before
SUMMED = re.compile(r"\b(two|three|four|five|[2-5]) projects?\b", re.I)
SUMMED_UP = re.compile(r"\s*=\s*(?:\d|two|three|four|five|six)\w*\s+projects?\b", re.I)
SUMMING_UP = re.compile(r"\b(?:in total|total|altogether|overall|so|in all)\b", re.I)


def _count_for_last(part: str, words: set[str], items_so_far: int) -> int | None:
    """'this year 2 projects' after an activity: its count. None when the part names an activity of its own or
    sums up what came before ('so two projects in total', 'A, B, 2 projects')."""
    counted = [n for n, unit, article in stated_counts(part) if unit.startswith("project") and not article]
    if words or not counted or counted[0] == items_so_far or SUMMING_UP.search(part):
        return None
    return counted[0]


def _summing_count(ctx: Context, q: str) -> int | None:
    """'..., and B. we plan to apply for 2 projects.': a sentence naming no activity counts what came before."""
    for sentence in re.split(r"[.;:?!=]\s*", q):  # "A project + B project = 2 projects"
        m = SUMMED.search(sentence)  # not "for the three projects": that refers back
        if m and not activity_words(sentence, ctx.home_words) and not BACK_REFERENCE.search(sentence[: m.start()]):
            return int(number_value(m.group(1)))
    return None


def _closing_count(ctx: Context, parts: list[str]) -> int | None:
    """'A, B, 2 projects in total, how much?': the last part counts, in total, what the parts before it name."""
    last = parts[-1] if parts else ""
    m = SUMMED.search(last)
    if m and SUMMING_UP.search(last) and not activity_words(last, ctx.home_words):
        return int(number_value(m.group(1)))
    return None


TRAILING_COUNT = re.compile(r"(?<=[\w'\"])\s*\(([1-9]|one|two|three|four|five|six)\)(?=\s*(?:[,;.?!—–-]|and\b|plus\b|$))",
                            re.I)
EACH_OF = re.compile(r"\W*(?:each|every)\b", re.I)  # a part that says how the things before it are counted
# "~18 month build", "6 weeks": how long something takes, not a thing asked about (years count annual support)
DURATION = re.compile(r"\W*(?:~|about|approx\.?|around)?\s*\d+(?:\.\d+)?[\s-]*(?:months?|weeks?|days?)\b", re.I)
LEADING_COUNT = re.compile(r"^\W*(?:and\s+)?([2-9]|two|three|four|five|six)\s+(?!(?:m|mn|million|k|yuan|rmb|years?|"
                           r"months?|weeks?|days?|people|persons?|staff|employees|sqm|square|times|"
                           r"of|on|in|for|to|at|with)\b)[A-Za-z]", re.I)  # not "two on <x>": a share of a count
LEADING_ONE = re.compile(r"^\W*(?:and\s+)?(?:one|another|1)\b", re.I)  # "..., and one on <a second thing>"
ONE_PROJECT = re.compile(r"(?<!per )(?<!each )\b(?:project|as another)\W*$", re.I)  # "<x> project, <y> project",
# "<x> as one project and <y> as another": one project each
NOT_AN_ITEM = re.compile(r"\W*(?:(?:¥|rmb)\s*)?\d[\d,.]*\s*(?:m|mn|million|k|%|yuan)\b|\W*(?:per|for|each|every|over|"
                         r"within|in|with|at|by|from)\b", re.I)  # "<x> project, 100m per year": said about it
ITEM_START = re.compile(
    r"\W*(?:and\s+|also\s+)*(?:a|an|one|another|two|three|four|five|[1-9](?![\d.,]*\s*(?:m|mn|million|k|%)\b))"
    r"\s+(?!(?:on|of|in|for|to|at|with)\b)"
    r"|\W*(?:and\s+|also\s+)*(?:[\w-]+\s+)?[a-z]{2,}ing\s+(?:up\s+)?(?:a|an|one|our|its|their|the|two|three|[1-9])\s"
    r"|\W*(?:[\w-]+\s+){1,3}(?:upgrade|expansion|relocation|renovation)\W*$",
    re.I)  # "a <thing>", "2 <things>", "hosting a <thing>", "<x> setting up its <y>", "<x> upgrade"; not "two on <x>"
SEVERAL = re.compile(
    r"\s\+\s|\bboth\b(?!\s+(?:years\b|\d{4}\b))[^.?!]{3,}\band\b"  # not "both 2025 and 2026"
    r"|\bone\b[^.?!]{3,}(?:\band|,)\s+(?:one(?![- ](?:time|off))|another)\b|\bone\b[^.?!]{3,}\bis another\b"
    r"|\bas (?:one|a|its own|a separate) project\b[^.?!]{3,}\bas another\b"
    r"|\bprojects?\s+and\s+(?:a|an|one|1)\s[^.?!]{0,60}\bprojects?\b"
    r"|\beach (?:apply|applies|applying|submits?|submitting|files?|filing|with|gets?|for) (?:one|1|a) project\b"
    r"|\b(plus|as well as|also|separately|furthermore|moreover|additionally|"
    r"(?:one|a|two|\d+) (?:projects? )?each|on top|"
    r"in addition|"
    r"each of them)\b",
    re.I,
)
WHO = r"company|co|corp|firm|group|business|startup|start-up|agency|smes?|enterprise|entity"  # nouns naming who asks
ASKER = re.compile(rf"\b({WHO}|lab|maker|manufacturer|provider|operator|we are|we're)\b(?:\s+here)?\W*$", re.I)
DOING = re.compile(r"\W*(?:we|i)\s+(?:do|work in|speciali[sz]e in|are in|fall under|belong to|operate in)\s+"
                   r"[\w&' -]+\W*$", re.I)  # "we do <sector>, ...", "we are in the <sector> sector, ..."
ASKING = re.compile(r"\W*(?:what|whats|what's|how|which|can|could|tell|pls|please)\b", re.I)  # "whats the max for …"
ASKER_NOUN = re.compile(rf"\b(?:{WHO})\b", re.I)
PROFILE_ASIDE = re.compile(r"\s*\(([^()]+)\)")
# "(not a project, the entity itself)": what is not asked about; its "(" stays so the aside still closes
# "a single project cap is how much?" asks what one project can get, after the items: not one more item
SINGLE_CAP = re.compile(r"\b(?:a|one|each) single project(?:'s)? (?:cap|limit|ceiling)\b"
                        r"|\b(?:cap|limit|ceiling) (?:for|of|per) (?:a|one|each) single project\b", re.I)
NOT_ASKED = re.compile(r"\(?\bnot (?:a|an|one|for a|for any) projects?\b,?", re.I)


def activities(ctx: Context, q: str) -> list[tuple[Option, int, Fraction | None]]:
    """(option, count, years) for each activity asked about: several when several parts each name their own line.
    Years are read where the activity is: 'entity support for both years plus one promotion project'."""
    found = _activities(ctx, q)
    if SINGLE_CAP.search(q) and len({o.line.key for o, _, _ in found}) == 1:
        return [(found[0][0], 1, None)]  # "A, and B along the way: a single project's cap?" is one project's cap
    spread = across_years(q)  # "two <x> projects in 2025, one in 2026": one line, its projects over the years
    if spread and len(found) == 1 and not found[0][0].line.annual:
        return [(found[0][0], spread * per_entity(q), None)]
    return found


def _activities(ctx: Context, q: str) -> list[tuple[Option, int, Fraction | None]]:
    q = ONE_OF.sub(r"\1", q)  # "one of our clients": who asks, no count
    q = NOT_A.sub(" ", q)  # "if you're not a <x> firm or a <y> company": what the asker is not names no line
    q = without_profile(_named_runs(ctx, NOT_ASKED.sub(" (", SINGLE_CAP.sub("the cap", q))))
    q = ASIDE.sub(lambda m: m.group(0) if _counts_projects(m.group(2)) else m.group(1), q)
    restated = SUMMED_UP.search(q) if SEPARATORS.search(q[: q.find("=")]) else None  # "A + B = 2 projects": the
    q = SUMMED_UP.sub(" ", q) if restated else q  # sum restates the items; "<one thing> = 2 projects" counts it
    q = PROFILE_ASIDE.sub(_without_profile_aside, q)  # "SME here (45 staff, 1,100 sqm): ...": who the firm is
    q = TIMES.sub(lambda m: f"{m[2]} {m[1]}" + ("" if m[1].lower().endswith("s") else " projects"), q)  # "<x> x3"
    q = COUNTED_ASIDE.sub(lambda m: m.group(0) if _counts_projects(m.group(2)) else m.group(1), q)
    q = TRAILING_COUNT.sub(r" (\1 project)", q)  # "an app (1), an alliance (1)": counts, not list markers
    numbered = numbered_items(q)
    if numbered:  # "(1) A (2) B (3) C": one activity per numbered item, read with what comes before the list
        return _per_item(ctx, numbered, q[: NUMBERED.search(q).start()].strip())
    listed_items = enumerated(q)
    if listed_items:  # "three things: A, B, and C": one activity per item, read with who is asking
        head = list_head(q)
        projects = "project" in head.group(0)[: head.start("list") - head.start()].lower()
        return _per_item(ctx, listed_items, q[: head.start()].strip(), projects)
    parts = [p for p in SEPARATORS.split(q) if p and p.strip()]
    entities = per_entity(q)  # "two subsidiaries, each does A and B": each entity's projects
    counted = counted_segments(parts, ctx.vocabulary, distributes=entities > 1,
                               heading=bool(parts) and _before_colon(parts[0], q))
    listed = len(parts) > 2 and not any(n > 1 for n, _, _ in stated_counts(q))  # "three projects (a, b, c)" is one line
    items = [p for p in re.split(r"[,;+]|\([a-h1-9]\)", q) if p.strip()]  # listed by commas, not by every 'and'
    quoting = [p for p in items if any(o.quoted for o in ctx.options(p)[:1]) and not ASKER.search(p)] if listed else []
    project_items = [p for p in items if re.search(r"\bprojects?\b", p, re.I)  # "that project" refers back
                     and not re.search(r"\b(?:that|this|the|each|both|these|those)\s+projects?\b", p, re.I)
                     and activity_words(p, ctx.home_words)] if listed else []  # "..., 1 project" names nothing
    # "X project, Y project and Z": several things asked about
    several = SEVERAL.search(_without_asides(q)) or len(quoting) > 1 or len(project_items) > 1
    each_part = not several and _each_part_an_activity(ctx, parts, q)
    named = [p for p in parts if activity_words(p, ctx.home_words) and not SUMMED.search(p)]
    summed_up = not several and len(named) >= 2 and _closing_count(ctx, parts) == len(named) \
        and not any(n > 1 and unit.startswith("project") for p in parts[:-1] for n, unit, _ in stated_counts(p))
    # "A, B, 2 projects in total"; not "2 <x> projects (A, B), 2 projects in total"
    several = several or each_part or summed_up
    asked = re.search(r"\b(?:for (?:1|one|a single)|per) project\W*$", q, re.I)  # "A + B, for 1 project": the
    one_for_all = asked and not each_count(q) and not re.search(r"\bprojects?\b", q[: asked.start()], re.I)  # items
    one_project = one_for_all or [(n, unit[:7]) for n, unit, _ in stated_counts(q)] == [(1, "project")] and \
        not several  # describe one project, unless each was called a project
    plus = plus_items(q)
    if plus:
        parts = plus  # "<who we are>: A + a B + one C": each item its own activity
    all_of = ALL_OF.search(q)
    too_few = (all_of is not None and len(counted) < number_value(all_of.group(1))  # "all three", two segments
               and not any(c[1].startswith("project") for c in stated_counts(q)) and not LABELLED.search(q))
    one_each = several and each_count(q) == 1 and entities == 1  # "A, B and C - one project each": every part
    use = [] if one_project else parts if plus or each_part or too_few or one_each or summed_up \
        else counted if len(counted) > 1 \
        else parts if several and len(parts) > 1 else []
    by_line: dict[object, tuple[Option, list[int], list]] = {}
    seen: set[str] = set()
    askers: list[Option] = []
    merged = False  # a part went to the line of who asks
    last = None  # the entry the part before named
    for i, part in enumerate(use):
        if use is parts:
            part = _without_question(part)  # "... patent mapping. how much in total?": keep the activity
            who = i == 0 and (_names_who_asks(part) or _sector_of_asker(ctx, part, use) or _before_colon(part, q))
            if SELF.match(part) and ASKER.search(part) or who:
                continue  # "We are a <kind> firm, A + B", "<Kind> firm: ...": who asks, not what they ask about
            if (EACH_OF.match(part) and entities == 1) or ONE_EACH.match(part) or DURATION.match(part):
                continue  # "..., each certified separately", "one project per building": how things are counted
            if i == 0 and ". " in part:  # "We are a <kind> firm. We're upgrading X": the sentence after the description
                part = part.rsplit(". ", 1)[1]
            if not part:
                continue
        if i == 0 and ". " in part and _names_who_asks(part.split(". ", 1)[0]):
            part = part.split(". ", 1)[1]  # "<Sector> company. We want <x> for two years": the asker, then the ask
        if i == 0 and SELF.match(part) and not re.search(r"\bprojects?\b", part, re.I) \
                and not ENTITY_NAMED.search(part) and not activity_words(ASKER_PHRASE.sub(" ", part), ctx.home_words):
            continue  # "We're an <x> company registered in <district>. Over two years": who asks, and how long
        words = set(activity_words(part, ctx.home_words))
        if i and words and words <= seen and not re.search(r"\bprojects?\b", part, re.I):
            continue  # "<x> team project, one team of 6 people": the part describes what an earlier part named
        seen |= words
        opt = part_option(ctx, part)
        earlier = next((e[0] for e in by_line.values() if opt is not None and not opt.quoted and words
                        and not e[0].line.entity_level and e[0].line.key != opt.line.key
                        and words <= set(tokenize(e[0].line.text))), None)
        opt = earlier or opt  # "a <x> project and a <y> project": the line whose text names both
        if opt is not None and askers and not opt.quoted and not names_rare_word(part, opt.line, ctx.catalogue) \
                and not opt.line.entity_level:  # "entity-level support for 2 years": the entity's own line
            own = _named_by_earlier(words, opt, askers)
            merged, opt = merged or own is not None, own or opt
        if opt is not None and opt.line.entity_level and not ENTITY_NAMED.search(part) and last is not None \
                and last[0].line.annual and not last[0].line.entity_level:
            continue  # "<x> project, counted as annual support": the basis of the line just named
        if opt is not None and ASKER_PHRASE.search(part) and not re.search(r"\bprojects?\b", part, re.I):
            askers.append(opt)  # "a <x> startup with 12 staff": the line of who asks
        given = _count_for_last(part, words, sum(len(ns) for _, ns, _ in by_line.values())) if opt is None else None
        if given and last is not None and last[1][-1][0] <= 1:
            last[1][-1] = (given, True, False)  # "X, this year 2 projects": the count of X just named
            continue
        if opt is not None:  # parts naming the same line add up their stated counts: '3 buildings plus one ESCO'
            n, said = count_in(ENTITIES_EACH.sub(" ", part), opt.line) or 0, explicit(part)
            one = bool(ONE_PROJECT.search(_without_question(part)))  # "..., a <x> project, two <y> projects"
            if not n and (LEADING_ONE.match(part) or one or ONE_THING.search(part)):
                n, said = 1, True  # "launch one <thing>": one of it
            leading = LEADING_COUNT.match(part) if not n else None  # "2 IP analyses": the count opens the item
            if leading:
                n, said = int(number_value(leading.group(1))), True
            said = said or one
            summary = any(c[1].startswith("project") and c[0] > 1 for c in stated_counts(part))
            key = (opt.line.key, opt.clause.id) if use is parts else opt.line.key  # items of one line: each its own
            entry = by_line.setdefault(key, (opt, [], []))
            entry[1].append((n, said, summary))
            entry[2].append(years_in(part))
            last = entry
        else:
            last = None
    each = each_count(q)  # "A and B, one project each": each part its own project, whichever line it is on
    summed = _summing_count(ctx, q) or (int(number_value(restated.group(0).split()[-2])) if restated else None)
    # "A and B. 2 projects.", "A + B = 2 projects": the count sums up the items named, one each
    if summed and len(by_line) > 1 and summed == sum(len(ns) for _, ns, _ in by_line.values()):
        each = 1
    elif summed and len({o.line.key for o, _, _ in by_line.values()}) == 1 and not any(
            said and n != summed for _, ns, _ in by_line.values() for n, said, _ in ns):  # "A, B, C. 3 projects."
        opt, _, years = max(by_line.values(), key=lambda entry: len(entry[1]))  # the item most parts name
        return [(opt, entities * summed, next((y for y in years if y is not None), None))]
    both = int(number_value(all_of.group(1))) if all_of else 0
    if both and len(by_line) == 1 and all(n <= 1 for _, ns, _ in by_line.values() for n, _, _ in ns) \
            and len(next(iter(by_line.values()))[1]) >= both:  # "A and B + C, how much for both?": both on one line
        opt, _, years = next(iter(by_line.values()))
        return [(opt, entities * both, next((y for y in years if y is not None), None))]
    if len(by_line) > 1 or any(len([c for c in ns if c[0]]) > 1 or each and len(ns) > 1
                               for _, ns, _ in by_line.values()):
        return [
            (o, entities * (each * len(ns) if each else sum_counts(ns)),
             next((y for y in ys if y is not None), years_in(q) if o.line.entity_level else None))
            for o, ns, ys in by_line.values()  # "entity-level support for 2025 and 2026 plus ...": both years
        ]
    if merged and len(by_line) == 1:  # "<x> startup, three projects covering R&D": that line, that count
        opt, ns, years = next(iter(by_line.values()))
        stated = sum(n for n, _, _ in ns)  # the projects the parts count; who asks counts none
        return [(opt, entities * (stated or 1), next((y for y in years if y is not None), None))]
    found = ctx.options(q)
    if not found:
        return []
    counted = counted_noun_line(found, q)
    if counted is not None and counted is not found[0] and _names_more(ctx, q, found[0], counted):
        counted = None  # "a <rare> talent team, four teams": the line quoting the rare words, not the per-team one
    best = _entity_line(found, q) or counted or project_phrase_line(found, q, ctx) \
        or own_line_for_project(found, q, ctx) or project_word_line(found, q, ctx) or found[0]
    return [(best, count_in(q, best.line) or each_project_count(q) or 1, years_in(q))]


WORD_RUN = re.compile(r"\b[\w-]+(?:,\s+[\w-]+)*,?\s+and\s+[\w-]+\b", re.I)


def _named_by_earlier(words: set[str], general: Option, earlier: list[Option]) -> Option | None:
    """'<x> startup, four projects covering R&D': the words a general line takes the part by are also named by
    the specific line of who asks, so the part is that line's project."""
    taken = words & set(tokenize(general.line.text))
    return next((o for o in earlier if taken and o.line.key != general.line.key and not is_broad(o.line)
                 and taken <= set(tokenize(o.line.text))), None)


def _entity_line(found: list[Option], q: str) -> Option | None:
    """'the most an <x> entity can get in a year': the entity-level line, when the entity itself is asked about."""
    if not (re.search(r"\bentit(?:y|ies)\b", q, re.I) and ENTITY.search(q)) or re.search(r"\bprojects?\b", q, re.I):
        return None
    return next((o for o in found if o.line.entity_level), None)


def _before_colon(part: str, q: str) -> bool:
    """'<who we are>: A, B and C': a first part that ends at a colon introduces the list; it asks for nothing."""
    return bool(re.match(rf"\W*{re.escape(part.strip())}\s*:", q))


def _without_profile_aside(m: re.Match) -> str:
    """'(est. 2019, ~60 hosts, 2,400 sqm)': a profile when every fact is one, or a bare count of something other
    than projects beside them."""
    facts = re.split(r",(?!\d{3})\s*", m.group(1))
    profile = [f for f in facts if PROFILE_FACT.match(f)]
    counted = [f for f in facts
               if f not in profile and BARE_COUNT.match(f) and not re.search(r"\bprojects?\b", f, re.I)]
    return " " if profile and len(profile) + len(counted) == len(facts) else m.group(0)


BARE_COUNT = re.compile(r"^\W*(?:~|about|approx\.?|around|over|nearly|some)?\s*[\d,.]+\+?\s+[a-z]+s\W*$", re.I)


def _named_runs(ctx: Context, q: str) -> str:
    """A run the policy itself uses as one name ('A, B, C and D', 'small and medium-sized' in its text) is one
    thing, not a list: its commas go and its 'and' becomes '&', which no separator splits on."""
    text = " ".join(c.text.lower() for c in ctx.clauses)

    def keep(m: re.Match) -> str:
        run = m.group(0)
        return run.replace(",", "").replace(" and ", " & ") if run.lower() in text else run

    return WORD_RUN.sub(keep, q)


TOTAL_ASKED = re.compile(r"\b(total|sum|altogether|combined|in all|all in|add (?:it|them|these)?\s*up|"
                         r"all of (?:it|them|these|this)|everything)\b", re.I)
# "an X park", "set up our HQ", "bring in 2 talents", "<thing> project", "buying <services>": one thing each
ACTIVITY_PART = re.compile(
    r"^\W*(?:and\s+|also\s+|plus\s+)?(?:(?:we|i)\s+(?:want|plan|intend|need|hope|aim)\s+(?=to\b))?"
    r"(?:(?:we'll|we will|will|to)\s+)?(?:[a-z]+(?:\s+(?:up|in|on))?\s+)?"
    r"(?:a|an|one|two|three|\d{1,2}(?![\d.,]*\s*(?:m|mn|million|k|%|yuan)\b)|our)\b|\bprojects?\W*$|\bprogramm?e?s?\W*$"
    r"|\bpark\W*$|^\W*(?:and\s+)?[a-z]{3,}ing\s+[a-z]{3,}", re.I)
# "launch one <x>": one of it
ONE_THING = re.compile(r"^\W*(?:and\s+)?[a-z]+\s+(?:one|1|a single)\s+(?!of\b|time\b|off\b)[a-z]", re.I)
COUNTS_ITS_OWN = re.compile(r"\b(?:[1-9]|one|two|three|four|five)\s+(?!of\b)[a-z]", re.I)  # "launch one <thing>"
ROLE = re.compile(rf"\bas an?\s+(?:[\w-]+\s+)?(?:{WHO})\W*$", re.I)  # "set up X as an SME": in what role, not who
WITH_LIST = re.compile(r"\b(?:with|together with|alongside)\s+(?:our|the|a|an|some|local|two|three|\d)\b[^,;:]*$", re.I)
SELF = re.compile(r"^\W*(?:we(?:'re| are)|i(?:'m| am)|our (?:company|firm|group|business) is|this is)\b", re.I)


def _each_part_an_activity(ctx: Context, parts: list[str], q: str) -> bool:
    """'A project, an X park and a Y programme. total?': every part names its own thing, on at least two lines."""
    said = [p for p in (_without_question(p).strip(" .") for p in parts) if p]
    said = [p for i, p in enumerate(said) if not (i == 0 and _names_who_asks(p))]  # "SME here: A, B and C"
    several_projects = any(n > 1 for n, u, _ in stated_counts(q) if PROJECT_LIKE.match(u))
    if len(said) < 2 or not TOTAL_ASKED.search(q) or several_projects:
        return False  # "2 projects: A and B" lists the two projects; it does not add activities
    if not all(ACTIVITY_PART.search(p) and not (ASKER.search(p) and not ROLE.search(p)) and not SELF.match(p)
               for p in said):
        return False
    if any(WITH_LIST.search(p) for p in said[:-1]):
        return False  # "set up 2 consortia with our suppliers and a university": who with, not a second thing
    keys = {(o.line.key, o.clause.id) for o in (part_option(ctx, p) for p in said) if o is not None}
    counted = all(explicit(p) or COUNTS_ITS_OWN.search(p) for p in said)  # "two <x>s and one <y>, all of it?"
    return len(keys) >= 2 or len(keys) == 1 and counted  # two lines, two items of one line, or counted apart


def _without_asides(q: str) -> str:
    """The question less its parentheticals: "(workshop + office)" describes the firm; it lists nothing asked about."""
    return re.sub(r"\([^()]*\)", " ", q)


def _names_who_asks(part: str) -> bool:
    """'Property management firm' opening a question: a short name of the asker, with no verb of its own ('<x> firm
    for one year' says how long)."""
    part = YEARS_SPAN.sub(" ", part).strip()
    return bool(ASKER.search(part)) and not re.search(r"\b(?:we|i|our|my)\b", part, re.I) and len(part.split()) <= 5


COUNTED_ITEM = re.compile(r"\s*(?:and\s+)?(?:[1-9]|one|two|three)\s+(?!\+)\S", re.I)  # "1 for <x>", "two <x>s"


NOT_A = re.compile(r"\b(?:(?:if )?(?:you're|you are|we're|we are|i'm|i am) )?not (?:a|an) [\w&' -]{2,40}?"
                   r"(?: or (?:a|an) [\w&' -]{2,40}?)?(?=[?.,;]|$)", re.I)
ONE_OF = re.compile(r"\bone of ((?:our|my|the|their) (?:clients|customers|members|companies|firms|subsidiaries))\b",
                    re.I)
COUNT_ASIDE = re.compile(r"\(\s*(?:[1-9]|one|two|three|four|five)\s+projects?\s*\)", re.I)


def plus_items(q: str) -> list[str]:
    """The items of 'A + a B + one C', after any description before them; [] when the '+' items are what a stated
    count of several projects lists ('2 projects (A + B)')."""
    if re.search(r"\((?:one|1|a single)\s+project\b", q, re.I):
        return []  # "A + B (1 project)": the items make one project
    q = re.sub(r"\([^()]*\)", lambda m: m[0] if COUNT_ASIDE.fullmatch(m[0]) else " ", q)  # "(2 projects)" counts
    if not re.search(r"\s\+\s", q):
        return []
    start = re.search(r"\s\+\s", q).start()
    segments = re.split(r"[,;:]\s*", q)
    counted = [g for g in segments if COUNTED_ITEM.match(g)]
    if len(counted) >= 2 and any(" + " in g for g in counted):  # "1 A, 1 for B + C, 1 D": '+' joins one item's parts
        return []
    head = re.split(r"[:;]\s*|\.\s+", q[:start])[-1]  # the first item, after any description before it
    description = q[: start - len(head)]
    if any(n > 1 and u.startswith("project") for n, u, _ in stated_counts(description)):
        return []  # "2 projects: A + B": the count is of the items
    items = re.split(r"\s\+\s", head + q[start:])  # each '+' item, and any comma-parts after the last one
    return [p for item in items for p in re.split(r",\s*", item) if p and p.strip()]


ENUMERATION = re.compile(
    r"\b(two|three|four|five|[2-5])\s+(?:\w+\s+)?(?:things|projects|activities|items|initiatives|plans|parts|parks)\b"
    r"[^:.?]{0,30}(?::|\s[-–—]\s)\s*(?P<list>[^?]+)", re.I)


def _counts_projects(text: str) -> bool:
    return bool(re.search(r"\bprojects?\b|^\s*\d\s*$", text, re.I))


QUOTED = re.compile(r"(?<!\w)['‘\"“][^'’\"”]+['’\"”](?!\w)")


LIST_HEAD = re.compile(r"\b(?:projects|activities|plans|initiatives|want|wants|planning)\s*:\s*(?P<list>[^?]+)", re.I)


def list_head(q: str) -> re.Match | None:
    """'N things: ...' or 'projects: ...': the words that open a list of the activities asked about."""
    return ENUMERATION.search(q) or LIST_HEAD.search(q)


# "(1) ", "1) ", "1. ", "a) " opening an item after a space, a colon or the start (never inside a word or a clause
# id), or a bullet ("- ", "• ") opening a line
NUMBERED = re.compile(r"(?:^|(?<=[\s:]))\(?(?:[1-9]|[a-h])[).]\s+|(?:^|(?<=[\s:]))\(?(?:[1-9]|[a-h])\)"
                      r"|\n\s*[-•*·]\s+")


def numbered_items(q: str) -> list[str]:
    """The items of a numbered list ('plan: 1) A 2) B 3) C. total?') when it numbers two or more, in order."""
    marks = list(NUMBERED.finditer(q))
    if len(marks) < 2:
        return []
    ends = [m.start() for m in marks[1:]] + [len(q)]
    items = [q[m.end(): end].strip(" ,;.") for m, end in zip(marks, ends)]
    items[-1] = re.split(r"(?<=[\w)])[.?!]\s", items[-1])[0]  # "... 3) C. total?": the item, less the question
    return [i for i in items if i]


def enumerated(q: str) -> list[str]:
    """The items of 'N things: A, B and C' when there are exactly N of them, or of 'projects: A, B and C', else []."""
    m = list_head(q)
    n = number_value(m.group(1)) if m and m.re is ENUMERATION else None
    if m is None or m.re is ENUMERATION and not n:
        return []
    body = re.split(r"(?<=[\w)])\.\s|\s[-–—]\s", m.group("list"))[0]  # "... a multinational. how much?": the list
    body = QUOTED.sub(lambda q: q.group(0).replace(",", " ").replace("+", " "), body)  # "'a, b and c'", "'zero
    # carbon+'": one name, not several items
    if re.search(r"\b(?:plus|as well as|also|in addition|on top of)\b", m.group("list")[len(body):], re.I):
        return []  # "2 projects - A and B - plus a third": more than the list
    items = [re.sub(r"^\s*and\s+", "", i).strip() for i in re.split(r"[,;]|\s\+\s|\bplus\b", body) if i.strip()]
    items = [i for i in items if not re.match(r"\W*(?:one|1)\s+(?:of\s+)?each\b", i, re.I)]  # how they count
    if n is None:  # "..., an X project and a Y project": two things, each with its own article
        items = [h.strip() for i in items for h in re.split(r"\s+and\s+(?=(?:a|an|one|\d+)\s)", i, flags=re.I)]
    if n is None and any(explicit(i) for i in items):
        return []  # "projects: 1 X project, 1 Y project": the counted parts say it themselves
    while n and 0 < len(items) < n and " and " in items[-1]:  # "A and B": split the last item on its 'and'
        items[-1:] = [i.strip() for i in items[-1].split(" and ", 1)]
    return items if len(items) == n or n is None and len(items) > 1 else []


def _per_item(ctx: Context, items: list[str], asker: str = "", projects: bool = False
              ) -> list[tuple[Option, int, Fraction | None]]:
    """Each item's line (read after the words before the list: 'Law firm with two projects: ...') and count;
    items naming the same line add up. Items of 'N projects: ...' are projects, never people ('one ops pilot')."""
    by_line: dict[tuple, list] = {}
    asker = ASKER_NOUN.sub(" ", asker)  # "<sector> SME, ...": the sector says what it does, the noun who asks
    for item in items:
        text = f"{asker} {item}".strip()
        found = ctx.options(text)
        alone = ctx.options(item)
        opt = alone[0] if alone and alone[0].quoted else part_option(ctx, text) or (found[0] if found else None)
        if opt is not None and projects and opt.line.per not in ("project", "year") and not opt.quoted:
            opt = next((o for o in found if o.line.per in ("project", "year")), opt)
        if opt is None:
            continue
        entry = by_line.setdefault((opt.line.key, opt.clause.id), [opt, 0, None])  # sub-items of a line: each its own
        entry[1] += count_in(item, opt.line) or 1
        entry[2] = entry[2] or years_in(item)
    return [(o, n, y) for o, n, y in by_line.values()]


def project_phrase_line(found: list[Option], q: str, ctx: Context) -> Option | None:
    """The line naming what a counted project is: 'a <sector> company, one <phrase> project' ->
    the line that quotes 'product promotion', not the one that names the asker's industry."""
    for c in counted_phrases(q):
        what = c[1]
        if c[2].startswith("project") and len(activity_words(what, ctx.home_words)) > 1 \
                and not ASKER_PHRASE.search(what):  # "a fashion group with a project": the asker, not the project
            hit = next((o for o in found if quotes_phrase(what, o.line.text, condition_words(ctx.catalogue))), None)
            if hit is not None:
                return hit
    return None


def project_word_line(found: list[Option], q: str, ctx: Context) -> Option | None:
    """'a <sector> group with one <kind> project' -> the line open to every sector whose text names <kind>, when
    the best line is the asker's sector's and does not: the counted project's own word decides."""
    top = set(tokenize(found[0].line.text)) if found else set()
    for c in counted_phrases(q):
        words = set(activity_words(c[1], ctx.home_words))
        if c[2].startswith("project") and words and not words & top and not ASKER_PHRASE.search(c[1]):
            raw = [w for w in re.findall(r"[a-z][a-z-]+", c[1].lower()) if set(tokenize(w)) & words]
            wider = [o for o in found[1:] if set(o.line.sectors) > set(found[0].line.sectors)]  # open to more sectors
            hit = next((o for o in wider if o.line.amount_yuan and raw  # the word itself, not its stem's kin
                        and all(re.search(rf"\b{re.escape(w)}\b", o.line.text, re.I) for w in raw)), None)
            if hit is not None:
                return hit
    return None


def _sector_of_asker(ctx: Context, part: str, parts: list[str]) -> bool:
    """'we do <sector>, want to run one training project': the sector says who asks when another part names a
    project that a broad line (any focus-area entity's) takes; 'we do A, B and one C' lists activities."""
    if not DOING.match(part):
        return False
    own = part_option(ctx, part)
    others = [part_option(ctx, _without_question(p)) for p in parts if p is not part]
    return own is not None and not is_broad(own.line) and any(o is not None and is_broad(o.line) for o in others)


def own_line_for_project(found: list[Option], q: str, ctx: Context) -> Option | None:
    """'a <rare kind> startup, two R&D projects' -> the line naming both the asker's rare word and the project's words,
    before the general line naming only the project's."""
    for _, what, unit, text in counted_phrases(q):
        words = set(activity_words(what, ctx.home_words))
        if not PROJECT_LIKE.match(unit) or not words:
            continue
        rest = " ".join(w for w in q.replace(text, " ").split() if not set(tokenize(w)) & words)  # the asker's words
        hit = next((o for o in found if words <= set(tokenize(o.line.text))
                    and names_rare_word(rest, o.line, ctx.catalogue)), None)
        if hit is not None:
            return hit
    return None


TRAILING_ASK = re.compile(r"(?<=\bproject)[\s,]*\b(?:(?:the |in )?total|sum|altogether|combined|together|how much|"
                         r"max(?:imum)?)(?:\s+(?:then|please|pls))?\W*\?\s*$", re.I)  # "<x> project total?"


def _without_question(part: str) -> str:
    """A part less its question sentences, unless they are all it has that names an activity."""
    part = TRAILING_ASK.sub("", part) or part  # "... + ad project total?": the item, less the closing ask
    sentences = re.split(r"(?<=[.?!])\s+|\s+[–—-]\s+", part.strip())  # "<activity> – total for the two?"
    kept = [s for s in sentences if "?" not in s and not ASKING.match(s)]
    return " ".join(kept) if kept else ("" if not explicit_count(part) else part)


# "<x> entity-level support each year": an entity's annual support, an item of its own, counted by years
ANNUAL_ITEM = re.compile(r"\b(?:each|every|per) year\b", re.I)


def counted_segments(parts: list[str], vocabulary: frozenset = frozenset(), distributes: bool = False,
                     heading: bool = False) -> list[str]:
    """The parts that state their own count, each with the uncounted parts just before it:
    ['IP analysis', 'evaluation (1 project)'] -> ['IP analysis evaluation (1 project)']. A part naming one project
    ahead of a new item closes its own segment ('<x> project, a <y> project'), and items that each start with an
    article stay apart ('a <y> space, a <z> project'). A `heading` ('<x> project: ...') describes what follows."""
    out, pending = [], []
    for i, part in enumerate(parts):
        if (EACH_OF.match(part) and not distributes) or ONE_EACH.match(part):
            continue  # "..., each brand counted as 1 project": how the things before are counted
        if ONE_PROJECT_FOLLOWS.search(part) or i == 0 and SELF.match(part) and ASKER.search(part):
            pending = []  # "<who we are>. We have one project, <what it is>", "we are a <x> company, ...": the
            continue  # profile names no project
        pending.append(part)
        if i == 0 and _names_who_asks(part):
            continue  # "<x> firm for one year: ...": who asks, read with what follows
        after = parts[i + 1] if i + 1 < len(parts) else ""
        if explicit_count(part, vocabulary) and not re.search(r"\bprojects?\b", part, re.I) \
                and not explicit_count(after) and ONE_PROJECT.search(_without_question(after)) \
                and not NEW_ITEM.match(after):
            continue  # "one A and B project": one project the two parts name together
        closes = explicit_count(part, vocabulary) or _one_project_before_item(parts, i) and not (heading and i == 0) \
            or bool(ANNUAL_ITEM.search(part) or ENTITY_NAMED.search(part))
        if closes and _separate_items(pending):
            out.extend(pending)  # "a <y> space, and a <z> project": two items, not one described
        elif closes:
            out.append(" ".join(pending))
        if closes:
            pending = []
    rest = " ".join(pending)
    enumerated = any(not PLACE_UNITS.match(c[1]) for c in counts_listed(rest)) or bool(
        re.search(r"\b(?:one|1)\s+[a-z]", rest, re.I)
        or re.search(r"\b(?:a|an)\s+[a-z]", _without_question(rest), re.I) and not ASKER.search(rest)
        or re.match(r"\W*(?:and\s+)?(?:also\s+)?[a-z]+ing\s+(?:our|their|its|my|a|an|the)\b", _without_question(rest),
                    re.I)
    )  # "..., and set up a tech center", "building one landmark", "..., and upgrading to a regional HQ"
    if out and pending and (SEVERAL.search(rest) or enumerated):
        if _separate_items(pending):  # "hosting a <x>, building a <y>"
            out.extend(pending)
        else:
            out.append(rest)
    return out


def _separate_items(pending: list[str]) -> bool:
    """Several parts that each start a new item ('a <x>', '2 <y>s', 'hosting a <z>'): a list, not one description."""
    return len(pending) > 1 and all(ITEM_START.match(p) for p in pending)


# "..., founded 2021. We have one project, <what it is>": the project is what follows, not what came before
ONE_PROJECT_FOLLOWS = re.compile(r"(?:^|[.:;]\s*)(?:we|i|they)\s+(?:have|has|run|plan|want)\s+(?:just |only )?"
                                 r"(?:one|a|1)\s+project\W*$", re.I)


def _one_project_before_item(parts: list[str], i: int) -> bool:
    """'<x> project' followed by another part that is not an amount or a qualifier ('100m per year', 'for 2 years'):
    the part names one project of a list."""
    after = parts[i + 1] if i + 1 < len(parts) else ""
    return bool(ONE_PROJECT.search(_without_question(parts[i]))) and bool(after) and not NOT_AN_ITEM.match(after)


def side_option(ctx: Context, part: str) -> Option | None:
    """The line one side of a comparison names: the one at the cap the side states ('<x> company, 100 million a
    year'), its entity line, a named line, or the best match."""
    found = ctx.options(part)
    cap = stated_amount(part)  # "100 million a year"
    best = part_option(ctx, part) or (found[0] if found else None)
    if best is None or not cap or best.line.amount_yuan == cap:
        return best
    words = set(activity_words(ctx.retriever.synonyms.expand(part), ctx.home_words))
    said = words & _text_words(ctx, best)  # a line at the stated cap that names all the best line names: "AI
    at_cap = [o for o in found if o.line.amount_yuan == cap and said <= _text_words(ctx, o)]  # project, 10 million";
    return at_cap[0] if at_cap else best  # a figure misheard for a line the words name alone ('<x>, 10M') is not


def _text_words(ctx: Context, option: Option) -> set[str]:
    """The words of a line's text and clause, with the policy's synonyms ('artificial intelligence' says 'AI')."""
    return set(tokenize(ctx.retriever.synonyms.expand(f"{option.line.text} {option.clause.text}")))


def part_option(ctx: Context, part: str) -> Option | None:
    """The line one part of a question names; a part about the entity's own annual support gets the entity line."""
    if ENTITY.search(part) and not ENTITY_NAMED.search(part) and _only_years(part):
        part = YEARS_SPAN.sub(" ", part)  # "<x> projects ... for one year": how long, not the entity's support
    found = ctx.options(part)
    by_cap = CAP_NAMED.search(part)  # "... under the 30 million line": the line with that cap
    at_cap = [o for o in found if by_cap and o.line.amount_yuan == int(float(by_cap.group(1)) * 1_000_000)]
    if at_cap:
        return at_cap[0]
    per_person = [
        o
        for o in found
        if o.line.per not in ("project", "year") and set(tokenize(o.line.per)) & set(tokenize(part)) - {"project"}
        and not _projects_only(part)
    ]
    # "two lawyers who'd each be certified as talent": the line that counts talent
    if per_person and not _names_more(ctx, part, found[0], per_person[0]):
        return per_person[0]
    counted = counted_noun_line(found, part)
    if counted is not None and (counted.quoted or names_rare_word(part, counted.line, ctx.catalogue)):
        return counted
    phrase = project_phrase_line(found, part, ctx)  # "our <sector> firm has 1 <phrase> project": the phrase's line
    if phrase is not None:
        return phrase
    quoted = [o for o in found if o.quoted]
    if quoted and stated_counts(part):
        return quoted[0]
    if ENTITY.search(part) and (ENTITY_NAMED.search(part) or not ASKING.match(part) and not _only_years(part)):
        entity = [o for o in found if o.line.entity_level]  # "how much for two years", "for one year": the years of
        # the other items, not the entity's own annual support
        if entity or not activity_words(part, ctx.home_words):
            line = entity[0].line if entity else next((ln for ln in ctx.catalogue.lines if ln.entity_level), None)
            return entity[0] if entity else (Option(line, ctx.clause(line.clause), 0.0, True) if line else None)
    named = [o for o in found if o.named]
    return named[0] if named and activity_words(part, ctx.home_words) else None


NEW_ITEM = re.compile(r"\W*(?:also|furthermore|moreover|additionally|another|plus|then|a|an|the|one|our)\b", re.I)
CAP_NAMED = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:m|mn|million)(?: yuan)?[- ](?:line|item|cap|one|tier)\b", re.I)
YEARS_SPAN = re.compile(r"\b(?:for |over |in |within )?(?:(?:one|two|three|four|five|\d+|a|1)\s+years?|both years)\b",
                        re.I)


def _only_years(part: str) -> bool:
    """'for one year?': the part says how long, and names nothing the entity line's words name."""
    return not ENTITY.search(YEARS_SPAN.sub(" ", part))


def _names_more(ctx: Context, part: str, best: Option, other: Option) -> bool:
    """The best match quotes the part and names a rare word of it that the other line lacks: '<x> talent team'."""
    words = set(activity_words(part, ctx.home_words))
    own = {w for w in words if names_rare_word(w, best.line, ctx.catalogue)}
    return best.quoted and best.line.key != other.line.key and bool(own - {
        w for w in words if names_rare_word(w, other.line, ctx.catalogue)})


def _projects_only(part: str) -> bool:
    """'our team does X, max for 1 project?': the count is of projects; the team is who asks, not what is counted."""
    counts = stated_counts(part)
    return any(c[1].startswith("project") for c in counts) and not any(PERSON_UNITS.match(c[1]) for c in counts)


def counted_noun_line(found: list[Option], part: str) -> Option | None:
    """An option whose line's text names the thing counted: '3 overseas experts' -> the talent line."""
    listed = counts_listed(part)
    if any(c[1].startswith("project") for c in listed):
        return None
    nouns = [c[1] for c in listed if not PEOPLE_OR_PLACES.match(c[1]) and not PROJECT_LIKE.match(c[1])]
    for noun in nouns:
        word = re.compile(rf"\b{re.escape(noun.rstrip('s'))}s?\b", re.I)  # the word itself, not a shared stem
        near = [o for o in found if o.score >= 0.6 * found[0].score]
        person = PERSON_UNITS.match(noun) and not re.search(r"\bprojects?\b", part, re.I)
        counts_it = [o for o in near if person and word.search(o.line.per)]  # "one <person>": the line paid per one
        hit = next((o for o in counts_it + near if word.search(o.line.text)), None)
        if hit is not None:
            return hit
    return None
