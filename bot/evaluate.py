"""`policybot eval`: advisor pass rates on the blind advisor sets, and retrieval scores on the labelled sets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import config
from bot.advice import check, read_cases, same_line, score
from index.evaluate import evaluate, read_set

SETS = ("dev", "check", "holdout")
ADVISOR_SETS = ("advisor-dev", "advisor-test", *(f"advisor-check{n}" for n in ("", *range(2, 13))),
                "advisor-final", *(f"advisor-check{n}" for n in range(13, 50)))  # in the order they were written
CHINESE_SETS = ("zh-dev", "zh-blind", *(f"zh-blind{n}" for n in range(2, 31)))  # Chinese and mixed, as written
AS_OF = date(2026, 11, 27)  # the date the advisor sets were written for: the trial had just expired


def eval_dir() -> Path:
    return config.REPO / "bench" / "eval"


def _set_files(sets: tuple[str, ...]) -> list[tuple[str, Path]]:
    """(name, path) for each named set that exists in bench/eval."""
    return [(name, eval_dir() / f"{name}.jsonl") for name in sets if (eval_dir() / f"{name}.jsonl").exists()]


def advisor_report(bot, sets: tuple[str, ...] = ADVISOR_SETS) -> str:
    """One row per advisor set: cases, pass rate, wrong totals, and passes by kind."""
    rows = ["| set | cases | pass rate | wrong totals | by kind (passed/n) |", "|---|---:|---:|---:|---|"]
    for name, path in _set_files(sets):
        results = [check(bot.ask(c.q, today=AS_OF), c) for c in read_cases(path)]
        s = score(results)
        kinds = ", ".join(f"{k} {p}/{n}" for k, (p, n) in s["by_kind"].items())
        rows.append(f"| {name} | {s['n']} | {s['pass_rate']:.3f} | {s['wrong_totals']} | {kinds} |")
    return "\n".join(rows)


def chinese_scores(bot, path: Path) -> dict:
    """Pass rate, top clause at 1 and within 3, exact totals, declines and in-scope questions wrongly declined."""
    results, top1, top3 = [], 0, 0
    for case in read_cases(path):
        answer = bot.ask(case.q, today=date.fromisoformat(case.as_of) if case.as_of else AS_OF)
        results.append(check(answer, case))
        ids = [h.clause.id for h in answer.citations][:3]
        top1 += bool(case.top and ids and same_line(ids[0], case.top))
        top3 += bool(case.top and any(same_line(i, case.top) for i in ids))
    declined = [r for r in results if "not declined" not in r.failures and r.case.decline]
    wrongly = [r for r in results if not r.case.decline and "declined" in r.failures]
    return {"n": len(results), "pass_rate": score(results)["pass_rate"], "top": sum(bool(r.case.top) for r in results),
            "hit1": top1, "hit3": top3, "totals": sum(r.case.total is not None for r in results),
            "totals_exact": sum(r.case.total is not None and not r.wrong_total for r in results),
            "out": sum(r.case.decline for r in results), "declined": len(declined),
            "in": sum(not r.case.decline for r in results), "wrongly": len(wrongly), "results": results}


def chinese_report(bot, sets: tuple[str, ...] = CHINESE_SETS) -> str:
    """One row per Chinese set: the figures the Chinese targets are stated in."""
    rows = ["| set | cases | pass rate | Hit@1 | Hit@3 | totals exact | declined | wrongly declined |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, path in _set_files(sets):
        s = chinese_scores(bot, path)
        rows.append(f"| {name} | {s['n']} | {s['pass_rate']:.3f} | {s['hit1']}/{s['top']} | {s['hit3']}/{s['top']} | "
                    f"{s['totals_exact']}/{s['totals']} | {s['declined']}/{s['out']} | {s['wrongly']}/{s['in']} |")
    return "\n".join(rows)


def retrieval_report(bot, sets: tuple[str, ...] = SETS) -> str:
    lines = ["| set | retriever | Hit@1 | Hit@3 | MRR | n |", "|---|---|---:|---:|---:|---:|"]
    for name, path in _set_files(sets):
        items = read_set(path)
        for label, weight in (("dense", 1.0), ("bm25", 0.0), ("hybrid", None)):
            m, _ = evaluate(bot.retriever, items, weight)
            lines.append(f"| {name} | {label} | {m['hit@1']:.3f} | {m['hit@3']:.3f} | {m['mrr']:.3f} | {m['n']} |")
    return "\n".join(lines)


def report(bot=None, sets: tuple[str, ...] = SETS, advisor: tuple[str, ...] = ADVISOR_SETS,
           chinese: tuple[str, ...] = CHINESE_SETS) -> str:
    """A Markdown report; builds the bot (and index) if none is given."""
    if bot is None:
        from bot.policybot import PolicyBot

        bot = PolicyBot()
    return ("Advice\n\n" + advisor_report(bot, advisor) + "\n\nChinese questions\n\n" + chinese_report(bot, chinese)
            + "\n\nRetrieval\n\n" + retrieval_report(bot, sets))
