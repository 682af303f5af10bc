"""Find the support caps a clause states: amounts in yuan, their basis and recipient.

"Eligible projects may receive up to 5 million yuan each."
    -> Cap(amount_yuan=5_000_000, basis="each project", unit="project", ...)
"""
from __future__ import annotations

import re
from decimal import Decimal

from ingest.clause import Cap

SCALE = {"million": 10**6, "billion": 10**9, "m": 10**6, "mn": 10**6, "bn": 10**9, "万": 10**4, "亿": 10**8, "": 1}
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
AMOUNT = re.compile(
    rf"(?:RMB|CNY|¥|￥)\s*{_NUM}\s*(million|billion)?(?:\s*yuan)?"  # RMB 5 million, ¥5,000,000
    rf"|{_NUM}\s*(million|billion)?\s*(?:yuan|rmb|cny)\b"  # 5 million yuan, 5 million RMB
    rf"|{_NUM}\s*(万|亿)元",  # 500万元, 1亿元
    re.IGNORECASE,
)
USD_ASIDE = re.compile(r"^\s*\(\s*(?:US)?\$[^)]*\)")  # "($14.05 million)" after an amount
SENTENCE = re.compile(r"(?:[^.!?。\n]|\.(?=\S))+(?:[.!?。]+|$)")  # "14.05" is not a sentence end


USD = re.compile(rf"(?:US)?\$\s*{_NUM}\s*(million|billion|mn|bn|m\b)?|{_NUM}\s*(million|billion)?\s*(?:US\s*)?(?:dollars?|usd)\b", re.I)


def parse_usd(text: str) -> int | None:
    """'$1 million' -> 1000000; '2.5 million US dollars' -> 2500000; else None."""
    m = USD.search(text)
    return _yuan(m) if m else None


def parse_amount(text: str) -> int | None:
    """'5 million yuan' -> 5000000; 'RMB 2.5 million' -> 2500000; '500万元' -> 5000000; else None."""
    m = AMOUNT.search(text)
    return _yuan(m) if m else None


def _yuan(m: re.Match) -> int:
    groups = m.groups()
    number, scale = next((groups[i], groups[i + 1]) for i in range(0, len(groups), 2) if groups[i])
    return int(Decimal(number.replace(",", "")) * SCALE[(scale or "").lower()])


def caps_in(text: str, clause_id: str) -> tuple[Cap, ...]:
    """Every cap stated in `text`, in order; a support promise without a figure gives a Cap with amount None."""
    caps = []
    for sentence in (m.group(0).strip() for m in SENTENCE.finditer(text)):
        found = list(AMOUNT.finditer(sentence))
        for m in found:
            caps.append(_cap(sentence, m, clause_id))
        if not found and re.search(r"\bmay receive support\b", sentence, re.I):
            phrase = sentence[sentence.lower().index("may receive") + len("may receive "):].rstrip(".")
            caps.append(Cap(None, phrase, "project", _subject(sentence), phrase, clause_id))
    return tuple(caps)


TAIL = re.compile(r"\s*(?:\(\s*(?:US)?\$[^)]*\)\s*)?(?:per eligible project|per project|each|annually|per year)?")
UP_TO = re.compile(r"up to\s+$", re.I)


def _cap(sentence: str, m: re.Match, clause_id: str) -> Cap:
    """The cap at amount match `m`; its phrase runs from 'up to' through any '($…)' aside and basis word."""
    before, after = sentence[:m.start()], sentence[m.end():]
    aside = USD_ASIDE.match(after)
    after_words = after[aside.end() if aside else 0:].strip().lower()
    subject = _subject(sentence)
    basis, unit = _basis(before.lower(), after_words, subject.lower())
    lead = UP_TO.search(before)
    start = lead.start() if lead else m.start()
    end = m.end() + TAIL.match(after).end()
    return Cap(_yuan(m), basis, unit, subject or label_of(sentence), sentence[start:end].strip(), clause_id)


def _basis(before: str, after: str, subject: str) -> tuple[str, str]:
    """Read the basis from the words around the amount; returns (basis, unit)."""
    per = re.match(r"per (eligible )?project", after)
    if per:
        return per.group(0), "project"
    if "one-time or annual" in before or "one-off or annual" in before:
        return "each, one-time or annual", "project"
    if after.startswith(("annually", "per year", "a year", "each year")) or "annual" in before:
        if re.search(r"\b(each|per) project\b", subject):
            return "per project, annually", "project"
        return "annually, per entity", "year"
    if after.startswith("each"):
        who = _singular(re.sub(r"^(the )?eligible\s+", "", subject))
        who = re.split(r"\s+(?:that|which|who)\s+", who)[0]
        return f"each {who}".strip(), who or "project"
    return "each", "project"


def _subject(sentence: str) -> str:
    """The words before 'may receive': who the support is for."""
    m = re.search(r"\s+may (?:receive|be given|get)\b", sentence, re.I)
    return sentence[:m.start()].strip() if m else ""


def _singular(phrase: str) -> str:
    """'talent, teams, or projects' -> 'talent, team or project'."""
    words = re.sub(r",\s+or\s+", " or ", phrase).split(" ")
    return " ".join(re.sub(r"(?<=[a-z])s(?=,|$)", "", w) if w.lower() not in ("services", "business") else w for w in words)


def label_of(text: str, limit: int = 80) -> str:
    """A short label from a clause's first words: 'Enhance aviation services with up to ...: Support ...'
    -> 'Enhance aviation services'."""
    head = re.split(r":|(?<=[a-z])\.\s|\.$", text, maxsplit=1)[0]
    head = re.sub(r"\s+(?:with|by offering support of|and by providing)\s+up to .*$", "", head)
    head = re.sub(r"\s+by offering support of up to .*$|,?\s+up to .*$", "", head).strip().rstrip(",")
    return head if len(head) <= limit else head[:limit].rsplit(" ", 1)[0] + "…"
