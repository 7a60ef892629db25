import pytest

from meetups import errors
from meetups import events as e
from meetups.builders import confirmed, member, promoted, scheduled, waitlisted
from meetups.seats.command import decide_promote_by_hand, decide_remove_rsvp


def test_an_organiser_promotes_a_waitlisted_member_by_hand_even_over_capacity():
    given = [scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1)]
    assert decide_promote_by_hand(given, member_id=member("bob"), by="olivia") == [promoted("bob", "by_hand", 4, by="olivia")]


def test_only_waitlisted_members_are_promoted_by_hand():
    with pytest.raises(errors.NotWaitlisted):
        decide_promote_by_hand([scheduled(), confirmed("ann")], member_id=member("ann"), by="olivia")


def test_removing_a_seat_with_a_reason_promotes_the_next_in_line():
    given = [scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1)]
    then = decide_remove_rsvp(given, member_id=member("ann"), reason="Duplicate account", by="olivia")
    assert then == [
        e.RsvpRemoved(member_id=member("ann"), was_going=True, reason="Duplicate account", removed_by="olivia"),
        promoted("bob", "rsvp_removed", 4),
    ]


def test_removing_needs_a_reason():
    with pytest.raises(errors.InvalidMeetup):
        decide_remove_rsvp([scheduled(), confirmed("ann")], member_id=member("ann"), reason="", by="olivia")


def test_removing_someone_without_an_rsvp_is_refused():
    with pytest.raises(errors.NoRsvp):
        decide_remove_rsvp([scheduled()], member_id=member("ann"), reason="x", by="olivia")


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Duplicate\x1b account", "The reason contains invisible control characters; please retype it."),
        ("Duplicate\naccount", "The reason must be on one line, without line breaks or tabs."),
    ],
    ids=["escape", "line-break"],
)
def test_a_removal_reason_with_control_characters_is_refused(reason, message):
    with pytest.raises(errors.InvalidMeetup) as refusal:
        decide_remove_rsvp([scheduled(), confirmed("ann")], member_id=member("ann"), reason=reason, by="olivia")
    assert refusal.value.message == message
