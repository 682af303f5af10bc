"""The Answer record and the pure functions that compose what a person reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bot.calculator import Calculation
from index.search import Hit
from ingest.clause import Document
from ingest.lines import SupportLine

GENERIC_EXAMPLES = ("Which industries does the policy support?", "Who is eligible to apply?", "List all the caps")


@dataclass(frozen=True)
class PolicyStatus:
    """A document's standing on a date: in force, not yet in force, expired, or superseded by its successor."""

    title: str
    effective_from: date | None
    effective_until: date | None
    expired: bool  # no longer in force on `today`: past its end date, or replaced by a successor in force
    today: date | None = None
    doc: str = ""  # the document's id
    name: str = "policy"  # how answers refer to it, from its sidecar
    superseded_by: str = ""  # the successor's id, once it has taken effect
    successor_from: date | None = None

    @classmethod
    def of(cls, doc: Document, today: date, successor: Document | None = None) -> "PolicyStatus":
        gone = doc.expired(today) or successor is not None
        return cls(doc.title, doc.effective_from, doc.effective_until, gone, today, doc.id, doc.name,
                   successor.id if successor else "", successor.effective_from if successor else None)

    @property
    def state(self) -> str:
        """'in force', 'not yet in force', 'expired' or 'superseded'."""
        if self.superseded_by:
            return "superseded"
        if self.expired:
            return "expired"
        started = self.effective_from is None or self.today is None or self.effective_from <= self.today
        return "in force" if started else "not yet in force"

    def to_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "title": self.title,
            "effective_from": iso(self.effective_from),
            "effective_until": iso(self.effective_until),
            "expired": self.expired,
            "as_of": iso(self.today),
            "doc": self.doc,
            "status": self.state,
            "superseded_by": self.superseded_by or None,
        }


@dataclass(frozen=True)
class Alternative:
    """Another line that could apply: its clause, cap, basis and the condition it sets."""

    clause: str  # the clause that names the activity (a sub-item's id)
    line: str  # the line's key (its clause id, with "#2" for a clause's second cap)
    label: str
    cap_yuan: int | None
    basis: str
    condition: str

    @classmethod
    def of(cls, line: SupportLine, clause_id: str) -> "Alternative":
        return cls(clause_id, line.key, line.label, line.amount_yuan, line.basis, line.condition)

    def to_json(self) -> dict:
        return dict(vars(self))


@dataclass(frozen=True)
class Answer:
    """What the bot says: Markdown text, the clauses it rests on (best first), and any calculation."""

    question: str
    text: str
    citations: tuple[Hit, ...]
    policy: PolicyStatus
    route: (
        str  # clause catalogue amount compare maximum conversion validity eligibility retrieval clarify decline invalid
    )
    abstained: bool = False
    calculation: Calculation | None = None
    counts: tuple = field(default=(), repr=False)  # (clause id, cap, count) behind a calculation, for follow-ups
    alternatives: tuple[Alternative, ...] = ()
    clarify: tuple[str, ...] = ()  # choices offered when the bot asks back
    verdict: str | None = None  # eligibility: yes | no | open
    language: str = "en"  # the language the text is written in: en | zh
    english: str = field(default="", repr=False)  # the English question the core answered, when it was translated

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "route": self.route,
            "citations": [
                {"id": h.clause.id, "doc": h.clause.doc, "doc_title": self.policy.title, "status": self.policy.state,
                 "section": h.clause.section, "text": h.clause.text, "score": round(h.score, 4)}
                for h in self.citations
            ],
            "calculation": self.calculation.to_json() if self.calculation else None,
            "alternatives": [a.to_json() for a in self.alternatives],
            "clarify": list(self.clarify),
            "verdict": self.verdict,
            "policy": self.policy.to_json(),
            "language": self.language,
        }


def fmt_date(d: date | None) -> str:
    """In the policy's own style: 'Nov 14, 2026'."""
    return d.strftime("%b %d, %Y").replace(" 0", " ") if d else "an unstated date"


