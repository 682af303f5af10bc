"""The corpus as a library of dated documents: which is in force on a date, which a question names, which answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.answer import PolicyStatus
from index.search import Retriever
from ingest.clause import Clause, Document

NEAR = 0.35  # a document in force "covers" a question when its best passage is at least this close
BETTER = 0.1  # ...unless an older document's best passage is this much closer
FORMER = re.compile(r"\b(previous|former|old|older|earlier|expired|superseded|last)\s+(?:policy|one|version|edition)\b",
                    re.I)


@dataclass(frozen=True)
class Choice:
    """The document a question is answered from, and the question with any document prefix taken off its ids."""

    doc: Document
    question: str
    named: bool = False  # the question (or a qualified id in it) named the document


class Library:
    """Every document of the corpus with its own retriever; pure lookups by id, date and text."""

    def __init__(self, docs: list[Document], retrievers: dict[str, Retriever]):
        self.docs, self.retrievers = list(docs), retrievers
        self.by_id = {d.id: d for d in docs}

    def successor(self, doc: Document) -> Document | None:
        return next((d for d in self.docs if d.supersedes == doc.id), None)

    def status(self, doc: Document, today: date) -> PolicyStatus:
        """The document's standing on `today`: in force, not yet in force, expired, or superseded by its successor."""
        after = self.successor(doc)
        superseded = after if after and (after.effective_from is None or after.effective_from <= today) else None
        return PolicyStatus.of(doc, today, superseded)

    def in_force(self, today: date) -> list[Document]:
        return [d for d in self.docs if d.in_force(today) and not self.status(d, today).superseded_by]

    def current(self, today: date) -> Document:
        """The document to answer from when nothing else decides: in force on `today`, else the latest started."""
        live = self.in_force(today)
        if live:
            return live[0]
        started = [d for d in self.docs if d.effective_from is None or d.effective_from <= today]
        return max(started or self.docs, key=lambda d: d.effective_from or date.min)

    def qualified(self, text: str) -> tuple[Document | None, str]:
        """'<document id>:<clause id>' -> (that document, '<clause id>'); (None, text) without a known prefix."""
        for doc in self.docs:
            m = re.search(rf"(?<![\w-]){re.escape(doc.id)}\s*:\s*", text, re.I)
            if m:
                return doc, text[: m.start()] + text[m.end() :]
        return None, text

    def named(self, text: str) -> Document | None:
        """A document the question names by id or alias ('the 2024 policy'), or as the one a successor replaced."""
        low = text.lower()
        for doc in self.docs:
            if doc.id.lower() in low or any(a.lower() in low for a in doc.aliases):
                return doc
        if FORMER.search(text):
            return next((d for d in self.docs if self.successor(d)), None)
        return None

    def holding(self, clause_id: str) -> list[Document]:
        return [d for d in self.docs if clause_id in self.retrievers[d.id].by_id]

    def choose(self, question: str, today: date, bare_id: str | None = None) -> Choice | list[Document]:
        """The document to answer from; a list of documents when a bare clause id is ambiguous (ask which)."""
        doc, rest = self.qualified(question)
        if doc is not None:
            return Choice(doc, rest, named=True)
        doc = self.named(question)
        if doc is not None:
            return Choice(doc, question, named=True)
        if len(self.docs) == 1:
            return Choice(self.docs[0], question)
        if bare_id:
            return self._by_id(bare_id, question, today)
        return Choice(self._covering(question, today), question)

    def _by_id(self, clause_id: str, question: str, today: date) -> Choice | list[Document]:
        having = self.holding(clause_id)
        live = [d for d in having if d in self.in_force(today)]
        if len(live) == 1 or (len(having) == 1):
            return Choice((live or having)[0], question)
        return having if having else Choice(self.current(today), question)

    def _covering(self, question: str, today: date) -> Document:
        """Of the documents in force, the one whose text is closest; an older one when none in force covers it."""
        live = self.in_force(today) or [self.current(today)]
        best = max(live, key=lambda d: self.closeness(d, question))
        older = [d for d in self.docs if d not in live and (d.effective_from or date.min) <= today]
        if older and self.closeness(best, question) < NEAR:
            rival = max(older, key=lambda d: self.closeness(d, question))
            if self.closeness(rival, question) >= self.closeness(best, question) + BETTER:
                return rival
        return best

    def closeness(self, doc: Document, question: str) -> float:
        """The best cosine between the question and any passage of the document."""
        return float(self.retrievers[doc.id].dense_scores(question).max(initial=0.0))

    def clauses(self) -> list[Clause]:
        return [c for d in self.docs for c in d.clauses]
