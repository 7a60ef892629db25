"""Fast batch reads and writes for projections: what makes a replay fast on both
databases. Why not the ORM's bulk methods, and what was measured:
docs/decisions/0003-bulk-writer.md.

    rows = KeyedRows(Member, "member_id", keys_of_the_page, using)
    row = rows.get(key); row.display_name = ...; rows.touch(key)
    rows.add(new_key, Member(...))
    rows.save()          # new rows inserted, changed rows upserted: a few statements a page
"""

from __future__ import annotations

import zlib
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

    def __init__(
        self, model: type[models.Model], key_field: str, keys: Iterable[Any], using: str, *, omit: Iterable[str] = ()
    ):
        self.model = model
        self.key_field = key_field
        self.using = using
        self.omit = tuple(omit)  # columns `save()` leaves alone (see `write_rows`)
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
            write_rows(self.model, list(self.new.values()), using=self.using, omit=self.omit)
        if self.changed:
            write_rows(self.model, [self.rows[k] for k in self.changed], using=self.using, upsert=True, omit=self.omit)


# The helpers below convert values as Django does (`get_db_prep_save`, or its identity for
# exact built-in types), write with COPY (new rows) or one statement with an array per
# column (upserts) on PostgreSQL and multi-row VALUES on SQLite, and fall back to the ORM
# for anything they can't pass as a plain parameter (docs/decisions/0003-bulk-writer.md).

# Rows per statement on SQLite (also bounded by its bound-parameter limit).
WRITE_CHUNK = 1000
# On PostgreSQL, rows that may conflict go through a staging table (COPY, then one
# INSERT ... SELECT) from this many on: below, the two more statements cost more than
# psycopg's dumping of the arrays of one UNNEST statement (a command's inline upsert of a
# row or two stays one statement). Measured: docs/decisions/0017-rebuild-speed.md, session 4.
STAGE_ROWS = 64


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
    omit: Iterable[str] = (),
) -> None:
    """INSERT `objs` (every concrete column), or with `upsert` overwrite the rows that
    have their primary keys (INSERT ... ON CONFLICT (pk) DO UPDATE), or with
    `ignore_conflicts` keep those rows as they are (ON CONFLICT (pk) DO NOTHING, as
    `bulk_create(ignore_conflicts=True)` but on the primary key only). The values go
    through the same conversions as in `bulk_create`.

    New rows of a model with an auto-increment key and no ids set take the ORM's path,
    which reads the ids back into `objs`; with `read_back_ids=False` they take the fast
    path instead, the database numbers them and `objs` keep `pk=None` (for a projector
    that never uses the ids of the rows it writes).

    `omit` names nullable fields whose columns are left alone: a new row gets NULL, an
    existing row keeps its value (a column the projector fills otherwise, such as the
    archive's search document)."""
    if not objs:
        return
    connection = connections[using]
    opts = model._meta
    omitted = set(omit)
    fields = [f for f in opts.concrete_fields if f.name not in omitted]
    assert all(opts.get_field(name).null for name in omitted), "only nullable columns can be omitted"
    if not read_back_ids and not upsert and opts.pk.db_returning and all(o.pk is None for o in objs):
        fields = [f for f in fields if f is not opts.pk]
    if (
        connection.vendor not in ("postgresql", "sqlite")
        or not _plain_columns(model, connection, fields)
        or (opts.pk in fields and opts.pk.db_returning and any(o.pk is None for o in objs))
    ):
        _write_rows_with_orm(model, objs, using=using, upsert=upsert, ignore_conflicts=ignore_conflicts, fields=fields)
        return
    preparers = _preparers(model, connection, add=not upsert, fields=fields)
    try:
        rows = [[prepare(obj) for prepare in preparers] for obj in objs]
    except _NotPlain:  # an expression as a value: let the ORM compile it
        _write_rows_with_orm(model, objs, using=using, upsert=upsert, ignore_conflicts=ignore_conflicts, fields=fields)
        return
    _write_prepared(model, fields, rows, connection, upsert=upsert, ignore_conflicts=ignore_conflicts)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


def write_values(model: type[models.Model], rows: list[tuple[Any, ...]], *, using: str, ignore_conflicts: bool = False) -> None:
    """INSERT rows given as tuples of Python values, one per concrete column in
    `model._meta.concrete_fields` order, without making model instances (the audit
    index writes every event of the log: an instance costs more than its row).
    `ignore_conflicts` as in `write_rows`. The values go through the same conversions as
    in `write_rows`; a model whose columns need more (a field whose `pre_save` sets a
    value, an expression, a column the fast path can't take) is written by `write_rows`."""
    if not rows:
        return
    connection = connections[using]
    fields = list(model._meta.concrete_fields)
    if (
        connection.vendor not in ("postgresql", "sqlite")
        or not _plain_columns(model, connection, fields)
        or any(_pre_save_sets_value(f, True) for f in fields)
    ):
        write_rows(model, [_instance(model, fields, row) for row in rows], using=using, ignore_conflicts=ignore_conflicts)
        return
    converters = [_value_preparer(f, connection) for f in fields]
    try:
        prepared = [[convert(value) for convert, value in zip(converters, row, strict=True)] for row in rows]
    except _NotPlain:
        write_rows(model, [_instance(model, fields, row) for row in rows], using=using, ignore_conflicts=ignore_conflicts)
        return
    _write_prepared(model, fields, prepared, connection, upsert=False, ignore_conflicts=ignore_conflicts)


