"""iCalendar (RFC 5545) for meetups, written by hand: a few lines, no extra runtime
dependency. Checked against the `icalendar` parser in the tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from web.text import printable


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11); control characters, which iCalendar does not allow
    and old events may hold (recorded before they were refused), are dropped."""
    return printable(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


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


def to_ical(meetups: Iterable, *, base_url: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(settings.SITE_NAME)}//Convene//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(settings.SITE_NAME)} meetups",
    ]
    for m in meetups:
        location = ", ".join(part for part in (m.venue_name, m.venue_address) if part)
        url = f"{base_url}/meetups/{m.slug}/"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{m.stream_id}@convene",
            f"DTSTAMP:{_utc(m.updated_at)}",
            f"DTSTART:{_utc(m.starts_at)}",
            f"DTEND:{_utc(m.ends_at)}",
            f"SUMMARY:{_escape(m.title)}",
            f"DESCRIPTION:{_escape(m.description + chr(10) + chr(10) + url)}",
            f"LOCATION:{_escape(location)}",
            f"URL:{url}",
            f"SEQUENCE:{m.version}",
            f"STATUS:{'CANCELLED' if m.cancelled else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
