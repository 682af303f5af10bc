"""PolicyBot: load the policy, its index and the model once, then answer questions by route."""
from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

from bot import config
from bot.answer import Answer, PolicyStatus, banner, calculation_table, compose, decline_text, fmt_date, lead_for, yuan
from bot.answer import usd as usd_text
from bot.calculator import (CalculationError, Request, calculate, conversion, counted_phrases, number_value,
                            pick_cap, years_in)
from bot.eligibility import checklist, render
from bot.route import FOLLOW_CLAUSE, FOLLOW_LEAD, check_input, clean, is_injection, leans_on_previous, route
from bot.scope import in_scope, outside_reason
from index.build import open_index
from index.embed import Embedder
from index.ids import looks_like_id
from index.lexical import tokenize
from index.search import Hit, Retriever
from ingest.caps import parse_amount, parse_usd
from ingest.clause import Clause
from ingest.corpus import load_corpus
from ingest.meta import FROM

log = logging.getLogger("policybot")
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenti", "dozen"}
FOLLOW_FILLER = set(tokenize("dollars usd us project projects year years much many how them those these it each get could "
                             "total maximum max most what about for that same in yuan rmb of instead then"))


def _bare_count(text: str):
    """The first number in a follow-up: 'and for 2 of them?' -> 2; None when there is none."""
    m = re.search(r"(?<![\w.])(-?\d[\d,]*(?:\.\d+)?(?:\s*\^\s*\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)\b", text, re.I)
    return number_value(m.group(1)) if m else None


SEPARATORS = re.compile(r"\s*(?:[,;]|\band also\b|\band\b|\bplus\b|\bas well as\b|\bbesides\b)\s*", re.I)


def _segment(question: str, counted: str) -> str:
    """The part of a question around one counted thing:
    ('retrofit 2 old buildings plus one EMC project', 'one EMC project') -> 'one EMC project'."""
    parts = [p for p in SEPARATORS.split(question) if p.strip()]
    return next((p for p in parts if counted.lower() in p.lower()), counted)


