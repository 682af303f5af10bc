"""An Answer rendered in Chinese from its record: leads, tables, verdicts, questions back, declines and status."""
from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path

from bot.answer import Answer, usd

TEMPLATES = Path(__file__).with_name("data") / "answers-zh.toml"
BULLET = re.compile(r"^- (✅|❌|❔) ", re.M)
MARKS = {"✅": "met", "❌": "failed", "❔": "open"}


@lru_cache(maxsize=1)
def templates() -> dict:
    return tomllib.loads(TEMPLATES.read_text("utf-8"))


def zh_yuan(amount: int | None) -> str:
    """10000000 -> '1,000万元'; 100000000 -> '1亿元'; 150000000 -> '1.5亿元'; 1234 -> '1,234元'."""
    if amount is None:
        return "无具体金额"
    if amount >= 10**8 and amount % 10**6 == 0:
        return f"{amount / 10**8:,.2f}".rstrip("0").rstrip(".") + "亿元"
    if amount >= 10**4 and amount % 10**4 == 0:
        return f"{amount // 10**4:,}万元"
    return f"{amount:,}元"


def zh_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "未说明的日期"


def basis(text: str) -> str:
    return templates()["basis"].get(text, text + "：")


def status_line(policy) -> str:
    """The validity status in Chinese, for the date the answer was given."""
    t, today = templates()["status"], policy.today
    early = bool(today and policy.effective_from and today < policy.effective_from)
    key = "expired" if policy.expired else "future" if early else "valid"
    return t[key].format(start=zh_date(policy.effective_from), end=zh_date(policy.effective_until),
                         today=zh_date(today))


def render(answer: Answer, zh, catalogue) -> str:
    """The Chinese text of `answer`; `zh` holds the document's Chinese names, conditions and examples."""
    t = templates()
    if answer.route == "invalid":
        from bot.router import MAX_CHARS

        return t["too_long"].format(max=f"{MAX_CHARS:,}") if "characters long" in answer.text else t["invalid"]
    if answer.route == "decline" or (answer.abstained and not answer.clarify):
        return _decline(answer, zh)
    if answer.clarify:
        return "\n\n".join([t["clarify"], "\n".join(f"- {zh.name_of(c)}" for c in answer.clarify)])
    blocks = _lead(answer, zh, catalogue)
    if answer.alternatives:
        blocks.append(t["also"] + "\n" + "\n".join(
            f"- {a.clause} {zh.names.get(a.line, a.label)}：{basis(a.basis)}{zh_yuan(a.cap_yuan)}"
            for a in answer.alternatives))
    if answer.citations and answer.route not in ("catalogue", "maximum", "compare"):
        quote = answer.citations[0].clause
        text = quote.text if len(quote.text) <= 600 else quote.text[:600].rsplit(" ", 1)[0] + " …"
        blocks.append(f"> {quote.id}: {text}\n\n{t['translated']}")
    ids = list(dict.fromkeys(h.clause.id for h in answer.citations))
    if ids:
        blocks.append(t["sources"] + "，".join(ids) + "。")
    return "\n\n".join(b for b in blocks if b)


def _decline(answer: Answer, zh) -> str:
    t = templates()
    said = next((zh_text for start, zh_text in t["declines"].items() if start and answer.text.startswith(start)),
                t["declines"][""])
    if answer.text.startswith("There is no clause"):  # its example ids come from the corpus, in the English text
        shown = re.search(r"look like (.+?);", answer.text)
        said = t["no_clause"].replace("{examples}", shown.group(1).replace(" or ", "、") if shown else "")
    clause = answer.citations[0].clause.id if answer.citations else ""
    tries = " · ".join(f"“{q}”" for q in zh.examples[:3])
    said = said.format(clause=clause, end=zh_date(answer.policy.effective_until))
    return f"{said}{t['scope']}\n{t['try']}{tries}" if tries else said + t["scope"]


