"""A talk on a meetup's agenda as a schema.org Event (its slot, the meetup as its
superEvent, its speakers as performers): the talk page's JSON-LD (web/structured.py). A
talk that is not on an agenda has no date, so no Event: the page then carries only its
Open Graph tags."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from web.structured import event_status, organizer, place, summary


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def talk_event(talk, *, meetup, speakers: list[tuple[str, str]], base_url: str) -> dict | None:
    """`speakers`: (member id, name) in order; no id for a former member (no page to link)."""
    if meetup is None or talk.slot_starts_at is None:
        return None
    url = f"{base_url}/talks/{talk.proposal_id}/"
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": talk.title,
        "description": summary(talk.abstract_html, 500),
        "url": url,
        "startDate": _iso(talk.slot_starts_at),
        "endDate": _iso(talk.slot_starts_at + timedelta(minutes=talk.slot_minutes or 0)),
        "eventStatus": event_status(cancelled=meetup.cancelled, rescheduled=bool(meetup.previous_starts)),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(meetup.venue_name, meetup.venue_address),
        "organizer": organizer(),
        "superEvent": {"@type": "Event", "name": meetup.title, "url": f"{base_url}/meetups/{meetup.slug}/",
                       "startDate": _iso(meetup.starts_at)},
        "performer": [
            {"@type": "Person", "name": name, **({"url": f"{base_url}/speakers/{member_id}/"} if member_id else {})}
            for member_id, name in speakers
        ],
    }
