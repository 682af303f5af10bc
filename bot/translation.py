"""Chinese and mixed questions into English for the core: OpenCC, numerals, jieba words, then the term base."""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.language import CJK
from bot.numerals import numbers_in_english
from bot.termbase import Term, TermBase

NUMERAL_CHARS = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")
PUNCTUATION = {"。": ". ", "、": ", ", "？": "? ", "！": "! ", "；": "; ", "…": " ", "《": " ", "》": " "}
COUNTED = re.compile(r"\b(?:[2-9]|[1-9]\d+)((?:\s+[\w&+“”\"'‘’-]+){1,8})", re.I)
MODAL = re.compile(r"^(?P<pre>.*?)(?P<subj>\b(?:we|i|our company|my company|our \w+|my \w+|the company|company) )?"
                   r"(?P<adv>(?:(?:now|still|also) )*)can (?P<verb>apply|get|receive|claim)\b", re.I)
# 把-sentences put the object before the verb: 把上限改成2000万 -> 修改上限至2000万 ('change the cap to …').
BA = re.compile(r"把(?P<object>[^，,。？?！!]{1,30}?)"
                r"(?P<verb>改成|改为|提高到|提高至|提到|提升到|调高到|调整为|调整到|增加到|降低到|降到|调高|提高|调低|调到|调成)")
BA_VERBS = {"改成": "修改", "改为": "修改", "提高到": "提高", "提高至": "提高", "提到": "提高", "提升到": "提高",
            "调高到": "提高", "调整为": "调整", "调整到": "调整", "增加到": "提高", "降低到": "降低", "降到": "降低",
            "调高": "提高", "提高": "提高", "调低": "降低", "调到": "调整", "调成": "调整"}
WHICH = re.compile(r"^(?P<what>[^?]+?) (?:is|are) (?P<which>which (?:clauses?|lines?))")  # 上限300万的是哪一条
COMPARISON = re.compile(r"^(?P<a>[^,?]+?) and (?P<b>[^,?]+?),? (?P<which>which\b[^?]*?\b(?:higher|more|bigger|larger|"
                        r"better|less|lower|smaller)\b)")  # A和B哪个更高 -> 'which … higher: A or B'
BOTH = re.compile(r"(?:既(?!有)|一边)([^，,。？?！!]{1,20}?)(?:也|又|一边)")  # not 既有 ('existing'); 一边A一边B
# 各 distributes a count over the things named before it: A、B和C各一个 -> 一个A、一个B和一个C.
EACH = re.compile(r"(?P<list>[^，,。？?！!\s]+?)各(?P<n>[一二两三四五六七八九十\d]+)(?P<m>个|项|家)")
LIST_JOINS = re.compile(r"([、和与])")
NOUNS = ("project", "company", "team", "year", "month", "enterprise", "site", "store", "office", "branch", "entity",
         "building", "platform", "park", "brand", "route", "firm", "talent")


@dataclass(frozen=True)
class Translation:
    """A question as typed, in simplified characters, and in English; `terms` are the words that were mapped."""

    question: str
    simplified: str
    english: str
    terms: tuple[Term, ...] = ()

    def groups(self) -> tuple[tuple[str, ...], ...]:
        """The translations of each mapped word that has several: one structured query term each."""
        return tuple(t.english for t in self.terms if len(t.english) > 1)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters to simplified, full-width forms to ASCII: '補貼？' -> '补贴?'."""
    text = unicodedata.normalize("NFKC", _converter().convert(text))
    return "".join(PUNCTUATION.get(ch, ch) for ch in text)


@lru_cache(maxsize=4)
def _segmenter(words: frozenset):
    """A jieba tokenizer that keeps every term-base word whole."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in sorted(words):
        tokenizer.add_word(word, freq=100_000 * len(word))
    return tokenizer


# '三个专利导航和知识产权分析评估的项目': a count far from its noun in English, so it moves next to it
LONG_COUNTED = re.compile(r"(?P<count>[二两三四五六七八九十]|[2-9]|\d{2})个(?P<what>[^，,。？?；;！!：:\s的]{8,30})的项目")
HAS_COUNT = re.compile(r"(?:(?<=^)|(?<=[，,。？?；;！!：:\s]))(?P<what>[^，,。？?；;！!：:\s]{2,}?项目)\s*(?:我们|我司)?有"
                       r"(?P<count>(?:[一二两三四五六七八九十]|\d{1,2})个)(?=\s|[，,。？?；;！!]|$)")
