"""`policybot eval`: retrieval (dense, BM25, hybrid) and answer-level scores on the labelled question sets."""
from __future__ import annotations

from pathlib import Path

from bot import config
from index.evaluate import Labelled, evaluate, read_set

SETS = ("dev", "check", "holdout")


def eval_dir() -> Path:
    return config.REPO / "tests" / "data" / "eval"


def answer_scores(bot, items: list[Labelled]) -> dict[str, float]:
    """Wrong answers to out-of-scope questions, wrong declines, top citation and total accuracy."""
    oos = [i for i in items if i.kind == "out_of_scope"]
    ins = [i for i in items if i.kind != "out_of_scope"]
    answered_oos = sum(not bot.ask(i.question).abstained for i in oos)
    declined, cited1, totals_ok = 0, 0, 0
    amounts = [i for i in ins if i.total_yuan is not None]
    for item in ins:
        a = bot.ask(item.question)
        declined += a.abstained
        cited1 += bool(a.citations) and a.citations[0].clause.id in item.ids
        if item.total_yuan is not None:
            totals_ok += bool(a.calculation) and a.calculation.total_yuan == item.total_yuan
    rate = lambda hits, n: hits / n if n else None  # noqa: E731 - a set without such questions has no rate
    return {
        "answered out-of-scope": rate(answered_oos, len(oos)), "declined in-scope": rate(declined, len(ins)),
        "top citation right": rate(cited1, len(ins)), "amount totals right": rate(totals_ok, len(amounts)),
        "n": len(items),
    }


def report(bot=None, sets: tuple[str, ...] = SETS) -> str:
    """A Markdown report; builds the bot (and index) if none is given."""
    if bot is None:
        from bot.policybot import PolicyBot
        bot = PolicyBot()
    lines = ["| set | retriever | Hit@1 | Hit@3 | MRR | n |", "|---|---|---:|---:|---:|---:|"]
    answers = ["| set | answered out-of-scope | declined in-scope | top citation right | amount totals right |",
               "|---|---:|---:|---:|---:|"]
    for name in sets:
        path = eval_dir() / f"{name}.jsonl"
        if not path.exists():
            continue
        items = read_set(path)
        for label, weight in (("dense", 1.0), ("bm25", 0.0), ("hybrid", None)):
            m, _ = evaluate(bot.retriever, items, weight)
            lines.append(f"| {name} | {label} | {m['hit@1']:.3f} | {m['hit@3']:.3f} | {m['mrr']:.3f} | {m['n']} |")
        s = answer_scores(bot, items)
        cells = ["–" if s[k] is None else f"{s[k]:.3f}" for k in
                 ("answered out-of-scope", "declined in-scope", "top citation right", "amount totals right")]
        answers.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n" + "\n".join(answers)
