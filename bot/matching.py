"""Match a described business or project to every support line that could apply, best fit first.

The best fit is the line whose own text names the activity; broader lines (an entity's annual support,
R&D, talent, headquarters) follow as alternatives, each with its condition.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.calculator import counted_phrases
from index.lexical import tokenize
from index.search import Hit, Retriever
from ingest.clause import Clause
from ingest.lines import Catalogue, SupportLine

MIN_DENSE, MIN_LEXICAL = 0.30, 3.0  # the evidence a line needs to count as matched (calibrated on the dev sets)
ALTERNATIVE_SHARE = 0.75  # an alternative scores at least this share of the best fit ...
NAMED_SHARE = 0.4  # ... or this share, when its own text names one of the question's words
NAMING_WEIGHT = 0.2  # how much naming the question's rare words adds to a line's retrieval score
PHRASE_BOOST = 1.25  # a line whose text quotes a phrase of the question ("product promotion") names the activity


@dataclass(frozen=True)
class Option:
    """One line that could apply: the clause whose text names the activity, and how well it matched."""

    line: SupportLine
    clause: Clause  # the sub-item or bullet that names the activity (or the line's own clause)
    score: float
    named: bool  # one of the question's distinctive words appears in the line's own text
    quoted: bool = False  # the line's text quotes a phrase of the question: it names the activity


def matched(hits: list[Hit]) -> bool:
    """True when one of the best clauses is close in meaning or shares distinctive words with the question."""
    return any(h.dense >= MIN_DENSE or h.lexical >= MIN_LEXICAL for h in hits)


def options(question: str, retriever: Retriever, catalogue: Catalogue, k: int = 12) -> list[Option]:
    """Every line the question could fall under, best first, one Option per line.

    Retrieval proposes clauses; a line's rank then also counts how rare the question's words are that its own
    text names, so the one line naming a rare word beats several naming 'research and development'."""
    hits = retriever.search(question, k=k, where=lambda c: bool(c.caps))
    words = set(activity_words(retriever.synonyms.expand(question), set())) - other_compounds(question, catalogue)
    picked = [(hit, pick_line(catalogue.lines_of(hit.clause.id), question, condition_words(catalogue))) for hit in hits]
    phrase_source = _project_words(question, [ln for _, ln in picked if ln], catalogue)
    if ENTITY.search(question):  # "max per year for a <sector> company": the company names no project
        phrase_source = ASKER_PHRASE.sub(",", phrase_source)
    out: dict[str, Option] = {}
    for hit, line in picked:
        named = line is not None and bool(words & set(tokenize(f"{line.text} {hit.clause.text}")))
        if not (hit.dense >= MIN_DENSE or hit.lexical >= MIN_LEXICAL or named and hit.lexical > 0):
            continue
        if line is not None and line.key not in out:
            quoted = quotes_phrase(phrase_source, line.text, condition_words(catalogue))
            clause = _closest_item(line, question, retriever, hit.clause) if quoted else hit.clause
            out[line.key] = Option(line, clause, hit.score * (PHRASE_BOOST if quoted else 1.0), named, quoted)
    floor = min((o.score for o in out.values()), default=0.0)
    for line in rare_word_lines(words, catalogue):  # a line naming a rare word of the question, missed by retrieval
        out.setdefault(line.key, Option(line, _naming_clause(line, words, retriever), floor, True))
    found = _with_naming(list(out.values()), words, catalogue)
    if phrase_source != question:  # the project's own words quote a line: it goes before the company's lines
        found = [o for o in found if o.quoted] + [o for o in found if not o.quoted]
    if found and ENTITY.search(question) and not any(o.line.entity_level for o in found):
        sectors = sectors_of(found, question)
        found += [
            Option(ln, _line_clause(ln, retriever), 0.0, True)
            for ln in catalogue.lines
            if ln.entity_level and (set(ln.sectors) & sectors)
        ]
    found = _best_fit_first(found, question, catalogue.names_all_sectors(question))
    return _naming_all_first(found, words, catalogue)


def _naming_all_first(found: list[Option], words: set[str], catalogue: Catalogue) -> list[Option]:
    """A line naming every question word the best line names, and a rare one besides, goes first:
    '<rare thing> R&D' is the line that names the rare thing and R&D, not the R&D line."""
    if len(found) < 2 or found[0].quoted or found[0].line.entity_level:  # the entity itself was asked about
        return found
    said = {o.line.key: words & set(tokenize(f"{o.line.text} {o.clause.text}")) for o in found}
    top, rare = said[found[0].line.key], math.log(len(catalogue.lines)) - 1e-9  # a word only one line uses
    for o in found[1:]:
        if top <= said[o.line.key] and any(_idf(catalogue).get(w, 0.0) >= rare for w in said[o.line.key] - top):
            return [o, *[x for x in found if x is not o]]
    return found


ASKER_PHRASE = re.compile(
    r"\b(?:[\w&-]+\s+){1,3}(?:company|co|biz|firm|group|business|startup|start-up|agency|studio|enterprise|lab|"
    r"entity)\b"
    r"(?!\s+projects?\b)", re.I)  # "an e-commerce enterprise project" names a project, not who asks


def _project_words(question: str, lines: list[SupportLine], catalogue: Catalogue) -> str:
    """The question without the asker's self-description ('a <sector> company, ... a <phrase>
    campaign') when the rest still quotes some line: then the project, not the company, names the activity."""
    asker = " , ".join(m.group(0) for m in ASKER_PHRASE.finditer(question))
    core = ASKER_PHRASE.sub(",", question)
    ignore = condition_words(catalogue)
    quoted = lambda text: any(quotes_phrase(text, ln.text, ignore) for ln in lines)  # noqa: E731
    return core if asker and quoted(asker) and quoted(core) else question


