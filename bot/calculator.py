"""The deterministic cap calculator: support lines × counts, summed in integer yuan, converted last.

>>> from ingest.clause import Cap, Clause
>>> cap = Cap(5_000_000, "each project", "project", "Eligible projects", "up to 5 million yuan each", "L.4")
>>> clause = Clause("L.4(3)", "doc", (), "Green buildings", "…", 0, 1, "subitem", (cap,))
>>> calculate([Request(clause, cap, 3)], rate=(100_000_000, 14_050_000)).total_yuan
15000000
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from ingest.clause import Cap, Clause

MAX_COUNT = 1_000
MAX_LINES = 20
NOTE_APPROVAL = "Caps are maxima: the actual amount is subject to the district's review and approval."
NOTE_COMBINE = "The policy does not say whether caps from different support lines can be combined."
NOTE_ENTITY = "{id} is an entity's annual cap, not a per-project cap."
NOTE_NO_FIGURE = "{id} names no figure (\"{phrase}\"), so it adds nothing to the total."


class CalculationError(ValueError):
    """A request the calculator refuses, with a message a person can act on."""


@dataclass(frozen=True)
class Request:
    """One support line asked about: the clause, which of its caps, and how many projects or years."""

    clause: Clause
    cap: Cap
    count: int = 1
    label: str = ""  # the line's whole label; the clause's title when empty


@dataclass(frozen=True)
class Line:
    clause: str
    label: str
    basis: str
    cap_yuan: int | None
    count: int
    subtotal_yuan: int


@dataclass(frozen=True)
class Calculation:
    lines: tuple[Line, ...]
    total_yuan: int
    total_usd: float | None
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "lines": [vars(line) for line in self.lines], "total_yuan": self.total_yuan,
            "total_usd": self.total_usd, "notes": list(self.notes),
        }


def check_count(count) -> int:
    """Counts are whole numbers from 1 to 1,000; anything else is refused with a reason."""
    if isinstance(count, bool) or not isinstance(count, (int, Fraction, float)):
        raise CalculationError(f"the count {count!r} is not a number of projects or years")
    if count != int(count):
        raise CalculationError(f"{count} is not a whole number: count projects or years in whole numbers")
    if count < 1:
        raise CalculationError(f"{int(count)} is not a count of projects or years: use a whole number from 1 to 1,000")
    if count > MAX_COUNT:
        raise CalculationError(f"{int(count):,} is more than the calculator takes: use a whole number from 1 to 1,000")
    return int(count)


def to_usd(yuan: int, rate: tuple[int, int] | None) -> float | None:
    """Yuan to dollars at the document's own rate: to_usd(10_000_000, (100_000_000, 14_050_000)) -> 1405000.0."""
    if not rate:
        return None
    return float(round(Fraction(yuan * rate[1], rate[0]), 2))


def calculate(requests: list[Request], rate: tuple[int, int] | None, notes: tuple[str, ...] = ()) -> Calculation:
    """Breakdown lines, total in yuan (integers) and in dollars, and the notes that qualify them."""
    if not requests:
        raise CalculationError("no support line to calculate: name a line or clause, e.g. 'green building retrofit'")
    if len(requests) > MAX_LINES:
        raise CalculationError(
            f"{len(requests)} support lines in one question is more than {MAX_LINES}: ask about fewer")
    lines, notes = [], [NOTE_APPROVAL, *notes]
    for req in requests:
        count = check_count(req.count)
        amount = req.cap.amount_yuan
        label = req.label or req.clause.title
        lines.append(Line(req.clause.id, label, req.cap.basis, amount, count, (amount or 0) * count))
        if amount is None:
            notes.append(NOTE_NO_FIGURE.format(id=req.clause.id, phrase=req.cap.phrase))
        elif req.cap.unit == "year":
            notes.append(NOTE_ENTITY.format(id=req.clause.id))
    if len({line.clause for line in lines}) > 1:
        notes.append(NOTE_COMBINE)
    total = sum(line.subtotal_yuan for line in lines)
    return Calculation(tuple(lines), total, to_usd(total, rate), tuple(dict.fromkeys(notes)))


def conversion(amount_yuan: int, rate: tuple[int, int] | None, usd: int | None = None) -> Calculation:
    """A plain conversion: 'what is 30 million yuan in dollars?' (or, given `usd`, dollars to yuan)."""
    if not rate:
        raise CalculationError("the policy states no exchange rate to convert with")
    if usd is not None:
        amount_yuan = int(round(Fraction(usd * rate[0], rate[1])))
    if amount_yuan <= 0 or amount_yuan > 10**15:
        raise CalculationError("give an amount between 1 and 1,000 trillion to convert")
    note = f"Converted at the rate the policy states: {rate[0]:,} yuan = ${rate[1]:,}."
    return Calculation((), amount_yuan, float(usd) if usd is not None else to_usd(amount_yuan, rate), (note,))


# --- reading counts from a question -------------------------------------------------------------

WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
WORDS.update({"a": 1, "an": 1, "single": 1, "couple": 2, "pair": 2, "dozen": 12, "both": 2})
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
        "hundred": 100}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
NUMBER = (r"(?P<num>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:\^|\*\*)\s*\d+|e\d+)?|"
          rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:{_UNITS})|"
          r"(?:a\s+)?(?:couple|pair|dozen)(?:\s+of)?|"
          + "|".join(sorted(list(WORDS) + list(TENS), key=len, reverse=True)) + ")")
