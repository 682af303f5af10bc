"""Query widening: everyday words a person types, mapped to a policy's own wording.

The table is the policy's data, read from its sidecar (`[synonyms]` in `<stem>.policy.toml`), never code:
>>> Synonyms.of({"uav|drone": "low-altitude"}).expand("uav subsidy?")
'uav subsidy? low-altitude'
>>> Synonyms.of({"intellectual property": "IP patent"}).inline("an intellectual property park")
'an IP park'
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Synonyms:
    """Compiled (pattern, policy words) pairs; plurals of each key match too."""

    patterns: tuple[tuple[re.Pattern, str], ...] = ()

    @classmethod
    def of(cls, table: dict[str, str]) -> "Synonyms":
        return cls(tuple((re.compile(rf"\b(?:{keys})(?:s|es)?\b", re.I), terms) for keys, terms in table.items()))

    def expand(self, query: str) -> str:
        """The query with the policy's words for it appended once each."""
        extra = [terms for pattern, terms in self.patterns if pattern.search(query)]
        return " ".join([query, *dict.fromkeys(extra)]) if extra else query

    def inline(self, query: str) -> str:
        """The query with each everyday phrase replaced in place by the policy's first word for it, so its
        neighbours stay next to it: 'intellectual property park' -> 'IP park'."""
        for pattern, terms in self.patterns:
            query = pattern.sub(terms.split()[0], query)
        return query
