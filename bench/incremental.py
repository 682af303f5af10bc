"""Adding one policy to corpora of 1, 10 and 100 policies: only the new policy is embedded, so the time stays flat."""
from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.synthetic import sentence_pool
from ingest.clause import Document


def fictional_policy(pool: list, number: int, seed: int = 0) -> str:
    """A small fictional policy (two parts, eight items) recombined from the real policy's sentences."""
    rng = random.Random(seed * 1000 + number)
    lines = [f"FICTIONAL benchmark policy {number} (not a real policy)",
             "This policy is effective from Jan 1, 2025 and will remain valid until Dec 31, 2027.",
             "I. Scope", "A. Focus areas", rng.choice(pool)[1], "II. Support measures", "A. Projects"]
    for item in range(1, 9):
        lines.append(f"{item}. Eligible projects may receive up to {rng.choice((1, 2, 3, 5, 10))} million yuan each.")
        lines += [f"({k}) {rng.choice(pool)[1]}" for k in (1, 2)]
    return "\n".join(lines) + "\n"


def add_one(embedder, docs: list[Document], sizes: tuple[int, ...] = (1, 10, 100)) -> list[tuple]:
    """(corpus size, seconds to parse the corpus, seconds to index it, passages embedded) after adding one policy.

    Parsing reads every file, so it grows with the corpus (about 10 ms a policy); indexing embeds only the new one.
    """
    from index.build import build
    from ingest.corpus import load_corpus

    pool = sentence_pool(docs)
    rows = []
    for n in sizes:
        home = Path(tempfile.mkdtemp(prefix="policybot-incremental-"))
        try:
            corpus, folder = home / "corpus", home / "index"
            corpus.mkdir()
            for k in range(n):
                (corpus / f"policy-{k:03d}.txt").write_text(fictional_policy(pool, k), "utf-8")
            build(folder, load_corpus(corpus), embedder)
            (corpus / "policy-new.txt").write_text(fictional_policy(pool, n + 1, seed=1), "utf-8")
            started = time.perf_counter()
            loaded = load_corpus(corpus)
            parsed = time.perf_counter()
            stored = build(folder, loaded, embedder)
            rows.append((n, parsed - started, time.perf_counter() - parsed, stored.parts["policy-new"].faiss.ntotal))
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return rows


def incremental_table(rows: list[tuple]) -> list[str]:
    out = ["", "## Adding one policy", "", "`policybot index` after one new policy file: only its part is embedded.", "",
           "| Policies before | Index (embed the new one, verify, write) | Parse the corpus | Passages embedded |",
           "|---:|---:|---:|---:|"]
    out += [f"| {n} | {index:.2f} s | {parse:.2f} s | {embedded} |" for n, parse, index, embedded in rows]
    return out
