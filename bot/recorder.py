"""The recorder between the app and the usage store: commit now when the database answers, else queue and retry.

An answer is never held back by the database: when a write fails, the recorder says once in the log that
logging is paused, keeps the entry in a bounded queue and a background thread retries with backoff.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque

from bot.usage import LoggedAnswer, Rating, StoreUnavailable

log = logging.getLogger("policybot.store")
DAY = 24 * 3600.0


class Recorder:
    """Owns one Store and the thread that retries its writes and purges expired rows once a day."""

    def __init__(self, store, queue_size: int = 10_000, backoff: tuple[float, float] = (0.5, 30.0),
                 purge_every: float = DAY):
        self.store, self.backoff, self.purge_every = store, backoff, purge_every
        self.pending: deque[LoggedAnswer] = deque(maxlen=queue_size)  # oldest dropped first when full
        self.ready = self.paused = False
        self.dropped = 0  # entries lost to a full queue since logging paused
        self._lock, self._flushing = threading.Lock(), threading.Lock()
        self._wake, self._stop = threading.Event(), threading.Event()
        self._next_purge = time.monotonic() + purge_every
        self._thread = threading.Thread(target=self._run, name="policybot-recorder", daemon=True)

    def start(self) -> "Recorder":
        """Migrate and purge now if the database answers; otherwise pause and let the thread keep trying."""
        try:
            self._prepare()
        except StoreUnavailable as err:
            self._pause(err)
        self._thread.start()
        return self

    def _prepare(self) -> None:
        if not self.ready:
            self.store.prepare()
            self.ready = True

    def log(self, entry: LoggedAnswer) -> bool:
        """True once the entry is committed; False when it waits in the queue. Never raises, never waits long."""
        failure = None
        if self.ready and not self.paused:
            try:
                self.store.log(entry)
                return True
            except StoreUnavailable as err:
                failure = err
            except Exception:  # a bug or a row the database refuses: the answer still goes out
                log.exception("question log entry %s not written", entry.answer_id)
                return False
        with self._lock:  # queued before pausing, so the thread never finds a pause with nothing to retry
            if len(self.pending) == self.pending.maxlen:
                self.dropped += 1
                if self.dropped == 1:
                    log.warning("question log queue full (%d); dropping the oldest entries", self.pending.maxlen)
            self.pending.append(entry)
        if failure is not None:
            self._pause(failure)
        self._wake.set()
        return False

    def rate(self, rating: Rating) -> None:
        """Commit a rating, or raise StoreUnavailable / UnknownAnswer; an answer still queued is written first."""
        self._prepare()
        with self._lock:
            queued = next((e for e in self.pending if e.answer_id == rating.answer_id), None)
        if queued is not None:
            self.store.log(queued)  # idempotent: the thread writing it again changes nothing
        self.store.rate(rating)
        if self.paused:
            self._wake.set()  # the database is back: let the thread flush and say so

    def close(self, flush_timeout: float = 5.0) -> None:
        """Stop the thread, write what is queued if the database answers, close the connections."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=flush_timeout)
        if self.pending and self.ready:
            try:
                self.flush()
            except StoreUnavailable:
                log.warning("%d queued answers not written: %s is unreachable", len(self.pending),
                            self.store.describe())
        self.store.engine.close()

    def _run(self) -> None:
        delay = self.backoff[0]
        while not self._stop.is_set():
            purge_due = time.monotonic() >= self._next_purge
            if self.ready and not self.pending and not purge_due and not self.paused:
                self._wake.wait(timeout=min(60.0, max(0.1, self._next_purge - time.monotonic())))
                self._wake.clear()
                continue
            try:
                self._catch_up(purge_due)
                delay = self.backoff[0]
            except StoreUnavailable as err:
                self._pause(err)
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff[1])
            except Exception:  # a bug must not end the thread that keeps the log
                log.exception("question log writer failed; retrying")
                self._stop.wait(self.backoff[1])

    def _catch_up(self, purge_due: bool) -> None:
        self._prepare()
        written = self.flush()
        if purge_due:
            self.store.purge()
            self._next_purge = time.monotonic() + self.purge_every
        if self.paused:
            lost, self.paused, self.dropped = self.dropped, False, 0
            log.warning("question logging resumed on %s; %d queued answers written%s", self.store.describe(), written,
                        f", {lost} dropped while the queue was full" if lost else "")

    def flush(self) -> int:
        """Write the queue oldest first; stops at the first failure, leaving the rest queued."""
        written = 0
        with self._flushing:
            while self.pending:
                entry = self.pending[0]
                try:
                    self.store.log(entry)
                except StoreUnavailable:
                    raise
                except Exception:  # one row the database refuses must not hold back the rest
                    log.exception("queued question log entry %s dropped", entry.answer_id)
                with self._lock:
                    if self.pending and self.pending[0] is entry:
                        self.pending.popleft()
                written += 1
        return written

    def _pause(self, err: Exception) -> None:
        with self._lock:
            first, self.paused = not self.paused, True
        if first:
            log.warning("question logging paused: %s; answers go on and writes are retried in the background", err)
