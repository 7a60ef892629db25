""""Why?" on the roster: a promoted member's seat is explained by the event that freed it;
a waitlisted member sees who is ahead and since when."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eventstore.context import acting_as
from eventstore.store import event_store
from meetups.roster.why import explain
from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.schedule.command import change_capacity
from meetups.seats.command import promote_by_hand, remove_rsvp
from meetups.streams import meetup_stream
from meetups.testing import make_meetup
from membership.testing import make_member
from tests.history_text import main_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    make_meetup(capacity=1, starts_in=timedelta(days=3))
    people = {name: make_member(name) for name in ("Ann", "Bob", "Cat", "Dan", "Eve")}
    for person in people.values():
        with acting_as(person.member_id, "member"):
            rsvp(slug="december", member_id=person.member_id, now=timezone.now())
    return people


def why_of(person):
    return explain(event_store().load(meetup_stream("december")))[person.member_id]


def test_a_seat_freed_by_a_cancellation_names_who_cancelled(people):
    with acting_as(people["Ann"].member_id, "member"):
        cancel_rsvp(slug="december", member_id=people["Ann"].member_id, now=timezone.now())
    assert why_of(people["Bob"]).seat.startswith("Got the seat Ann gave up when they cancelled on ")


def test_a_seat_from_a_capacity_change_names_the_organiser_and_the_numbers(people, olivia):
    with acting_as(olivia.member_id, "organiser"):
        change_capacity(slug="december", capacity=2, by=str(olivia.member_id))
    assert why_of(people["Bob"]).seat.startswith("Got a seat when Olivia (organiser) raised the capacity from 1 to 2 on ")


def test_a_seat_from_a_removal_and_by_hand(people, olivia):
    with acting_as(olivia.member_id, "organiser"):
        remove_rsvp(slug="december", member_id=people["Ann"].member_id, reason="Duplicate account", by=str(olivia.member_id))
        promote_by_hand(slug="december", member_id=people["Dan"].member_id, by=str(olivia.member_id))
    assert why_of(people["Bob"]).seat.startswith("Got the seat freed when Olivia (organiser) removed Ann's RSVP on ")
    assert why_of(people["Dan"]).seat.startswith("Given a seat by Olivia (organiser) on ")


def test_the_waitlist_says_who_is_ahead_and_since_when(people):
    dan = why_of(people["Dan"])
    assert [a.name for a in dan.ahead] == ["Bob", "Cat"]
    assert why_of(people["Bob"]).ahead == ()
    assert dan.since and dan.ahead[0].since


def test_the_roster_page_shows_why(client, olivia, people):
    with acting_as(people["Ann"].member_id, "member"):
        cancel_rsvp(slug="december", member_id=people["Ann"].member_id, now=timezone.now())
    client.force_login(olivia)
    page = main_text(client.get("/meetups/december/roster/"))
    assert "Why? Got the seat Ann gave up when they cancelled on" in page
    assert "Nobody is ahead of them: next to get a seat." in page
    assert "Ahead of them: Cat, since" in page
