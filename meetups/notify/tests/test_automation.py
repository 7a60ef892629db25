"""Mail that follows meetup events (meetups/notify/automation.py), through the real
commands and the worker's delivery (`deliver_mail`): who gets what, once per event and
member; a reschedule mails only when the time really moved; a title with a line break
still gives a one-line subject."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from eventstore.store import event_store, execute
from eventstore.testing import deliver_mail as deliver_all
from meetups import events as e
from meetups.meetup import Meetup, meetup_stream
from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.schedule.command import (
    MeetupPlan,
    cancel_meetup,
    change_capacity,
    revise_meetup,
)
from meetups.testing import make_meetup
from membership.testing import make_member

pytestmark = pytest.mark.django_db
URL = "http://testserver/meetups/december/"  # SITE_URL in tests


@pytest.fixture
def cat(db):
    return make_member("Cat")


def meetup(slug: str = "december") -> Meetup:
    return Meetup.fold(event_store().load(meetup_stream(slug)))


def when(moment) -> str:
    return timezone.localtime(moment).strftime("%A %d %B %Y, %I:%M %p")


def plan_of(m: Meetup, **changes) -> MeetupPlan:
    """The meetup's plan as the organisers' form would send it back, with changes."""
    plan = MeetupPlan(
        title=m.title, description=m.details[1], starts_at=m.starts_at, ends_at=m.ends_at, venue_name=m.venue[0],
        venue_address=m.venue[1], venue_map_url=m.venue[2], capacity=m.capacity, rsvp_opens_at=m.rsvp_opens_at,
        rsvp_closes_at=m.rsvp_closes_at,
    )
    return replace(plan, **changes)


def sent() -> list[tuple[str, list[str]]]:
    return [(m.subject, m.to) for m in mail.outbox]


def going_and_waitlisted(*members, capacity: int = 1, **meetup_changes) -> None:
    """A meetup whose seats go to the first `capacity` members; the others wait. The
    "You are going" mails of the seats (meetups/notify/tests/test_invites.py) are
    delivered and put aside."""
    make_meetup("december", capacity=capacity, **meetup_changes)
    for member in members:
        rsvp(slug="december", member_id=member.member_id, now=timezone.now())
    deliver_all()
    mail.outbox.clear()


def body(message) -> str:
    """The mail's text without the unsubscribe footer every mail ends with."""
    text, footer, link = message.body.partition("\nStop these emails: http://testserver/mail/unsubscribe/")
    assert footer and link.endswith("/\n")
    return text


# -- a seat for a waitlisted member -------------------------------------------------------------
def test_a_member_promoted_from_the_waitlist_is_told_they_have_a_seat(ann, bob, deliver_mail):
    going_and_waitlisted(ann, bob)
    assert deliver_mail() == 0

    cancel_rsvp(slug="december", member_id=ann.member_id, now=timezone.now())

    assert deliver_mail() == 2
    assert sent() == [
        ("You have a seat at December talk night", ["bob@example.com"]),
        ("You cancelled your RSVP to December talk night", ["ann@example.com"]),
    ]
    assert body(mail.outbox[0]) == (
        "Good news: a seat freed up and it is yours.\n\n"
        "December talk night\n"
        f"{when(meetup().starts_at)}\n"
        "Main Library, 101 E Franklin St, Richmond, VA\n\n"
        f"Can't come after all? Please cancel your RSVP so the next person gets the seat: {URL}\n"
    )


def test_raising_the_capacity_tells_each_promoted_member_once(ann, bob, cat, deliver_mail):
    going_and_waitlisted(ann, bob, cat)

    change_capacity(slug="december", capacity=3, by="test")

    assert deliver_mail() == 2
    assert sent() == [
        ("You have a seat at December talk night", ["bob@example.com"]),
        ("You have a seat at December talk night", ["cat@example.com"]),
    ]
    assert deliver_mail() == 0  # the automation runs again: nothing new


# -- a reschedule --------------------------------------------------------------------------------
def test_a_reschedule_tells_everyone_with_an_rsvp_the_new_time(ann, bob, cat, deliver_mail):
    going_and_waitlisted(ann, bob, cat)
    cancel_rsvp(slug="december", member_id=cat.member_id, now=timezone.now())  # Cat waited, then gave up
    later = meetup().starts_at + timedelta(days=1)

    revise_meetup(slug="december", plan=plan_of(meetup(), starts_at=later, ends_at=later + timedelta(hours=2),
                                                  rsvp_closes_at=later), by="test", now=timezone.now())

    assert deliver_mail() == 2
    subject = f"December talk night has moved to {when(later)}"
    assert sent() == [(subject, ["ann@example.com"]), (subject, ["bob@example.com"])]
    assert body(mail.outbox[0]) == (
        f"December talk night now starts {when(later)} and ends {when(later + timedelta(hours=2))}.\n"
        f"Your RSVP still stands. If you can no longer come, please cancel it: {URL}\n"
    )


