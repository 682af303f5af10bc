"""Retrieval metrics on a labelled question set: Hit@1, Hit@3 and MRR."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Labelled:
    """One evaluation question and the clause ids that answer it (none when out of scope)."""

    question: str
    kind: str
    ids: tuple[str, ...]
    total_yuan: int | None = None


def read_set(path: Path) -> list[Labelled]:
    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    return [Labelled(r["q"], r["kind"], tuple(r["ids"]), r.get("total_yuan")) for r in rows]


def rank_of(ranked: list[str], wanted: tuple[str, ...]) -> int | None:
    """1-based rank of the first wanted id in `ranked`: rank_of(['a', 'b'], ('b',)) -> 2."""
    return next((i for i, cid in enumerate(ranked, 1) if cid in wanted), None)


def metrics(ranks: list[int | None]) -> dict[str, float]:
    """{'hit@1', 'hit@3', 'mrr', 'n'} over the ranks of each question's first right clause."""
    n = len(ranks) or 1
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "n": len(ranks),
    }


def evaluate(retriever, items: list[Labelled], weight: float | None = None, k: int = 10) -> tuple[dict, list]:
    """Metrics for questions with labelled clauses; also returns (item, ranked ids) for the misses."""
    saved = retriever.weight
    if weight is not None:
        retriever.weight = weight
    ranks, misses = [], []
    try:
        for item in (i for i in items if i.ids and i.kind != "clause"):
            ranked = [h.clause.id for h in retriever.search(item.question, k=k)]
            rank = rank_of(ranked, item.ids)
            ranks.append(rank)
            if rank != 1:
                misses.append((item, ranked[:3]))
    finally:
        retriever.weight = saved
    return metrics(ranks), misses
