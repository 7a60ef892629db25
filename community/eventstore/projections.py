"""Projections: Django models filled only by their projector, from the event log.

Each projection keeps its position (the last notification id it applied) in the tracking
table, and every page of events is applied in one transaction together with the move of
that position, under a row lock on it. So an event is applied once and in order, whoever
applies it (a command inline, `run_projections`, `rebuild_projections`) and even after a
crash: a transaction that did not commit moved neither the rows nor the position.

A projection is `inline` (default) when the command that appends an event brings it up to
date in its own transaction, so the page after a POST shows the change (read-your-writes),
or runs behind (`inline = False`) and is caught up by `manage.py run_projections`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from community.eventstore.events import Event
from community.eventstore.models import TrackingRecord
from community.eventstore.persistence import DjangoDatastore, DjangoTrackingRecorder

PAGE_SIZE = 1000


class Projection(ABC):
    """Subclass it, set `name`, the `models` it fills and the `events` it reads, and
    write `apply(page, using)`: write the effect of a page of (notification id, event)
    pairs, in order. It runs inside the transaction that also moves the position."""

    name: ClassVar[str]
    models: ClassVar[tuple[type[models.Model], ...]] = ()
    events: ClassVar[tuple[type[Event], ...]] = ()
    inline: ClassVar[bool] = True

    @classmethod
    def topics(cls) -> list[str]:
        cached = cls.__dict__.get("_topics")
        if cached is None:
            cached = sorted(get_topic(c) for c in cls.events)
            cls._topics = cached
        return cached

    @abstractmethod
    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        """Write the effect of the page."""

    def wipe(self, using: str) -> None:
        for model in self.models:
            model.objects.using(using).all()._raw_delete(using)


class KeyedRows:
    """Batch helper for a projection with one row per key: loads the page's rows in one
    query, lets handlers change them in memory, writes them back in bulk. This is what
    makes a replay fast (tens of thousands of events a second) on both databases.

    `save()` inserts the new rows and upserts the changed ones on their primary key
    (see `write_rows`): one or a few statements per page whatever its size."""

    def __init__(self, model: type[models.Model], key_field: str, keys: Iterable[Any], using: str):
        self.model = model
        self.key_field = key_field
        self.using = using
        self.rows: dict[Any, models.Model] = {getattr(r, key_field): r for r in load_rows(model, key_field, keys, using)}
        self.new: dict[Any, models.Model] = {}
        self.changed: set[Any] = set()
        self.deleted: set[Any] = set()

    def get(self, key: Any) -> models.Model | None:
        return self.new.get(key) or self.rows.get(key)

    def add(self, key: Any, row: models.Model) -> None:
        self.new[key] = row

    def touch(self, key: Any) -> None:
        if key in self.rows:
            self.changed.add(key)

    def save(self) -> None:
        if self.new:
            write_rows(self.model, list(self.new.values()), using=self.using)
        if self.changed:
            write_rows(self.model, [self.rows[k] for k in self.changed], using=self.using, upsert=True)


# -- bulk reads and writes for projections -------------------------------------------------
# Why not the ORM's `filter(key__in=...)`, `bulk_create` and `bulk_update`: a replay calls
# them once per page, and (measured, bench/README.md) `bulk_update` writes one CASE WHEN per
# column, quadratic in the page (~1,500 events/s when a replay updates existing rows);
# `bulk_create` spends ~40 us of Python per row compiling its statement; and on PostgreSQL
# a statement with more than 50 parameters is re-parsed by psycopg on every execution.
# These helpers convert values as Django does (`get_db_prep_save`, or its identity for
# exact built-in types), write with COPY (new rows) or one statement with an array per
# column (upserts) on PostgreSQL and multi-row VALUES on SQLite, and fall back to the ORM
# for anything they can't pass as a plain parameter.

# Rows per statement on SQLite (also bounded by its bound-parameter limit).
WRITE_CHUNK = 1000


def load_rows(model: type[models.Model], key_field: str, keys: Iterable[Any], using: str) -> Iterable[models.Model]:
    """The rows whose `key_field` is one of `keys`, in one query."""
    keys = set(keys)
    if not keys:
        return []
    connection = connections[using]
    field = model._meta.get_field(key_field)
    if connection.vendor != "postgresql" or not _plain_columns(model, connection, [field]):
        return model.objects.using(using).filter(**{f"{key_field}__in": keys})
    qn = connection.ops.quote_name
    statement = (
        f"SELECT * FROM {qn(model._meta.db_table)} "
        f"WHERE {qn(field.column)} = ANY(%s::{_array_type(field, connection)})"
    )
    return model.objects.raw(statement, [[field.get_db_prep_value(k, connection) for k in keys]], using=using)


def write_rows(model: type[models.Model], objs: list[models.Model], *, using: str, upsert: bool = False) -> None:
    """INSERT `objs` (every concrete column), or with `upsert` overwrite the rows that
    have their primary keys (INSERT ... ON CONFLICT (pk) DO UPDATE). The values go
    through the same conversions as in `bulk_create`."""
    if not objs:
        return
    connection = connections[using]
    opts = model._meta
    fields = list(opts.concrete_fields)
    if (
        connection.vendor not in ("postgresql", "sqlite")
        or not _plain_columns(model, connection, fields)
        or (opts.pk.db_returning and any(o.pk is None for o in objs))
    ):
        _write_rows_with_orm(model, objs, using=using, upsert=upsert)
        return
    preparers = _preparers(model, connection, add=not upsert)
    try:
        rows = [[prepare(obj) for prepare in preparers] for obj in objs]
    except _NotPlain:  # an expression as a value: let the ORM compile it
        _write_rows_with_orm(model, objs, using=using, upsert=upsert)
        return

    qn = connection.ops.quote_name
    insert = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
    on_conflict = ""
    if upsert:
        updated = [qn(f.column) for f in fields if not f.primary_key]
        on_conflict = f" ON CONFLICT ({qn(opts.pk.column)}) " + (
            "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in updated) if updated else "DO NOTHING"
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not upsert and hasattr(cursor.cursor, "copy"):
            # New rows: COPY (psycopg 3), the cheapest way in, about half the CPU of UNNEST.
            # (On the raw cursor, so translate its errors as Django's cursor would.)
            columns = ", ".join(qn(f.column) for f in fields)
            with connection.wrap_database_errors, cursor.cursor.copy(
                f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        elif connection.vendor == "postgresql":
            # One array per column: a short statement psycopg parses once and caches.
            arrays = ", ".join(f"%s::{_array_type(f, connection)}" for f in fields)
            cursor.execute(f"{insert}SELECT * FROM UNNEST({arrays}){on_conflict}", [list(c) for c in zip(*rows)])
        else:
            placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
            chunk = max(1, min(WRITE_CHUNK, connection.ops.bulk_batch_size(fields, objs)))
            for start in range(0, len(rows), chunk):
                part = rows[start : start + chunk]
                cursor.execute(
                    f"{insert}VALUES {', '.join([placeholder] * len(part))}{on_conflict}", [v for r in part for v in r]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


class _NotPlain(Exception):
    pass


# Field classes (exactly these, not subclasses, which may convert differently) whose
# `get_db_prep_save` returns a value of this exact Python type unchanged on PostgreSQL and
# SQLite. Skipping Django's generic path for them (to_python, get_prep_value, ...) saves
# most of the per-value cost of a write; any other value takes Django's path.
_UNCHANGED: dict[type[models.Field], type] = {
    **dict.fromkeys((models.CharField, models.TextField, models.EmailField, models.SlugField, models.URLField), str),
    **dict.fromkeys(
        (
            models.IntegerField,
            models.BigIntegerField,
            models.SmallIntegerField,
            models.PositiveIntegerField,
            models.PositiveBigIntegerField,
            models.PositiveSmallIntegerField,
        ),
        int,
    ),
    models.BooleanField: bool,
}


def _preparers(model: type[models.Model], connection: Any, *, add: bool) -> list[Callable[[models.Model], Any]]:
    """One function per concrete column: model instance -> the value to bind, equal to
    what `field.get_db_prep_save(field.pre_save(obj, add), connection)` returns."""

    def preparer(field: models.Field) -> Callable[[models.Model], Any]:
        attname, slow_prep = field.attname, field.get_db_prep_save

        def slow(value: Any) -> Any:
            if hasattr(value, "resolve_expression"):
                raise _NotPlain
            return slow_prep(value, connection)

        if _pre_save_sets_value(field, add):  # auto_now and the like
            return lambda obj: slow(field.pre_save(obj, add))
        unchanged = _UNCHANGED.get(type(field))
        if unchanged is not None:
            return lambda obj: v if type(v := getattr(obj, attname)) is unchanged else slow(v)
        if type(field) is models.UUIDField:
            if connection.features.has_native_uuid_field:
                return lambda obj: v if type(v := getattr(obj, attname)) is UUID else slow(v)
            return lambda obj: v.hex if type(v := getattr(obj, attname)) is UUID else slow(v)
        if type(field) is models.DateTimeField:
            adapt = connection.ops.adapt_datetimefield_value
            # An aware datetime passes DateTimeField.get_prep_value unchanged.
            return lambda obj: (
                adapt(v) if type(v := getattr(obj, attname)) is datetime and v.utcoffset() is not None else slow(v)
            )
        return lambda obj: slow(getattr(obj, attname))

    return [preparer(f) for f in model._meta.concrete_fields]


def _pre_save_sets_value(field: models.Field, add: bool) -> bool:
    """Does `field.pre_save` do more than read the attribute?"""
    pre_save = type(field).pre_save
    if pre_save is models.Field.pre_save:
        return False
    if pre_save in (models.DateField.pre_save, models.DateTimeField.pre_save, models.TimeField.pre_save):
        return field.auto_now or (field.auto_now_add and add)
    return True


def _plain_columns(model: type[models.Model], connection: Any, fields: list[models.Field]) -> bool:
    """Can these columns take a plain parameter (an array element on PostgreSQL)? The
    same conditions as Django's own UNNEST bulk insert, plus no database defaults and
    no generated columns."""
    for f in fields:
        target = f.target_field if f.is_relation else f
        if (
            getattr(f, "generated", False)
            or f.has_db_default()
            or hasattr(f, "get_placeholder")
            or hasattr(f, "get_placeholder_sql")
            or target.get_internal_type() not in connection.data_types
        ):
            return False
    return True


def _array_type(field: models.Field, connection: Any) -> str:
    # Without the type's parameters (varchar[], not varchar(80)[]), as Django does.
    return field.db_type(connection).split("(")[0] + "[]"


def _write_rows_with_orm(model: type[models.Model], objs: list[models.Model], *, using: str, upsert: bool) -> None:
    manager = model.objects.using(using)
    if not upsert:
        manager.bulk_create(objs)
        return
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]
    manager.bulk_update(objs, fields)


# -- registry ------------------------------------------------------------------------------
_registry: dict[str, Projection] = {}


def register(cls: type[Projection]) -> type[Projection]:
    _registry[cls.name] = cls()
    return cls


def all_projections() -> dict[str, Projection]:
    return dict(_registry)


def get_projection(name: str) -> Projection:
    try:
        return _registry[name]
    except KeyError:
        known = ", ".join(sorted(_registry)) or "none"
        raise KeyError(f"No projection named {name!r} (known: {known})") from None


# -- position ------------------------------------------------------------------------------
@dataclass
class Position:
    notification_id: int
    rebuild_to: int | None


def lock_position(name: str, using: str = DEFAULT_DB_ALIAS) -> Position:
    """The projection's position, locked until the current transaction ends: one
    statement creates the row if needed, locks it (ON CONFLICT DO UPDATE takes the row
    lock on PostgreSQL; SQLite's write transaction is exclusive anyway) and reads it."""
    table = TrackingRecord._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (application_name, notification_id) VALUES (%s, 0) "
            "ON CONFLICT (application_name) DO UPDATE SET application_name = excluded.application_name "
            "RETURNING notification_id, rebuild_to",
            [name],
        )
        notification_id, rebuild_to = cursor.fetchone()
    return Position(notification_id, rebuild_to)


