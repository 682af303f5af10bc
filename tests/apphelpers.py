"""Shared helpers for the tests that drive the running web app (browser, API, load).

Plain functions, not fixtures: each test module wraps `running_app()` in its own fixture.
The PolicyBot is built once per test session with its index in a temporary folder, so no test
touches `var/`; every app gets its own usage database (SQLite) and POLICYBOT_HOME points to a
temporary folder while it runs.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@functools.lru_cache(maxsize=1)
def shared_bot():
    """One PolicyBot for the whole session, its index built in a temporary folder (removed at exit)."""
    from bot.policybot import PolicyBot

    index = Path(tempfile.mkdtemp(prefix="policybot-index-"))
    atexit.register(shutil.rmtree, index, True)
    return PolicyBot(index=index)


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


@dataclass
class RunningApp:
    url: str
    store: object  # the app's bot.store.Store
    home: Path
    demo: object
    bot: object


@contextmanager
def running_app(tmp: Path, staff: bool = False) -> Iterator[RunningApp]:
    """Serve `app.build(...)` on a free loopback port in a background thread; close it afterwards.

    `tmp` holds POLICYBOT_HOME and the usage database; `staff` adds the Insights tab.
    """
    import app
    from bot.recorder import Recorder
    from bot.store import open_store
    from bot.views import CSS

    home = Path(tmp) / "home"
    home.mkdir(parents=True, exist_ok=True)
    old_home = os.environ.get("POLICYBOT_HOME")
    os.environ["POLICYBOT_HOME"] = str(home)
    try:
        bot = shared_bot()
        recorder = Recorder(open_store(url="", sqlite_path=home / "var" / "policybot.sqlite3")).start()
        demo = app.build(bot, recorder, replica="test", staff=staff)
        last = None
        for _ in range(5):  # another process may take the port between free_port() and launch()
            port = free_port()
            try:
                demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, css=CSS,
                            quiet=True, show_error=False)
                break
            except OSError as err:
                last = err
        else:
            raise RuntimeError(f"could not start the app: {last}")
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_until_up(url)
            yield RunningApp(url, recorder.store, home, demo, bot)
        finally:
            demo.close()
            recorder.close()
    finally:
        if old_home is None:
            os.environ.pop("POLICYBOT_HOME", None)
        else:
            os.environ["POLICYBOT_HOME"] = old_home


def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, `p` in 0..100.

    >>> percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 95)
    (2, 4)
    """
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]
