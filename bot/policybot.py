"""PolicyBot: load the policy, its catalogue, index and model once; resolve follow-ups, route, and hand off."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from bot import bilingual, config
from bot.amounts import amount, amount_in, convert, priced
from bot.answer import Answer, yuan
from bot.calculator import HEADCOUNT, CalculationError, Request, calculate
from bot.changes import changes
from bot.clarify import clarify
from bot.dates import asked_period
from bot.counts import stated_counts as counts_of
from bot.comparison import compare, maximum
from bot.context import Context
from bot.declines import decline
from bot.eligibility import eligibility
from bot.facts import place_names, read_facts
from bot.language import has_cjk
from bot.followup import asks_for_sources, bare_count, leans_on_previous, refers_back, rest_of, topic_words
from bot.library import Library
from bot.lookup import about_document, clause_answer, labelled, retrieval, validity, which_document
from bot.staff import catalogue_query
from bot.matching import FORM_WORDS, activity_words, general_lines, matched, rare_word_lines
from bot.router import MAXIMUM, check_input, clean, route, stated_amount
from bot.staff import EXTREME, FOOTNOTE
from index.build import open_index
from index.embed import Embedder
from index.ids import looks_like_id
from index.lexical import tokenize
from index.search import Retriever
from index.synonyms import Synonyms
from ingest.clause import Clause, Document
from ingest.corpus import load_corpus

NEAR_DENSE = 0.25
FIRST_PERSON = re.compile(r"\b(we|we're|our|ours|us|i|i'm|my|mine)\b", re.I)
POLICY_TALK = re.compile(r"\b(clauses?|lines?|items?|sections?|policy|support\w*|subsid\w*|fund\w*|cover\w*|grants?|"
                         r"caps?)\b", re.I)
HELP_WITH = re.compile(r"\W*(?:any\s+)?(?:help|support|funding|money|subsid\w*)\s+(?:with|for|on|towards?)\b",
                       re.I)  # "help with <costs>?": asks for support, for something several lines name
GENERIC = set(tokenize("industry sector field area business line"))  # words that name no particular activity
POINTING = re.compile(r"^\W*(?:is|are|does|do|was|can|will)\s+(?:it|that|this|they)\b"
                      r"|\b(?:that|this) (?:line|one|clause|item|measure)\b"
                      r"|\b(?:of|for|about|with|on) (?:them|those|these|it)\W*$",
                      re.I)  # "is it per year?", "that line", "for 3 of them?"
WHICH_FITS = re.compile(r"\bwhich (?:one|line|clause|item|measure|support)s?\b[^.?!]{0,25}"
                        r"\b(?:fits?|suits?|appl(?:y|ies)|right|best)\b", re.I)  # "which line applies?": to what?
CONDITION_WORDS = re.compile(r"\b(apply|eligib\w*|qualif\w*|possible|wants? (?:the|to get))\b", re.I)


class PolicyBot:
    """Thread-safe question answering over the policy corpus. `ask()` never raises on a question."""

    def __init__(
        self,
        corpus: Path | None = None,
        index: Path | None = None,
        embedder: Embedder | None = None,
        *,
        rebuild: bool = True,
        citations: int = 3,
    ):
        self.docs = load_corpus(Path(corpus or config.corpus_dir()))
        self.embedder = embedder or Embedder()
        stored = open_index(Path(index or config.index_dir()), self.docs, self.embedder, rebuild=rebuild)
        retrievers = {  # each policy searched on its own, with its own synonym table
            d.id: Retriever(stored.parts[d.id], self.embedder, synonyms=Synonyms.of(dict(d.synonyms)))
            for d in self.docs
        }
        shared = next(iter(retrievers.values())).query_vector
        for r in retrievers.values():  # one question is embedded once, however many policies are searched
            r.query_vector = shared
        self.library = Library(self.docs, retrievers)
        self.vocabularies = {d.id: frozenset(tokenize(" ".join(c.text for c in d.clauses))) for d in self.docs}
        self.citations = citations
        self.chinese = bilingual.Chinese.of(Path(corpus or config.corpus_dir()), self.docs)

    @property
    def doc(self) -> Document:
        """The document in force today (else the latest): the app's banner, examples and calculator use it."""
        return self.library.current(date.today())

    @property
    def retriever(self) -> Retriever:
        return self.library.retrievers[self.doc.id]

    @property
    def vocabulary(self) -> frozenset:
        """Every word of the policies' text, stemmed."""
        return frozenset().union(*self.vocabularies.values())

    @property
    def clauses(self) -> list[Clause]:
        return self.library.clauses()

    @property
    def titles(self) -> dict[str, str]:
        """Document id -> title, for views that group clauses by document."""
        return {d.id: d.title for d in self.docs}

    def find(self, text: str, today: date | None = None) -> Clause | None:
        """The clause `text` names: '<document id>:<clause id>', or a bare id in the document in force."""
        choice = self.library.choose(text, today or date.today(), bare_id=self._bare_id(text))
        if isinstance(choice, list):
            choice = self.library.choose(f"{choice[0].id}:{text}", today or date.today())
        return self.library.retrievers[choice.doc.id].lookup(choice.question)

    def context(self, today: date, doc: Document | None = None) -> Context:
        doc = doc or self.library.current(today)
        return Context(doc, doc.catalogue, self.library.retrievers[doc.id], self.library.status(doc, today),
                       self.vocabularies[doc.id], library=self.library)

    def ask(self, question: str, today: date | None = None, history: list[Answer] | tuple = (),
            language: str = "auto", translated: bool = False) -> Answer:
        """`language`: auto (the question's own), zh or en; Chinese and mixed questions are translated first."""
        if not translated and (language == "zh" or has_cjk(question)):
            return bilingual.answer(self, question, today, history, language)
        today = today or date.today()
        q = clean(question)
        problem = check_input(q)
        if problem:
            return Answer(q[:200], problem, (), self.context(today).status, "invalid", abstained=True)
        previous = history[-1] if history else None
        reply = previous is not None and previous.route == "clarify" and len(q.split()) <= 8
        if reply and self.library.qualified(q)[0] is None:
            q = f"{previous.question} ({q})"  # the choice completes the question it answers
        choice = self.library.choose(q, today, bare_id=self._bare_id(q))
        if isinstance(choice, list):  # a bare clause id several documents number: ask which one
            return which_document(self.context(today), q, choice)
        ctx = self.context(today, choice.doc)
        q = choice.question
        if previous is not None and not previous.abstained and leans_on_previous(q):
            followed = self._follow_up(ctx, q, previous)
            if followed is not None:
                return labelled(followed, self.library)
        elif refers_back(q):  # "and the other one?" with nothing before it to point at
            return clarify(ctx, q, "There is no earlier answer for that to refer to.")
        return labelled(self._answer(ctx, q), self.library)

    @staticmethod
    def _says_nothing(ctx: Context, q: str) -> bool:
        """An eligibility question about a project it does not describe, or a bare 'eligible?': no fact, no activity."""
        f = read_facts(q, ctx.home)
        stated = f.place or f.credit or f.organisation not in ("", "corporate") or f.approved or ctx.topic_words(q) \
            or asked_period(q, ctx.status.today or date.today())  # a date decides without the project
        short = len(re.findall(r"\w+", q)) <= 2 and re.search(r"\b(eligible|qualif\w*|covered|apply)\b", q, re.I) \
            or re.fullmatch(r"\W*(?:are we|am i|do we|do i|would we|could we) (?:eligible|covered|qualify|fit)\W*",
                            q, re.I)
        bare = short or re.search(r"\bprojects?\b|\b(?:this|it|that)\b[^.?!]{0,12}\bapply to (?:us|me)\b"
                                  r"|\b(?:the|this|a|any) (?:subsidy|support|funding|money|grant)\W*$"
                                  r"|\b(?:this|our|my) (?:kind of )?(?:situation|circumstances?|case)\b"
                                  r"|\b(?:our|my) (?:thing|stuff)\b"
                                  r"|^\W*(?:can|could|may) (?:we|i) (?:get|have) (?:it|this|that)\W*$"
                                  r"|^\W*(?:can|could|may|is|are)\b(?![^?]*\b(?:still|now|anymore|today)\b)[\w ]{0,25}"
                                  r"\b(?:apply|eligible)(?: for (?:it|this|that))?\W*$",
                                  q, re.I) or WHICH_FITS.search(q)  # "can i apply for it", "which one fits?"
        return not stated and bool(bare)

    def _bare_id(self, q: str) -> str | None:
        """The clause id a question consists of, when some document numbers it ('<clause id>')."""
        for doc in self.docs:
            clause = self.library.retrievers[doc.id].lookup(q)
            if clause is not None:
                return clause.id
        return None

    def _answer(self, ctx: Context, q: str) -> Answer:
        clause = ctx.retriever.lookup(q) if not FOOTNOTE.search(q) else None  # 'footnote' is not the clause 'note'

        if clause is not None:
            return clause_answer(ctx, q, clause)
        if looks_like_id(q) and not ctx.retriever.mentioned(q):
            text = (
                f"There is no clause “{looks_like_id(q)}” in this policy. Clause ids look like "
                f"{' or '.join(self._sample_ids(ctx))}; the Browse tab lists them all."
            )
            return Answer(q, text, (), ctx.status, "clause", abstained=True)
        r = route(q, dated=len(self.docs) > 1)
        if r.kind not in ("clarify", "decline") and self._gibberish(ctx, q):
            return clarify(ctx, q)  # "asdkjh qwpoe": ask what they mean, never price it
        facts = read_facts(q, ctx.home)
        if r.kind == "catalogue" and facts.other_place and not facts.approved:
            return decline(ctx, q, "place")  # "the caps in <another district>'s policy"
        if r.kind in ("retrieval", "amount", "maximum", "compare"):
            if facts.other_place and not facts.approved:  # "what does <another district> offer?": not this policy
                return decline(ctx, q, "place")
            if (facts.elsewhere or facts.credit == "bad") and (FIRST_PERSON.search(q) or CONDITION_WORDS.search(q)):
                return eligibility(
                    ctx, q, applying=True, now=False
                )  # "a textile mill in Jiangsu, any money for us?": a fact fails
            if facts.elsewhere and not facts.approved or facts.other_place:  # "what does Pudong offer?": elsewhere
                return decline(ctx, q, "place")
        if r.kind == "decline" or r.kind == "invalid":
            return decline(ctx, q, r.reason)
        named = ctx.retriever.mentioned(q)
        priced = [c for c in named if any(c.id == ln.clause or c.id in ln.covers for ln in ctx.catalogue.lines)]
        if r.kind == "compare" and len(priced) >= 2:
            return compare(ctx, q, clarify)  # "<id> vs <id>: higher cap?"
        if FOOTNOTE.search(q):
            return catalogue_query(ctx, q, None)
        if (
            named
            and (r.kind in ("catalogue", "maximum") or EXTREME.search(q))
            and any((c.heading_only or c.level in ("part", "section", "item")) and ctx.catalogue.under(c.id)
                    for c in named)
        ):
            return catalogue_query(ctx, q, r.amount_yuan)  # "of the lines under <heading id>, which is lowest?"
        part = (named[0] if r.kind == "amount" else None) if named \
            else _titled(ctx, q) if r.kind in ("amount", "maximum") else None  # '<clause id>' or 'under <title>'
        more = re.search(r"\b(?:plus|as well as|in addition|on top of)\b|\s\+\s", q, re.I)  # several items
        inside = _option_inside(ctx, q, part) if part is not None and not (more and r.kind == "amount") else None
        if inside is not None:  # "one project cultivating a leader under <heading id>: the cap?"
            return amount_in(ctx, q, inside)
        note = ctx.clause(f"{named[0].id}-note") if named and re.search(r"\bnote\b", q, re.I) else None
        if note is not None:  # "what does the note under <id> define?": the note, not its heading
            return clause_answer(ctx, q, note)
        if named and r.kind in ("retrieval", "catalogue", "amount"):
            return clause_answer(ctx, q, named[0])  # "what does <clause id> cover and does it have a cap?"
        return self._by_kind(ctx, q, r)

    def _by_kind(self, ctx: Context, q: str, r) -> Answer:
        if r.kind == "clarify":
            return clarify(ctx, q)
        if r.kind == "changes":
            return changes(ctx, q)
        if r.kind == "catalogue" and EXTREME.search(q) and self._for_a_business(ctx, q):
            return amount(ctx, q, clarify)  # "biggest per-project cap for a <kind of> firm": that firm's best line
        if r.kind == "catalogue":
            return catalogue_query(ctx, q, r.amount_yuan)
        if r.kind == "eligibility":
            if self._says_nothing(ctx, q) or r.priced and not ctx.topic_words(q):  # "is my project covered?",
                return clarify(ctx, q)  # "eligible?", "what can we apply for and how much?": for which project?
            return eligibility(ctx, q, r.applying, r.now, r.priced)
        if r.kind == "validity":
            return validity(ctx, q)
        if r.kind == "conversion":
            return convert(ctx, q, r.amount_yuan, r.usd)
        hits = ctx.retriever.search(q, k=self.citations)
        if r.kind == "retrieval" and about_document(ctx, q):  # "who issued this?"
            return retrieval(ctx, q, hits, [])
        near = max((h.dense for h in hits), default=0.0) >= NEAR_DENSE  # a close miss a line's own words rescue
        # "which clause covers <a word one line uses>?": a rare word, in a question about the policy itself
        rare = POLICY_TALK.search(q) and rare_word_lines(set(ctx.topic_words(q)), ctx.catalogue)
        if not matched(hits) and not (near and any(o.named for o in ctx.options(q))) and not self._terse(ctx, q) \
                and not rare:
            mine = FIRST_PERSON.search(q) and not (r.kind == "maximum" and ctx.topic_words(q))
            if r.kind in ("maximum", "amount") and MAXIMUM.search(q) and not mine and not _several_projects(q):
                return maximum(ctx, q)  # "the largest amount for one project under the whole policy", "an <x>
                # company, the most we can get?"
            asks_for_us = (FIRST_PERSON.search(q) or stated_amount(q) or POINTING.search(q) or WHICH_FITS.search(q)) \
                and not ctx.topic_words(q)  # "which line is
            # ours?", "is 5m enough?": for what?
            return clarify(ctx, q) if r.kind in ("amount", "maximum") or asks_for_us else decline(ctx, q)
        unnamed = not set(ctx.topic_words(q)) - GENERIC  # "support for my industry": which industry?
        general = general_lines(ctx.topic_words(q, expand=False), ctx.catalogue) if r.kind == "retrieval" \
            and len(re.findall(r"\w+", q)) <= 6 and (FIRST_PERSON.search(q) or HELP_WITH.match(q)) else ()
        if general:  # "support for our <thing>?": several lines name it, each with its own cap
            return clarify(ctx, q, among=general)
        if r.kind == "retrieval" and (stated_amount(q) or FIRST_PERSON.search(q) or POINTING.search(q)) and unnamed \
                and not about_document(ctx, q):
            return clarify(ctx, q)  # "is it 5 million or 10 million for us?", "which clause applies to us?": for what?
        if r.kind == "compare" and hits and not hits[0].clause.caps and hits[0].dense >= NEAR_DENSE \
                and not ctx.options(q):
            return retrieval(ctx, q, hits, [])  # "English vs Chinese version, which wins?": a clause, not two lines
        if r.kind == "compare":
            return compare(ctx, q, clarify)
        if (
            r.kind == "maximum"
            and ctx.topic_words(q)
            and (re.search(r"\bprojects?\b", q, re.I) or _counts_things(q) or _names_its_project(ctx, q))
            and not re.search(r"\b(?:any|every|single|one) (?:\w+ )?project\b.{0,30}\b(?:policy|anywhere)\b", q, re.I)
        ):
            return amount(ctx, q, clarify)  # "one software project, what's the most we could receive"
        if r.kind == "maximum":
            mine = FIRST_PERSON.search(q) and not ctx.topic_words(q)
            return clarify(ctx, q) if mine else maximum(ctx, q)  # "the max I can claim for my project": which?
        if r.kind == "amount":
            if MAXIMUM.search(q) and not ctx.topic_words(q) and not FIRST_PERSON.search(q):
                # "the largest amount one project can get under the whole policy"; four projects: on which lines?
                return clarify(ctx, q) if _several_projects(q) else maximum(ctx, q)
            return _checked(amount(ctx, q, clarify), r.amount_yuan)
        return retrieval(ctx, q, hits, [])

    @staticmethod
    def _for_a_business(ctx: Context, q: str) -> bool:
        """'... for an <x> firm': the question is about one kind of business whose own words name a line."""
        m = re.search(r"\bfor (?:an?|our|my) ((?:[\w&-]+ ){1,3})(?:firm|company|business|startup|agency|enterprise)\b",
                      q, re.I)
        return bool(m and any(o.named for o in ctx.options(m.group(1))[:1]))

    def _gibberish(self, ctx: Context, q: str) -> bool:
        """'asdkjh qwpoe', 'lkjlkj policy ???': most words that are not the form of a question are unknown
        to the model and to the policy (a policy's own rare words, like 'postdoc' via its synonyms, count)."""
        words = [w for w in re.findall(r"[a-z]{2,}", q.lower()) if w not in FORM_WORDS]
        if not words:
            return self.embedder.known_words(q) < 0.5
        known = [w for w in words if self.embedder.known_words(w) > 0 or ctx.topic_words(w)
                 or place_names().search(w) or w == ctx.home.lower()]  # a district's name is not gibberish
        return len(known) / len(words) < 0.5

    def _sample_ids(self, ctx: Context) -> list[str]:
        """Two real ids of this document to show how ids look: a sub-item and a bullet, when there are."""
        by_level = {c.level: c.id for c in reversed(ctx.clauses)}
        return [by_level[lv] for lv in ("subitem", "bullet", "item") if lv in by_level][:2]

    def _terse(self, ctx: Context, q: str) -> bool:
        """'<rare word> clause ref': most of its words are the policy's, and one is a word few lines use."""
        words = activity_words(q, ctx.home_words)
        known = [w for w in words if w in ctx.vocabulary]
        return bool(words) and len(known) / len(words) > 0.5 and bool(rare_word_lines(set(known), ctx.catalogue))

    def _follow_up(self, ctx: Context, q: str, previous: Answer) -> Answer | None:
        """Resolve a question that leans on the previous turn; None when it stands on its own after all."""
        if asks_for_sources(q):
            hits = ctx.verified(list(previous.citations))
            lead = "That answer rests on " + ", ".join(f"**{h.clause.id}**" for h in hits) + "."
            return Answer(q, lead, tuple(hits), ctx.status, "clause") if hits else None
        rest = rest_of(q)
        count, topic = bare_count(rest), topic_words(rest)
        if previous.counts and not topic:  # "and for three projects?", "in dollars?"
            requests = [
                Request(ctx.retriever.by_id[cid], cap, count if count is not None else n, label)
                for cid, cap, n, label in previous.counts
            ]
            try:
                return priced(ctx, q, requests, calculate(requests, ctx.doc.rate))
            except CalculationError as err:
                return Answer(q, f"I can't calculate that: {err}.", (), ctx.status, "amount")
        if topic and previous.route == "amount" and previous.counts:  # "what about aviation?"
            n = count if count is not None else previous.counts[0][2]
            return amount(ctx, f"{n} {rest} projects", clarify)
        if topic and previous.route in ("retrieval", "clause", "eligibility"):
            return self._answer(ctx, rest)
        return None


