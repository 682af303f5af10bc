"""Where PolicyBot keeps things and what it logs: paths from POLICYBOT_HOME, the database URL, the logging settings."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def home() -> Path:
    """POLICYBOT_HOME, or the project folder."""
    return Path(os.environ.get("POLICYBOT_HOME") or REPO)


def corpus_dir() -> Path:
    return Path(os.environ.get("POLICYBOT_CORPUS") or REPO / "corpus")


def index_dir() -> Path:
    return home() / "var" / "index"


def usage_db() -> Path:
    """The SQLite question log and feedback, used when POLICYBOT_DATABASE_URL is not set."""
    return home() / "var" / "policybot.sqlite3"


def database_url() -> str | None:
    """POLICYBOT_DATABASE_URL=postgresql://user:password@host/db shares the log across replicas."""
    return os.environ.get("POLICYBOT_DATABASE_URL") or None


def log_questions() -> bool:
    """POLICYBOT_LOG_QUESTIONS=0 keeps routes and clause ids but no question text."""
    return os.environ.get("POLICYBOT_LOG_QUESTIONS", "1").strip().lower() not in ("0", "false", "no", "off")


def retention_days() -> int | None:
    """POLICYBOT_RETENTION_DAYS=N purges logged answers and ratings older than N days; unset keeps them."""
    raw = os.environ.get("POLICYBOT_RETENTION_DAYS", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"POLICYBOT_RETENTION_DAYS must be a whole number of days, 1 or more (got {raw!r})")
    return int(raw)