COUNTED = re.compile(
    rf"(?<![\w.'\"‘“-]){NUMBER}(?:\s+|-(?=off\b))"  # a quoted name ("'zero <x>+'") is no count
    r"(?:(?:more|separate|different|eligible|new|such|of|our|similar)\s+)*"
    # "2 <x> (<gloss>) projects"; a dash between words ends the phrase: "2 SOEs - it's a single project"
    r"(?P<what>(?:(?!\d)(?!-+\s)(?:[\w+&'/“”‘’\"-]+|\([^()\d]{1,40}\))\s+){0,6}?)"
    r"(?<!\bon )(?<!\bunder )"  # "45 streamers on contract" counts no contract
    r"(?P<unit>projects?|years?|programmes?|programs?|initiatives?|talents?|teams?|experts?|people|persons?|"
    r"hires?|companies|brands?|parks?|routes?|buildings?|sites?|stores?|shops?|institutes?|institutions?|"
    r"platforms?|events?|campaigns?|centers?|centres?|deals?|contracts?|purchases?|introductions?|"
    r"alliances?|apps?|activit(?:y|ies))\b(?!\s+(?:[\w-]+\s+){0,2}projects?\b)",  # "2 <x> <thing> build projects"
    re.I,
)
# "for two years" is a span; "founded 12 years ago" and "10 years old" are not.
YEARS = re.compile(rf"(?<![\w.-])(?:(?:for|over|across)\s+)?{NUMBER}[\s-]+"
                   r"(?:(?:trial|policy|calendar|full)\s+)?(?:years?|yrs?)\b"
                   r"(?!\s+(?:ago|old|of (?:experience|history|operation)))", re.I)


def number_value(word: str) -> Fraction | None:
    """'three' -> 3, '2' -> 2, '1,000' -> 1000, '2.5' -> 5/2, '10^12' -> 10**12, 'a couple of' -> 2."""
    w = re.sub(r"^a\s+|\s+of$", "", word.strip().lower())
    if w in WORDS:
        return Fraction(WORDS[w])
    if "-" in w and w.split("-", 1)[0] in TENS and w.split("-", 1)[1] in WORDS:  # "twenty-five"
        return Fraction(TENS[w.split("-", 1)[0]] + WORDS[w.split("-", 1)[1]])
    if w in TENS:
        return Fraction(TENS[w])
    power = re.fullmatch(r"(-?\d+)\s*(?:\^|\*\*)\s*(\d+)|(-?\d+)e(\d+)", w)
    if power:
        base, exp = (power.group(1), power.group(2)) if power.group(1) else (power.group(3), power.group(4))
        return Fraction(int(base)) ** min(int(exp), 100)
    try:
        return Fraction(w.replace(",", ""))
    except ValueError:
        return None


INNER_NUMBER = re.compile(r"(?<![\w'\"‘“-])(?:\d[\d,]*|" + "|".join(
    sorted(set(WORDS) - {"a", "an", "single", "both", "couple", "pair", "dozen"}, key=len, reverse=True)) + r")\s", re.I)
# '5 million per project' is money, '18 employees doing a ... project' counts people: neither counts projects
OTHER_THINGS = re.compile(r"(?:employees|staff|people|persons|workers|members|customers|clients|users|followers|"
                          r"stores|shops|outlets|branches|offices|floors|square|sqm|m2)\b", re.I)
HEADCOUNT = re.compile(r"(?:people|persons|staff|employees|ppl|workers)$", re.I)  # a counted unit that is a firm's size
MONEY_WORD = re.compile(r"(?:million|billion|thousand|mn|m|k|bn|yuan|rmb|usd|dollars?|%|percent)\b", re.I)


def counted_phrases(question: str) -> list[tuple[Fraction, str, str, str]]:
    """(count, topic words, unit, matched text) for each counted thing:
    '2 software projects and one advertising project'
    -> [(2, 'software', 'projects', '2 software projects'), (1, 'advertising', 'project', 'one advertising project')]."""
    out = []
    for m in COUNTED.finditer(question):
        inner = INNER_NUMBER.search(m.group("what"))
        # "120 staff: one bakery project": the count nearest the noun is the one it has ('zero' is a name's word)
        if inner and inner.group(0).strip().lower() != "zero":
            out += counted_phrases(m.group("what")[inner.start():] + m.group("unit"))
            continue
        value = number_value(m.group("num"))
        what = m.group("what").strip()
        if m.group("num").lower() == "zero" and what:
            continue  # "zero <x> scenarios": a word of a name, not none of them
        if value is not None and not MONEY_WORD.match(what) and not OTHER_THINGS.match(what):
            out.append((value, m.group("what").strip(), m.group("unit").lower(), m.group(0)))
    return out


NAMED_YEARS = re.compile(r"\b(?:for|in|over|across|both)\s+(20\d\d)\s*(?:and|&|to|-|–|through)\s*"
                         r"(?:(?:again\s+)?in\s+)?(20\d\d)\b", re.I)


def years_in(question: str) -> Fraction | None:
    """'for two years' -> 2; 'for 2025 and 2026' -> 2; None when no span of years is given."""
    found = list(YEARS.finditer(question))
    m = next((f for f in found if f.group("num").lower() not in ("a", "an")), found[0] if found else None)
    if m:  # "100m a year ... in both years": the span, not the rate's "a year"
        return number_value(m.group("num"))
    named = NAMED_YEARS.search(question)
    if named and 0 < int(named.group(2)) - int(named.group(1)) < 10:
        listed = re.search(r"\band\b|&", named.group(0))  # '2025 and 2027' is two years; '2025 to 2027' three
        return Fraction(2 if listed else int(named.group(2)) - int(named.group(1)) + 1)
    return None
