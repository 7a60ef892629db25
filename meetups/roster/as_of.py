"""The roster as it was at a past moment (`?as_of=`), folded from the meetup's events up
to then: who was going (in RSVP order), the waitlist (in position order), with the notes,
check-ins and "Why?" the roster showed at that moment. Read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventstore.events import Event
from meetups import events as e
from meetups.meetup import Meetup
from meetups.roster.projection import GOING, PROMOTION_NOTES, WAITLISTED
from meetups.roster.why import explain
from membership.read_models import Member


@dataclass
class MeetupAsOf:
    """What the roster page shows of the meetup itself, as it was."""

    slug: str
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int
    cancelled: bool
    attended_count: int
    moment: datetime
    scheduled: bool = True

    @property
    def is_past(self) -> bool:
        return self.ends_at is not None and self.ends_at <= self.moment


@dataclass
class RowAsOf:
    pk: int
    member_id: UUID
    status: str
    waitlist_position: int | None
    attended: bool
    note: str
    member: Member | None = None
    why: object = None


def up_to(history: list[Event], moment: datetime) -> list[Event]:
    """The events that had happened by `moment` (a stream's events are in time order)."""
    return [x for x in history if x.timestamp <= moment]


def roster_as_of(history: list[Event], moment: datetime, *, slug: str) -> tuple[MeetupAsOf, list[RowAsOf], list[RowAsOf]]:
    """A moment before the meetup was scheduled shows it with nobody on it (scheduled=False)."""
    past = up_to(history, moment)
    meetup = Meetup.fold(past)
    rsvp_number: dict[UUID, int] = {}
    note: dict[UUID, str] = {}
    for event in past:
        match event:
            case e.RsvpConfirmed() | e.RsvpWaitlisted():
                rsvp_number[event.member_id], note[event.member_id] = event.originator_version, ""
            case e.WaitlistPromoted():
                note[event.member_id] = PROMOTION_NOTES.get(event.cause, event.cause)[:300]
    members = Member.objects.in_bulk([*meetup.going, *meetup.waitlist])
    why = explain(past)
    going = [
        RowAsOf(rsvp_number[m], m, GOING, None, m in meetup.attended, note.get(m, ""), members.get(m), why.get(m))
        for m in sorted(meetup.going, key=lambda m: rsvp_number[m])
    ]
    waitlist = [
        RowAsOf(rsvp_number[m], m, WAITLISTED, place, False, "", members.get(m), why.get(m))
        for place, m in enumerate(meetup.waitlist, start=1)
    ]
    shown = MeetupAsOf(
        slug=slug, title=meetup.title or Meetup.fold(history).title, starts_at=meetup.starts_at, ends_at=meetup.ends_at,
        capacity=meetup.capacity, cancelled=meetup.cancelled, attended_count=len(meetup.attended), moment=moment,
        scheduled=meetup.scheduled,
    )
    return shown, going, waitlist
