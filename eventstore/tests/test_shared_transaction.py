"""Events and ordinary rows share one transaction; conflicts leave nothing behind.

The event store writes through Django's connection, so an append inside
`transaction.atomic()` commits or rolls back with the other rows of that block. These
tests use real transactions (transactional_db) and, where it matters, look from another
connection (another thread) to see what was really committed. They run on SQLite and on
PostgreSQL; the one that needs two writers at the same moment is PostgreSQL-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError as DjangoIntegrityError
from django.db import transaction
from eventsourcing.persistence import IntegrityError

from eventstore.errors import CommandRefused, ConcurrentChange
from eventstore.events import Event
from eventstore.models import StoredEventRecord
from eventstore.store import event_store
from eventstore.tests.support import run_in_other_thread

# Real transactions; only these apps' tables are flushed after each test.
pytestmark = pytest.mark.django_db(
    transaction=True, available_apps=["eventstore", "django.contrib.auth", "django.contrib.contenttypes"]
)


@dataclass(frozen=True, kw_only=True)
class NoteTaken(Event):
    text: str


@dataclass(frozen=True, kw_only=True)
class NoteStruck(Event):
    reason: str


class Boom(Exception):
    pass


def versions(stream_id: UUID) -> list[int]:
    """The versions stored for a stream, read from the table itself."""
    rows = StoredEventRecord.objects.filter(originator_id=stream_id).order_by("originator_version")
    return list(rows.values_list("originator_version", flat=True))


def committed_state(username: str, *stream_ids: UUID) -> tuple[bool, dict[UUID, list[int]], int]:
    """What another connection sees: does the user exist, the versions of each stream,
    and how many events the log holds."""

    def look() -> tuple[bool, dict[UUID, list[int]], int]:
        return (
            get_user_model().objects.filter(username=username).exists(),
            {s: versions(s) for s in stream_ids},
            StoredEventRecord.objects.count(),
        )

    return run_in_other_thread(look)


def test_rollback_leaves_neither_the_events_nor_the_row():
    store = event_store()
    stream = uuid4()
    with pytest.raises(Boom), transaction.atomic():
        get_user_model().objects.create(username="ada")
        recorded = store.append(stream, [NoteTaken(text="a"), NoteTaken(text="b")], after_version=0)
        assert [r.domain_event.originator_version for r in recorded] == [1, 2]
        assert versions(stream) == [1, 2]  # visible inside the transaction
        assert store.load(stream) == [NoteTaken(text="a"), NoteTaken(text="b")]
        raise Boom

    assert not get_user_model().objects.filter(username="ada").exists()
    assert versions(stream) == []
    assert store.load(stream) == []  # nothing of the rolled-back load was kept either
    assert store.max_notification_id() == 0
    assert committed_state("ada", stream) == (False, {stream: []}, 0)


def test_set_rollback_discards_both_too():
    stream = uuid4()
    with transaction.atomic():
        get_user_model().objects.create(username="ada")
        event_store().append(stream, [NoteTaken(text="a")], after_version=0)
        transaction.set_rollback(True)
    assert committed_state("ada", stream) == (False, {stream: []}, 0)


def test_commit_keeps_both_and_they_become_visible_together():
    store = event_store()
    stream = uuid4()
    seen_before_commit = None
    with transaction.atomic():
        get_user_model().objects.create(username="ada")
        recorded = store.append(stream, [NoteTaken(text="a"), NoteStruck(reason="typo")], after_version=0)
        # Another connection sees neither the row nor the events before the commit.
        seen_before_commit = committed_state("ada", stream)

    assert seen_before_commit == (False, {stream: []}, 0)
    assert committed_state("ada", stream) == (True, {stream: [1, 2]}, 2)
    # The facts read back equal the facts appended, with the envelope stamped.
    loaded = store.load(stream)
    assert loaded == [NoteTaken(text="a"), NoteStruck(reason="typo")]
    assert [type(e) for e in loaded] == [NoteTaken, NoteStruck]
    assert {e.originator_id for e in loaded} == {stream}
    # The notification ids returned are the events' positions in the log.
    ids = [r.notification.id for r in recorded]
    assert [r.notification.id for r in store.read(after=0)] == ids
    assert ids == sorted(ids) and len(set(ids)) == 2


def test_version_conflict_in_a_batch_stores_nothing_of_it():
    """The last event of a batch hits an existing version: IntegrityError, and none of
    the batch's earlier events are stored."""
    store = event_store()
    stream = uuid4()
    # Another writer already recorded version 3 of the stream.
    store.append_stamped([NoteTaken(text="theirs", originator_id=stream, originator_version=3)])
    before = store.max_notification_id()

    with pytest.raises(IntegrityError) as raised:
        store.append(stream, [NoteTaken(text="1"), NoteTaken(text="2"), NoteTaken(text="3")], after_version=0)
    # eventsourcing's error, translated from Django's (which is kept as the cause).
    assert isinstance(raised.value.__cause__, DjangoIntegrityError)

    assert versions(stream) == [3]
    # Loaded twice: from the database, then through the store's history cache.
    assert store.load(stream) == [NoteTaken(text="theirs")]
    assert [e.originator_version for e in store.load(stream)] == [3]
    assert store.max_notification_id() == before
    assert StoredEventRecord.objects.count() == 1


