"""How build time, index size, latency and recall grow with the corpus, against the chunk-and-embed default."""
from __future__ import annotations

import inspect
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench import K, fmt, forget, ms, questions, say, timed
from bench.synthetic import composed_vectors, passage, source_text, synthetic_clauses

CHUNK = 500  # characters: the usual default of chunk-and-embed tutorials
EF_SEARCH = (64, 128, 256, 512)  # tried in order until HNSW recall@K reaches RECALL_TARGET
RECALL_TARGET = 0.98


def chunk_baseline(embedder, text: str, asked: list[str], chars_per_s: float | None = None) -> dict:
    """The common default pipeline: fixed 500-character chunks, the same model, an exact IndexFlatIP.

    With `chars_per_s` the chunks are not embedded (too slow here): the embedding time is extrapolated
    and random unit vectors stand in, which leaves flat search's cost unchanged.
    """
    import faiss

    chunks = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]
    if chars_per_s is None:
        embed_s, vectors = timed(embedder.encode, chunks, progress=len(chunks) > 1000)
    else:
        random = np.random.default_rng(0).normal(size=(len(chunks), embedder.dim))
        embed_s, vectors = len(text) / chars_per_s, _unit(random)
    index = faiss.IndexFlatIP(vectors.shape[1])
    add_s = timed(index.add, vectors)[0]
    times = [timed(lambda q: index.search(embedder.encode([q]), K), q)[0] for q in asked]
    return {"chunks": len(chunks), "build_s": embed_s + add_s, "chars_per_s": len(text) / embed_s,
            "extrapolated": chars_per_s is not None, "p50": ms(times, 50), "p95": ms(times, 95)}


