"""The usage store, the same tests on SQLite and on a real PostgreSQL: log, rate, export, purge, insights, migrate."""
from __future__ import annotations

import csv
import io
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from bot.recorder import Recorder
from bot.store import Store, open_store
from bot.usage import BadRating, LoggedAnswer, Rating, StoreError, StoreUnavailable, UnknownAnswer, now

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def make_store(request, tmp_path, url: str | None = None, **settings) -> Store:
    """A store on the engine under test; PostgreSQL gets a fresh database unless `url` names one."""
    if request.param == "sqlite":
        return open_store(url="", sqlite_path=tmp_path / "var" / "policybot.sqlite3", **settings)
    return open_store(url=url or request.getfixturevalue("postgres").new_database(), **settings)


@pytest.fixture(params=ENGINES)
def engine(request):
    return request


@pytest.fixture()
def store(engine, tmp_path):
    s = make_store(engine, tmp_path)
    s.prepare()
    yield s
    s.engine.close()


@dataclass(frozen=True)
class Answered:
    """The parts of the bot's Answer the log reads."""

    route: str = "retrieval"
    citations: tuple = ()
    abstained: bool = False


def entry(answer_id: str, question: str | None = "drone support?", cited=("II.A.2(2)-b",), abstained=False,
          route="retrieval", days_ago: float = 0) -> LoggedAnswer:
    return LoggedAnswer(answer_id, now() - timedelta(days=days_ago), question, "en", route, tuple(cited), abstained,
                        25, "test")


def test_log_and_rate_round_trip(store):
    store.log(entry("a1"))
    store.log(entry("a1", question="a retried write"))  # same id: kept once
    store.rate(Rating.checked("a1", 1, "clear"))
    store.rate(Rating.checked("a1", -1))  # a second rating replaces the first
    assert store.answer_ids() == {"a1"} and store.ratings() == {"a1": -1}


def test_any_text_is_stored(store):
    from bot.usage import MAX_TEXT

    odd = "drone\x00 support? 我们 <b>|</b> " + "x" * 10_000
    store.log(replace(entry("a1"), question=odd[:MAX_TEXT].replace("\x00", "")))
    store.log(LoggedAnswer.of("a2", odd, Answered(), 3, "test"))
    store.rate(Rating.checked("a2", -1, "\x00" + "y" * 10_000))
    out = io.StringIO()
    store.export_csv(out)
    row = list(csv.reader(io.StringIO(out.getvalue())))[1]
    assert row[0] == "a2" and len(row[3]) == MAX_TEXT and row[5].startswith("drone support? 我们 <b>|</b>")
    assert row[6] == "zh"


def test_unknown_answer_and_bad_rating_are_refused(store):
    with pytest.raises(UnknownAnswer, match="send the `id` that /ask returned"):
        store.rate(Rating.checked("nosuchanswer", 1))
    for bad in (0, 2, "1", True, None):
        with pytest.raises(BadRating, match="1 \\(thumbs up\\) or -1"):
            Rating.checked("a1", bad)
    with pytest.raises(UnknownAnswer):
        Rating.checked("'; DROP TABLE feedback; --", 1)
    assert store.ratings() == {}


def test_export_has_answer_ids_and_defuses_formulas(store):
    store.log(entry("a1", question="<script>alert(1)</script>", cited=("II.B.4(3)", "II.B.4")))
    store.rate(Rating.checked("a1", -1, '=HYPERLINK("x")'))
    store.log(entry("a2"))  # answered but never rated: not in the feedback export
    out = io.StringIO()
    assert store.export_csv(out) == 1
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    got = dict(zip(header, row))
    assert got["answer_id"] == "a1" and got["rating"] == "-1" and got["comment"].startswith("'=")
    assert got["question"] == "<script>alert(1)</script>" and got["cited_ids"] == "II.B.4(3) II.B.4"


