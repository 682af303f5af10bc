"""How many of something a question asks about: projects first, then the people or things a line pays per.

Descriptions are not counts: '40 shops', 'with 27 employees', a '1,800 sqm building', 'for the two projects'
(said before) and 'counted as one team' never multiply a cap.
>>> count_in("We have three green building retrofit projects")
3
>>> count_in("fashion group, 22 stores: 2 brand projects")
2
"""

from __future__ import annotations

import re

from bot.calculator import counted_phrases, number_value, years_in
from bot.matching import FLOOR_AREA
from index.lexical import tokenize
from ingest.lines import SupportLine

ONE_EACH = re.compile(r"\b(?:one|a|1|single) projects? (?:for |per )?(?:each|every|per)\b(?: \w+)?", re.I)
BACK_REFERENCE = re.compile(
    r"\b(the|all|both|these|those|of them|for all|each|every|as|is|are|being)\s+$", re.I
)  # "for the two projects", "each route is a separate project": said before
EACH = re.compile(r"\b(\w+) (?:projects? )?each\b(?!\s+(?:apply|applies|submits?|files?|gets?|does|is|counts?)\b)",
                  re.I)  # "two each", not "the 2 each apply for one": there each names who applies
EACH_PROJECT = re.compile(r"\beach\b[^.?!]{0,30}\bprojects?\b|\b(?:as )?(?:a )?separate projects?\b", re.I)
PLURAL = re.compile(
    r"(?<![\w.$¥,-])(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:(?![\d,.]+\s)[\w/&'\"“”‘’-]+\s+){0,3}?"
    r"([a-z]{3,}s|[a-z]*men|consortia|criteria|media)\b",
    re.I,
)
MEASURE = re.compile(
    r"\b(sqm|m2|square|metres?|meters?|km|kg|tons?|tonnes?|yuan|rmb|usd|million|billion|percent|%)\b", re.I
)
SPREAD = re.compile(r"\b(?:sqm|m2|m²|sq\.? ?m|square met(?:re|er)s?)\s+(?:over|across|spanning|covering|in)\s+$",
                    re.I)  # "18,000 sqm over 2 buildings": the floor's extent, not a count
MAX_THINGS = 50
MAX_DESCRIBED = 5  # at most this many things count as projects by the line's words for them alone
PERSON_UNITS = re.compile(
    r"^(experts?|hires?|professionals?|craftsm[ae]n|scientists?|researchers?|specialists?|lawyers?|engineers?|"
    r"doctors?|designers?|developers?|programmers?|artists?|pilots?|analysts?|scholars?|postdocs?|technicians?|"
    r"talents?|professors?|academicians?|executives?|managers?|teachers?|trainers?|physicians?|architects?|"
    r"consultants?)$", re.I
)
LABELLED = re.compile(r"\b(?i:project) ([A-H]|[1-9])\b(?!\s*(?i:projects?|million|years?))")  # "project A", "Project 2"
FLEET = re.compile(r"\b(fleet|team|staff|crew|portfolio|network|chain) of\s*$", re.I)  # "a fleet of 20 vehicles"
POSSESSION = re.compile(
    r"\b(with|has|have|having|own|owns|operate|operates|run|runs|hold|holds|employ|employs)\b"
    r"[^.:;!?]{0,40}$",
    re.I,
)  # "with 27 employees and 5 brands": a description, not a count
OWN = re.compile(r"\b(?:(?:we|i)\s+(?:run|operate|own|are|am)|we're|i'm)\s+$", re.I)  # "we run a <x> ..."
PLANNED = re.compile(r"\s+(?:to (?:be )?(?:set up|\w+)|planned|in the pipeline)\b", re.I)  # "with 2 centres to build"
PROJECT_LIKE = re.compile(
    r"^(?:projects?|programm?e?s?|initiatives?|campaigns?|schemes?|undertakings?|deals?|contracts?|purchases?|"
    r"introductions?|events?|activit(?:y|ies))$", re.I)  # another word for a project: 'two deals' are two projects
# "three subsidiaries, each doing one <x> project": the entities multiply what each one states
ENTITIES_EACH = re.compile(
    r"\b(two|three|four|five|six|[2-9])\s+(?:of (?:our|the|its|my)\s+)?(?:[\w&'-]+\s+){0,2}?"
    r"(?:subsidi?ar(?:y|ies)|affiliates|branches|member firms|(?:sister|group) companies)"
    r"(?:\s+(?:cos|companies|firms))?\b[^.?!]{0,30}?\beach\b", re.I)
