"""What a question says about the asker: where they are established, their credit record, what kind of body they are.

Generic readings of everyday English; the conditions they are checked against come from the policy's catalogue.
>>> facts = read_facts("we're a noodle shop registered in minhang", home="Putuo")
>>> (facts.place, facts.elsewhere)
('Minhang', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES_FILE = Path(__file__).with_name("data") / "places.txt"
BAD_CREDIT = re.compile(
    r"\b(bad|poor|negative|damaged|low|weak|downgraded|blemished)\b[^.?!]{0,20}\bcredit|\bcredit\b[^.?!]{0,30}"
    r"\b(downgraded|problems?|issues?|blacklist\w*|damaged|poor|bad|lowered|cut)\b|\bblacklist\w*|\bdishonest\w*|"
    r"\bdefaulted\b|\bdefault(?:ed)? on\b|\bdishonoured\b|\bunpaid (?:debts?|taxes)\b|\blist of dishonest\b|"
    r"\b(?:serious|tax|legal|credit) violations?\b|"
    r"\b(?:listed|flagged|marked|named|labell?ed) as (?:a |an )?(?:\w+ ){0,2}(?:dishonest|untrustworthy|defaulter)|"
    r"\b(?:owe|owes|owing|overdue|outstanding|back) (?:back )?taxes\b|\btax arrears\b|"
    r"\boverdue (?:loans?|debts?|repayments?)\b|"
    r"\bsanctioned\b|\bblack marks?\b|\b(?:administrative|admin) penalt\w*|\btax evasion\b|"
    r"\bcredit\b[^.?!]{0,20}\b(?:isn'?t|is not|not) (?:so |very |that |too |quite |all that )?(?:good|great|clean)\b|"
    r"\babnormal (?:business )?operations? (?:list|directory)\b",
    re.I,
)
GOOD_CREDIT = re.compile(
    r"\b(good|clean|excellent|solid|spotless|perfect|strong|fine|aaa|aa|a-?(?:class|level|grade)|grade a)\b[^.?!]{0,12}"
    r"\b(credit|record)"
    r"|\bcredit(?: record| rating| history)? (?:(?:is|are|has been|always|always been) (?:\w+ )?)?"
    r"(?:good|fine|clean|ok|okay|"
    r"solid|excellent|spotless)\b|\bno (?:adverse|negative|bad) (?:credit )?(?:records?|history|entries)\b"
    r"|\bcredit (?:rating|grade|score)\s*(?:of|is|:)?\s*(?:aaa|aa|a|a-class|grade a)\b"
    r"|\bcredit(?: record)?,? (?-i:A{1,3})(?=\W|$)",  # "credit A" (信用A级)
    re.I,
)
ORGANISATION = re.compile(
    r"\b(company|companies|firm|enterprise|organi[sz]ations?|orgs?|"
    r"partnership|association|non-?profit|ngo|startup|start-up|"
    r"group|llc|ltd|studio|agency|institute|institution|society|foundation|cooperative|subsidiary|business|lab|"
    r"smes?)\b",
    re.I,
)
UNINCORPORATED = re.compile(
    r"\b(unincorporated|partnership|association|non-?profit|non-enterprise|ngo|social organi[sz]ation|"
    r"society|foundation|cooperative|not a (?:company|corporation)|non-?corporate|not incorporated)\b",
    re.I,
)
INDIVIDUAL = re.compile(
    r"\b(as an individual|i am an individual|i'm an individual|freelancer|sole trader|just me|"
    r"private person|self-employed)\b",
    re.I,
)
NEGATED = re.compile(r"\b(no|never|without|zero|not any|free of|never had)\s+(?:\w+\s+)?$", re.I)
ELSEWHERE = re.compile(
    r"\b(outside (?:of )?(?:the )?(?:district|city|shanghai)|not (?:registered|based|located|established) in|"
    r"no plans to move|no (?:legal )?(?:entity|company|presence|subsidiary|office) (?:yet )?in|"
    r"no (?:mainland|china|chinese|onshore|local) (?:legal )?(?:entity|company|presence|subsidiary|office))\b",
    re.I,
)
APPROVED = re.compile(
    r"\b(?:approved|designated|accepted)\b[^.?!]{0,30}\b(?:as an? |as )?(?:support )?recipients?\b"
    r"|\b(?:district|government|authorit\w+)\b[^.?!]{0,30}\b(?:approved|designated) us\b",
    re.I,
)
ACTIVITY_ABROAD = re.compile(
    r"\b(open\w*|expan\w*|export\w*|sell\w*|branch\w*|offices|travel\w*|ship\w*|launch\w*|global|overseas|abroad|"
    r"customers?|clients?|markets?)\b(?!\s+(?:is|are|was)\b)[^.?!]{0,30}$",  # "our client is a <place> firm": who
    re.I,
)


@dataclass(frozen=True)
class Facts:
    place: str | None  # the place the question names, as spelled in the places list
    elsewhere: bool  # the asker is established somewhere other than the policy's own place (and not there too)
    credit: str  # "good", "bad" or ""
    organisation: str  # "corporate", "unincorporated", "individual" or ""
    other_place: bool = False  # the question asks what another place offers ("does Pudong have a similar subsidy?")
    here: bool = False  # the asker says it is established in the policy's own place
    approved: bool = False  # the asker says the authority approved it as a support recipient


@lru_cache(maxsize=1)
def places() -> tuple[str, ...]:
    lines = PLACES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(p.strip() for p in lines if p.strip() and not p.startswith("#"))


@lru_cache(maxsize=1)
def place_names() -> re.Pattern:
    """Any place in the places list, as a whole word: 'Minhang', 'Hong Kong'."""
    names = sorted(places(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.I)


def read_facts(question: str, home: str = "") -> Facts:
    """The facts stated in `question`; `home` is the policy's own place (its location condition)."""
    names = sorted({*places(), home} - {""}, key=len, reverse=True)
    mentions = [m.group(1).lower() for m in re.finditer(r"\b(" + "|".join(map(re.escape, names)) + r")\b", question, re.I)]
    first = next((m for m in mentions if m != home.lower()), mentions[0] if mentions else None)
    place = next((n for n in names if n.lower() == first), None)  # another place outweighs the home one
    moved_here = _registered(home, question) and not PLANNED_MOVE.search(question)  # "moved ... to <home>"
    here = bool(home and (_settled(home, question) or moved_here))
    negated_home = bool(home and re.search(rf"\b(outside|not (?:\w+ )?in|no (?:legal )?(?:entity|company|office|presence) "
                                           rf"in)\s+{re.escape(home)}\b", question, re.I))
    other = bool(place and place.lower() != home.lower())
    # "incorporated in <elsewhere>; a sales rep works from <home>": registration outweighs a mere presence
    registered_there = other and _registered(place, question) and not (home and _registered(home, question))
    elsewhere = (
        negated_home
        or registered_there
        or (other and _settled(place, question) and not here)
        or bool(ELSEWHERE.search(question) and not here)
    )
    about = bool(other and _asked_about(place, question))
    approved = bool(APPROVED.search(question))
    return Facts(place, elsewhere, _credit(question), _organisation(question), about, here, approved)


