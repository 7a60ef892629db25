"""The RSVP panel of a meetup page: the seats, my status, the button. Rendered inside
the site's meetup page, and alone after an RSVP with htmx (meetups/rsvp/panel.html).

While the page is open the seat counts refresh themselves (every 20 s), but only for a
member who can act on them (RSVP, join the waitlist or cancel), and the server answers
"nothing changed" (204, nothing swapped, nothing re-announced) unless the counts or the
member's own status changed; then only the counts and the button's label are swapped,
so keyboard focus stays where it was."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from meetups.listing.projection import MeetupListing
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from membership.read_models import member_stream

def poll_seconds() -> int:
    """How often an open panel asks whether its counts changed (RSVP_POLL_SECONDS)."""
    return getattr(settings, "RSVP_POLL_SECONDS", 20)


def my_entry(request: HttpRequest, meetup: MeetupListing) -> RosterEntry | None:
    if not request.user.is_authenticated:
        return None
    return RosterEntry.objects.filter(
        meetup_id=meetup.stream_id, member_id=member_stream(request.user.pk), status__in=[GOING, WAITLISTED]
    ).first()


def can_act(request: HttpRequest, meetup: MeetupListing, entry: RosterEntry | None) -> bool:
    """Could this visitor press a button in the panel now (or soon, as seats free up)?"""
    now = timezone.now()
    if not request.user.is_authenticated or meetup.cancelled or now >= meetup.starts_at:
        return False
    return entry is not None or meetup.rsvp_is_open


def counts_key(meetup: MeetupListing, entry: RosterEntry | None) -> str:
    """What the panel shows, in short: "going.waitlist.capacity.position.state". A poll
    that brings the same key back changed nothing; a different state (my RSVP, the
    meetup cancelled or started) changes the panel's buttons, not only its counts."""
    if meetup.cancelled:
        state = "cancelled"
    elif timezone.now() >= meetup.starts_at:
        state = "started"
    else:
        state = entry.status if entry else "none"
    position = entry.waitlist_position if entry and entry.waitlist_position else 0
    return f"{meetup.going_count}.{meetup.waitlist_count}.{meetup.capacity}.{position}.{state}"


def state_of(key: str) -> str:
    return key.rpartition(".")[2]


def panel_context(request: HttpRequest, meetup: MeetupListing) -> dict:
    entry = my_entry(request, meetup)
    return {
        "meetup": meetup,
        "entry": entry,
        "now": timezone.now(),
        "poll": can_act(request, meetup, entry),
        "poll_seconds": poll_seconds(),
        "seen": counts_key(meetup, entry),
    }