def _move_position(name: str, notification_id: int, using: str) -> None:
    # The tracking recorder refuses to move a position backwards or to repeat it.
    recorder = DjangoTrackingRecorder(DjangoDatastore(using))
    with connections[using].cursor() as cursor:
        recorder._insert_tracking(cursor, Tracking(name, notification_id))


# -- applying events ---------------------------------------------------------------------
def catch_up_page(projection: Projection, *, using: str = DEFAULT_DB_ALIAS, page_size: int = PAGE_SIZE,
                  skip_rebuilding: bool = False) -> int:
    """Apply the next page of events this projection reads, in one transaction.
    Returns how many events were applied (0: up to date)."""
    with transaction.atomic(using=using):
        return _apply_next_page(projection, using=using, page_size=page_size, skip_rebuilding=skip_rebuilding)


def _apply_next_page(projection: Projection, *, using: str, page_size: int, skip_rebuilding: bool) -> int:
    """The page and the move of the position, in the caller's transaction."""
    from community.eventstore.store import event_store

    position = lock_position(projection.name, using)
    if skip_rebuilding and position.rebuild_to is not None:
        return 0
    page = event_store(using).read(after=position.notification_id, limit=page_size, topics=projection.topics())
    if not page:
        return 0
    projection.apply([(r.notification_id, r.event) for r in page], using)
    _move_position(projection.name, page[-1].notification_id, using)
    return len(page)


