"""Dates a question names: read against today, and judged against the policy's validity."""
from __future__ import annotations

from datetime import date

import pytest

from bot.dates import Period, asked_period

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize("question, first, last", [
    ("can we submit in december 2026?", date(2026, 12, 1), date(2026, 12, 31)),
    ("our project kicks off jan 2027", date(2027, 1, 1), date(2027, 1, 31)),
    ("was it in force on Nov 20, 2026?", date(2026, 11, 20), date(2026, 11, 20)),
    ("valid on 14 November 2026?", date(2026, 11, 14), date(2026, 11, 14)),
    ("and on 2025-03-01?", date(2025, 3, 1), date(2025, 3, 1)),
    ("we apply next month", date(2026, 12, 1), date(2026, 12, 31)),
    ("submitting this week", date(2026, 11, 23), date(2026, 11, 29)),
    ("can we renew for next year?", date(2027, 1, 1), date(2027, 12, 31)),
    ("support in 2027?", date(2027, 1, 1), date(2027, 12, 31)),
    ("in december", date(2026, 12, 1), date(2026, 12, 31)),
])
def test_asked_period(question, first, last):
    assert asked_period(question, TODAY) == Period(first, last)


def test_years_of_support_and_plain_questions_name_no_date():
    assert asked_period("the combined ceiling for 2025 and 2026?", TODAY) is None
    assert asked_period("how much for a drone project?", TODAY) is None


@pytest.mark.parametrize("question, route, verdict", [
    ("we missed the window i think.. can we submit in december 2026?", "eligibility", "no"),
    ("our project kicks off jan 2027, can we get support under this policy?", "eligibility", "no"),
    ("is the policy still in effect? it's late nov 2026", "validity", "no"),
    ("was an application in october 2026 within the policy period?", "validity", "yes"),
    ("is this policy still valid in december 2026?", "validity", "no"),
])
def test_a_named_date_decides_the_verdict(bot, question, route, verdict):
    a = bot.ask(question, today=TODAY)
    assert (a.route, a.verdict) == (route, verdict)
    assert a.citations[0].clause.id == "preamble-2" and "Nov 14, 2026" in a.text


def test_a_date_before_the_end_is_judged_in_force_even_when_asked_today(bot):
    a = bot.ask("was the policy in force in March 2025?", today=TODAY)
    assert a.verdict == "yes" and a.text.startswith("Yes: in March 2025")