PLACE_UNITS = re.compile(r"^(sites?|stores?|shops?|companies|people|persons?|branch(?:es)?|offices?)$", re.I)
PEOPLE_OR_PLACES = re.compile(r"^(people|persons|companies|years?|staff|employees)$", re.I)
PEOPLE = re.compile(r"^(?:people|persons)$", re.I)


PROFILE_FACT = re.compile(
    r"^\W*(?:(?:we have|we've got|with|have|has)\s+)?(?:~|about|approx\.?|around|over|nearly|some)?\s*[\d,.]+\s*"
    r"(?:k\b)?\s*(?:\+\s*)?"
    r"(?:staff|employees|people|ppl|persons|workers|headcount|engineers)\b|^\W*(?:founded|est\.?|established|since|"
    r"revenue|turnover|sales|(?:office |floor )?area)\b|^\W*(?:staff|employees|headcount|workforce)\W*[\d,.]+"
    r"|^\W*[\d,.]+\s*(?:m2|m²|sqm|sq\.?\s?m|square\s+met(?:re|er)s?)\b",
    re.I)  # who the firm is: its people, its age, its revenue, its floor area
HEADCOUNT = re.compile(r"^\W*(?:staff|employees|headcount|workforce)\W*[\d,.]+\s*(?:people|persons|ppl)?\W*$",
                       re.I)  # "employees 45 people": a profile's headcount, never the talents asked about
SHORT_COUNT = re.compile(r"^[^\w()]*(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+[a-z]+[^\w()]*$", re.I)


# "turnover around 80 million a year": the firm's size; its "a year" asks for no annual support
REVENUE = re.compile(r"^\W*(?:annual |yearly )?(?:revenue|turnover|sales|gmv)\b[^.?!()]{0,30}\d[^.?!(),]{0,30}$",
                     re.I)


def without_profile(q: str) -> str:
    """A company profile's comma-listed facts dropped: in 'X maker, 3 brands, 70 ppl. one R&D project', '3 brands'
    sits among staff and size facts, so it describes the firm and counts nothing."""
    q = FLOOR_AREA.sub(lambda m: m[0] if m.string.rfind("(", 0, m.start()) > m.string.rfind(")", 0, m.start())
                       else " floor area ", q)  # a fact of the profile; inside '(...)' it goes with its aside
    parts = re.split(r"(,(?!\d{3})\s*|\.\s+|\s+and\s+)", q)  # not inside '150,000,000'
    texts = parts[::2]
    fact = [bool(PROFILE_FACT.match(t)) for t in texts]
    for i, t in enumerate(texts):
        near = (i > 0 and fact[i - 1]) or (i + 1 < len(texts) and fact[i + 1])
        if SHORT_COUNT.match(t) and near and not re.search(r"\bprojects?\b", t, re.I):
            fact[i] = True
    kept = [t + (parts[2 * i + 1] if 2 * i + 1 < len(parts) else "") for i, t in enumerate(texts)
            if not (fact[i] and SHORT_COUNT.match(t) and not PROFILE_FACT.match(t)) and not HEADCOUNT.match(t)
            and not REVENUE.match(t)]
    return "".join(kept)


def each_project_count(q: str) -> int | None:
    """'two green events (..), each counted as a project' -> 2: the things counted are the projects."""
    if not EACH_PROJECT.search(q):
        return None
    listed = [c for c in counts_listed(q) if not c[2] and not PEOPLE_OR_PLACES.match(c[1])]
    return listed[0][0] if listed else None


def explicit_count(part: str, vocabulary: frozenset = frozenset()) -> bool:
    """A count in digits or words of projects or of something the policy names (not '2 sites', '40 shops'),
    or 'a ... project': 'a software project and a separate advertising project'."""
    listed = {c[1] for c in counts_listed(part) if not PLACE_UNITS.match(c[1])}
    named = [c for c in stated_counts(part) if PROJECT_LIKE.match(c[1]) or c[1] in listed]
    if re.search(
        r"(?:^|[.:;)]\s)\s*(?:and\s+)?(?:one|1|a single)\s+(?!time\b|off\b)[\w-]+", part, re.I
    ) and not re.match(
        r"\s*one[- ](?:time|off)\b", part, re.I
    ):  # "one IP analysis", "... 28 people). 1 innovation consortium"; not "one-time support"
        return True
    if re.match(r"\s*(?:and\s+)?(?:a|an)\s+", part, re.I) and counts_listed(part):  # "a postdoctoral programme"
        return True
    if any(PERSON_UNITS.match(c[1]) and not c[2] for c in stated_counts(part)):  # "we bring in two skilled craftsmen"
        return True
    return (
        bool(named)
        and (explicit(part) or bool(re.search(r"\bprojects?\b", part, re.I)))
        or bool(re.search(r"\b(?:for|over)\s+\w+\s+years?\b", part, re.I))
    )