def _option_inside(ctx: Context, q: str, clause: Clause):
    """The best option among the lines a named clause states or holds, when the question names an activity."""
    keys = {ln.key for ln in ctx.catalogue.under(clause.id) or ctx.catalogue.lines_of(clause.id)}
    if not keys or not activity_words(q, ctx.home_words):
        return None
    inside = [o for o in ctx.options(q) if o.line.key in keys and o.line.amount_yuan]  # a line without a cap prices
    return next((o for o in inside if o.quoted), None) or next((o for o in inside if o.named), None) \
        or next(iter(inside), None)  # nothing: the line quoting or naming the activity first


def _titled(ctx: Context, q: str) -> Clause | None:
    """The heading whose title (three words or more) the question names as a part of the policy: 'under <title>',
    '<title> line'."""
    def words(text: str) -> str:
        return " " + " ".join(re.findall(r"\w+", text.lower())) + " "

    heads = [c for c in ctx.clauses if (c.heading_only or c.level in ("part", "section", "item"))
             and len(words(c.title).split()) >= 3 and ctx.catalogue.under(c.id)]
    asked = words(q)  # the title as a place in the policy, not as the asker's sector ('we are in <sector>')
    return next((c for c in heads if re.search(rf" under (?:the )?{re.escape(words(c.title).strip())} |"
                                               rf"{re.escape(words(c.title))}(?:\w+ )?(?:line|clause|section|part|bit|"
                                               r"heading|item|measure|category|one) ", asked)), None)


