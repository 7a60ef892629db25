"""Meetup events written by releases before the meetups app had a package of its own
(topics community.meetups.events:*, and the agenda's talks.events:*) still load, and
projections rebuilt from the log still see them."""

from datetime import UTC, datetime, timedelta

import pytest

from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import rebuild
from eventstore.store import event_store
from eventstore.testing import record_as_released
from meetups import events as e
from meetups.read_models import MeetupListing, RosterEntry
from meetups.streams import meetup_stream

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 18, 21, 45, tzinfo=UTC)
ANN = meetup_stream("ann-is-not-a-meetup")  # any UUID will do for a member id
TALK = meetup_stream("a-talk-id")


def old_march_night() -> list[e.Event]:
    stream = meetup_stream("march-2025")
    scheduled = e.MeetupScheduled(
        slug="march-2025", title="March talk night", description="", starts_at=START, ends_at=START + timedelta(hours=2),
        venue_name="Library", venue_address="1 Main St", venue_map_url="", capacity=30,
        rsvp_opens_at=START - timedelta(days=20), rsvp_closes_at=START, scheduled_by="seed_demo",
    )
    events = [scheduled, e.RsvpConfirmed(member_id=ANN)]
    return [type(ev)(**{**ev.__dict__, "originator_id": stream, "originator_version": i}) for i, ev in enumerate(events, 1)]


def test_meetup_events_under_their_released_topic_load_and_rebuild():
    record_as_released(old_march_night(), old_module="community.meetups.events")
    talk = e.TalkScheduled(
        originator_id=meetup_stream("march-2025"), originator_version=3, talk_id=TALK, title="Fixtures",
        starts_at=START, minutes=30, scheduled_by="seed_demo",
    )
    record_as_released([talk], old_module="talks.events")

    history = event_store().load(meetup_stream("march-2025"))
    assert [type(ev) for ev in history] == [e.MeetupScheduled, e.RsvpConfirmed, e.TalkScheduled]
    assert history[2] == e.TalkScheduled(talk_id=TALK, title="Fixtures", starts_at=START, minutes=30, scheduled_by="seed_demo")

    for name in ("meetups", "roster"):
        rebuild(consumers.get(Projection, name))
    listing = MeetupListing.objects.get(slug="march-2025")
    assert (listing.title, listing.going_count) == ("March talk night", 1)
    assert list(RosterEntry.objects.values_list("member_id", "status")) == [(ANN, "going")]
