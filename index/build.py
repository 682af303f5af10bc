"""Build the index folder from documents, and open it again, rebuilding when it is missing, stale or corrupt."""
from __future__ import annotations

import logging
from pathlib import Path

from index.embed import Embedder
from index.passages import passages, searchable
from index.store import IndexStoreError, StoredIndex, load, make_faiss, save
from ingest.clause import Document

log = logging.getLogger("policybot.index")


def build(folder: Path, docs: list[Document], embedder: Embedder, *, progress: bool = False,
          hnsw_threshold: int = 20_000) -> StoredIndex:
    """Embed every searchable clause's passages and write the index folder atomically."""
    clauses = [c for d in docs for c in d.clauses]
    texts, rows = [], []
    for clause in clauses:
        if searchable(clause):
            for text in passages(clause, embedder.count_tokens, embedder.max_tokens):
                texts.append(text)
                rows.append(clause.id)
    vectors = embedder.encode(texts, progress=progress)
    index = make_faiss(vectors, hnsw_threshold=hnsw_threshold)
    manifest = save(folder, index, clauses, rows, docs=docs,
                    model_id=embedder.spec.model_id, weights_sha256=embedder.weights_sha256)
    return StoredIndex(index, clauses, rows, manifest)


def open_index(folder: Path, docs: list[Document], embedder: Embedder, *, rebuild: bool = True) -> StoredIndex:
    """The verified index for `docs`; a missing, stale or corrupt one is rebuilt (and the reason logged)."""
    try:
        return load(folder, docs=docs, model_id=embedder.spec.model_id, weights_sha256=embedder.weights_sha256)
    except IndexStoreError as err:
        if not rebuild:
            raise
        if err.kind == "missing":
            log.warning("no index yet at %s: building it now (about ten seconds)", folder)
        else:
            log.warning("%s; rebuilding it now", str(err).split("; run")[0])
    return build(folder, docs, embedder)
