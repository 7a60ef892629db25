"""The store's reading API, and events stored under the topic of a class that moved."""

from uuid import uuid4

import pytest

from eventstore import consumers
from eventstore.events import topics_of
from eventstore.projections import Projection
from eventstore.runner import rebuild
from eventstore.store import event_store
from eventstore.testing import record_as_released
from eventstore.tests.app.events import NoteEdited, NotePinned, NoteTaken, NoteUnpinned
from eventstore.tests.app.models import Note, Pin
from eventstore.tests.notes import rows, take_note

pytestmark = pytest.mark.django_db


def test_topics_of_a_moved_class_name_where_it_lives_and_where_it_was_released():
    assert topics_of([NoteTaken, NotePinned]) == [
        "eventstore.tests.app.events:NotePinned",
        "eventstore.tests.app.events:NoteTaken",
        "eventstore.tests.app.released:NoteTaken",
    ]


def test_an_event_stored_under_its_old_topic_loads_as_the_class_it_is_now():
    stream = uuid4()
    record_as_released(
        [NoteTaken(originator_id=stream, originator_version=1, number=7, author="ann@example.com", title="Old")],
        old_module="eventstore.tests.app.released",
    )
    event_store().append(stream, [NoteEdited(title="New", text="")], after_version=1)

    assert event_store().load(stream) == [
        NoteTaken(number=7, author="ann@example.com", title="Old"),
        NoteEdited(title="New", text=""),
    ]
    assert [type(r.domain_event) for r in event_store().read(types=[NoteTaken])] == [NoteTaken]
    assert [r.notification.topic for r in event_store().read_latest(types=[NoteTaken, NoteEdited])] == [
        "eventstore.tests.app.events:NoteEdited",
        "eventstore.tests.app.released:NoteTaken",
    ]


def test_a_rebuild_reads_events_stored_under_old_topics():
    stream = uuid4()
    record_as_released(
        [NoteTaken(originator_id=stream, originator_version=1, number=8, author="bob@example.com", title="Old")],
        old_module="eventstore.tests.app.released",
    )
    rebuild(consumers.get(Projection, "test-notes"))
    assert list(Note.objects.values_list("number", "title")) == [(8, "Old")]


def test_load_many_reads_many_streams_at_once_with_only_the_types_asked_for(django_assert_num_queries):
    first, second, empty = uuid4(), uuid4(), uuid4()
    for stream, number in ((first, 1), (second, 2)):
        event_store().append(stream, [NoteTaken(number=number, author="a@example.com", title=f"N{number}")], after_version=0)
        event_store().append(stream, [NotePinned()], after_version=1)
    with django_assert_num_queries(1):
        loaded = event_store().load_many([first, second, empty], types=[NotePinned])
    assert loaded == {first: [NotePinned()], second: [NotePinned()], empty: []}
    assert [e.originator_version for e in loaded[first]] == [2]
    everything = event_store().load_many([second])
    assert everything == {second: [NoteTaken(number=2, author="a@example.com", title="N2"), NotePinned()]}


def test_read_latest_gives_the_newest_events_of_some_types_newest_first():
    stream = uuid4()
    event_store().append(stream, [NoteTaken(number=3, author="a@example.com", title="N")], after_version=0)
    event_store().append(stream, [NotePinned(), NoteEdited(title="N2", text=""), NotePinned()], after_version=1)
    latest = event_store().read_latest(types=[NotePinned], limit=5)
    assert [r.domain_event.originator_version for r in latest] == [4, 2]
    ids = [r.notification.id for r in latest]
    assert ids == sorted(ids, reverse=True)


def test_inline_projections_woken_together_each_read_only_what_they_have_not(monkeypatch):
    """test-notes reads every note event, test-pins only pins. After a pin, forty notes
    taken move only test-notes; then a pin wakes both: the command's one read of the log
    brings only that pin, not the forty notes test-pins never reads and test-notes already
    has (a projection of rare events far behind must not make commands re-read the log)."""
    store = event_store()
    stream = take_note(99)
    store.append(stream, [NotePinned()], after_version=1)
    for number in range(40):
        take_note(100 + number)
    decoded = []
    real = store._recordings
    monkeypatch.setattr(store, "_recordings", lambda ns: decoded.extend(n.id for n in ns) or real(ns))

    store.append(stream, [NoteUnpinned()], after_version=2)

    head = store.max_notification_id()
    assert decoded == [head]
    assert store.tracking.position("test-notes").notification_id == head
    assert store.tracking.position("test-pins").notification_id == head
    assert Pin.objects.count() == 0


def test_inline_projections_standing_just_before_an_append_take_it_as_appended(monkeypatch):
    """The common case: the previous command caught them up, so the log between their
    positions and the new events is empty: nothing is read back from the log; the rows are
    those a read of the log would give (the rebuild below reads it)."""
    store = event_store()
    stream = take_note(1, title="First")
    store.append(stream, [NotePinned()], after_version=1)  # both stand at the head now
    decoded = []
    real = store._recordings
    monkeypatch.setattr(store, "_recordings", lambda ns: decoded.extend(n.id for n in ns) or real(ns))

    store.append(stream, [NoteEdited(title="Second", text="t", tags=["a"]), NoteUnpinned()], after_version=2)

    assert decoded == []
    head = store.max_notification_id()
    assert store.tracking.position("test-notes").notification_id == head
    assert store.tracking.position("test-pins").notification_id == head
    inline = rows()
    rebuild(consumers.get(Projection, "test-notes"))
    assert rows() == inline and inline[0][2:4] == ("Second", "t")


def test_an_inline_projection_behind_reads_the_log_before_what_was_appended(monkeypatch):
    """An event it reads was appended without projecting (a bulk load): the next command
    reads the log from its position, that event first."""
    store = event_store()
    stream = take_note(1, title="First")
    other = uuid4()
    store.append_stamped(
        [NoteTaken(originator_id=other, originator_version=1, number=2, author="b@example.com", title="Quiet")], project=False
    )
    decoded = []
    real = store._recordings
    monkeypatch.setattr(store, "_recordings", lambda ns: decoded.extend(n.id for n in ns) or real(ns))

    store.append(stream, [NoteEdited(title="Second", text="", tags=[])], after_version=1)

    head = store.max_notification_id()
    assert decoded == [head - 1, head]
    assert [r[2] for r in rows()] == ["Second", "Quiet"]
    assert store.tracking.position("test-notes").notification_id == head


def test_read_events_gives_what_read_gives_as_pairs():
    """The consumers' reader (eventstore/runner.py) and the library's: same events, same
    envelopes, same order, from any position, of any types."""
    store = event_store()
    stream = take_note(1)
    store.append(stream, [NotePinned(), NoteUnpinned()], after_version=1)
    for number in range(2, 6):
        take_note(number)
    for after in (0, 2, 5):
        for types in ((), (NoteTaken,), (NotePinned, NoteUnpinned)):
            expected = [(r.notification.id, r.domain_event) for r in store.read(after=after, limit=4, types=types)]
            got = store.read_events(after=after, limit=4, types=types)
            assert [i for i, _ in got] == [i for i, _ in expected]
            assert [vars(e) for _, e in got] == [vars(e) for _, e in expected]
            assert [type(e) for _, e in got] == [type(e) for _, e in expected]
