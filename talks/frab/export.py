"""The schedule in the frab / c3voc "schedule.xml" format (and its JSON form), so that
conference schedule apps (Giggity, EventFahrplan, info-beamer) can follow the group:
https://c3voc.de/wiki/schedule. The group's schedule is a "conference" whose days are
the meetup dates; a meetup's own schedule is a conference of one day. Each meetup's
venue is a room, each talk on its agenda an event (cancelled meetups are left out: the
apps have no way to show one).

Built once as plain data (`schedule_of`), written as XML (`to_xml`) or JSON (`to_json`),
so the two forms always agree. What the XML must satisfy is checked in the tests against
the c3voc schema (talks/frab/tests/schedule.xsd).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.utils import timezone

from talks.proposal import FORMATS
from talks.schedule.agendas import AgendaItem
from web.text import printable

VERSION = "1.0"
TIMESLOT = "00:05"


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _iso(moment: datetime) -> str:
    return _local(moment).isoformat(timespec="seconds")


def event_number(talk_id: UUID) -> int:
    """frab wants a positive integer id: the first 31 bits of the talk's id (stable; the
    guid is the talk's id itself)."""
    return (talk_id.int >> 97) + 1


def acronym(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "meetups"


@dataclass(frozen=True)
class Talk:
    item: AgendaItem
    abstract: str
    base_url: str

    def as_dict(self, room: str, meetup_slug: str) -> dict:
        item = self.item
        url = self.base_url + item.url
        return {
            "guid": str(item.talk_id),
            "id": event_number(item.talk_id),
            "date": _iso(item.starts_at),
            "start": _local(item.starts_at).strftime("%H:%M"),
            "duration": _hm(item.minutes),
            "room": room,
            "slug": f"{meetup_slug}-{str(item.talk_id)[:8]}",
            "url": url,
            "title": printable(item.title),
            "subtitle": "",
            "track": FORMATS[item.format][0] if item.format in FORMATS else item.format,
            "type": item.format,
            "language": "en",
            "abstract": printable(self.abstract),
            "description": "",
            "persons": [{"guid": str(s.member_id), "public_name": printable(s.name), "url": self.base_url + s.url}
                        for s in item.speakers],
            "links": [{"url": url, "title": "Talk page"}],
        }


def schedule_of(meetups_and_talks: list[tuple[object, list[Talk]]], *, title: str, acronym_text: str, base_url: str) -> dict:
    """The c3voc JSON shape (a dict), from (meetup listing row, its talks) pairs."""
    days: dict[date, list] = defaultdict(list)
    for meetup, talks in meetups_and_talks:
        if not meetup.cancelled:
            days[_local(meetup.starts_at).date()].append((meetup, talks))
    day_list = []
    for index, day in enumerate(sorted(days), start=1):
        rooms: dict[str, list] = defaultdict(list)
        starts, ends = [], []
        for meetup, talks in days[day]:
            room = printable(meetup.venue_name) or "Main room"
            rooms[room] += [t.as_dict(room, meetup.slug) for t in talks]
            starts.append(meetup.starts_at)
            ends.append(meetup.ends_at)
        day_list.append({
            "index": index, "date": day.isoformat(), "day_start": _iso(min(starts)), "day_end": _iso(max(ends)),
            "rooms": {room: sorted(events, key=lambda ev: ev["date"]) for room, events in rooms.items()},
        })
    if day_list:
        start, end = day_list[0]["date"], day_list[-1]["date"]
    else:  # the format wants one day at least: today, with no rooms
        today = timezone.localdate()
        start = end = today.isoformat()
        now = _local(timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)
        day_list = [{"index": 1, "date": start, "day_start": _iso(now), "day_end": _iso(now + timedelta(days=1)), "rooms": {}}]
    return {
        "schedule": {
            "version": VERSION,
            "base_url": base_url + "/",
            "conference": {
                "acronym": acronym(acronym_text), "title": printable(title), "start": start, "end": end,
                "daysCount": len(day_list), "timeslot_duration": TIMESLOT,
                "time_zone_name": timezone.get_current_timezone_name(),
                "rooms": [{"name": name} for name in sorted({room for d in day_list for room in d["rooms"]})],
                "days": day_list,
            },
        }
    }


def _sub(parent: ET.Element, tag: str, text: str | int = "", **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text != "":
        element.text = str(text)
    return element


def to_xml(schedule: dict) -> bytes:
    """schedule.xml: the elements the c3voc schema names, in its order."""
    s = schedule["schedule"]
    c = s["conference"]
    root = ET.Element("schedule")
    _sub(root, "version", s["version"])
    conference = _sub(root, "conference")
    for tag, key in (("acronym", "acronym"), ("title", "title"), ("start", "start"), ("end", "end"), ("days", "daysCount"),
                     ("timeslot_duration", "timeslot_duration")):
        _sub(conference, tag, c[key])
    for d in c["days"]:
        day = _sub(root, "day", index=d["index"], date=d["date"], start=d["day_start"], end=d["day_end"])
        for room_name, events in d["rooms"].items():
            room = _sub(day, "room", name=room_name)
            for ev in events:
                event = _sub(room, "event", id=ev["id"], guid=ev["guid"])
                for tag in ("date", "start", "duration", "room", "slug", "title", "subtitle", "track", "type", "language",
                            "abstract", "description"):
                    _sub(event, tag, ev[tag])
                persons = _sub(event, "persons")
                for person in ev["persons"]:
                    _sub(persons, "person", person["public_name"])
                links = _sub(event, "links")
                for link in ev["links"]:
                    _sub(links, "link", link["title"], href=link["url"])
    ET.indent(root)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode()
