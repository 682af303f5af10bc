"""Shared fixtures: the real corpus, the real model, one real index built per session in a temp folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    """Nothing a test does lands in the project's own var/ or in a database the environment names."""
    monkeypatch.setenv("POLICYBOT_HOME", str(tmp_path / "home"))
    for name in ("POLICYBOT_DATABASE_URL", "POLICYBOT_LOG_QUESTIONS", "POLICYBOT_RETENTION_DAYS", "POLICYBOT_AUTH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def docs():
    from ingest.corpus import load_corpus
    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def embedder():
    from index.embed import Embedder
    return Embedder()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, docs, embedder):
    from index.build import build
    folder = tmp_path_factory.mktemp("index") / "index"
    build(folder, docs, embedder)
    return folder


@pytest.fixture(scope="session")
def bot(index_dir, embedder):
    from bot.policybot import PolicyBot
    return PolicyBot(corpus=CORPUS, index=index_dir, embedder=embedder, rebuild=False)


@pytest.fixture()
def index_copy(tmp_path, index_dir):
    """A private copy of the built index, for tests that damage it."""
    target = tmp_path / "index"
    shutil.copytree(index_dir, target)
    return target


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server for the session; missing binaries fail the tests unless POLICYBOT_SKIP_PG=1."""
    if os.environ.get("POLICYBOT_SKIP_PG") == "1":
        pytest.skip("POLICYBOT_SKIP_PG=1: PostgreSQL tests skipped")
    import pgserver

    try:
        server = pgserver.start()
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield server
    pgserver.remove(server)
