""""Add to Google Calendar" and Outlook links for a meetup (beside its .ics): each
service's documented add-an-event address, filled from the meetup's facts, in UTC."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlencode

from meetups.listing.projection import MeetupListing
from web.text import printable


def _where(meetup: MeetupListing) -> str:
    return ", ".join(part for part in (meetup.venue_name, meetup.venue_address) if part)


def google_calendar_url(meetup: MeetupListing, *, page_url: str) -> str:
    def stamp(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    return "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE",
        "text": printable(meetup.title),
        "dates": f"{stamp(meetup.starts_at)}/{stamp(meetup.ends_at)}",
        "details": page_url,
        "location": printable(_where(meetup)),
    })


def outlook_calendar_url(meetup: MeetupListing, *, page_url: str) -> str:
    def stamp(moment):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode({
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": printable(meetup.title),
        "startdt": stamp(meetup.starts_at),
        "enddt": stamp(meetup.ends_at),
        "body": page_url,
        "location": printable(_where(meetup)),
    })
