"""The Answer record and the pure functions that compose what a person reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.calculator import Calculation, pick_cap
from index.search import Hit
from ingest.clause import Clause, Document

EXAMPLES = (
    "What support is there for drone companies?",
    "We have three green building retrofit projects, what is the most we can get?",
    "Can my company apply?",
)


@dataclass(frozen=True)
class PolicyStatus:
    title: str
    effective_from: date | None
    effective_until: date | None
    expired: bool

    @classmethod
    def of(cls, doc: Document, today: date) -> "PolicyStatus":
        return cls(doc.title, doc.effective_from, doc.effective_until, doc.expired(today))

    def to_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"title": self.title, "effective_from": iso(self.effective_from),
                "effective_until": iso(self.effective_until), "expired": self.expired}


@dataclass(frozen=True)
class Answer:
    """What the bot says: Markdown text, the clauses it rests on (best first), and any calculation."""

    question: str
    text: str
    citations: tuple[Hit, ...]
    policy: PolicyStatus
    route: str  # clause, amount, validity, eligibility, retrieval, decline, invalid
    abstained: bool = False
    calculation: Calculation | None = None
    counts: tuple = field(default=(), repr=False)  # (clause id, cap index, count) behind a calculation

    def to_json(self) -> dict:
        return {
            "question": self.question, "answer": self.text, "abstained": self.abstained,
            "citations": [{"id": h.clause.id, "section": h.clause.section, "text": h.clause.text,
                           "score": round(h.score, 4)} for h in self.citations],
            "calculation": self.calculation.to_json() if self.calculation else None,
            "policy": self.policy.to_json(),
        }


def fmt_date(d: date | None) -> str:
    """In the policy's own style: 'Nov 14, 2026'."""
    return d.strftime("%b %d, %Y").replace(" 0", " ") if d else "an unstated date"


def banner(status: PolicyStatus) -> str:
    """The validity line every answer carries."""
    window = f"valid from {fmt_date(status.effective_from)} to {fmt_date(status.effective_until)}"
    if status.expired:
        return (f"⚠️ This trial policy expired on {fmt_date(status.effective_until)} (it was {window}). "
                "The answer is from its text; a successor policy may keep the same terms.")
    return f"This trial policy is {window}."


def yuan(amount: int | None) -> str:
    """5000000 -> '¥5,000,000'."""
    return "no figure" if amount is None else f"¥{amount:,}"


def usd(amount: float | None) -> str:
    return "" if amount is None else f"${amount:,.2f}"


def quote(hit: Hit) -> str:
    """A verbatim clause as a Markdown block quote, headed by its id and heading path."""
    clause = hit.clause
    where = f" · {clause.section}" if clause.section else ""
    body = "\n".join(f"> {line}" for line in clause.text.splitlines())
    return f"**{clause.id}**{where}\n{body}"


def lead_for(clause: Clause, question: str = "") -> str:
    """One plain sentence from a clause's own data: what it supports and its cap."""
    cap = pick_cap(clause, question)
    cap = cap if cap and cap.amount_yuan is not None else None
    what = clause.title.rstrip(".…,;: ")
    if cap is None:
        return f"**{clause.id}** covers this: {what}."
    inherited = "" if cap.source_id == clause.id else f" (set in {cap.source_id})"
    return f"**{clause.id}** covers this: {what}, with {cap.phrase}{inherited}."


def compose(lead: str, hits: list[Hit], status: PolicyStatus, extra: str = "") -> str:
    """Lead sentence, optional extra block, the quoted sources, then the validity line."""
    parts = [lead]
    if extra:
        parts.append(extra)
    if hits:
        parts.append("**Sources**\n\n" + "\n\n".join(quote(h) for h in hits))
    parts.append(f"_{banner(status)}_")
    return "\n\n".join(parts)


def decline_text(reason: str = "") -> str:
    """Two lines: what PolicyBot answers, and three questions to try."""
    first = reason or "That is not something Changning's trial industrial policy covers, so I can't answer it."
    return (f"{first} I answer from this policy only: which industries it supports, who is eligible and how much a project can get.\n"
            "Try: " + " · ".join(f"“{q}”" for q in EXAMPLES))


def calculation_table(calc: Calculation) -> str:
    """The breakdown as a Markdown table, then totals and notes."""
    rows = ["| Clause | Support line | Basis | Cap | Count | Subtotal |", "|---|---|---|---:|---:|---:|"]
    for line in calc.lines:
        rows.append(f"| {line.clause} | {line.label} | {line.basis} | {yuan(line.cap_yuan)} | {line.count} | {yuan(line.subtotal_yuan)} |")
    table = "\n".join(rows) if calc.lines else ""
    totals = f"**Total: {yuan(calc.total_yuan)}** ≈ **{usd(calc.total_usd)}**" if calc.total_usd is not None else f"**Total: {yuan(calc.total_yuan)}**"
    notes = "\n".join(f"- {n}" for n in calc.notes)
    return "\n\n".join(p for p in (table, totals, notes) if p)
