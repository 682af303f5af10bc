"""The two engines under the usage store: an SQLite file (the default) and PostgreSQL through a connection pool.

Each gives the store the same few things: a transaction yielding a DB-API cursor, its placeholder, how it writes
times and clause-id lists, and the two SQL fragments where the engines differ. Connection faults come out as
StoreUnavailable, so the layer above can pause and retry without knowing the driver.
"""
from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from contextlib import closing, contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path

from bot.migrations import LOCK_KEY, migrate
from bot.usage import StoreError, StoreUnavailable

log = logging.getLogger("policybot.store")
LEGACY_COLUMNS = "id, created_at, rating, question, cited_ids"


class SQLiteEngine:
    """One file in WAL mode; every transaction opens its own connection, so threads never share one."""

    name, param = "sqlite", "?"
    day = "substr(asked_at, 1, 10)"
    cited_each = "json_each(question_log.cited_ids) AS c"  # rows of c.value, one per cited clause

    def __init__(self, path: Path, timeout: float = 5.0):
        self.path, self.timeout = Path(path), timeout

    def describe(self) -> str:
        return f"SQLite at {self.path}"

    @contextmanager
    def transaction(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except (sqlite3.Error, OSError) as err:
            raise StoreUnavailable(f"cannot open {self.path}: {err}") from None
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("BEGIN IMMEDIATE")  # take the write lock up front: no deadlock upgrading a read lock
            yield conn.cursor()
            conn.execute("COMMIT")
        except sqlite3.OperationalError as err:
            raise StoreUnavailable(f"cannot write {self.path}: {err}") from None
        finally:
            with suppress(sqlite3.Error):
                conn.rollback()
            conn.close()

    def prepare(self, keep_text: bool) -> list[int]:
        """WAL mode, then the pending migrations; a fresh file takes in the old feedback file's rows."""
        self._wal()
        with self.transaction() as cur:
            ran = migrate(cur, self.name)
            if 1 in ran:
                import_legacy(cur, self.path.with_name("feedback.sqlite3"), keep_text)
        return ran

    def _wal(self) -> None:
        """Switch the file to WAL. SQLite answers 'locked' at once, without waiting, while another replica switches
        it at the same moment, so this retries until `timeout`; a file already in WAL needs nothing."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path, timeout=self.timeout)) as conn:
                    conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise StoreUnavailable(f"cannot open {self.path}: {err}") from None
                time.sleep(0.05)
            except (sqlite3.Error, OSError) as err:
                raise StoreUnavailable(f"cannot open {self.path}: {err}") from None

    def stamp(self, when: datetime) -> str:
        return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def read_time(self, value: str) -> datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))

    def ids(self, cited: tuple[str, ...]) -> str:
        return json.dumps(list(cited))

    def read_ids(self, value: str) -> tuple[str, ...]:
        return tuple(json.loads(value))

    def close(self) -> None:
        pass


def import_legacy(cur, legacy: Path, keep_text: bool) -> int:
    """Copy the ratings of the feedback-only store (before schema 1) in, each as an answer `legacy-<id>`."""
    if not legacy.is_file():
        return 0
    try:
        with closing(sqlite3.connect(legacy)) as old:
            rows = old.execute(f"SELECT {LEGACY_COLUMNS} FROM feedback ORDER BY id").fetchall()
    except sqlite3.Error as err:
        log.warning("old feedback in %s not imported (%s); it is left as it was", legacy, err)
        return 0
    if not rows:
        return 0
    for row_id, created, rating, question, cited in rows:
        answer_id, stamp = f"legacy-{row_id}", created.replace("Z", ".000000Z")
        cur.execute("INSERT INTO question_log VALUES (?, ?, ?, 'en', 'legacy', ?, 0, 0, 'legacy')",
                    (answer_id, stamp, question if keep_text else None, cited))
        cur.execute("INSERT INTO feedback VALUES (?, ?, NULL, ?)", (answer_id, rating, stamp))
    log.warning("imported %d ratings from %s; that file is no longer used", len(rows), legacy)
    return len(rows)


class PostgresEngine:
    """A psycopg 3 connection pool; short connect and statement timeouts so no request waits on a dead server."""

    name, param = "postgres", "%s"
    day = "to_char(asked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    cited_each = "jsonb_array_elements_text(question_log.cited_ids) AS c(value)"

    def __init__(self, url: str, timeout: float = 3.0, max_size: int = 4):
        try:
            import psycopg  # noqa: F401
            from psycopg_pool import ConnectionPool
        except ImportError:
            raise StoreError("PostgreSQL needs psycopg 3; run `pip install 'psycopg[binary]' psycopg-pool`") from None
        logging.getLogger("psycopg.pool").setLevel(logging.ERROR)  # one line says logging paused, not one per retry
        self.url, self.timeout = url, timeout
        # Writes wait at most `timeout` for a lock; a long purge or summary gets a longer statement limit.
        options = f"-c statement_timeout={int(timeout * 5000)} -c lock_timeout={int(timeout * 1000)}"
        self.pool = ConnectionPool(url, min_size=1, max_size=max_size, timeout=timeout, open=False,
                                   kwargs={"connect_timeout": max(1, int(timeout)), "options": options},
                                   check=ConnectionPool.check_connection, reconnect_timeout=30, name="policybot")
        self.pool.open(wait=False)

    def describe(self) -> str:
        return f"PostgreSQL at {redact(self.url)}"

    @contextmanager
    def transaction(self):
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self.pool.connection() as conn, conn.cursor() as cur:  # commits on leaving, rolls back on error
                yield cur
        except (psycopg.OperationalError, PoolTimeout) as err:
            raise StoreUnavailable(f"{self.describe()}: {str(err).strip().splitlines()[0]}") from None

    def prepare(self, keep_text: bool) -> list[int]:
        """The pending migrations, under an advisory lock so replicas starting together migrate once."""
        with self.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            return migrate(cur, self.name)

    def stamp(self, when: datetime) -> datetime:
        return when

    def read_time(self, value: datetime) -> datetime:
        return value

    def ids(self, cited: tuple[str, ...]):
        from psycopg.types.json import Jsonb
        return Jsonb(list(cited))

    def read_ids(self, value: list) -> tuple[str, ...]:
        return tuple(value)

    def close(self) -> None:
        self.pool.close(timeout=2)


def redact(url: str) -> str:
    """A database URL fit for a log line.

    >>> redact("postgresql://bot:s3cret@db:5432/policybot"), redact("postgresql:///pb?user=bot&password=s3cret")
    ('postgresql://bot:***@db:5432/policybot', 'postgresql:///pb?user=bot&password=***')
    """
    return re.sub(r"(password=)[^&]*", r"\1***", re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url))


def open_engine(url: str | None, sqlite_path: Path):
    """PostgreSQL for a postgresql:// URL, else the SQLite file; any other URL is refused with what to set."""
    if not url:
        return SQLiteEngine(sqlite_path)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresEngine(url)
    raise ValueError(f"POLICYBOT_DATABASE_URL must start with postgresql:// (got {redact(url)!r}); "
                     "unset it to use the SQLite file under POLICYBOT_HOME")
