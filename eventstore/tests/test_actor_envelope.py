"""Every new event records who did it and in which request; events stored before the
envelope had these fields still load (docs/decisions/0011-actor-in-the-envelope.md)."""

from __future__ import annotations

import json
import uuid

import pytest

from eventstore.context import acting_as, request_scope
from eventstore.models import StoredEventRecord
from eventstore.projections import Projection
from eventstore.runner import catch_up_page
from eventstore.store import event_store
from eventstore.tests.app.events import NoteTaken

pytestmark = pytest.mark.django_db(transaction=True)

ENVELOPE_ACTOR = ("actor_id", "actor_kind", "actor_cause", "request_id")


def test_the_store_stamps_the_actor_and_request_on_each_event():
    ann, stream = uuid.uuid4(), uuid.uuid4()
    with request_scope("req-42"), acting_as(ann, "organiser"):
        notes = [NoteTaken(number=1, author="a@example.com", title="a"), NoteTaken(number=2, author="a@example.com", title="b")]
        event_store().append(stream, notes, after_version=0)
    event_store().histories.clear()
    loaded = event_store().load(stream)
    assert [(x.actor_id, x.actor_kind, x.actor_cause, x.request_id) for x in loaded] == [
        (ann, "organiser", "", "req-42"), (ann, "organiser", "", "req-42"),
    ]


def test_outside_a_request_and_without_an_actor_the_system_did_it():
    stream = uuid.uuid4()
    event_store().append(stream, [NoteTaken(number=1, author="a@example.com", title="a")], after_version=0)
    event_store().histories.clear()
    [loaded] = event_store().load(stream)
    assert (loaded.actor_id, loaded.actor_kind, loaded.actor_cause, loaded.request_id) == (None, "system", "", "")


def test_a_decision_that_names_the_system_keeps_it():
    stream = uuid.uuid4()
    with acting_as(uuid.uuid4(), "member"):
        note = NoteTaken(number=1, author="a@example.com", title="a", actor_kind="system", actor_cause="because")
        event_store().append(stream, [note], after_version=0)
    event_store().histories.clear()
    [loaded] = event_store().load(stream)
    assert (loaded.actor_id, loaded.actor_kind, loaded.actor_cause) == (None, "system", "because")


def test_an_event_stored_before_the_envelope_had_actors_loads_with_none_recorded():
    stream = uuid.uuid4()
    event_store().append(stream, [NoteTaken(number=1, author="a@example.com", title="old")], after_version=0)
    # Rewrite the stored payload as an older release wrote it: no actor, no request id.
    row = StoredEventRecord.objects.get(originator_id=stream)
    row.state = json.dumps({k: v for k, v in json.loads(row.state).items() if k not in ENVELOPE_ACTOR})
    row.save(update_fields=["state"])
    event_store().histories.clear()
    [loaded] = event_store().load(stream)
    assert loaded == NoteTaken(number=1, author="a@example.com", title="old")
    assert (loaded.actor_id, loaded.actor_kind, loaded.actor_cause, loaded.request_id) == (None, "", "", "")


def test_an_unknown_actor_kind_is_refused():
    with pytest.raises(ValueError), acting_as(None, "robot"):  # type: ignore[arg-type]
        pass


class _Echo(Projection):
    """A consumer that appends an event for each note it reads (as an automation that
    appends would): what it appends is the system's, for this consumer."""

    name = "test.echo"
    events = (NoteTaken,)
    inline = False

    def apply(self, page, using):
        for _, event in page:
            event_store(using).append(uuid.uuid4(), [NoteTaken(number=event.number + 100, author="x@example.com", title="echo")],
                                      after_version=0, project=False)


def test_what_a_consumer_appends_is_the_systems_with_the_consumer_as_cause():
    with acting_as(uuid.uuid4(), "member"):
        event_store().append(uuid.uuid4(), [NoteTaken(number=1, author="a@example.com", title="a")], after_version=0)
    catch_up_page(_Echo())
    [echo] = [r.domain_event for r in event_store().read(types=[NoteTaken]) if r.domain_event.number == 101]
    assert (echo.actor_id, echo.actor_kind, echo.actor_cause) == (None, "system", "test.echo")
