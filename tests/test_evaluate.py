"""The evaluation report runs on the real bot and its numbers are what the labelled sets say."""
from __future__ import annotations

from bot.evaluate import answer_scores, report
from index.evaluate import Labelled, metrics, rank_of


def test_metrics_from_ranks():
    assert rank_of(["a", "b", "c"], ("c",)) == 3 and rank_of(["a"], ("z",)) is None
    m = metrics([1, 3, None, 2])
    assert (m["hit@1"], m["hit@3"], round(m["mrr"], 4), m["n"]) == (0.25, 0.75, round((1 + 1 / 3 + 1 / 2) / 4, 4), 4)


def test_answer_scores_count_declines_and_totals(bot):
    items = [Labelled("What's the weather tomorrow?", "out_of_scope", ()),
             Labelled("max for 3 green building retrofit projects?", "amount", ("II.B.4(3)",), 15_000_000)]
    s = answer_scores(bot, items)
    assert (s["answered out-of-scope"], s["declined in-scope"], s["amount totals right"]) == (0.0, 0.0, 1.0)


def test_report_has_all_three_retrievers(bot):
    text = report(bot, sets=("dev",))
    assert all(f"| dev | {r} |" in text for r in ("dense", "bm25", "hybrid"))
