"""For tests: drive synchronously what the worker does in the background."""

from __future__ import annotations

import dataclasses

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from eventstore import consumers, outbox
from eventstore.automations import Automation
from eventstore.events import Event
from eventstore.runner import catch_up
from eventstore.store import event_store


def run_automations(using: str = DEFAULT_DB_ALIAS) -> int:
    """Every automation caught up with the log (their mail recorded in the outbox)."""
    return sum(catch_up(automation, using=using) for automation in consumers.registered(Automation))


def deliver_mail(using: str = DEFAULT_DB_ALIAS) -> int:
    """The automations caught up, then every message that is due delivered (what the
    worker would do next). Returns how many messages were sent."""
    run_automations(using)
    sent = 0
    while delivered := outbox.deliver_due(using=using):
        sent += delivered.sent
    return sent


def record_as_released(events: list[Event], *, old_module: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Append events (envelopes set) stored under the topic their class had when it was
    released in `old_module`, as an older release wrote them (tests of moved classes)."""
    store = event_store(using)
    stored = []
    for event in events:
        row = store.mapper.to_stored_event(event)
        stored.append(dataclasses.replace(row, topic=f"{old_module}:{type(event).__qualname__}"))
    with transaction.atomic(using=using):
        store.recorder.insert_events(stored)


def control_characters_old_releases_stored(using: str = DEFAULT_DB_ALIAS) -> str:
    """Control characters an older release, before they were refused, could have left in
    the log: a vertical tab, an escape, and on SQLite a NUL too (on PostgreSQL a NUL in a
    projected text failed the whole command, so none was ever stored there)."""
    return "\x0b\x00\x1b" if connections[using].vendor == "sqlite" else "\x0b\x1b"
