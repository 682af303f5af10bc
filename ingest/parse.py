"""Parse a policy's plain text into a tree of Clauses that mirrors its own numbering.

Numbering styles (STYLES): this corpus's outline (I./A./1./(1)/-), "Article N" with "(1)" items, decimal "1.1",
and Chinese "一、/（一）/1./（1）" and "第N条". Footnotes ("*...") and the closing "Source:"/"Note:" lines work in
every style; any other line is body text of the clause above it, or a preamble paragraph before the first heading.
A numbered line that fits nowhere is kept as text and named in the document's parse report (`unplaced`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.caps import caps_in, label_of
from ingest.clause import Clause, Document
from ingest.meta import effective_dates, exchange_rate

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LEVELS = ("part", "section", "item", "subitem", "bullet")
CN = "一二三四五六七八九十百零〇"
SUBITEM = ("subitem", re.compile(r"^[(（](\d+)[)）]\s*(?=\S)"))
BULLET = ("bullet", re.compile(r"^[-•]\s+(?=\S)"))
ENDS = [  # footnotes and the closing source note, in every style
    ("footnote", re.compile(r"^\*(?=\S)")),
    ("note", re.compile(r"^(?:Source|Note)\s*:")),
]


@dataclass(frozen=True)
class Style:
    """A numbering style: each level's marker (group 1 is its label), how ids are formed, which levels may be roots.

    ids: "outline" joins labels to the parent's id (II.A.2(2)-b); "own" uses the label as it stands (1.2.3);
    "named" prefixes the marker's word ("Article 5", "第五条") and joins sub-items below it.
    """

    name: str
    markers: tuple
    ids: str
    roots: tuple[str, ...] = ("part",)
    prefix: tuple[tuple[str, str], ...] = ()  # level -> id pattern for "named" ids, e.g. ("item", "Article {}")


STYLES = (
    Style("outline", (("part", re.compile(r"^([IVX]+)\.\s+(?=\S)")), ("section", re.compile(r"^([A-Z])\.\s+(?=\S)")),
                      ("item", re.compile(r"^(\d+)\.\s+(?=\S)")), SUBITEM, BULLET), "outline"),
    Style("decimal", (("item", re.compile(r"^(\d+\.\d+\.\d+)\.?\s+(?=\S)")),
                      ("section", re.compile(r"^(\d+\.\d+)\.?\s+(?=\S)")),
                      ("part", re.compile(r"^(\d+)\.?\s+(?=[A-Z])")), SUBITEM, BULLET), "own"),
    Style("article", (("part", re.compile(r"^Chapter\s+([IVX]+|\d+)\b[.:]?\s*")),
                      ("item", re.compile(r"^Article\s+(\d+)\b[.:]?\s*")), SUBITEM, BULLET), "named",
          ("part", "item"), (("part", "Chapter {}"), ("item", "Article {}"))),
    Style("chinese", (("part", re.compile(rf"^([{CN}]+)、\s*")), ("section", re.compile(rf"^[(（]([{CN}]+)[)）]\s*")),
                      ("item", re.compile(r"^(\d+)[.．、]\s*(?=\S)")), SUBITEM, BULLET), "outline"),
    Style("chinese-article", (("part", re.compile(rf"^第([{CN}\d]+)章\s*")), ("item", re.compile(rf"^第([{CN}\d]+)条\s*")),
                              ("subitem", re.compile(rf"^[(（]([{CN}\d]+)[)）]\s*(?=\S)")), BULLET), "named",
          ("part", "item"), (("part", "第{}章"), ("item", "第{}条"))),
)


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
    >>> [c.id for c in doc.clauses][:4], doc.style
    (['preamble-1', 'preamble-2', 'preamble-3', 'I'], 'outline')
    """
    name = name or doc_id
    lines = list(_lines(source))
    if not lines:
        raise ParseError(f"{name} is empty: a policy file needs a title line and numbered clauses")
    title_start, title_end = lines[0]
    style = detect_style([source[s:e] for s, e in lines[1:]])
    nodes, unplaced = _build_tree(source, lines[1:], style)
    if not any(n.level in LEVELS for n in nodes):
        raise ParseError(f"{name}: no numbered clauses found (expected lines like 'I.', 'A.', '1.', '(1)', "
                         "'Article 1', '1.1', '一、' or '第一条')")
    clauses = _to_clauses(source, nodes, doc_id)
    start, until = effective_dates(source)
    rate = exchange_rate(source)
    return Document(
        id=doc_id, title=source[title_start:title_end].strip(), effective_from=start, effective_until=until,
        rate_yuan=rate[0] if rate else None, rate_usd=rate[1] if rate else None, clauses=tuple(clauses), source=source,
        style=style.name, unplaced=tuple(unplaced),
    )


