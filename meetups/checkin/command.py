"""At the door: organisers mark who attended. No-shows are derived (going, not marked,
meetup over)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventstore.events import Event
from eventstore.store import Recording, execute
from meetups import errors
from meetups import events as e
from meetups.meetup import CHECK_IN_OPENS_BEFORE_START, Meetup, meetup_stream


def decide_check_in(history: list[Event], *, member_id: UUID, attended: bool, by: str, now: datetime) -> list[Event]:
    """Only members who are going can be checked in, from two hours before the start.
    Marking what is already marked records nothing (two organisers at the door)."""
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if m.cancelled:
        raise errors.MeetupCancelled(m.title)
    if now < m.starts_at - CHECK_IN_OPENS_BEFORE_START:
        raise errors.CheckInNotOpen(m.starts_at - CHECK_IN_OPENS_BEFORE_START)
    if member_id not in m.going:
        raise errors.NotGoing
    if attended == (member_id in m.attended):
        return []
    if attended:
        return [e.AttendanceMarked(member_id=member_id, marked_by=by)]
    return [e.AttendanceUnmarked(member_id=member_id, unmarked_by=by)]


def check_in(*, slug: str, member_id: UUID, attended: bool, by: str, now: datetime) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_check_in(h, member_id=member_id, attended=attended, by=by, now=now))
