"""A meetup as the decisions see it, folded from its own stream, and the rules the
meetup commands share (who gets a seat next)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from eventstore.events import Event
from meetups import events as e
from meetups.streams import meetup_stream

__all__ = [
    "CALENDAR_FACTS", "CHECK_IN_OPENS_BEFORE_START", "Meetup", "agenda_moves", "meetup_stream", "same_time",
    "significant_change",
]

CHECK_IN_OPENS_BEFORE_START = timedelta(hours=2)


def same_time(a: datetime | None, b: datetime | None) -> bool:
    """Equal at the precision the organisers' form shows (whole seconds): a form saved
    untouched gives back the times it showed, without their microseconds."""
    if a is None or b is None:
        return a is b
    return a.replace(microsecond=0) == b.replace(microsecond=0)


def agenda_moves(history: list[Event], *, delta: timedelta, by: str) -> list[Event]:
    """A rescheduled meetup takes its agenda along: each talk moves by the same amount
    (taken off and put back, so the schedule feed reports a move)."""
    if not delta:
        return []
    slots: dict = {}
    for event in history:
        if isinstance(event, e.TalkScheduled):
            slots[event.talk_id] = event
        elif isinstance(event, e.TalkUnscheduled):
            slots.pop(event.talk_id, None)
    moves: list[Event] = []
    for slot in sorted(slots.values(), key=lambda s: s.starts_at):
        moves += [
            e.TalkUnscheduled(talk_id=slot.talk_id, reason="moved", unscheduled_by=by),
            e.TalkScheduled(
                talk_id=slot.talk_id, title=slot.title, starts_at=slot.starts_at + delta, minutes=slot.minutes, scheduled_by=by
            ),
        ]
    return moves


# Events that change what a calendar entry of the meetup shows (its LAST-MODIFIED).
CALENDAR_FACTS = (
    e.MeetupScheduled, e.MeetupDetailsChanged, e.MeetupRescheduled, e.VenueChanged, e.MeetupCancelled, e.MeetupReinstated,
)


def significant_change(event: Event, *, starts_at: datetime | None, ends_at: datetime | None,
                       venue: tuple[str, str, str]) -> bool:
    """Whether `event` changes the meetup so much that calendars must update their
    entry: its time, its end, its venue, or its cancellation. Each such change raises the
    meetup's calendar SEQUENCE (RFC 5545 3.8.7.4) by one; an RSVP, a new title or a
    capacity does not (the public calendar used to send the stream version: 69 after a
    busy RSVP day). The same number goes into every feed and mail invite."""
    match event:
        case e.MeetupRescheduled():
            return not (same_time(event.starts_at, starts_at) and same_time(event.ends_at, ends_at))
        case e.VenueChanged():
            return (event.venue_name, event.venue_address, event.venue_map_url) != venue
        case e.MeetupCancelled() | e.MeetupReinstated():
            # A reinstated meetup's entry must outrank the CANCEL that calendars were sent.
            return True
    return False


@dataclass
class Meetup:
    version: int = 0
    scheduled: bool = False
    slug: str = ""
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int = 0
    rsvp_opens_at: datetime | None = None
    rsvp_closes_at: datetime | None = None
    cancelled: bool = False
    venue: tuple[str, str, str] = ("", "", "")
    details: tuple[str, str] = ("", "")
    going: list[UUID] = field(default_factory=list)  # in RSVP (or promotion) order
    waitlist: list[UUID] = field(default_factory=list)  # first come, first served
    attended: set[UUID] = field(default_factory=set)
    sequence: int = 0  # the calendar SEQUENCE: significant changes so far (significant_change)
    calendar_changed_at: datetime | None = None  # LAST-MODIFIED of its calendar entry
    previous_starts: list[datetime] = field(default_factory=list)  # each start it was moved from
    off_going_list: set[UUID] = field(default_factory=set)  # for their current RSVP only

    @classmethod
    def fold(cls, history: list[Event]) -> Meetup:
        m = cls()
        for event in history:
            m.version += 1
            if significant_change(event, starts_at=m.starts_at, ends_at=m.ends_at, venue=m.venue):
                m.sequence += 1
                if isinstance(event, e.MeetupRescheduled) and not same_time(event.starts_at, m.starts_at):
                    m.previous_starts.append(m.starts_at)
            if isinstance(event, CALENDAR_FACTS):
                m.calendar_changed_at = event.timestamp
            match event:
                case e.MeetupScheduled():
                    m.scheduled, m.slug, m.title, m.capacity = True, event.slug, event.title, event.capacity
                    m.starts_at, m.ends_at = event.starts_at, event.ends_at
                    m.rsvp_opens_at, m.rsvp_closes_at = event.rsvp_opens_at, event.rsvp_closes_at
                    m.venue = (event.venue_name, event.venue_address, event.venue_map_url)
                    m.details = (event.title, event.description)
                case e.MeetupDetailsChanged():
                    m.title, m.details = event.title, (event.title, event.description)
                case e.MeetupRescheduled():
                    m.starts_at, m.ends_at = event.starts_at, event.ends_at
                    m.rsvp_opens_at, m.rsvp_closes_at = event.rsvp_opens_at, event.rsvp_closes_at
                case e.RsvpWindowChanged():
                    m.rsvp_opens_at, m.rsvp_closes_at = event.rsvp_opens_at, event.rsvp_closes_at
                case e.VenueChanged():
                    m.venue = (event.venue_name, event.venue_address, event.venue_map_url)
                case e.CapacityChanged():
                    m.capacity = event.capacity
                case e.MeetupCancelled():
                    m.cancelled = True
                case e.MeetupReinstated():
                    m.cancelled = False
                case e.RsvpConfirmed():
                    m.going.append(event.member_id)
                    m.off_going_list.discard(event.member_id)
                case e.RsvpWaitlisted():
                    m.waitlist.append(event.member_id)
                    m.off_going_list.discard(event.member_id)
                case e.LeftOffGoingList():
                    m.off_going_list.add(event.member_id)
                case e.PutOnGoingList():
                    m.off_going_list.discard(event.member_id)
                case e.RsvpCancelled() | e.RsvpRemoved():
                    m._drop(event.member_id)
                case e.WaitlistPromoted():
                    m.waitlist.remove(event.member_id)
                    m.going.append(event.member_id)
                case e.AttendanceMarked():
                    m.attended.add(event.member_id)
                case e.AttendanceUnmarked():
                    m.attended.discard(event.member_id)
        return m

    def _drop(self, member_id: UUID) -> None:
        if member_id in self.going:
            self.going.remove(member_id)
            self.attended.discard(member_id)
        elif member_id in self.waitlist:
            self.waitlist.remove(member_id)

    def waitlist_position(self, member_id: UUID) -> int:
        return self.waitlist.index(member_id) + 1

    def has_ended(self, now: datetime) -> bool:
        return self.ends_at is not None and now >= self.ends_at

    def promotions(self, *, cause: str, caused_by_version: int, seats_freed_after: list[Event] = ()) -> list[Event]:
        """Waitlisted members who get a seat, first come first served, once the events
        in `seats_freed_after` (being appended now) have happened."""
        going = len(self.going)
        waitlist = list(self.waitlist)
        capacity = self.capacity
        for event in seats_freed_after:
            match event:
                case e.RsvpCancelled(was_going=True) | e.RsvpRemoved(was_going=True):
                    going -= 1
                case e.RsvpCancelled() | e.RsvpRemoved():
                    waitlist.remove(event.member_id)
                case e.CapacityChanged():
                    capacity = event.capacity
        promoted = []
        while waitlist and going < capacity:
            # The system gives the seat, because of the event that freed it (not the
            # member who cancelled): the envelope says so (docs/decisions/0011).
            promoted.append(
                e.WaitlistPromoted(
                    member_id=waitlist.pop(0), cause=cause, caused_by_version=caused_by_version,
                    actor_kind="system", actor_cause=f"{cause}, event {caused_by_version}",
                )
            )
            going += 1
        return promoted
