"""Split text that is longer than the embedding model's window into overlapping windows."""
from __future__ import annotations

import re
from typing import Callable

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(*])")


def sentences(text: str) -> list[str]:
    """'Support A. Encourage B.' -> ['Support A.', 'Encourage B.']; colons after a bullet's lead split too."""
    parts = []
    for line in text.splitlines():
        for piece in SENTENCE_END.split(line):
            parts.extend(p.strip() for p in re.split(r"(?<=project):\s+", piece) if p.strip())
    return parts


def windows(text: str, count_tokens: Callable[[str], int], max_tokens: int = 256, overlap: int = 1) -> list[str]:
    """Whole `text` if it fits, else runs of sentences that fit, each repeating the last `overlap` sentences
    of the one before. A single sentence longer than the window is cut by words."""
    if count_tokens(text) <= max_tokens:
        return [text]
    pieces = [w for s in sentences(text) for w in _fit_words(s, count_tokens, max_tokens)]
    out, current = [], []
    for piece in pieces:
        if current and count_tokens(" ".join(current + [piece])) > max_tokens:
            out.append(" ".join(current))
            current = current[-overlap:] if overlap else []
            if count_tokens(" ".join(current + [piece])) > max_tokens:
                current = []
        current.append(piece)
    if current:
        out.append(" ".join(current))
    return out


def _fit_words(sentence: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    words, out, current = sentence.split(), [], []
    for word in words:
        if current and count_tokens(" ".join(current + [word])) > max_tokens:
            out.append(" ".join(current))
            current = []
        current.append(word)
    return out + ([" ".join(current)] if current else [])
