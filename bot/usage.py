"""The records the usage store keeps: one logged answer, one rating, and the errors a caller can act on."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

RATINGS = (1, -1)
MAX_TEXT = 4000  # characters of a question or comment kept; the bot refuses longer questions anyway
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NOT_WORD = re.compile(r"[^\w]+")


class StoreError(RuntimeError):
    """A request the store refuses; the message says what to send instead."""


class UnknownAnswer(StoreError):
    pass


class BadRating(StoreError):
    pass


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or written right now; the caller may retry later."""


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_answer_id() -> str:
    return uuid.uuid4().hex


def language_of(text: str) -> str:
    """'zh' when the question holds Chinese characters, else 'en'.

    >>> language_of("我们可以申请吗"), language_of("bakery support?")
    ('zh', 'en')
    """
    return "zh" if CJK.search(text or "") else "en"


def storable(text: str) -> str:
    """Text as a database column takes it: no NUL (PostgreSQL refuses it), at most MAX_TEXT characters.

    >>> storable("bakery\\x00 support")
    'bakery support'
    """
    return text.replace("\x00", "")[:MAX_TEXT]


def normalise(text: str | None) -> str:
    """The form declined questions are grouped by: lower case, punctuation and extra spaces gone.

    >>> normalise("  What's the VAT  rate?? ")
    'what s the vat rate'
    """
    return NOT_WORD.sub(" ", (text or "").lower()).strip()


@dataclass(frozen=True)
class LoggedAnswer:
    """One answered question, as the question log keeps it; `question` is None when question text is not kept."""

    answer_id: str
    asked_at: datetime
    question: str | None
    language: str
    route: str
    cited_ids: tuple[str, ...]
    abstained: bool
    latency_ms: int
    replica: str

    @classmethod
    def of(cls, answer_id: str, question: str, answer, latency_ms: int, replica: str, keep_text: bool = True):
        """From the bot's Answer, stamped now."""
        return cls(answer_id, now(), storable(question) if keep_text else None, language_of(question), answer.route,
                   tuple(h.clause.id for h in answer.citations), bool(answer.abstained), int(latency_ms), replica)


@dataclass(frozen=True)
class Rating:
    """A thumbs up (1) or down (-1) on one logged answer, with an optional comment."""

    answer_id: str
    rating: int
    comment: str | None
    rated_at: datetime

    @classmethod
    def checked(cls, answer_id, rating, comment=None) -> "Rating":
        """Raises BadRating or UnknownAnswer (for a malformed id) with what to send instead."""
        if isinstance(rating, bool) or rating not in RATINGS:
            raise BadRating(f"rating must be 1 (thumbs up) or -1 (thumbs down), not {rating!r}")
        if not isinstance(answer_id, str) or not re.fullmatch(r"[0-9a-z-]{1,64}", answer_id):
            raise UnknownAnswer(f"unknown answer id {answer_id!r}; send the `id` that /ask returned")
        return cls(answer_id, int(rating), storable(str(comment)) or None if comment else None, now())
