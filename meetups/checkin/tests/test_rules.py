from datetime import timedelta

import pytest

from meetups import errors
from meetups import events as e
from meetups.builders import START, attended, confirmed, member, scheduled, waitlisted
from meetups.checkin.command import decide_check_in

AT_THE_DOOR = START - timedelta(minutes=10)


def test_a_member_who_is_going_is_checked_in():
    then = decide_check_in([scheduled(), confirmed("ann")], member_id=member("ann"), attended=True, by="olivia", now=AT_THE_DOOR)
    assert then == [attended("ann")]


def test_checking_in_twice_records_nothing():
    given = [scheduled(), confirmed("ann"), attended("ann")]
    assert decide_check_in(given, member_id=member("ann"), attended=True, by="olivia", now=AT_THE_DOOR) == []


def test_a_check_in_can_be_undone():
    given = [scheduled(), confirmed("ann"), attended("ann")]
    then = decide_check_in(given, member_id=member("ann"), attended=False, by="olivia", now=AT_THE_DOOR)
    assert then == [e.AttendanceUnmarked(member_id=member("ann"), unmarked_by="olivia")]


def test_only_members_who_are_going_are_checked_in():
    given = [scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1)]
    with pytest.raises(errors.NotGoing):
        decide_check_in(given, member_id=member("bob"), attended=True, by="olivia", now=AT_THE_DOOR)


def test_check_in_opens_two_hours_before_the_start():
    with pytest.raises(errors.CheckInNotOpen):
        decide_check_in([scheduled(), confirmed("ann")], member_id=member("ann"), attended=True, by="olivia",
                        now=START - timedelta(hours=3))
