"""Where PolicyBot keeps things: paths from POLICYBOT_HOME (and POLICYBOT_CORPUS), nothing else."""
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


def feedback_db() -> Path:
    return home() / "var" / "feedback.sqlite3"
