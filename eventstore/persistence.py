"""eventsourcing 9.5 persistence through Django's database connection.

Select it with PERSISTENCE_MODULE=eventstore.persistence. The recorders write with plain
SQL on Django's own connection for the current thread, so an append made inside
`transaction.atomic()` commits or rolls back with every other row written in that block.

Guarantees, on SQLite and PostgreSQL:
- A batch of events is stored whole or not at all; a version conflict raises
  eventsourcing's IntegrityError.
- Notification ids are never seen out of order: on PostgreSQL a writer takes a
  transaction-level advisory lock before it draws ids, so ids commit in the order they
  were drawn; the lock is released when the (short) write transaction ends. On SQLite the
  connection begins write transactions IMMEDIATE, which serialises writers the same way.
  Why our own recorders and this lock rather than the library's: docs/decisions/0001-own-recorders.md
  and 0002-advisory-lock-ordering.md.

What the product uses, and what is kept only so that this is a complete persistence
module that passes the library's own recorder test suites (eventstore/tests/test_recorders.py):
- used: DjangoApplicationRecorder (the event log: appends, stream loads, pages of the
  log, the newest events of some types, many streams at once) and DjangoTrackingRecorder
  (the positions of projections and automations: its position methods are the one way
  positions are read and moved);
- kept for the library's suites and interfaces, unused by the product: the aggregate
  recorder with purpose "snapshots" (no aggregate is snapshotted), DjangoProcessRecorder
  (events and tracking in one insert; our projections and automations move positions
  themselves) and PollingSubscription (ApplicationRecorder.subscribe is abstract; the
  worker follows the log by pages from each consumer's own position instead).
"""

from __future__ import annotations

import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db import utils as django_db
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    DatabaseError,
    DataError,
    InfrastructureFactory,
    IntegrityError,
    InterfaceError,
    InternalError,
    Notification,
    NotSupportedError,
    OperationalError,
    ProcessRecorder,
    ProgrammingError,
    StoredEvent,
    Subscription,
    Tracking,
    TrackingRecorder,
)
from eventsourcing.utils import Environment, EnvType, resolve_topic, strtobool

from eventstore.models import StoredEventRecord, StoredSnapshotRecord, TrackingRecord

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from django.db.backends.base.base import BaseDatabaseWrapper

# Key of the PostgreSQL advisory lock that orders notification ids (any constant will do,
# as long as every writer uses the same one).
NOTIFICATION_ORDER_LOCK = 0x636F6E76  # "conv"
# Rows per INSERT statement: keeps SQLite under its bound-parameter limit.
INSERT_CHUNK = 500

_ERRORS = (
    (django_db.IntegrityError, IntegrityError),
    (django_db.DataError, DataError),
    (django_db.OperationalError, OperationalError),
    (django_db.InternalError, InternalError),
    (django_db.ProgrammingError, ProgrammingError),
    (django_db.NotSupportedError, NotSupportedError),
    (django_db.InterfaceError, InterfaceError),
    (django_db.DatabaseError, DatabaseError),
)


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Raise eventsourcing's persistence errors for Django's database errors."""
    try:
        yield
    except django_db.Error as error:
        for django_class, library_class in _ERRORS:
            if isinstance(error, django_class):
                raise library_class(error) from error
        raise DatabaseError(error) from error


class DjangoDatastore:
    """Where the recorders get their connection and transactions: Django's, by alias."""

    def __init__(self, alias: str = DEFAULT_DB_ALIAS):
        self.alias = alias

    @property
    def connection(self) -> BaseDatabaseWrapper:
        return connections[self.alias]

    @property
    def is_postgres(self) -> bool:
        return self.connection.vendor == "postgresql"

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """A cursor inside a transaction. Joins an enclosing `atomic()` without a
        savepoint: if the write fails, the whole enclosing transaction is rolled back."""
        with _translated_errors():
            with transaction.atomic(using=self.alias, savepoint=False):
                with self.connection.cursor() as cursor:
                    yield cursor

    @contextmanager
    def reading(self) -> Iterator[Any]:
        with _translated_errors():
            with self.connection.cursor() as cursor:
                yield cursor

    def db_uuid(self, originator_id: UUID | str) -> Any:
        """The originator id as the column stores it (uuid on PostgreSQL, hex on SQLite)."""
        if not isinstance(originator_id, UUID):
            originator_id = UUID(str(originator_id))
        return originator_id if self.is_postgres else originator_id.hex

    @staticmethod
    def py_uuid(value: Any) -> UUID:
        return value if isinstance(value, UUID) else UUID(value)

    def close(self) -> None:
        """Django owns the connections; nothing to close here."""