SIZE_WORDS = frozenset(tokenize("small smaller medium large big tiny micro mid-sized sized size"))


def names_only_the_asker(question: str, catalogue: Catalogue, home_words: set[str]) -> bool:
    """'we're a tech company, how much can we get?': every activity word is in the asker's self-description, and
    that description neither quotes a line nor names a word few lines use, so no activity is named."""
    asker = " , ".join(m.group(0) for m in ASKER_PHRASE.finditer(question))
    if not asker or ENTITY.search(question) or activity_words(ASKER_PHRASE.sub(" ", question), home_words):
        return False  # "per year" asks about the entity itself: its own annual line is the activity
    ignore, idf, unique = condition_words(catalogue), _idf(catalogue), math.log(len(catalogue.lines))
    own = set(activity_words(asker, home_words)) - SIZE_WORDS  # "a small company" says how big, not what it does
    names_one_line = any(idf.get(w, 0.0) >= unique for w in own)  # '<word> company': a word only one line uses
    return not names_one_line and not any(quotes_phrase(asker, ln.text, ignore) for ln in catalogue.lines)


@lru_cache(maxsize=8)
def _line_words(catalogue: Catalogue) -> dict[str, frozenset[str]]:
    return {ln.key: frozenset(tokenize(ln.text)) for ln in catalogue.lines}


@lru_cache(maxsize=8)
def _idf(catalogue: Catalogue) -> dict[str, float]:
    """How rare each word is across the catalogue's lines: log(lines / lines naming it)."""
    df: dict[str, int] = {}
    for words in _line_words(catalogue).values():
        for w in words:
            df[w] = df.get(w, 0) + 1
    n = len(catalogue.lines)
    return {w: math.log(n / d) for w, d in df.items()}


def other_compounds(question: str, catalogue: Catalogue) -> set[str]:
    """The question's words that the text uses only inside one of its compounds (the data's `compounds`) when the
    question lacks the compound's other words ('a bakery chain'): they name nothing the text says."""
    stems = set(tokenize(question))
    out = set()
    for compound in catalogue.compounds:
        words = set(tokenize(compound))
        if not words <= stems:
            out |= words & stems
    return out


def naming(words: set[str], line: SupportLine, catalogue: Catalogue) -> float:
    """The summed rarity of the question's words that the line's text names."""
    idf = _idf(catalogue)
    return sum(idf.get(w, 0.0) for w in words & _line_words(catalogue)[line.key])


