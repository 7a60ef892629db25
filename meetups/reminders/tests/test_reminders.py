"""Reminders and announcements with a fixed clock (no sleeping): when they are due, to
whom, never twice (also with two workers running at the same moment), none for a
cancelled meetup."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from eventstore.outbox import OutboxMessage, deliver_due
from eventstore.timers import TimerRunner, run_timers
from meetups.listing.projection import MeetupListing
from meetups.preferences.command import set_mail_preferences
from meetups.reminders.timer import Reminders, due_reminder
from meetups.rsvp.command import rsvp
from meetups.schedule.command import cancel_meetup
from meetups.testing import make_meetup
from membership.testing import make_member

pytestmark = pytest.mark.django_db


def reminders() -> list[tuple[str, str]]:
    return sorted((m.to, m.subject) for m in OutboxMessage.objects.filter(source="meetups.reminders"))


@pytest.fixture
def december(ann, bob):
    """Starts in 30 hours, one seat: Ann going, Bob waitlisted #1."""
    make_meetup("december", capacity=1, starts_in=timedelta(hours=30))
    for member in (ann, bob):
        rsvp(slug="december", member_id=member.member_id, now=timezone.now())
    return MeetupListing.objects.get(slug="december")


def test_the_reminder_is_due_24_hours_before_and_not_a_minute_earlier(december):
    day_before = december.starts_at - timedelta(hours=24)
    assert run_timers(now=day_before - timedelta(minutes=1)) == 0
    assert run_timers(now=day_before) == 2
    subject = f"Reminder: December talk night, {timezone.localtime(december.starts_at):%A %d %B %Y, %I:%M %p}"
    assert reminders() == [("ann@example.com", subject), ("bob@example.com", subject)]


def test_going_members_are_reminded_and_waitlisted_ones_told_their_position(december, deliver_mail):
    run_timers(now=december.starts_at - timedelta(hours=23))
    deliver_mail()
    bodies = {m.to[0]: m.body for m in mail.outbox if m.subject.startswith("Reminder")}
    assert bodies["ann@example.com"].startswith("See you at December talk night!\n")
    assert bodies["bob@example.com"].startswith("You are #1 on the waitlist for December talk night.")
    assert "/mail/unsubscribe/" in bodies["bob@example.com"]


def test_never_twice_however_often_the_timer_runs(december):
    for hours in (24, 23, 12, 1):
        run_timers(now=december.starts_at - timedelta(hours=hours))
    assert len(reminders()) == 2


def test_two_workers_running_the_reminders_at_the_same_moment_record_each_once(december):
    now = december.starts_at - timedelta(hours=20)
    first, second = TimerRunner(), TimerRunner()
    first.run_due(now)
    second.run_due(now)
    assert len(reminders()) == 2
    assert deliver_due(now=now).sent + deliver_due(now=now).sent == len(OutboxMessage.objects.all())


def test_no_reminder_for_a_cancelled_meetup(december):
    cancel_meetup(slug="december", message="Snowed in.", by="test")
    assert run_timers(now=december.starts_at - timedelta(hours=23)) == 0


def test_no_reminder_for_a_member_who_turned_them_off(december, ann):
    set_mail_preferences(member_id=ann.member_id, wanted={"reminders": False}, by=ann.member_id)
    run_timers(now=december.starts_at - timedelta(hours=23))
    assert [to for to, _ in reminders()] == ["bob@example.com"]


def test_no_reminder_for_a_member_who_rsvped_after_it_was_due(ann):
    make_meetup("tonight", starts_in=timedelta(hours=10))  # the 24-hour reminder was due 14 hours ago
    rsvp(slug="tonight", member_id=ann.member_id, now=timezone.now())
    assert run_timers(now=timezone.now() + timedelta(minutes=1)) == 0


def test_the_second_reminder_is_its_own_and_only_the_latest_due_is_sent(settings, december):
    settings.MEETUP_REMINDER_HOURS = [24, 2]
    run_timers(now=december.starts_at - timedelta(hours=1))  # the worker was down: only the 2-hour one
    assert len(reminders()) == 2
    assert due_reminder(december.starts_at, december.starts_at - timedelta(hours=5), [24, 2]) == 24
    assert due_reminder(december.starts_at, december.starts_at - timedelta(hours=2), [24, 2]) == 2
    assert due_reminder(december.starts_at, december.starts_at, [24, 2]) is None


def test_the_announcement_goes_once_to_members_who_asked_for_it(ann, bob, deliver_mail):
    set_mail_preferences(member_id=ann.member_id, wanted={"announcements": True}, by=ann.member_id)
    make_meetup("january", title="January talk night", starts_in=timedelta(days=30),
                rsvp_opens_at=timezone.now() + timedelta(days=2))
    opens = MeetupListing.objects.get().rsvp_opens_at
    assert run_timers(now=opens - timedelta(minutes=1)) == 0
    assert run_timers(now=opens + timedelta(minutes=1)) == 1
    assert run_timers(now=opens + timedelta(hours=3)) == 0
    [announcement] = OutboxMessage.objects.filter(source="meetups.announcements")
    assert (announcement.to, announcement.subject) == ("ann@example.com", "New meetup, RSVPs open: January talk night")
    assert announcement.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_meetup_made_with_its_rsvps_open_is_announced_at_once(ann):
    set_mail_preferences(member_id=ann.member_id, wanted={"announcements": True}, by=ann.member_id)
    make_meetup("january", title="January talk night", starts_in=timedelta(days=30),
                rsvp_opens_at=timezone.now() - timedelta(days=3))  # opened before it was announced
    assert run_timers(now=timezone.now()) == 1
    assert run_timers(now=timezone.now() + timedelta(minutes=1)) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_in_two_threads_at_the_same_moment_record_each_reminder_once(ann, bob):
    import threading  # only this test runs threads

    from eventstore.tests.support import (  # the store's own thread helpers
        ThreadConnections,
        closing_connection,
    )

    make_meetup("december", capacity=1, starts_in=timedelta(hours=30))
    for member in (ann, bob):
        rsvp(slug="december", member_id=member.member_id, now=timezone.now())
    now = MeetupListing.objects.get().starts_at - timedelta(hours=23)
    start = threading.Barrier(2)
    recorded: dict[str, int] = {}

    def worker(name: str) -> None:
        with closing_connection():
            start.wait(timeout=10)
            recorded[name] = TimerRunner().run_due(now)

    with ThreadConnections():
        threads = [threading.Thread(target=worker, args=(name,)) for name in ("w1", "w2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert sorted(recorded) == ["w1", "w2"]  # both ran
    assert len(reminders()) == 2  # the outbox key let one row per member in


@pytest.mark.parametrize("members", [1, 3])
def test_the_reminders_of_a_meetup_cost_the_same_queries_for_one_member_or_many(members, django_assert_num_queries):
    make_meetup("december", capacity=10, starts_in=timedelta(hours=30))
    for i in range(members):
        rsvp(slug="december", member_id=make_member(f"M{i}").member_id, now=timezone.now())
    starts = MeetupListing.objects.get().starts_at
    # meetups due, roster, preferences, emails, names, outbox keys known, outbox insert
    with django_assert_num_queries(7):
        assert Reminders().run(starts - timedelta(hours=23), "default") == members
