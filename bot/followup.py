"""Follow-ups: a short message that leans on the previous answer is resolved into a full question first."""

from __future__ import annotations

import re

from bot.calculator import number_value
from index.lexical import tokenize

FOLLOW_CLAUSE = re.compile(
    r"\b(which|what) (clause|section|part|article)s?\b.*\b(that|this|it|says?)\b|\bsource\b|"
    r"\bcite\b|\bwhere does it say\b",
    re.I,
)
FOLLOW_LEAD = re.compile(
    r"^\s*(and what about|and for|and in|and|also|plus|what about|how about|same for|then)\b"
    r"|^\s*(?=in (?:us )?(?:dollars|usd)\b)",
    re.I,
)
FILLER = set(
    tokenize(
        "dollars usd us project projects year years much many how them those these it each get could "
        "total maximum max most what about for that same in yuan rmb of instead then one two three four "
        "five six seven eight nine ten twenty dozen and the but please pls"
    )
)
COUNT = re.compile(r"(?<![\w.])(-?\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)


def leans_on_previous(question: str) -> bool:
    """'and for three projects?', 'in dollars?', 'which clause says that?', 'what about aviation?'."""
    return len(question.split()) <= 8 and bool(FOLLOW_CLAUSE.search(question) or FOLLOW_LEAD.search(question))


BACK = re.compile(r"\b(?:the (?:other|second|first|third|last|previous|same|former|latter) "
                  r"(?:one|line|clause|option|project)s?"
                  r"|that one|this one|the other|same question)\b"
                  r"|^\W*and for (?:one|two|three|four|five|\d+)\W*$"  # "and for two?": a count for the last answer
                  r"|^\W*is it \d+(?:\.\d+)?\s*(?:m|mn|million)? or \d+", re.I)  # "is it 5 or 10?": of what?


def refers_back(question: str) -> bool:
    """'and the other one?', 'what about the second one': nothing but a pointer at an earlier answer."""
    rest = BACK.sub(" ", question)
    return len(question.split()) <= 8 and bool(BACK.search(question)) and not topic_words(rest_of(rest))


def asks_for_sources(question: str) -> bool:
    return bool(FOLLOW_CLAUSE.search(question))


def rest_of(question: str) -> str:
    """The follow-up without its leading 'and for' / 'what about'."""
    return FOLLOW_LEAD.sub("", question).strip(" ?.!")


def bare_count(text: str):
    """The first number in a follow-up: 'and for 2 of them?' -> 2; None when there is none."""
    m = COUNT.search(text)
    return number_value(m.group(1)) if m else None


def topic_words(text: str) -> list[str]:
    """What a follow-up adds beyond counts and currency: 'what about aviation?' -> ['aviat']."""
    return [t for t in tokenize(text) if t not in FILLER and not t[0].isdigit()]
