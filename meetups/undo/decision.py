"""An organiser undoes their own recent change to a meetup by appending compensating
events: a `ChangeUndone` that names the undone event, then the events that put things
back. The history shows both. What can be undone, and what each undo refuses:

- a capacity change: the capacity goes back (raising it again promotes from the
  waitlist as usual); refused when the old capacity would leave members who hold a seat
  now without one (an undo never overbooks, nor takes a seat away);
- the removal of an RSVP: the member is back, with a seat if one is free and they had
  one, else at the end of the waitlist (never overbooked); refused when they have RSVPed
  again since;
- a cancellation: the meetup is back on (`MeetupReinstated`) with the RSVPs it had, and
  everyone who was told of the cancellation is sent a correction; refused once the meetup
  has ended;
- a reschedule: the old times come back, the agenda moves with them (everyone with an
  RSVP is mailed the time, as for any reschedule); refused if it was moved again since;
- a talk moved on this meetup's agenda: it goes back to its old slot; refused when
  that slot is taken now, or when the move was part of a reschedule (undo that instead).

Every undo is refused when the change is not the organiser's own, is older than
UNDO_WINDOW, was undone already, or the meetup changed in a way that the undo would
contradict (said in the message).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from eventstore.errors import CommandRefused
from eventstore.events import Event
from eventstore.history import UNDO_WINDOW, recorded_actor
from meetups import errors
from meetups import events as e
from meetups.meetup import Meetup, agenda_moves, same_time

# "Recent": a change older than this is corrected by a new change, not undone.

UNDOABLE = (e.CapacityChanged, e.RsvpRemoved, e.MeetupCancelled, e.MeetupRescheduled, e.TalkScheduled)
WHAT = {
    "CapacityChanged": "capacity change", "RsvpRemoved": "removal of an RSVP", "MeetupCancelled": "cancellation",
    "MeetupRescheduled": "reschedule", "TalkScheduled": "agenda move",
}


def decide_undo(history: list[Event], *, version: int, by: UUID, now: datetime) -> list[Event]:
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if not 1 <= version <= len(history):
        raise errors.CannotUndo("There is no such change to undo.")
    target = history[version - 1]
    if not isinstance(target, UNDOABLE) or (isinstance(target, e.TalkScheduled) and _moved_from(history, version) is None):
        raise errors.CannotUndo("That kind of change cannot be undone.")
    actor, _, _ = recorded_actor(target)
    if actor != by:
        raise errors.CannotUndo("You can only undo your own changes.")
    if now - target.timestamp > UNDO_WINDOW:
        raise errors.CannotUndo(f"That change is more than {UNDO_WINDOW.days} days old: change the meetup instead.")
    if any(isinstance(x, e.ChangeUndone) and x.undone_version == version for x in history):
        raise errors.CannotUndo("That change has been undone already.")
    if m.cancelled and not isinstance(target, e.MeetupCancelled):
        raise errors.MeetupCancelled(m.title)
    marker = e.ChangeUndone(undone_version=version, undone_kind=type(target).__name__, by=by)
    before = Meetup.fold(history[: version - 1])
    match target:
        case e.CapacityChanged():
            if m.capacity != target.capacity:
                raise errors.CannotUndo(f"The capacity has changed again since (it is {m.capacity} now).")
            if len(m.going) > before.capacity:
                raise errors.CannotUndo(
                    f"{len(m.going)} members hold a seat now: going back to {before.capacity} seats would overbook."
                )
            change = e.CapacityChanged(capacity=before.capacity, changed_by=str(by))
            promoted = m.promotions(cause="capacity_raised", caused_by_version=m.version + 2, seats_freed_after=[change])
            return [marker, change, *promoted]
        case e.RsvpRemoved():
            member = target.member_id
            if member in m.going or member in m.waitlist:
                raise errors.CannotUndo("That member has RSVPed again since.")
            if target.was_going and len(m.going) < m.capacity:
                return [marker, e.RsvpConfirmed(member_id=member)]
            return [marker, e.RsvpWaitlisted(member_id=member, position=len(m.waitlist) + 1)]
        case e.MeetupCancelled():
            if not m.cancelled:
                raise errors.CannotUndo("The meetup is not cancelled.")
            if m.has_ended(now):
                raise errors.MeetupInThePast(m.title)
            return [marker, e.MeetupReinstated(by=by)]
        case e.MeetupRescheduled():
            if not (same_time(m.starts_at, target.starts_at) and same_time(m.ends_at, target.ends_at)):
                raise errors.CannotUndo("The meetup has been moved again since.")
            back = e.MeetupRescheduled(
                starts_at=before.starts_at, ends_at=before.ends_at, rsvp_opens_at=before.rsvp_opens_at,
                rsvp_closes_at=before.rsvp_closes_at, rescheduled_by=str(by),
            )
            return [marker, back, *agenda_moves(history, delta=before.starts_at - m.starts_at, by=str(by))]
        case e.TalkScheduled():
            old = _moved_from(history, version)
            slots = _slots(history)
            now_at = slots.get(target.talk_id)
            if now_at is None or (now_at.starts_at, now_at.minutes) != (target.starts_at, target.minutes):
                raise errors.CannotUndo("That talk has moved again since, or left the agenda.")
            for other in slots.values():
                if other.talk_id != target.talk_id and _overlap(other, old):
                    raise errors.CannotUndo(f"Its old slot is taken now by “{other.title}”.")
            return [
                marker,
                e.TalkUnscheduled(talk_id=target.talk_id, reason="moved", unscheduled_by=str(by)),
                e.TalkScheduled(
                    talk_id=target.talk_id, title=target.title, starts_at=old.starts_at, minutes=old.minutes,
                    scheduled_by=str(by),
                ),
            ]
    raise errors.CannotUndo("That kind of change cannot be undone.")


def _moved_from(history: list[Event], version: int) -> e.TalkScheduled | None:
    """For a TalkScheduled that moved a talk on this agenda by itself (taken off as
    "moved" just before, not as part of a reschedule), the slot it had before."""
    target = history[version - 1]
    if version < 2 or not isinstance(off := history[version - 2], e.TalkUnscheduled) or off.talk_id != target.talk_id:
        return None
    if off.reason != "moved" or any(
        isinstance(x, e.MeetupRescheduled) and x.timestamp == target.timestamp for x in history
    ):
        return None
    return _slots(history[: version - 2]).get(target.talk_id)


def _slots(history: list[Event]) -> dict[UUID, e.TalkScheduled]:
    slots: dict[UUID, e.TalkScheduled] = {}
    for event in history:
        if isinstance(event, e.TalkScheduled):
            slots[event.talk_id] = event
        elif isinstance(event, e.TalkUnscheduled):
            slots.pop(event.talk_id, None)
    return slots


def _overlap(a: e.TalkScheduled, b: e.TalkScheduled) -> bool:
    return a.starts_at < b.starts_at + timedelta(minutes=b.minutes) and b.starts_at < a.starts_at + timedelta(minutes=a.minutes)


def undoable_versions(history: list[Event], *, by: UUID, now: datetime) -> set[int]:
    """The versions this organiser could undo now (for the History page's buttons)."""
    found = set()
    for version, event in enumerate(history, start=1):
        if isinstance(event, UNDOABLE) and recorded_actor(event)[0] == by and now - event.timestamp <= UNDO_WINDOW:
            try:
                decide_undo(history, version=version, by=by, now=now)
            except CommandRefused:
                continue
            found.add(version)
    return found