def _phrase_counts(part: str) -> list[tuple[int, str, bool, str]]:
    """(count, unit, said with 'a'/'an', matched text) for the calculator's counted phrases that state something
    new: whole positive numbers, not years, not a back-reference ('for the two projects'), not a measure."""
    part = ONE_EACH.sub(" ", part)  # "one project per building" is how, not how many
    return [
        (int(c[0]), c[2].lower(), bool(re.match(r"(a|an|single)\b", c[3], re.I)), c[3])
        for c in counted_phrases(part)
        if not c[2].startswith("year")
        and c[0] == int(c[0])
        and c[0] > 0
        and not _refers_back(part[: part.find(c[3])], c[0])
        and not MEASURE.match(c[1])
        and not (APPROXIMATE.search(part[: part.find(c[3])]) and not PROJECT_LIKE.match(c[2]))
        and not (re.match(r"an?\s", c[3], re.I) and c[2].endswith("s"))  # "a tech firm doing X projects": no count
        and not (re.match(r"an?\s", c[3], re.I) and OWN.search(part[: part.find(c[3])])
                 and not PROJECT_LIKE.match(c[2]))  # "we run a <x> studio": the asker's own, not one asked about
    ]


APPROXIMATE = re.compile(r"(?:~|\babout|\bapprox\.?|\baround|\broughly|\bnearly|\bsome)\s*$", re.I)  # "~30 brand
# streamers": a size, not a count of the things supported


def _refers_back(before: str, n) -> bool:
    """'for the two projects' refers back; 'these two count as two projects' and '<4 things> as 4 projects' state
    how many there are."""
    return bool(BACK_REFERENCE.search(before)) and not (n >= 2 and re.search(r"\bas\s+$", before, re.I))


def stated_counts(part: str) -> list[tuple[int, str, bool]]:
    """(count, counted noun, said with 'a'/'an') for each count a part states, in order. A count that refers
    back ('for the two projects', 'all 3') states nothing new; a measure ('1,800 sqm building') is no count;
    and more than MAX_THINGS of anything but projects is a description, not a count."""
    part = ONE_EACH.sub(" ", part)
    out = [
        (n, unit, article)
        for n, unit, article, text in _phrase_counts(part)
        if not text.lower().startswith("both ")  # "both projects" refers back
        and not FLEET.search(part[: part.find(text)])
        and not (SPREAD.search(part[: part.find(text)]) and not PROJECT_LIKE.match(unit))
        and (PROJECT_LIKE.match(unit) or n < 2 or PERSON_UNITS.match(unit)
             or not POSSESSION.search(part[: part.find(text)]) or PLANNED.match(part[part.find(text) + len(text):]))
    ]
    out += [
        (int(number_value(m.group(1))), m.group(2).lower(), False)
        for m in PLURAL.finditer(part)
        if not BACK_REFERENCE.search(part[: m.start()])
        and not MEASURE.search(m.group(0))
        and not FLEET.search(part[: m.start()])
        and not (SPREAD.search(part[: m.start()]) and not PROJECT_LIKE.match(m.group(2)))
        and (
            PROJECT_LIKE.match(m.group(2))
            or PERSON_UNITS.match(m.group(2))
            or not POSSESSION.search(part[: m.start()])
            or PLANNED.match(part[m.end():])
        )
    ]
    return [c for c in out if c[0] <= MAX_THINGS or c[1].startswith("project")]


COUNT_AFTER = re.compile(
    r"(?:\bprojects?\b[^.?!]{0,30}?\b(?:we have|we've got|we got|there are|we run|in total|a total of)\s+"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s*[a-z])|"
    r"(?:\bprojects?\b[^.?!]{0,30}?|[,;:]\s*)\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) of them\b)",
    re.I)  # "X projects, we have three", "<thing>, two of them"
PER_ONE = re.compile(r"\b(?:max(?:imum)?|cap|most|ceiling|how much) (?:per|for (?:a|one|each)) (?:single )?project\b",
                     re.I)


