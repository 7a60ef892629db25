"""Reading and appending events, and running a command against one stream.

    execute(stream_id, decide)   load the stream, decide, append, bring inline
                                 projections up to date: one short transaction,
                                 retried when another writer got there first.

Built on the eventsourcing library: the infrastructure factory named by
PERSISTENCE_MODULE (ours, eventstore.persistence) makes the recorders and the mapper,
the library's `EventStore` puts and gets events, and an append returns the library's
`Recording`s (the event and its notification: `recording.notification.id` is its
position in the log). What is ours: the per-stream queue on PostgreSQL, the in-memory
history cache, and bringing inline projections up to date in the command's transaction.

Every module outside eventstore/ reads the log through this one: nothing else decodes
event rows or touches the event table.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Notification,
    Recording,
    UUIDAsHex,
)
from eventsourcing.persistence import EventStore as LibraryEventStore

from eventstore import consumers, idempotency
from eventstore.context import current_actor, current_request_id
from eventstore.errors import ConcurrentChange
from eventstore.events import Event, topics_of, utc_now
from eventstore.persistence import DjangoApplicationRecorder, DjangoTrackingRecorder
from eventstore.personal import KeyRing, ShreddingMapper

Decide = Callable[[list[Event]], Sequence[Event]]

__all__ = ["Decide", "EventStore", "Recording", "event_store", "execute"]


class EventStore:
    def __init__(self, alias: str = DEFAULT_DB_ALIAS):
        env = dict(getattr(settings, "EVENTSOURCING", {}))
        env.setdefault("PERSISTENCE_MODULE", "eventstore.persistence")
        env["DJANGO_DB_ALIAS"] = alias
        # Tables come from migrations; don't introspect on every start.
        env.setdefault("CREATE_TABLE", "no")
        self.alias = alias
        factory = InfrastructureFactory.construct(env)
        transcoder = JSONTranscoder()
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
            transcoder.register(transcoding)
        # Personal fields sealed with their person's key (eventstore/personal.py); the
        # benchmarks turn it off to measure what it costs.
        self.keys = KeyRing(alias)
        self.mapper = ShreddingMapper(
            transcoder, self.keys, encrypt=getattr(settings, "EVENTSTORE_ENCRYPT_PERSONAL_DATA", True)
        )
        recorder = factory.application_recorder()
        tracking = factory.tracking_recorder()
        assert isinstance(recorder, DjangoApplicationRecorder) and isinstance(tracking, DjangoTrackingRecorder)
        self.recorder: DjangoApplicationRecorder = recorder
        self.tracking: DjangoTrackingRecorder = tracking
        self.events: LibraryEventStore[UUID] = factory.event_store(mapper=self.mapper, recorder=recorder)
        self.histories = HistoryCache()

    # -- reading ---------------------------------------------------------------------------
    def load(self, stream_id: UUID, *, lte: int | None = None) -> list[Event]:
        """The events of one stream, oldest first (up to version `lte` if given).

        Decoded events of recently used streams are kept in memory (events never change),
        so a load reads and decodes only the events appended since: a busy meetup's
        stream of hundreds of RSVPs costs one small query, not hundreds of decodes."""
        if lte is not None:
            return list(self.events.get(stream_id, lte=lte))
        cached = self.histories.get(stream_id)
        after = cached[-1].originator_version if cached else None
        newer = list(self.events.get(stream_id, gt=after))
        history = cached + newer
        if newer:
            self.histories.put_after_commit(self.alias, stream_id, history)
        return history

    def load_many(self, stream_ids: Iterable[UUID], *, types: Iterable[type[Event]] = ()) -> dict[UUID, list[Event]]:
        """The events of many streams in one read (of the given types only, if any),
        each stream's oldest first; a stream without such events maps to []."""
        stream_ids = list(stream_ids)
        histories: dict[UUID, list[Event]] = defaultdict(list)
        found = self.recorder.select_events_of_streams(stream_ids, topics_of(types))
        self.mapper.prefetch_keys(found)
        for stored in found:
            histories[stored.originator_id].append(self.mapper.to_domain_event(stored))
        return {stream_id: histories.get(stream_id, []) for stream_id in stream_ids}

    def read(
        self, *, after: int = 0, limit: int = 1000, types: Iterable[type[Event]] = (), stop: int | None = None
    ) -> list[Recording[UUID]]:
        """Events of the whole log with notification ids greater than `after` (of the
        given types only, if any), oldest first."""
        notifications = self.recorder.select_notifications(
            start=after, limit=limit, stop=stop, topics=topics_of(types), inclusive_of_start=False
        )
        return self._recordings(notifications)

    def read_events(self, *, after: int = 0, limit: int = 1000, types: Iterable[type[Event]] = ()) -> list[tuple[int, Event]]:
        """`read`, as the (notification id, event) pairs a consumer applies, without the
        library's Recording and Notification objects (a replay reads every event)."""
        rows = self.recorder.select_stored_rows(after, limit, topics_of(types))
        self.mapper.prefetch_keys(stored for _, stored in rows)
        decode = self.mapper.to_domain_event
        return [(notification_id, decode(stored)) for notification_id, stored in rows]

    def read_latest(self, *, types: Iterable[type[Event]], limit: int = 50) -> list[Recording[UUID]]:
        """The newest events of these types, newest first (feeds, activity logs)."""
        return self._recordings(self.recorder.select_latest_notifications(topics_of(types), limit))

    def max_notification_id(self) -> int:
        return self.recorder.max_notification_id() or 0

    def _recordings(self, notifications: Sequence[Notification]) -> list[Recording[UUID]]:
        """Decoded, the keys they need loaded first in one query (a page of the log may be
        about hundreds of people this process has not seen yet)."""
        self.mapper.prefetch_keys(notifications)
        decode = self.mapper.to_domain_event
        return [Recording(decode(n), n) for n in notifications]

    # -- writing ---------------------------------------------------------------------------
    def append(
        self, stream_id: UUID, new_events: Sequence[Event], *, after_version: int, project: bool = True
    ) -> list[Recording[UUID]]:
        """Stamp the envelope on `new_events` (versions after `after_version`) and append
        them, then bring the inline projections that read them up to date, all in one
        transaction. Raises eventsourcing's IntegrityError if the stream moved on."""
        if not new_events:
            return []
        return self.append_stamped(self._stamped(stream_id, new_events, after_version), project=project)

    @staticmethod
    def _stamped(stream_id: UUID, new_events: Sequence[Event], after_version: int) -> list[Event]:
        """The envelope: stream, version, time, and who did it in which request (from
        eventstore.context), unless the decision said who (the system, for an automatic
        promotion: its actor_kind is set already)."""
        now = utc_now()
        actor = current_actor()
        request_id = current_request_id() or ""
        return [
            dataclasses.replace(
                e,
                originator_id=stream_id,
                originator_version=after_version + i,
                timestamp=now,
                request_id=e.request_id or request_id,
                **({} if e.actor_kind else {"actor_id": actor.id, "actor_kind": actor.kind, "actor_cause": actor.cause}),
            )
            for i, e in enumerate(new_events, start=1)
        ]

    def _write(self, events: Sequence[Event], *, project: bool) -> list[Recording[UUID]]:
        """Insert and project, in the caller's transaction."""
        recordings = self.events.put(events)
        idempotency.note_appended(len(events))
        if project:
            self._catch_up_inline(consumers.inline_for({type(e) for e in events}), recordings)
        return recordings

    def append_stamped(self, events: Sequence[Event], *, project: bool = True) -> list[Recording[UUID]]:
        """Append events whose envelope is already set (several streams allowed)."""
        if not connections[self.alias].in_atomic_block and not (
            project and consumers.inline_for({type(e) for e in events})
        ):
            # Nothing else to write with them: the recorder's own transaction will do.
            idempotency.note_appended(len(events))
            return self.events.put(events)
        with transaction.atomic(using=self.alias):
            return self._write(events, project=project)

    def execute(self, stream_id: UUID, decide: Decide, *, retries: int = 8) -> list[Recording[UUID]]:
        """Run a command on one stream: load it, let `decide` (a pure function of the
        history) return new events, append them. A version conflict means another
        writer appended first: load again and decide again, up to `retries` times."""
        # A form submission's claim (eventstore/idempotency.py) is the only lock its
        # transaction holds before the command: it queues as an outermost one would.
        outermost = not connections[self.alias].in_atomic_block or idempotency.take_claim_only_lock()
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
                continue
        raise ConcurrentChange

    def _catch_up_inline(self, inline: list[consumers.Consumer], appended: Sequence[Recording[UUID]] = ()) -> None:
        """Inside a command's transaction, after it appended: the inline projections that
        read what it appended are caught up together, in that transaction (no savepoints:
        the command is all or nothing). Their positions are locked in one statement, the
        log is read once for all of them (each from its own position, for its own types:
        a projection of rare events far behind makes nobody re-read the others' events),
        and their positions move in one statement. A projection being rebuilt is left to
        its rebuild.

        When every one of them stands just before what was appended (the common case: the
        previous command caught them up), the log between their positions and these events
        is empty, so these events, as appended, are the page: the log is not read back."""
        if not inline:
            return
        positions = self.tracking.lock_positions(sorted(c.name for c in inline))
        active = [c for c in inline if positions[c.name].rebuild_to is None]
        if not active:
            return
        done = {c.name: positions[c.name].notification_id for c in active}
        if appended and all(done[c.name] == appended[0].notification.id - 1 for c in active):
            self._apply_inline(active, done, list(appended))
            return
        topics = {c.name: topics_of(c.events) for c in active}
        while True:
            wanted = [(done[c.name], topics[c.name]) for c in active]
            page = self._recordings(self.recorder.select_notifications_after(wanted, consumers.PAGE_SIZE))
            if not page:
                return
            self._apply_inline(active, done, page)
            if len(page) < consumers.PAGE_SIZE:
                return

    def _apply_inline(self, active: list[consumers.Consumer], done: dict[str, int], page: list[Recording[UUID]]) -> None:
        moved: dict[str, int] = {}
        reached = page[-1].notification.id
        for consumer in active:
            mine = [
                (r.notification.id, r.domain_event)
                for r in page
                if r.notification.id > done[consumer.name]
                and (not consumer.events or type(r.domain_event) in consumer.events)
            ]
            if mine:
                consumer.apply(mine, self.alias)
            # The page holds every event this consumer reads up to `reached` (ids below
            # ours are committed: we hold the ordering lock), so it is caught up to there.
            if done[consumer.name] < reached:
                moved[consumer.name] = done[consumer.name] = reached
        self.tracking.move_positions(moved)

    def _queue_for_stream(self, stream_id: UUID) -> None:
        """PostgreSQL: writers to one stream wait their turn on a per-stream advisory lock
        (released at commit), so a busy stream (fifty members RSVPing at once) serves them
        first come, first served instead of in a storm of retries
        (docs/decisions/0002-advisory-lock-ordering.md). The version check at append still
        guards correctness; SQLite serialises writers by itself. Taken only by an
        outermost transaction, which holds no other lock yet (no deadlock)."""
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


def forget_cached_histories() -> None:
    """`flush` (and migrate) may empty the event table: cached histories would lie."""
    for store in _stores.values():
        store.histories.clear()
        store.keys.forget()


def execute(stream_id: UUID, decide: Decide, **kwargs: Any) -> list[Recording[UUID]]:
    return event_store().execute(stream_id, decide, **kwargs)
