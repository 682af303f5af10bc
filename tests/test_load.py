"""50 concurrent questions through gradio_client against the running app: all right, none failing; p50/p95 latency.

Run with `pytest -s tests/test_load.py` to see the latencies; they are also written to artifacts/load.txt.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, wait

import pytest

from apphelpers import artifacts_dir, percentile, running_app

gradio_client = pytest.importorskip("gradio_client")

REQUESTS = 50
WORKERS = REQUESTS  # every question in flight at once; the app queues what exceeds its concurrency limit
PER_REQUEST_TIMEOUT = 120.0
TOTAL_TIMEOUT = 300.0


def green(n: int):
    return (f"We have {n} green building retrofit projects, what is the most we can get?",
            {"top": "II.B.4(3)", "total": n * 5_000_000})


def smart(n: int):
    return f"How much for {n} smart manufacturing projects?", {"top": "II.B.3(3)", "total": n * 5_000_000}


KINDS = [
    lambda i: green(1 + i % 4),                                                           # amount, 4 counts
    lambda i: ("What support is there for drone companies?", {"top": "II.A.2(2)-b", "abstained": False}),
    lambda i: ("When does the policy expire?", {"top": "preamble-2", "text": "Nov 14, 2026"}),
    lambda i: ("What support is there for fintech companies?", {"top": "II.A.2(4)-b", "abstained": False}),
    lambda i: smart(2 + i % 3),                                                           # amount, 3 counts
    lambda i: ("What is the capital of France?", {"abstained": True}),                    # declined
]


def cases() -> list[tuple[str, dict]]:
    return [KINDS[i % len(KINDS)](i // len(KINDS)) for i in range(REQUESTS)]


def check(body: dict, want: dict) -> None:
    ids = [c["id"] for c in body["citations"]]
    if "top" in want:
        assert ids and ids[0] == want["top"], (body["question"], ids)
    if "total" in want:
        assert body["calculation"] and body["calculation"]["total_yuan"] == want["total"], body["question"]
        assert f"{want['total']:,}" in body["answer"]
    if "abstained" in want:
        assert body["abstained"] is want["abstained"], body["question"]
    if "text" in want:
        assert want["text"] in body["answer"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("load")) as served:
        c = gradio_client.Client(served.url, verbose=False)
        try:
            c.predict("warm up", api_name="/ask")
            yield c
        finally:
            c.close()


def test_fifty_concurrent_questions(client):
    todo = cases()

    def one(question: str) -> tuple[dict, float]:
        start = time.perf_counter()
        body = client.submit(question, api_name="/ask").result(timeout=PER_REQUEST_TIMEOUT)
        return body, time.perf_counter() - start

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(one, q) for q, _ in todo]
        done, not_done = wait(futures, timeout=TOTAL_TIMEOUT)
        for f in not_done:
            f.cancel()
    wall = time.perf_counter() - started
    assert not not_done, f"{len(not_done)} of {REQUESTS} questions got no answer within {TOTAL_TIMEOUT:.0f}s"

    latencies = []
    errors = []
    for (question, want), future in zip(todo, futures):
        try:
            body, seconds = future.result()
            assert body["question"] == question
            check(body, want)
            latencies.append(seconds)
        except Exception as err:  # collect every failure, then report them together
            errors.append(f"{question!r}: {type(err).__name__}: {err}")
    assert not errors, "\n".join(errors)
    assert len(latencies) == REQUESTS

    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    report = (f"{REQUESTS} concurrent /ask questions ({len(KINDS)} kinds, {WORKERS} client threads): "
              f"p50 {p50:.2f}s, p95 {p95:.2f}s, max {max(latencies):.2f}s, wall {wall:.2f}s, "
              f"{REQUESTS / wall:.1f} questions/s\n")
    (artifacts_dir() / "load.txt").write_text(report)
    print("\n" + report, end="")
