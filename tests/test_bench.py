"""The benchmark runs end to end at tiny sizes and writes every row with positive numbers."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("gradio_client")

HEADLINE = [
    "Index build of corpus/ with model load",
    "Index build of corpus/ without model load",
    "Cold start: process start to first answer",
    "Cold start: process start to app ready",
    "Peak RSS of the serving app",
    "Warm ask() p50", "Warm ask() p95", "Warm ask() p99",
    "Bare embedder.encode([q]) p50",
    "ask() p50 / encode() p50",
    "Retriever.search() p50 / p95 on corpus/",
    "Default pipeline on corpus/",
    "End-to-end query p95 at 500 clauses",
    "HNSW recall@5 at 500 clauses",
]
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _numbers(cell: str) -> list[float]:
    return [float(n.replace(",", "")) for n in NUMBER.findall(cell)]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> str:
    from bench.run import run

    out = run(quick=True, out=tmp_path_factory.mktemp("bench") / "B.md")
    return out.read_text("utf-8")


def test_header_names_cores_and_model(report):
    assert re.search(r"^- \d+ cores", report, re.M)
    assert re.search(r"^- model \S+", report, re.M)


def test_headline_rows_have_positive_values(report):
    rows = {(_cells(line)[0]): _cells(line) for line in report.splitlines() if line.startswith("| ")}
    for label in HEADLINE:
        match = [cells for name, cells in rows.items() if name.startswith(label)]
        assert match, f"no row {label!r}"
        values = _numbers(match[0][1])
        assert values and all(v > 0 for v in values), (label, match[0][1])


@pytest.mark.parametrize("size", ["200", "500*"])
def test_scaling_rows_for_each_size(report, size):
    lines = [_cells(line) for line in report.splitlines() if line.startswith(f"| {size} |")]
    assert len(lines) == 2, f"expected a scaling row and a comparison row for {size}"
    for cells in lines:
        numbers = [v for cell in cells[1:] for v in _numbers(cell)]
        assert len(numbers) >= 6 and all(v > 0 for v in numbers), cells


def test_adding_one_policy_embeds_only_its_own_passages(report):
    section = report.split("## Adding one policy", 1)[1]
    rows = [_cells(line) for line in section.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert [r[0] for r in rows] == ["1", "3"]
    assert len({r[3] for r in rows}) == 1 and int(rows[0][3]) > 0  # the same new policy, embedded alone each time


def test_synthetic_corpus_is_deterministic_distinct_and_sliceable(docs):
    from bench.synthetic import source_text, synthetic_clauses

    first, again = synthetic_clauses(docs, 300, seed=7), synthetic_clauses(docs, 300, seed=7)
    assert first == again and first != synthetic_clauses(docs, 300, seed=8)
    assert [c.id for c in first[:3]] == ["syn-1", "syn-2", "syn-3"]
    assert len({c.text for c in first}) == 300
    text = source_text(first)
    assert all(text[c.start:c.end] == c.text for c in first)