def names_rare_word(text: str, line: SupportLine, catalogue: Catalogue) -> bool:
    """True when the line's own text holds a word of `text` that at most three lines use: the part names it."""
    idf = _idf(catalogue)
    words = set(activity_words(text, set())) & _line_words(catalogue)[line.key]
    return any(idf.get(w, 0.0) >= math.log(len(catalogue.lines) / 3) for w in words)


def general_lines(words: list[str], catalogue: Catalogue, lines: int = 3, caps: int = 3) -> tuple[SupportLine, ...]:
    """The lines naming all of `words` when they are at least `lines` lines with `caps` different caps, else ():
    'a park project' could be any of them, so which one is asked back rather than guessed."""
    naming_all = [ln for ln in catalogue.lines if words and set(words) <= _line_words(catalogue)[ln.key]]
    common = all(_idf(catalogue).get(w, 0.0) <= math.log(len(catalogue.lines) / 3) for w in words)
    lines, caps = (2, 2) if common else (lines, caps)  # '<x> construction': no word of it is rare, so no line is meant
    wide = len(naming_all) >= lines and len({ln.amount_yuan for ln in naming_all}) >= caps
    return tuple(naming_all) if wide else ()


def rare_word_lines(words: set[str], catalogue: Catalogue) -> list[SupportLine]:
    """Lines whose text holds a question word that at most two lines use."""
    rare = {w for w in words if _idf(catalogue).get(w, 0.0) >= math.log(len(catalogue.lines) / 2)}
    return [ln for ln in catalogue.lines if rare & _line_words(catalogue)[ln.key]]


def _with_naming(found: list[Option], words: set[str], catalogue: Catalogue) -> list[Option]:
    """Options re-scored: retrieval score plus NAMING_WEIGHT × the line's naming share, best first."""
    names = {o.line.key: naming(words, o.line, catalogue) for o in found}
    top = max(names.values(), default=0.0) or 1.0
    rescored = [replace(o, score=o.score + NAMING_WEIGHT * names[o.line.key] / top) for o in found]
    return sorted(rescored, key=lambda o: -o.score)


def _closest_item(line: SupportLine, question: str, retriever: Retriever, found: Clause) -> Clause:
    """The clause under a line that quotes the question's phrases, the most telling one when several do: most shared
    phrases, then shared words weighted by how few of the line's clauses use them ('<a> <b> <c>' -> the item
    naming <b> <c>, not the first one saying <a>). A phrase the line's own heading says points to no one item: the
    line's clause answers. No clause quoting alone: the retrieved one."""
    ids = [*line.covers, line.clause]
    texts = {i: retriever.by_id[i].text for i in ids}
    # the question's phrases as typed and in the policy's words: '<everyday phrase> park' also says '<term> park'
    asked = _bigrams(question, FORM_WORDS) | _bigrams(retriever.synonyms.inline(question), FORM_WORDS)
    phrases = {i: len(asked & _bigrams(texts[i], frozenset())) for i in ids}
    most = max(phrases.values())
    if not most:
        return found
    if phrases[line.clause] == most:
        return retriever.by_id[line.clause]
    words = {i: set(tokenize(t)) for i, t in texts.items()}
    asked = set(tokenize(question))
    rarity = {w: math.log(len(ids) / n) for w in asked if (n := sum(w in ws for ws in words.values()))}
    best = max((i for i in ids if phrases[i] == most), key=lambda i: sum(rarity.get(w, 0.0) for w in asked & words[i]))
    return retriever.by_id[best]


def unretrieved(found: list[Option], question: str, catalogue: Catalogue, retriever: Retriever) -> list[Option]:
    """The priced lines open to every sector that retrieval did not bring, each with the clause under it naming most
    of the question's words, unscored: the line for the same activity in any sector ('<x> R&D': the R&D line) may be
    among them (`same_activity` considers no other)."""
    have, words = {o.line.key for o in found}, set(tokenize(question))
    return [Option(ln, _naming_clause(ln, words, retriever), 0.0, False) for ln in catalogue.lines
            if ln.key not in have and not ln.sectors and ln.amount_yuan]


