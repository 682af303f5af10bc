"""The eligibility checklist: each condition, the clause it comes from, and whether the question's facts meet it."""
from __future__ import annotations

import re
from dataclasses import dataclass

MET, NOT_MET, UNKNOWN = "met", "not met", "unknown"
DISTRICTS = (r"pudong|xuhui|jing'?an|huangpu|hongkou|yangpu|putuo|minhang|baoshan|jiading|songjiang|qingpu|"
             r"fengxian|jinshan|chongming|beijing|shenzhen|hangzhou|suzhou|guangzhou|another district|outside changning")
FOCUS = (r"internet|\bai\b|artificial intelligence|software|platform|e-?commerce|live ?stream|aviation|airline|airport|"
         r"aircraft|drone|evtol|low-altitude|transport|logistics|fashion|consum|retail|brand|trade|cosmetic|"
         r"health|biomedic|pharma|medical|legal|law firm|financ|fintech|bank|insur|wealth|advertis|human resources|\bhr\b")


@dataclass(frozen=True)
class Condition:
    text: str
    clause_ids: tuple[str, ...]
    status: str


def checklist(question: str) -> list[Condition]:
    """The conditions of I.B (and the industry scope of I.A / II.A.1(3)), marked from the facts stated."""
    q = question.lower()
    return [
        Condition("Established (registered) in Changning district", ("I.B",), _where(q)),
        Condition("A good credit record", ("I.B",), _credit(q)),
        Condition("A corporate or unincorporated organisation (or a recipient approved by the district government)",
                  ("I.B",), _organisation(q)),
        Condition("Works in a focus area (smart internet, aviation and transportation services, fashion consumption, "
                  "business and financial services) or another advanced-manufacturing or modern-service industry "
                  "meeting the development criteria", ("I.A", "II.A.1(3)"), _industry(q)),
    ]


def _where(q: str) -> str:
    if re.search(rf"\b(registered|based|located|incorporated|established|headquartered)\s+(in|at)\s+({DISTRICTS})", q) \
            or re.search(r"\bnot (registered|based|established) in changning\b", q) \
            or re.search(rf"\b(a|an|our|we are a|we're a)\s+({DISTRICTS})(-based)?\s+(company|firm|business|enterprise|startup)", q):
        return NOT_MET
    if re.search(r"\b(registered|based|located|incorporated|established|headquartered)\s+(in|at)\s+changning\b", q):
        return MET
    return UNKNOWN


def _credit(q: str) -> str:
    if re.search(r"\b(bad|poor|negative|damaged) credit|credit (problem|issue)|blacklist|dishonest|default(ed)? on|penalt", q):
        return NOT_MET
    if re.search(r"\b(good|clean|excellent|solid) (credit|record)", q):
        return MET
    return UNKNOWN


def _organisation(q: str) -> str:
    if re.search(r"\b(as an individual|i am an individual|i'm an individual|sole person|just me)\b", q):
        return NOT_MET
    if re.search(r"\b(company|companies|firm|enterprise|organisation|organization|partnership|association|non-?profit|ngo|startup|group|llc|ltd)\b", q):
        return MET
    return UNKNOWN


def _industry(q: str) -> str:
    return MET if re.search(FOCUS, q) else UNKNOWN


def render(conditions: list[Condition]) -> str:
    mark = {MET: "✅ met", NOT_MET: "❌ not met", UNKNOWN: "❔ unknown"}
    return "\n".join(f"- {mark[c.status]}: {c.text} ({', '.join(c.clause_ids)})" for c in conditions)