# "we plan to move to <home> next year": a move not made yet settles nothing
PLANNED_MOVE = re.compile(r"\b(?:plan\w*|intend\w*|will|going to|prepar\w*|about to|next year|thinking of|consider\w*|"
                          r"want to|hope to)\b[^.?!]{0,30}\b(?:move|moved|moving|relocat\w*|transfer\w*)\b", re.I)
SETTLED_VERB = re.compile(r"\b(?:based|registered|located|incorporated|headquartered|established)\s*$", re.I)
OBJECT_THERE = re.compile(r"\b(?:buildings?|propert(?:y|ies)|sites?|assets?|projects?|parks?|customers?|clients?|"
                          r"warehouses?|stores?)\s+(?:(?:located|situated|sitting)\s+)?$", re.I)


OPENING_THERE = re.compile(r"\s*(?:and\s+[\w-]+\s*)?,?\s*(?:each\s+|to\s+)?(?:open|set\w* up|launch|establish)\w*\b"
                           r"[^.?!]{0,30}\b(?:branch|office|store|shop|subsidiar)", re.I)


def _settled(place: str, question: str) -> bool:
    """'registered in Minhang', 'a Minhang-based firm', 'Minhang company' -> True;
    'what does Minhang offer', 'open offices in Minhang' -> False."""
    p = re.escape(place)
    for m in re.finditer(
        rf"\b(?:in|at|from|out of)\s+(?:the\s+)?(?:[\w' -]{{1,20}},\s*)?{p}\b|\b{p}(?:\s+[\w-]+){{0,2}}[- ](?:based|"
        rf"registered|district|factory|plant|manufacturer|workshop|studio|label|brand|shop|store|group|"
        rf"province|company|firm|startup|start-up|business|entity|maker|airline|operator|co|corp|ltd|agency|bank|"
        rf"lab|chain|supplier|provider|developer|mnc|firms|companies)\b"
        rf"|\b{p}(?:'s|’s)\s+(?:[\w-]+\s+){{0,2}}(?:firms?|compan(?:y|ies)|branch|offices?)\b",
        question,
        re.I,
    ):
        before = question[max(0, m.start() - 40) : m.start()]
        if OBJECT_THERE.search(before):
            continue  # "retrofitting buildings located in <place>": the buildings are there, not the firm
        if OPENING_THERE.match(question[m.end():]):
            continue  # "in <place> and <place> each open a branch office": where they expand, not where they are
        if SETTLED_VERB.search(before) or not ACTIVITY_ABROAD.search(before):  # "open offices in Singapore"
            return True
    return False