def detect_style(lines: list[str]) -> Style:
    """The numbering style most of the numbered lines follow (bullets and '(1)' items are shared by all).

    >>> detect_style(["Article 1 Scope", "(1) drones", "Article 2 Caps"]).name
    'article'
    """
    def votes(style: Style) -> int:
        own = [p for lv, p in style.markers if lv not in ("subitem", "bullet")]
        return sum(any(p.match(line) for p in own) for line in lines)

    return max(STYLES, key=votes)  # ties keep the first style, this corpus's own


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


def _classify(line: str, style: Style, next_part: str):
    """('part', 'II', match) for 'II. Support measures'; (None, '', None) for body text."""
    for level, pattern in (*style.markers, *ENDS):
        m = pattern.match(line)
        if not m:
            continue
        label = m.group(1) if m.groups() else ""
        # "I." is both a Roman numeral and a letter: it is a part only when it is the next part.
        if style.name == "outline" and level == "part" and label != next_part:
            continue
        return level, label, m
    return None, "", None


def _build_tree(source: str, lines: list, style: Style) -> tuple[list[_Node], list[str]]:
    """The clause nodes, and the report of numbered lines that could not be placed (kept as body text)."""
    nodes: list[_Node] = []
    unplaced: list[str] = []
    open_at: dict = {}  # level -> the latest node of that level still open
    for start, end in lines:
        line = source[start:end]
        level, label, m = _classify(line, style, ROMAN[sum(n.level == "part" for n in nodes) % len(ROMAN)])
        node = _new_node(style, level, label, m, start, end, open_at) if level else None
        if level == "note" and nodes and nodes[-1].level == "note":
            nodes[-1].end = end  # "Source: ..." and "Note: ..." close the document as one note
        elif node is not None:
            if node.parent:
                node.parent.children.append(node)
            nodes.append(node)
        elif not open_at:  # before the first heading every paragraph is its own preamble clause
            if level:
                unplaced.append(f"line {source.count(chr(10), 0, start) + 1}: '{line[:60]}' is numbered "
                                "but has no heading above it; kept as preamble text")
            nodes.append(_Node(f"preamble-{len(nodes) + 1}", "preamble", start, end, end, 0, None))
        else:  # an unnumbered line continues the clause above it (a heading's lead sentence)
            if level:
                unplaced.append(f"line {source.count(chr(10), 0, start) + 1}: '{line[:60]}' does not fit the "
                                f"{style.name} numbering here; kept as text of {nodes[-1].id}")
            nodes[-1].end = end
    return nodes, unplaced


def _new_node(style: Style, level, label, m, start, end, open_at) -> _Node | None:
    """The node a numbered line opens, or None when it has no place in the tree."""
    if level == "note":
        open_at.clear()
        open_at["note"] = True  # the closing note ends the tree; lines after it continue the note
        return _Node("note", "note", start, end, end, 0, None)
    if level == "footnote":
        owner = open_at.get("item") or open_at.get("section") or open_at.get("part")
        return _Node(f"{owner.id}-note" if owner else "footnote", "footnote", start, end, end, 0, owner)
    depth = LEVELS.index(level)
    parent = next((open_at[lv] for lv in reversed(LEVELS[:depth]) if lv in open_at), None)
    if parent is None and level not in style.roots or "note" in open_at:
        return None
    for lv in LEVELS[depth:]:
        open_at.pop(lv, None)
    if level == "bullet":
        label = chr(ord("a") + sum(1 for c in parent.children if c.level == "bullet"))
    node = _Node(_join_id(style, parent.id if parent else "", level, label), level, start, end, end, m.end(), parent)
    open_at[level] = node
    return node


def _join_id(style: Style, parent_id: str, level: str, label: str) -> str:
    """'II.A.2' + subitem '2' -> 'II.A.2(2)'; 'II.A.2(2)' + bullet 'b' -> 'II.A.2(2)-b'; item '5' -> 'Article 5'."""
    named = dict(style.prefix)
    if level in named:
        return named[level].format(label)
    if level == "subitem":
        return f"{parent_id}({label})"
    if level == "bullet":
        return f"{parent_id}-{label}"
    if level == "part" or style.ids == "own" or (style.name == "chinese" and level == "item" and not parent_id):
        return label
    if style.name == "chinese" and level == "section":
        return f"{parent_id}({label})"
    return f"{parent_id}.{label}" if parent_id else label


def _to_clauses(source: str, nodes: list[_Node], doc_id: str) -> list[Clause]:
    titles = {n.id: source[n.start:n.first_end] for n in nodes}
    clauses: dict[str, Clause] = {}
    for n in nodes:
        if n.id in clauses:
            line_no = source.count("\n", 0, n.start) + 1
            raise ParseError(f"{doc_id}, line {line_no}: clause {n.id} appears twice; check the numbering")
        text = source[n.start + n.marker_len:n.end]
        path = tuple(_short(titles[a.id]) for a in _ancestors(n))
        own_caps = caps_in(text, n.id)
        # A one-line clause with items below is a heading, unless its line states a cap ("Article 3 ... 8 million").
        heading_only = n.level in LEVELS and n.first_end == n.end and bool(n.children) and not own_caps
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