def test_version_conflict_across_streams_stores_nothing_of_the_batch():
    store = event_store()
    taken, first, second = uuid4(), uuid4(), uuid4()
    store.append(taken, [NoteTaken(text="theirs")], after_version=0)
    batch = [
        NoteTaken(text="x", originator_id=first, originator_version=1),
        NoteTaken(text="y", originator_id=second, originator_version=1),
        NoteTaken(text="z", originator_id=taken, originator_version=1),  # conflicts
    ]
    with pytest.raises(IntegrityError):
        store.append_stamped(batch)
    assert committed_state("nobody", taken, first, second) == (False, {taken: [1], first: [], second: []}, 1)


def test_version_conflict_inside_an_outer_transaction_rolls_back_with_it():
    """The conflict propagates out of the enclosing block: the row goes too."""
    store = event_store()
    stream = uuid4()
    store.append(stream, [NoteTaken(text="theirs")], after_version=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(username="ada")
        store.append(stream, [NoteTaken(text="mine"), NoteTaken(text="also mine")], after_version=0)
    assert committed_state("ada", stream) == (False, {stream: [1]}, 1)


def test_version_conflict_caught_inside_an_outer_transaction_undoes_only_the_batch():
    """`append` runs in its own savepoint: a caller that catches the conflict inside its
    transaction can still commit its other rows, and no event of the batch survives."""
    store = event_store()
    stream = uuid4()
    store.append(stream, [NoteTaken(text="theirs")], after_version=0)
    with transaction.atomic():
        get_user_model().objects.create(username="ada")
        with pytest.raises(IntegrityError):
            store.append(stream, [NoteTaken(text="mine"), NoteTaken(text="also mine")], after_version=0)
        store.append(stream, [NoteTaken(text="after reloading")], after_version=1)
    assert committed_state("ada", stream) == (True, {stream: [1, 2]}, 2)
    assert store.load(stream) == [NoteTaken(text="theirs"), NoteTaken(text="after reloading")]


def test_execute_appends_after_the_history_it_decided_on():
    store = event_store()
    stream = uuid4()
    store.execute(stream, lambda history: [NoteTaken(text=f"note {len(history) + 1}")])
    recorded = store.execute(stream, lambda history: [NoteTaken(text=f"note {len(history) + 1}")])
    assert [r.domain_event.originator_version for r in recorded] == [2]
    assert store.load(stream) == [NoteTaken(text="note 1"), NoteTaken(text="note 2")]


def test_execute_retries_a_stale_decision_and_decides_again(monkeypatch):
    """A writer decided on a history that another writer has since extended (simulated:
    its first load misses the committed version 1). Its append conflicts; execute loads
    again, decides again on the fresh history and appends version 2."""
    store = event_store()
    stream = uuid4()
    store.append(stream, [NoteTaken(text="theirs")], after_version=0)

    real_load = store.load
    loads = []

    def load(stream_id, **kwargs):
        loads.append(stream_id)
        return [] if len(loads) == 1 else real_load(stream_id, **kwargs)

    monkeypatch.setattr(store, "load", load)
    histories = []

    def decide(history):
        histories.append(list(history))
        return [NoteTaken(text=f"mine after {len(history)}")]

    recorded = store.execute(stream, decide)

    assert [len(h) for h in histories] == [0, 1]
    assert [r.domain_event.originator_version for r in recorded] == [2]
    monkeypatch.undo()
    assert store.load(stream) == [NoteTaken(text="theirs"), NoteTaken(text="mine after 1")]
    assert StoredEventRecord.objects.count() == 2


@pytest.mark.parametrize("retries", [1, 3, 8])
def test_execute_gives_up_with_concurrent_change(monkeypatch, retries):
    """Every attempt decides on a stale history and conflicts: after `retries` attempts
    execute raises ConcurrentChange, and none of the attempts left an event."""
    store = event_store()
    stream = uuid4()
    store.append(stream, [NoteTaken(text="theirs")], after_version=0)
    monkeypatch.setattr(store, "load", lambda stream_id, **kwargs: [])
    attempts = []

    def decide(history):
        attempts.append(len(history))
        return [NoteTaken(text="mine"), NoteTaken(text="also mine")]

    kwargs = {} if retries == 8 else {"retries": retries}  # 8 is the default
    with pytest.raises(ConcurrentChange) as raised:
        store.execute(stream, decide, **kwargs)

    assert len(attempts) == retries
    assert raised.value.message  # shown to the person who sent the command
    monkeypatch.undo()
    assert versions(stream) == [1]
    assert StoredEventRecord.objects.count() == 1


def test_execute_does_not_retry_a_refusal():
    store = event_store()
    calls = []

    def decide(history):
        calls.append(1)
        raise CommandRefused("no")

    with pytest.raises(CommandRefused):
        store.execute(uuid4(), decide)
    assert calls == [1]


def test_execute_inside_an_outer_transaction_commits_and_rolls_back_with_it():
    store = event_store()
    kept, dropped = uuid4(), uuid4()
    with transaction.atomic():
        get_user_model().objects.create(username="ada")
        store.execute(kept, lambda history: [NoteTaken(text="kept")])
    with pytest.raises(Boom), transaction.atomic():
        get_user_model().objects.create(username="bob")
        store.execute(dropped, lambda history: [NoteTaken(text="dropped")])
        raise Boom
    assert committed_state("ada", kept, dropped) == (True, {kept: [1], dropped: []}, 1)
    assert committed_state("bob") == (False, {}, 1)


@pytest.mark.postgres
def test_execute_retries_when_another_writer_commits_in_between():
    """A real competitor: while our command is deciding (its transaction open, history
    read), another connection appends version 1 and commits. Our append conflicts,
    execute retries on the fresh history. (PostgreSQL only: on SQLite the command's
    transaction holds the write lock from its start, so the competitor would wait.)"""
    store = event_store()
    stream = uuid4()
    histories = []

    def competitor():
        # A plain append, as any writer that does not go through `execute` would do.
        store.append(stream, [NoteTaken(text="theirs")], after_version=0)

    def decide(history):
        histories.append(list(history))
        if len(histories) == 1:
            run_in_other_thread(competitor)
        return [NoteTaken(text=f"mine after {len(history)}")]

    recorded = store.execute(stream, decide)
    assert [len(h) for h in histories] == [0, 1]
    assert [r.domain_event.originator_version for r in recorded] == [2]
    assert store.load(stream) == [NoteTaken(text="theirs"), NoteTaken(text="mine after 1")]
