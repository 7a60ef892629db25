"""Events of a meetup stream (one stream per meetup; its id follows from the slug).

Leaves: this module imports nothing from views or projections. Released classes never
move or change meaning: add a new class, or upcast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventstore.events import Event, released_as

# -- the meetup itself (organisers) ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MeetupScheduled(Event):
    slug: str
    title: str
    description: str  # Markdown, rendered sanitised
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str
    venue_map_url: str
    capacity: int
    rsvp_opens_at: datetime
    rsvp_closes_at: datetime
    scheduled_by: str


@dataclass(frozen=True, kw_only=True)
class MeetupDetailsChanged(Event):
    title: str
    description: str
    changed_by: str


@dataclass(frozen=True, kw_only=True)
class MeetupRescheduled(Event):
    starts_at: datetime
    ends_at: datetime
    rsvp_opens_at: datetime
    rsvp_closes_at: datetime
    rescheduled_by: str


@dataclass(frozen=True, kw_only=True)
class RsvpWindowChanged(Event):
    """Only the RSVP window moved; the meetup's own time did not (that is MeetupRescheduled)."""

    rsvp_opens_at: datetime
    rsvp_closes_at: datetime
    changed_by: str


@dataclass(frozen=True, kw_only=True)
class VenueChanged(Event):
    venue_name: str
    venue_address: str
    venue_map_url: str
    changed_by: str


@dataclass(frozen=True, kw_only=True)
class CapacityChanged(Event):
    capacity: int
    changed_by: str


@dataclass(frozen=True, kw_only=True)
class MeetupCancelled(Event):
    message: str
    cancelled_by: str


# -- RSVPs (members) ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RsvpConfirmed(Event):
    member_id: UUID


@dataclass(frozen=True, kw_only=True)
class RsvpWaitlisted(Event):
    member_id: UUID
    position: int  # the position on joining the waitlist (1 = next to get a seat)


@dataclass(frozen=True, kw_only=True)
class RsvpCancelled(Event):
    """The member cancelled: was_going tells whether they held a seat or a waitlist place."""

    member_id: UUID
    was_going: bool


@dataclass(frozen=True, kw_only=True)
class RsvpRemoved(Event):
    """An organiser removed a member's RSVP (seat or waitlist place), with a reason."""

    member_id: UUID
    was_going: bool
    reason: str
    removed_by: str


@dataclass(frozen=True, kw_only=True)
class WaitlistPromoted(Event):
    """A waitlisted member got a seat. `cause` says why: "rsvp_cancelled",
    "rsvp_removed", "capacity_raised" or "by_hand"; `caused_by_version` is the version of
    the event in this stream that freed the seat (or raised the capacity), so every
    promotion can be explained from the log."""

    member_id: UUID
    cause: str
    caused_by_version: int
    promoted_by: str = ""


# -- who's going (members see each other) ----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LeftOffGoingList(Event):
    """The member asked not to be shown on the meetup's who's-going list (with their RSVP,
    or later). Their seat or waitlist place is unchanged; organisers still see them."""

    member_id: UUID


@dataclass(frozen=True, kw_only=True)
class PutOnGoingList(Event):
    """The member asked to be shown on the who's-going list again."""

    member_id: UUID


# -- at the door -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AttendanceMarked(Event):
    member_id: UUID
    marked_by: str


@dataclass(frozen=True, kw_only=True)
class AttendanceUnmarked(Event):
    member_id: UUID
    unmarked_by: str


# -- the meetup's agenda (organisers put accepted talks on it) ------------------------------


@dataclass(frozen=True, kw_only=True)
class TalkScheduled(Event):
    talk_id: UUID
    title: str
    starts_at: datetime
    minutes: int
    scheduled_by: str


@dataclass(frozen=True, kw_only=True)
class TalkUnscheduled(Event):
    """Taken off this meetup's agenda: moved elsewhere, taken out, or withdrawn."""

    talk_id: UUID
    reason: str  # "moved" | "taken_out" | "withdrawn"
    unscheduled_by: str


# Where these classes were released (docs/decisions/0005-moved-event-classes.md).
released_as(
    "community.meetups.events",
    [
        MeetupScheduled, MeetupDetailsChanged, MeetupRescheduled, VenueChanged, CapacityChanged, MeetupCancelled,
        RsvpConfirmed, RsvpWaitlisted, RsvpCancelled, RsvpRemoved, WaitlistPromoted, AttendanceMarked,
        AttendanceUnmarked,
    ],
)
released_as("talks.events", [TalkScheduled, TalkUnscheduled])
