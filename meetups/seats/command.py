"""Organisers manage seats by hand: promote a waitlisted member, remove an RSVP."""

from __future__ import annotations

from uuid import UUID

from eventstore.events import Event
from eventstore.store import Recording, execute
from meetups import errors
from meetups import events as e
from meetups.meetup import Meetup, meetup_stream
from web.text import text_problem


def decide_promote_by_hand(history: list[Event], *, member_id: UUID, by: str) -> list[Event]:
    """Gives a waitlisted member a seat even when the meetup is full (a speaker, a
    helper): organisers may go over capacity on purpose. Refuses anyone not waitlisted."""
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if m.cancelled:
        raise errors.MeetupCancelled(m.title)
    if member_id not in m.waitlist:
        raise errors.NotWaitlisted
    return [e.WaitlistPromoted(member_id=member_id, cause="by_hand", caused_by_version=m.version + 1, promoted_by=by)]


def decide_remove_rsvp(history: list[Event], *, member_id: UUID, reason: str, by: str) -> list[Event]:
    """Removes a seat or waitlist place, with a reason (one line, no control characters);
    a freed seat is promoted."""
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if member_id not in m.going and member_id not in m.waitlist:
        raise errors.NoRsvp("That member has")
    if not reason.strip():
        raise errors.InvalidMeetup("Please give a reason for removing this RSVP.")
    if problem := text_problem(reason.strip(), what="The reason", multiline=False):
        raise errors.InvalidMeetup(problem)
    # A removed member who was checked in is first un-checked, so counts stay explainable.
    unmarked = [e.AttendanceUnmarked(member_id=member_id, unmarked_by=by)] if member_id in m.attended else []
    removed = e.RsvpRemoved(member_id=member_id, was_going=member_id in m.going, reason=reason.strip(), removed_by=by)
    if m.cancelled or not removed.was_going:
        return [*unmarked, removed]
    version = m.version + len(unmarked) + 1
    return [*unmarked, removed, *m.promotions(cause="rsvp_removed", caused_by_version=version, seats_freed_after=[removed])]


def promote_by_hand(*, slug: str, member_id: UUID, by: str) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_promote_by_hand(h, member_id=member_id, by=by))


def remove_rsvp(*, slug: str, member_id: UUID, reason: str, by: str) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_remove_rsvp(h, member_id=member_id, reason=reason, by=by))
