"""KeyedRows and its bulk helpers: the rows they write are exactly what the ORM writes,
on SQLite and PostgreSQL, including the upsert of changed rows and the ORM fallback."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from community.eventstore import projections
from community.eventstore.projections import KeyedRows, load_rows, write_rows
from membership.members.projection import Member

T0 = datetime(2026, 3, 1, 18, 30, 15, 123456, tzinfo=UTC)


def member(n: int, **changes) -> Member:
    values = dict(
        member_id=uuid4(), user_id=n, email=f"m{n}@example.com", display_name=f"Member {n}", bio=f"Bio 'of' \"{n}\"\\",
        links=[f"https://example.com/{n}", {"nested": [n, None, True]}], is_organiser=n % 2 == 0,
        joined_at=T0 + timedelta(days=n), updated_at=T0 + timedelta(days=n, microseconds=n), version=n,
    )
    return Member(**values | changes)


def table() -> list[dict]:
    return list(Member.objects.order_by("user_id").values())


@pytest.fixture
def no_orm_fallback(monkeypatch):
    """The fast path must serve the projection models (it is what makes replays fast)."""

    def refuse(*args, **kwargs):
        raise AssertionError("write_rows fell back to the ORM")

    monkeypatch.setattr(projections, "_write_rows_with_orm", refuse)


@pytest.mark.django_db
def test_written_rows_equal_what_bulk_create_writes(no_orm_fallback):
    objs = [member(n) for n in range(1, 6)] + [member(6, bio="", links=[], email="x@example.com")]
    with transaction.atomic():
        Member.objects.bulk_create(objs)
        expected = table()
        transaction.set_rollback(True)
    write_rows(Member, objs, using="default")
    assert table() == expected
    assert all(not o._state.adding and o._state.db == "default" for o in objs)


@pytest.mark.django_db
def test_upsert_overwrites_every_column_of_existing_rows_and_keeps_the_others(no_orm_fallback):
    objs = [member(n) for n in range(1, 5)]
    write_rows(Member, objs, using="default")
    for o in objs[:2]:
        # user_id is unique: rewriting the same value must not trip over it.
        o.display_name, o.bio, o.links, o.is_organiser = "Renamed", "New bio", ["https://new.example"], True
        o.updated_at, o.version = T0 + timedelta(days=100), o.version + 10
    with transaction.atomic():
        fields = ["display_name", "bio", "links", "is_organiser", "updated_at", "version"]
        Member.objects.bulk_update(objs[:2], fields)
        expected = table()
        transaction.set_rollback(True)
    write_rows(Member, objs[:2], using="default", upsert=True)
    assert table() == expected
    assert [r["display_name"] for r in expected] == ["Renamed", "Renamed", "Member 3", "Member 4"]
    write_rows(Member, objs[:2], using="default", upsert=True)  # idempotent
    assert table() == expected


@pytest.mark.django_db
def test_inserting_a_row_that_exists_fails_as_bulk_create_would():
    obj = member(1)
    write_rows(Member, [obj], using="default")
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(Member, [member(2, member_id=obj.member_id)], using="default")
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(Member, [member(1)], using="default")  # unique user_id


@pytest.mark.django_db
def test_an_expression_as_a_value_goes_through_the_orm():
    objs = [member(1), member(2)]
    write_rows(Member, objs, using="default")
    objs[0].version = F("version") + 100
    write_rows(Member, objs, using="default", upsert=True)
    assert list(Member.objects.order_by("user_id").values_list("version", flat=True)) == [101, 2]


@pytest.mark.django_db
def test_load_rows_returns_the_rows_of_the_keys():
    objs = [member(n) for n in range(1, 8)]
    write_rows(Member, objs, using="default")
    keys = [objs[1].member_id, objs[4].member_id, uuid4()]
    loaded = {m.member_id: m for m in load_rows(Member, "member_id", iter(keys), "default")}
    assert set(loaded) == set(keys[:2])
    assert loaded[objs[1].member_id].links == objs[1].links
    assert loaded[objs[4].member_id].joined_at == objs[4].joined_at
    assert list(load_rows(Member, "member_id", [], "default")) == []
    by_other_field = load_rows(Member, "user_id", [3, 99], "default")
    assert [m.member_id for m in by_other_field] == [objs[2].member_id]


@pytest.mark.django_db
def test_keyed_rows_adds_changes_and_leaves_the_rest(no_orm_fallback):
    existing = [member(n) for n in range(1, 4)]
    write_rows(Member, existing, using="default")
    fresh = member(10)
    rows = KeyedRows(Member, "member_id", [existing[0].member_id, existing[1].member_id, fresh.member_id], "default")
    assert set(rows.rows) == {existing[0].member_id, existing[1].member_id}
    rows.add(fresh.member_id, fresh)
    rows.get(fresh.member_id).bio = "changed before its first save"
    rows.touch(fresh.member_id)  # new rows are written whole anyway
    rows.get(existing[0].member_id).display_name = "Changed"
    rows.touch(existing[0].member_id)
    rows.get(existing[1].member_id).display_name = "Changed but not touched"
    with transaction.atomic():
        rows.save()
    names = dict(Member.objects.values_list("user_id", "display_name"))
    assert names == {1: "Changed", 2: "Member 2", 3: "Member 3", 10: "Member 10"}
    assert Member.objects.get(user_id=10).bio == "changed before its first save"


@pytest.mark.django_db
def test_awkward_text_survives_and_database_errors_are_djangos(no_orm_fallback):
    # On PostgreSQL new rows go in with COPY: tabs, newlines, backslashes, "\\N".
    obj = member(1, bio="tab\tnewline\nbackslash\\N end, quote ' \"")
    write_rows(Member, [obj], using="default")
    assert Member.objects.get().bio == "tab\tnewline\nbackslash\\N end, quote ' \""
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(Member, [member(2, links=None)], using="default")  # NOT NULL column
