"""The meetups' projections (the listing with its counters, the roster with waitlist
positions) rebuilt from the log equal what the commands built incrementally: a fast
scripted sequence through every kind of meetup event (the Hypothesis test in
meetups/rsvp/tests/test_stateful.py explores random ones, marked slow)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eventstore import consumers
from eventstore.context import acting_as
from eventstore.projections import Projection
from eventstore.runner import rebuild
from meetups import events as e
from meetups.builders import member
from meetups.checkin.command import check_in
from meetups.read_models import MeetupListing, RosterEntry
from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.schedule.command import MeetupPlan, change_capacity, revise_meetup
from meetups.seats.command import promote_by_hand, remove_rsvp
from meetups.testing import cancel_meetup, make_meetup
from meetups.undo.command import undo_change

pytestmark = pytest.mark.django_db


def rows() -> tuple[list[dict], list[dict]]:
    listing = list(MeetupListing.objects.order_by("slug").values())
    roster = list(RosterEntry.objects.order_by("meetup_id", "member_id").values(
        "meetup_id", "member_id", "status", "rsvp_number", "waitlist_position", "attended", "rsvped_at", "changed_at", "note"
    ))
    return listing, roster


def test_a_rebuild_of_the_listing_and_the_roster_equals_the_incremental_rows():
    ann, bob, cat, dan, eve, fay = (member(n) for n in ("ann", "bob", "cat", "dan", "eve", "fay"))
    make_meetup("december", capacity=2, starts_in=timedelta(hours=1))
    make_meetup("january", capacity=3, starts_in=timedelta(days=30))
    now = timezone.now()
    for who in (ann, bob, cat, dan, eve):
        rsvp(slug="december", member_id=who, now=now)            # ann, bob going; cat, dan, eve waitlisted
    cancel_rsvp(slug="december", member_id=bob, now=now)          # cat promoted
    remove_rsvp(slug="december", member_id=dan, reason="Twice", by="olivia")  # eve moves up
    promote_by_hand(slug="december", member_id=eve, by="olivia")  # over capacity, on purpose
    check_in(slug="december", member_id=ann, attended=True, by="olivia", now=now)
    check_in(slug="december", member_id=cat, attended=True, by="olivia", now=now)
    check_in(slug="december", member_id=cat, attended=False, by="olivia", now=now)
    for who in (ann, bob, cat, dan):
        rsvp(slug="january", member_id=who, now=now)
    change_capacity(slug="january", capacity=4, by="olivia")      # dan promoted
    rsvp(slug="january", member_id=fay, now=now)
    january = MeetupListing.objects.get(slug="january")
    later = january.starts_at + timedelta(days=1)
    revise_meetup(slug="january", by="olivia", now=now, plan=MeetupPlan(
        title="January talk night", description="New year, new talks.", starts_at=later, ends_at=later + timedelta(hours=2),
        venue_name="Hall", venue_address="2 Main St", capacity=4, rsvp_closes_at=later - timedelta(hours=1),
    ))
    cancel_rsvp(slug="january", member_id=ann, now=now)           # fay promoted
    cancel_meetup(slug="january", message="Snow.", by="olivia")
    # Undone changes (meetups/undo/): a removal restored into a full meetup, a cancellation.
    olivia = member("olivia")
    make_meetup("february", capacity=1, starts_in=timedelta(days=60))
    with acting_as(olivia, "organiser"):
        for who in (ann, bob):
            rsvp(slug="february", member_id=who, now=timezone.now())
        [removal] = [r for r in remove_rsvp(slug="february", member_id=ann, reason="Oops", by=str(olivia))
                     if isinstance(r.domain_event, e.RsvpRemoved)]
        undo_change(slug="february", version=removal.domain_event.originator_version, by=olivia, now=now)  # ann waitlisted
        [cancelled] = cancel_meetup(slug="february", message="Oops", by=str(olivia))
        undo_change(slug="february", version=cancelled.domain_event.originator_version, by=olivia, now=now)

    incremental = rows()
    assert [(m["slug"], m["going_count"], m["waitlist_count"], m["attended_count"], m["cancelled"]) for m in incremental[0]] == [
        ("december", 3, 0, 1, False),
        ("february", 1, 1, 0, False),
        ("january", 4, 0, 0, True),
    ]
    for name in ("meetups", "roster"):
        rebuild(consumers.get(Projection, name))
    assert rows() == incremental
