"""The usage store: the question log and feedback over either engine, the CSV export and the staff summary.

Every method is one short transaction; nothing here runs while the bot is answering.
"""
from __future__ import annotations

import csv
from datetime import timedelta
from typing import IO

from bot.insights import Day, Declined, Insights, ThumbsDown
from bot.usage import LoggedAnswer, Rating, StoreError, UnknownAnswer, normalise, now

EXPORT_COLUMNS = ("answer_id", "rated_at", "rating", "comment", "asked_at", "question", "language", "route",
                  "cited_ids", "abstained", "latency_ms", "replica")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Store:
    """One interface over SQLiteEngine or PostgresEngine (bot.engines); `open_store()` picks from the settings."""

    def __init__(self, engine, keep_text: bool = True, retention_days: int | None = None):
        self.engine, self.keep_text, self.retention_days = engine, keep_text, retention_days

    def describe(self) -> str:
        return self.engine.describe()

    def prepare(self) -> list[int]:
        """Apply pending migrations and purge expired rows; raises StoreUnavailable when the database is down."""
        ran = self.engine.prepare(self.keep_text)
        self.purge()
        return ran

    def _sql(self, text: str) -> str:
        return text.replace("?", self.engine.param)

    def log(self, entry: LoggedAnswer) -> None:
        """Insert one answered question; writing the same answer id twice (a retried write) keeps the first."""
        e, question = self.engine, entry.question if self.keep_text else None
        with e.transaction() as cur:
            cur.execute(self._sql("INSERT INTO question_log (answer_id, asked_at, question, language, route, "
                                  "cited_ids, abstained, latency_ms, replica) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT (answer_id) DO NOTHING"),
                        (entry.answer_id, e.stamp(entry.asked_at), question, entry.language, entry.route,
                         e.ids(entry.cited_ids), entry.abstained, entry.latency_ms, entry.replica))

    def rate(self, rating: Rating) -> None:
        """Record a rating once it is committed; a second rating of the same answer replaces the first."""
        with self.engine.transaction() as cur:
            cur.execute(self._sql("SELECT 1 FROM question_log WHERE answer_id = ?"), (rating.answer_id,))
            if cur.fetchone() is None:
                raise UnknownAnswer(f"unknown answer id {rating.answer_id!r}; send the `id` that /ask returned "
                                    "(answers older than the retention period are purged)")
            cur.execute(self._sql("INSERT INTO feedback (answer_id, rating, comment, rated_at) VALUES (?, ?, ?, ?) "
                                  "ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, "
                                  "comment = excluded.comment, rated_at = excluded.rated_at"),
                        (rating.answer_id, rating.rating, rating.comment, self.engine.stamp(rating.rated_at)))

    def purge(self) -> int:
        """Delete answers (and their ratings) older than the retention period; returns how many answers went."""
        if not self.retention_days:
            return 0
        cutoff = self.engine.stamp(now() - timedelta(days=self.retention_days))
        with self.engine.transaction() as cur:
            cur.execute(self._sql("DELETE FROM feedback WHERE answer_id IN "
                                  "(SELECT answer_id FROM question_log WHERE asked_at < ?)"), (cutoff,))
            cur.execute(self._sql("DELETE FROM question_log WHERE asked_at < ?"), (cutoff,))
            return cur.rowcount

    def answer_ids(self) -> set[str]:
        with self.engine.transaction() as cur:
            cur.execute("SELECT answer_id FROM question_log")
            return {row[0] for row in cur.fetchall()}

    def ratings(self) -> dict[str, int]:
        """answer id -> rating, for checks and tests."""
        with self.engine.transaction() as cur:
            cur.execute("SELECT answer_id, rating FROM feedback")
            return {a: int(r) for a, r in cur.fetchall()}

    def export_csv(self, out: IO[str]) -> int:
        """Every rating with its logged answer as CSV; cells a spreadsheet would run as a formula get a leading '."""
        with self.engine.transaction() as cur:
            cur.execute("SELECT f.answer_id, f.rated_at, f.rating, f.comment, q.asked_at, q.question, q.language, "
                        "q.route, q.cited_ids, q.abstained, q.latency_ms, q.replica "
                        "FROM feedback f JOIN question_log q ON q.answer_id = f.answer_id ORDER BY f.rated_at")
            rows = cur.fetchall()
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([_inert(v) for v in self._plain(row)])
        return len(rows)

    def _plain(self, row: tuple) -> list:
        e = self.engine
        answer_id, rated, rating, comment, asked, question, language, route, cited, abstained, ms, replica = row
        return [answer_id, e.read_time(rated).isoformat(), rating, comment, e.read_time(asked).isoformat(), question,
                language, route, " ".join(e.read_ids(cited)), bool(abstained), ms, replica]

    def insights(self, days: int = 30, limit: int = 20) -> Insights:
        """The staff summary over the last `days` days, read from every replica's rows."""
        e, since = self.engine, self.engine.stamp(now() - timedelta(days=days))
        declined = "CASE WHEN abstained THEN 1 ELSE 0 END"
        with e.transaction() as cur:
            cur.execute(self._sql(f"SELECT {e.day}, COUNT(*), SUM({declined}) FROM question_log WHERE asked_at >= ? "
                                  f"GROUP BY {e.day} ORDER BY 1"), (since,))
            per_day = tuple(Day(d, int(n), int(x)) for d, n, x in cur.fetchall())
            cur.execute(self._sql(f"SELECT c.value, COUNT(*) FROM question_log, {e.cited_each} WHERE asked_at >= ? "
                                  "GROUP BY c.value ORDER BY 2 DESC, 1 LIMIT ?"), (since, limit))
            top = tuple((c, int(n)) for c, n in cur.fetchall())
            cur.execute(self._sql("SELECT question, route FROM question_log WHERE abstained = ? AND asked_at >= ?"),
                        (True, since))
            declined_rows = cur.fetchall()
            cur.execute(self._sql("SELECT f.answer_id, f.rated_at, q.question, q.route, q.cited_ids, f.comment "
                                  "FROM feedback f JOIN question_log q ON q.answer_id = f.answer_id "
                                  "WHERE f.rating = -1 AND f.rated_at >= ? ORDER BY f.rated_at DESC LIMIT ?"),
                        (since, limit))
            down = tuple(ThumbsDown(a, e.read_time(t), q, r, e.read_ids(c), m) for a, t, q, r, c, m in cur.fetchall())
        return Insights(days, per_day, top, group_declined(declined_rows, limit), down)