def _naming_clause(line: SupportLine, words: set[str], retriever: Retriever) -> Clause:
    """The clause under a line whose own text names most of `words`."""
    ids = [line.clause, *line.covers]
    return max((retriever.by_id[i] for i in ids), key=lambda c: len(words & set(tokenize(c.text))))


def quotes_phrase(question: str, text: str, ignore: frozenset = frozenset()) -> bool:
    """True when two consecutive content words of the question appear together in `text`:
    'two product promotion projects' and '..., financing, and product promotion may receive ...'.
    Words in `ignore` (those of the applicant conditions, e.g. 'focus areas') name no activity."""
    return bool(_bigrams(question, ignore | FORM_WORDS) & _text_bigrams(text))


LINKS = frozenset("a an the of for and to in on our its their".split())


def quotes_as_written(question: str, text: str) -> bool:
    """True when two consecutive words of the question, as written, stand together in `text`: '<a> <b>' does,
    'build a <thing>' (the text's 'building of <things>') does not."""
    def pairs(t: str) -> set[tuple[str, str]]:
        words = [w.rstrip("'-") for w in re.findall(r"[a-z][a-z0-9&+'-]*", t.lower()) if w not in LINKS]
        return set(zip(words, words[1:]))
    return bool({p for p in pairs(question) if not set(p) <= FORM_WORDS} & pairs(text))


# "<a>, <b>, <c> and <d> <noun>": each word of the list goes with the noun that ends it
SHARED_NOUN = re.compile(r"\b((?:[A-Za-z-]+,\s+){2,}[A-Za-z-]+,?\s+and\s+[A-Za-z-]+)\s+([A-Za-z-]+)(?=[.,;]|$)")


@lru_cache(maxsize=512)
def _text_bigrams(text: str) -> frozenset[tuple[str, str]]:
    """A policy text's word pairs, read once: every question compares against the same line texts. A list of single
    words sharing its last noun pairs each of them with it ('green ... finance' -> 'green finance')."""
    pairs = _bigrams(text, frozenset())
    for m in SHARED_NOUN.finditer(text):
        noun = tokenize(m.group(2))
        pairs |= {(w[0], noun[0]) for w in map(tokenize, re.split(r",?\s+and\s+|,\s+", m.group(1))) if w and noun}
    return frozenset(pairs)


def _bigrams(text: str, skip: frozenset) -> set[tuple[str, str]]:
    """Consecutive word pairs within each clause-part of `text` ('financing, and product' is no pair);
    'R&D' alone is no phrase."""
    out = set()
    text = re.sub(r"\b([A-Za-z])&([A-Za-z])\b", r"\1\2", text)  # 'R&D input' is a phrase: ('rd', 'input')
    for chunk in re.split(r"[,;:.()]|\band\b|\bor\b", text):
        words = [w for w in tokenize(chunk) if len(w) > 1 and w not in skip]
        out |= set(zip(words, words[1:]))
    return out


@lru_cache(maxsize=8)
def condition_words(catalogue: Catalogue) -> frozenset[str]:
    """Words of the sector clause's own heading and the place applicants must be in: they describe the applicant,
    not the activity ('we are in <the heading>', '<place> company'). The other conditions' words stay: a line
    may name an activity with them ('corporate establishment')."""
    words = set()
    for cond in catalogue.conditions:
        words |= set(tokenize(cond.heading if cond.kind == "sector" else cond.place))
    return frozenset(words)


def _line_clause(line: SupportLine, retriever: Retriever) -> Clause:
    return retriever.by_id[line.clause]


def pick_line(lines: list[SupportLine], question: str, ignore: frozenset = frozenset()) -> SupportLine | None:
    """Of a clause's lines, the one whose own text quotes the question, else shares most words with it."""
    if len(lines) < 2:
        return lines[0] if lines else None
    words = set(tokenize(question)) - ignore
    projects = [set(tokenize(c[1])) - ignore - FORM_WORDS
                for c in counted_phrases(question) if c[2].startswith("project")]
    return max(
        lines,
        key=lambda ln: (
            quotes_phrase(question, ln.text, ignore),
            any(p and p <= set(tokenize(ln.text)) for p in projects),  # "a financing project": the line naming it
            len(words & set(tokenize(ln.text))),
            -lines.index(ln),
        ),
    )


