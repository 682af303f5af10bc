"""Read policy documents from the corpus folder (the I/O edge of ingest)."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import replace
from pathlib import Path

from ingest.clause import Clause, Document
from ingest.lines import build_catalogue
from ingest.parse import ParseError, parse_document

SUFFIXES = (".txt", ".md")


class CorpusError(ValueError):
    """A corpus that cannot be read; the message names the file and what to do."""


def corpus_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"no corpus folder at {folder}: put the policy .txt files there")
    files = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    if not files:
        raise CorpusError(f"the corpus folder {folder} holds no .txt or .md policy file")
    return files


def read_document(path: Path) -> Document:
    """Parse one file; undecodable bytes or a missing structure raise CorpusError naming the file and line."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"cannot read {path}: {err.strerror}; check the file's permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise CorpusError(f"{path}, line {line}: not valid UTF-8 (byte {err.start}); save the file as UTF-8") from None
    try:
        doc = parse_document(text, path.stem, name=str(path))
        data = read_sidecar(sidecar_path(path))
        catalogue = build_catalogue(doc, data)
    except (ParseError, ValueError) as err:
        raise CorpusError(str(err)) from None
    synonyms = tuple((str(k), str(v)) for k, v in data.get("synonyms", {}).items())
    examples = tuple(str(q) for q in data.get("examples", ()))
    return replace(doc, sha256=hashlib.sha256(raw).hexdigest(), catalogue=catalogue, synonyms=synonyms,
                   examples=examples)


def sidecar_path(path: Path) -> Path:
    """'corpus/policy.txt' -> 'corpus/policy.policy.toml': the document's optional data file."""
    return path.with_name(f"{path.stem}.policy.toml")


def read_sidecar(path: Path) -> dict:
    """The sidecar's data, or {} when there is none; a malformed file is refused by name."""
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise CorpusError(f"{path}: not valid TOML ({err}); fix the file or remove it") from None


def load_corpus(folder: Path) -> list[Document]:
    """Every policy document in `folder`, parsed; all or nothing."""
    docs = [read_document(p) for p in corpus_files(folder)]
    seen: dict[str, str] = {}
    for doc in docs:
        for clause in doc.clauses:
            if seen.setdefault(clause.id, doc.id) != doc.id:
                # Clause ids are what people type, so they must name one clause across the whole corpus.
                raise CorpusError(f"{doc.id} and {seen[clause.id]} both number a clause {clause.id}; "
                                  "keep one policy per corpus folder until documents get their own id prefix")
    return docs


def all_clauses(docs: list[Document]) -> list[Clause]:
    return [c for d in docs for c in d.clauses]
