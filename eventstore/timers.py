"""Timers: automations driven by the clock instead of the log (a series makes its next
meetups as time passes, reminders go out a day before a meetup).

A timer is a function of the time now that the worker (`manage.py run_worker`) calls
every `every`; tests call `run_timers(now=...)` with a fixed clock (no sleeping). What a
timer does must be safe to do twice, at once, by two workers: it appends through
commands (a version conflict catches the race; decisions see what is made already) or
records mail under an outbox key that refuses a second row (eventstore/automations.py),
so running it again, or in two workers at the same moment, changes nothing more.

    @register_timer
    class SeriesAhead(Timer):
        name = "meetups.series-ahead"
        every = timedelta(minutes=1)

        def run(self, now, using): ...
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import datetime, timedelta
from typing import ClassVar

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

log = logging.getLogger(__name__)


class Timer(ABC):
    name: ClassVar[str]
    every: ClassVar[timedelta] = timedelta(minutes=1)

    @abstractmethod
    def run(self, now: datetime, using: str) -> int:
        """Do what is due at `now`; returns how many things it did (for the worker's log)."""


_timers: dict[str, Timer] = {}


def register_timer[T: type[Timer]](cls: T) -> T:
    if cls.name in _timers and type(_timers[cls.name]) is not cls:
        raise ValueError(f"Two timers are named {cls.name!r}")
    _timers[cls.name] = cls()
    return cls


def registered_timers() -> list[Timer]:
    return [t for _, t in sorted(_timers.items())]


class TimerRunner:
    """The worker's: each timer at most once per its `every` (this process's clock)."""

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.using = using
        self.last_run: dict[str, datetime] = {}

    def run_due(self, now: datetime | None = None) -> int:
        now = now or timezone.now()
        done = 0
        for timer in registered_timers():
            last = self.last_run.get(timer.name)
            if last is not None and now - last < timer.every:
                continue
            self.last_run[timer.name] = now
            try:
                done += timer.run(now, self.using)
            except Exception:  # one failing timer must not stop the worker (nor the others); it is tried again next time
                log.exception("Timer %s failed", timer.name)
        return done


def run_timers(*, now: datetime, using: str = DEFAULT_DB_ALIAS) -> int:
    """Every timer, once, at `now` (tests; errors are raised)."""
    return sum(timer.run(now, using) for timer in registered_timers())
