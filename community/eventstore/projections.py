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
from typing import Any, ClassVar

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from eventsourcing.persistence import Tracking
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
        return sorted(get_topic(c) for c in cls.events)

    @abstractmethod
    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        """Write the effect of the page."""

    def wipe(self, using: str) -> None:
        for model in self.models:
            model.objects.using(using).all()._raw_delete(using)


class KeyedRows:
    """Batch helper for a projection with one row per key: loads the page's rows in one
    query, lets handlers change them in memory, writes them back in bulk. This is what
    makes a replay fast (tens of thousands of events a second) on both databases."""

    def __init__(self, model: type[models.Model], key_field: str, keys: Iterable[Any], using: str):
        self.model = model
        self.key_field = key_field
        self.using = using
        self.rows: dict[Any, models.Model] = {
            getattr(r, key_field): r for r in model.objects.using(using).filter(**{f"{key_field}__in": set(keys)})
        }
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
        manager = self.model.objects.using(self.using)
        if self.new:
            manager.bulk_create(list(self.new.values()))
        if self.changed:
            fields = [f.name for f in self.model._meta.concrete_fields if not f.primary_key]
            manager.bulk_update([self.rows[k] for k in self.changed], fields)


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
    """The projection's position, locked until the current transaction ends."""
    TrackingRecord.objects.using(using).bulk_create(
        [TrackingRecord(application_name=name, notification_id=0)], ignore_conflicts=True
    )
    row = TrackingRecord.objects.using(using).select_for_update().get(application_name=name)
    return Position(row.notification_id, row.rebuild_to)


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
    from community.eventstore.store import event_store

    store = event_store(using)
    with transaction.atomic(using=using):
        position = lock_position(projection.name, using)
        if skip_rebuilding and position.rebuild_to is not None:
            return 0
        page = store.read(after=position.notification_id, limit=page_size, topics=projection.topics())
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


def catch_up_inline(topics: set[str], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Called inside a command's transaction after it appended events with `topics`."""
    for projection in _registry.values():
        if projection.inline and topics.intersection(projection.topics()):
            while catch_up_page(projection, using=using, skip_rebuilding=True):
                pass


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