def catch_up(projection: Projection, *, using: str = DEFAULT_DB_ALIAS, page_size: int = PAGE_SIZE) -> int:
    applied = total = catch_up_page(projection, using=using, page_size=page_size)
    while applied:
        applied = catch_up_page(projection, using=using, page_size=page_size)
        total += applied
    return total


def inline_projections_for(topics: set[str]) -> list[Projection]:
    """The inline projections that read any of these event topics."""
    return [p for p in _registry.values() if p.inline and topics.intersection(p.topics())]


def catch_up_inline(topics: set[str], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Called inside a command's transaction after it appended events with `topics`:
    the inline projections that read them are caught up together, in that transaction
    (no savepoints: the command is all or nothing). Their positions are locked in one
    statement, the log is read once for all of them, and their positions move in one
    statement; each projection gets only the events it reads and has not applied."""
    from community.eventstore.store import event_store

    projections = inline_projections_for(topics)
    if not projections:
        return
    positions = lock_positions(sorted(p.name for p in projections), using)
    active = [p for p in projections if positions[p.name].rebuild_to is None]  # a rebuild will get there
    if not active:
        return
    wanted = {p.name: set(p.topics()) for p in active}
    after = min(positions[p.name].notification_id for p in active)
    all_topics = sorted(set().union(*wanted.values()))
    while True:
        page = event_store(using).read(after=after, limit=PAGE_SIZE, topics=all_topics)
        if not page:
            return
        moved: dict[str, int] = {}
        for projection in active:
            done = positions[projection.name].notification_id
            mine = [
                (r.notification_id, r.event)
                for r in page
                if r.notification_id > done and get_topic(type(r.event)) in wanted[projection.name]
            ]
            if mine:
                projection.apply(mine, using)
                moved[projection.name] = mine[-1][0]
        move_positions(moved, using)
        for name, notification_id in moved.items():
            positions[name] = Position(notification_id, None)
        if len(page) < PAGE_SIZE:
            return
        after = page[-1].notification_id


def lock_positions(names: list[str], using: str) -> dict[str, Position]:
    """Several positions, created if needed, locked and read in one statement."""
    table = TrackingRecord._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (application_name, notification_id) VALUES {', '.join(['(%s, 0)'] * len(names))} "
            "ON CONFLICT (application_name) DO UPDATE SET application_name = excluded.application_name "
            "RETURNING application_name, notification_id, rebuild_to",
            names,
        )
        return {name: Position(notification_id, rebuild_to) for name, notification_id, rebuild_to in cursor.fetchall()}


def move_positions(moved: dict[str, int], using: str) -> None:
    """Move several positions forward in one statement; refuse (and so roll back the
    whole transaction) if any would not move forward."""
    if not moved:
        return
    table = TrackingRecord._meta.db_table
    rows = " UNION ALL ".join(["SELECT CAST(%s AS TEXT) AS name, CAST(%s AS BIGINT) AS position"] * len(moved))
    params = [x for name, notification_id in moved.items() for x in (name, notification_id)]
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET notification_id = v.position FROM ({rows}) AS v "
            f"WHERE {table}.application_name = v.name AND {table}.notification_id < v.position",
            params,
        )
        if cursor.rowcount != len(moved):
            raise IntegrityError(f"Projection positions would not move forward: {moved}")


def rebuild(
    projection: Projection,
    *,
    using: str = DEFAULT_DB_ALIAS,
    page_size: int = PAGE_SIZE,
    on_page: Callable[[int, int, int], None] | None = None,
) -> int:
    """Wipe the projection and its position together, then replay the log into it.

    If an earlier rebuild was interrupted (its `rebuild_to` mark is still set), resume it
    from its position instead of wiping again. Returns the number of events applied.
    `on_page(applied_in_page, position, target)` reports progress."""
    from community.eventstore.store import event_store

    store = event_store(using)
    connection = connections[using]
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner: right after a bulk import the log has none, and
        # each page query would then scan and sort every later event (measured: 38 ms a page
        # instead of 0.3 ms on 100,000 events).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {store.recorder.table}")
    with transaction.atomic(using=using):
        position = lock_position(projection.name, using)
        target = store.max_notification_id()
        if position.rebuild_to is None:
            projection.wipe(using)
            TrackingRecord.objects.using(using).filter(application_name=projection.name).update(
                notification_id=0, rebuild_to=target
            )
            start = 0
        else:
            start = position.notification_id
            target = max(target, position.rebuild_to)
    if on_page:
        on_page(0, start, target)
    total = 0
    while True:
        applied = catch_up_page(projection, using=using, page_size=page_size)
        total += applied
        if on_page and applied:
            on_page(applied, position_of(projection.name, using), target)
        if not applied:
            break
    TrackingRecord.objects.using(using).filter(application_name=projection.name).update(rebuild_to=None)
    return total


def position_of(name: str, using: str = DEFAULT_DB_ALIAS) -> int:
    row = TrackingRecord.objects.using(using).filter(application_name=name).values_list("notification_id", flat=True)
    return next(iter(row), 0)