def _counts_things(q: str) -> bool:
    """'3 brands' counts things; '50 people' and '80 staff' are the firm's size."""
    return any(not HEADCOUNT.match(unit) for _, unit, _ in counts_of(q))


def _checked(answer: Answer, stated: int | None) -> Answer:
    """'I heard it's 10 million, right?': the figure the asker states, held against the calculated total."""
    calc = answer.calculation
    if stated is None or calc is None or answer.route != "amount":
        return answer
    total = yuan(calc.total_yuan)
    said = f"You mention {yuan(stated)}: " + ("that matches the cap." if stated == calc.total_yuan
                                               else f"the policy's cap comes to {total}, not {yuan(stated)}.")
    return replace(answer, text=f"{said}\n\n{answer.text}")


def _names_its_project(ctx: Context, q: str) -> bool:
    """'set up a regional headquarters, the most it can get?': the best line quotes the activity; 'the biggest
    possible support for us' asks about everything the asker could get, not one activity."""
    overall = re.search(r"\b(possible|possibly|overall|at all|whole policy|anywhere|of all)\b", q, re.I)
    best = ctx.options(q)[:1]
    counted_in = {w for o in best for w in tokenize(o.line.per)} - {"project", "year", "annual", "entiti"}
    return not overall and any(o.quoted or counted_in & set(tokenize(q)) for o in best)  # '<a> talent team, the
    # most?': the line that counts talents and teams


def _several_projects(q: str) -> bool:
    """'4 projects at the highest rate': each project's line decides its cap, so the largest line prices none."""
    return any(n > 1 and unit.startswith("project") for n, unit, _ in counts_of(q))