ENTITY = re.compile(
    r"\b(entity support|entity[- ]level|as (?:an? )?(?:market )?entit(?:y|ies)|company itself|as a whole|"
    r"company[- ]level|annual\w*(?! (?:revenue|turnover|sales|output|income|profit))|"  # not the firm's size
    r"yearly|per year|a year|(?:1|one) year|each year|(?:a|one|any) single year|per annum|"
    r"(?:across|for|over|in|both) 20\d\d (?:and|&|to|-) 20\d\d|"  # "across 2025 and 2026 combined"
    r"(?<!founded )(?<!established )(?<!operating )(?:for |over |across )?(?:two|three|[2-9]) years(?! ago| old)|"
    r"for (?:one|two|three|\d+) years?|both years)\b",
    re.I,
)
ENTITY_NAMED = re.compile(
    r"\b(entity support|entity[- ]level|as (?:an? )?(?:market )?entit(?:y|ies)|company itself|as a whole|"
    r"company[- ]level)\b", re.I
)


def _best_fit_first(found: list[Option], question: str, whole_group: bool = False) -> list[Option]:
    """A line that names the activity goes before a broad one (entity-level, all focus areas, no figure),
    unless the question asks about the entity itself, names the sectors' group by its heading word or the broad
    line clearly matches better."""
    if not found:
        return found
    named = bool(ENTITY_NAMED.search(question))  # "under the entity support": whatever the best line's sector
    if named or ENTITY.search(question) and not any(o.quoted for o in found[:3]):  # the entity's own annual line
        sectors = sectors_of(found, question)
        entity = [o for o in found if o.line.entity_level and (named or set(o.line.sectors) & sectors)]
        return entity[:1] + [o for o in found if o not in entity[:1]]
    broad = [o for o in found if is_broad(o.line)]
    specific = [o for o in found if not is_broad(o.line)]
    if not specific or not broad or broad[0] is not found[0] or found[0].quoted or whole_group:
        return found
    if specific[0].score >= 0.8 * found[0].score:
        return [specific[0], *[o for o in found if o is not specific[0]]]
    return found


def sectors_of(found: list[Option], question: str) -> set[str]:
    """The sectors of the best line that has any and names every question word the best line names: 'we do AI'
    names the AI line after the one open to every sector; '<x> forum each year' names no sector's line."""
    asked = set(tokenize(question))
    said = asked & set(tokenize(f"{found[0].line.text} {found[0].clause.text}")) if found else set()
    return next((set(o.line.sectors) for o in found[:3]
                 if o.line.sectors and said <= set(tokenize(f"{o.line.text} {o.clause.text}"))), set())


def is_broad(line: SupportLine) -> bool:
    """Lines that any focus-area entity could use, whatever its activity."""
    return line.entity_level or line.amount_yuan is None or len(line.sectors) > 1


def alternatives(best: Option, found: list[Option], catalogue: Catalogue, limit: int = 4,
                 question: str = "", unfound: list[Option] = ()) -> list[Option]:
    """Other lines worth naming beside `best`: lines of any sector naming the same activity in the question's own
    words (retrieved or among `unfound`), close matches, then entity-level lines of its sector."""
    out = [
        o
        for o in found
        if o.line.key != best.line.key
        and (o.score >= ALTERNATIVE_SHARE * best.score or o.named and o.score >= NAMED_SHARE * best.score)
    ]
    out = [*same_activity(best, [*found, *unfound], question, catalogue), *out]
    out = one_per_line(out)[: limit - 1]  # room for the entity-level line
    have = {best.line.key, *(o.line.key for o in out)}
    for line in catalogue.lines:
        shared = set(line.sectors) & set(best.line.sectors)
        if line.entity_level and shared and line.key not in have and not best.line.entity_level:
            out.append(Option(line, _clause_of(line, found, best), 0.0, False))
    return out[:limit]


def one_per_line(options: list[Option]) -> list[Option]:
    """Each line once, where it first appears."""
    first: dict[str, Option] = {}
    for o in options:
        first.setdefault(o.line.key, o)
    return list(first.values())