YEAR_MENTION = re.compile(r"\b(?:20[2-3]\d|this year|next year|the year after)\b", re.I)  # not what was done last year
YEAR_CHUNK = re.compile(r"[,;:.?!]\s*|\s+(?:and|then|plus)\s+", re.I)
CHUNK_COUNT = re.compile(
    r"(?<![\w.,])(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|another|one more|a second)\b"
    r"(?!\s*(?:%|m\b|k\b|million|billion|yuan|rmb|sqm|staff|employees|people|ppl|persons|workers|years?\b))", re.I)
EACH_YEAR_ONE = re.compile(r"\beach\b[^.?!]{0,25}?\b(?:a|one|1|its own|a separate)\s+(?:new\s+)?projects?\b"
                           r"|\b(?:a|one|1)\s+(?:[\w-]+\s+){0,3}?projects? (?:each|a year|per year|every year)\b", re.I)
A_PROJECT = re.compile(r"\ban?\s+(?:[\w-]+\s+){0,3}?projects?\b", re.I)
RATE = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b[^.?!]{0,60}?"
                  r"\b(?:a|per|each|every) year\b", re.I)  # "2 projects a year"


def across_years(part: str) -> int | None:
    """Projects spread over years: 'two in 2025, one in 2026' -> 3; '2 a year for two years' -> 4;
    '2025 and 2026 are each one project' -> 2. None when the part states no count by year."""
    rate = RATE.search(part)
    span = rate and (years_in(part[rate.end():]) or years_in(part[:rate.start()]))  # not the rate's own 'a year'
    if rate and span and span == int(span) and not re.match(r"\s*years?\b", part[rate.end(1):], re.I):
        return int(number_value(rate.group(1))) * int(span)
    counts, years = [], set()
    for chunk in YEAR_CHUNK.split(part):
        mention = YEAR_MENTION.search(chunk)
        if not mention:
            continue
        years.add(mention.group(0).lower())
        number = CHUNK_COUNT.search(YEAR_MENTION.sub(" ", chunk))
        if number:
            counts.append(1 if number.group(1).lower() in ("another", "one more", "a second") else
                          int(number_value(number.group(1))))
        elif A_PROJECT.search(chunk):  # "a <x> project in 2025"
            counts.append(1)
    if len(counts) >= 2:
        return sum(counts)
    return len(years) if len(years) >= 2 and EACH_YEAR_ONE.search(part) else None


def count_in(part: str, line: SupportLine | None = None) -> int | None:
    """How many projects a part asks about. A count of projects first; then a count of something the line's own
    text names ('3 overseas experts' for the talent line); staff, revenue and founding years never count.
    Without a line, only counts of projects or of the things support is usually counted in."""
    entities = ENTITIES_EACH.search(part)
    if entities:
        return int(number_value(entities.group(1))) * (count_in(part[entities.end():], line) or 1)
    at_each = EACH_OF_ENTITIES.search(part)  # "a <x> team at each of our 3 subsidiaries": one per subsidiary
    if at_each:
        rest = part[: at_each.start()] + part[at_each.end():]
        return int(number_value(at_each.group(1))) * (count_in(rest, line) or 1)
    spread = across_years(part) if line is None or not line.annual else None
    if spread:
        return spread
    labels = set(LABELLED.findall(part))
    if labels and not stated_counts(part):  # "project A is ..., project B is ...": one project per label
        return len(labels)
    after = COUNT_AFTER.search(part)
    if after and not stated_counts(part):
        return int(number_value(after.group(1) or after.group(2)))
    if PER_ONE.search(part) and not any(c[1].startswith("project") and not c[2] for c in stated_counts(part)):
        return 1  # "fleet of 20 vehicles, max per project?": one project
    if ONE_EACH.search(part) and stated_counts(ONE_EACH.sub("", part)):
        part = ONE_EACH.sub("", part)  # "two buildings, one project each": the buildings are the count
    per_person = line is not None and line.per not in ("project", "year")  # talent lines count people, teams
    people = per_person and not POSSESSION.search(part)  # 'two people' for a talent line: the talents counted
    found = [c for c in stated_counts(part) if not PEOPLE_OR_PLACES.match(c[1]) or people and PEOPLE.match(c[1])]
    words = set(tokenize(line.text)) if line else set()
    if EACH_PROJECT.search(part) and not any(c[1].startswith("project") for c in found):
        # "two green events, each its own project": the events are the projects
        things = [
            c
            for c in stated_counts(part)
            if not PLACE_UNITS.match(c[1]) and not c[2] and not c[1].startswith("project")
        ]
        if things:  # the things named last, just before "each its own project": "6 <sites> ... four <works>"
            return things[-1][0]
    listed = {c[1] for c in counts_listed(part)}
    ok = [c for c in found if PROJECT_LIKE.match(c[1])
          or per_person and (_counts_people(c[1], line) or people and PEOPLE.match(c[1]))
          or (c[1] in listed or _line_names(c[1], line)) and (not line or _shares_word(c[1], words))]
    ok.sort(key=lambda c: (c[2], not c[1].startswith("project")))
    return ok[0][0] if ok else _described_count(part, words)


