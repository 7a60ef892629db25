"""Fast batch reads and writes for projections: what makes a replay fast on both
databases. Why not the ORM's bulk methods, and what was measured:
docs/decisions/0003-bulk-writer.md.

    rows = KeyedRows(Member, "member_id", keys_of_the_page, using)
    row = rows.get(key); row.display_name = ...; rows.touch(key)
    rows.add(new_key, Member(...))
    rows.save()          # new rows inserted, changed rows upserted: a few statements a page
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import connections, models


class KeyedRows:
    """Batch helper for a projection with one row per key: loads the page's rows in one
    query, lets handlers change them in memory, writes them back in bulk.

    `save()` inserts the new rows and upserts the changed ones on their primary key
    (see `write_rows`): one or a few statements per page whatever its size."""

    def __init__(self, model: type[models.Model], key_field: str, keys: Iterable[Any], using: str):
        self.model = model
        self.key_field = key_field
        self.using = using
        self.rows: dict[Any, models.Model] = {getattr(r, key_field): r for r in load_rows(model, key_field, keys, using)}
        self.new: dict[Any, models.Model] = {}
        self.changed: set[Any] = set()

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


# The helpers below convert values as Django does (`get_db_prep_save`, or its identity for
# exact built-in types), write with COPY (new rows) or one statement with an array per
# column (upserts) on PostgreSQL and multi-row VALUES on SQLite, and fall back to the ORM
# for anything they can't pass as a plain parameter (docs/decisions/0003-bulk-writer.md).

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


def write_rows(
    model: type[models.Model],
    objs: list[models.Model],
    *,
    using: str,
    upsert: bool = False,
    ignore_conflicts: bool = False,
    read_back_ids: bool = True,
) -> None:
    """INSERT `objs` (every concrete column), or with `upsert` overwrite the rows that
    have their primary keys (INSERT ... ON CONFLICT (pk) DO UPDATE), or with
    `ignore_conflicts` keep those rows as they are (ON CONFLICT (pk) DO NOTHING, as
    `bulk_create(ignore_conflicts=True)` but on the primary key only). The values go
    through the same conversions as in `bulk_create`.

    New rows of a model with an auto-increment key and no ids set take the ORM's path,
    which reads the ids back into `objs`; with `read_back_ids=False` they take the fast
    path instead, the database numbers them and `objs` keep `pk=None` (for a projector
    that never uses the ids of the rows it writes)."""
    if not objs:
        return
    connection = connections[using]
    opts = model._meta
    fields = list(opts.concrete_fields)
    if not read_back_ids and not upsert and opts.pk.db_returning and all(o.pk is None for o in objs):
        fields = [f for f in fields if f is not opts.pk]
    if (
        connection.vendor not in ("postgresql", "sqlite")
        or not _plain_columns(model, connection, fields)
        or (opts.pk in fields and opts.pk.db_returning and any(o.pk is None for o in objs))
    ):
        _write_rows_with_orm(model, objs, using=using, upsert=upsert, ignore_conflicts=ignore_conflicts)
        return
    preparers = _preparers(model, connection, add=not upsert, fields=fields)
    try:
        rows = [[prepare(obj) for prepare in preparers] for obj in objs]
    except _NotPlain:  # an expression as a value: let the ORM compile it
        _write_rows_with_orm(model, objs, using=using, upsert=upsert, ignore_conflicts=ignore_conflicts)
        return

    qn = connection.ops.quote_name
    insert = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
    on_conflict = ""
    if ignore_conflicts and not upsert:
        on_conflict = f" ON CONFLICT ({qn(opts.pk.column)}) DO NOTHING"
    if upsert:
        updated = [qn(f.column) for f in fields if not f.primary_key]
        on_conflict = f" ON CONFLICT ({qn(opts.pk.column)}) " + (
            "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in updated) if updated else "DO NOTHING"
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not on_conflict and hasattr(cursor.cursor, "copy"):
            # New rows: COPY (psycopg 3), the cheapest way in (docs/decisions/0003-bulk-writer.md).
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


def _preparers(
    model: type[models.Model], connection: Any, *, add: bool, fields: list[models.Field] | None = None
) -> list[Callable[[models.Model], Any]]:
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

    return [preparer(f) for f in (model._meta.concrete_fields if fields is None else fields)]


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


def _write_rows_with_orm(
    model: type[models.Model], objs: list[models.Model], *, using: str, upsert: bool, ignore_conflicts: bool = False
) -> None:
    manager = model.objects.using(using)
    if not upsert:
        manager.bulk_create(objs, ignore_conflicts=ignore_conflicts)
        return
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]
    manager.bulk_update(objs, fields)
