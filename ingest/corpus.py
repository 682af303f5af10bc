"""Read policy documents from the corpus folder (the I/O edge of ingest)."""
from __future__ import annotations

import hashlib
import logging
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

from ingest.clause import Clause, Document
from ingest.formats import SUFFIXES, FormatError, text_of
from ingest.lines import build_catalogue
from ingest.parse import ParseError, parse_document

LEVELS = ("district", "city", "national")
LOG = logging.getLogger("policybot.ingest")


class CorpusError(ValueError):
    """A corpus that cannot be read; the message names the file and what to do."""


def corpus_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"no corpus folder at {folder}: put the policy files there")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    if not files:
        raise CorpusError(f"the corpus folder {folder} holds no policy file ({', '.join(SUFFIXES)})")
    return files


def read_document(path: Path) -> Document:
    """Parse one file and its sidecar; an unreadable file, a missing structure or a bad sidecar raise CorpusError
    naming the file (and line)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"cannot read {path}: {err.strerror}; check the file's permissions") from None
    try:
        data = read_sidecar(sidecar_path(path))
        doc = parse_document(text_of(path, raw), str(data.get("id") or path.stem), name=str(path))
        doc = replace(doc, **described(data, doc, path))
        catalogue = build_catalogue(doc, data)
    except (ParseError, FormatError, ValueError) as err:
        raise CorpusError(str(err)) from None
    return replace(doc, sha256=hashlib.sha256(raw).hexdigest(), catalogue=catalogue)


def described(data: dict, doc: Document, path: Path) -> dict:
    """The sidecar's fields over what the text states: a field the sidecar leaves out keeps the text's value."""
    level = str(data.get("level", ""))
    if level and level not in LEVELS:
        raise CorpusError(f"{sidecar_path(path)}: level {level!r} is not one of {', '.join(LEVELS)}")
    fields = {
        "title": str(data.get("title") or doc.title),
        "effective_from": _date(data, "effective_from", doc.effective_from, path),
        "effective_until": _date(data, "effective_until", doc.effective_until, path),
        "issuer": str(data.get("issuer", "")), "level": level, "supersedes": str(data.get("supersedes", "")),
        "language": str(data.get("language", "en")), "name": str(data.get("name", "policy")),
        "aliases": tuple(str(a) for a in data.get("aliases", ())), "file": path.name,
        "synonyms": tuple((str(k), str(v)) for k, v in data.get("synonyms", {}).items()),
        "examples": tuple(str(q) for q in data.get("examples", ())),
    }
    return fields


def _date(data: dict, key: str, stated: date | None, path: Path) -> date | None:
    value = data.get(key, stated)
    if value is None or isinstance(value, date):
        return value
    raise CorpusError(f"{sidecar_path(path)}: {key} must be a date written like 2024-11-15, not {value!r}")


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
    """Every policy document in `folder` that parses; a file that cannot be parsed is refused by name and logged,
    and the rest still load. Nothing loads only when every file is refused."""
    docs, refused = read_corpus(folder)
    if not docs:
        raise CorpusError("; ".join(refused))
    for reason in refused:
        LOG.warning("refused %s", reason)
    return docs


def read_corpus(folder: Path) -> tuple[list[Document], list[str]]:
    """(documents, reasons for every refused file); two files claiming one document id are both named."""
    docs, refused = [], []
    for path in corpus_files(folder):
        try:
            docs.append(read_document(path))
        except CorpusError as err:
            refused.append(str(err))
    seen: dict[str, Document] = {}
    for doc in list(docs):
        if doc.id in seen:  # ids are typed by people and prefix clause ids, so each names one document
            refused.append(f"{doc.file} and {seen[doc.id].file} both have the document id {doc.id}; give one of "
                           "them another `id` in its .policy.toml sidecar")
            docs.remove(doc)
        seen.setdefault(doc.id, doc)
    return docs, refused


def all_clauses(docs: list[Document]) -> list[Clause]:
    return [c for d in docs for c in d.clauses]
