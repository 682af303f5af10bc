"""The support-line catalogue: every cap a policy states, with who it is for, what it covers and its condition.

Derived at ingest from the clause tree, plus the optional `<stem>.policy.toml` beside the policy file
for what the text cannot say structurally (short labels, the applicant conditions of its eligibility clause).

II.B.4 "Eligible projects may receive up to 5 million yuan each." with sub-items (1)-(4)
    -> SupportLine(key="II.B.4", clause="II.B.4", amount_yuan=5_000_000, basis="each project",
                   covers=("II.B.4(1)", ..., "II.B.4(4)"), condition="an eligible project of the kinds II.B.4 lists")
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.clause import Cap, Clause, Document

# Sentences where a policy would say whether lines may be combined; this one says nothing of the kind.
COMBINING = re.compile(
    r"[^.]*\b(combin\w*|cumulat\w*|stack\w*|concurrently|repeated(?:ly)?|same project)\b[^.]*\.", re.I
)
GENERIC_RECIPIENT = re.compile(
    r"^(?:eligible\s+)?(?:talent, teams, or projects|projects?)(?:\s+that are .*)?$|^eligible", re.I
)


@dataclass(frozen=True)
class Condition:
    """One condition an applicant must meet, quoted from the clause that sets it."""

    kind: str  # location | credit | organisation | sector
    clause: str  # "I.B"
    quote: str  # verbatim words of that clause: "established in Changning"
    place: str = ""  # for location: "Changning"
    also: str = ""  # a clause that widens it: sector -> "II.A.1(3)"
    heading: str = ""  # the title of its clause: "Focus areas"
    waiver: str = ""  # verbatim words of the same clause that admit an applicant who fails it otherwise


@dataclass(frozen=True)
class SupportLine:
    """One cap the policy states: the unit of matching, pricing and the staff catalogue."""

    key: str  # unique in its document: "II.B.4", or "II.A.1(2)#2" for a clause's second cap
    clause: str  # the clause that states the cap: "II.A.1(2)"
    doc: str
    label: str  # short and whole, never cut mid-phrase: "Develop the low-altitude economy"
    amount_yuan: int | None  # None: support promised without a figure (II.A.1(3))
    basis: str  # "per eligible project", "annually, per entity", "each, one-time or annual", ...
    annual: bool
    per: str  # what a count multiplies: "project", "year", "talent, team or project"
    phrase: str  # verbatim: "up to 10 million yuan per eligible project"
    condition: str  # what the text requires, in its words
    sectors: tuple[str, ...]  # focus areas its headings or text name
    covers: tuple[str, ...]  # sub-items and bullets that inherit the cap
    text: str  # the sentences the cap covers plus the text of what it covers, for matching

    @property
    def entity_level(self) -> bool:
        return self.per == "year"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Catalogue:
    """A document's support lines, its applicant conditions and what it says about combining lines."""

    doc: str
    lines: tuple[SupportLine, ...]
    conditions: tuple[Condition, ...]
    focus_areas: tuple[str, ...]  # "Smart internet", "aviation and transportation services", ...
    combining: str | None  # the text's own sentence on combining lines, or None when it says nothing
    compounds: tuple[str, ...] = ()  # "supply chain": words that name a line only together, from the sidecar

    def line(self, key: str) -> SupportLine | None:
        return next((ln for ln in self.lines if ln.key == key), None)

    def under(self, heading_id: str) -> list[SupportLine]:
        """The lines whose clause sits under a heading (or is it)."""
        return [ln for ln in self.lines if is_under(ln.clause, heading_id)]

    def lines_of(self, clause_id: str) -> list[SupportLine]:
        """The lines a clause states or inherits: 'II.B.4(2)' -> [II.B.4]."""
        return [ln for ln in self.lines if ln.clause == clause_id or clause_id in ln.covers]

    def names_all_sectors(self, text: str) -> bool:
        """True when `text` speaks of the sectors as a group by their heading's word ('a focus-area firm')."""
        sector = self.condition("sector")
        word = sector.heading.split()[0] if sector and sector.heading else ""
        return bool(word) and bool(re.search(rf"\b{re.escape(word)}[- ](?:areas?|industr\w+|sectors?)\b", text, re.I))

    def condition(self, kind: str) -> Condition | None:
        return next((c for c in self.conditions if c.kind == kind), None)

    def to_json(self) -> dict:
        return {
            "doc": self.doc,
            "combining": self.combining,
            "focus_areas": list(self.focus_areas),
            "conditions": [asdict(c) for c in self.conditions],
            "lines": [ln.to_json() for ln in self.lines],
        }