def test_question_text_is_not_kept_when_told(engine, tmp_path):
    s = make_store(engine, tmp_path, keep_text=False)
    s.prepare()
    s.log(entry("a1", question="my company's secret plan", abstained=True, route="decline"))
    s.rate(Rating.checked("a1", -1))
    out = io.StringIO()
    s.export_csv(out)
    summary = s.insights()
    s.engine.close()
    assert "secret" not in out.getvalue() and "II.A.2(2)-b" in out.getvalue()
    assert summary.declined[0].text == "" and summary.thumbs_down[0].question is None


def test_retention_purges_old_answers_and_their_ratings(engine, tmp_path):
    s = make_store(engine, tmp_path, retention_days=30)
    s.prepare()
    s.log(entry("old", days_ago=31))
    s.log(entry("new", days_ago=29))
    for answer_id in ("old", "new"):
        s.rate(Rating.checked(answer_id, 1))
    assert s.purge() == 1
    ids, ratings = s.answer_ids(), s.ratings()
    s.engine.close()
    assert ids == {"new"} and ratings == {"new": 1}


def test_insights_read_the_logged_rows(store):
    store.log(entry("a1", cited=("II.B.4(3)", "II.B.4")))
    store.log(entry("a2", cited=("II.B.4(3)",)))
    store.log(entry("a3", question="What's the VAT rate?", cited=(), abstained=True, route="decline"))
    store.log(entry("a4", question="  what's the  VAT rate ", cited=(), abstained=True, route="retrieval"))
    store.log(entry("a5", question="Who won the match?", cited=(), abstained=True, route="decline", days_ago=3))
    store.rate(Rating.checked("a2", -1, "wrong cap"))
    store.rate(Rating.checked("a1", 1))
    s = store.insights(days=30)
    assert [(d.questions, d.declined) for d in s.per_day] == [(1, 1), (4, 2)]
    assert s.top_clauses[:2] == (("II.B.4(3)", 2), ("II.B.4", 1))
    assert (s.declined[0].text, s.declined[0].count, s.declined[0].routes) == ("what s the vat rate", 2,
                                                                             "decline retrieval")
    assert [(t.answer_id, t.question, t.comment) for t in s.thumbs_down] == [("a2", "drone support?", "wrong cap")]
    assert [len(rows) for _, _, rows in s.tables()] == [2, 2, 2, 1]


def test_concurrent_writes_lose_nothing(store):
    def work(i):
        for j in range(15):
            store.log(entry(f"t{i}-{j}"))
            store.rate(Rating.checked(f"t{i}-{j}", 1 if j % 2 else -1))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(store.answer_ids()) == 90 and len(store.ratings()) == 90


def test_replicas_starting_together_migrate_once(engine, tmp_path):
    shared = engine.getfixturevalue("postgres").new_database() if engine.param == "postgres" else None
    stores = [make_store(engine, tmp_path, url=shared) for _ in range(4)]
    ran, barrier = [], threading.Barrier(len(stores))

    def start(s):
        barrier.wait()
        ran.append(s.prepare())

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for s in stores:
        s.engine.close()
    assert sorted(ran) == [[], [], [], [1]]


def test_a_newer_schema_is_refused(store):
    with store.engine.transaction() as cur:
        cur.execute("INSERT INTO schema_version (version, name) VALUES (99, 'from the future')")
    fresh = Store(store.engine)
    with pytest.raises(StoreError, match="newer than this PolicyBot knows"):
        fresh.prepare()


def test_old_feedback_file_is_imported(tmp_path):
    legacy = tmp_path / "var" / "feedback.sqlite3"
    legacy.parent.mkdir(parents=True)
    with sqlite3.connect(legacy) as db:
        db.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, "
                   "rating INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, cited_ids TEXT NOT NULL)")
        db.execute("INSERT INTO feedback (created_at, rating, question, answer, cited_ids) VALUES "
                   "('2026-11-01T10:00:00Z', -1, 'drone support?', 'an answer', '[\"II.A.2(2)-b\"]')")
    s = open_store(url="", sqlite_path=tmp_path / "var" / "policybot.sqlite3")
    assert s.prepare() == [1] and s.prepare() == []  # imported once, with the schema
    out = io.StringIO()
    s.export_csv(out)
    assert s.ratings() == {"legacy-1": -1} and "drone support?" in out.getvalue() and "II.A.2(2)-b" in out.getvalue()


