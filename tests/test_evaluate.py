"""The evaluation report runs on the real bot, and the advisor checks fail answers that miss what a case requires."""
from __future__ import annotations

from datetime import date

from bot.advice import Case, check, score, same_line
from bot.evaluate import advisor_report, report
from index.evaluate import metrics, rank_of

AS_OF = date(2026, 11, 27)


def test_metrics_from_ranks():
    assert rank_of(["a", "b", "c"], ("c",)) == 3 and rank_of(["a"], ("z",)) is None
    m = metrics([1, 3, None, 2])
    assert (m["hit@1"], m["hit@3"], round(m["mrr"], 4), m["n"]) == (0.25, 0.75, round((1 + 1 / 3 + 1 / 2) / 4, 4), 4)


def test_a_sub_item_and_its_line_are_one_line():
    assert same_line("II.B.4(2)", "II.B.4") and same_line("II.B.4", "II.B.4(2)") and not same_line("II.B.4", "II.B.5")


def test_advisor_checks_pass_a_right_answer_and_fail_a_wrong_one(bot):
    right = Case("max for 3 green building retrofit projects?", "amount", top="II.B.4(3)", total=15_000_000)
    wrong = Case("max for 3 green building retrofit projects?", "amount", top="II.B.5", total=3_000_000,
                 alternatives=("II.A.2(1)-a",), must=("zebra",))
    answer = bot.ask(right.q, today=AS_OF)
    assert check(answer, right).passed
    failed = check(answer, wrong)
    assert failed.wrong_total and len(failed.failures) == 4
    assert score([check(answer, right), failed]) | {"by_kind": None} == {
        "n": 2, "passed": 1, "pass_rate": 0.5, "wrong_totals": 1, "by_kind": None}


def test_declines_and_questions_back_are_checked(bot):
    assert check(bot.ask("What's the weather tomorrow?", today=AS_OF), Case("weather", "decline", decline=True)).passed
    assert check(bot.ask("how much for 4 projects?", today=AS_OF), Case("4", "clarify", clarify=True)).passed
    assert not check(bot.ask("how much for 4 projects?", today=AS_OF), Case("4", "amount", total=20_000_000)).passed


def test_report_has_advice_and_all_three_retrievers(bot):
    text = report(bot, sets=("dev",), advisor=(), chinese=())
    assert all(f"| dev | {r} |" in text for r in ("dense", "bm25", "hybrid"))


def test_advisor_report_scores_every_case_of_a_set(bot):
    from bot.evaluate import eval_dir
    cases = sum(1 for line in (eval_dir() / "advisor-dev.jsonl").read_text("utf-8").splitlines() if line.strip())
    assert f"| advisor-dev | {cases} |" in advisor_report(bot, ("advisor-dev",))