COUNT_NEXT = re.compile(r"(?P<what>[^，,。？?；;！!：:\s]{2,}?项目)[，,]\s*(?P<count>(?:[一二两三四五六七八九十]|\d{1,2})个)"
                        r"(?=[，,]?\s*(?:最多|一共|总共|加起来|合计|上限|能|的话|按|共|请问))")  # 'X项目，三个最多多少': three X projects
COUNTED_ALREADY = re.compile(r"[一二两三四五六七八九十\d][个项家]")
# a space between two Chinese phrases, not before a count ('<x>项目 二个') nor around one word ('A 跟 B')
PHRASE_SPACE = re.compile(r"(?<=[\u3400-\u9fff\d][\u3400-\u9fff])\s+(?=[\u3400-\u9fff]{2})"
                          r"(?![一二两三四五六七八九十几]+[个项家位]|有啥|有什么|区别|差别)")
# '三个知识产权、质量品牌类项目': a count over a joined name is one kind of project, not a list of things
COUNTED_LIST = re.compile(r"(?P<count>(?:[二两三四五六七八九十]|\d{1,2})个)(?P<what>[^，,。？?；;！!：:\s个]{2,12}、"
                          r"[^，,。？?；;！!：:\s、个]{2,12}类项目)")
EACH_COUNTED = re.compile(r"每(?P<m>[人个家栋条位项])按(?:一|1)个[^，,。？?！!]{0,10}?项目(?:来)?算")
ONE_COUNTED = re.compile(r"(?<![\d一二两三四五六七八九十])一([栋条个家位场座项])算")
COUNT_AFTER = re.compile(
    r"(?:(?<=^)|(?<=[，,。？?；;！!：:、\s]))(?P<what>(?:[A-Za-z][\w&+-]*\s+){0,4}"
    r"[^，,。？?；;！!：:、\s\d一二两三四五六七八九十]{2,}?)\s*"
    r"(?<![有是])(?P<count>(?:[一二两三四五六七八九十]|\d{1,2})个)(?=\s+(?![A-Za-z])|\s*[，,。？?；;！!、]|\.(?!\d)|\s*$)"
)  # a count said after the thing, closing its phrase: 'X项目两个，' is 'two X projects'; '想做四个 <x>' counts <x>


def _each(m: re.Match, terms: TermBase) -> str:
    """'总部、品牌和园区各一个' -> '一个总部、一个品牌和一个园区'; a term-base word holding 和 is one thing, not two."""
    run = m["list"]
    joined = [w for w in terms.terms if len(w) > 1 and LIST_JOINS.search(w) and w in run]
    kept = {f"\0{i}\0": w for i, w in enumerate(joined)}
    for mark, word in kept.items():
        run = run.replace(word, mark)
    pieces = LIST_JOINS.split(run)
    if len(pieces) < 3:
        return m.group(0)  # one thing: '各' is not distributing over a list
    counted = [p if LIST_JOINS.fullmatch(p) else f"{m['n']}{m['m']}{p}" for p in pieces]
    out = "".join(counted)
    for mark, word in kept.items():
        out = out.replace(mark, word)
    return out


def translate(question: str, terms: TermBase) -> Translation:
    """'我们有三个绿色建筑改造项目，最多能拿多少？' -> 'we have 3 green building retrofit projects, maximum can get how
    much?'."""
    question = PHRASE_SPACE.sub("，", question)  # '甲1个 乙1个': a space between two phrases parts them
    text = COUNTED_LIST.sub(lambda m: m["count"] + m["what"].replace("、", "和"), question)  # '三个A、B类项目': one kind
    text = simplified(EACH.sub(lambda m: _each(m, terms), text))  # before '、' becomes ', '
    text = BA.sub(lambda m: f"{BA_VERBS[m['verb']]}{m['object']}至", text)
    text = BOTH.sub(r"\1, also ", text)  # '既做A也做B': two things, said apart
    text = ONE_COUNTED.sub(r"每\1算", text)  # '一栋算一个项目': each building counted as one project
    text = EACH_COUNTED.sub(r"每\g<m>算一个项目", text)  # '每人按一个人才项目算': each counted as one project
    text = HAS_COUNT.sub(lambda m: f"{m['count']}{m['what']}", text)  # '专利导航项目有两个' -> '两个专利导航项目'
    text = COUNT_NEXT.sub(lambda m: m.group(0) if COUNTED_ALREADY.search(m['what']) else f"{m['count']}{m['what']},",
                          text)  # '还有一个X项目，三个加起来': the three sums up, it does not count X
    text = COUNT_AFTER.sub(lambda m: f"{m['count']}{m['what']}", text)  # '推广项目两个' -> '两个推广项目'
    text = LONG_COUNTED.sub(r"\g<what>的\g<count>个项目", text)  # '三个<a long name>的项目': the count by its noun
    used: list[Term] = []
    for word in sorted((w for w in terms.terms if NUMERAL_CHARS.search(w) and w in text), key=len, reverse=True):
        text = text.replace(word, f" {terms.terms[word].rendering} ")  # 一次性 is a word, not the number one
        used.append(terms.terms[word])
    out = []
    for run in re.split(r"([^\u3400-\u9fff\uf900-\ufaff]+)", numbers_in_english(text)):
        if not CJK.search(run):
            out.append(run.strip())  # English, figures and punctuation as typed
            continue
        out.extend(_render(token, terms, used) for token in _segmenter(frozenset(terms.terms)).cut(run))
    english = re.sub(r"\s+([,.?!;:])", r"\1", re.sub(r"\s+", " ", " ".join(out))).strip()
    english = re.sub(r"([?!.,])(?:\s*[?!.,])+", r"\1", english)
    english = re.sub(r"([,;:?!])(?=[A-Za-z])", r"\1 ", english)  # '支持，AI企业' -> 'support, AI company'
    return Translation(question, text, plural(questions(english)), tuple(dict.fromkeys(used)))


