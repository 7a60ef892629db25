"""iCalendar (RFC 5545) for meetups, written by hand: a few lines, no extra runtime
dependency. Checked against the `icalendar` parser in the tests.

One VEVENT per meetup, the same in every feed and every mailed invite (RFC 5546,
meetups/notify/invites.py): UID from the meetup's stream (stable for its life), SEQUENCE
from its significant changes only (time, end, venue, cancellation: meetups/meetup.py
significant_change), LAST-MODIFIED when what the entry shows last changed; a cancelled
meetup stays in the feeds as STATUS:CANCELLED, so calendars remove it instead of keeping a
stale entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from django.conf import settings

from web.text import printable

# How often subscribed calendars should fetch a feed again (RFC 7986 REFRESH-INTERVAL;
# X-PUBLISHED-TTL for Outlook and older Apple clients).
REFRESH = "PT1H"


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11); control characters, which iCalendar does not allow
    and old events may hold (recorded before they were refused), are dropped."""
    return printable(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _param(text: str) -> str:
    """A parameter value (a display name): quoted, without quotes or control characters."""
    return '"' + printable(text).replace('"', "'").replace("\n", " ") + '"'


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meetup_uid(stream_id: UUID) -> str:
    return f"{stream_id}@convene"


@dataclass(frozen=True)
class Attendee:
    """A member in an invite: PARTSTAT ACCEPTED (a seat) or TENTATIVE (the waitlist)."""

    email: str
    name: str
    partstat: str = "ACCEPTED"


@dataclass(frozen=True)
class Entry:
    """What a calendar entry of one meetup shows."""

    stream_id: UUID
    slug: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    location: str
    sequence: int
    last_modified: datetime
    cancelled: bool
    summary_prefix: str = ""  # a personal feed: "Going: ", "Waitlist #3: "

    @classmethod
    def of_listing(cls, m, *, summary_prefix: str = "") -> Entry:
        """From a MeetupListing row."""
        return cls(
            stream_id=m.stream_id, slug=m.slug, title=m.title, description=m.description, starts_at=m.starts_at,
            ends_at=m.ends_at, location=", ".join(part for part in (m.venue_name, m.venue_address) if part),
            sequence=m.sequence, last_modified=m.calendar_changed_at or m.updated_at, cancelled=m.cancelled,
            summary_prefix=summary_prefix,
        )

    @classmethod
    def of_meetup(cls, m, stream_id: UUID) -> Entry:
        """From the meetup as folded from its stream (meetups/meetup.py), as a mail sees it."""
        return cls(
            stream_id=stream_id, slug=m.slug, title=m.title, description=m.details[1], starts_at=m.starts_at,
            ends_at=m.ends_at, location=", ".join(part for part in m.venue[:2] if part), sequence=m.sequence,
            last_modified=m.calendar_changed_at, cancelled=m.cancelled,
        )


def vevent(entry: Entry, *, base_url: str, attendee: Attendee | None = None, cancel: bool = False,
           stamp: datetime | None = None) -> list[str]:
    """`stamp`: DTSTAMP, when this object was made (an invite: when it is mailed); a
    feed's entries use their LAST-MODIFIED, so an unchanged feed is byte for byte the same."""
    url = f"{base_url}/meetups/{entry.slug}/"
    cancelled = entry.cancelled or cancel
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meetup_uid(entry.stream_id)}",
        f"DTSTAMP:{_utc(stamp or entry.last_modified)}",
        f"LAST-MODIFIED:{_utc(entry.last_modified)}",
        f"DTSTART:{_utc(entry.starts_at)}",
        f"DTEND:{_utc(entry.ends_at)}",
        f"SUMMARY:{_escape(entry.summary_prefix + entry.title)}",
        f"DESCRIPTION:{_escape(entry.description + chr(10) + chr(10) + url)}",
        f"LOCATION:{_escape(entry.location)}",
        f"URL:{url}",
        f"SEQUENCE:{entry.sequence}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if attendee is not None:
        organiser = settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">").strip()
        lines += [
            f"ORGANIZER;CN={_param(settings.SITE_NAME)}:mailto:{organiser}",
            f"ATTENDEE;CN={_param(attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT={attendee.partstat}:mailto:{attendee.email}",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[list[str]], *, method: str = "PUBLISH", name: str = "") -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(settings.SITE_NAME)}//Convene//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    if method == "PUBLISH":
        lines += [
            f"X-WR-CALNAME:{_escape(name or settings.SITE_NAME + ' meetups')}",
            f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
            f"X-PUBLISHED-TTL:{REFRESH}",
        ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def to_ical(meetups: Iterable, *, base_url: str, name: str = "", prefixes: dict | None = None) -> str:
    """A feed of MeetupListing rows (`prefixes`: stream id -> summary prefix, for a
    member's personal feed)."""
    prefixes = prefixes or {}
    return calendar(
        (vevent(Entry.of_listing(m, summary_prefix=prefixes.get(m.stream_id, "")), base_url=base_url) for m in meetups),
        name=name,
    )