def _split_state(state: bytes) -> tuple[str | None, bytes | None]:
    """JSON (UTF-8 without NUL) is stored as text, anything else as bytes."""
    if b"\x00" not in state:
        try:
            return state.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
    return None, state


def _join_state(text: str | None, raw: bytes | memoryview | None) -> bytes:
    if text is not None:
        return text.encode("utf-8")
    return bytes(raw) if raw is not None else b""


class StoredRow(NamedTuple):
    """A stored event as a replay reads it: the fields of the library's StoredEvent that the
    mapper reads, in a tuple (cheaper to make than the library's frozen dataclasses, which
    a page of the log would make twice per event: Notification, then Recording)."""

    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


class DjangoRecorder:
    model: type = StoredEventRecord

    def __init__(self, datastore: DjangoDatastore):
        self.datastore = datastore

    def create_table(self) -> None:
        """Tables come from Django migrations; create one here only if it is missing
        (for example when a test database was built without migrating)."""
        connection = self.datastore.connection
        with _translated_errors():
            if self.model._meta.db_table not in connection.introspection.table_names():
                with connection.schema_editor() as editor:
                    editor.create_model(self.model)


class DjangoAggregateRecorder(DjangoRecorder, AggregateRecorder):
    def __init__(self, datastore: DjangoDatastore, purpose: str = "events"):
        super().__init__(datastore)
        self.model = StoredEventRecord if purpose == "events" else StoredSnapshotRecord
        self.table = self.model._meta.db_table
        self.select_events_statement = (
            f"SELECT originator_id, originator_version, topic, state, state_bytes FROM {self.table} "
            "WHERE originator_id = %s "
        )

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with self.datastore.writing() as cursor:
            return self._insert_events(cursor, stored_events, **kwargs)

    def _insert_rows(self, cursor: Any, stored_events: Sequence[StoredEvent], *, returning: bool) -> list[int]:
        ids: list[int] = []
        db_uuid = self.datastore.db_uuid
        for start in range(0, len(stored_events), INSERT_CHUNK):
            chunk = stored_events[start : start + INSERT_CHUNK]
            params: list[Any] = []
            for s in chunk:
                text, raw = _split_state(s.state)
                params += [db_uuid(s.originator_id), s.originator_version, s.topic, text, raw]
            statement = (
                f"INSERT INTO {self.table} (originator_id, originator_version, topic, state, state_bytes) VALUES "
                + ",".join(["(%s,%s,%s,%s,%s)"] * len(chunk))
            )
            if returning:
                cursor.execute(statement + " RETURNING id", params)
                # One statement draws its ids in VALUES order, so sorted ids match it.
                ids += sorted(row[0] for row in cursor.fetchall())
            else:
                cursor.execute(statement, params)
        return ids

    def _insert_events(self, cursor: Any, stored_events: Sequence[StoredEvent], **_: Any) -> Sequence[int] | None:
        if stored_events:
            self._insert_rows(cursor, stored_events, returning=False)
        return None

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        statement = self.select_events_statement
        params: list[Any] = [self.datastore.db_uuid(originator_id)]
        if gt is not None:
            statement += "AND originator_version > %s "
            params.append(gt)
        if lte is not None:
            statement += "AND originator_version <= %s "
            params.append(lte)
        statement += "ORDER BY originator_version " + ("DESC " if desc else "ASC ")
        if limit is not None:
            statement += "LIMIT %s"
            params.append(limit)
        with self.datastore.reading() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
        py_uuid = self.datastore.py_uuid
        return [
            StoredEvent(
                originator_id=py_uuid(row[0]),
                originator_version=row[1],
                topic=row[2],
                state=_join_state(row[3], row[4]),
            )
            for row in rows
        ]