def questions(english: str) -> str:
    """Chinese puts 'can' after the subject and may leave the subject out: 'now still can apply?' -> 'can we now still
    apply?'."""
    def ask(m: re.Match) -> str:
        pre, subject = ("", m["pre"] + m["subj"]) if m["subj"] else (m["pre"], "we ")  # '长宁的公司' is one subject
        subject = "I " if subject.lower() == "i " else subject if subject.startswith("I ") else subject.lower()
        how_much = re.match(r"[^?.!]*\bhow much", m.string[m.end():])  # 最多能申请多少: how much can we get
        if m["verb"] == "apply" and not m["adv"] and not how_much:  # 可以申请吗 asks whether they meet the conditions
            be = "are" if subject in ("we ", "you ") else "am" if subject == "I " else "is"
            return f"{pre}{be} {subject}eligible to apply"
        verb = "get" if how_much else m["verb"]
        return f"{pre}can {subject}{m['adv']}{verb}"

    english = ", ".join(MODAL.sub(ask, part) for part in english.split(", "))
    english = re.sub(r"\bcap ([\d,]+ yuan)\b", r"a cap of \1", english)  # 上限300万 -> 'a cap of 3,000,000 yuan'
    english = WHICH.sub(lambda m: f"{m['which']} {'have' if m['which'].endswith('s') else 'has'} {m['what']}", english)
    return COMPARISON.sub(lambda m: f"{m['which']}: {m['a']} or {m['b']}", english)


def _render(token: str, terms: TermBase, used: list[Term]) -> str:
    """One jieba word in English: ASCII as typed, known words by the term base, unknown CJK letter by letter, or as
    the known words it is made of."""
    if not CJK.search(token):
        return token.strip()
    term = terms.find(token)
    if term is not None:
        used.append(term)
        return term.rendering
    parts = [p for p in (terms.terms.get(ch) for ch in token) if p] or _known_pieces(token, terms)  # letters
    used.extend(parts)  # first; a word no letter of which is known is read as the known words it joins
    return " ".join(p.rendering for p in parts)


def _known_pieces(token: str, terms: TermBase) -> list[Term]:
    """An unknown word as the longest known words it is made of, left to right: '满足条件' -> 满足, 条件
    (jieba's own dictionary may join words the term base knows apart)."""
    out, i = [], 0
    while i < len(token):
        found = next(((j, t) for j in range(len(token), i, -1)
                      if (t := terms.find(token[i:j]) if j - i > 1 else terms.terms.get(token[i]))), (i + 1, None))
        out += [found[1]] if found[1] else []
        i = found[0]
    return out


def plural(english: str) -> str:
    """'3 green building retrofit project' -> '3 green building retrofit projects'."""
    def fix(m: re.Match) -> str:
        words = m[1].split(" ")
        heads = [i for i, w in enumerate(words) if w.lower() in NOUNS]
        if not heads:
            return m.group(0)
        i = next((i for i in heads if words[i].lower() == "project"), heads[0])
        noun = words[i]
        words[i] = noun[:-1] + "ies" if noun.endswith("y") else noun + "es" if noun.endswith("ch") else noun + "s"
        return m.group(0)[: m.start(1) - m.start(0)] + " ".join(words)

    return COUNTED.sub(fix, english)
