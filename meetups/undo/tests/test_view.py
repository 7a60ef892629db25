"""Undo from the meetup's History page: the button shows on the organiser's own recent
changes only; the undo appends compensating events, the history shows both, and mail
that went out is followed by a correction."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from eventstore.context import acting_as
from eventstore.store import event_store
from meetups import events as e
from meetups.listing.projection import MeetupListing
from meetups.rsvp.command import rsvp
from meetups.schedule.command import change_capacity
from meetups.seats.command import remove_rsvp
from meetups.streams import meetup_stream
from meetups.testing import MeetupPlan, cancel_meetup, make_meetup, revise_meetup
from membership.testing import make_member
from tests.history_text import main_text

pytestmark = pytest.mark.django_db


def undo_buttons(response) -> list[int]:
    return [int(v) for v in re.findall(r'name="version" value="(\d+)"', response.content.decode())]


def test_the_cancellation_undone_reinstates_the_meetup_and_mails_a_correction(client, olivia, ann, bob, deliver_mail):
    make_meetup(capacity=5)
    for person in (ann, bob):
        rsvp(slug="december", member_id=person.member_id, now=timezone.now())
    deliver_mail()
    mail.outbox.clear()  # "You are going" with its invite
    with acting_as(olivia.member_id, "organiser"):
        cancel_meetup(slug="december", message="The venue flooded.", by=str(olivia.member_id))
    deliver_mail()
    assert sorted(m.subject for m in mail.outbox) == ["Cancelled: December talk night"] * 2
    client.force_login(olivia)
    [version] = undo_buttons(client.get("/meetups/december/history/"))
    response = client.post("/meetups/december/history/undo/", {"version": version}, follow=True)
    page = main_text(response)
    assert "Undone: the cancellation (#4). The history shows both." in page
    assert "Undid the cancellation #4; what follows puts it back." in page
    assert "The meetup is back on: its cancellation was undone." in page
    assert "Cancelled the meetup, with the message “The venue flooded.”." in page
    assert MeetupListing.objects.get(slug="december").cancelled is False
    mail.outbox.clear()
    deliver_mail()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("ann@example.com", "Correction: December talk night is back on"),
        ("bob@example.com", "Correction: December talk night is back on"),
    ]
    assert undo_buttons(client.get("/meetups/december/history/")) == []  # undone once, not twice


def test_restoring_a_removed_rsvp_into_a_full_meetup_waitlists_them(client, olivia, ann, bob):
    make_meetup(capacity=1)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    with acting_as(olivia.member_id, "organiser"):
        remove_rsvp(slug="december", member_id=ann.member_id, reason="Wrong person", by=str(olivia.member_id))
    client.force_login(olivia)
    [version] = undo_buttons(client.get("/meetups/december/history/"))
    page = main_text(client.post("/meetups/december/history/undo/", {"version": version}, follow=True))
    assert "Ann RSVPed and joined the waitlist at #1." in page
    listing = MeetupListing.objects.get(slug="december")
    assert (listing.going_count, listing.waitlist_count, listing.capacity) == (1, 1, 1)


def test_a_capacity_undo_that_would_overbook_is_refused_with_a_message(client, olivia, ann, bob):
    make_meetup(capacity=1)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    with acting_as(olivia.member_id, "organiser"):
        change_capacity(slug="december", capacity=2, by=str(olivia.member_id))
    client.force_login(olivia)
    assert undo_buttons(client.get("/meetups/december/history/")) == []  # no button for what would be refused
    history = event_store().load(meetup_stream("december"))
    version = next(x.originator_version for x in history if isinstance(x, e.CapacityChanged))
    page = main_text(client.post("/meetups/december/history/undo/", {"version": version}, follow=True))
    assert "2 members hold a seat now: going back to 1 seats would overbook." in page
    assert MeetupListing.objects.get(slug="december").capacity == 2


def test_no_button_for_another_organisers_change_and_their_undo_is_refused(client, olivia):
    oscar = make_member("Oscar", organiser=True)
    make_meetup(capacity=3)
    with acting_as(olivia.member_id, "organiser"):
        change_capacity(slug="december", capacity=4, by=str(olivia.member_id))
    client.force_login(oscar)
    assert undo_buttons(client.get("/meetups/december/history/")) == []
    page = main_text(client.post("/meetups/december/history/undo/", {"version": 2}, follow=True))
    assert "You can only undo your own changes." in page


@pytest.mark.parametrize("version", ["", "abc", "٣", "1_0", "-1", "9" * 1000, "\x00"])
def test_a_version_that_is_not_one_is_a_message(client, olivia, version):
    make_meetup(capacity=3)
    client.force_login(olivia)
    response = client.post("/meetups/december/history/undo/", {"version": version}, follow=True)
    assert response.status_code == 200 and "There is no such change to undo." in main_text(response)


def test_members_cannot_undo(client, ann):
    make_meetup(capacity=3)
    client.force_login(ann)
    assert client.post("/meetups/december/history/undo/", {"version": 1}).status_code == 403


def test_a_double_submit_undoes_once(client, olivia):
    make_meetup(capacity=3, starts_in=timedelta(days=2))
    with acting_as(olivia.member_id, "organiser"):
        change_capacity(slug="december", capacity=6, by=str(olivia.member_id))
    client.force_login(olivia)
    client.post("/meetups/december/history/undo/", {"version": 2})
    page = main_text(client.post("/meetups/december/history/undo/", {"version": 2}, follow=True))
    assert "That change has been undone already." in page
    assert MeetupListing.objects.get(slug="december").capacity == 3


def test_a_reschedule_undone_mails_the_old_time_as_a_correction(client, olivia, ann, deliver_mail):
    make_meetup(capacity=3)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    listing = MeetupListing.objects.get(slug="december")
    later = timedelta(hours=2)
    plan = MeetupPlan(
        title=listing.title, description=listing.description, starts_at=listing.starts_at + later,
        ends_at=listing.ends_at + later, venue_name=listing.venue_name, venue_address=listing.venue_address,
        capacity=listing.capacity, rsvp_opens_at=listing.rsvp_opens_at, rsvp_closes_at=listing.rsvp_closes_at,
    )
    with acting_as(olivia.member_id, "organiser"):
        revise_meetup(slug="december", plan=plan, by=str(olivia.member_id), now=timezone.now())
    deliver_mail()
    mail.outbox.clear()
    client.force_login(olivia)
    [version] = undo_buttons(client.get("/meetups/december/history/"))
    client.post("/meetups/december/history/undo/", {"version": version})
    deliver_mail()
    [correction] = mail.outbox
    assert correction.subject.startswith("Correction: December talk night has moved to ")
    assert "the meetup is back at its time" in correction.body
    assert MeetupListing.objects.get(slug="december").starts_at == listing.starts_at
