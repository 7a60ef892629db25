"""The decisions of scheduling a meetup, revising it (details, venue, times, capacity)
and cancelling it: pure functions of the meetup's history. They live apart from the
commands (meetups/schedule/command.py) so that the series slice (meetups/series/) makes
and changes its occurrences with the same rules, without importing another slice's
command module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eventstore.events import Event
from meetups import errors
from meetups import events as e
from meetups.meetup import Meetup, agenda_moves, same_time
from web.text import text_problem


@dataclass(frozen=True)
class MeetupPlan:
    """What an organiser enters. RSVP times default to: open now, close at the start."""

    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str
    capacity: int
    venue_map_url: str = ""
    rsvp_opens_at: datetime | None = None
    rsvp_closes_at: datetime | None = None

    def checked(self, now: datetime) -> MeetupPlan:
        """Refuses a blank title, control characters in the text (a line break in the
        title, venue or address), inconsistent times, a capacity below 1."""
        opens = self.rsvp_opens_at or now
        closes = self.rsvp_closes_at or self.starts_at
        if not self.title.strip():
            raise errors.InvalidMeetup("A meetup needs a title.")
        texts = [
            (self.title.strip(), "The title", False), (self.venue_name.strip(), "The venue", False),
            (self.venue_address.strip(), "The address", False), (self.description, "The description", True),
        ]
        for text, what, multiline in texts:
            if problem := text_problem(text, what=what, multiline=multiline):
                raise errors.InvalidMeetup(problem)
        if self.ends_at <= self.starts_at:
            raise errors.InvalidMeetup("The meetup must end after it starts.")
        if self.capacity < 1:
            raise errors.InvalidMeetup("Capacity must be at least 1.")
        if closes <= opens:
            raise errors.InvalidMeetup("RSVPs must close after they open.")
        if closes > self.ends_at:
            raise errors.InvalidMeetup("RSVPs cannot close after the meetup has ended.")
        return MeetupPlan(
            title=self.title.strip(),
            description=self.description,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            venue_name=self.venue_name.strip(),
            venue_address=self.venue_address.strip(),
            capacity=self.capacity,
            venue_map_url=self.venue_map_url.strip(),
            rsvp_opens_at=opens,
            rsvp_closes_at=closes,
        )


def decide_schedule(history: list[Event], *, slug: str, plan: MeetupPlan, by: str, now: datetime) -> list[Event]:
    """Refuses a slug already in use, a start that is not in the future, and inconsistent
    times or capacity."""
    if history:
        raise errors.SlugTaken(slug)
    if plan.starts_at <= now:  # said first: else it reads as "RSVPs must close after they open"
        raise errors.InvalidMeetup("The meetup must start in the future.")
    p = plan.checked(now)
    return [
        e.MeetupScheduled(
            slug=slug,
            title=p.title,
            description=p.description,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
            venue_name=p.venue_name,
            venue_address=p.venue_address,
            venue_map_url=p.venue_map_url,
            capacity=p.capacity,
            rsvp_opens_at=p.rsvp_opens_at,
            rsvp_closes_at=p.rsvp_closes_at,
            scheduled_by=by,
        )
    ]


def decide_revise(history: list[Event], *, plan: MeetupPlan, by: str, now: datetime) -> list[Event]:
    """One event per kind of change (details, venue, time, RSVP window, capacity); nothing
    if nothing changed. Times are compared at the precision the form shows (seconds), so
    saving a form untouched records nothing, and a meetup is rescheduled only when its
    start or end really moved. Raising the capacity promotes waitlisted members in order;
    lowering it removes nobody. A cancelled meetup cannot be revised."""
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if m.cancelled:
        raise errors.MeetupCancelled(m.title)
    if not same_time(plan.starts_at, m.starts_at) and plan.starts_at <= now:
        raise errors.InvalidMeetup("The meetup must start in the future.")
    p = MeetupPlan(**{**plan.__dict__, "rsvp_opens_at": plan.rsvp_opens_at or m.rsvp_opens_at}).checked(now)
    new: list[Event] = []
    if (p.title, p.description) != m.details:
        new.append(e.MeetupDetailsChanged(title=p.title, description=p.description, changed_by=by))
    if (p.venue_name, p.venue_address, p.venue_map_url) != m.venue:
        new.append(
            e.VenueChanged(venue_name=p.venue_name, venue_address=p.venue_address, venue_map_url=p.venue_map_url, changed_by=by)
        )
    window_moved = not (same_time(p.rsvp_opens_at, m.rsvp_opens_at) and same_time(p.rsvp_closes_at, m.rsvp_closes_at))
    if not (same_time(p.starts_at, m.starts_at) and same_time(p.ends_at, m.ends_at)):
        new.append(
            e.MeetupRescheduled(
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                rsvp_opens_at=p.rsvp_opens_at if window_moved else m.rsvp_opens_at,
                rsvp_closes_at=p.rsvp_closes_at if window_moved else m.rsvp_closes_at,
                rescheduled_by=by,
            )
        )
        new += agenda_moves(history, delta=p.starts_at - m.starts_at, by=by)
    elif window_moved:
        new.append(e.RsvpWindowChanged(rsvp_opens_at=p.rsvp_opens_at, rsvp_closes_at=p.rsvp_closes_at, changed_by=by))
    if p.capacity != m.capacity:
        new += decide_change_capacity(history, capacity=p.capacity, by=by, _after=new)
    return new


def decide_change_capacity(history: list[Event], *, capacity: int, by: str, _after: list[Event] = ()) -> list[Event]:
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if m.cancelled:
        raise errors.MeetupCancelled(m.title)
    if capacity < 1:
        raise errors.InvalidMeetup("Capacity must be at least 1.")
    if capacity == m.capacity:
        return []
    change = e.CapacityChanged(capacity=capacity, changed_by=by)
    version = m.version + len(_after) + 1
    return [change, *m.promotions(cause="capacity_raised", caused_by_version=version, seats_freed_after=[change])]


def decide_cancel(history: list[Event], *, message: str, by: str) -> list[Event]:
    """Refuses a meetup already cancelled; the message goes to everyone who RSVPed, so it
    must be there, without control characters."""
    m = Meetup.fold(history)
    if not m.scheduled:
        raise errors.MeetupNotFound
    if m.cancelled:
        raise errors.MeetupCancelled(m.title)
    if not message.strip():
        raise errors.InvalidMeetup("Please write a message for the members who RSVPed.")
    if problem := text_problem(message, what="The message"):
        raise errors.InvalidMeetup(problem)
    return [e.MeetupCancelled(message=message.strip(), cancelled_by=by)]
