"""The invites attached to the mails about one meetup (RFC 5546), parsed with the
`icalendar` package: METHOD:REQUEST on a seat, on a promotion and after a significant
change; METHOD:CANCEL on the meetup's cancellation and when a member gives up a seat;
one UID for the meetup's life; a SEQUENCE that rises only on significant changes, the
same as the public feed's."""

from datetime import timedelta
from email import message_from_bytes

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from eventstore.store import event_store
from meetups.listing.projection import MeetupListing
from meetups.meetup import Meetup
from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.schedule.command import MeetupPlan, cancel_meetup, revise_meetup
from meetups.streams import meetup_stream
from meetups.testing import make_meetup

pytestmark = pytest.mark.django_db


def invites_sent() -> list[tuple[str, icalendar.Calendar]]:
    """(recipient, the parsed invite) of each mail sent, read back from the MIME message
    as a mail client would see it."""
    found = []
    for message in mail.outbox:
        parsed = message_from_bytes(message.message().as_bytes())
        for part in parsed.walk():
            if part.get_content_type() == "text/calendar":
                assert part.get_param("method") == icalendar.Calendar.from_ical(part.get_payload(decode=True))["METHOD"]
                found.append((message.to[0], icalendar.Calendar.from_ical(part.get_payload(decode=True))))
    mail.outbox.clear()
    return found


def summary(invites) -> list[tuple[str, str, int, str, str]]:
    rows = []
    for to, calendar in invites:
        [event] = calendar.walk("VEVENT")
        rows.append((to, str(calendar["METHOD"]), int(event["SEQUENCE"]), str(event["ATTENDEE"]), str(event["STATUS"])))
    return rows


def uids(invites) -> set[str]:
    return {str(c.walk("VEVENT")[0]["UID"]) for _, c in invites}


def plan_of(slug: str, **changes) -> MeetupPlan:
    m = Meetup.fold(event_store().load(meetup_stream(slug)))
    return MeetupPlan(
        title=m.title, description=m.details[1], starts_at=m.starts_at, ends_at=m.ends_at, venue_name=m.venue[0],
        venue_address=m.venue[1], venue_map_url=m.venue[2], capacity=m.capacity, rsvp_opens_at=m.rsvp_opens_at,
        rsvp_closes_at=m.rsvp_closes_at,
    ) if not changes else MeetupPlan(**(plan_of(slug).__dict__ | changes))


def test_invites_across_a_seat_a_reschedule_and_a_cancel(ann, bob, deliver_mail):
    make_meetup("december", capacity=1)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())  # waitlisted: no invite
    deliver_mail()
    seat = invites_sent()
    assert summary(seat) == [("ann@example.com", "REQUEST", 0, "mailto:ann@example.com", "CONFIRMED")]
    [event] = seat[0][1].walk("VEVENT")
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert event["ATTENDEE"].params["CN"] == "Ann"
    assert event["DTSTART"].dt == MeetupListing.objects.get().starts_at.replace(microsecond=0)

    later = MeetupListing.objects.get().starts_at + timedelta(days=1)
    revise_meetup(slug="december", plan=plan_of("december", starts_at=later, ends_at=later + timedelta(hours=2), rsvp_closes_at=later),
                  by="test", now=timezone.now())
    deliver_mail()
    moved = invites_sent()
    assert summary(moved) == [("ann@example.com", "REQUEST", 1, "mailto:ann@example.com", "CONFIRMED")]  # Bob is mailed, no invite
    assert moved[0][1].walk("VEVENT")[0]["DTSTART"].dt == later.replace(microsecond=0)

    cancel_meetup(slug="december", message="Snowed in.", by="test")
    deliver_mail()
    cancelled = invites_sent()
    assert summary(cancelled) == [("ann@example.com", "CANCEL", 2, "mailto:ann@example.com", "CANCELLED")]
    assert uids(seat) == uids(moved) == uids(cancelled) == {f"{meetup_stream('december')}@convene"}
    assert MeetupListing.objects.get().sequence == 2  # the feed says the same


def test_a_promotion_invites_and_a_seat_given_up_cancels_with_the_same_sequence(ann, bob, deliver_mail):
    make_meetup("december", capacity=1)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    deliver_mail()
    invites_sent()

    cancel_rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    deliver_mail()
    assert sorted(summary(invites_sent())) == [
        ("ann@example.com", "CANCEL", 0, "mailto:ann@example.com", "CANCELLED"),
        ("bob@example.com", "REQUEST", 0, "mailto:bob@example.com", "CONFIRMED"),
    ]


def test_rsvps_and_a_new_title_send_no_new_invite_to_those_going(ann, bob, deliver_mail):
    make_meetup("december", capacity=5)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    deliver_mail()
    invites_sent()
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    revise_meetup(slug="december", plan=plan_of("december", title="December lightning talks"), by="test", now=timezone.now())
    deliver_mail()
    assert summary(invites_sent()) == [("bob@example.com", "REQUEST", 0, "mailto:bob@example.com", "CONFIRMED")]