class PolicyBot:
    """Thread-safe question answering over the policy corpus. `ask()` never raises on a question."""

    def __init__(self, corpus: Path | None = None, index: Path | None = None, embedder: Embedder | None = None,
                 *, rebuild: bool = True, citations: int = 3):
        self.docs = load_corpus(Path(corpus or config.corpus_dir()))
        self.embedder = embedder or Embedder()
        stored = open_index(Path(index or config.index_dir()), self.docs, self.embedder, rebuild=rebuild)
        self.retriever = Retriever(stored, self.embedder)
        self.citations = citations
        self.doc_by_id = {d.id: d for d in self.docs}

    @property
    def clauses(self) -> list[Clause]:
        return self.retriever.stored.clauses

    # --- the one entry point -------------------------------------------------------------------

    def ask(self, question: str, today: date | None = None, history: list[Answer] | tuple = ()) -> Answer:
        today = today or date.today()
        q = clean(question)
        status = PolicyStatus.of(self.docs[0], today)
        problem = check_input(q)
        if problem:
            return Answer(q[:200], problem, (), status, "invalid", abstained=True)
        previous = history[-1] if history else None
        if previous is not None and not previous.abstained and leans_on_previous(q):
            followed = self._follow_up(q, previous, status)
            if followed is not None:
                return followed
        clause = self.retriever.lookup(q)
        if clause is not None:
            return self._clause(q, clause, status)
        if looks_like_id(q):
            text = (f"There is no clause “{looks_like_id(q)}” in this policy. Clause ids look like II.B.4(2) or "
                    f"II.A.2(2)-b; `policybot ingest --show II` and the Browse tab list them all.\n\n_{banner(status)}_")
            return Answer(q, text, (), status, "clause", abstained=True)
        if is_injection(q):
            return self._decline(q, status, "I follow the same rules whatever a message asks, and that request is not about the policy.")
        kind = route(q)
        reason = outside_reason(q)
        if reason and kind != "eligibility":  # "registered in Pudong, can we apply?" is a fact, not another topic
            return self._decline(q, status, reason)
        handler = {"validity": self._validity, "amount": self._amount, "eligibility": self._eligibility}.get(kind, self._retrieval)
        return handler(q, status)

    # --- routes --------------------------------------------------------------------------------

    def _clause(self, q: str, clause: Clause, status: PolicyStatus) -> Answer:
        hits = self._verified([Hit(clause, 1.0)])
        if clause.heading_only:
            below = [c.id for c in self.clauses if c.parent == clause.id]
            lead = f"**{clause.id}** is the heading “{clause.title}”; below it: {', '.join(below)}."
        else:
            lead = lead_for(clause)
        hits += self._cap_sources(hits)
        return Answer(q, compose(lead, hits, status), tuple(hits), status, "clause")

    def _retrieval(self, q: str, status: PolicyStatus) -> Answer:
        named = [Hit(c, 1.0) for c in self.retriever.mentioned(q)]  # "what does II.B.4(2) say about ..."
        hits = self.retriever.search(q, k=self.citations)
        if not named and not in_scope(hits):
            return self._decline(q, status)
        hits = self._verified(named + [h for h in hits if h.clause.id not in {n.clause.id for n in named}])[:max(self.citations, len(named))]
        lead = lead_for(hits[0].clause, q)
        if len(hits) > 1:
            lead += " Also relevant: " + ", ".join(f"**{h.clause.id}** ({h.clause.title.rstrip('.…,;: ')})" for h in hits[1:]) + "."
        hits += self._cap_sources(hits[:1])
        return Answer(q, compose(lead, hits, status), tuple(hits), status, "retrieval")

    def _validity(self, q: str, status: PolicyStatus) -> Answer:
        dated = [c for c in self.clauses if c.doc == self.docs[0].id and FROM.search(c.text)]
        adjust = [c for c in self.clauses if c.level == "preamble" and re.search(r"\badjust", c.text, re.I)]
        hits = self._verified([Hit(c, 1.0) for c in dated + adjust])
        state = (f"It expired on {fmt_date(status.effective_until)}." if status.expired
                 else f"It is in force until {fmt_date(status.effective_until)}.")
        lead = (f"The trial policy took effect on {fmt_date(status.effective_from)} and is valid until "
                f"{fmt_date(status.effective_until)}. {state}")
        return Answer(q, compose(lead, hits, status), tuple(hits), status, "validity")

    def _eligibility(self, q: str, status: PolicyStatus) -> Answer:
        conditions = checklist(q)
        ids = list(dict.fromkeys(i for c in conditions for i in c.clause_ids))
        by_id = self.retriever.by_id
        hits = [Hit(by_id[i], 1.0) for i in ids if i in by_id]
        topic = self.retriever.search(q, k=1, where=lambda c: bool(c.caps) and c.id not in ids)
        if topic and in_scope(topic) and any(c.status == "met" for c in conditions if "I.A" in c.clause_ids):
            # "Is my drone company eligible?": the line they would apply under comes right after I.B.
            hits.insert(1, topic[0])
        hits = self._verified(hits)
        verdict = "Not on the facts given: a condition is not met." if any(c.status == "not met" for c in conditions) \
            else "Yes, if you meet these conditions:" if all(c.status == "met" for c in conditions) \
            else "Possibly. The policy sets these conditions:"
        lead = f"{verdict}\n\n{render(conditions)}"
        if len(hits) > 1 and hits[1].clause.caps and hits[1].clause.id not in ids:
            lead += f"\n\nThe support line that fits what you describe: {lead_for(hits[1].clause, q)}"
        return Answer(q, compose(lead, hits, status), tuple(hits), status, "eligibility")

    def _amount(self, q: str, status: PolicyStatus) -> Answer:
        hits = self.retriever.search(q, k=self.citations)
        amount, dollars = parse_amount(q), parse_usd(q)
        if (amount is not None or dollars is not None) and not counted_phrases(q):
            return self._conversion(q, amount or 0, status, usd=dollars if amount is None else None)
        if re.search(r"\bexchange rate\b|\brate\b.*\b(yuan|dollars?|usd)\b", q, re.I) and self._rate():
            return self._conversion(q, self._rate()[0], status)
        if not in_scope(hits):
            return self._decline(q, status)
        try:
            requests = self._requests(q)
            calc = calculate(requests, self._rate(), notes=self._years_note(q))
        except CalculationError as err:
            text = compose(f"I can't calculate that: {err}.", [], status)
            return Answer(q, text, (), status, "amount")
        return self._calc_answer(q, requests, calc, status)

    # --- amounts ---------------------------------------------------------------------------------

    def _requests(self, q: str) -> list[Request]:
        """Each support line asked about, with its count (projects × years for annual lines)."""
        phrases = counted_phrases(q)
        years = years_in(q)
        topics = [(n, what, text) for n, what, unit, text in phrases if not unit.startswith("year")]
        segments = [_segment(q, text) for _, _, text in topics]
        if len(topics) > 1 and len(set(segments)) == len(segments):  # each count has words of its own around it
            pairs = [(self._best_capped(seg, phrase=what) or self._best_capped(q), n)
                     for (n, what, _), seg in zip(topics, segments)]
        else:
            n = topics[0][0] if topics else 1
            pairs = [(self._best_capped(q), n)]
        requests = []
        for clause, n in pairs:
            if clause is None:
                raise CalculationError("no support line with a cap matches the question; name the industry or measure")
            cap = pick_cap(clause, q)
            total = n * (years if years is not None and "annual" in cap.basis else 1)
            requests.append(Request(clause, cap, total))
        return requests

    def _years_note(self, q: str) -> tuple[str, ...]:
        """A warning when annual support is asked for longer than the trial runs."""
        years, doc = years_in(q), self.docs[0]
        if years is None or not (doc.effective_from and doc.effective_until):
            return ()
        span = (doc.effective_until - doc.effective_from).days + 1
        if years * 365 <= span + 1:
            return ()
        return (f"The trial runs from {fmt_date(doc.effective_from)} to {fmt_date(doc.effective_until)}; "
                "annual support beyond that depends on a successor policy.",)

    def _best_capped(self, text: str, phrase: str = "") -> Clause | None:
        """The capped clause that best matches `text`; among clauses quoting `phrase` ('product promotion'), if any."""
        phrase = phrase.strip().lower()
        quoting = len(phrase.split()) >= 2 and any(c.caps and phrase in c.text.lower() for c in self.clauses)
        hits = self.retriever.search(text, k=1, where=lambda c: bool(c.caps) and (not quoting or phrase in c.text.lower()))
        return hits[0].clause if hits else None

    def _rate(self) -> tuple[int, int] | None:
        return self.docs[0].rate

    def _calc_answer(self, q: str, requests: list[Request], calc, status: PolicyStatus, related: bool = True) -> Answer:
        hits = self._verified([Hit(r.clause, 1.0) for r in {r.clause.id: r for r in requests}.values()])
        hits += self._cap_sources(hits)
        if related:  # a section lead's cap may be priced, but the item that names the activity should be cited too
            have = {h.clause.id for h in hits}
            hits += self._verified([h for h in self.retriever.search(q, k=3) if h.clause.id not in have])[:max(0, 3 - len(hits))]
        what = " + ".join(f"{line.count} × {line.clause}" for line in calc.lines)
        lead = f"At most **{yuan(calc.total_yuan)}** (≈ {usd_text(calc.total_usd)}) for {what}."
        answer = compose(lead, hits, status, extra=calculation_table(calc))
        counts = tuple((r.clause.id, r.cap, r.count) for r in requests)
        return Answer(q, answer, tuple(hits), status, "amount", calculation=calc, counts=counts)

    def _conversion(self, q: str, amount: int, status: PolicyStatus, usd: int | None = None) -> Answer:
        """Yuan to dollars (or `usd` dollars to yuan) at the rate the document states, citing where it states it."""
        try:
            calc = conversion(amount, self._rate(), usd=usd)
        except CalculationError as err:
            return Answer(q, compose(f"I can't convert that: {err}.", [], status), (), status, "amount")
        rate_clause = next((c for c in self.clauses if "$" in c.text and c.caps), None)
        same = [c for c in self.clauses if any(k.amount_yuan == calc.total_yuan and k.source_id == c.id for k in c.caps)]
        hits = self._verified([Hit(c, 1.0) for c in dict.fromkeys(same[:1] + ([rate_clause] if rate_clause else []))])
        where = rate_clause.id if rate_clause else "its text"
        lead = (f"{usd_text(calc.total_usd)} is about **{yuan(calc.total_yuan)}**" if usd is not None
                else f"{yuan(calc.total_yuan)} is about **{usd_text(calc.total_usd)}**") + f" at the rate the policy states in {where}."
        return Answer(q, compose(lead, hits, status, extra=calculation_table(calc)), tuple(hits), status, "amount",
                      calculation=calc)

    # --- follow-ups ------------------------------------------------------------------------------

    def _follow_up(self, q: str, previous: Answer, status: PolicyStatus) -> Answer | None:
        """Resolve a question that leans on the previous turn; None when it stands on its own after all."""
        if FOLLOW_CLAUSE.search(q):
            hits = self._verified(list(previous.citations))
            lead = "That answer rests on " + ", ".join(f"**{h.clause.id}**" for h in hits) + ":"
            return Answer(q, compose(lead, hits, status), tuple(hits), status, "clause") if hits else None
        rest = FOLLOW_LEAD.sub("", q).strip(" ?.!")
        count = _bare_count(rest)
        topic = [t for t in tokenize(rest) if t not in FOLLOW_FILLER and not t[0].isdigit() and t not in NUMBER_WORDS]
        if previous.counts and not topic:  # "and for three projects?", "in dollars?"
            requests = [Request(self.retriever.by_id[cid], cap, count if count is not None else n)
                        for cid, cap, n in previous.counts]
            try:
                return self._calc_answer(q, requests, calculate(requests, self._rate()), status, related=False)
            except CalculationError as err:
                return Answer(q, compose(f"I can't calculate that: {err}.", [], status), (), status, "amount")
        if topic and previous.route == "amount" and previous.counts:  # "what about aviation?"
            n = count if count is not None else previous.counts[0][2]
            return self._amount(f"{n} {rest} projects", status)
        if topic and previous.route in ("retrieval", "clause", "eligibility"):
            return self._retrieval(rest, status)
        return None

    # --- shared steps ------------------------------------------------------------------------------

    def _decline(self, q: str, status: PolicyStatus, reason: str = "") -> Answer:
        return Answer(q, decline_text(reason) + f"\n\n_{banner(status)}_", (), status, "decline", abstained=True)

    def _cap_sources(self, hits: list[Hit]) -> list[Hit]:
        """The section leads that state an inherited cap, so every figure shown is in a cited clause."""
        have = {h.clause.id for h in hits}
        extra = []
        for h in hits:
            for cap in h.clause.caps:
                if cap.source_id not in have and cap.source_id in self.retriever.by_id:
                    have.add(cap.source_id)
                    extra.append(Hit(self.retriever.by_id[cap.source_id], h.score))
        return self._verified(extra)

    def _verified(self, hits: list[Hit]) -> list[Hit]:
        """Only hits whose text is exactly the corpus slice at its offsets; the rest are logged and dropped."""
        out = []
        for hit in hits:
            doc = self.doc_by_id.get(hit.clause.doc)
            if doc is not None and doc.source[hit.clause.start:hit.clause.end] == hit.clause.text and hit.clause.text:
                out.append(hit)
            else:
                log.warning("dropped a quote of %s: it does not match the corpus text", hit.clause.id)
        return out