def test_each_reschedule_is_mailed_once(ann, deliver_mail):
    going_and_waitlisted(ann)
    first, second = (meetup().starts_at + timedelta(days=days) for days in (1, 2))
    for start in (first, second):
        revise_meetup(slug="december", plan=plan_of(meetup(), starts_at=start, ends_at=start + timedelta(hours=2),
                                                      rsvp_closes_at=start), by="test", now=timezone.now())

    assert deliver_mail() == 2
    assert deliver_mail() == 0
    assert sent() == [
        (f"December talk night has moved to {when(first)}", ["ann@example.com"]),
        (f"December talk night has moved to {when(second)}", ["ann@example.com"]),
    ]


def test_a_rescheduled_event_recorded_with_the_same_times_mails_nobody(ann, deliver_mail):
    """Older releases recorded MeetupRescheduled on every save of the form, even when the
    times had not moved (and without their microseconds)."""
    going_and_waitlisted(ann)
    m = meetup()
    execute(meetup_stream("december"), lambda history: [
        e.MeetupRescheduled(starts_at=m.starts_at, ends_at=m.ends_at, rsvp_opens_at=m.rsvp_opens_at,
                            rsvp_closes_at=m.rsvp_closes_at, rescheduled_by="test"),
        e.MeetupRescheduled(starts_at=m.starts_at.replace(microsecond=0), ends_at=m.ends_at.replace(microsecond=0),
                            rsvp_opens_at=m.rsvp_opens_at, rsvp_closes_at=m.rsvp_closes_at, rescheduled_by="test"),
    ])

    assert deliver_mail() == 0
    assert sent() == []


def test_moving_only_the_rsvp_window_mails_nobody(ann, deliver_mail):
    going_and_waitlisted(ann)
    m = meetup()

    revise_meetup(slug="december", plan=plan_of(m, rsvp_closes_at=m.starts_at - timedelta(hours=1)), by="test",
                  now=timezone.now())

    assert type(event_store().load(meetup_stream("december"))[-1]) is e.RsvpWindowChanged
    assert deliver_mail() == 0


# -- a cancellation ------------------------------------------------------------------------------
def test_a_cancellation_sends_the_organisers_message_to_everyone_with_an_rsvp(ann, bob, cat, deliver_mail):
    going_and_waitlisted(ann, bob)
    make_member("Dan")  # no RSVP: not told

    cancel_meetup(slug="december", message="The library is flooded. Sorry!", by="test")

    assert deliver_mail() == 2
    assert deliver_mail() == 0
    assert sent() == [
        ("Cancelled: December talk night", ["ann@example.com"]),
        ("Cancelled: December talk night", ["bob@example.com"]),
    ]
    assert body(mail.outbox[1]) == (
        f"December talk night ({when(meetup().starts_at)}) is cancelled.\n\nThe library is flooded. Sorry!\n"
    )


def test_a_member_who_cancelled_before_the_meetup_was_cancelled_is_not_told(ann, bob, deliver_mail):
    going_and_waitlisted(ann, bob, capacity=2)
    cancel_rsvp(slug="december", member_id=bob.member_id, now=timezone.now())

    cancel_meetup(slug="december", message="Snowed in.", by="test")

    assert deliver_mail() == 2
    assert sent() == [
        ("Cancelled: December talk night", ["ann@example.com"]),
        ("You cancelled your RSVP to December talk night", ["bob@example.com"]),  # before the meetup was
    ]


# -- unsafe titles ----------------------------------------------------------------------------------
@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\u2028"])
def test_a_title_with_a_line_break_still_mails_with_a_one_line_subject(ann, bob, deliver_mail, line_break):
    """Titles written before the form refused line breaks are still in the log."""
    going_and_waitlisted(ann, bob)
    stream = meetup_stream("december")
    old = e.MeetupDetailsChanged(title=f"December{line_break}talk night", description="", changed_by="an older release")
    event_store().append(stream, [old], after_version=len(event_store().load(stream)))

    cancel_rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    cancel_meetup(slug="december", message="Snowed in.", by="test")

    assert deliver_mail() == 3
    assert sorted(sent()) == [
        ("Cancelled: December talk night", ["bob@example.com"]),
        ("You cancelled your RSVP to December talk night", ["ann@example.com"]),
        ("You have a seat at December talk night", ["bob@example.com"]),
    ]
    promoted = next(m for m in mail.outbox if m.subject.startswith("You have a seat"))
    assert promoted.body.startswith("Good news: a seat freed up and it is yours.\n\n")
    headers = promoted.message().as_bytes().split(b"\n\n", 1)[0]
    assert [line for line in headers.splitlines() if line.startswith(b"Subject:")] == [
        b"Subject: You have a seat at December talk night"
    ]
