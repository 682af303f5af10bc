"""`policybot eval`: advisor pass rates on the blind advisor sets, and retrieval scores on the labelled sets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import config
from bot.advice import check, read_cases, score
from index.evaluate import evaluate, read_set

SETS = ("dev", "check", "holdout")
ADVISOR_SETS = ("advisor-dev", "advisor-test", *(f"advisor-check{n}" for n in ("", *range(2, 13))),
                "advisor-final")  # in the order they were written; "final" is the last blind set
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


def retrieval_report(bot, sets: tuple[str, ...] = SETS) -> str:
    lines = ["| set | retriever | Hit@1 | Hit@3 | MRR | n |", "|---|---|---:|---:|---:|---:|"]
    for name, path in _set_files(sets):
        items = read_set(path)
        for label, weight in (("dense", 1.0), ("bm25", 0.0), ("hybrid", None)):
            m, _ = evaluate(bot.retriever, items, weight)
            lines.append(f"| {name} | {label} | {m['hit@1']:.3f} | {m['hit@3']:.3f} | {m['mrr']:.3f} | {m['n']} |")
    return "\n".join(lines)


def report(bot=None, sets: tuple[str, ...] = SETS, advisor: tuple[str, ...] = ADVISOR_SETS) -> str:
    """A Markdown report; builds the bot (and index) if none is given."""
    if bot is None:
        from bot.policybot import PolicyBot

        bot = PolicyBot()
    return "Advice\n\n" + advisor_report(bot, advisor) + "\n\nRetrieval\n\n" + retrieval_report(bot, sets)
