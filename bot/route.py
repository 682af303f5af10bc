"""Clean a question and decide, deterministically, which kind of answer it needs."""
from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2_000

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
VALIDITY = re.compile(
    r"\b(valid|validity|expire[sd]?|expiry|expiration|in force|still (?:active|open|running|available|on)|"
    r"effective|until when|end date|start date|trial period|how long (?:does|is|will)|when (?:does|did|will) (?:it|the policy|this|the trial)|"
    r"time ?frame|period of validity|lapsed?|can i still|still apply|still valid)\b", re.I)
AMOUNT = re.compile(
    r"\b(how much|maximum|max|cap|caps|capped|ceiling|in total|total|combined|altogether|dollars?|usd|"
    r"convert|conversion|exchange rate|yuan|rmb|amount|most (?:we|i|they|a \w+|one) (?:can|could|may|might|would)|how many (?:yuan|dollars)|largest|biggest|top amount|"
    r"limit|upper limit|sum)\b|\$|¥|us\$", re.I)
ELIGIBILITY = re.compile(
    r"\b(eligible|eligibility|qualify|qualifies|qualified|who can (?:apply|get|receive)|can (?:we|i|my \w+|our \w+) (?:apply|get in)|"
    r"can (?:a|an|the|any) (?:\w+ ){0,4}(?:apply|qualify|get support)|allowed to apply|entitled|rule (?:us|me|them) out|disqualif\w*|credit (?:record|history|problem|issue|list)|blacklist\w*|"
    r"requirements? (?:to|for) apply|conditions (?:to|for) apply|(?:are|is) (?:we|i|my \w+|our \w+) covered)\b", re.I)
FOLLOW_CLAUSE = re.compile(r"\b(which|what) (clause|section|part|article)s?\b.*\b(that|this|it|says?)\b|\bsource\b|\bcite\b|\bwhere does it say\b", re.I)
FOLLOW_LEAD = re.compile(r"^\s*(and what about|and for|and in|and|also|plus|what about|how about|same for|then)\b|^\s*(?=in (?:us )?(?:dollars|usd)\b)", re.I)
INJECTION = re.compile(r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules?|prompt|system|previous)\b|\b(you are now|act as|pretend)\b|\bsystem prompt\b", re.I)


def clean(question: str) -> str:
    """Strip control characters, NUL bytes and invisible direction marks; normalise spaces."""
    text = CONTROL.sub(" ", unicodedata.normalize("NFC", question or ""))
    return re.sub(r"[ \t]+", " ", text).strip()


def check_input(question: str) -> str | None:
    """A message for input that is not processed (empty, too long, not English), else None."""
    if not question:
        return "Please type a question about Changning's trial industrial policy, for example: “Can my company apply?”"
    if len(question) > MAX_CHARS:
        return (f"Your question is {len(question):,} characters long; PolicyBot takes up to {MAX_CHARS:,}. "
                "Please shorten it to the question itself.")
    letters = [c for c in question if c.isalpha()]
    latin = sum(1 for c in letters if c.isascii())
    if letters and latin / len(letters) < 0.5:
        return ("PolicyBot answers questions about this policy in English for now; Chinese support is coming. "
                "Please ask in English, for example: “Can my company apply?”")
    if not letters and not re.search(r"\d", question):
        return "Please type a question in words, for example: “What support is there for drone companies?”"
    return None


def route(question: str) -> str:
    """'validity', 'amount', 'eligibility' or 'retrieval' (clause ids are resolved before this)."""
    if ELIGIBILITY.search(question) and re.search(r"\bcredit|blacklist|registered|rule (?:us|me) out", question, re.I):
        return "eligibility"  # facts about the applicant outweigh 'still' or 'how much'
    if VALIDITY.search(question) and not re.search(r"\b(how much|maximum|yuan|dollars?)\b", question, re.I):
        return "validity"
    if AMOUNT.search(question) or re.search(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+){0,5}?(projects?|years?)\b", question, re.I):
        return "amount"
    if ELIGIBILITY.search(question):
        return "eligibility"
    return "retrieval"


def is_injection(question: str) -> bool:
    return bool(INJECTION.search(question))


def leans_on_previous(question: str) -> bool:
    """'and for three projects?', 'in dollars?', 'which clause says that?', 'what about aviation?'."""
    return len(question.split()) <= 8 and bool(FOLLOW_CLAUSE.search(question) or FOLLOW_LEAD.search(question))
