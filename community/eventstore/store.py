"""Reading and appending events, and running a command against one stream.

    execute(stream_id, decide)   load the stream, decide, append, bring inline
                                 projections up to date: one short transaction,
                                 retried when another writer got there first.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from eventsourcing.utils import get_topic
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
        self.histories = HistoryCache()
        self.conflicts = 0  # version conflicts met (and retried) by execute(), for benchmarks

    @cached_property
    def recorder(self) -> DjangoApplicationRecorder:
        recorder = self.factory.application_recorder()
        assert isinstance(recorder, DjangoApplicationRecorder)
        return recorder

    # -- reading ---------------------------------------------------------------------------
    def load(self, stream_id: UUID, *, lte: int | None = None) -> list[Event]:
        """The events of one stream, oldest first (up to version `lte` if given).

        Decoded events of recently used streams are kept in memory (events never change),
        so a load reads and decodes only the events appended since: a busy meetup's
        stream of hundreds of RSVPs costs one small query, not hundreds of decodes."""
        if lte is not None:
            return [self.to_event(s) for s in self.recorder.select_events(stream_id, lte=lte)]
        cached = self.histories.get(stream_id)
        after = cached[-1].originator_version if cached else None
        newer = [self.to_event(s) for s in self.recorder.select_events(stream_id, gt=after)]
        history = cached + newer
        if newer:
            self.histories.put_after_commit(self.alias, stream_id, history)
        return history

    def read(
        self, *, after: int = 0, limit: int = 1000, topics: Sequence[str] = (), stop: int | None = None
    ) -> list[Recorded]:
        """Events of the whole log with notification ids greater than `after`."""
        notifications = self.recorder.select_notifications(
            start=after, limit=limit, stop=stop, topics=topics, inclusive_of_start=False
        )
        return [Recorded(n.id, self.to_event(n)) for n in notifications]

    def read_latest(self, *, topics: Sequence[str], limit: int = 50) -> list[Recorded]:
        """The newest events with these topics, newest first (feeds, activity logs)."""
        table = self.recorder.table
        marks = ",".join(["%s"] * len(topics))
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                f"SELECT id, originator_id, originator_version, topic, state, state_bytes FROM {table} "
                f"WHERE topic IN ({marks}) ORDER BY id DESC LIMIT %s",
                [*topics, limit],
            )
            rows = cursor.fetchall()
        from community.eventstore.persistence import _join_state

        return [
            Recorded(row[0], self.to_event(Notification(
                id=row[0], originator_id=self.recorder.datastore.py_uuid(row[1]), originator_version=row[2],
                topic=row[3], state=_join_state(row[4], row[5]),
            )))
            for row in rows
        ]

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
        return self.append_stamped(self._stamped(stream_id, new_events, after_version), project=project)

    @staticmethod
    def _stamped(stream_id: UUID, new_events: Sequence[Event], after_version: int) -> list[Event]:
        now = utc_now()
        return [
            dataclasses.replace(e, originator_id=stream_id, originator_version=after_version + i, timestamp=now)
            for i, e in enumerate(new_events, start=1)
        ]

    def _write(self, events: Sequence[Event], *, project: bool) -> list[Recorded]:
        """Insert and project, in the caller's transaction."""
        stored = [self.mapper.to_stored_event(e) for e in events]
        ids = self.recorder.insert_events(stored)
        recorded = [Recorded(n, e) for n, e in zip(ids or [], events, strict=True)]
        if project:
            from community.eventstore.projections import catch_up_inline

            catch_up_inline({s.topic for s in stored}, using=self.alias)
        return recorded

    def append_stamped(self, events: Sequence[Event], *, project: bool = True) -> list[Recorded]:
        """Append events whose envelope is already set (several streams allowed)."""
        from community.eventstore.projections import inline_projections_for

        if not connections[self.alias].in_atomic_block and not (project and inline_projections_for(
            {get_topic(type(e)) for e in events}
        )):
            # Nothing else to write with them: the recorder's own transaction will do.
            ids = self.recorder.insert_events([self.mapper.to_stored_event(e) for e in events])
            return [Recorded(n, e) for n, e in zip(ids or [], events, strict=True)]
        with transaction.atomic(using=self.alias):
            return self._write(events, project=project)

    def execute(self, stream_id: UUID, decide: Decide, *, retries: int = 8) -> list[Recorded]:
        """Run a command on one stream: load it, let `decide` (a pure function of the
        history) return new events, append them. A version conflict means another
        writer appended first: load again and decide again, up to `retries` times."""
        outermost = not connections[self.alias].in_atomic_block
        for _ in range(retries):
            try:
                with transaction.atomic(using=self.alias):
                    if outermost:
                        self._queue_for_stream(stream_id)
                    history = self.load(stream_id)
                    new_events = list(decide(history))
                    if not new_events:
                        return []
                    version = history[-1].originator_version if history else 0
                    # Already in this command's transaction: no savepoint of its own.
                    return self._write(self._stamped(stream_id, new_events, version), project=True)
            except IntegrityError:
                self.conflicts += 1
                continue
        raise ConcurrentChange

    def _queue_for_stream(self, stream_id: UUID) -> None:
        """PostgreSQL: writers to one stream wait their turn on a per-stream advisory lock
        (released at commit), so a busy stream (fifty members RSVPing at once) serves them
        first come, first served instead of in a storm of retries. The version check at
        append still guards correctness; SQLite serialises writers by itself. Taken only
        by an outermost transaction, which holds no other lock yet (no deadlock)."""
        connection = connections[self.alias]
        if connection.vendor == "postgresql":
            key = int.from_bytes(stream_id.bytes[:8], "big", signed=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


class HistoryCache:
    """Decoded histories of the most recently used streams, shared by the threads of a
    process. Only committed histories enter it (on commit), so a rolled-back append never
    leaves an event here that the database does not have."""

    def __init__(self, size: int = 512):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[UUID, list[Event]] = OrderedDict()

    def get(self, stream_id: UUID) -> list[Event]:
        with self._lock:
            history = self._items.get(stream_id)
            if history is None:
                return []
            self._items.move_to_end(stream_id)
            return list(history)

    def put_after_commit(self, alias: str, stream_id: UUID, history: list[Event]) -> None:
        def put() -> None:
            with self._lock:
                current = self._items.get(stream_id)
                if current is None or len(current) < len(history):
                    self._items[stream_id] = history
                    self._items.move_to_end(stream_id)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)

        transaction.on_commit(put, using=alias)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_stores: dict[str, EventStore] = {}


def event_store(alias: str = DEFAULT_DB_ALIAS) -> EventStore:
    store = _stores.get(alias)
    if store is None:
        store = _stores[alias] = EventStore(alias)
    return store


def execute(stream_id: UUID, decide: Decide, **kwargs: Any) -> list[Recorded]:
    return event_store().execute(stream_id, decide, **kwargs)
