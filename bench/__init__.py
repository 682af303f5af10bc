"""PolicyBot benchmarks (`python -m bench`, `policybot bench`), and the timing helpers they share."""
from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "bench" / "eval"
K = 5  # results per query, as the bot cites
_STARTED = time.perf_counter()


def say(message: str) -> None:
    print(f"bench [{time.perf_counter() - _STARTED:5.0f} s]: {message}", file=sys.stderr, flush=True)


def timed(fn, *args, **kwargs):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def ms(seconds: list[float], q: float) -> float:
    """The q-th percentile of `seconds`, in milliseconds."""
    return float(np.percentile(np.asarray(seconds) * 1000, q))


def questions(*names: str) -> list[str]:
    """The "q" of every line of the named evaluation files, in order."""
    return [json.loads(line)["q"] for n in names for line in (EVAL / n).read_text("utf-8").splitlines() if line.strip()]


def forget(retriever) -> None:
    """Empty the retriever's query-vector cache, so a timed search embeds its query as a new question does."""
    cache = getattr(retriever, "query_vector", None)
    if hasattr(cache, "cache_clear"):
        cache.cache_clear()


def fmt(value) -> str:
    """3 significant digits (never 0.000), thousands separated; a tuple as 'a / b'."""
    if isinstance(value, tuple):
        return " / ".join(fmt(v) for v in value)
    if value >= 100:
        return f"{value:,.0f}"
    if value <= 0:
        return f"{value:g}"
    return f"{value:.{min(6, max(1, 2 - math.floor(math.log10(value))))}f}"  # 3 significant digits, never 0.000