def group_declined(rows: list[tuple[str | None, str]], limit: int) -> tuple[Declined, ...]:
    """Declined (question, route) rows grouped by normalised text, most asked first.

    >>> group_declined([("VAT rate?", "decline"), ("vat  rate", "decline"), (None, "invalid")], 5)
    (Declined(text='vat rate', count=2, routes='decline'), Declined(text='', count=1, routes='invalid'))
    """
    groups: dict[str, tuple[int, set[str]]] = {}  # normalised text -> (count, routes)
    for question, route in rows:
        key = normalise(question)
        count, routes = groups.get(key, (0, set()))
        groups[key] = (count + 1, routes | {route})
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return tuple(Declined(text, count, " ".join(sorted(routes))) for text, (count, routes) in ranked)


def open_store(url: str | None = None, sqlite_path=None, keep_text: bool | None = None,
               retention_days: int | None = None) -> Store:
    """The store the settings name (bot.config), unprepared: call `prepare()`, or let a Recorder do it."""
    from bot import config
    from bot.engines import open_engine

    try:
        days = config.retention_days() if retention_days is None else retention_days
        engine = open_engine(config.database_url() if url is None else url, sqlite_path or config.usage_db())
    except ValueError as err:
        raise StoreError(str(err)) from None
    keep = config.log_questions() if keep_text is None else keep_text
    return Store(engine, keep, days)


def _inert(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
