"""Build the index folder from documents, embedding only the documents whose part is missing or out of date, and
open it again, rebuilding when it is missing, stale or corrupt."""
from __future__ import annotations

import logging
from pathlib import Path

from index.embed import Embedder
from index.passages import passages, searchable
from index.store import (FORMAT, IndexStoreError, StoredCorpus, StoredIndex, load, load_part, make_faiss,
                         read_manifest, save_part, write_manifest)
from ingest.clause import Document

log = logging.getLogger("policybot.index")


def build(folder: Path, docs: list[Document], embedder: Embedder, *, progress: bool = False,
          hnsw_threshold: int = 20_000) -> StoredCorpus:
    """Write the index for `docs`; a document whose part is already built from the same file and model is kept."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kept = _reusable(folder, embedder)
    parts, entries = {}, {}
    for doc in docs:
        part = kept.get(doc.id)
        if part is None or part.manifest.get("sha256") != doc.sha256:
            part = embed_part(folder, doc, embedder, progress=progress, hnsw_threshold=hnsw_threshold)
        parts[doc.id], entries[doc.id] = part, part.manifest
    manifest = write_manifest(folder, entries, model_id=embedder.spec.model_id,
                              weights_sha256=embedder.weights_sha256, dim=embedder.dim)
    return StoredCorpus(parts, manifest)


def embed_part(folder: Path, doc: Document, embedder: Embedder, *, progress: bool = False,
               hnsw_threshold: int = 20_000) -> StoredIndex:
    """Embed every searchable clause's passages of one document and write its part."""
    texts, rows = [], []
    for clause in doc.clauses:
        if searchable(clause):
            for text in passages(clause, embedder.count_tokens, embedder.max_tokens):
                texts.append(text)
                rows.append(clause.id)
    log.info("embedding %s: %d passages", doc.id, len(texts))
    index = make_faiss(embedder.encode(texts, progress=progress), hnsw_threshold=hnsw_threshold)
    entry = save_part(folder, doc, index, list(doc.clauses), rows)
    return StoredIndex(index, list(doc.clauses), rows, entry)


def _reusable(folder: Path, embedder: Embedder) -> dict[str, StoredIndex]:
    """The parts of the current index that verify and were built with this model; {} when there is none."""
    try:
        manifest = read_manifest(folder)
    except IndexStoreError:
        return {}
    if manifest.get("format") != FORMAT or (manifest.get("model_id"), manifest.get("weights_sha256")) != (
            embedder.spec.model_id, embedder.weights_sha256):
        return {}
    kept = {}
    for doc_id, entry in manifest["documents"].items():
        try:
            kept[doc_id] = load_part(folder, doc_id, entry, manifest["dim"])
        except IndexStoreError as err:
            log.warning("%s; re-embedding it", str(err).split("; run")[0])
    return kept


def open_index(folder: Path, docs: list[Document], embedder: Embedder, *, rebuild: bool = True) -> StoredCorpus:
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