def test_locked_sqlite_is_unavailable_not_an_error(tmp_path):
    s = open_store(url="", sqlite_path=tmp_path / "db.sqlite3")
    s.prepare()
    s.engine.timeout = 0.2
    holder = sqlite3.connect(tmp_path / "db.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable, match="locked"):
            s.log(entry("a1"))
    finally:
        holder.rollback()
        holder.close()
    s.log(entry("a1"))
    assert s.answer_ids() == {"a1"}


def test_unknown_database_url_is_refused():
    with pytest.raises(StoreError, match="must start with postgresql://"):
        open_store(url="mysql://db/policybot")


def test_recorder_pauses_once_and_catches_up(tmp_path, caplog):
    blocker = tmp_path / "var"
    blocker.write_text("a file where the folder should be")
    recorder = Recorder(open_store(url="", sqlite_path=blocker / "policybot.sqlite3"), backoff=(0.05, 0.2)).start()
    try:
        with caplog.at_level(logging.WARNING, logger="policybot.store"):
            assert [recorder.log(entry(f"a{i}")) for i in range(5)] == [False] * 5
            assert recorder.paused
            time.sleep(0.3)
            blocker.unlink()  # the database is reachable again
            deadline = time.monotonic() + 10
            while (recorder.pending or recorder.paused) and time.monotonic() < deadline:
                time.sleep(0.05)
        assert recorder.store.answer_ids() == {f"a{i}" for i in range(5)} and not recorder.paused
        assert caplog.text.count("question logging paused") == 1 and "5 queued answers written" in caplog.text
    finally:
        recorder.close()


def test_recorder_queue_is_bounded(tmp_path):
    blocker = tmp_path / "var"
    blocker.write_text("x")
    recorder = Recorder(open_store(url="", sqlite_path=blocker / "db.sqlite3"), queue_size=3, backoff=(5, 5))
    for i in range(5):
        recorder.log(entry(f"a{i}"))
    assert [e.answer_id for e in recorder.pending] == ["a2", "a3", "a4"]


@pytest.mark.postgres
def test_unreachable_postgres_never_holds_an_answer(tmp_path, caplog):
    dead = "postgresql://postgres@127.0.0.1:9/policybot"  # the discard port: nothing listens
    started = time.monotonic()
    recorder = Recorder(open_store(url=dead), backoff=(0.5, 1.0)).start()
    try:
        assert time.monotonic() - started < 10 and recorder.paused
        quick = time.monotonic()
        assert recorder.log(entry("a1")) is False and time.monotonic() - quick < 0.5
        with pytest.raises(StoreUnavailable):
            recorder.rate(Rating.checked("a1", 1))
        assert "password" not in caplog.text
    finally:
        recorder.close()


@pytest.mark.postgres
def test_postgres_restart_loses_no_queued_answer(postgres, caplog):
    recorder = Recorder(open_store(url=postgres.new_database()), backoff=(0.2, 1.0)).start()
    try:
        assert recorder.log(entry("before")) is True
        postgres.stop()
        try:
            written = [recorder.log(entry(f"down{i}")) for i in range(3)]
        finally:
            postgres.start()
        assert written == [False] * 3
        deadline = time.monotonic() + 30
        while (recorder.pending or recorder.paused) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert recorder.store.answer_ids() == {"before", "down0", "down1", "down2"}
        recorder.rate(Rating.checked("down1", -1))
        assert recorder.store.ratings() == {"down1": -1}
    finally:
        recorder.close()


def test_recorder_never_raises_on_a_refused_row(tmp_path, caplog, monkeypatch):
    recorder = Recorder(open_store(url="", sqlite_path=tmp_path / "db.sqlite3")).start()

    def refuse(entry):
        raise ValueError("the database refuses this row")

    try:
        monkeypatch.setattr(recorder.store, "log", refuse)
        assert recorder.log(entry("a1")) is False and not recorder.paused and not recorder.pending
        assert "question log entry a1 not written" in caplog.text
    finally:
        recorder.close()
