"""The records that flow end to end: a policy's Clause, its Cap, and the Document it belongs to."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.lines import Catalogue


@dataclass(frozen=True)
class Cap:
    """One support ceiling a clause states or inherits.

    amount_yuan is None when the clause promises support without a figure
    (II.A.1(3): "support similar to the focus industries").
    """

    amount_yuan: int | None
    basis: str  # "per eligible project", "each project", "annually, per entity", ...
    unit: str  # what a count multiplies: "project", "year", "talent, team or project"
    recipient: str  # who receives it, in the clause's words
    phrase: str  # the verbatim amount phrase, e.g. "up to 5 million yuan each"
    source_id: str  # the clause that states it (itself, or the section lead it inherits from)


@dataclass(frozen=True)
class Clause:
    """One numbered item, bullet, heading or note of a policy, with its verbatim text."""

    id: str  # typed by people: "II.A.2(2)-b", "preamble-2", "II.B.2-note"
    doc: str  # document id: the corpus file name without extension
    path: tuple[str, ...]  # heading path, e.g. ("II. Support measures", "A. Building ...")
    title: str  # the clause's own heading or first words, for labels
    text: str  # exact slice source[start:end]
    start: int
    end: int
    level: str  # part, section, item, subitem, bullet, preamble, footnote, note
    caps: tuple[Cap, ...] = ()
    parent: str | None = None
    heading_only: bool = False  # a heading with no body of its own ("(1) Smart internet industry")

    @property
    def section(self) -> str:
        """Heading path as one line: 'II. Support measures > B. ... > 4. ...'."""
        return " > ".join(self.path)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, row: dict) -> "Clause":
        caps = tuple(Cap(**c) for c in row.get("caps", ()))
        return cls(**{**row, "path": tuple(row["path"]), "caps": caps})


@dataclass(frozen=True)
class Document:
    """A policy document: its metadata (from its sidecar, else read from its own text) and its clauses."""

    id: str  # short and typed by people: "changning-2024"; prefixes qualified clause ids
    title: str
    effective_from: date | None
    effective_until: date | None
    # The exchange rate the document states, as integers: yuan_per ↔ usd_per ("100 million yuan ($14.05 million)").
    rate_yuan: int | None = None
    rate_usd: int | None = None
    sha256: str = ""
    clauses: tuple[Clause, ...] = field(default=(), repr=False)
    source: str = field(default="", repr=False)  # the full text, against which every quote is checked
    catalogue: "Catalogue | None" = field(default=None, repr=False, compare=False)  # its support lines (ingest.lines)
    synonyms: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # ("uav|drone", "low-altitude"), sidecar data
    examples: tuple[str, ...] = field(default=(), repr=False)  # example questions, from the sidecar
    issuer: str = ""  # "Changning District People's Government"
    level: str = ""  # district | city | national
    supersedes: str = ""  # the id of the policy this one replaces
    language: str = "en"
    name: str = "policy"  # how answers refer to it: "trial policy"
    aliases: tuple[str, ...] = ()  # phrases that name it in a question: "2024 policy"
    file: str = ""  # the corpus file it was read from
    style: str = "outline"  # its numbering style (ingest.parse.STYLES)
    unplaced: tuple[str, ...] = field(default=(), repr=False)  # the parse report: lines it could not place

    def in_force(self, today: date) -> bool:
        started = self.effective_from is None or self.effective_from <= today
        return started and not self.expired(today)

    def expired(self, today: date) -> bool:
        return self.effective_until is not None and today > self.effective_until

    @property
    def rate(self) -> tuple[int, int] | None:
        """(yuan, dollars) as the document states them, or None."""
        return (self.rate_yuan, self.rate_usd) if self.rate_yuan and self.rate_usd else None
