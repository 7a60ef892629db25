"""Events of a meetup stream (one stream per meetup; its id follows from the slug).

Leaves: this module imports nothing from views or projections. Released classes never
move or change meaning: add a new class, or upcast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from eventstore.events import Event, released_as
from eventstore.personal import PersonalData

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
    """An organiser removed a member's RSVP (seat or waitlist place), with a reason.

    The reason is what the organiser wrote about that member: sealed with the removed
    member's key, it reads as "" once they are erased (docs/decisions/0018)."""

    personal_data: ClassVar = PersonalData(subject="member_id", fields={"reason": ""})

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


# -- undo (organisers undo their own recent change) --------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ChangeUndone(Event):
    """An organiser undid an earlier event of this stream (`undone_version`, of the class
    named `undone_kind`). The events appended with it put things back (a capacity change,
    a restored RSVP, MeetupReinstated, a reschedule or an agenda move back); the history
    shows both the change and its undo."""

    undone_version: int
    undone_kind: str
    by: UUID


@dataclass(frozen=True, kw_only=True)
class MeetupReinstated(Event):
    """A cancelled meetup is back on (its cancellation undone): the RSVPs it had stand."""

    by: UUID


# -- series (one stream per series: series_stream(slug); each occurrence is a meetup) ------
# New classes follow the convention: `by` is the organiser's member id, None when the
# system (the worker) did it. Dates are ISO text ("2025-01-21"), local to the group; times
# of day are "HH:MM", wall-clock time in the group's time zone.


@dataclass(frozen=True, kw_only=True)
class SeriesStarted(Event):
    slug: str
    title: str  # a pattern: "{month}", "{date}" and "{year}" are replaced for each occurrence
    description: str
    frequency: str  # "weekly" | "monthly_weekday" | "monthly_day" (meetups/series/rules.py)
    interval: int
    weekday: int
    nth: int
    day_of_month: int
    first_date: str
    start_time: str
    minutes: int
    venue_name: str
    venue_address: str
    venue_map_url: str
    capacity: int
    rsvp_opens_days_before: int
    ahead: int  # how many upcoming occurrences exist at any time
    by: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class OccurrenceScheduled(Event):
    """The series made its occurrence of `date`: the meetup `meetup_slug`."""

    date: str
    meetup_slug: str
    by: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class OccurrencesChanged(Event):
    """From `from_date` on ("this and all future"), occurrences start at `start_time`,
    last `minutes`, meet at this venue with this capacity."""

    from_date: str
    start_time: str
    minutes: int
    venue_name: str
    venue_address: str
    venue_map_url: str
    capacity: int
    by: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class OccurrenceSkipped(Event):
    """No meetup on `date` (a holiday); its meetup, if made already, is cancelled with
    the message."""

    date: str
    message: str
    by: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class SeriesEnded(Event):
    """No more occurrences are made; those already made stay as they are."""

    by: UUID | None = None


# -- a member's mail preferences and personal calendar (member_settings_stream(member_id)) --


@dataclass(frozen=True, kw_only=True)
class MailPreferenceChanged(Event):
    """The member wants (or no longer wants) one kind of meetup mail: "reminders",
    "announcements", "waitlist" (their seat and waitlist changes) or "schedule" (a meetup
    they RSVPed to moved or was cancelled). `cause`: "profile" (the member's form) or
    "unsubscribe_link" (the link in a mail, without logging in)."""

    member_id: UUID
    kind: str
    wanted: bool
    by: UUID | None = None
    cause: str = "profile"


@dataclass(frozen=True, kw_only=True)
class CalendarAddressReset(Event):
    """The member's personal calendar feed has a new secret address; the old one stops working."""

    member_id: UUID
    by: UUID | None = None


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