def _lead(answer: Answer, zh, catalogue) -> list[str]:
    """The lead and its tables, by what the answer holds."""
    if answer.route == "eligibility":
        return _eligibility(answer, zh, catalogue)
    if answer.route == "validity":
        return [status_line(answer.policy)]
    if answer.calculation is not None and answer.route == "conversion":
        return [_conversion(answer)]
    if answer.calculation is not None:
        return _amount(answer, zh)
    if answer.route in ("catalogue", "maximum", "compare"):
        return [templates()["catalogue" if answer.route == "catalogue" else "lines"], _lines(answer, zh, catalogue)]
    return [_clause(answer, zh, catalogue)]


def _eligibility(answer: Answer, zh, catalogue) -> list[str]:
    t = templates()
    out = [status_line(answer.policy)] if answer.policy.expired else []
    out.append(t["verdict"].get(answer.verdict or "open", t["verdict"]["open"]))
    rows = []
    for m in BULLET.finditer(answer.text):
        line = answer.text[m.end():].split("\n", 1)[0]
        cond = next((c for c in catalogue.conditions if c.quote in line or c.kind in line.lower()), None)
        if cond is not None and cond.kind in zh.conditions:
            rows.append("- " + t["condition"][MARKS[m[1]]].format(condition=zh.conditions[cond.kind],
                                                                  clause=cond.clause))
    priced = _amount(answer, zh)[:3] if answer.calculation is not None else []  # "能申请吗？最多多少？"
    return out + (["\n".join(rows)] if rows else []) + priced


def _conversion(answer: Answer) -> str:
    calc = answer.calculation
    exact = f"${calc.total_usd:,.2f}" if calc.total_usd is not None else ""
    clause = answer.citations[0].clause.id if answer.citations else ""
    return templates()["conversion"].format(amount=zh_yuan(calc.total_yuan), yuan=f"{calc.total_yuan:,}",
                                            usd=usd(calc.total_usd), exact=exact, clause=clause)


def _amount(answer: Answer, zh) -> list[str]:
    t, calc = templates(), answer.calculation
    parts = "；".join(t["part"].format(count=ln.count, name=zh.names.get(ln.clause, ln.label), clause=ln.clause,
                                      basis=basis(ln.basis), cap=zh_yuan(ln.cap_yuan)) for ln in calc.lines)
    lead = t["amount"].format(amount=zh_yuan(calc.total_yuan), yuan=f"{calc.total_yuan:,}", usd=usd(calc.total_usd),
                              parts=parts)
    head = t["table"]["calculation"]
    rows = ["| " + " | ".join(head) + " |", "|---|---|---|---:|---:|---:|"] + [
        f"| {ln.clause} | {zh.names.get(ln.clause, ln.label)} | {basis(ln.basis).rstrip('：')} "
        f"| {zh_yuan(ln.cap_yuan)} | {ln.count} | {zh_yuan(ln.subtotal_yuan)} |" for ln in calc.lines]
    total = t["total"].format(amount=zh_yuan(calc.total_yuan), yuan=f"{calc.total_yuan:,}")
    expired = t["in_force_only"].format(end=zh_date(answer.policy.effective_until)) if answer.policy.expired else ""
    return [lead, "\n".join(rows), total, expired]


def _lines(answer: Answer, zh, catalogue) -> str:
    head = templates()["table"]["lines"]
    rows = ["| " + " | ".join(head) + " |", "|---|---|---:|---|"]
    seen = set()
    for h in answer.citations:
        for ln in catalogue.lines_of(h.clause.id):
            if ln.key not in seen:
                seen.add(ln.key)
                rows.append(f"| {h.clause.id} | {zh.names.get(ln.key, ln.label)} | {zh_yuan(ln.amount_yuan)} "
                            f"| {basis(ln.basis).rstrip('：')} |")
    return "\n".join(rows)


def _clause(answer: Answer, zh, catalogue) -> str:
    if not answer.citations:
        return templates()["fallback"] + "\n\n" + answer.text
    top = answer.citations[0].clause
    name = zh.names.get(top.id)
    lead = templates()["clause"].format(id=top.id, name=f"（{name}）" if name else "")
    caps = [ln for ln in catalogue.lines_of(top.id) if ln.amount_yuan is not None]
    cap = templates()["cap"].format(basis=basis(caps[0].basis), amount=zh_yuan(caps[0].amount_yuan)) if caps else ""
    return lead + cap