def banner(status: PolicyStatus) -> str:
    """The validity line the app's banner carries."""
    window = f"valid from {fmt_date(status.effective_from)} to {fmt_date(status.effective_until)}"
    if status.superseded_by:
        return (f"⚠️ This {status.name} was superseded by {status.superseded_by} on {fmt_date(status.successor_from)} "
                f"(it was {window}). Answers are from its text.")
    if status.expired:
        return (
            f"⚠️ This {status.name} expired on {fmt_date(status.effective_until)} (it was {window}). "
            "Answers are from its text."
        )
    if status.state == "not yet in force":
        return f"This {status.name} takes effect on {fmt_date(status.effective_from)}; it is {window}."
    return f"This {status.name} is {window}."


def expiry_sentence(status: PolicyStatus) -> str:
    """The expiry, stated only as the text supports it; '' while the policy is in force."""
    if not status.expired:
        return ""
    if status.superseded_by:
        return (f"The {status.name} ({status.doc}) was superseded by {status.superseded_by} on "
                f"{fmt_date(status.successor_from)}, so on {fmt_date(status.today)} it is no longer in force.")
    return (
        f"The {status.name} was valid until {fmt_date(status.effective_until)}, so on {fmt_date(status.today)} "
        "it is no longer in force; its text says nothing about applications after that date."
    )


def yuan(amount: int | None) -> str:
    """5000000 -> '¥5,000,000'."""
    return "no figure" if amount is None else f"¥{amount:,}"


def usd(amount: float | None) -> str:
    """Dollars the way the policy states them, in millions to two decimals: 1405000.0 -> '$1.41 million'."""
    if amount is None:
        return ""
    millions = (Decimal(str(amount)) / 1_000_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"${millions:,} million"


def line_phrase(line: SupportLine) -> str:
    """'¥10,000,000 per eligible project' or 'no figure (“support similar to the focus industries”)'."""
    if line.amount_yuan is None:
        return f"no figure (“{line.phrase}”)"
    return f"{yuan(line.amount_yuan)} {line.basis}"


def sources_line(hits: list[Hit]) -> str:
    ids = list(dict.fromkeys(h.clause.id for h in hits))
    return "Sources: " + ", ".join(ids) + "." if ids else ""


def compose(lead: str, *blocks: str, hits: list[Hit] = ()) -> str:
    """Lead sentence, optional blocks (tables, lists, notes), then one line naming the sources."""
    return "\n\n".join(p for p in (lead, *blocks, sources_line(list(hits))) if p)


def decline_text(reason: str = "", examples: tuple[str, ...] = GENERIC_EXAMPLES) -> str:
    """What PolicyBot answers, and questions to try."""
    first = reason or "That is not something this policy covers, so I can't answer it."
    return (
        f"{first} I answer from this policy only: which industries it supports, who is eligible and how much "
        "a project can get.\nTry: " + " · ".join(f"“{q}”" for q in (examples or GENERIC_EXAMPLES)[:3])
    )


def calculation_table(calc: Calculation) -> str:
    """The breakdown as a Markdown table, then totals and notes."""
    rows = ["| Clause | Support line | Basis | Cap | Count | Subtotal |", "|---|---|---|---:|---:|---:|"]
    for line in calc.lines:
        rows.append(
            f"| {line.clause} | {line.label} | {line.basis} | {yuan(line.cap_yuan)} | {line.count} | "
            f"{yuan(line.subtotal_yuan)} |"
        )
    table = "\n".join(rows) if calc.lines else ""
    totals = f"**Total: {yuan(calc.total_yuan)}**" + (f" ≈ {usd(calc.total_usd)}" if calc.total_usd is not None else "")
    notes = "\n".join(f"- {n}" for n in calc.notes)
    return "\n\n".join(p for p in (table, totals, notes) if p)


def lines_table(rows: list[tuple[str, SupportLine]]) -> str:
    """(clause id, line) rows as a Markdown table: clause, line, cap, basis, condition."""
    out = ["| Clause | Support line | Cap | Basis | Condition |", "|---|---|---:|---|---|"]
    for clause_id, ln in rows:
        cap = yuan(ln.amount_yuan) if ln.amount_yuan is not None else f"no figure (“{ln.phrase}”)"
        cond = ln.condition if len(ln.condition) <= 140 else ln.condition[:140].rsplit(" ", 1)[0] + " …"
        out.append(f"| {clause_id} | {ln.label} | {cap} | {ln.basis} | {cond} |")
    return "\n".join(out)
