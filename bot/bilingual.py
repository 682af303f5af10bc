"""Chinese and mixed questions: translate into English, let the core answer, render in the language asked for."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from bot.answer import Answer
from bot.language import has_cjk, target
from bot.termbase import TermBase, glossary, read_terms


@dataclass(frozen=True)
class Chinese:
    """A corpus's Chinese data: its term base, example questions, names of clauses and lines, conditions."""

    terms: TermBase
    examples: tuple[str, ...] = ()
    names: dict = field(default_factory=dict)  # clause id or line key -> Chinese name
    conditions: dict = field(default_factory=dict)  # condition kind -> Chinese wording
    labels: dict = field(default_factory=dict)  # English line label or clause title -> Chinese name

    @classmethod
    def of(cls, corpus: Path, docs: list) -> "Chinese":
        """Read `<stem>.terms-zh.tsv` and the sidecar's [zh] table of each document; the glossary comes first."""
        from ingest.corpus import read_sidecar

        tables, examples, names, conditions = [glossary()], [], {}, {}
        for stem in (Path(d.file).stem if d.file else d.id for d in docs):  # the data sits next to each file
            tables.append(read_terms(Path(corpus) / f"{stem}.terms-zh.tsv", "policy"))
            data = read_sidecar(Path(corpus) / f"{stem}.policy.toml").get("zh", {})
            examples += [str(q) for q in data.get("examples", ())]
            names.update(data.get("lines", {}))
            conditions.update(data.get("conditions", {}))
        labels = {c.title: names[c.id] for d in docs for c in d.clauses if c.id in names}
        labels.update({ln.label: names[ln.key] for d in docs if d.catalogue for ln in d.catalogue.lines
                       if ln.key in names})
        return cls(TermBase.of(*tables), tuple(examples), names, conditions, labels)

    def name_of(self, label: str) -> str:
        """A line or heading label in Chinese, the English after it: '<中文名>（<English label>）'."""
        return f"{self.labels[label]}（{label}）" if label in self.labels else label


@lru_cache(maxsize=4)
def structured(bot):
    """The bot with BM25 widened by a term's other translations (Pirkola's structured queries) where its first
    rendering is not the policy's own wording; English questions never reach it."""
    import copy

    from index.lexical import tokenize
    from index.search import Retriever
    from index.synonyms import Synonyms

    groups = {re.escape(t.rendering): " ".join(t.english[1:]) for t in bot.chinese.terms.terms.values()
              if t.source == "policy" and len(t.english) > 1
              and not all(w in bot.vocabulary for w in tokenize(t.rendering))}  # the policy's own word needs no help
    if not groups:
        return bot
    from bot.library import Library

    twin = copy.copy(bot)
    twin.library = Library(bot.docs, {
        d.id: Retriever(bot.library.retrievers[d.id].stored, bot.embedder, synonyms=Synonyms.of(dict(d.synonyms) | groups))
        for d in bot.docs})
    return twin


def translating() -> bool:
    """Off when POLICYBOT_MULTILINGUAL=1: a multilingual embedding model then reads the question as typed."""
    return os.environ.get("POLICYBOT_MULTILINGUAL", "") not in ("1", "true", "yes")


def english_question(question: str, terms: TermBase) -> str:
    """The question the core answers: its English translation, or (multilingual model) the question as typed."""
    from bot.numerals import numbers_in_english
    from bot.translation import simplified, translate

    if not translating():
        return numbers_in_english(simplified(question)).strip()
    return translate(question, terms).english


def answer(bot, question: str, today, history, language: str = "auto") -> Answer:
    """Ask the core in English; the Answer keeps the question as typed and is written in the target language."""
    from bot.answer_zh import render

    lang = target(question, language)
    english = (english_question(question, bot.chinese.terms) if has_cjk(question) else question) or question
    past = [replace(a, question=a.english or a.question) for a in history]
    core = structured(bot).ask(english, today=today, history=past, language=lang, translated=True)
    catalogue = bot.library.by_id[core.policy.doc].catalogue if core.policy.doc in bot.library.by_id else None
    text = render(core, bot.chinese, catalogue or bot.doc.catalogue) if lang == "zh" else core.text
    return replace(core, question=question, text=text, language=lang, english=english)
