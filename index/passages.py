"""The texts each clause contributes to the dense index: the whole clause in context, and its sentences."""
from __future__ import annotations

from typing import Callable

from ingest.clause import Clause
from ingest.windows import sentences, windows


def searchable(clause: Clause) -> bool:
    """Headings without a body of their own are browsed, never returned as answers."""
    return not clause.heading_only


def context(clause: Clause) -> str:
    """The nearest headings, most specific last: 'Aviation and transportation services'."""
    heads = [h.split(" ", 1)[-1] for h in clause.path[-2:]]
    return " > ".join(heads)


def passages(clause: Clause, count_tokens: Callable[[str], int], max_tokens: int = 256) -> list[str]:
    """['<context>: <whole clause>', '<context>: <sentence 1>', ...], each within the model's window.

    Sentence passages let a question about one topic of a long bullet match that topic
    without the bullet's other topics diluting the vector.
    """
    head = context(clause)
    prefix = f"{head}: " if head else ""
    out = windows(prefix + clause.text, count_tokens, max_tokens)
    parts = sentences(clause.text)
    if len(parts) > 1:
        out += [w for s in parts for w in windows(prefix + s, count_tokens, max_tokens)]
    return out