def _registered(place: str, question: str) -> bool:
    p = re.escape(place)
    return bool(
        re.search(
            rf"\b(?:registered|incorporated|established|headquartered)\s+(?:in\s+)?(?:the\s+)?{p}\b|"
            rf"\b(?:registered|incorporated)\s+and\s+[^.?!,]{{0,30}}\bin\s+(?:the\s+)?{p}\b|"
            rf"\b{p}[- ](?:registered|incorporated)\b|\blicen[cs]e[sd]?\b[^.?!]{{0,12}}\bin\s+(?:the\s+)?{p}\b|"
            rf"\b(?:moved|relocated|transferred)\b[^.?!]{{0,40}}\bto\s+(?:the\s+)?{p}\b",
            question,
            re.I,
        )
    )


def _asked_about(place: str, question: str) -> bool:
    """'What does Pudong offer?', "Pudong's AI subsidy", 'Beijing gives …' -> True; 'a Singapore branch' -> False."""
    p = re.escape(place)
    return bool(
        re.search(
            rf"\b(?:does|do|did|would|will|can)\s+{p}\b|\b{p}(?:\s+\w+)?(?:'s|’s)|"
            rf"\b{p}(?:\s+(?!wants?\b|plans?\b|hopes?\b|needs?\b|to\b)\w+){{0,2}}\s+(?:offers?|gives?|"
            rf"provides?|pays?|has|have)\b|\b{p}\)?(?:\s+[\w-]+){{0,2}}\s+(?:polic\w+|subsid\w+|grants?|funding)\b|"
            rf"\b{p}\b[^.?!]{{0,30}}\b(?:similar|such|its own|equivalent|comparable)\b[^.?!]{{0,40}}"
            rf"\b(?:polic\w+|support|subsid\w+|schemes?|grants?)",
            question,
            re.I,
        )
    )


# "a penalty in 2023, not sure how it shows on our credit record": the record itself is not known
UNSURE = re.compile(r"\b(?:not sure|unsure|don'?t know|do not know|unclear|no idea|wonder(?:ing)? (?:if|whether))\b"
                    r"[^.?!]{0,40}\bcredit", re.I)


def _credit(question: str) -> str:
    """'bad credit' -> 'bad'; 'no credit issues' and 'good credit' -> 'good'; nothing said -> ''."""
    bad = BAD_CREDIT.search(question)
    at = bad.start(bad.lastindex) if bad and bad.lastindex else bad.start() if bad else 0  # the bad word itself
    if bad and not any(NEGATED.search(question[max(0, i - 20) : i]) for i in {bad.start(), at}):
        return "" if UNSURE.search(question) else "bad"  # "credit, no bad records" negates the word, not the credit
    return "good" if bad or GOOD_CREDIT.search(question) else ""


def _organisation(question: str) -> str:
    if INDIVIDUAL.search(question):
        return "individual"
    if UNINCORPORATED.search(question):
        return "unincorporated"
    return "corporate" if ORGANISATION.search(question) else ""
