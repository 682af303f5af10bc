"""Decide whether the policy says anything about a question, before an answer is composed.

Two checks: topics the policy text never covers (taxes, contacts, procedures, other districts,
primary industries), and retrieval confidence (closeness in meaning or shared distinctive words).
Both were calibrated on the dev set's in-scope and out-of-scope questions (see README).
"""
from __future__ import annotations

import re

from index.search import Hit

NOT_IN_TEXT = re.compile(
    r"\b(tax (?:rate|rates|break|breaks|deduction|refund|return|incentive)s?|income tax|vat|phone|telephone|hotline|contact (?:person|details|number)|e-?mail address|address|office hours|"
    r"deadline|due date|application forms?|which forms|documents? (?:do|to|we|should)|paperwork|website|portal|online application|apply online|"
    r"weather|metro|subway|office rents?|rental prices|price per|house prices|minimum wage|salar(?:y|ies)|"
    r"driver'?s licen[cs]e|visa|dim sum|hotel|stock price|(?:today'?s|current|latest|live)\b.{0,30}\brate|"
    r"agricultur\w*|farming|farms?|fishing|forestry|mining|coal|oil and gas|real estate developer)\b",
    re.I,
)
OTHER_PLACES = re.compile(
    r"\b(pudong|xuhui|jing'?an|huangpu|hongkou|yangpu|putuo|minhang|baoshan|jiading|songjiang|qingpu|fengxian|"
    r"jinshan|chongming|beijing|shenzhen|hangzhou|suzhou|guangzhou)\b", re.I)


def outside_reason(question: str) -> str | None:
    """Why a question is outside the policy by its topic, or None."""
    if NOT_IN_TEXT.search(question):
        return "The policy text does not cover that."
    if OTHER_PLACES.search(question) and not re.search(r"\bchangning\b", question, re.I):
        return "I only know Changning district's trial policy, not other districts' or cities' policies."
    return None


def in_scope(hits: list[Hit], min_dense: float = 0.30, min_lexical: float = 3.0) -> bool:
    """True when one of the best clauses is close in meaning or shares distinctive words with the question."""
    return any(h.dense >= min_dense or h.lexical >= min_lexical for h in hits)