def _instance(model: type[models.Model], fields: list[models.Field], row: tuple[Any, ...]) -> models.Model:
    return model(**{f.attname: value for f, value in zip(fields, row, strict=True)})


def _write_prepared(
    model: type[models.Model],
    fields: list[models.Field],
    rows: list[list[Any]],
    connection: Any,
    *,
    upsert: bool,
    ignore_conflicts: bool,
) -> None:
    """Write rows of values ready to bind (one per field of `fields`) in a few statements."""
    opts = model._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    insert = f"INSERT INTO {qn(opts.db_table)} ({columns}) "
    on_conflict = ""
    if ignore_conflicts and not upsert:
        on_conflict = f" ON CONFLICT ({qn(opts.pk.column)}) DO NOTHING"
    if upsert:
        updated = [qn(f.column) for f in fields if not f.primary_key]
        on_conflict = f" ON CONFLICT ({qn(opts.pk.column)}) " + (
            "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in updated) if updated else "DO NOTHING"
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy") and (
            not on_conflict or (len(rows) >= STAGE_ROWS and _may_stage(connection))
        ):
            # COPY (psycopg 3), the cheapest way in (docs/decisions/0003-bulk-writer.md): new
            # rows straight into the table; many rows that may conflict into a staging table
            # of this connection first, moved on with one INSERT ... SELECT ... ON CONFLICT.
            # (On the raw cursor, so translate its errors as Django's cursor would.)
            staging = _staging_table(cursor, opts.db_table, [f.column for f in fields], qn) if on_conflict else None
            with connection.wrap_database_errors, cursor.cursor.copy(
                f"COPY {qn(staging or opts.db_table)} ({columns}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            if staging:
                # Emptied as it is read: a second write in the same transaction starts clean.
                cursor.execute(
                    f"WITH staged AS (DELETE FROM {qn(staging)} RETURNING {columns}) "
                    f"{insert}SELECT {columns} FROM staged{on_conflict}"
                )
        elif connection.vendor == "postgresql":
            # One array per column: a short statement psycopg parses once and caches.
            arrays = ", ".join(f"%s::{_array_type(f, connection)}" for f in fields)
            cursor.execute(f"{insert}SELECT * FROM UNNEST({arrays}){on_conflict}", [list(c) for c in zip(*rows)])
        else:
            placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
            chunk = max(1, min(WRITE_CHUNK, connection.ops.bulk_batch_size(fields, rows)))
            for start in range(0, len(rows), chunk):
                part = rows[start : start + chunk]
                cursor.execute(
                    f"{insert}VALUES {', '.join([placeholder] * len(part))}{on_conflict}", [v for r in part for v in r]
                )


def _may_stage(connection: Any) -> bool:
    """May this database connection make temporary tables? (The TEMP privilege: PUBLIC's
    by default; where it was revoked, rows that may conflict take the UNNEST statement.)
    Asked once per connection to the server."""
    raw = connection.connection
    known = getattr(connection, "_bulk_may_stage", None)
    if known is not None and known[0] is raw:
        return known[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_database_privilege(current_database(), 'TEMP')")
        allowed = bool(cursor.fetchone()[0])
    connection._bulk_may_stage = (raw, allowed)
    return allowed


def _staging_table(cursor: Any, table: str, columns: list[str], qn: Callable[[str], str]) -> str:
    """A temporary table of this connection with these columns of `table` (their types,
    no constraints), emptied at every commit; made the first time it is needed (again
    after a rollback undid it)."""
    # Named by the table and its columns (a long table name is cut to PostgreSQL's 63 characters).
    name = f"stage_{zlib.crc32(f'{table}:{",".join(columns)}'.encode()):08x}_{table}"[:63]
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {qn(name)} ON COMMIT DELETE ROWS AS "
        f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)} WITH NO DATA"
    )
    return name


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


def _value_preparer(field: models.Field, connection: Any) -> Callable[[Any], Any]:
    """`_preparers` for a value rather than a model instance (for `write_values`): the
    value -> the value to bind, equal to what `field.get_db_prep_save(value, connection)`
    returns. (Two copies of the same dispatch: a call less per value in `_preparers`.)"""
    slow_prep = field.get_db_prep_save

    def slow(value: Any) -> Any:
        if hasattr(value, "resolve_expression"):
            raise _NotPlain
        return slow_prep(value, connection)

    unchanged = _UNCHANGED.get(type(field))
    if unchanged is not None:
        return lambda v: v if type(v) is unchanged else slow(v)
    if type(field) is models.UUIDField:
        if connection.features.has_native_uuid_field:
            return lambda v: v if type(v) is UUID else slow(v)
        return lambda v: v.hex if type(v) is UUID else slow(v)
    if type(field) is models.DateTimeField:
        adapt = connection.ops.adapt_datetimefield_value
        # An aware datetime passes DateTimeField.get_prep_value unchanged.
        return lambda v: adapt(v) if type(v) is datetime and v.utcoffset() is not None else slow(v)
    return slow


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
    model: type[models.Model],
    objs: list[models.Model],
    *,
    using: str,
    upsert: bool,
    ignore_conflicts: bool = False,
    fields: list[models.Field] | None = None,
) -> None:
    manager = model.objects.using(using)
    if not upsert:
        manager.bulk_create(objs, ignore_conflicts=ignore_conflicts)  # an omitted column: as the objects hold it
        return
    fields = [
        f.name for f in (fields or model._meta.concrete_fields) if not f.primary_key and not getattr(f, "generated", False)
    ]
    manager.bulk_update(objs, fields)
