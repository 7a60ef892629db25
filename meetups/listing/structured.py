"""A meetup as schema.org sees it (https://schema.org/Event): what the meetup page puts
in its JSON-LD block (web/structured.py), from the meetups projection and the agenda's
speakers. Times are ISO 8601 with the group's UTC offset."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from web.structured import event_status, organizer, place, summary


def _iso(moment: datetime | str) -> str:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return timezone.localtime(moment).isoformat(timespec="seconds")


def meetup_event(meetup, *, base_url: str, performers: Iterable[tuple[str, str]] = ()) -> dict:
    """`performers`: (name, absolute url) of the speakers on its agenda, in order, once each."""
    url = f"{base_url}/meetups/{meetup.slug}/"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meetup.title,
        "description": summary(meetup.description_html, 500),
        "url": url,
        "startDate": _iso(meetup.starts_at),
        "endDate": _iso(meetup.ends_at),
        "eventStatus": event_status(cancelled=meetup.cancelled, rescheduled=bool(meetup.previous_starts)),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(meetup.venue_name, meetup.venue_address),
        "organizer": organizer(),
        "image": [f"{base_url}{settings.STATIC_URL}og-image.png"],
        "maximumAttendeeCapacity": meetup.capacity,
        "remainingAttendeeCapacity": meetup.seats_left,
        "offers": {
            "@type": "Offer", "price": 0, "priceCurrency": "USD", "url": url,
            "availability": "https://schema.org/InStock" if meetup.seats_left else "https://schema.org/SoldOut",
            "validFrom": _iso(meetup.rsvp_opens_at),
        },
    }
    if meetup.previous_starts:
        data["previousStartDate"] = [_iso(moment) for moment in meetup.previous_starts]
    people = list(dict.fromkeys(performers))
    if people:
        data["performer"] = [{"@type": "Person", "name": name, "url": link} for name, link in people]
    return data
