"""Thumbs up/down on answers, kept in SQLite (WAL), exported as CSV."""
from __future__ import annotations

import csv
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import IO

log = logging.getLogger("policybot.feedback")
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    cited_ids TEXT NOT NULL
)
"""
COLUMNS = ("id", "created_at", "rating", "question", "answer", "cited_ids")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FeedbackStore:
    """One SQLite file; every write opens its own connection, so threads never share one."""

    def __init__(self, path: Path, timeout: float = 5.0):
        self.path, self.timeout = Path(path), timeout
        self._lock = threading.Lock()
        self.ready = self._init()

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=self.timeout)

    def _init(self) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(SCHEMA)
            return True
        except (sqlite3.Error, OSError) as err:
            log.warning("feedback disabled: cannot open %s (%s)", self.path, err)
            return False

    def add(self, rating: int, question: str, answer: str, cited_ids: list[str]) -> bool:
        """Store one rating; False (and a logged warning) when the database is locked or read-only."""
        if rating not in (-1, 1):
            raise ValueError("rating is 1 (thumbs up) or -1 (thumbs down)")
        row = (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), rating, question, answer, json.dumps(cited_ids))
        try:
            with self._lock, self._connect() as db:
                db.execute("INSERT INTO feedback (created_at, rating, question, answer, cited_ids) VALUES (?, ?, ?, ?, ?)", row)
            return True
        except (sqlite3.Error, OSError) as err:
            log.warning("feedback not saved: %s (%s)", self.path, err)
            return False

    def rows(self) -> list[tuple]:
        if not self.path.exists():
            return []
        with self._connect() as db:
            return db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id").fetchall()

    def export_csv(self, out: IO[str]) -> int:
        """Write every row as CSV; cells that a spreadsheet would run as a formula are quoted with a leading '."""
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        rows = self.rows()
        for row in rows:
            writer.writerow([_inert(v) for v in row])
        return len(rows)


def _inert(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
