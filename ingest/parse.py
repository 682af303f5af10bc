"""Parse a policy's plain text into a tree of Clauses that mirrors its own numbering.

Recognised lines: parts ("I."), sections ("A."), items ("1."), sub-items ("(1)"),
bullets ("- "), footnotes ("*..."), the closing "Source:"/"Note:" lines; any other
line is body text of the clause above it, or a preamble paragraph before part I.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.caps import caps_in, label_of
from ingest.clause import Clause, Document
from ingest.meta import effective_dates, exchange_rate

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LEVELS = ("part", "section", "item", "subitem", "bullet")
MARKERS = [
    ("part", re.compile(r"^([IVX]+)\.\s+\S")),
    ("section", re.compile(r"^([A-Z])\.\s+\S")),
    ("item", re.compile(r"^(\d+)\.\s+\S")),
    ("subitem", re.compile(r"^\((\d+)\)\s*\S")),
    ("bullet", re.compile(r"^[-•]\s+\S")),
    ("footnote", re.compile(r"^\*\S")),
    ("note", re.compile(r"^(Source|Note)\s*:")),
]
MARKER = re.compile(r"^(\(\d+\)|[IVXA-Z\d]+\.|[-•])\s*")  # the numbering a clause's text leaves out


class ParseError(ValueError):
    """A policy file that cannot be turned into clauses; the message names the file and line."""


@dataclass
class _Node:
    id: str
    level: str
    start: int
    end: int
    first_end: int  # end of the clause's first line (its heading)
    marker_len: int  # characters of "II. " / "(1) " / "- " before the text
    parent: "_Node | None"
    children: list = field(default_factory=list)


def parse_document(source: str, doc_id: str, name: str | None = None) -> Document:
    """Turn one policy's text into a Document whose clauses are exact slices of `source`.

    >>> doc = parse_document(open("corpus/changning-modern-industrial-system-policy.txt").read(), "changning")
    >>> [c.id for c in doc.clauses][:4]
    ['preamble-1', 'preamble-2', 'preamble-3', 'I']
    """
    name = name or doc_id
    lines = list(_lines(source))
    if not lines:
        raise ParseError(f"{name} is empty: a policy file needs a title line and numbered clauses")
    title_start, title_end = lines[0]
    nodes = _build_tree(source, lines[1:], name)
    if not any(n.level in LEVELS for n in nodes):
        raise ParseError(f"{name}: no numbered clauses found (expected lines like 'I.', 'A.', '1.', '(1)', '- ')")
    clauses = _to_clauses(source, nodes, doc_id)
    start, until = effective_dates(source)
    rate = exchange_rate(source)
    return Document(
        id=doc_id, title=source[title_start:title_end].strip(), effective_from=start, effective_until=until,
        rate_yuan=rate[0] if rate else None, rate_usd=rate[1] if rate else None, clauses=tuple(clauses), source=source,
    )


def _lines(source: str):
    """(start, end) of every non-blank line, trailing whitespace excluded."""
    pos = 0
    for raw in source.splitlines(keepends=True):
        text = raw.rstrip()
        stripped = text.lstrip()
        if stripped:
            start = pos + len(text) - len(stripped)
            yield start, pos + len(text)
        pos += len(raw)


def _classify(line: str, next_part: str) -> tuple[str | None, str]:
    """('part', 'II') for 'II. Support measures'; (None, '') for body text."""
    for level, pattern in MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        label = m.group(1) if m.groups() else ""
        # "I." is both a Roman numeral and a letter: it is a part only when it is the next part.
        if level == "part" and label != next_part:
            continue
        return level, label
    return None, ""


def _build_tree(source: str, lines: list, name: str) -> list[_Node]:
    nodes: list[_Node] = []
    open_at: dict = {}  # level -> the latest node of that level still open
    for start, end in lines:
        line = source[start:end]
        level, label = _classify(line, ROMAN[sum(n.level == "part" for n in nodes)])
        if level == "note" and nodes and nodes[-1].level == "note":
            nodes[-1].end = end  # "Source: ..." and "Note: ..." close the document as one note
        elif level is not None:
            node = _new_node(level, label, line, start, end, open_at, name, source)
            if node.parent:
                node.parent.children.append(node)
            nodes.append(node)
        elif not open_at:  # before part I every paragraph is its own preamble clause
            nodes.append(_Node(f"preamble-{len(nodes) + 1}", "preamble", start, end, end, 0, None))
        else:  # an unnumbered line continues the clause above it (a heading's lead sentence)
            nodes[-1].end = end
    return nodes


def _new_node(level, label, line, start, end, open_at, name, source) -> _Node:
    marker = MARKER.match(line) if level in LEVELS else None
    marker_len = marker.end() if marker else 0
    if level == "note":
        open_at.clear()
        open_at["note"] = True  # the closing note ends the tree; lines after it continue the note
        return _Node("note", "note", start, end, end, 0, None)
    if level == "footnote":
        owner = open_at.get("item") or open_at.get("section") or open_at.get("part")
        return _Node(f"{owner.id}-note" if owner else "footnote", "footnote", start, end, end, 0, owner)
    depth = LEVELS.index(level)
    parent = next((open_at[lv] for lv in reversed(LEVELS[:depth]) if lv in open_at), None)
    if level != "part" and parent is None:
        line_no = source.count("\n", 0, start) + 1
        raise ParseError(f"{name}, line {line_no}: '{line[:40]}' is numbered but has no heading above it")
    for lv in LEVELS[depth:]:
        open_at.pop(lv, None)
    if level == "bullet":
        label = chr(ord("a") + sum(1 for c in parent.children if c.level == "bullet"))
    node_id = _join_id(parent.id if parent else "", level, label)
    node = _Node(node_id, level, start, end, end, marker_len, parent)
    open_at[level] = node
    return node


def _join_id(parent_id: str, level: str, label: str) -> str:
    """'II.A.2' + subitem '2' -> 'II.A.2(2)'; 'II.A.2(2)' + bullet 'b' -> 'II.A.2(2)-b'."""
    if level == "part":
        return label
    if level == "subitem":
        return f"{parent_id}({label})"
    if level == "bullet":
        return f"{parent_id}-{label}"
    return f"{parent_id}.{label}"


def _to_clauses(source: str, nodes: list[_Node], doc_id: str) -> list[Clause]:
    titles = {n.id: source[n.start:n.first_end] for n in nodes}
    clauses: dict[str, Clause] = {}
    for n in nodes:
        if n.id in clauses:
            line_no = source.count("\n", 0, n.start) + 1
            raise ParseError(f"{doc_id}, line {line_no}: clause {n.id} appears twice; check the numbering")
        text = source[n.start + n.marker_len:n.end]
        path = tuple(_short(titles[a.id]) for a in _ancestors(n))
        heading_only = n.level in LEVELS and n.first_end == n.end and bool(n.children)
        own_caps = () if heading_only else caps_in(text, n.id)
        parent_caps = clauses[n.parent.id].caps if n.parent and n.parent.id in clauses else ()
        caps = own_caps or (parent_caps if n.level in LEVELS else ())
        clauses[n.id] = Clause(
            id=n.id, doc=doc_id, path=path, title=label_of(source[n.start + n.marker_len:n.first_end]),
            text=text, start=n.start + n.marker_len, end=n.end, level=n.level, caps=caps,
            parent=n.parent.id if n.parent else None, heading_only=heading_only,
        )
    return list(clauses.values())


def _ancestors(node: _Node) -> list[_Node]:
    chain = []
    while node.parent is not None:
        node = node.parent
        chain.append(node)
    return chain[::-1]


def _short(heading: str, limit: int = 90) -> str:
    """Long body-first headings are cut at a word boundary for the path."""
    return heading if len(heading) <= limit else heading[:limit].rsplit(" ", 1)[0] + "…"
