"""Resolve a clause id typed by a person, in any reasonable spelling, to the clause's real id.

'II.B.4(2)', 'ii b 4 2', 'B.4.(2)', 'clause II.A.2(2)-b' -> the id as the policy numbers it.
"""
from __future__ import annotations

import re

FILLER = re.compile(
    r"\b(please|show|me|the|clause|clauses|section|article|item|point|paragraph|bullet|text|of|what|does|do|say|says|"
    r"is|in|quote|display|open|read|find|look|up|policy|full|wording|number|no|for|about|see|go|to|jump|id|pls|plz|"
    r"thanks|give|get|can|you|want|need|verbatim)\b|[?:!,]",
    re.I,
)
SEGMENT = re.compile(r"[ivx]+|[a-z]|\d+", re.I)
STRICT = re.compile(r"(?<![\w.])(?:[IVX]{1,4}\.[A-Z](?:\.\d{1,2}(?:\(\d{1,2}\))?(?:-(?:[a-z]|note))?)?|preamble-\d+)(?![\w(])")
SPECIAL = re.compile(r"^(preamble)\s*-?\s*(\d+)$|^(.*?)[\s-]*(note|footnote)$", re.I)


ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v"}


def segments(clause_id: str) -> tuple[str, ...]:
    """'II.A.2(2)-b' -> ('ii', 'a', '2', '2', 'b'); '2.B.2(4)' -> ('ii', 'b', '2', '4')."""
    segs = [s.lower() for s in SEGMENT.findall(clause_id)]
    if len(segs) > 1 and segs[0] in ROMAN and segs[1].isalpha():  # a part written in Arabic numerals
        segs[0] = ROMAN[segs[0]]
    return tuple(segs)


SHAPE = re.compile(r"(?:[ivx]*|\d)[\s.]*[a-z]?[\s.]*\d{0,2}[\s.]*\(?\s*\d{0,2}\s*\)?[\s.]*-?\s*(?:[a-z]|note)?", re.I)


def _rest(text: str) -> str:
    return re.sub(r"\s+", " ", FILLER.sub(" ", text)).strip(" .")


NAMED = re.compile(r"\b(article|chapter)\s*(\d+)\s*(?:\(\s*(\d+)\s*\))?|(第[一二三四五六七八九十百零〇\d]+[条章])"
                   r"(?:\s*[(（]\s*([一二三四五六七八九十\d]+)\s*[)）])?", re.I)


def named_ids(text: str, ids: list[str]) -> list[str]:
    """Ids of word-numbered styles written in `text`: 'article 3 (2)' -> 'Article 3(2)', '第三条（一）' -> '第三条(一)'."""
    known, out = {i.lower(): i for i in ids}, []
    for m in NAMED.finditer(text):
        if m.group(5):
            wanted = m.group(5) + (f"({m.group(6)})" if m.group(6) else "")
        else:
            wanted = f"{m.group(1)} {m.group(2)}" + (f"({m.group(3)})" if m.group(3) else "")
        if wanted.lower() in known:
            out.append(known[wanted.lower()])
    return out


def resolve(text: str, ids: list[str]) -> str | None:
    """The one clause id that `text` spells, or None; `text` must be (nearly) only an id."""
    named = named_ids(text, ids)
    if len(named) == 1 and not _rest(NAMED.sub(" ", text)):
        return named[0]
    rest = _rest(text)
    if not rest or len(rest) > 24:
        return None
    special = _special(rest, ids)
    if special:
        return special
    if not SHAPE.fullmatch(rest):
        return None
    return _by_segments(segments(rest), ids)


def looks_like_id(text: str) -> str | None:
    """The id-like words of a question that is only a clause id in formal numbering ('II.C.9'), else None."""
    rest = _rest(text)
    formal = re.fullmatch(r"(?:[IVX]{1,4}\.?\s*)?[A-Z]\.\s*\d[\w().\s-]{0,12}|[IVX]{1,4}\.[A-Z][\w().\s-]{0,12}", rest)
    return rest if formal and SHAPE.fullmatch(rest) else None


def _special(rest: str, ids: list[str]) -> str | None:
    m = SPECIAL.match(rest)
    if not m:
        return rest.lower() if rest.lower() in ids else None
    if m.group(1):
        wanted = f"preamble-{m.group(2)}"
        return wanted if wanted in ids else None
    owner = _by_segments(segments(m.group(3)), [i[:-5] for i in ids if i.endswith("-note")]) if m.group(3) else None
    if owner:
        return f"{owner}-note"
    return "note" if not m.group(3) and "note" in ids else None


def _by_segments(wanted: tuple[str, ...], ids: list[str]) -> str | None:
    if not wanted:
        return None
    by_segments = {segments(i): i for i in ids if "-note" not in i and not i.startswith("preamble")}
    if wanted in by_segments:
        return by_segments[wanted]
    # 'B.4.(2)' leaves out the part: accept it when exactly one clause ends that way
    matches = [i for segs, i in by_segments.items() if len(segs) > len(wanted) and segs[-len(wanted):] == wanted]
    return matches[0] if len(matches) == 1 and len(wanted) >= 2 else None


def mentioned(text: str, ids: list[str]) -> list[str]:
    """Ids written out in full inside a longer question: 'does II.B.4(2) cover ...' -> ['II.B.4(2)']."""
    known = set(ids)
    return [m for m in dict.fromkeys(STRICT.findall(text)) if m in known] + named_ids(text, ids)