def same_activity(best: Option, found: list[Option], question: str, catalogue: Catalogue) -> list[Option]:
    """Lines open to every sector whose text uses a word of the question, as written, that the best line's text
    uses too, and at most a third of the lines use: '<x> R&D' fits <x>'s own line and the line for R&D in any
    sector ('living' is no 'live'; 'services' names no activity)."""
    common = _surface_common(catalogue)
    named = _surface(question) & _surface(f"{best.line.text} {best.clause.text}") - common
    return [o for o in found if o.line.key != best.line.key and not o.line.sectors and o.line.amount_yuan
            and named & _surface(f"{o.line.text} {o.clause.text}")][:2]


@lru_cache(maxsize=8)
def _surface_common(catalogue: Catalogue) -> frozenset[str]:
    """Words as written that more than a third of the lines use."""
    used = Counter(w for ln in catalogue.lines for w in _surface(ln.text))
    return frozenset(w for w, n in used.items() if n > len(catalogue.lines) / 3)


def _surface(text: str) -> set[str]:
    """The text's words as written (lower-cased), less the form words of questions about money."""
    words = set(re.findall(r"[a-z][a-z0-9&+'-]*[a-z0-9]", text.lower()))
    return {w for w in words if (t := tokenize(w)) and not set(t) <= FORM_WORDS}


def _clause_of(line: SupportLine, found: list[Option], best: Option) -> Clause:
    return next((o.clause for o in found if o.line.key == line.key), None) or best.clause


# "a 2,200 m² lab", "about 1,800 sqm of office space": the firm's floor area, not what it asks about
FLOOR_AREA = re.compile(
    r"\b(?:(?:a|an|with|have|has)\s+)?(?:~|about|approx\.?|around|some|over|nearly)?\s*[\d,.]+\s*"
    r"(?:m2|m²|sqm|sq\.?\s?m|square\s+met(?:re|er)s?)(?!\w)(?!\s+(?:over|across|spanning|covering|in)\b)"
    r"(?:\s+(?:of\s+)?(?:office|floor|lab|laboratory|workshop|factory|plant|warehouse|retail|shop)?(?:\s*space)?)?",
    re.I)
DESCRIPTION = re.compile(
    r"\b(?:annual|yearly) (?:revenue|turnover|sales|output|profits?)\b"
    r"|\b(?:(?:newly|recently|already|duly) )?(?:registered and )?established(?: (?:in|since) \w+| \d{4})?", re.I)


def activity_words(question: str, ignore: set[str]) -> list[str]:
    """The question's distinctive words, less the form words of questions about money and the `ignore` set
    (and company figures such as 'annual revenue', which describe the asker)."""
    question = re.sub(r"\bapplicants?\b", " ", FLOOR_AREA.sub(" ", question), flags=re.I)  # who asks, not what
    return [w for w in tokenize(DESCRIPTION.sub(" ", question))
            if w not in FORM_WORDS and w not in ignore and not w[0].isdigit()]


FORM_WORDS = set(
    tokenize(
        "how much many maximum max most total totals in all altogether sum amount amounts cap caps capped ceiling "
        "claim limit yuan rmb dollars usd million millions billion project projects year years each per one two three "
        "four five six "
        "seven eight nine ten could would should might can get got receive received want wants lined up funding fund "
        "funded money subsidy subsidies grant grants support supported supporting total startup company companies firm "
        "business businesses enterprise entity entities our we us i my me you your they them what whats which who "
        "is are "
        "be been the a an of for to from on with by at or and under this that these those there here possible possibly "
        "policy scheme programme program apply applying eligible question questions thanks please pls hi hello help "
        "just "
        "based registered located credit record clean good bad rating plan planning new do does did "
        "biggest largest highest top overall whole much lot lots some any anything all every kind sort type stuff "
        "again also too only still now then than more less re ve s ll t m out have has having "
        "clause clauses ref reference section article line lines item items founded people staff employees revenue "
        "turnover sqm office offices hired need needs quick table thing things big quite "
        "introduce introduction profile limited ltd co inc people ppl sales around since area square metres meters "
        "over within during across both together not"
    )
)
