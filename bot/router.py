"""The one router: clean a question and decide what kind of question it is, returning a typed Route.

Every cue here is everyday English about the *form* of a question (how much, which pays more, can we apply,
list the lines); what the policy itself says comes from its catalogue, never from a word list here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from bot.calculator import HEADCOUNT, counted_phrases, years_in
from bot.dates import dated_in
from bot.language import CJK
from ingest.caps import parse_amount, parse_usd

MAX_CHARS = 2_000
WORD = re.compile(r"\b[pev][a-z]{4,8}\b", re.I)  # words that may be a typo of one of KEY_WORDS
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _cue(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


AUTHORITY_CHANGES = _cue(
    r"\b(will|would|does|did|may|might|can) (?:the )?(district|government|city|authorities|they)\b"
    r"[^.?!]{0,20}\b(change|adjust|update|amend|extend)|\bhigher(?:-level)? (?:authorities|level|policies|polic\w+)\b"
    r"|\b(?:will|would|does|may|might) (?:this|the) (?:policy|scheme)\b[^.?!]{0,20}\b(?:change|adjust|update|follow)"
    r"|\bif\b[^.?!]{0,30}\bpolic(?:y|ies)\b[^.?!]{0,10}\b(?:change|adjust)"
)  # asks what the policy says on changes
CHANGE = _cue(
    r"\b(raise|increase|lift|double|bump|lower|reduce|change|set|waive|override|bypass|extend|adjust)\b"
    r"[^.?!]{0,40}\b(caps?|limits?|ceilings?|rules?|polic(?:y|ies)|amounts?|deadlines?|conditions?)\b"
    r"|\b(?:extend|prolong|lengthen)\b[^.?!]{0,20}\btrial\b"
    r"|\b(?:raise|increase|lift|double)\b[^.?!]{0,40}\b(?:subsid\w+|support|funding|grants?)\s+to\b"
    r"|\bmake an exception\b|\b(ignore|disregard|forget)\b[^.?!]{0,40}\b(polic\w*|text|rules?|instructions?|prompt|"
    r"caps?|limits?|expiry|deadlines?|dates?|conditions?)\b|\b(just|please) (approve|guarantee)\b"
    r"|\b(?:just|please) confirm (?:that )?(?:we|us|our|my|i|it|this)\b(?! \w+ (?:period|dates?)\b)"
    r"|\b(confirm|guarantee|promise) (?:that )?(?:we|i|us|our \w+) (?:will|would|can) (?:get|receive)\b"
    r"|\bconfirm (?:that )?(?:our|my) (?:application|project) (?:is|was|will be) (?:accepted|approved)\b"
    r"|\bas if (?:the|this) policy\b|\bapprove (?:\d|¥|our|my|the|us)|\byou are now\b|\bact as\b|\bpretend\b|\bsystem prompt\b"
)
PROCEDURE = {
    "registration": _cue(
        r"\b(register|registering|registration|incorporat\w+|set ?up|open|start)\b(?! by\b)[^.?!]{0,25}"
        r"\b(a |an |my |our )?(company|business|firm|entity|llc|wfoe)\b(?![^.?!]{0,40}\bsupport)"
        r"|\bbusiness licen[cs]e\b(?!\s+(?:is|has|was|already)\b)"  # not "our business license is already here"
        r"|\b(?:register\w*|set ?up|open)\b[^.?!]{0,30}\b(?:company|business|firm)\b[^.?!]{0,20}"
        r"\b(?:procedures?|process|steps)\b|\b(?:procedures?|process|steps) (?:to|for) (?:register\w*|set ?up|open)"
    ),
    "contact": _cue(
        r"\b(contact|phone|telephone|hotline|e-?mail|(?<!registered )(?<!business )address|"
        r"(?:office|opening|business) hours|who (?:do|should|can) (?:i|we) "
        r"(?:call|contact|ask|talk to|email)|whom? to (?:call|contact)|which office|which department)\b"
    ),
    "forms": _cue(
        r"\b(how (?:long|many (?:days|weeks|months)) (?:after \w+ )?(?:until|till|before)\b[^.?!]{0,30}"
        r"\b(?:money|funds?|payment)|"
        r"(?:money|funds?|payments?|grants?|subsid(?:y|ies)) (?:\w+ )?"
        r"(?:arrives?|comes? in|hits?|lands?|gets? paid|(?:is|are|gets?|to be|be) "
        r"(?:paid|disbursed|transferred))|paid out|payouts?|"
        r"(?:arrive|land|lands|arrives|hit|hits|credited|paid) (?:in|into|to) "
        r"(?:our|my|the) (?:bank )?account|"
        r"approval (?:take|takes|process|time)|how long (?:does|will|would|do) (?:the )?(?:review|approval|"
        r"processing|assessment|evaluation)\w*|when (?:does|will|do) (?:the|our) (?:money|funds?|payment) "
        r"(?:arrive|come)|disburse\w*|working days|application forms?|(?:which|what) forms?|forms? (?:do|to|we|"
        r"should|are|is|needed|required)|fill (?:in|out)|paperwork|approval (?:\w+ )?(?:take|takes)|"
        r"documents? (?:do|to|we|should|are|needed|required)|(?:what|which) documents?|what (?:do )?(?:i|we) "
        r"(?:need to )?submit|how (?:do|can|to) (?:(?:i|we) )?apply|application (?:process|procedure|steps)|"
        r"where (?:do|can|to) (?:(?:i|we) )?apply|apply online|portal|website|(?:apply|application) forms?|download|"
        r"templates?)\b"
    ),
    "deadline": _cue(
        r"\b(deadline|due date|closing date|application window|submission date|last day to apply|"
        r"by when (?:must|should|do) (?:we|i))\b"
    ),
    "successor": _cue(  # what comes after the policy: its text cannot say
        r"\b((?:will|would) there be (?:a |an )?(?:new|next|another|follow-up|successor|second) (?:policy|round|"
        r"version|scheme)|(?:new|next|successor|follow-up) (?:policy|version|scheme) (?:after|to replace|replacing)|"
        r"what will (?:the|a|its) (?:new|next|successor|follow-up) (?:policy|version|scheme)|"
        r"(?:policy|scheme) (?:after|replacing) (?:this|the current|the trial) (?:one|policy)|"
        r"(?:new|next) (?:round of )?(?:[\w-]+ )?polic(?:y|ies)\b[^?]{0,30}\b(?:when|issued|released|launch\w*|"
        r"come out))\b"
    ),
}
CHAT = _cue(
    r"^\W*(?:(?:hi|hey|hello|ok|okay|thanks|thank you|thx|ty|cheers|bye|lol|haha|great|cool|nice|a lot|so much|"
    r"very much|again|thank|laughing out loud)\W*)+$"
)  # thanks and greetings alone: nothing to look up
OFF_TOPIC = _cue(
    r"\b(tax(?:es)? (?:rates?|breaks?|deductions?|refunds?|returns?|incentives?|holiday)|income tax|vat|tax rate|"
    r"weather|rain|snow|typhoon|forecast|(?:metro|subway) (?:lines?|map|schedule|times|station|routes?)|"
    r"(?:best|fastest|quickest) (?:route|way) (?:from|to)|directions to|how (?:do i|to|can i) get to|"
    r"invest in (?:\w+ ){0,3}(?:stocks?|shares|crypto\w*|bitcoin)|stock market|(?:which|what) stocks?|stocks? to buy|"
    r"labou?r law|overtime|severance|office rents?|(?:office|building|shop|retail) (?:\w+ )?rents?\b|rental prices?|"
    r"house prices|minimum wage|salar(?:y|ies)|driver'?s licen[cs]e|"
    r"visa|(?:work|residence|residency) permits?|hotel (?:booking|room|recommendation)s?|restaurant recommendation|"
    r"stock price|joke|poem|python script|"
    r"write me|write (?:my|our|an|a|the) (?:application|letter|essay|email|proposal|business plan)\w*|recipe|(?:loan|interest|mortgage) rates?|which bank|best bank|"
    r"(?:head|mayor|governor|director|secretary|leader) of (?:the )?\w+ (?:district|city|government)|"
    r"recommend\w* (?:a |some |any )?(?:good |nice |reliable )?(?:\w+ )?(?:restaurant|hotel|bar|cafe|hotpot|lawyer|"
    r"accountant|agent|consultant|doctor|dentist|school|firm|agency|provider|supplier|vendor)\w*|"
    r"(?:good|best|nice|cheap) (?:\w+ )?restaurants?|"
    r"restaurants? near|bank account|(?:lunch|dinner|breakfast|coffee|food) (?:places?|spots?|options?|near)|"
    r"\bflights?\b[^.?!]{0,30}\b(?:tomorrow|tonight|today|schedules?|times?|tickets?|delay\w*|cancel\w*)|"
    r"what time (?:are|is|does|do) (?:the )?[^.?!]{0,30}\bflights?|"
    r"social insurance|social security|minimum wages?|wage standards?|"
    r"(?:chat|talk) with me|keep me company|my mood|i(?:'m| am) (?:sad|bored|lonely)|"
    r"contribution base|housing provident fund|settlement points|hukou points|"
    r"\bpoints\b[^.?!]{0,40}\bhukou|hukou\b[^.?!]{0,40}\bpoints|"
    r"(?:your|ur) (?:fav|favou?rite)\b|"
    r"are you (?:a )?(?:real person|human|robot|bot|machine)|(?:real person|human) or (?:a )?(?:robot|bot|machine)|"
    r"(?:today'?s|current|latest|live)\b.{0,30}\brate|taxable|tax treatment|(?:is|are) (?:it|they|the \w+) taxed|"
    r"parking (?:fees?|costs?|prices?|at|near)|how much is parking|"
    # costs and assets a business policy may or may not subsidise; this one names none of them
    r"(?:rent|rental|loan|interest)(?: \w+)? (?:subsid\w*|support|allowance|discounts?|reimburse\w*|rebates?)|"
    r"(?:subsid\w*|support|allowance|reimburse\w*|help) (?:for|on|with|towards?) (?:\w+ ){0,3}(?:rent|rental)\b|"
    r"subsidi[sz]ed loans?|bank loans?|(?:industrial|factory|commercial) land|"
    r"(?:hiring|recruitment|employment) (?:subsid\w*|allowances?)|subsid\w* for (?:hiring|recruiting|employing)|"
    r"land (?:allocation|grants?|prices?|use rights?|transfer|supply)|allocate (?:\w+ ){0,3}land)\b"
)
CATALOGUE = _cue(
    r"^\W*(?:(?:help me|please|pls|can you|could you)\s+)?(list|show|give me|table|overview|summar\w+|enumerate)\b"
    r"|\b(?:please|pls|kindly|can you|could you) (?:list|tabulate|enumerate)\b(?![^?]*\b(?:us|we|our)\b)"
    r"|\b(?:in|within|inside|among) (?:the )?[^.?!]{0,40}\b(?:cluster|sector|section)\b[^?]{0,30}\bwhich "
    r"(?:line|item|one)\b[^?]{0,20}\b(?:most|highest|largest|biggest)\b"
    r"|\bwhich (?:line|item|one|clause)\b[^?]{0,60}\b(?:cluster|sector|section)\b[^?]{0,40}\b(?:most|highest|maximum)\b"
    r"|\b(list|table|overview|summary) of "
    r"(?:all |the |every )?(lines|caps|items|measures|support|sub-items|clauses)\b|\b(list|catalogue|catalog)\W*$"
    r"|\d+\s*(?:m|mn|million)\b[^.?!]{0,25}\b(lines?|items?|caps?)\b"
    r"|\bthe \d+(?:\.\d+)?\s*(?:m|mn|million)(?: yuan)? (?:figure|one|amount)\b"
    r"|\b(?:caps?|limits?) (?:is|are|of) [^.?!]{0,20}\d[^.?!]{0,25}\b(?:lines?|items?|clauses?|entries)\b"
    r"|\b(?:list|show)\b(?![^?]*\b(?:us|we|our)\b)[^.?!]{0,25}\b(?:all|every|each)\b[^.?!]{0,20}\b(?:lines?|items?|"
    r"clauses?|caps?)\b"
    r"|^\W*(?:(?:the|support|all)\s+)?(?:lines|items|measures)\s+(?:for|in|under|on|about|covering)\b"
    r"|\d[\d,.]*\s*(?:yuan|m|mn|million)\b[^.?!]{0,12}\b(?:is|are|belongs? to) which "
    r"(?:part|line|item|clause|section)s?\b"
    r"|\b(?:sector|area|industry|cluster) lines\b|\blines\b[^.?!]{0,25}\b(?:relevant to|for|in|of) the\b[^.?!]{0,30}"
    r"\b(?:sector|area|industry|cluster)\b|\b(?:lines|clauses|items)\b[^.?!]{0,20}\bmention"
    r"|\bmention\w*\b[^.?!]{0,30}\b(?:clauses?|lines?|items?)\b"
    r"|\bwhere (?:does|do|is|are) (?:the |this )?(?:policy|text|document)\b[^.?!]{0,12}\bmention"
    r"|\bwhich (?:clauses?|lines?|items?|measures?|sections?|parts?)\b[^.?!]{0,20}"
    r"\b(?:has|have|carr(?:y|ies)|states?|gives?|pays?)\b"
    r"[^.?!]{0,25}\d+\s*(?:m|mn|million|yuan)\b"  # "which clause has a per-project 3,000,000 yuan cap"
    r"|\b(?:lines?|items?|clauses?)\b[^.?!]{0,12}\b(?:pay|paying|give|giving|capped at|worth)\b[^.?!]{0,6}"
    r"\d+\s*(?:m|mn|million)\b"
    r"|\b(all|every|which|what|any)\b[^.?!]{0,40}\b(lines|caps|items|clauses|measures|ceilings)\b"
    r"|\b(?:clauses?|items?|lines?) (?:have|are) which\b"  # the order a translated question keeps
    r"|\b(?:have|are) which\W*$"  # "<topic> 有哪些" read as "<topic> have which": a list
    r"|^\W*(?:anything|everything|lines?|items?|clauses?|entries)\s+(?:at|of|for|worth|paying|capped at)\s+"
    r"(?:¥|rmb\s*)?\d[\d,.]*\s*(?:m|mn|million|yuan)\b"  # "anything at 3 million"
    r"|^\W*(?:¥\s*)?\d[\d,.]*\s*(?:m|mn|million)?\s*(?:yuan\s*)?(?:lines?|items?|clauses?|entries)\W*$"
    r"|\b(?:every|each) (?:single )?(?:cap|line|item)\b|^[\w\s/&-]{0,40}\blines\?"
    r"|(?<![\w-])(lines?|items?|clauses?|caps?)\b[^.?!]{0,30}\b(capped at|paying|that pay|pay|at|of|with)\b"
    r"[^.?!]{0,12}\d+\s*(?:m|mn|million|yuan|rmb)\b|\b(?:lines?|items?)\b[^.?!]{0,15}\b\d+(?:\.\d+)?\s*"
    r"(?:m|mn|million)\b|^\W*(annual|yearly|one-time)\b[^.?!]{0,20}\blines?\b"
    r"|\b(lowest|smallest|highest|largest|biggest)\b[^.?!]{0,20}\b(caps?|ceilings?|figures?)\b"
    r"|\b(?:caps?|ceilings?)\W{1,3}(?:lowest|smallest|highest|largest|biggest)\b"  # "single-item cap lowest"
    r"|\b(line|item|measure)s?\b[^.?!]{0,40}\b(lowest|smallest|highest|largest|biggest) (cap|ceiling|amount|figure)"
    r"|\bwhich (?:one|line|item|measure)\b[^.?!]{0,30}\b(lowest|smallest|highest|largest|biggest)\b"
    r"|\bsub-?(?:lines|items)\b|^[\w\s/&-]{0,40}\blines\W*$"
    r"|\b(?:max|maximum|highest|largest|lowest)\b[^.?!]{0,25}\b(?:in|within|inside|under|among) the\b[^.?!]{0,40}"
    r"\b(?:cluster|sector|section|part|lines)\b|\bfoot ?note\b|\basterisk\b|\blines?\b[^.?!]{0,20}(?:\band|"
    r"\bwith|\s\+|\s&) (?:its |their )?(?:caps?|amounts?|figures?)\b|-related lines?\b"
)
VALIDITY = _cue(
    r"\b((?:start|end|effective|eff\.?) dates?|valid|validity|expire[sd]?|expiry|expiration|in force|"
    r"still (?:active|running|on|in effect)|in effect|runs? (?:through|until|till|to the end)|(?:policy|it) (?:already |even )?(?:apply|applied|exist|"
    r"existed|in place) (?:back )?(?:in|on|during|before|by)|"
    r"effective|until when|end date|start date|(?:last|final) (?:day|date)|(?:what|which) (?:date|day)(?! is it)|"
    r"(?:trial|policy|validity) (?:period|window)|"
    r"(?:policy|it|trial|this) (?:start|started|began|begin|commenced|end|ended|ends|finish|finished|kick(?:ed)? in)|"
    r"(?:inside|within|during|outside) the (?:policy|trial)|"
    r"(?:inside|within|during|outside) (?:the |its )?(?:application )?(?:period|window)|"
    r"how long (?:does|is|will|did|was)|"
    r"when (?:exactly )?(?:does|did|will) (?:it|the policy|this|the trial)|time ?frame|lapsed?|which policy applies|"
    r"permanent|temporary|a trial (?:one|policy)|on a trial basis|(?:get|be|been) (?:extended|renewed|prolonged))\b"
)
CHANGES = _cue(
    r"\bwhat(?:'s| has| have)? (?:changed|is new|'s new)\b|\bwhat changed\b|\b(?:changes|differences?|difference) "
    r"(?:between|from|since|compared|in the new)\b|\bcompared (?:to|with) the (?:old|previous|former)\b"
    r"|\b(?:caps?|lines?) (?:raised|lowered|cut|increased|removed|added)\b"
)
# "we submitted on <date>, will it count?", "is that ok?" after a named date: judged against the policy's dates
DATED_CHECK = _cue(
    r"\b(?:falls?|fell|is|are|was|were) (?:with)?in (?:the )?(?:policy|trial|validity) (?:window|period)\b|"
    r"\b(?:is|was|would|will) (?:that|this|it) (?:still )?(?:be )?(?:ok|okay|fine|alright|valid|in time|too late|"
    r"accepted|covered)\b|\b(?:does|did|will|would) (?:that|this|it) (?:still )?count\b|\bcounted\b"
    r"|\b(?:would|will|does|did|could) (?:that|this|it) (?:still )?(?:fall|come) (?:under|within)\b"
    r"|\b(?:does|did|would|will) (?:it|this|the policy) (?:still )?cover (?:a |an |our |my )?"
    r"(?:projects?|applications?|activit(?:y|ies)|costs?|expenses?)\b"
)
APPLY = _cue(
    r"\b(can|could|may|do|would|will) (?:we|i|my [\w-]+|our [\w-]+|they|it|this|that|a [\w-]+|an [\w-]+|the [\w-]+"
    r"|[\w-]+ like (?:us|me|ours))"
    r"(?: [\w-]+){0,2} "
    r"(?:still )?(?:apply|get(?! (?:extended|renewed|prolonged))(?! (?:a |the |our |my )?(?:business )?(?:licen[cs]es?|"
    r"permits?|visas?)\b)|got|gotten|receive|received|claim|submit|renew|"
    r"be (?:funded|supported|accepted|covered|"
    r"approved|considered))\b"
    r"|\b(?:submit|file|make|lodge) (?:an |our |my )?application\b|\bpossible to apply\b"
    r"|\b(?:can|could|may) (?:[\w-]+ ){1,4}projects? (?:still )?apply\b"
    r"|^\W*(?:can|could|may) (?:a|an|the|our|my)\b[^?.!]{0,60}\bapply\W*$"  # "can a <long description> apply?"
    r"|\b(?:plan|planning|want|wanting|wants|intend|going|hope|hoping) to (?:apply|file|submit)\b|\bfile for\b"
    r"|\btoo late\b|\bin time\b|\bapplications? (?:are |still )?open\b"
    r"|\b(?:still )?use\b[^.?!]{0,20}\b(?:this|the) (?:policy|scheme)\b"
    r"|\b(?:can|could|may) (?:we|they|i|he|she|my \w+|our \w+) (?:still )?use(?: this| it)?\W*$"
    r"|\bstill (?:can )?(?:apply|submit|possible|open)\b|\bapply (?:now|today|this year)\b"
    r"|\b(?:accepting|taking|receiving) (?:new )?applications\b|\bapplications? (?:still )?(?:being )?accepted\b"
    r"|\bapplications? (?:still )?be (?:filed|submitted|made|lodged)\b"  # "can new applications be filed in 2027?"
    r"|\b(?:applying|submitting|filing)\b[^.?!]{0,30}\b(?:ok|okay|fine|possible|allowed)\s*\?"
    r"|\b(?:apply|submit|file)\b[^.?!]{0,40}\b(?:is|would|will) (?:that|this|it) (?:still )?(?:be )?"
    r"(?:ok|okay|fine|possible|allowed|accepted)\b"  # "we wanted to submit next week - is that still ok?"
)
NOW = _cue(
    r"\b(now|still|today|currently|at the moment|this (?:year|month|week)|next (?:month|week|year)|anymore|"
    r"any more|too late|soon|tomorrow|before (?:the )?year[- ]end|in (?:december|january)|(?:in|by|from) (?:early |late |mid-?)?20\d\d|"
    r"(?:in|by|from) (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? 20\d\d|"
    r"(?:the|for) 20\d\d (?:round|call|batch|cycle|intake)|missed (?:it|the deadline|the window))\b"
)
ELIGIBLE = _cue(
    r"\b(apply to (?:us|me|my \w+|our \w+)|(?:is|are) (?:that|this|it|we|they) cover(?:e?d)|"
    r"(?:does|would|will) (?:that|this|it) count\b(?! as)|(?:do|does) (?:[\w-]+ ){1,3}count(?=\s*\?)|"
    r"(?:registered|established|credit)\b[^?]*\bcovered(?=\s*\?)|"
    r"(?:with)?in (?:the )?(?:support )?scope|counted as (?:a |an )?(?:support )?recipients?|"
    r"(?:meet|fit|match|fall under|falls under|under) (?:the |its |this |th(?:e|is) policy'?s? )?(?:support )?scope|"
    r"(?:does|would|will) (?:that|this|it|the policy|this policy) (?:\w+ )?cover (?:us|me|we|our \w+|my \w+)|"
    r"(?:we|i|it|they|this|that|(?:our|my) \w+)(?: \w+)? falls? (?:with)?in|"
    r"(?:we|i|it|they|this|that|(?:our|my) \w+)(?: \w+)? falls? under|are we (?:in|included|ok|okay)\b|"
    r"meant to support|intended for|"
    r"the kind of (?:company|business|firm)|(?:be|become) a (?:support )?recipient|(?:support|cover|fund)s? individuals|"
    r"as an individual|"
    r"eligib\w*|qualif\w*|who can (?:apply|get|receive)|allowed to apply|entitled|rule (?:us|me|them) out|"
    r"disqualif\w*|(?:are|is) (?:we|i|my \w+|our \w+) covered|in scope|requirements?|conditions?|"
    r"any (?:hope|chance)|(?:anything|something) (?:in (?:it|this|here) )?for (?:us|me|that|this|it)(?=\W*$)|"
    r"(?:is|would) (?:that|this|it) (?:be )?possible(?=\W*$)|"
    r"(?<=[.,] )(?:ok|okay|alright)(?=\s*\?)|"  # "<facts>. ok?"
    r"(?:have )?fit(?:ted)? (?:the|this|that) (?:policy|scheme)|"
    r"(?:do|would|will) (?:we|i|they|it) fit|supportable|"
    r"(?:is|are) (?:[\w&'-]+ ){1,6}covered(?=\s*\?|\W*$)|count for anything|"  # "is a <kind of> firm covered?"
    r"(?:is|are) (?:a|an|the|our|my) (?:[\w&'-]+ ){1,10}(?:supported|fundable|funded)(?=\s*\?|\W*$)|"
    r"count (?:for|towards?) (?:any )?(?:support|funding)|"
    r"(?:meet|fit|match|qualify for) (?:the |that |this )?(?:[\w&'-]+ ){1,4}(?:line|item|clause)(?=\s*\?|\W*$)|"
    r"(?:is|are) (?:[\w&'-]+ ){1,8}covered (?:by|under) [^?.!]{0,50}\w(?=\s*\?)|"
    r"(?:does|would|will) (?:that|this|it) fit\b|"
    r"(?:something|anything) (?:the|this) policy (?:supports|covers|funds)|is (?:it|this|that) supported|"
    r"(?:does|would|will|can) (?:the|this) (?:policy|scheme) (?:support|cover|fund) (?:that|this|it)(?=\s*\?)|"
    r"(?:does|would|will) (?:the|this|that|your) (?:[\w-]+ ){0,4}(?:support|line|item|clause|measure|funding) "
    r"(?:cover|include|apply to) (?:us|me|we|our \w+|my \w+)\b|"
    r"(?<=[.,] )(?:supported|covered|fundable)(?=\s*\?)|"  # "<facts>. Supported?"
    r"(?:open|available) to (?:us|me|our \w+|my \w+)(?=\s*\?)|"
    r"(?:we|i|it|they) (?:are|is|am) (?:in|within|among|part of) (?:this|the) (?:policy'?s? )?(?:support )?"
    r"(?:recipients?|scope)|"
    r"(?:does|would|will) (?:the|this|that) (?:[\w-]+ ){0,4}(?:line|support|item|clause|measure) apply\b|"
    r"(?:does|do|can|would) (?:[\w-]+ ){1,4}get (?:any )?(?:support|funding|money)(?=\s*\?|\W*$)|"
    r"(?:does|would|will|do) (?:a|an|the|our|my) [^?.!]{1,60}? count (?:under|for|towards?)\b|"
    r"(?:have been|be|been|get|gets|got) (?:supported|funded|covered)(?=\s*\?|\W*$)|"
    r"is there (?:any )?(?:support|funding|money) for (?:that|this|it|us|me)(?=\W*$))\b"
)
AMOUNT = _cue(
    r"\b(how much|the most|how many (?:yuan|dollars)|maximum|max|cap|capped|ceiling|in total|total|combined|"
    r"altogether|add (?:it |them |these |those )?(?:all )?up|sum|amount|upper limit|"
    r"(?:support|funding|subsidy|grant|money) limits?|worth|funding|subsidy|grant|money)\b|\$|¥"
)
HOW_MUCH = _cue(
    r"\b(what (?:\w+ )?(?:can|could|would|will) (?:we|i) (?:get|receive)|"
    r"how much|how many|max\w*|most|total|combined|sum|cap|"
    r"ceiling|amount|altogether|add up)\b"
)
CONVERT = _cue(
    r"\b(in (?:us )?(?:dollars|usd|yuan|rmb)|to (?:us )?(?:dollars|usd|yuan|rmb)|convert\w*|"
    r"how many (?:dollars|yuan)|exchange rate|what is [^?]{0,30}\b(?:in|to)\b|"
    r"(?:usd|us dollar|dollar|us\$) (?:figure|amount|equivalent|value|number))"
)
COMPARE = _cue(
    r"\bsame (?:cap|amount|ceiling|limit)\b|\b(?:difference|diff) between\b"
    r"|\band\b[^?.]{2,80}\bwhat(?:'s| is) the difference\b(?! between)"  # "A and B, what is the difference?"
    r"|\b(?:is|are) (?:the )?[^?]{3,60}\b(?:bigger|larger|higher|more generous)\b[^?]{0,10}\bor\b"  # "A bigger or B?"
    r"|\bor\b[^?]{2,60}\b(?:gets?|pays?|receives?|gives?) (?:more|the most|higher)\b"  # "A or B, which gets more?"
    r"|\b(?:difference|gap) in (?:caps?|amounts?|ceilings?)\b|\bwhat'?s the gap\b|\bwhats the gap\b"
    r"|\band\b[^?]{2,80}\bwhich(?: one| project| line| item)?\b[^?]{0,20}\b(?:more|bigger|larger|higher|better)\b"
    r"|\bwhich (?:one |line |of (?:the|them|these) (?:two )?)?(?:fits|suits)\b[^?]{0,20}\bbetter\b"
    r"|\b(?:caps?|limits?|ceilings?|amounts?)\s+(?:(?:is|are)\s+)?(?:the\s+)?same\b"
    r"|\bbetter (?:under|with|as|in)\b[^?]{0,60}\bor\b|"
    r"\beither\b[^?]{0,80}\bor\b[^?]{0,80}\b(?:which|what)\b[^?]{0,30}\b(?:more|bigger|larger|higher|better)\b|"
    r"\bmore (?:money|support|funding)\b[^?]{0,60}\bor\b|\b(which|what|who)\b[^?]{0,60}\b(more|bigger|larger|"
    r"higher|better|most|less|smaller)\b[^?]*\bor\b"
    r"|\b(?:more|bigger|higher|larger)\b[^?]{0,30}\bunder\b[^?]{0,40}\bor\b"
    r"|\b(?:vs\.?|versus|compared (?:to|with))\b|\bcompares? (?:to|with)\b|\bor\b[^?]{0,80}\b(?:the )?"
    r"(?:better|higher|bigger|larger)[- ](?:fit|option|choice|match|paying|route|path|way|bet|cap|ceiling|amount)\b"
    r"|\b(?P<kind>line|item|clause)\b[^?]{0,10}\bor\b[^?]{0,60}\b(?P=kind)\b|"  # "the A line or the B line?"
    r"\b(higher|lower|more|less|bigger|"
    r"smaller) (?:or \w+ )?than\b|\bor\b[^?]{0,60}\b(pays? more|worth more|bigger cap)\b"
    r"|\bor\b[^.!]{0,100}?\bwhich(?: one)?\b[^.!?]{0,25}\b(?:more|bigger|larger|higher|better)\b"  # "A or B? which
    # is bigger"
    r"|\bor\b[^?!]{0,80}\b(?:more (?:suitable|appropriate|worthwhile|cost-effective)|better (?:value|suited|deal))\b"
    r"|\b(?P<fit>suitable|better|right)\b[^?!]{0,10}\bor\b[^?!]{0,60}\b(?P=fit)\b"  # "A suitable, or B suitable?"
)
MAXIMUM = _cue(
    r"\b(most|maximum|max|biggest|largest|highest|top)\b[^?]{0,40}\b(could|can|possibly|overall|at all|"
    r"in total|under this|from this|whole policy|altogether|possible|anywhere|in (?:this|the) policy|of all)\b"
    r"|\bmaximum\b[^?]{0,20}\bpossibl"
    r"|\b(?:whole|entire) policy\b[^?]{0,40}\b(?:most|maximum|max|biggest|largest|highest)\b"
)
# "..., right?", "is that correct?", "confirm pls": the asker states a figure and asks whether it holds
CONFIRMING = _cue(r"\b(?:right|correct|true|accurate|so)\W*$|\b(?:is|was) (?:that|this|it) (?:right|correct|true|"
                  r"accurate|so)\b|\bconfirm\b|\bcheck (?:that|this|it)\b")
ASKED_ELIGIBLE = _cue(
    r"\b(?:are|is) (?:we|i|it|they|my \w+|our \w+) (?:still )?eligible\b|\beligible\W*(?:\?|and\b|$)|\beligibility\?"
    r"|\bdo (?:we|i) (?:still )?(?:qualify|meet|fit)\b|\bqualify\W*(?:\?|and\b|$)"
    r"|\b(?:can|could|may) (?:we|i) (?:still )?apply\b"
)  # "…, eligible? how much?": a verdict and a total in one answer
PRICE_ASKED = _cue(
    r"\b(how much|how many (?:yuan|dollars)|max\w*|the most|total|sum|cap|ceiling|amount|altogether|add up)\b"
)  # "most staff" describes; "the most" asks
ENTITY_ASKED = _cue(
    r"\b(entity|company itself|company as a whole|whole company|company-level|per year|(?:1|one) year|annual\w*|"
    r"single year|per annum|"
    r"yearly|each year)\b"
)


@dataclass(frozen=True)
class Route:
    """What a question is, and what the router read from it on the way."""

    kind: (
        str  # invalid clarify clause catalogue decline eligibility validity conversion compare maximum amount retrieval
    )
    reason: str = ""  # why: the decline topic ("change", "contact", ...), or the invalid-input message
    applying: bool = False  # "can we apply / can we get": the date leads the answer
    now: bool = False  # "can we still apply now?": after the end date, the date decides
    amount_yuan: int | None = None  # an amount the question states (to convert, or to filter lines by)
    usd: int | None = None
    priced: bool = False  # "eligible, and how much?": a verdict and a total


def clean(question: str) -> str:
    """Strip control characters, NUL bytes and invisible direction marks; normalise spaces."""
    text = CONTROL.sub(" ", unicodedata.normalize("NFC", question or ""))
    text = WORD.sub(_project_typo, text)  # "projcts", "proejcts": the one word every count hangs on
    text = re.sub(r"\b(?<!-)(P|p)roj(s?)\b", r"\1roject\2", text)  # "per proj", "2 projs": the abbreviation
    text = re.sub(r"\b(\d+|one|two|three|four|five|a|per|each|this|next|last)\s*yr(s?)\b", r"\1 year\2", text,
                  flags=re.I)  # "one yr", "2yrs", "per yr"
    return re.sub(r"[ \t]+", " ", text).strip()


KEY_WORDS = ("project", "eligible", "valid")  # the words a question's kind hangs on


def _project_typo(m: re.Match) -> str:
    """'proejct' -> 'project': the letters of 'project' in another order, or with one missing (never its 'j');
    'elegible', 'eligable' -> 'eligible': one vowel typed for another; 'vaild' -> 'valid': two letters swapped."""
    word = m.group(0)
    for key in KEY_WORDS:
        if len(word) == len(key) and word.lower() != key:
            diff = [(a, b) for a, b in zip(word.lower(), key) if a != b]
            w = word.lower()
            swapped = any(w[:i] + w[i + 1] + w[i] + w[i + 2:] == key for i in range(len(w) - 1))
            if len(diff) == 1 and set(diff[0]) <= set("aeiou") or swapped:
                return key
    stem, s = (word[:-1], "s") if word.lower().endswith("s") and len(word) > 6 else (word, "")
    letters, target = sorted(stem.lower()), sorted("project")
    missing_one = len(stem) == 6 and "j" in stem.lower() and not (Counter(stem.lower()) - Counter("project"))
    fixed = stem.lower() != "project" and (letters == target or missing_one)
    return "project" + s if fixed else word


def check_input(question: str) -> str | None:
    """A message for input that is not processed (empty, too long, not English), else None."""
    if not question:
        return "Please type a question about the policy, for example: “Can my company apply?”"
    if len(question) > MAX_CHARS:
        return (
            f"Your question is {len(question):,} characters long; PolicyBot takes up to {MAX_CHARS:,}. "
            "Please shorten it to the question itself."
        )
    letters = [c for c in question if c.isalpha()]
    if letters and sum(c.isascii() or bool(CJK.match(c)) for c in letters) / len(letters) < 0.5:
        return (
            "PolicyBot answers questions about this policy in English and Chinese. "
            "Please ask in English or Chinese, for example: “Can my company apply?”"
        )
    return None


def stated_amount(question: str) -> int | None:
    """An amount in yuan the question states: '5 million yuan', '¥5m', 'a 10M cap' -> 10000000."""
    found = parse_amount(question)
    if found is not None:
        return found
    m = re.search(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(m|mn|million|mio)\b(?!\s*(?:usd|dollars|\$))", question, re.I)
    return int(float(m.group(1)) * 1_000_000) if m else None


def route(q: str, dated: bool = False) -> Route:
    """Decide the kind of a cleaned, valid question (clause ids and follow-ups are resolved before this);
    `dated`: the corpus holds several policies, so "what changed?" can be answered."""
    if not re.search(r"[A-Za-z]{2,}", q):
        return Route("clarify")  # emoji, digits or punctuation only
    if dated and CHANGES.search(q):
        return Route("changes")
    if CHANGE.search(q) and not AUTHORITY_CHANGES.search(q):
        return Route("decline", "change")
    applying = APPLY.search(q) or ELIGIBLE.search(q)  # "we will register in 2027, can we apply?" asks about applying
    topic = next((name for name, cue in PROCEDURE.items()
                  if cue.search(q) and not (name == "registration" and applying)), None)
    if topic == "deadline" and APPLY.search(q) and NOW.search(q):
        topic = None  # "what's the deadline, can we still apply today?": the end date answers it
    if topic:
        return Route("decline", topic)
    projects = sum(c[0] for c in counted_phrases(q) if not c[2].startswith("year"))  # 'per single project' filters
    versus = re.search(r"\b(?:vs\.?|versus)\s", q, re.I)  # "<line> (3m line?) vs <line>": a comparison
    ours = re.search(r"\b(?:we|i) (?:have|plan|run)\b[^.?!]{0,80}\bprojects?\b", q, re.I)  # "we have 4 X, each cap?"
    summed = re.search(r"\b(?:plus|as well as|in addition|on top of)\b|\s\+\s", q, re.I) and \
        re.search(r"\b(?:total|sum|altogether|combined|in all|ceiling)\b", q, re.I)  # "A plus B under <the N line>"
    bare = re.sub(r"\([^()]*\)", " ", q)  # "within <cluster> (<its items>), which line pays most?"
    if CATALOGUE.search(bare) and not APPLY.search(q) and projects <= 1 and not (versus or ours or summed
                                                                               or COMPARE.search(q)):
        return Route("catalogue", amount_yuan=stated_amount(q))
    if CHAT.search(q):
        return Route("decline", "chat")
    if OFF_TOPIC.search(q):
        return Route("decline", "topic")
    if COMPARE.search(q) and not ELIGIBLE.search(q):
        return Route("compare")
    how_much_apply = re.search(r"\bhow much (?:\w+ ){0,2}(?:can|could|may) (?:we|i|they) apply\b", q, re.I)
    if DATED_CHECK.search(q) and dated_in(q) and not AMOUNT.search(q):
        return Route("validity")  # "I applied in <month year>, is that ok?"
    if stated_amount(q) and CONFIRMING.search(q) and not CONVERT.search(q):
        return Route("amount", amount_yuan=stated_amount(q))  # "I heard it's 10 million per project, right?"
    if ASKED_ELIGIBLE.search(q) and PRICE_ASKED.search(q) and not how_much_apply:  # "can we apply, and how much?"
        applying = bool(re.search(r"\bapply\b", q, re.I))
        return Route("eligibility", applying=applying, now=applying and bool(NOW.search(q)), priced=True)
    applying = bool(APPLY.search(q)) and not HOW_MUCH.search(q)
    which_clause = re.search(r"\bwhich (?:clauses?|lines?|items?|sections?|measures?|parts?)\b", q, re.I)
    asked = re.split(r"(?<=[.?!])\s+", q.strip())[-1]  # "…, want funding. eligible?": the last sentence asks
    last_asks = bool(ELIGIBLE.search(asked)) and not AMOUNT.search(asked) and not HOW_MUCH.search(q)
    last_asks = last_asks or bool(ASKED_ELIGIBLE.search(q)) and not HOW_MUCH.search(q)  # "eligible for <x> money?"
    # "which clause fits us?" is a lookup, not an eligibility question
    if applying or (ELIGIBLE.search(q) and not AMOUNT.search(q) or last_asks) and not which_clause:
        return Route("eligibility", applying=applying, now=applying and bool(NOW.search(q)))
    return _amount_or_lookup(q)


def _amount_or_lookup(q: str) -> Route:
    if VALIDITY.search(q) and not re.search(r"\b(how much|maximum|max)\b", q, re.I):
        return Route("validity")
    yuan, usd = parse_amount(q), parse_usd(q)
    if CONVERT.search(q) and (yuan or usd or re.search(r"\bexchange rate\b", q, re.I)):
        return Route("conversion", amount_yuan=yuan, usd=usd if yuan is None else None)
    if COMPARE.search(q):
        return Route("compare")
    counted = [c for c in counted_phrases(q) if not c[2].startswith("year")]
    things = [c for c in counted if not HEADCOUNT.match(c[2])]  # "80 people" is the firm's size, not a count
    if MAXIMUM.search(q) and not things and years_in(q) is None and not ENTITY_ASKED.search(q):
        return Route("maximum")
    what_we_get = re.search(r"\bwhat (?:\w+ )?(?:can|could|would) (?:we|i) (?:get|receive)\b", q, re.I)
    if AMOUNT.search(q) or counted or what_we_get or MAXIMUM.search(q):  # "the most per year as an entity"
        return Route("amount")
    return Route("retrieval")
