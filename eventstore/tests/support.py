"""Helpers for tests that write from several threads.

Every thread that touches the ORM or the recorders gets its own Django connection. On
PostgreSQL (CONN_MAX_AGE > 0) such a connection stays open after its thread ends, and an
open connection to the test database stops the test run from dropping it at the end.

- Threads we start ourselves close their connection on the way out (`closing_connection`,
  `run_in_other_thread`).
- For threads started by code we don't control (eventsourcing's test cases),
  `ThreadConnections` records every connection opened by another thread while it is
  active (Django's `connection_created` signal) and closes them when the test ends,
  after those threads have finished. It closes only connections this process opened:
  other sessions on the server (another test run, a benchmark) are never touched.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created


def join_threads_started_since(before: Iterable[threading.Thread], timeout: float = 30.0) -> None:
    """Wait for every thread that was not running at `before` (reader threads that a
    test told to stop but did not join, pool workers shutting down)."""
    known = set(before)
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread in known or thread is threading.current_thread():
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            raise AssertionError(f"thread {thread.name} still running {timeout}s after the test")


class ThreadConnections:
    """Use as a context manager around code that starts threads which use the database:
    on exit, waits for the threads started inside, then closes every connection they
    opened. `backend_pids` are the PostgreSQL sessions those connections had."""

    def __init__(self) -> None:
        self.owner = threading.current_thread()
        self.opened: list[Any] = []
        self.backend_pids: list[int] = []
        self._threads_before: set[threading.Thread] = set()

    def _record(self, sender: Any, connection: Any, **kwargs: Any) -> None:
        if threading.current_thread() is self.owner:
            return
        self.opened.append(connection)
        if connection.vendor == "postgresql":
            self.backend_pids.append(connection.connection.info.backend_pid)

    def __enter__(self) -> ThreadConnections:
        self._threads_before = set(threading.enumerate())
        connection_created.connect(self._record, weak=False, dispatch_uid=("thread-connections", id(self)))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            join_threads_started_since(self._threads_before)
        finally:
            connection_created.disconnect(dispatch_uid=("thread-connections", id(self)))
            self.close_all()

    def close_all(self) -> None:
        # The threads that opened these have ended: nobody else uses them, so they may
        # be closed from this thread (Django requires saying so: thread sharing).
        while self.opened:
            wrapper = self.opened.pop()
            wrapper.inc_thread_sharing()
            try:
                wrapper.close()
            finally:
                wrapper.dec_thread_sharing()


def open_backend_pids(pids: Iterable[int], alias: str = DEFAULT_DB_ALIAS, timeout: float = 5.0) -> list[int]:
    """Which of these PostgreSQL sessions are still connected (waiting up to `timeout`
    for closed ones to leave pg_stat_activity, which takes a moment)."""
    pids = list(pids)
    if not pids:
        return []
    deadline = time.monotonic() + timeout
    while True:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
            left = [row[0] for row in cursor.fetchall()]
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)


@contextmanager
def closing_connection(alias: str = DEFAULT_DB_ALIAS):
    """Close this thread's Django connection on the way out (use it in thread bodies)."""
    try:
        yield
    finally:
        connections[alias].close()


def run_in_other_thread(function: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Call `function` in a new thread (so on its own database connection, which it
    closes at the end) and return its result or raise its exception here."""
    outcome: dict[str, Any] = {}

    def body() -> None:
        with closing_connection():
            try:
                outcome["result"] = function()
            except BaseException as error:  # re-raised in the caller
                outcome["error"] = error

    thread = threading.Thread(target=body, name="other-connection")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise AssertionError(f"{function} did not finish within {timeout}s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
