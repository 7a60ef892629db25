"""Moving consumers along the log: a page at a time (the worker, tests), up to date
(`catch_up`), and rebuilding a projection from nothing (`rebuild`).

Each page is one transaction: the consumer's position is locked, the next events of its
types are read, applied, and the position moves, all or nothing. Two processes running
the same consumer (a worker and a rebuild, two workers) take turns on that lock, so
nothing is applied twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from eventstore.consumers import PAGE_SIZE, Consumer
from eventstore.context import acting_as
from eventstore.prepared import forget_prepared_pages
from eventstore.projections import Projection
from eventstore.store import event_store


def catch_up_page(
    consumer: Consumer, *, using: str = DEFAULT_DB_ALIAS, page_size: int = PAGE_SIZE, skip_if_busy: bool = False
) -> int:
    """Apply the next page of events this consumer reads, in one transaction.
    Returns how many events were applied (0: up to date, or, with `skip_if_busy`, another
    process is running this consumer on PostgreSQL just now)."""
    store = event_store(using)
    with transaction.atomic(using=using):
        if skip_if_busy and not try_consumer_lock(consumer.name, using=using):
            return 0
        position = store.tracking.lock_positions([consumer.name])[consumer.name]
        page = store.read_events(after=position.notification_id, limit=page_size, types=consumer.events)
        if not page:
            return 0
        # Whatever a consumer appends, the system does it, for this consumer.
        with acting_as(None, "system", f"{consumer.name}"):
            consumer.apply(page, using)
        store.tracking.move_positions({consumer.name: page[-1][0]})
        return len(page)


# Advisory lock keys: (our namespace, the consumer's name hashed by PostgreSQL).
ADVISORY_NAMESPACE = 0x0C0E  # "convene consumers"


def try_consumer_lock(name: str, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """On PostgreSQL, take the transaction-level advisory lock that says "this process runs
    consumer `name` now", without waiting: False when another worker holds it (it is
    released when the page's transaction ends). SQLite needs none: a write transaction
    is exclusive there (BEGIN IMMEDIATE), so two workers take turns anyway."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [ADVISORY_NAMESPACE, name])
        return bool(cursor.fetchone()[0])


def catch_up(consumer: Consumer, *, using: str = DEFAULT_DB_ALIAS, page_size: int = PAGE_SIZE) -> int:
    """Apply pages until the consumer is up to date; returns how many events it applied."""
    total = 0
    while applied := catch_up_page(consumer, using=using, page_size=page_size):
        total += applied
    return total


# The log's planner statistics are fresh enough while it has grown by less than this
# share since its last ANALYZE (docs/decisions/0004-replay.md).
STATISTICS_SLACK = 0.1


def fresh_statistics(table: str, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """On PostgreSQL, ANALYZE the event table unless its statistics are fresh enough:
    right after a bulk import it has none, and each page query of a rebuild would scan
    and sort every later event (docs/decisions/0004-replay.md). Fresh enough: its ids
    grew by less than STATISTICS_SLACK since the last ANALYZE (the highest id that
    ANALYZE saw, the last bound of the id column's histogram; a large table is sampled,
    so that bound may be a little lower: this errs towards analysing). Returns whether it
    analysed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {table}), (SELECT s.histogram_bounds::text FROM pg_stats s "
            "JOIN pg_class c ON c.relname = s.tablename JOIN pg_namespace n ON n.oid = c.relnamespace "
            "AND n.nspname = s.schemaname WHERE c.oid = %s::regclass AND s.attname = 'id')",
            [table],
        )
        last_id, bounds = cursor.fetchone()
        analysed_up_to = int(bounds.strip("{}").split(",")[-1]) if bounds else None
        if last_id is None or (analysed_up_to is not None and last_id <= analysed_up_to * (1 + STATISTICS_SLACK)):
            return False
        cursor.execute(f"ANALYZE {table}")
    return True


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
    `on_page(applied_in_page, position, target)` reports progress. Only projections are
    rebuilt: an automation is never replayed, so a rebuild never sends anything again."""
    return sum(rebuild_pages(projection, using=using, page_size=page_size, on_page=on_page))


def rebuild_pages(
    projection: Projection,
    *,
    using: str = DEFAULT_DB_ALIAS,
    page_size: int = PAGE_SIZE,
    on_page: Callable[[int, int, int], None] | None = None,
) -> Iterator[int]:
    """`rebuild`, a page at a time: each step applies one page (the first also wipes) and
    yields how many events it applied. Left before the end, it is an interrupted rebuild
    (the next one resumes it). The benchmarks interleave two rebuilds with it."""
    store = event_store(using)
    fresh_statistics(store.recorder.table, using=using)
    with transaction.atomic(using=using):
        position = store.tracking.lock_positions([projection.name])[projection.name]
        target = store.max_notification_id()
        if position.rebuild_to is None:
            projection.wipe(using)
            store.tracking.start_rebuild(projection.name, target=target)
            start = 0
        else:
            start = position.notification_id
            target = max(target, position.rebuild_to)
    if on_page:
        on_page(0, start, target)
    while applied := catch_up_page(projection, using=using, page_size=page_size):
        if on_page:
            on_page(applied, store.tracking.position(projection.name).notification_id, target)
        yield applied
    store.tracking.end_rebuild(projection.name)
    # Its rows may now say what no new event announced (an erasure): pages render again.
    forget_prepared_pages(using)
