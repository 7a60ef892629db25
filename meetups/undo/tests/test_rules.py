"""Undo, the rules: an organiser undoes their own recent change by appending what puts it
back; an undo that would break a rule is refused or waitlists, never overbooks."""

import dataclasses
from datetime import timedelta
from uuid import UUID

import pytest

from meetups import errors
from meetups import events as e
from meetups.builders import NOW, START, capacity_changed, confirmed, meetup_cancelled, member, scheduled, waitlisted
from meetups.meetup import Meetup
from meetups.undo.decision import UNDO_WINDOW, decide_undo

OLIVIA, OSCAR = member("olivia"), member("oscar")


def stamped(*events, by: UUID = OLIVIA, kind: str = "organiser"):
    """Events as the store keeps them: each a minute after the one before, the last
    change by `by` (the organiser under test) unless the event says otherwise."""
    return [
        dataclasses.replace(x, timestamp=NOW - timedelta(hours=1) + timedelta(minutes=i), originator_version=i,
                            actor_id=by if x.actor_kind == "" else x.actor_id, actor_kind=x.actor_kind or kind)
        for i, x in enumerate(events, start=1)
    ]


def undo(history, version, by=OLIVIA, now=NOW):
    return decide_undo(history, version=version, by=by, now=now)


def test_undoing_a_capacity_raise_puts_the_old_capacity_back():
    history = stamped(scheduled(capacity=2), confirmed("ann"), capacity_changed(5))
    assert undo(history, 3) == [
        e.ChangeUndone(undone_version=3, undone_kind="CapacityChanged", by=OLIVIA),
        e.CapacityChanged(capacity=2, changed_by=str(OLIVIA)),
    ]


def test_undoing_a_capacity_cut_promotes_the_waitlist_again():
    history = stamped(scheduled(capacity=2), confirmed("ann"), capacity_changed(1), waitlisted("bob", 1))
    then = undo(history, 3)
    assert then[:2] == [
        e.ChangeUndone(undone_version=3, undone_kind="CapacityChanged", by=OLIVIA),
        e.CapacityChanged(capacity=2, changed_by=str(OLIVIA)),
    ]
    assert then[2] == e.WaitlistPromoted(member_id=member("bob"), cause="capacity_raised", caused_by_version=6)


def test_a_capacity_undo_that_would_overbook_is_refused():
    history = stamped(
        scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1), capacity_changed(2),
        e.WaitlistPromoted(member_id=member("bob"), cause="capacity_raised", caused_by_version=4, actor_kind="system"),
    )
    with pytest.raises(errors.CannotUndo, match="2 members hold a seat now: going back to 1 seats would overbook"):
        undo(history, 4)


def test_a_removed_rsvp_comes_back_with_a_seat_when_one_is_free():
    removed = e.RsvpRemoved(member_id=member("ann"), was_going=True, reason="Oops", removed_by="olivia")
    history = stamped(scheduled(capacity=2), confirmed("ann"), removed)
    assert undo(history, 3)[1:] == [e.RsvpConfirmed(member_id=member("ann"))]


def test_a_removed_rsvp_restored_into_a_full_meetup_goes_on_the_waitlist():
    removed = e.RsvpRemoved(member_id=member("ann"), was_going=True, reason="Oops", removed_by="olivia")
    promoted = e.WaitlistPromoted(member_id=member("bob"), cause="rsvp_removed", caused_by_version=4, actor_kind="system")
    history = stamped(scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1), removed, promoted, waitlisted("cat", 1))
    then = undo(history, 4)
    assert then[1:] == [e.RsvpWaitlisted(member_id=member("ann"), position=2)]
    after = Meetup.fold([*history, *then])
    assert (len(after.going), after.capacity) == (1, 1)  # never overbooked


def test_a_member_who_rsvped_again_is_not_restored_twice():
    removed = e.RsvpRemoved(member_id=member("ann"), was_going=True, reason="Oops", removed_by="olivia")
    history = stamped(scheduled(capacity=2), confirmed("ann"), removed, confirmed("ann"))
    with pytest.raises(errors.CannotUndo, match="RSVPed again"):
        undo(history, 3)


