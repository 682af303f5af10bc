"""The index folder on disk: one part per document (FAISS vectors, clauses.jsonl, rows.json) and a checksummed
manifest recording each part, so adding or changing one document rewrites only its own part.

    index/manifest.json
    index/docs/<document id>-<file sha256 prefix>/vectors.faiss, clauses.jsonl, rows.json

Every write is atomic: a changed document's part goes to a new folder (built in a temporary one, fsynced, renamed),
the manifest is replaced last and old parts are removed after it, so a crash mid-build leaves the previous index
whole. Loading verifies every checksum; nothing is unpickled.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.embed import file_sha256 as _sha256
from ingest.clause import Clause, Document

FORMAT = 2
FILES = ("vectors.faiss", "clauses.jsonl", "rows.json")


class IndexStoreError(RuntimeError):
    """An index that cannot be used as it is; `kind` is 'missing', 'stale' or 'corrupt'."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass
class StoredIndex:
    """One document's part, loaded and verified."""

    faiss: faiss.Index
    clauses: list[Clause]
    rows: list[str]  # vector row -> clause id
    manifest: dict  # this part's manifest entry


@dataclass
class StoredCorpus:
    """Every document's part, by document id, and the manifest that records them."""

    parts: dict[str, StoredIndex]
    manifest: dict

    @property
    def clause_count(self) -> int:
        return sum(len(p.clauses) for p in self.parts.values())

    @property
    def vector_count(self) -> int:
        return sum(p.faiss.ntotal for p in self.parts.values())


def make_faiss(vectors: np.ndarray, hnsw_threshold: int = 20_000, hnsw_m: int = 32,
               ef_construction: int = 200, ef_search: int = 128) -> faiss.Index:
    """Exact inner product up to `hnsw_threshold` vectors, HNSW above it."""
    dim = vectors.shape[1]
    if len(vectors) <= hnsw_threshold:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        index.hnsw.efSearch = ef_search
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def part_dir(folder: Path, doc: Document) -> Path:
    """Where a document's part lives: its id (characters a file name cannot hold become '_') and its version."""
    safe = re.sub(r"[^\w.-]", "_", doc.id)
    return Path(folder) / "docs" / f"{safe}-{doc.sha256[:12]}"


def save_part(folder: Path, doc: Document, index: faiss.Index, clauses: list[Clause], rows: list[str]) -> dict:
    """Write one document's part atomically; returns its manifest entry."""
    target = part_dir(folder, doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        _write(tmp / "clauses.jsonl", "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in clauses))
        _write(tmp / "rows.json", json.dumps(rows))
        entry = {"sha256": doc.sha256, "file": doc.file, "folder": f"docs/{target.name}",
                 "kind": type(index).__name__, "clause_count": len(clauses), "vector_count": index.ntotal,
                 "files": {name: _sha256(tmp / name) for name in FILES}}
        _swap(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return entry


def write_manifest(folder: Path, entries: dict[str, dict], *, model_id: str, weights_sha256: str, dim: int) -> dict:
    """Replace the manifest in one rename; part folders no document names any more are removed after."""
    manifest = {
        "format": FORMAT, "model_id": model_id, "weights_sha256": weights_sha256, "dim": dim,
        "documents": entries, "clause_count": sum(e["clause_count"] for e in entries.values()),
        "vector_count": sum(e["vector_count"] for e in entries.values()),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    tmp = Path(folder) / ".manifest.json.tmp"
    _write(tmp, json.dumps(manifest, indent=2, ensure_ascii=False))
    os.replace(tmp, Path(folder) / "manifest.json")
    kept = {Path(folder) / e["folder"] for e in entries.values()}
    for old in (Path(folder) / "docs").iterdir():
        if old not in kept and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return manifest


def load(folder: Path, *, docs: list[Document] | None = None, model_id: str | None = None,
         weights_sha256: str | None = None) -> StoredCorpus:
    """Load and verify every part; raises IndexStoreError naming the file at fault."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    _check_fresh(folder, manifest, docs, model_id, weights_sha256)
    parts = {doc_id: load_part(folder, doc_id, entry, manifest["dim"])
             for doc_id, entry in manifest["documents"].items()}
    return StoredCorpus(parts, manifest)


def load_part(folder: Path, doc_id: str, entry: dict, dim: int) -> StoredIndex:
    """One document's part, its files checked against the manifest entry."""
    where = Path(folder) / entry.get("folder", "")
    for name in FILES:
        path = where / name
        if not path.is_file():
            raise IndexStoreError("corrupt", f"{path} is missing; run `policybot index` to rebuild")
        if _sha256(path) != entry.get("files", {}).get(name):
            raise IndexStoreError("corrupt", f"{path} does not match its checksum in manifest.json; run `policybot index`")
    try:
        index = faiss.read_index(str(where / "vectors.faiss"))
        lines = (where / "clauses.jsonl").read_text("utf-8").splitlines()
        clauses = [Clause.from_json(json.loads(line)) for line in lines]
        rows = json.loads((where / "rows.json").read_text("utf-8"))
    except Exception as err:  # checksums matched, so this is a format change or a bug
        raise IndexStoreError("corrupt", f"cannot read the index part of {doc_id} in {where}: {err}; "
                              "run `policybot index`") from None
    if index.ntotal != len(rows) or index.d != dim:
        raise IndexStoreError("corrupt", f"{where}/vectors.faiss disagrees with rows.json; run `policybot index`")
    return StoredIndex(index, clauses, rows, entry)


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        raise IndexStoreError("missing", f"no index at {folder}; run `policybot index` to build it")
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise IndexStoreError("corrupt", f"{path} is not valid JSON; run `policybot index` to rebuild") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(
            manifest.get("documents"), dict):
        raise IndexStoreError("stale", f"{path} is from another index format; run `policybot index` to rebuild")
    return manifest


def corpus_fingerprint(docs: list[Document]) -> dict[str, str]:
    return {d.id: d.sha256 for d in docs}


def _check_fresh(folder, manifest, docs, model_id, weights_sha256):
    built = {doc_id: e.get("sha256") for doc_id, e in manifest["documents"].items()}
    if docs is not None and built != corpus_fingerprint(docs):
        changed = sorted(set(built.items()) ^ set(corpus_fingerprint(docs).items()))
        raise IndexStoreError("stale", f"the index at {folder} was built for another corpus "
                              f"({', '.join(dict.fromkeys(d for d, _ in changed))} changed); run `policybot index`")
    if model_id is not None and (manifest.get("model_id"), manifest.get("weights_sha256")) != (model_id, weights_sha256):
        raise IndexStoreError("stale", f"the index at {folder} was built with another model; run `policybot index`")


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _swap(tmp: Path, folder: Path) -> None:
    """Replace `folder` by `tmp`; the old index is removed only once the new one is in place."""
    for path in tmp.iterdir():
        fd = os.open(path, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.rename(folder, old)
    os.rename(tmp, folder)
    shutil.rmtree(old, ignore_errors=True)
