"""Two `policybot serve` replicas on one PostgreSQL: questions and ratings sent to both at once, one replica
killed with SIGKILL mid-run, and every answer id and rating either acknowledged is found in the database."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest

from apphelpers import free_port, wait_until_up
from tests.conftest import REPO

gradio_client = pytest.importorskip("gradio_client")
pytestmark = pytest.mark.postgres

QUESTIONS = ["What support is there for drone companies?", "Can my company apply?", "What is the VAT rate?",
             "We have three green building retrofit projects, what is the most we can get?",
             "What support is there for fintech companies?"]
PER_WORKER = 5
TIMEOUT = 60  # seconds for one request; a request to the killed replica fails fast instead


def serve(home, url: str, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "POLICYBOT_HOME": str(home), "POLICYBOT_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=REPO, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}/"


@pytest.fixture()
def replicas(tmp_path, postgres, index_dir):
    """Two replicas, each with its own POLICYBOT_HOME (a copy of the session's index), one database URL."""
    url = postgres.new_database()
    with ExitStack() as stack:
        procs, urls = [], []
        for name in ("a", "b"):
            home = tmp_path / name
            shutil.copytree(index_dir, home / "var" / "index")
            log = stack.enter_context(open(tmp_path / f"{name}.log", "wb"))
            proc, app_url = serve(home, url, log)
            stack.callback(lambda p=proc: (p.poll() is None and p.kill(), p.wait(timeout=30)))
            procs.append(proc)
            urls.append(app_url)
        for proc, app_url, name in zip(procs, urls, "ab"):
            try:
                wait_until_up(app_url, timeout=240)
            except OSError:
                pytest.fail(f"replica {name} did not start:\n" + (tmp_path / f"{name}.log").read_text()[-3000:])
        yield procs, urls, url


def test_killed_replica_loses_nothing_acknowledged(replicas, tmp_path):
    from bot.store import open_store

    procs, urls, url = replicas
    clients = [gradio_client.Client(u, verbose=False) for u in urls]
    acked_answers, acked_ratings, lock = {}, {}, threading.Lock()  # answer id -> replica; answer id -> rating
    sent_to_a = set()  # answer ids whose rating went through replica a, which is never killed
    b_answered, b_killed = threading.Event(), threading.Event()

    def worker(replica: int, offset: int) -> None:
        for i in range(PER_WORKER):
            if replica == 1 and b_killed.is_set():
                return
            q = QUESTIONS[(i + offset) % len(QUESTIONS)]
            try:
                body = clients[replica].submit(q, api_name="/ask").result(timeout=TIMEOUT)
            except Exception:  # the killed replica: nothing was acknowledged
                continue
            with lock:
                acked_answers[body["id"]] = replica
                if replica == 1 and sum(r == 1 for r in acked_answers.values()) >= 3:
                    b_answered.set()
            rating, via = (1 if i % 2 else -1), (replica + i) % 2  # every other rating goes through the other replica
            if via == 0:
                with lock:
                    sent_to_a.add(body["id"])
            try:
                clients[via].submit(body["id"], rating, f"from {replica}", api_name="/feedback").result(timeout=TIMEOUT)
            except Exception:
                continue
            with lock:
                acked_ratings[body["id"]] = rating

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(worker, r, w) for r in (0, 1) for w in (0, 2)]
        assert b_answered.wait(timeout=180), "replica b answered fewer than 3 questions"
        inflight = [clients[1].submit(q, api_name="/ask") for q in QUESTIONS[:2]]
        time.sleep(0.05)  # sent, not yet answered
        os.kill(procs[1].pid, signal.SIGKILL)
        b_killed.set()
        for f in futures:
            f.result(timeout=300)
    for job in inflight:
        try:
            acked_answers[job.result(timeout=TIMEOUT)["id"]] = 1  # answered before the kill: must be logged
        except Exception:
            pass
    for c in clients:
        c.close()

    store = open_store(url=url)
    try:
        logged, ratings = store.answer_ids(), store.ratings()
        with store.engine.transaction() as cur:
            cur.execute("SELECT COUNT(DISTINCT replica) FROM question_log")
            replicas_seen = cur.fetchone()[0]
    finally:
        store.engine.close()
    assert procs[1].wait(timeout=30) == -signal.SIGKILL and procs[0].poll() is None
    assert set(acked_answers) <= logged, "acknowledged answers missing from the question log"
    assert {a: ratings.get(a) for a in acked_ratings} == acked_ratings, "acknowledged ratings missing"
    assert replicas_seen == 2 and sum(r == 0 for r in acked_answers.values()) == 2 * PER_WORKER
    assert sent_to_a <= set(acked_ratings), "a rating sent to the surviving replica was not acknowledged"
    print(f"\n{len(acked_answers)} answers and {len(acked_ratings)} ratings acknowledged, all in the database, "
          f"{time.monotonic() - started:.1f}s")
    check_cli(tmp_path, url, acked_ratings)


def check_cli(tmp_path, url: str, acked_ratings: dict) -> None:
    """`policybot feedback export` and `policybot insights` read the same PostgreSQL."""
    env = {**os.environ, "POLICYBOT_HOME": str(tmp_path / "cli"), "POLICYBOT_DATABASE_URL": url, "COLUMNS": "200"}
    out = tmp_path / "feedback.csv"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=120)

    export = run("feedback", "export", "--out", str(out))
    assert export.returncode == 0, export.stderr
    text = out.read_text()
    assert text.startswith("answer_id,") and all(a in text for a in acked_ratings)
    insights = run("insights")
    assert insights.returncode == 0, insights.stderr
    assert "Questions per day" in insights.stdout and "II.A.2(2)-b" in insights.stdout
    assert "vat rate" in insights.stdout.lower() and "Thumbs-down answers" in insights.stdout
