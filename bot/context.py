"""What every handler works from: the document, its catalogue, the retriever and the date, plus quote checking."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.answer import PolicyStatus
from bot.calculator import Calculation, Request, calculate
from index.lexical import tokenize
from index.search import Hit, Retriever
from ingest.clause import Cap, Clause, Document
from ingest.lines import Catalogue

if TYPE_CHECKING:
    from bot.library import Library

log = logging.getLogger("policybot")


@dataclass(frozen=True)
class Context:
    doc: Document
    catalogue: Catalogue
    retriever: Retriever
    status: PolicyStatus
    vocabulary: frozenset = frozenset()  # every word of the policy's text, stemmed
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # text -> options, within one question
    library: "Library | None" = field(default=None, compare=False, repr=False)  # every document, for dated answers

    def options(self, text: str) -> list:
        """The lines `text` could fall under (bot.matching.options), computed once per text per question."""
        from bot.matching import options

        if text not in self.memo:
            self.memo[text] = options(text, self.retriever, self.catalogue)
        return self.memo[text]

    def topic_words(self, question: str, expand: bool = True) -> list[str]:
        """The question's activity words the policy's text (or, with `expand`, its synonyms for them) actually uses."""
        from bot.matching import activity_words

        if not activity_words(question, self.home_words):  # "how much can my startup get?" names no activity
            return []
        text = self.retriever.synonyms.expand(question) if expand else question
        return [w for w in activity_words(text, self.home_words) if w in self.vocabulary]

    @property
    def home(self) -> str:
        """The place applicants must be established in, from the catalogue's location condition ('' if none)."""
        where = self.catalogue.condition("location")
        return where.place if where else ""

    @property
    def home_words(self) -> set[str]:
        return set(tokenize(self.home))

    @property
    def clauses(self) -> list[Clause]:
        return list(self.doc.clauses)

    def clause(self, clause_id: str) -> Clause | None:
        return self.retriever.by_id.get(clause_id)

    def cite(self, *clause_ids: str) -> list[Hit]:
        """Verified hits for clause ids, in order, once each; unknown ids are skipped."""
        seen = dict.fromkeys(i for i in clause_ids if i and i in self.retriever.by_id)
        return self.verified([Hit(self.retriever.by_id[i], 1.0) for i in seen])

    def verified(self, hits: list[Hit]) -> list[Hit]:
        """Only hits whose text is exactly the corpus slice at its offsets, once each; the rest are logged."""
        out, seen = [], set()
        for hit in hits:
            c = hit.clause
            if c.id in seen:
                continue
            if c.doc == self.doc.id and c.text and self.doc.source[c.start : c.end] == c.text:
                out.append(hit)
                seen.add(c.id)
            else:
                log.warning("dropped a quote of %s: it does not match the corpus text", c.id)
        return out

    def with_cap_sources(self, hits: list[Hit]) -> list[Hit]:
        """`hits` plus the section leads that state an inherited cap, so every figure shown is in a cited clause."""
        ids = [h.clause.id for h in hits]
        for h in hits:
            ids += [cap.source_id for cap in h.clause.caps]
        extra = self.cite(*[i for i in dict.fromkeys(ids) if i not in {h.clause.id for h in hits}])
        return self.verified(list(hits) + extra)

    def cap_of(self, line) -> Cap:
        """The Cap record behind a support line, from the clause that states it."""
        clause = self.clause(line.clause)
        return next(c for c in clause.caps if c.source_id == line.clause and c.phrase == line.phrase)

    def one_of(self, line, count: int = 1) -> Calculation | None:
        """`count` units (projects, years, talents; one unless a question counts them) of a line priced by the
        calculator: the figure an answer about a line states, so that it too comes from the calculator. None for a
        line without a figure."""
        if line.amount_yuan is None:
            return None
        return calculate([Request(self.clause(line.clause), self.cap_of(line), count, line.label)], self.doc.rate)

    def clause_of_level(self, level: str) -> list[Clause]:
        return [c for c in self.doc.clauses if c.level == level]
