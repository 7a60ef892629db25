"""Members RSVP to a meetup or cancel their RSVP."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventstore.events import Event
from eventstore.store import Recording, execute
from meetups import errors
from meetups import events as e
from meetups.meetup import Meetup, meetup_stream


def decide_rsvp(history: list[Event], *, member_id: UUID, now: datetime, on_going_list: bool = True) -> list[Event]:
    """A seat while seats remain, else the waitlist; `on_going_list=False` leaves the
    member off the who's-going list others see. Refused: a cancelled or past meetup,
    before the RSVP window opens or after it closes, and a second RSVP by the same member
    (so a double click or a retried request gives exactly one RSVP)."""
    placed = _place(history, member_id=member_id, now=now)
    return placed if on_going_list else [*placed, e.LeftOffGoingList(member_id=member_id)]


def _place(history: list[Event], *, member_id: UUID, now: datetime) -> list[Event]:
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if m.cancelled:
        raise errors.MeetupCancelled(m.title)
    if now >= m.starts_at:
        raise errors.MeetupInThePast(m.title)
    if member_id in m.going:
        raise errors.AlreadyGoing
    if member_id in m.waitlist:
        raise errors.AlreadyWaitlisted(m.waitlist_position(member_id))
    if now < m.rsvp_opens_at:
        raise errors.RsvpNotOpenYet(m.rsvp_opens_at)
    if now >= m.rsvp_closes_at:
        raise errors.RsvpClosed(m.rsvp_closes_at)
    if len(m.going) < m.capacity:
        return [e.RsvpConfirmed(member_id=member_id)]
    return [e.RsvpWaitlisted(member_id=member_id, position=len(m.waitlist) + 1)]


def decide_cancel_rsvp(history: list[Event], *, member_id: UUID, now: datetime) -> list[Event]:
    """Gives up a seat or a waitlist place. A freed seat goes to the first waitlisted
    member at once. Refused once the meetup has started, or without an RSVP."""
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if now >= m.starts_at:
        raise errors.MeetupInThePast(m.title)
    if member_id not in m.going and member_id not in m.waitlist:
        raise errors.NoRsvp()
    # Someone checked in who then cancels is un-checked first, so counts stay explainable.
    unmarked = [e.AttendanceUnmarked(member_id=member_id, unmarked_by="rsvp_cancelled")] if member_id in m.attended else []
    cancelled = e.RsvpCancelled(member_id=member_id, was_going=member_id in m.going)
    if m.cancelled or not cancelled.was_going:
        return [*unmarked, cancelled]
    version = m.version + len(unmarked) + 1
    return [*unmarked, cancelled, *m.promotions(cause="rsvp_cancelled", caused_by_version=version, seats_freed_after=[cancelled])]


def decide_going_list(history: list[Event], *, member_id: UUID, shown: bool) -> list[Event]:
    """Show or hide me on the who's-going list. Refused without an RSVP (seat or waitlist);
    nothing new when it already is so."""
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if member_id not in m.going and member_id not in m.waitlist:
        raise errors.NoRsvp()
    if shown == (member_id not in m.off_going_list):
        return []
    return [e.PutOnGoingList(member_id=member_id) if shown else e.LeftOffGoingList(member_id=member_id)]


def rsvp(*, slug: str, member_id: UUID, now: datetime, on_going_list: bool = True) -> list[Recording]:
    return execute(
        meetup_stream(slug), lambda h: decide_rsvp(h, member_id=member_id, now=now, on_going_list=on_going_list)
    )


def show_on_going_list(*, slug: str, member_id: UUID, shown: bool) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_going_list(h, member_id=member_id, shown=shown))


def cancel_rsvp(*, slug: str, member_id: UUID, now: datetime) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_cancel_rsvp(h, member_id=member_id, now=now))
