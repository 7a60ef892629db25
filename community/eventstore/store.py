"""Reading and appending events, and running a command against one stream.

    execute(stream_id, decide)   load the stream, decide, append, bring inline
                                 projections up to date: one short transaction,
                                 retried when another writer got there first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Notification,
    StoredEvent,
    UUIDAsHex,
)

from community.eventstore.errors import ConcurrentChange
from community.eventstore.events import Event, utc_now
from community.eventstore.persistence import DjangoApplicationRecorder

Decide = Callable[[list[Event]], Sequence[Event]]


@dataclass(frozen=True)
class Recorded:
    """An event with its position in the log."""

    notification_id: int
    event: Event


class EventStore:
    def __init__(self, alias: str = DEFAULT_DB_ALIAS):
        env = dict(getattr(settings, "EVENTSOURCING", {}))
        env.setdefault("PERSISTENCE_MODULE", "community.eventstore.persistence")
        env["DJANGO_DB_ALIAS"] = alias
        # Tables come from migrations; don't introspect on every start.
        env.setdefault("CREATE_TABLE", "no")
        self.alias = alias
        self.factory = InfrastructureFactory.construct(env)
        transcoder = JSONTranscoder()
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
            transcoder.register(transcoding)
        self.mapper: Mapper[UUID] = self.factory.mapper(transcoder=transcoder)

    @cached_property
    def recorder(self) -> DjangoApplicationRecorder:
        recorder = self.factory.application_recorder()
        assert isinstance(recorder, DjangoApplicationRecorder)
        return recorder

    # -- reading ---------------------------------------------------------------------------
    def load(self, stream_id: UUID, *, lte: int | None = None) -> list[Event]:
        """The events of one stream, oldest first (up to version `lte` if given)."""
        return [self.to_event(s) for s in self.recorder.select_events(stream_id, lte=lte)]

    def read(
        self, *, after: int = 0, limit: int = 1000, topics: Sequence[str] = (), stop: int | None = None
    ) -> list[Recorded]:
        """Events of the whole log with notification ids greater than `after`."""
        notifications = self.recorder.select_notifications(
            start=after, limit=limit, stop=stop, topics=topics, inclusive_of_start=False
        )
        return [Recorded(n.id, self.to_event(n)) for n in notifications]

    def max_notification_id(self) -> int:
        return self.recorder.max_notification_id() or 0

    def to_event(self, stored: StoredEvent | Notification) -> Event:
        return self.mapper.to_domain_event(stored)  # type: ignore[return-value]

    # -- writing ---------------------------------------------------------------------------
    def append(
        self, stream_id: UUID, new_events: Sequence[Event], *, after_version: int, project: bool = True
    ) -> list[Recorded]:
        """Stamp the envelope on `new_events` (versions after `after_version`) and append
        them, then bring the inline projections that read them up to date, all in one
        transaction. Raises eventsourcing's IntegrityError if the stream moved on."""
        if not new_events:
            return []
        now = utc_now()
        stamped = [
            dataclasses.replace(e, originator_id=stream_id, originator_version=after_version + i, timestamp=now)
            for i, e in enumerate(new_events, start=1)
        ]
        return self.append_stamped(stamped, project=project)

    def append_stamped(self, events: Sequence[Event], *, project: bool = True) -> list[Recorded]:
        """Append events whose envelope is already set (several streams allowed)."""
        with transaction.atomic(using=self.alias):
            stored = [self.mapper.to_stored_event(e) for e in events]
            ids = self.recorder.insert_events(stored)
            recorded = [Recorded(n, e) for n, e in zip(ids or [], events, strict=True)]
            if project:
                from community.eventstore.projections import catch_up_inline

                catch_up_inline({s.topic for s in stored}, using=self.alias)
        return recorded

    def execute(self, stream_id: UUID, decide: Decide, *, retries: int = 8) -> list[Recorded]:
        """Run a command on one stream: load it, let `decide` (a pure function of the
        history) return new events, append them. A version conflict means another
        writer appended first: load again and decide again, up to `retries` times."""
        for _ in range(retries):
            try:
                with transaction.atomic(using=self.alias):
                    history = self.load(stream_id)
                    new_events = list(decide(history))
                    version = history[-1].originator_version if history else 0
                    return self.append(stream_id, new_events, after_version=version)
            except IntegrityError:
                continue
        raise ConcurrentChange


_stores: dict[str, EventStore] = {}


def event_store(alias: str = DEFAULT_DB_ALIAS) -> EventStore:
    store = _stores.get(alias)
    if store is None:
        store = _stores[alias] = EventStore(alias)
    return store


def execute(stream_id: UUID, decide: Decide, **kwargs: Any) -> list[Recorded]:
    return event_store().execute(stream_id, decide, **kwargs)
