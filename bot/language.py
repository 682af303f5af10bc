"""Which language a question is written in: the share of its CJK characters against its Latin words."""
from __future__ import annotations

import re
from dataclasses import dataclass

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
LANGUAGES = ("auto", "zh", "en")


@dataclass(frozen=True)
class Detected:
    """The question's language ('zh' or 'en') and the share of it written in CJK characters (0..1)."""

    language: str
    share: float


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text or ""))


def detect(text: str) -> Detected:
    """Each CJK character and each Latin word counts one; the majority decides, a tie goes to Chinese.

    >>> detect("我们公司做电商, how much 补贴 for one project?").language
    'zh'
    """
    cjk, words = len(CJK.findall(text or "")), len(LATIN_WORD.findall(text or ""))
    share = cjk / (cjk + words) if cjk + words else 0.0
    return Detected("zh" if cjk and share >= 0.5 else "en", share)


def target(question: str, choice: str = "auto") -> str:
    """The language to answer in: the choice, or with 'auto' the question's own."""
    if choice not in LANGUAGES:
        raise ValueError(f"language {choice!r} is not one of {', '.join(LANGUAGES)}")
    return detect(question).language if choice == "auto" else choice
