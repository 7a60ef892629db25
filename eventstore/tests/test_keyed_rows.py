"""KeyedRows and its bulk helpers (eventstore/bulk.py), on the event store's own test model:
the rows they write are exactly what the ORM writes,
on SQLite and PostgreSQL, including the upsert of changed rows (on PostgreSQL through a
staging table), rows given as tuples (`write_values`) and the ORM fallback."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.db.models import F

from eventstore import bulk
from eventstore.bulk import KeyedRows, load_rows, write_rows, write_values
from eventstore.tests.app.models import Note

T0 = datetime(2026, 3, 1, 18, 30, 15, 123456, tzinfo=UTC)
MAY_STAGE = bulk._may_stage  # (the fixture below replaces it in one of its runs)


def note(n: int, **changes) -> Note:
    values = dict(
        note_id=uuid4(), number=n, author=f"n{n}@example.com", title=f"Note {n}", text=f"Text 'of' \"{n}\"\\",
        tags=[f"https://example.com/{n}", {"nested": [n, None, True]}], pinned=n % 2 == 0,
        taken_at=T0 + timedelta(days=n), changed_at=T0 + timedelta(days=n, microseconds=n), version=n,
    )
    return Note(**values | changes)


def table() -> list[dict]:
    return list(Note.objects.order_by("number").values())


@pytest.fixture(autouse=True, params=["staged", "one statement", "no TEMP privilege"])
def stage_rows(request, monkeypatch):
    """Every test three times: with PostgreSQL's staging table for any number of rows that
    may conflict, with none (one UNNEST statement: fewer rows than STAGE_ROWS), and
    without the privilege to make temporary tables."""
    monkeypatch.setattr(bulk, "STAGE_ROWS", 10**9 if request.param == "one statement" else 1)
    if request.param == "no TEMP privilege":
        monkeypatch.setattr(bulk, "_may_stage", lambda connection: False)


@pytest.fixture
def no_orm_fallback(monkeypatch):
    """The fast path must serve projection models like this one (it is what makes replays fast)."""

    def refuse(*args, **kwargs):
        raise AssertionError("write_rows fell back to the ORM")

    monkeypatch.setattr(bulk, "_write_rows_with_orm", refuse)


@pytest.mark.django_db
def test_written_rows_equal_what_bulk_create_writes(no_orm_fallback):
    objs = [note(n) for n in range(1, 6)] + [note(6, text="", tags=[], author="x@example.com")]
    with transaction.atomic():
        Note.objects.bulk_create(objs)
        expected = table()
        transaction.set_rollback(True)
    write_rows(Note, objs, using="default")
    assert table() == expected
    assert all(not o._state.adding and o._state.db == "default" for o in objs)


@pytest.mark.django_db
def test_upsert_overwrites_every_column_of_existing_rows_and_keeps_the_others(no_orm_fallback):
    objs = [note(n) for n in range(1, 5)]
    write_rows(Note, objs, using="default")
    for o in objs[:2]:
        # number is unique: rewriting the same value must not trip over it.
        o.title, o.text, o.tags, o.pinned = "Renamed", "New text", ["https://new.example"], True
        o.changed_at, o.version = T0 + timedelta(days=100), o.version + 10
    with transaction.atomic():
        fields = ["title", "text", "tags", "pinned", "changed_at", "version"]
        Note.objects.bulk_update(objs[:2], fields)
        expected = table()
        transaction.set_rollback(True)
    write_rows(Note, objs[:2], using="default", upsert=True)
    assert table() == expected
    assert [r["title"] for r in expected] == ["Renamed", "Renamed", "Note 3", "Note 4"]
    write_rows(Note, objs[:2], using="default", upsert=True)  # idempotent
    assert table() == expected


@pytest.mark.django_db
def test_inserting_a_row_that_exists_fails_as_bulk_create_would():
    obj = note(1)
    write_rows(Note, [obj], using="default")
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(Note, [note(2, note_id=obj.note_id)], using="default")
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(Note, [note(1)], using="default")  # unique number


@pytest.mark.django_db
def test_ignore_conflicts_keeps_the_rows_there_and_inserts_the_others(no_orm_fallback):
    objs = [note(n) for n in range(1, 4)]
    write_rows(Note, objs[:2], using="default")
    before = table()
    again = [note(1, note_id=objs[0].note_id, number=10, title="Not written"), objs[2]]
    write_rows(Note, again, using="default", ignore_conflicts=True)
    after = table()
    assert after[:2] == before  # the row already there is kept as it was
    assert [r["title"] for r in after] == ["Note 1", "Note 2", "Note 3"]
    write_rows(Note, again, using="default", ignore_conflicts=True)  # idempotent
    assert table() == after


@pytest.mark.django_db
def test_an_expression_as_a_value_goes_through_the_orm():
    objs = [note(1), note(2)]
    write_rows(Note, objs, using="default")
    objs[0].version = F("version") + 100
    write_rows(Note, objs, using="default", upsert=True)
    assert list(Note.objects.order_by("number").values_list("version", flat=True)) == [101, 2]


@pytest.mark.django_db
def test_load_rows_returns_the_rows_of_the_keys():
    objs = [note(n) for n in range(1, 8)]
    write_rows(Note, objs, using="default")
    keys = [objs[1].note_id, objs[4].note_id, uuid4()]
    loaded = {m.note_id: m for m in load_rows(Note, "note_id", iter(keys), "default")}
    assert set(loaded) == set(keys[:2])
    assert loaded[objs[1].note_id].tags == objs[1].tags
    assert loaded[objs[4].note_id].taken_at == objs[4].taken_at
    assert list(load_rows(Note, "note_id", [], "default")) == []
    by_other_field = load_rows(Note, "number", [3, 99], "default")
    assert [m.note_id for m in by_other_field] == [objs[2].note_id]


@pytest.mark.django_db
def test_keyed_rows_adds_changes_and_leaves_the_rest(no_orm_fallback):
    existing = [note(n) for n in range(1, 4)]
    write_rows(Note, existing, using="default")
    fresh = note(10)
    rows = KeyedRows(Note, "note_id", [existing[0].note_id, existing[1].note_id, fresh.note_id], "default")
    assert set(rows.rows) == {existing[0].note_id, existing[1].note_id}
    rows.add(fresh.note_id, fresh)
    rows.get(fresh.note_id).text = "changed before its first save"
    rows.touch(fresh.note_id)  # new rows are written whole anyway
    rows.get(existing[0].note_id).title = "Changed"
    rows.touch(existing[0].note_id)
    rows.get(existing[1].note_id).title = "Changed but not touched"
    with transaction.atomic():
        rows.save()
    names = dict(Note.objects.values_list("number", "title"))
    assert names == {1: "Changed", 2: "Note 2", 3: "Note 3", 10: "Note 10"}
    assert Note.objects.get(number=10).text == "changed before its first save"


@pytest.mark.django_db
def test_awkward_text_survives_and_database_errors_are_djangos(no_orm_fallback):
    # On PostgreSQL new rows go in with COPY: tabs, newlines, backslashes, "\\N".
    obj = note(1, text="tab\tnewline\nbackslash\\N end, quote ' \"")
    write_rows(Note, [obj], using="default")
    assert Note.objects.get().text == "tab\tnewline\nbackslash\\N end, quote ' \""
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(Note, [note(2, tags=None)], using="default")  # NOT NULL column


def values_of(obj: Note) -> tuple:
    return tuple(getattr(obj, f.attname) for f in Note._meta.concrete_fields)


@pytest.mark.django_db
def test_write_values_writes_what_write_rows_writes(no_orm_fallback):
    objs = [note(n) for n in range(1, 5)] + [note(5, text="tab\tnewline\nbackslash\\N", tags=[])]
    with transaction.atomic():
        write_rows(Note, objs, using="default")
        expected = table()
        transaction.set_rollback(True)
    write_values(Note, [values_of(o) for o in objs], using="default")
    assert table() == expected


@pytest.mark.django_db
def test_write_values_ignore_conflicts_keeps_the_rows_there(no_orm_fallback):
    objs = [note(n) for n in range(1, 4)]
    write_values(Note, [values_of(o) for o in objs[:2]], using="default")
    before = table()
    again = [values_of(note(1, note_id=objs[0].note_id, number=10, title="Not written")), values_of(objs[2])]
    with transaction.atomic():
        write_values(Note, again, using="default", ignore_conflicts=True)
        write_values(Note, again, using="default", ignore_conflicts=True)  # idempotent, in the same transaction
    after = table()
    assert after[:2] == before
    assert [r["title"] for r in after] == ["Note 1", "Note 2", "Note 3"]
    with pytest.raises(IntegrityError), transaction.atomic():
        write_values(Note, [values_of(note(4, note_id=objs[0].note_id))], using="default")


@pytest.mark.django_db
def test_upserts_in_one_transaction_write_only_their_own_rows(no_orm_fallback):
    # On PostgreSQL both go through the same staging table: the second must not see the first's rows.
    objs = [note(n) for n in range(1, 4)]
    write_rows(Note, objs, using="default")
    with transaction.atomic():
        objs[0].title = "First"
        write_rows(Note, [objs[0]], using="default", upsert=True)
        objs[0].title = "Changed again, not written"
        objs[1].title, objs[1].text = "Second", "tab\tnewline\nbackslash\\N end, quote ' \""
        write_rows(Note, [objs[1]], using="default", upsert=True)
    assert [r["title"] for r in table()] == ["First", "Second", "Note 3"]
    assert Note.objects.get(number=2).text == "tab\tnewline\nbackslash\\N end, quote ' \""
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(Note, [note(9, note_id=objs[2].note_id, number=1)], using="default", upsert=True)  # unique number
    write_rows(Note, [objs[2]], using="default", upsert=True)  # after a rollback, once more
    assert Note.objects.count() == 3


@pytest.mark.django_db
def test_the_temp_privilege_is_asked_once_per_connection():
    if connection.vendor != "postgresql":
        return
    with CaptureQueriesContext(connection) as queries:
        assert MAY_STAGE(connection) is True  # PUBLIC's by default
        assert MAY_STAGE(connection) is True
    assert len(queries.captured_queries) <= 1
