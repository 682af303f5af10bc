"""Hybrid clause retrieval: dense (FAISS) and BM25 scores fused per clause, plus id lookup."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from index.embed import Embedder
from index.ids import mentioned, resolve
from index.lexical import Lexical, tokenize
from index.passages import searchable
from index.store import StoredIndex
from index.synonyms import Synonyms
from ingest.clause import Clause


LEVEL_WEIGHTS = {"preamble": 0.85, "note": 0.85, "footnote": 0.9}


@dataclass(frozen=True)
class Hit:
    """One retrieved clause: `score` is the fused score; `dense` its best cosine, `lexical` its raw BM25."""

    clause: Clause
    score: float
    dense: float = 0.0
    lexical: float = 0.0


class Retriever:
    """Search a StoredIndex by meaning and by words; `weight` is the dense share of the fused score."""

    def __init__(self, stored: StoredIndex, embedder: Embedder, *, weight: float = 0.6, dense_k: int = 512,
                 level_weights: dict[str, float] | None = None, synonyms: Synonyms | None = None):
        self.stored, self.embedder = stored, embedder
        self.synonyms = synonyms or Synonyms()
        self.weight, self.dense_k = weight, dense_k
        self.clauses = [c for c in stored.clauses if searchable(c)]
        self.by_id = {c.id: c for c in stored.clauses}
        self.position = {c.id: i for i, c in enumerate(self.clauses)}
        self.row_pos = np.array([self.position[r] for r in stored.rows], dtype=np.int64)
        self.lexical = Lexical(self.clauses)
        # One question is often searched several ways (whole, per topic, capped lines only): embed it once.
        self.query_vector = lru_cache(maxsize=512)(lambda text: embedder.encode([text]))
        # Preambles and notes are about the policy, not a support line: they should win only on a clear match.
        weights = LEVEL_WEIGHTS if level_weights is None else level_weights
        self.prior = np.array([weights.get(c.level, 1.0) for c in self.clauses], dtype=np.float32)

    def lookup(self, text: str) -> Clause | None:
        """The clause whose id `text` spells ('ii b 4 2'), else None."""
        found = resolve(text, list(self.by_id))
        return self.by_id.get(found) if found else None

    def mentioned(self, text: str) -> list[Clause]:
        return [self.by_id[i] for i in mentioned(text, list(self.by_id))]

    def search(self, query: str, k: int = 5, where: Callable[[Clause], bool] | None = None,
               vector: np.ndarray | None = None) -> list[Hit]:
        """Best `k` clauses for `query`, best first; `where` keeps only clauses it accepts."""
        wide = self.synonyms.expand(query)  # synonyms help BM25; the embedding sees the raw query
        dense = self.dense_scores(query if vector is None else None, vector)
        # Counts and amounts in a question ("1 drone project") must not match "1 million" in some clause.
        lexical = self.lexical.scores([t for t in tokenize(wide) if not t[0].isdigit()])
        fused = fuse(dense, lexical, self.weight) * self.prior
        order = np.argsort(-fused, kind="stable")
        hits = []
        for i in order:
            clause = self.clauses[i]
            if where is None or where(clause):
                hits.append(Hit(clause, float(fused[i]), float(dense[i]), float(lexical[i])))
                if len(hits) == k:
                    break
        return hits

    def dense_scores(self, query: str | None, vector: np.ndarray | None = None) -> np.ndarray:
        """Per clause: the best cosine of any of its passages (0 for clauses outside the top rows)."""
        q = vector if vector is not None else self.query_vector(query)
        k = min(self.stored.faiss.ntotal, self.dense_k)
        sims, rows = self.stored.faiss.search(q, k)
        best = np.zeros(len(self.clauses), dtype=np.float32)
        valid = rows[0] >= 0
        np.maximum.at(best, self.row_pos[rows[0][valid]], np.clip(sims[0][valid], 0, None))
        return best


def _scaled(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else scores


def _spread(scores: np.ndarray) -> np.ndarray:
    low, high = float(scores.min()), float(scores.max())
    return (scores - low) / (high - low) if high > low else np.zeros_like(scores)


def fuse(dense: np.ndarray, lexical: np.ndarray, weight: float) -> np.ndarray:
    """weight * dense (min-max over clauses) + (1 - weight) * BM25 scaled to the best clause.

    Min-max on the cosines matters: MiniLM's cosines sit in a narrow band, so raw they would
    barely move the ranking. Weights were tuned on the dev set (see README).

    >>> fuse(np.array([0.8, 0.4, 0.6]), np.array([0.0, 6.0, 3.0]), 0.5).round(2).tolist()
    [0.5, 0.5, 0.5]
    """
    return weight * _spread(dense) + (1 - weight) * _scaled(lexical)
