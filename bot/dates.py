"""The period a question names, read against today: 'in March 2025', 'next month', 'jan 2027', 'in 2027'.

>>> asked_period("can we submit in december 2026?", date(2026, 11, 27))
Period(first=datetime.date(2026, 12, 1), last=datetime.date(2026, 12, 31))
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
DAY_MONTH_YEAR = re.compile(rf"\b{MONTH}\s+(\d{{1,2}}),?\s+(20\d\d)\b|\b(\d{{1,2}})\s+{MONTH}\s+(20\d\d)\b", re.I)
MONTH_YEAR = re.compile(rf"\b{MONTH}\s+(20\d\d)\b", re.I)
MONTH_ONLY = re.compile(rf"\b(?:in|by|from|during|until|till|this|next|coming)\s+{MONTH}(?!\s*\d)", re.I)
YEAR = re.compile(r"\b(?:in|by|from|during|for|until|till|after)\s+(?:early |late |mid-?)?(20\d\d)\b"
                  r"(?![\s,]*(?:and|&|-)\s*20)",
                  re.I)  # "for 2025 and 2026" names years of support, not a date
ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
RELATIVE = re.compile(r"\b(today|tomorrow|this week|next week|this month|next month|this year|next year)\b", re.I)


@dataclass(frozen=True)
class Period:
    """The days a question's date covers: one day, a month or a year."""

    first: date
    last: date

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


def _month(name: str) -> int:
    return MONTHS.index(name.lower()[:3]) + 1


def _month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _relative(word: str, today: date) -> Period:
    word = word.lower()
    if word in ("today", "tomorrow"):
        day = today + timedelta(days=word == "tomorrow")
        return Period(day, day)
    if word.endswith("week"):
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=word.startswith("next"))
        return Period(monday, monday + timedelta(days=6))
    if word.endswith("month"):
        index = today.year * 12 + today.month - 1 + word.startswith("next")  # months since year 0
        return _month_period(index // 12, index % 12 + 1)
    year = today.year + word.startswith("next")
    return Period(date(year, 1, 1), date(year, 12, 31))


def dated_in(q: str) -> bool:
    """True when the question names a calendar date or a month of a year, not only 'next month' or a bare year."""
    return bool(ISO.search(q) or DAY_MONTH_YEAR.search(q) or MONTH_YEAR.search(q))


def asked_period(q: str, today: date) -> Period | None:
    """The first date the question names, as the period it covers; None when it names none."""
    if m := ISO.search(q):
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return Period(day, day)
    if m := DAY_MONTH_YEAR.search(q):
        month, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        exact = date(int(year), _month(month), int(day))
        return Period(exact, exact)
    if m := MONTH_YEAR.search(q):
        return _month_period(int(m.group(2)), _month(m.group(1)))
    if m := MONTH_ONLY.search(q):  # "in december": the next one from today
        month = _month(m.group(1))
        return _month_period(today.year + (month < today.month), month)
    if m := YEAR.search(q):
        return Period(date(int(m.group(1)), 1, 1), date(int(m.group(1)), 12, 31))
    if m := RELATIVE.search(q):
        return _relative(m.group(1), today)
    return None