def _described_count(part: str, words: set[str]) -> int | None:
    """'2 postdoctoral research workstations': a few things whose describing words the line's text uses."""
    for m in PLURAL.finditer(part):
        n, noun, before = int(number_value(m.group(1))), m.group(2), part[: m.start()]
        described = set(tokenize(m.group(0)[len(m.group(1)):-len(noun)])) & words
        if 1 < n <= MAX_DESCRIBED and described and not PERSON_UNITS.match(noun) and not PEOPLE_OR_PLACES.match(noun) \
                and not POSSESSION.search(before) and not BACK_REFERENCE.search(before) and not MEASURE.search(m[0]):
            return n
    return None


def _spellings(word: str) -> set[str]:
    """'centres' -> {'centres', 'centers'}: a text may use either spelling."""
    return {word, re.sub(r"tre(s?)$", r"ter\1", word), re.sub(r"ter(s?)$", r"tre\1", word)}


def _shares_word(noun: str, words: set[str]) -> bool:
    return any(set(tokenize(n)) & words for n in _spellings(noun))


def _counts_people(noun: str, line: SupportLine) -> bool:
    return bool(PERSON_UNITS.match(noun) or set(tokenize(noun)) & set(tokenize(line.per)))


def _line_names(noun: str, line: SupportLine | None) -> bool:
    """'2 smart manufacturing spaces' counts for the line whose text says 'smart manufacturing spaces'."""
    if line is None:
        return False
    return any(re.search(rf"\b{re.escape(s)}", line.text, re.I) for s in _spellings(noun.rstrip("s")))


def counts_listed(part: str) -> list[tuple[int, str, bool]]:
    """The counts whose noun is one of the calculator's countable units (buildings, brands, experts, ...)."""
    return [(n, unit, article) for n, unit, article, _ in _phrase_counts(part)]


def explicit(part: str) -> bool:
    """True when a part states its count in digits or number words, not just 'a' or 'an'."""
    return any(not article for _, _, article in stated_counts(part))


def sum_counts(counts: list[tuple[int, bool, bool]]) -> int:
    """Counts of parts naming one line add up: (count, stated in words or digits, a count of several projects).
    'an Italian brand and a French brand: 2 brand projects' is 2; '2 researchers and a postdoc programme' is 3."""
    explicit = [n for n, said, _ in counts if said and n]
    summaries = [n for n, _, summary in counts if summary]
    if summaries and sum(summaries) == sum(explicit) - sum(summaries):  # '4 buildings ..., 4 projects': the same four
        return sum(summaries)
    if summaries:  # "2 brand projects" already counts the brands named
        return sum(explicit)
    return max(sum(explicit), sum(n for n, _, _ in counts if n), len(counts))


EACH_OF_ENTITIES = re.compile(
    r"\b(?:at|in|for) (?:each of (?:our|the|its|my) |(?:our|its|my) )?(two|three|four|five|six|[2-9])\s+"
    r"(?:of (?:our|the|its|my) )?(?:[\w-]+\s+)?"  # "at two of our SME subsidiaries"
    r"(?:subsidi?ar(?:y|ies)|affiliates|branches|member firms|(?:sister|group) companies)\b", re.I)


def per_entity(q: str) -> int:
    """How many entities each do what follows: 'two subsidiaries, each ...', '... at each of our 3 subsidiaries'
    -> 2, 3; 1 when none are counted."""
    m = ENTITIES_EACH.search(q) or EACH_OF_ENTITIES.search(q)
    return int(number_value(m.group(1))) if m else 1


def each_count(q: str) -> int | None:
    m = EACH.search(q)
    value = number_value(m.group(1)) if m else None
    return int(value) if value and value == int(value) else None