def test_a_cancellation_undone_reinstates_the_meetup_with_its_rsvps():
    history = stamped(scheduled(capacity=2), confirmed("ann"), meetup_cancelled())
    then = undo(history, 3)
    assert then == [e.ChangeUndone(undone_version=3, undone_kind="MeetupCancelled", by=OLIVIA), e.MeetupReinstated(by=OLIVIA)]
    after = Meetup.fold([*history, *then])
    assert (after.cancelled, after.going) == (False, [member("ann")])


def test_a_cancellation_of_a_meetup_that_has_ended_stays():
    soon = NOW + timedelta(hours=1)
    history = stamped(scheduled(start=soon, end=soon + timedelta(hours=1), closes=soon), meetup_cancelled())
    with pytest.raises(errors.MeetupInThePast):
        undo(history, 2, now=soon + timedelta(hours=3))


def test_a_reschedule_undone_puts_the_old_times_and_the_agenda_back():
    talk, day = UUID(int=7), timedelta(days=1)
    slot = e.TalkScheduled(talk_id=talk, title="Pytest", starts_at=START, minutes=30, scheduled_by="olivia")
    moved = e.MeetupRescheduled(
        starts_at=START + day, ends_at=START + day + timedelta(hours=2),
        rsvp_opens_at=NOW - day, rsvp_closes_at=START, rescheduled_by="olivia",
    )
    along = [e.TalkUnscheduled(talk_id=talk, reason="moved", unscheduled_by="olivia"),
             dataclasses.replace(slot, starts_at=START + day)]
    history = stamped(scheduled(), slot, moved, *along)
    history[3:] = [dataclasses.replace(x, timestamp=history[2].timestamp) for x in history[3:]]  # one append
    then = undo(history, 3)
    assert then[1] == e.MeetupRescheduled(
        starts_at=START, ends_at=START + timedelta(hours=2), rsvp_opens_at=NOW - day, rsvp_closes_at=START,
        rescheduled_by=str(OLIVIA),
    )
    assert then[2:] == [
        e.TalkUnscheduled(talk_id=talk, reason="moved", unscheduled_by=str(OLIVIA)),
        e.TalkScheduled(talk_id=talk, title="Pytest", starts_at=START, minutes=30, scheduled_by=str(OLIVIA)),
    ]
    with pytest.raises(errors.CannotUndo, match="cannot be undone"):
        undo(history, 5)  # the talk moved with the reschedule: undo the reschedule instead


def test_a_talk_moved_on_the_agenda_goes_back_unless_its_old_slot_is_taken():
    pytest_talk, other = UUID(int=7), UUID(int=8)
    first = e.TalkScheduled(talk_id=pytest_talk, title="Pytest", starts_at=START, minutes=30, scheduled_by="o")
    off = e.TalkUnscheduled(talk_id=pytest_talk, reason="moved", unscheduled_by="o")
    later = dataclasses.replace(first, starts_at=START + timedelta(hours=1))
    history = stamped(scheduled(), first, off, later)
    assert undo(history, 4)[1:] == [off.__class__(talk_id=pytest_talk, reason="moved", unscheduled_by=str(OLIVIA)),
                                    dataclasses.replace(first, scheduled_by=str(OLIVIA))]
    taken = e.TalkScheduled(talk_id=other, title="Pandas", starts_at=START + timedelta(minutes=15), minutes=5, scheduled_by="o")
    with pytest.raises(errors.CannotUndo, match="Its old slot is taken now by “Pandas”"):
        undo([*history, *stamped(taken)[:1]], 4)


def test_only_your_own_recent_change_not_undone_already():
    history = stamped(scheduled(capacity=2), capacity_changed(5))
    with pytest.raises(errors.CannotUndo, match="only undo your own"):
        undo(history, 2, by=OSCAR)
    with pytest.raises(errors.CannotUndo, match="more than 7 days old"):
        undo(history, 2, now=NOW + UNDO_WINDOW)
    done = [*history, *stamped(*undo(history, 2))]
    with pytest.raises(errors.CannotUndo, match="undone already"):
        undo(done, 2)


@pytest.mark.parametrize("version", [0, -1, 99])
def test_a_version_that_names_no_change_is_refused(version):
    with pytest.raises(errors.CannotUndo, match="no such change"):
        undo(stamped(scheduled()), version)


def test_an_rsvp_is_not_something_an_organiser_undoes():
    with pytest.raises(errors.CannotUndo, match="cannot be undone"):
        undo(stamped(scheduled(), confirmed("ann"), by=OLIVIA), 2)