def _unit(vectors: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(vectors / np.linalg.norm(vectors, axis=1, keepdims=True), dtype=np.float32)


# --- scaling on synthetic corpora ----------------------------------------------------------------

def scale(embedder, docs, n: int, rates: dict, plan) -> dict:
    """One synthetic corpus of `n` clauses: build, size, FAISS and end-to-end latency, recall, default pipeline.

    `rates` carries the model's measured throughput to corpora above `plan.embed_limit` (clauses) and
    `plan.chunk_limit` (the chunk pipeline), whose embedding time is extrapolated from it.
    """
    from index.search import Retriever
    from index.store import StoredIndex, make_faiss

    clauses = synthetic_clauses(docs, n, seed=0)
    composed = n > plan.embed_limit  # the model is too slow on 2 cores to embed the largest corpora
    say(f"{n:,} clauses: embedding" + (" (composed vectors)" if composed else ""))
    if composed:
        vectors, embed_s = composed_vectors(clauses, embedder.encode), n / rates["texts_per_s"]
    else:
        embed_s, vectors = timed(embedder.encode, [passage(c) for c in clauses], progress=True)
        rates["texts_per_s"] = n / embed_s
    exact_s, exact = timed(make_faiss, vectors, hnsw_threshold=n)
    hnsw_s, hnsw = timed(make_faiss, vectors, hnsw_threshold=0)
    bm25_s, retriever = timed(Retriever, StoredIndex(exact, clauses, [c.id for c in clauses], {}), embedder)
    pool = questions("dev.jsonl", "check.jsonl")
    asked, qvecs = pool[:plan.queries or None], embedder.encode(pool[:plan.recall_queries or None])
    ef, recall = tune_ef(exact, hnsw, vectors, qvecs)
    row = {"n": n, "composed": composed, "embed_s": embed_s, "exact_s": exact_s, "hnsw_s": hnsw_s, "bm25_s": bm25_s,
           "mb": (disk_mb(exact), disk_mb(hnsw)), "ef": ef, "recall": recall,
           "faiss_exact": search_ms(exact, qvecs[:len(asked)]), "faiss_hnsw": search_ms(hnsw, qvecs[:len(asked)]),
           "e2e_exact": e2e_ms(retriever, exact, asked), "e2e_hnsw": e2e_ms(retriever, hnsw, asked),
           "queries": (len(asked), len(qvecs))}
    rate = rates["chars_per_s"] if n > plan.chunk_limit else None
    row["base"] = chunk_baseline(embedder, source_text(clauses), asked, rate)
    if n <= plan.chunk_limit:
        rates["chars_per_s"] = row["base"]["chars_per_s"]
    say(f"{n:,} clauses: recall@{K} {recall:.3f} (efSearch {ef}), end-to-end p95 {row['e2e_hnsw'][1]:.1f} ms (HNSW)")
    return row


def tune_ef(exact, hnsw, vectors: np.ndarray, qvecs: np.ndarray) -> tuple[int, float]:
    """The first efSearch of EF_SEARCH reaching RECALL_TARGET, and its recall@K against exact search.

    A result scoring as high as the exact K-th is a hit: duplicate vectors tie, and either is right.
    """
    truth, _ = exact.search(qvecs, K)
    floor = truth[:, -1:] - 1e-5
    for ef in EF_SEARCH:
        hnsw.hnsw.efSearch = ef
        _, got = hnsw.search(qvecs, K)
        scores = np.einsum("qd,qkd->qk", qvecs, vectors[got])
        recall = float(np.mean((got >= 0) & (scores >= floor)))
        if recall >= RECALL_TARGET:
            break
    return ef, recall


def search_ms(index, qvecs: np.ndarray) -> tuple[float, float]:
    times = [timed(index.search, qvecs[i:i + 1], K)[0] for i in range(len(qvecs))]
    return ms(times, 50), ms(times, 95)


def e2e_ms(retriever, index, asked: list[str]) -> tuple[float, float]:
    """retriever.search(q): embed the query, FAISS, BM25 and fusion, over `index`."""
    retriever.stored = replace(retriever.stored, faiss=index)
    retriever.search(asked[0])
    times = []
    for q in asked:
        forget(retriever)  # a new question: the query is embedded inside the timing
        times.append(timed(retriever.search, q)[0])
    return ms(times, 50), ms(times, 95)


def disk_mb(index) -> float:
    import faiss

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vectors.faiss"
        faiss.write_index(index, str(path))
        return path.stat().st_size / 2**20


# --- the tables ----------------------------------------------------------------------------------

def _size(row: dict) -> str:
    return f"{row['n']:,}{'*' if row['composed'] else ''}"


def scaling_tables(scaled: list[dict]) -> list[str]:
    """Markdown: how our pipeline scales, then how it compares with the chunk default."""
    timed_n, recall_n = scaled[0]["queries"]
    out = ["", "## Scaling (synthetic clauses recombined from the policy's sentences)", "",
           f"Latency over {timed_n} queries, one at a time; recall over {recall_n}.", "",
           "| Clauses | Embed s | FAISS build s exact / HNSW | BM25 build s | Disk MB exact / HNSW "
           "| FAISS p50 / p95 ms exact | FAISS p50 / p95 ms HNSW | HNSW recall@5 (efSearch) "
           "| End-to-end p50 / p95 ms exact | End-to-end p50 / p95 ms HNSW |", "|" + "---:|" * 10]
    for r in scaled:
        out.append(f"| {_size(r)} | {fmt(r['embed_s'])} | {fmt((r['exact_s'], r['hnsw_s']))} | {fmt(r['bm25_s'])} "
                   f"| {fmt(r['mb'])} | {fmt(r['faiss_exact'])} | {fmt(r['faiss_hnsw'])} "
                   f"| {r['recall']:.3f} ({r['ef']}) | {fmt(r['e2e_exact'])} | {fmt(r['e2e_hnsw'])} |")
    return out + _default_table(scaled)


def _default_table(scaled: list[dict]) -> list[str]:
    """Ours as shipped (make_faiss's own threshold decides exact or HNSW) against 500-character chunks."""
    from index.store import make_faiss

    shipped = inspect.signature(make_faiss).parameters["hnsw_threshold"].default
    out = ["", f"## Against the common default: {CHUNK}-character chunks, same model, IndexFlatIP", "",
           f"Ours as shipped: exact search up to {shipped:,} vectors, HNSW above; build = embed + FAISS + BM25.", "",
           "| Clauses | Chunks | Build s ours / chunks | Build ratio | Query p50 / p95 ms ours "
           "| Query p50 / p95 ms chunks | p95 ratio |", "|" + "---:|" * 7]
    for r in scaled:
        e2e, faiss_s = (r["e2e_hnsw"], r["hnsw_s"]) if r["n"] > shipped else (r["e2e_exact"], r["exact_s"])
        ours, base = r["embed_s"] + faiss_s + r["bm25_s"], r["base"]
        chunks = f"{base['chunks']:,}{'†' if base['extrapolated'] else ''}"
        out.append(f"| {_size(r)} | {chunks} | {fmt((ours, base['build_s']))} | {ours / base['build_s']:.2f} "
                   f"| {fmt(e2e)} | {fmt((base['p50'], base['p95']))} | {e2e[1] / base['p95']:.2f} |")
    return out
