"""A throwaway PostgreSQL server for the tests: initdb in a temp folder, served on a unix socket there, removed after.

Uses the Debian `postgresql` package's initdb and pg_ctl; initdb refuses root, so as root they run as `postgres`.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

MISSING = ("PostgreSQL's initdb and pg_ctl were not found; install the Debian `postgresql` package "
           "(`apt-get install postgresql`, as .ci/run does), or set POLICYBOT_SKIP_PG=1 to skip these tests")


def bindir() -> Path | None:
    """The newest PostgreSQL bin folder, or the one initdb is found in on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    folder: Path
    bin: Path
    port: int
    as_user: list[str]  # the command prefix that runs a PostgreSQL binary as its owner

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"

    def new_database(self) -> str:
        """A fresh, empty database on this server; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def pg_ctl(self, *args: str) -> None:
        cmd = [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-t", "60", *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
        if done.returncode != 0:
            log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl {args[-1]} failed: {done.stderr.strip()}\n{log}")

    def start(self) -> None:
        opts = (f"-c listen_addresses='' -c unix_socket_directories={self.folder} -c port={self.port} "
                "-c fsync=off -c max_connections=60")
        self.pg_ctl("-o", opts, "-l", str(self.folder / "server.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "stop")


def start() -> Server:
    """initdb and start a server; raises RuntimeError naming what to install when the binaries are missing."""
    found = bindir()
    if found is None:
        raise RuntimeError(MISSING)
    folder = Path(tempfile.mkdtemp(prefix="pbpg-"))  # short: a unix socket path must stay under 108 bytes
    as_user = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    init = [*as_user, str(found / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync"]
    done = subprocess.run(init, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {done.stderr.strip()}")
    server = Server(folder, found, _free_port(), as_user)
    server.start()
    return server


def remove(server: Server) -> None:
    try:
        server.stop("immediate")  # its folder goes next: no need to checkpoint
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)
