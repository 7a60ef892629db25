"""RSVP rules: given events, when a command, then events (no database)."""

from datetime import timedelta

import pytest

from meetups import errors
from meetups import events as e
from meetups.builders import (
    NOW,
    START,
    attended,
    cancelled_rsvp,
    capacity_changed,
    confirmed,
    meetup_cancelled,
    member,
    promoted,
    scheduled,
    waitlisted,
)
from meetups.rsvp.command import decide_cancel_rsvp, decide_rsvp


def test_rsvp_is_confirmed_while_seats_remain():
    assert decide_rsvp([scheduled(capacity=2), confirmed("ann")], member_id=member("bob"), now=NOW) == [confirmed("bob")]


def test_rsvp_goes_to_the_waitlist_when_the_meetup_is_full():
    given = [scheduled(capacity=1), confirmed("ann"), waitlisted("cat", 1)]
    assert decide_rsvp(given, member_id=member("bob"), now=NOW) == [waitlisted("bob", 2)]


def test_rsvp_before_the_window_opens_is_refused():
    with pytest.raises(errors.RsvpNotOpenYet):
        decide_rsvp([scheduled(opens=NOW + timedelta(hours=1))], member_id=member("bob"), now=NOW)


def test_rsvp_after_the_window_closes_is_refused():
    with pytest.raises(errors.RsvpClosed):
        decide_rsvp([scheduled(closes=NOW - timedelta(minutes=1))], member_id=member("bob"), now=NOW)


def test_rsvp_to_a_cancelled_meetup_is_refused():
    with pytest.raises(errors.MeetupCancelled):
        decide_rsvp([scheduled(), meetup_cancelled()], member_id=member("bob"), now=NOW)


def test_rsvp_to_a_past_meetup_is_refused():
    with pytest.raises(errors.MeetupInThePast):
        decide_rsvp([scheduled()], member_id=member("bob"), now=START + timedelta(minutes=5))


def test_a_second_rsvp_by_the_same_member_is_refused():
    with pytest.raises(errors.AlreadyGoing):
        decide_rsvp([scheduled(), confirmed("bob")], member_id=member("bob"), now=NOW)


def test_a_second_rsvp_while_waitlisted_is_refused_with_the_position():
    with pytest.raises(errors.AlreadyWaitlisted, match="#1"):
        decide_rsvp([scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1)], member_id=member("bob"), now=NOW)


def test_rsvp_to_an_unknown_meetup_is_refused():
    with pytest.raises(errors.MeetupNotFound):
        decide_rsvp([], member_id=member("bob"), now=NOW)


def test_cancelling_a_seat_promotes_the_first_waitlisted_member_and_says_why():
    given = [scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1), waitlisted("cat", 2)]
    then = decide_cancel_rsvp(given, member_id=member("ann"), now=NOW)
    assert then == [cancelled_rsvp("ann"), promoted("bob", "rsvp_cancelled", version=5)]


def test_cancelling_a_waitlist_place_promotes_nobody():
    given = [scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1)]
    assert decide_cancel_rsvp(given, member_id=member("bob"), now=NOW) == [cancelled_rsvp("bob", was_going=False)]


def test_cancelling_below_a_lowered_capacity_promotes_nobody():
    given = [scheduled(capacity=2), confirmed("ann"), confirmed("cat"), capacity_changed(1), waitlisted("bob", 1)]
    assert decide_cancel_rsvp(given, member_id=member("ann"), now=NOW) == [cancelled_rsvp("ann")]


def test_cancelling_without_an_rsvp_is_refused():
    with pytest.raises(errors.NoRsvp):
        decide_cancel_rsvp([scheduled()], member_id=member("bob"), now=NOW)


def test_cancelling_after_the_start_is_refused():
    with pytest.raises(errors.MeetupInThePast):
        decide_cancel_rsvp([scheduled(), confirmed("bob")], member_id=member("bob"), now=START)


def test_a_checked_in_member_who_cancels_is_unchecked_first():
    given = [scheduled(capacity=1), confirmed("ann"), attended("ann"), waitlisted("bob", 1)]
    then = decide_cancel_rsvp(given, member_id=member("ann"), now=NOW)
    assert then == [
        e.AttendanceUnmarked(member_id=member("ann"), unmarked_by="rsvp_cancelled"),
        cancelled_rsvp("ann"),
        promoted("bob", "rsvp_cancelled", version=6),
    ]
