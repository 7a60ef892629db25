"""A member's meetups: every meetup they RSVPed to, newest first, with what became of
it (going, waitlisted #n, cancelled, removed, attended, no-show, meetup cancelled).
Shown on the member's own profile (the site's page composes it)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from meetups.listing.projection import MeetupListing
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry


@dataclass(frozen=True)
class Attendance:
    meetup: MeetupListing
    outcome: str


def rsvp_history(member_id: UUID) -> list[Attendance]:
    """Two queries, whatever the number of meetups."""
    entries = list(RosterEntry.objects.filter(member_id=member_id))
    meetups = MeetupListing.objects.in_bulk([x.meetup_id for x in entries])
    history = []
    for entry in entries:
        meetup = meetups.get(entry.meetup_id)
        if meetup is None:
            continue
        if meetup.cancelled:
            outcome = "meetup cancelled"
        elif entry.status == GOING and meetup.is_past:
            outcome = "attended" if entry.attended else "no-show"
        elif entry.status == WAITLISTED:
            outcome = f"waitlisted #{entry.waitlist_position}"
        else:
            outcome = entry.get_status_display().lower()
        history.append(Attendance(meetup, outcome))
    return sorted(history, key=lambda h: h.meetup.starts_at, reverse=True)


def split_history(history: list[Attendance]) -> tuple[list[Attendance], list[Attendance]]:
    """(upcoming, soonest first; past, latest first): what "My meetups" shows."""
    upcoming = sorted((h for h in history if not h.meetup.is_past), key=lambda h: h.meetup.starts_at)
    past = sorted((h for h in history if h.meetup.is_past), key=lambda h: h.meetup.starts_at, reverse=True)
    return upcoming, past
