"""Who's going: a member may RSVP without being shown, and change their mind (no database)."""

import pytest

from meetups import errors
from meetups import events as e
from meetups.builders import NOW, cancelled_rsvp, confirmed, member, scheduled, waitlisted
from meetups.meetup import Meetup
from meetups.rsvp.command import decide_going_list, decide_rsvp


def test_an_rsvp_is_shown_on_the_going_list_unless_the_member_asks_not_to_be():
    assert decide_rsvp([scheduled(capacity=2)], member_id=member("ann"), now=NOW) == [confirmed("ann")]
    assert decide_rsvp([scheduled(capacity=2)], member_id=member("ann"), now=NOW, on_going_list=False) == [
        confirmed("ann"), e.LeftOffGoingList(member_id=member("ann")),
    ]


def test_a_waitlisted_member_may_be_left_off_too():
    given = [scheduled(capacity=1), confirmed("bob")]
    assert decide_rsvp(given, member_id=member("ann"), now=NOW, on_going_list=False) == [
        waitlisted("ann", 1), e.LeftOffGoingList(member_id=member("ann")),
    ]


def test_a_member_can_hide_then_show_their_name_and_asking_twice_records_nothing():
    given = [scheduled(capacity=2), confirmed("ann")]
    hidden = decide_going_list(given, member_id=member("ann"), shown=False)
    assert hidden == [e.LeftOffGoingList(member_id=member("ann"))]
    assert decide_going_list(given + hidden, member_id=member("ann"), shown=False) == []
    assert decide_going_list(given + hidden, member_id=member("ann"), shown=True) == [e.PutOnGoingList(member_id=member("ann"))]
    assert decide_going_list(given, member_id=member("ann"), shown=True) == []


def test_without_an_rsvp_there_is_no_name_to_hide():
    with pytest.raises(errors.NoRsvp):
        decide_going_list([scheduled(capacity=2)], member_id=member("ann"), shown=False)


def test_a_new_rsvp_after_a_cancel_starts_shown_again():
    given = [scheduled(capacity=2), confirmed("ann"), e.LeftOffGoingList(member_id=member("ann")), cancelled_rsvp("ann"),
             confirmed("ann")]
    assert member("ann") not in Meetup.fold(given).off_going_list
