"""The meetups app's published read models: what other apps and the site may read.

Other apps import meetups.events (the facts), meetups.errors and this module, never a
slice (import contracts in .importlinter). The rows are projections: filled only by
their projectors, from the log; read them here, never write them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID

from django.db.models import Min, Q
from django.http import Http404
from django.utils import timezone

from meetups.listing.calendar_links import google_calendar_url, outlook_calendar_url
from meetups.listing.projection import MeetupListing
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from meetups.streams import meetup_stream
from membership.read_models import names_of

__all__ = [
    "GOING", "WAITLISTED", "MeetupListing", "RosterEntry", "calendar_meetups", "get_meetup", "google_calendar_url",
    "mark_my_rsvps", "meetup_stream", "meetups_by_id", "next_change", "outlook_calendar_url", "past_meetups", "schedulable_meetups",
    "slug_of", "upcoming_meetups", "whos_going",
]


def get_meetup(slug: str) -> MeetupListing:
    """The meetup with this slug, or 404."""
    try:
        return MeetupListing.objects.get(slug=slug)
    except MeetupListing.DoesNotExist:
        raise Http404("No such meetup.") from None


CALENDAR_KEEPS_PAST = timedelta(days=30)


def next_change(now: datetime) -> datetime | None:
    """The next moment after `now` at which what a page says of some meetup changes with
    the clock alone: RSVPs open or close, it starts (no more RSVPs, no more polling), it
    ends (upcoming becomes past), it leaves the calendar feed (CALENDAR_KEEPS_PAST after
    it ended). One query; None when no meetup has such a moment ahead. Prepared pages
    (web/prepared.py) expire then."""
    moments = MeetupListing.objects.aggregate(
        opens=Min("rsvp_opens_at", filter=Q(rsvp_opens_at__gt=now)),
        closes=Min("rsvp_closes_at", filter=Q(rsvp_closes_at__gt=now)),
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
        leaves=Min("ends_at", filter=Q(ends_at__gt=now - CALENDAR_KEEPS_PAST)),
    )
    if moments["leaves"] is not None:
        moments["leaves"] += CALENDAR_KEEPS_PAST
    return min((m for m in moments.values() if m is not None), default=None)


def upcoming_meetups() -> list[MeetupListing]:
    """Meetups that have not ended, soonest first (cancelled ones included, marked)."""
    return list(MeetupListing.objects.filter(ends_at__gt=timezone.now()).order_by("starts_at"))


def calendar_meetups(*, keep_past=CALENDAR_KEEPS_PAST) -> list[MeetupListing]:
    """The public calendar feed: meetups not ended, and those of the last `keep_past`
    (cancelled ones included: a feed keeps them as STATUS:CANCELLED so calendars drop them)."""
    return list(MeetupListing.objects.filter(ends_at__gt=timezone.now() - keep_past).order_by("starts_at"))


def past_meetups():
    return MeetupListing.objects.filter(ends_at__lte=timezone.now()).order_by("-starts_at")


def schedulable_meetups() -> list[MeetupListing]:
    """Meetups a talk can still be put on: not ended, not cancelled, soonest first."""
    return list(MeetupListing.objects.filter(ends_at__gt=timezone.now(), cancelled=False).order_by("starts_at"))


def meetups_by_id(stream_ids: Iterable[UUID]) -> dict[UUID, MeetupListing]:
    ids = [i for i in set(stream_ids) if i]
    return MeetupListing.objects.in_bulk(ids) if ids else {}


def slug_of(stream_id: UUID | None) -> str | None:
    if stream_id is None:
        return None
    return MeetupListing.objects.filter(stream_id=stream_id).values_list("slug", flat=True).first()


def mark_my_rsvps(member_id: UUID | None, meetups: Iterable[MeetupListing]) -> None:
    """Set `my_rsvp` (my RosterEntry while going or waitlisted, else None) on each meetup,
    so a card can say "You're going" or "Waitlist #3": one query, none when logged out."""
    meetups = list(meetups)
    entries = {}
    if member_id is not None and meetups:
        rows = RosterEntry.objects.filter(
            member_id=member_id, meetup_id__in=[m.stream_id for m in meetups], status__in=[GOING, WAITLISTED]
        )
        entries = {row.meetup_id: row for row in rows}
    for meetup in meetups:
        meetup.my_rsvp = entries.get(meetup.stream_id)


def whos_going(meetup: MeetupListing) -> list[tuple[UUID, str]]:
    """(member id, name) of the members going who agreed to be shown, by name; two
    queries. Members who asked to be left off (LeftOffGoingList) are not in it."""
    ids = list(
        RosterEntry.objects.filter(meetup_id=meetup.stream_id, status=GOING, on_going_list=True).values_list("member_id", flat=True)
    )
    names = names_of(ids)
    return sorted(((m, names[m]) for m in ids if m in names), key=lambda pair: pair[1].casefold())