def build_catalogue(doc: Document, data: dict | None = None) -> Catalogue:
    """The catalogue of `doc`; `data` is its parsed sidecar (labels under 'lines', 'conditions')."""
    data = data or {}
    by_id = {c.id: c for c in doc.clauses}
    conditions = tuple(_condition(row, by_id, doc.id) for row in data.get("conditions", ()))
    sector = next((c for c in conditions if c.kind == "sector"), None)
    focus = _split_list(sector.quote) if sector else ()
    heading = sector.heading if sector else ""
    labels = {key: row.get("label", "") for key, row in data.get("lines", {}).items()}
    lines = []
    for clause in doc.clauses:
        stated = [cap for cap in clause.caps if cap.source_id == clause.id]
        for n, cap in enumerate(stated, 1):
            key = clause.id if len(stated) == 1 else f"{clause.id}#{n}"
            lines.append(_line(key, clause, cap, doc, labels.get(key, ""), (focus, heading), single=len(stated) == 1))
    unknown = set(labels) - {ln.key for ln in lines}
    if unknown:
        raise ValueError(f"{doc.id}: the sidecar labels lines that state no cap: {', '.join(sorted(unknown))}")
    said = COMBINING.search(doc.source)
    compounds = tuple(str(c) for c in data.get("compounds", ()))
    missing = [c for c in compounds if c.lower() not in doc.source.lower()]
    if missing:
        raise ValueError(f"{doc.id}: the sidecar's compounds are not in the text: {', '.join(missing)}; copy them "
                         "exactly from the policy text")
    return Catalogue(doc.id, tuple(lines), conditions, focus, said.group(0).strip() if said else None, compounds)


def _condition(row: dict, by_id: dict[str, Clause], doc_id: str) -> Condition:
    clause = by_id.get(row.get("clause", ""))
    if clause is None or row.get("quote", "") not in clause.text or row.get("waiver", "") not in clause.text:
        raise ValueError(
            f"{doc_id}: sidecar condition {row.get('kind')!r} quotes words that are not in clause "
            f"{row.get('clause')!r}; copy them exactly from the policy text"
        )
    return Condition(row["kind"], clause.id, row["quote"], row.get("place", ""), row.get("also", ""), clause.title,
                     row.get("waiver", ""))


def _line(
    key: str, clause: Clause, cap: Cap, doc: Document, label: str, sector: tuple[tuple[str, ...], str], single: bool
) -> SupportLine:
    covers = tuple(c.id for c in doc.clauses if any(k.source_id == clause.id for k in c.caps) and c.id != clause.id)
    below = " ".join(c.text for c in doc.clauses if c.id in covers)
    own = clause.text if single else _sentence_of(clause.text, cap.phrase)
    headings = " ".join(clause.path)
    return SupportLine(
        key=key,
        clause=clause.id,
        doc=doc.id,
        label=label or title_of(clause),
        amount_yuan=cap.amount_yuan,
        basis=cap.basis,
        annual="annual" in cap.basis,
        per=cap.unit,
        phrase=cap.phrase,
        condition=_condition_text(cap, clause, covers),
        sectors=_sectors(f"{headings} {own}", *sector) or _sectors(f"{headings} {clause.text}", *sector),
        # a later sentence of a clause keeps the recipients its first one names ('For entities in the four ...')
        covers=covers,
        text=f"{own} {below}".strip(),
    )


def _sentence_of(text: str, phrase: str) -> str:
    """The sentence of `text` that holds `phrase`."""
    for sentence in re.split(r"(?<=[a-z)])\.\s+", text):
        if phrase in sentence:
            return sentence
    return text


def _condition_text(cap: Cap, clause: Clause, covers: tuple[str, ...]) -> str:
    who = cap.recipient.strip().rstrip(",")
    if who and not GENERIC_RECIPIENT.match(who):
        return who[0].upper() + who[1:]
    kinds = f"{covers[0]}–{covers[-1]}" if len(covers) > 1 else clause.id
    return f"An eligible project of the kinds {kinds} lists"


def _sectors(text: str, focus: tuple[str, ...], heading: str = "") -> tuple[str, ...]:
    """The sectors `text` names; all of them when it speaks of them as a whole by their heading
    ('entities in the four focus areas'), but not when it only compares ('similar to the focus industries')."""
    low = text.lower()
    first = heading.lower().split()[0] if heading else ""
    if first and re.search(rf"\b(?:in|of) the (?:\w+ )?{re.escape(first)}\s+\w+", low):
        return focus
    return tuple(f for f in focus if f.lower() in low)


def _split_list(text: str) -> tuple[str, ...]:
    """'A, b and c services, and d' -> ('A', 'b and c services', 'd')."""
    parts = re.split(r",\s+(?:and\s+)?", text.strip().rstrip("."))
    return tuple(p.strip() for p in parts if p.strip())


def title_of(clause: Clause) -> str:
    """A clause's whole heading phrase: 'Develop the low-altitude economy by implementing ... up to' ->
    'Develop the low-altitude economy'. Cut only at a phrase boundary, never mid-phrase."""
    if clause.level not in ("bullet", "subitem") or ":" not in clause.text[:200]:
        return clause.title.rstrip(".…,;: ")
    head = clause.text.split(":", 1)[0]
    head = re.sub(r"^[-•(\d)\s]+", "", head)
    head = re.split(r"\s+by\s+|\s+with\s+up to\b|,\s*up to\b", head, maxsplit=1)[0]
    return head.strip().rstrip(",")


def is_under(clause_id: str, heading_id: str) -> bool:
    """'X.Y.4(2)' is under 'X.Y' and 'X.Y.4'; 'X.Y.40' is not under 'X.Y.4'."""
    return clause_id == heading_id or clause_id.startswith(heading_id) and clause_id[len(heading_id)] in ".(-"
