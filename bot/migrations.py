"""The usage store's schema as numbered migrations, one SQL text per engine, and the runner that applies them."""
from __future__ import annotations

from dataclasses import dataclass

from bot.usage import StoreError

LOCK_KEY = 7_013_013  # the advisory lock every PostgreSQL replica takes while it migrates


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sqlite: str
    postgres: str


MIGRATIONS = (
    Migration(1, "question log and feedback", sqlite="""
        CREATE TABLE question_log (
            answer_id TEXT PRIMARY KEY,
            asked_at TEXT NOT NULL,
            question TEXT,
            language TEXT NOT NULL,
            route TEXT NOT NULL,
            cited_ids TEXT NOT NULL,
            abstained INTEGER NOT NULL,
            latency_ms INTEGER NOT NULL,
            replica TEXT NOT NULL
        );
        CREATE INDEX question_log_asked_at ON question_log (asked_at);
        CREATE TABLE feedback (
            answer_id TEXT PRIMARY KEY REFERENCES question_log (answer_id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
            comment TEXT,
            rated_at TEXT NOT NULL
        )""", postgres="""
        CREATE TABLE question_log (
            answer_id TEXT PRIMARY KEY,
            asked_at TIMESTAMPTZ NOT NULL,
            question TEXT,
            language TEXT NOT NULL,
            route TEXT NOT NULL,
            cited_ids JSONB NOT NULL,
            abstained BOOLEAN NOT NULL,
            latency_ms INTEGER NOT NULL,
            replica TEXT NOT NULL
        );
        CREATE INDEX question_log_asked_at ON question_log (asked_at);
        CREATE TABLE feedback (
            answer_id TEXT PRIMARY KEY REFERENCES question_log (answer_id) ON DELETE CASCADE,
            rating SMALLINT NOT NULL CHECK (rating IN (-1, 1)),
            comment TEXT,
            rated_at TIMESTAMPTZ NOT NULL
        )"""),
)
LATEST = MIGRATIONS[-1].version
VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"


def migrate(cur, engine: str) -> list[int]:
    """Apply the pending migrations on the cursor of a transaction the caller holds; returns the versions run.

    The caller serialises replicas (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL) and commits.
    """
    cur.execute(VERSION_TABLE)
    cur.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version")
    current = cur.fetchone()[0]
    if current > LATEST:
        raise StoreError(f"the database schema is version {current}, newer than this PolicyBot knows "
                         f"({LATEST}); upgrade PolicyBot before pointing it at this database")
    param = "?" if engine == "sqlite" else "%s"
    ran = []
    for m in MIGRATIONS:
        if m.version <= current:
            continue
        for statement in getattr(m, engine).split(";"):
            cur.execute(statement)
        cur.execute(f"INSERT INTO schema_version (version, name) VALUES ({param}, {param})", (m.version, m.name))
        ran.append(m.version)
    return ran
