"""The `policybot` CLI contract, run as a real subprocess: single question, batch, errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


def run(args, tmp_path, stdin: bytes = b"", env_extra=None):
    env = {**os.environ, "POLICYBOT_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, cwd=REPO,
                          env=env, timeout=300)


def check_contract(obj):
    assert set(obj) == {"question", "answer", "abstained", "route", "citations", "calculation", "alternatives", "clarify", "verdict", "policy",
                        "language"}
    assert isinstance(obj["abstained"], bool) and isinstance(obj["citations"], list)
    for c in obj["citations"]:
        assert set(c) == {"id", "doc", "doc_title", "status", "section", "text", "score"}
    assert set(obj["policy"]) == {"title", "effective_from", "effective_until", "expired", "as_of", "doc", "status", "superseded_by"}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("cli")


def test_single_question_json(home):
    out = run(["ask", "--json", "We have three green building retrofit projects, what is the most we can get?"], home)
    assert out.returncode == 0, out.stderr.decode()
    obj = json.loads(out.stdout)
    check_contract(obj)
    assert obj["calculation"]["total_yuan"] == 15_000_000 and obj["citations"][0]["id"] == "II.B.4(3)"


def test_batch_mode_one_object_per_line(home):
    lines = b"drone support?\n\xff\xfe broken\nWhat is the VAT rate?\n\nII.B.4(2)\n"
    out = run(["ask", "--json"], home, stdin=lines)
    assert out.returncode == 0, out.stderr.decode()
    objs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(objs) == 5  # one line out per line in, the blank one included
    assert objs[1]["error"].startswith("line 2 is not valid UTF-8") and objs[3]["error"] == "line 4 is blank; nothing to answer"
    for obj in (objs[0], objs[2], objs[4]):
        check_contract(obj)
    assert objs[0]["citations"][0]["id"] == "II.A.2(2)-b" and objs[2]["abstained"] and objs[4]["citations"][0]["id"] == "II.B.4(2)"


def test_human_output_and_ingest_summary(home):
    out = run(["ask", "Can a company registered in Minhang apply?"], home)
    assert out.returncode == 0 and "I.B" in out.stdout.decode()
    summary = run(["ingest", "--show", "II.B.4"], home)
    assert "II.B.4(3)" in summary.stdout.decode() and "¥5,000,000" in summary.stdout.decode()


def test_cannot_start_gives_one_line_and_nonzero(home, tmp_path):
    out = run(["ask", "--json", "hello"], home, env_extra={"POLICYBOT_CORPUS": str(tmp_path / "nowhere")})
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode().strip().count("\n") == 0 and "no corpus folder" in out.stderr.decode()


def test_bad_model_weights_refuse_to_start(home, tmp_path):
    bad = tmp_path / "model"
    bad.mkdir()
    (bad / "config.json").write_text("{}")
    out = run(["ask", "--json", "hello"], home, env_extra={"POLICYBOT_EMBED_MODEL": str(bad)})
    assert out.returncode == 2 and "cannot load embedding model" in out.stderr.decode()


def test_serve_starts_the_app(home):
    import socket
    import time
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "POLICYBOT_HOME": str(home / "home"), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, status = time.monotonic() + 120, None
        while time.monotonic() < deadline and status != 200 and proc.poll() is None:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).status
            except OSError:
                time.sleep(1)
        assert status == 200, proc.stdout.read().decode() if proc.poll() is not None else "app not ready in time"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_feedback_export_and_insights_on_sqlite(tmp_path):
    from bot.store import open_store
    from bot.usage import LoggedAnswer, Rating, now

    store = open_store(url="", sqlite_path=tmp_path / "home" / "var" / "policybot.sqlite3")
    store.prepare()
    store.log(LoggedAnswer("a1", now(), "What is the VAT rate?", "en", "decline", (), True, 12, "test"))
    store.rate(Rating.checked("a1", -1, "=not covered"))
    out = run(["feedback", "export", "--out", str(tmp_path / "f.csv")], tmp_path)
    assert out.returncode == 0 and "wrote 1 rows from SQLite" in out.stdout.decode()
    rows = (tmp_path / "f.csv").read_text().splitlines()
    assert rows[0].startswith("answer_id,") and rows[1].startswith("a1,") and ",'=not covered," in rows[1]
    summary = run(["insights"], tmp_path, env_extra={"COLUMNS": "200"})
    assert summary.returncode == 0 and "what is the vat rate" in summary.stdout.decode()


def test_bad_store_settings_give_one_line(tmp_path):
    out = run(["insights"], tmp_path, env_extra={"POLICYBOT_DATABASE_URL": "mysql://db/x"})
    assert out.returncode == 2 and "must start with postgresql://" in out.stderr.decode()
    out = run(["feedback", "export"], tmp_path, env_extra={"POLICYBOT_RETENTION_DAYS": "soon"})
    assert out.returncode == 2 and "POLICYBOT_RETENTION_DAYS must be a whole number" in out.stderr.decode()


def test_chinese_question_json_and_language_switch(home):
    out = run(["ask", "--json", "我们有两个低空经济项目，最多能拿多少？"], home)
    assert out.returncode == 0, out.stderr.decode()
    obj = json.loads(out.stdout)
    check_contract(obj)
    assert obj["language"] == "zh" and obj["calculation"]["total_yuan"] == 20_000_000 and "2,000万元" in obj["answer"]
    english = json.loads(run(["ask", "--json", "--lang", "en", "我们有两个低空经济项目，最多能拿多少？"], home).stdout)
    assert english["language"] == "en" and "Up to" in english["answer"]