class DjangoApplicationRecorder(DjangoAggregateRecorder, ApplicationRecorder):
    def __init__(self, datastore: DjangoDatastore):
        super().__init__(datastore, purpose="events")

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        datastore = self.datastore
        if (
            datastore.is_postgres
            and 0 < len(stored_events) <= INSERT_CHUNK
            and not kwargs
            and not datastore.connection.in_atomic_block
            and datastore.connection.get_autocommit()
        ):
            # Outside a transaction: one statement is the whole transaction. It takes the
            # ordering lock before it draws ids (an InitPlan, evaluated first) and holds it
            # to its commit: one round trip instead of BEGIN, lock, INSERT, COMMIT
            # (docs/decisions/0002-advisory-lock-ordering.md).
            with datastore.reading() as cursor:
                return self._insert_in_one_statement(cursor, stored_events)
        return super().insert_events(stored_events, **kwargs)

    def _insert_in_one_statement(self, cursor: Any, stored_events: Sequence[StoredEvent]) -> list[int]:
        params: list[Any] = []
        for s in stored_events:
            text, raw = _split_state(s.state)
            params += [self.datastore.db_uuid(s.originator_id), s.originator_version, s.topic, text, raw]
        values = ",".join(["(%s::uuid,%s::bigint,%s::text,%s::text,%s::bytea)"] * len(stored_events))
        cursor.execute(
            f"INSERT INTO {self.table} (originator_id, originator_version, topic, state, state_bytes) "
            f"SELECT * FROM (VALUES {values}) AS v WHERE (SELECT pg_advisory_xact_lock(%s)) IS NOT NULL RETURNING id",
            [*params, NOTIFICATION_ORDER_LOCK],
        )
        return sorted(row[0] for row in cursor.fetchall())

    def _insert_events(self, cursor: Any, stored_events: Sequence[StoredEvent], **_: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        if self.datastore.is_postgres:
            # Held until the enclosing transaction ends: ids commit in the order drawn.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NOTIFICATION_ORDER_LOCK])
        return self._insert_rows(cursor, stored_events, returning=True)

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        rows = self._select_notification_rows(start, limit, stop, topics, inclusive_of_start=inclusive_of_start)
        return [self._notification(row) for row in rows]

    def select_stored_rows(self, after: int, limit: int, topics: Sequence[str] = ()) -> list[tuple[int, StoredRow]]:
        """`select_notifications(after, limit, topics=topics, inclusive_of_start=False)` as
        (notification id, StoredRow) pairs: the same rows, for a consumer's page."""
        py_uuid = self.datastore.py_uuid
        return [
            (row[0], StoredRow(py_uuid(row[1]), row[2], row[3], _join_state(row[4], row[5])))
            for row in self._select_notification_rows(after, limit, None, topics, inclusive_of_start=False)
        ]

    def _select_notification_rows(
        self, start: int | None, limit: int, stop: int | None, topics: Sequence[str], *, inclusive_of_start: bool
    ) -> list[tuple[Any, ...]]:
        conditions: list[str] = []
        params: list[Any] = []
        if start is not None:
            conditions.append("id >= %s" if inclusive_of_start else "id > %s")
            params.append(start)
        if stop is not None:
            conditions.append("id <= %s")
            params.append(stop)
        if topics:
            conditions.append(f"topic IN ({','.join(['%s'] * len(topics))})")
            params += list(topics)
        statement = f"SELECT id, originator_id, originator_version, topic, state, state_bytes FROM {self.table} "
        if conditions:
            statement += "WHERE " + " AND ".join(conditions) + " "
        statement += "ORDER BY id LIMIT %s"
        params.append(limit)
        with self.datastore.reading() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    def rewrite_states(self, states: Sequence[tuple[int, bytes]]) -> None:
        """Replace the payload of stored events, by notification id. Used once, and only
        by eventstore/reseal.py: the migration that seals personal fields that older
        releases stored in the clear (docs/decisions/0013-crypto-shredding.md). Nothing
        else ever changes a stored event."""
        with self.datastore.writing() as cursor:
            for notification_id, state in states:
                text, raw = _split_state(state)
                cursor.execute(f"UPDATE {self.table} SET state = %s, state_bytes = %s WHERE id = %s", [text, raw, notification_id])

    def max_notification_id(self) -> int | None:
        with self.datastore.reading() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {self.table}")
            return cursor.fetchone()[0]

    def select_events_of_streams(
        self, originator_ids: Sequence[UUID], topics: Sequence[str] = ()
    ) -> Sequence[StoredEvent]:
        """The events of many streams (with these topics, if given), in one query per
        INSERT_CHUNK streams, ordered by stream and version."""
        found: list[StoredEvent] = []
        ids = [self.datastore.db_uuid(i) for i in dict.fromkeys(originator_ids)]
        topic_clause = f" AND topic IN ({','.join(['%s'] * len(topics))})" if topics else ""
        py_uuid = self.datastore.py_uuid
        for start in range(0, len(ids), INSERT_CHUNK):
            chunk = ids[start : start + INSERT_CHUNK]
            with self.datastore.reading() as cursor:
                cursor.execute(
                    f"SELECT originator_id, originator_version, topic, state, state_bytes FROM {self.table} "
                    f"WHERE originator_id IN ({','.join(['%s'] * len(chunk))}){topic_clause} "
                    "ORDER BY originator_id, originator_version",
                    [*chunk, *topics],
                )
                rows = cursor.fetchall()
            found += [
                StoredEvent(originator_id=py_uuid(r[0]), originator_version=r[1], topic=r[2], state=_join_state(r[3], r[4]))
                for r in rows
            ]
        return found

    def select_notifications_after(self, wanted: Sequence[tuple[int, Sequence[str]]], limit: int) -> Sequence[Notification]:
        """One page for several readers at once: the notifications with any of the topics of
        a (position, topics) pair and an id after its position, oldest first (no topics:
        every notification after it). Each reader gets what it has not read, and nobody
        re-reads what only the others needed."""
        conditions, params = [], []
        for after, topics in wanted:
            conditions.append(f"(id > %s AND topic IN ({','.join(['%s'] * len(topics))}))" if topics else "(id > %s)")
            params += [after, *topics]
        with self.datastore.reading() as cursor:
            cursor.execute(
                f"SELECT id, originator_id, originator_version, topic, state, state_bytes FROM {self.table} "
                f"WHERE {' OR '.join(conditions)} ORDER BY id LIMIT %s",
                [*params, limit],
            )
            rows = cursor.fetchall()
        return [self._notification(row) for row in rows]

    def select_latest_notifications(self, topics: Sequence[str], limit: int) -> Sequence[Notification]:
        """The newest notifications with these topics, newest first."""
        with self.datastore.reading() as cursor:
            cursor.execute(
                f"SELECT id, originator_id, originator_version, topic, state, state_bytes FROM {self.table} "
                f"WHERE topic IN ({','.join(['%s'] * len(topics))}) ORDER BY id DESC LIMIT %s",
                [*topics, limit],
            )
            rows = cursor.fetchall()
        return [self._notification(row) for row in rows]

    def _notification(self, row: Sequence[Any]) -> Notification:
        return Notification(
            id=row[0],
            originator_id=self.datastore.py_uuid(row[1]),
            originator_version=row[2],
            topic=row[3],
            state=_join_state(row[4], row[5]),
        )

    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription[ApplicationRecorder]:
        return PollingSubscription(self, gt=gt, topics=topics)


class PollingSubscription(Subscription[DjangoApplicationRecorder]):
    """Follows the log by polling (works the same on SQLite and PostgreSQL); it blocks
    after the last recorded event until a newer one is committed or it is stopped."""

    page_size = 500
    interval = 0.05

    def __init__(self, recorder: DjangoApplicationRecorder, gt: int | None = None, topics: Sequence[str] = ()):
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._buffer: deque[Notification] = deque()
        self._stopped = threading.Event()

    def stop(self) -> None:
        super().stop()
        self._stopped.set()

    def __next__(self) -> Notification:
        while not self._has_been_stopped:
            if self._buffer:
                notification = self._buffer.popleft()
                self._last_notification_id = notification.id
                return notification
            self._buffer.extend(
                self._recorder.select_notifications(
                    start=self._last_notification_id,
                    limit=self.page_size,
                    topics=self._topics,
                    inclusive_of_start=False,
                )
            )
            if not self._buffer:
                self._stopped.wait(self.interval)
        raise StopIteration


@dataclass(frozen=True)
class Position:
    """Where a consumer (a projection, an automation) is in the log: the last
    notification id it applied, and while a rebuild runs, the log position it aims at."""

    notification_id: int
    rebuild_to: int | None = None


class DjangoTrackingRecorder(DjangoRecorder, TrackingRecorder):
    """The library's tracking recorder (insert_tracking, max_tracking_id), and the one
    door through which the product reads and moves positions: several at once, in the
    caller's transaction (a command's inline projections, a page of a consumer)."""

    model = TrackingRecord
    tracking_table = TrackingRecord._meta.db_table
    # One row per consumer; it only moves forward, so a replayed or lower id is refused.
    upsert_statement = (
        f"INSERT INTO {tracking_table} (application_name, notification_id) VALUES (%s, %s) "
        "ON CONFLICT (application_name) DO UPDATE SET notification_id = excluded.notification_id "
        f"WHERE {tracking_table}.notification_id < excluded.notification_id "
        "RETURNING notification_id"
    )

    def insert_tracking(self, tracking: Tracking) -> None:
        with self.datastore.writing() as cursor:
            self._insert_tracking(cursor, tracking)

    def _insert_tracking(self, cursor: Any, tracking: Tracking) -> None:
        cursor.execute(self.upsert_statement, [tracking.application_name, tracking.notification_id])
        if cursor.fetchone() is None:
            msg = f"Tracking for {tracking.application_name!r} is already at or past {tracking.notification_id}"
            raise IntegrityError(msg)

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.datastore.reading() as cursor:
            cursor.execute(f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = %s", [application_name])
            row = cursor.fetchone()
        return None if row is None else row[0]

    # -- positions, for the product ------------------------------------------------------
    def position(self, name: str) -> Position:
        """Read without locking (progress bars, tests); a consumer that has never run is at 0."""
        with self.datastore.reading() as cursor:
            cursor.execute(
                f"SELECT notification_id, rebuild_to FROM {self.tracking_table} WHERE application_name = %s", [name]
            )
            row = cursor.fetchone()
        return Position(0) if row is None else Position(row[0], row[1])

    def lock_positions(self, names: Sequence[str]) -> dict[str, Position]:
        """Several positions, created at 0 if missing, locked until the caller's
        transaction ends and read, in one statement (ON CONFLICT DO UPDATE takes the row
        lock on PostgreSQL; SQLite's write transaction is exclusive anyway)."""
        with self.datastore.writing() as cursor:
            cursor.execute(
                f"INSERT INTO {self.tracking_table} (application_name, notification_id) "
                f"VALUES {', '.join(['(%s, 0)'] * len(names))} "
                "ON CONFLICT (application_name) DO UPDATE SET application_name = excluded.application_name "
                "RETURNING application_name, notification_id, rebuild_to",
                list(names),
            )
            return {name: Position(notification_id, rebuild_to) for name, notification_id, rebuild_to in cursor.fetchall()}

    def move_positions(self, moved: dict[str, int]) -> None:
        """Move several locked positions forward in one statement; refuse (and so doom the
        caller's transaction) if any would not move forward."""
        if not moved:
            return
        rows = " UNION ALL ".join(["SELECT CAST(%s AS TEXT) AS name, CAST(%s AS BIGINT) AS position"] * len(moved))
        table = self.tracking_table
        with self.datastore.writing() as cursor:
            cursor.execute(
                f"UPDATE {table} SET notification_id = v.position FROM ({rows}) AS v "
                f"WHERE {table}.application_name = v.name AND {table}.notification_id < v.position",
                [x for item in moved.items() for x in item],
            )
            if cursor.rowcount != len(moved):
                raise IntegrityError(f"Positions would not move forward: {moved}")

    def create_positions(self, names: Sequence[str], *, at: int) -> list[str]:
        """Give these consumers a position at `at` unless they have one; returns the
        names that were created."""
        if not names:
            return []
        with self.datastore.writing() as cursor:
            cursor.execute(
                f"INSERT INTO {self.tracking_table} (application_name, notification_id) "
                f"VALUES {', '.join(['(%s, %s)'] * len(names))} ON CONFLICT (application_name) DO NOTHING "
                "RETURNING application_name",
                [x for name in names for x in (name, at)],
            )
            return [row[0] for row in cursor.fetchall()]

    def start_rebuild(self, name: str, *, target: int) -> None:
        """Back to 0, marked as rebuilding towards `target` (so a killed rebuild resumes)."""
        with self.datastore.writing() as cursor:
            cursor.execute(
                f"UPDATE {self.tracking_table} SET notification_id = 0, rebuild_to = %s WHERE application_name = %s",
                [target, name],
            )

    def end_rebuild(self, name: str) -> None:
        with self.datastore.writing() as cursor:
            cursor.execute(f"UPDATE {self.tracking_table} SET rebuild_to = NULL WHERE application_name = %s", [name])


class DjangoProcessRecorder(DjangoTrackingRecorder, DjangoApplicationRecorder, ProcessRecorder):
    model = StoredEventRecord

    def __init__(self, datastore: DjangoDatastore):
        DjangoApplicationRecorder.__init__(self, datastore)

    def create_table(self) -> None:
        DjangoAggregateRecorder.create_table(self)
        tracking = DjangoTrackingRecorder(self.datastore)
        DjangoRecorder.create_table(tracking)

    def _insert_events(self, cursor: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        ids = DjangoApplicationRecorder._insert_events(self, cursor, stored_events)
        tracking: Tracking | None = kwargs.get("tracking")
        if tracking is not None:
            self._insert_tracking(cursor, tracking)
        return ids


class DjangoFactory(InfrastructureFactory[DjangoTrackingRecorder]):
    """Built by `InfrastructureFactory.construct()` when PERSISTENCE_MODULE names this
    module. DJANGO_DB_ALIAS picks the database (default "default")."""

    DJANGO_DB_ALIAS = "DJANGO_DB_ALIAS"
    CREATE_TABLE = "CREATE_TABLE"

    aggregate_recorder_class = DjangoAggregateRecorder
    application_recorder_class = DjangoApplicationRecorder
    tracking_recorder_class = DjangoTrackingRecorder
    process_recorder_class = DjangoProcessRecorder

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        self.datastore = DjangoDatastore(alias=self.env.get(self.DJANGO_DB_ALIAS) or DEFAULT_DB_ALIAS)

    def _recorder_class(self, topic_key: str, default: type) -> type:
        topic = self.env.get(topic_key)
        cls = resolve_topic(topic) if topic else default
        assert issubclass(cls, default), f"{cls} is not a {default.__name__}"
        return cls

    def _made(self, recorder: Any) -> Any:
        if strtobool(self.env.get(self.CREATE_TABLE, "yes") or "yes"):
            recorder.create_table()
        return recorder

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        return self._made(self.aggregate_recorder_class(self.datastore, purpose=purpose))

    def application_recorder(self) -> ApplicationRecorder:
        cls = self._recorder_class(self.APPLICATION_RECORDER_TOPIC, self.application_recorder_class)
        return self._made(cls(self.datastore))

    def tracking_recorder(
        self, tracking_recorder_class: type[DjangoTrackingRecorder] | None = None
    ) -> DjangoTrackingRecorder:
        cls = tracking_recorder_class or self._recorder_class(
            self.TRACKING_RECORDER_TOPIC, self.tracking_recorder_class
        )
        assert issubclass(cls, DjangoTrackingRecorder)
        return self._made(cls(self.datastore))

    def process_recorder(self) -> ProcessRecorder:
        cls = self._recorder_class(self.PROCESS_RECORDER_TOPIC, self.process_recorder_class)
        return self._made(cls(self.datastore))

    def close(self) -> None:
        self.datastore.close()


Factory = DjangoFactory
