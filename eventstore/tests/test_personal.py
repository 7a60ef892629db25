"""Personal fields sealed with a key per person (eventstore/personal.py)."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from eventstore import personal
from eventstore.models import PersonKey
from eventstore.personal import (
    KEY_CACHE_SECONDS,
    KEY_CHECK_SECONDS,
    PLAIN,
    SEALED,
    TYPED,
    KeyRing,
)
from eventstore.store import event_store
from eventstore.tests.app.events import NoteSigned, NoteTaken

pytestmark = pytest.mark.django_db(transaction=True)


def stored_state(stream) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM eventstore_events WHERE topic LIKE %s", ["%NoteSigned"])
        return json.loads(cursor.fetchall()[-1][0])


def sign(person, stream=None, signature="Ann Example"):
    stream = stream or uuid4()
    event_store().append(stream, [NoteSigned(person_id=person, signature=signature, remarks=["hi"], pages=3)], after_version=0)
    return stream


def test_personal_fields_leave_the_payload_and_load_back():
    person = uuid4()
    stream = sign(person)
    state = stored_state(stream)
    assert "signature" not in state and "remarks" not in state and state["pages"] == 3
    assert state[SEALED].startswith(person.hex + PLAIN) and "Ann Example" not in json.dumps(state)
    event_store().histories.clear()
    [event] = event_store().load(stream)
    assert (event.person_id, event.signature, event.remarks, event.pages) == (person, "Ann Example", ["hi"], 3)


def test_once_the_key_is_destroyed_the_fields_read_as_their_placeholders():
    person = uuid4()
    stream = sign(person)
    with transaction.atomic():
        assert event_store().keys.destroy(person) is True
    event_store().histories.clear()
    [event] = event_store().load(stream)
    assert (event.signature, event.remarks, event.pages) == ("someone", [], 3)


def test_nothing_personal_is_stored_about_a_person_whose_key_is_gone():
    person = uuid4()
    with transaction.atomic():
        event_store().keys.destroy(person)
    stream = sign(person)
    assert stored_state(stream)[SEALED] == person.hex
    assert PersonKey.objects.get(subject_id=person).key is None  # no new key was made
    event_store().histories.clear()
    assert event_store().load(stream)[0].signature == "someone"


def test_a_key_made_in_a_transaction_that_rolled_back_is_never_used():
    person = uuid4()
    with pytest.raises(RuntimeError), transaction.atomic():
        sign(person)
        event_store().load_many([uuid4()])
        raise RuntimeError
    assert not PersonKey.objects.filter(subject_id=person).exists()
    stream = sign(person)
    event_store().histories.clear()
    assert event_store().load(stream)[0].signature == "Ann Example"


def test_a_read_cached_key_from_a_rolled_back_transaction_is_read_again():
    person = uuid4()
    with pytest.raises(RuntimeError), transaction.atomic():
        stream = sign(person)
        event_store().histories.clear()
        event_store().load(stream)  # caches the key for reading, inside the doomed transaction
        raise RuntimeError
    stream = sign(person)  # a new key
    event_store().histories.clear()
    assert event_store().load(stream)[0].signature == "Ann Example"


def test_events_without_personal_data_are_stored_as_before():
    stream = uuid4()
    event_store().append(stream, [NoteTaken(number=1, author="a@example.com", title="T")], after_version=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM eventstore_events WHERE topic LIKE %s", ["%NoteTaken"])
        assert SEALED not in json.loads(cursor.fetchall()[-1][0])


def test_with_encryption_off_personal_fields_are_stored_in_the_clear_and_still_load():
    mapper = event_store().mapper
    mapper.encrypt = False
    try:
        stream = sign(uuid4())
    finally:
        mapper.encrypt = True
    assert stored_state(stream)["signature"] == "Ann Example"
    event_store().histories.clear()
    assert event_store().load(stream)[0].signature == "Ann Example"


def test_personal_values_json_cannot_hold_keep_their_type():
    person, other = uuid4(), uuid4()
    stream = uuid4()
    event_store().append(stream, [NoteSigned(person_id=person, signature="Ann", remarks=[other])], after_version=0)
    assert stored_state(stream)[SEALED].startswith(person.hex + TYPED)
    event_store().histories.clear()
    assert event_store().load(stream)[0].remarks == [other]


# -- the key ring's caches (a destroyed key is never served from them) ---------------------
def another_process():
    """A second KeyRing on the same database: what another process's cache holds, looking
    for destroyed keys as often as in production (the test settings make it rare)."""
    ring = KeyRing(event_store().alias)
    ring.check_seconds = KEY_CHECK_SECONDS
    return ring


def test_a_key_destroyed_in_this_process_is_not_served_from_its_cache_even_before_the_commit():
    person = uuid4()
    stream = sign(person)
    event_store().histories.clear()
    assert event_store().load(stream)[0].signature == "Ann Example"  # the key is now cached
    with transaction.atomic():
        event_store().keys.destroy(person)
        assert event_store().keys.for_reading(person.hex) is None
        event_store().histories.clear()
        assert event_store().load(stream)[0].signature == "someone"
    event_store().histories.clear()
    assert event_store().load(stream)[0].signature == "someone"


def test_a_key_destroyed_by_another_process_stops_being_used_here_at_the_next_check(monkeypatch):
    person, bystander = uuid4(), uuid4()
    sign(person), sign(bystander)
    ring = another_process()
    clock = [1000.0]
    monkeypatch.setattr(personal.time, "monotonic", lambda: clock[0])
    reading, bystanding = ring.for_reading(person.hex), ring.for_reading(bystander.hex)
    assert reading is not None and bystanding is not None  # cached
    with transaction.atomic():
        event_store().keys.destroy(person)
    clock[0] += KEY_CHECK_SECONDS / 2
    assert ring.for_reading(person.hex) is reading  # within the check interval: the cache answers
    clock[0] += KEY_CHECK_SECONDS
    assert ring.for_reading(person.hex) is None  # well before KEY_CACHE_SECONDS
    assert ring.for_reading(bystander.hex) is bystanding  # the others stay cached, same cipher


def test_a_writer_in_another_process_stops_sealing_with_a_destroyed_key_at_the_next_check(monkeypatch):
    person = uuid4()
    ring = another_process()
    clock = [1000.0]
    monkeypatch.setattr(personal.time, "monotonic", lambda: clock[0])
    with transaction.atomic():
        assert ring.for_writing(person) is not None  # made, remembered after the commit
    assert ring.for_writing(person) is not None
    with transaction.atomic():
        event_store().keys.destroy(person)
    clock[0] += KEY_CHECK_SECONDS
    assert ring.for_writing(person) is None


def test_a_destroy_that_rolled_back_is_undone_by_the_next_full_read(monkeypatch):
    person = uuid4()
    stream = sign(person)
    clock = [1000.0]
    monkeypatch.setattr(personal.time, "monotonic", lambda: clock[0])
    keys = event_store().keys
    keys.forget()
    assert keys.for_reading(person.hex) is not None  # the whole table read: now cached
    with pytest.raises(RuntimeError), transaction.atomic():
        keys.destroy(person)
        raise RuntimeError
    assert keys.for_reading(person.hex) is None  # erring on the side of erasure meanwhile
    assert PersonKey.objects.get(subject_id=person).key is not None
    clock[0] += KEY_CACHE_SECONDS
    event_store().histories.clear()
    assert event_store().load(stream)[0].signature == "Ann Example"


def test_the_cache_holds_ready_openers_with_their_associated_data():
    person = uuid4()
    sign(person)
    ring = another_process()
    decrypt, associated, key = ring.for_reading(person.hex)
    assert associated == person.bytes and key == bytes(PersonKey.objects.get(subject_id=person).key)
    again = another_process()
    with transaction.atomic():
        event_store().keys.destroy(uuid4())  # the count of destroyed keys moves
    ring._checked_until = float("-inf")
    assert ring.for_reading(person.hex)[0] is decrypt  # a check keeps the ready cipher
    ring._loaded_at = float("-inf")
    assert ring.for_reading(person.hex)[0] is decrypt  # so does a full read (the key is unchanged)
    assert again.for_reading(person.hex)[2] == key


def test_a_page_of_the_log_about_people_not_seen_yet_loads_their_keys_in_one_query(monkeypatch):
    people = [uuid4() for _ in range(30)]
    for person in people:
        sign(person, signature=f"Signer {person.hex[:6]}")
    store = event_store()
    clock = [1000.0]
    monkeypatch.setattr(personal.time, "monotonic", lambda: clock[0])
    store.keys._refresh()  # this process's cache, as if read before any of these keys existed
    store.keys._readers = {}
    with CaptureQueriesContext(connection) as queries:
        page = store.read(types=[NoteSigned])
    key_queries = [q for q in queries.captured_queries if "eventstore_keys" in q["sql"]]
    assert len(key_queries) == 1
    assert [r.domain_event.signature for r in page] == [f"Signer {p.hex[:6]}" for p in people]
