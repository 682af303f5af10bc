"""Synthetic policy corpora of any size, recombined deterministically from the real policy's sentences."""
from __future__ import annotations

import random
from typing import Callable

import numpy as np

from index.passages import context, searchable
from ingest.clause import Clause, Document
from ingest.windows import sentences

SEPARATOR = "\n\n"
SENTENCES_PER_CLAUSE = (2, 2, 3)  # about the real clauses' mean length (~200 characters)


def sentence_pool(docs: list[Document]) -> list[tuple[Clause, str]]:
    """Every sentence of every searchable clause, with the clause it came from, in corpus order."""
    return [(c, s) for d in docs for c in d.clauses if searchable(c) for s in sentences(c.text)]


def synthetic_clauses(docs: list[Document], n: int, seed: int = 0) -> list[Clause]:
    """`n` distinct clauses 'syn-1'..'syn-n', each 2-3 sentences of the policy under the first one's headings.

    Texts are unique so that exact and approximate search have one right answer per rank.
    Offsets point into `source_text(clauses)`, as real clauses point into their document.
    """
    rng = random.Random(seed)
    pool = sentence_pool(docs)
    seen: set[str] = set()
    out: list[Clause] = []
    offset = 0
    while len(out) < n:
        picks = rng.sample(pool, rng.choice(SENTENCES_PER_CLAUSE))
        text = " ".join(s for _, s in picks)
        if text in seen:
            continue
        seen.add(text)
        home = picks[0][0]
        out.append(Clause(id=f"syn-{len(out) + 1}", doc="synthetic", path=home.path, title=_title(text), text=text,
                          start=offset, end=offset + len(text), level=home.level))
        offset += len(text) + len(SEPARATOR)
    return out


def _title(text: str, words: int = 8) -> str:
    head = text.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def source_text(clauses: list[Clause]) -> str:
    """The synthetic 'document': every clause's text, in order; clause.start/end slice it."""
    return SEPARATOR.join(c.text for c in clauses)


def passage(clause: Clause) -> str:
    """The one text a synthetic clause contributes to the dense index: '<headings>: <text>'."""
    head = context(clause)
    return f"{head}: {clause.text}" if head else clause.text


def composed_vectors(clauses: list[Clause], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Unit vectors approximating `encode(passage(c))`: the normalised sum of its parts' embeddings.

    Used where embedding every clause would take too long: the parts (sentences and headings) are
    few, so this costs seconds, and the vectors lie where the model's vectors of this text lie.
    """
    parts = [sentences(c.text) + ([context(c)] if context(c) else []) for c in clauses]
    unique = sorted({p for ps in parts for p in ps})
    table = encode(unique)
    row = {p: i for i, p in enumerate(unique)}
    vectors = np.zeros((len(clauses), table.shape[1]), dtype=np.float32)
    for i, ps in enumerate(parts):
        vectors[i] = table[[row[p] for p in ps]].sum(axis=0)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors
