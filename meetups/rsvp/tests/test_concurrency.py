"""Many members RSVP at the same moment, with real transactions on PostgreSQL: never an
overbooking, never a lost RSVP, waitlist positions without gaps or duplicates."""

import threading
from collections import Counter
from uuid import uuid4

import pytest
from django.db import connection
from django.utils import timezone

from eventstore.store import event_store
from meetups import events as e
from meetups.listing.projection import MeetupListing
from meetups.meetup import Meetup, meetup_stream
from meetups.roster.projection import RosterEntry
from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def storm(slug: str, members: list, barrier_parties: int | None = None) -> list[BaseException]:
    """Every member RSVPs from their own thread, released together by a barrier."""
    barrier = threading.Barrier(barrier_parties or len(members))
    errors: list[BaseException] = []

    def one(member_id):
        try:
            barrier.wait()
            rsvp(slug=slug, member_id=member_id, now=timezone.now())
        except BaseException as error:  # noqa: BLE001 - collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_50_members_rsvp_at_once_to_10_seats_20_times():
    for round_number in range(20):
        slug = f"storm-{round_number}"
        make_meetup(slug, capacity=10)
        members = [uuid4() for _ in range(50)]

        assert storm(slug, members) == []

        history = event_store().load(meetup_stream(slug))
        meetup = Meetup.fold(history)
        assert len(meetup.going) == 10
        assert len(meetup.waitlist) == 40
        assert sorted(meetup.going + meetup.waitlist) == sorted(members)  # nobody lost, nobody twice
        positions = [ev.position for ev in history if isinstance(ev, e.RsvpWaitlisted)]
        assert positions == list(range(1, 41))
        roster = RosterEntry.objects.filter(meetup_id=meetup_stream(slug))
        assert sorted(roster.filter(status="waitlisted").values_list("waitlist_position", flat=True)) == list(range(1, 41))
        assert roster.filter(status="going").count() == 10
        assert Counter(roster.values_list("member_id", flat=True)).most_common(1)[0][1] == 1
        listing = MeetupListing.objects.get(slug=slug)
        assert (listing.going_count, listing.waitlist_count) == (10, 40)


def test_16_members_race_for_the_last_seat_and_exactly_one_wins():
    for round_number in range(20):
        slug = f"last-seat-{round_number}"
        make_meetup(slug, capacity=5)
        early = [uuid4() for _ in range(4)]
        for member_id in early:
            rsvp(slug=slug, member_id=member_id, now=timezone.now())
        racers = [uuid4() for _ in range(16)]

        assert storm(slug, racers) == []

        meetup = Meetup.fold(event_store().load(meetup_stream(slug)))
        winners = [m for m in meetup.going if m in racers]
        assert len(winners) == 1
        assert len(meetup.going) == 5 and len(meetup.waitlist) == 15
