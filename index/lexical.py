"""BM25 over clauses (bm25s), with field weighting and a stemming tokenizer."""
from __future__ import annotations

import logging
import re

import bm25s
import numpy as np
import Stemmer

from ingest.clause import Clause
from index.passages import context

STOPWORDS = frozenset(
    "a an and are as at be by can could do does for from get has have how i if in into is it its may me my of on or "
    "our so that the their them there these they this to up us was we what when where which who will with would you "
    "your any some about there's i'm we're receive support policy changning shanghai district subsidy "
    "subsidies funding grant grants money anything help company companies firm business us our we'd is there".split()
)
_STEM = Stemmer.Stemmer("english")
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs routine steps at a level that reaches the console
TOKEN = re.compile(r"[a-z0-9]+(?:[+][a-z0-9]*)?|[+]")


def tokenize(text: str) -> list[str]:
    """'Low-carbon retrofitting of buildings' -> ['low', 'carbon', 'retrofit', 'build']."""
    words = [w for w in TOKEN.findall(text.lower()) if w not in STOPWORDS]
    return _STEM.stemWords(words)


def fields(clause: Clause, title_weight: int = 1, context_weight: int = 0) -> list[str]:
    """A clause's tokens: its text, its own title repeated `title_weight` times, its headings.

    Headings default to weight 0: on the dev set they made sibling bullets look alike to BM25
    (the dense side already sees them), costing Hit@1.
    """
    title = clause.title if not clause.text.startswith(clause.title) else ""
    return tokenize(clause.text) + tokenize(title) * title_weight + tokenize(context(clause)) * context_weight


class Lexical:
    """BM25 scores of a query against every clause, in the clauses' order."""

    def __init__(self, clauses: list[Clause], k1: float = 1.2, b: float = 0.9, **field_weights):
        self.model = bm25s.BM25(k1=k1, b=b)
        self.model.index([fields(c, **field_weights) or ["∅"] for c in clauses], show_progress=False)
        self.vocab = set(self.model.vocab_dict)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in self.vocab]
        if not known:
            return np.zeros(self.model.scores["num_docs"], dtype=np.float32)
        return np.asarray(self.model.get_scores(known), dtype=np.float32)
