"""The index folder on disk: FAISS vectors, clauses.jsonl, rows.json and a checksummed manifest.

Writes are atomic (build in a temporary folder, fsync, rename), so a crash mid-build
leaves the previous index whole. Loading verifies every checksum; nothing is unpickled.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.embed import file_sha256 as _sha256
from ingest.clause import Clause, Document

FORMAT = 1
FILES = ("vectors.faiss", "clauses.jsonl", "rows.json")


class IndexStoreError(RuntimeError):
    """An index that cannot be used as it is; `kind` is 'missing', 'stale' or 'corrupt'."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass
class StoredIndex:
    """What the folder holds, loaded and verified."""

    faiss: faiss.Index
    clauses: list[Clause]
    rows: list[str]  # vector row -> clause id
    manifest: dict


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


def corpus_fingerprint(docs: list[Document]) -> dict[str, str]:
    return {d.id: d.sha256 for d in docs}


def save(folder: Path, index: faiss.Index, clauses: list[Clause], rows: list[str], *,
         docs: list[Document], model_id: str, weights_sha256: str) -> dict:
    """Write the whole index atomically into `folder`; returns the manifest."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        _write(tmp / "clauses.jsonl", "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in clauses))
        _write(tmp / "rows.json", json.dumps(rows))
        manifest = {
            "format": FORMAT, "model_id": model_id, "weights_sha256": weights_sha256,
            "dim": index.d, "kind": type(index).__name__, "clause_count": len(clauses), "vector_count": index.ntotal,
            "corpus": corpus_fingerprint(docs), "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "files": {name: _sha256(tmp / name) for name in FILES},
        }
        _write(tmp / "manifest.json", json.dumps(manifest, indent=2))
        _swap(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def load(folder: Path, *, docs: list[Document] | None = None, model_id: str | None = None,
         weights_sha256: str | None = None) -> StoredIndex:
    """Load and verify; raises IndexStoreError naming the file at fault."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    for name in FILES:
        path = folder / name
        if not path.is_file():
            raise IndexStoreError("corrupt", f"{path} is missing; run `policybot index` to rebuild")
        if _sha256(path) != manifest["files"].get(name):
            raise IndexStoreError("corrupt", f"{path} does not match its checksum in manifest.json; run `policybot index`")
    _check_fresh(folder, manifest, docs, model_id, weights_sha256)
    try:
        index = faiss.read_index(str(folder / "vectors.faiss"))
        clauses = [Clause.from_json(json.loads(line)) for line in (folder / "clauses.jsonl").read_text("utf-8").splitlines()]
        rows = json.loads((folder / "rows.json").read_text("utf-8"))
    except Exception as err:  # checksums matched, so this is a format change or a bug
        raise IndexStoreError("corrupt", f"cannot read the index in {folder}: {err}; run `policybot index`") from None
    if index.ntotal != len(rows) or index.d != manifest["dim"]:
        raise IndexStoreError("corrupt", f"{folder}/vectors.faiss disagrees with rows.json; run `policybot index`")
    return StoredIndex(index, clauses, rows, manifest)


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        raise IndexStoreError("missing", f"no index at {folder}; run `policybot index` to build it")
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise IndexStoreError("corrupt", f"{path} is not valid JSON; run `policybot index` to rebuild") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise IndexStoreError("stale", f"{path} is from another index format; run `policybot index` to rebuild")
    return manifest


def _check_fresh(folder, manifest, docs, model_id, weights_sha256):
    if docs is not None and manifest.get("corpus") != corpus_fingerprint(docs):
        raise IndexStoreError("stale", f"the index at {folder} was built for another corpus; run `policybot index`")
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
