"""A series as its decisions see it, folded from its own stream, and the decisions
(pure: history and input in, events out).

An occurrence is a meetup with a stream of its own, made by the series: its slug is the
series' slug and the date ("pyrva-2025-01-21"), its title the series' title pattern
filled in, its time the rule's date at the series' wall-clock start time in the group's
time zone (meetups/series/rules.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from eventstore.events import Event
from meetups import errors
from meetups import events as e
from meetups.schedule.decisions import MeetupPlan
from meetups.series.rules import Rule, RuleInvalid, dates, local_start
from web.text import text_problem

MAX_AHEAD = 12
MAX_MINUTES = 24 * 60
MAX_SLUG = 60  # the occurrence's slug adds "-YYYY-MM-DD" (and maybe "-2"), within a meetup slug's 80
_SLUG = re.compile(r"^[-a-z0-9_]+$")
_PLACEHOLDER = re.compile(r"\{(month|year|date)\}")


@dataclass(frozen=True)
class Template:
    """What an occurrence is like from some date on: its time, length, venue and capacity."""

    start_time: time
    minutes: int
    venue_name: str
    venue_address: str
    venue_map_url: str
    capacity: int

    def checked(self) -> Template:
        if not 1 <= self.minutes <= MAX_MINUTES:
            raise errors.InvalidSeries("A meetup of the series lasts between 1 minute and 24 hours.")
        if self.capacity < 1:
            raise errors.InvalidSeries("Capacity must be at least 1.")
        for text, what in ((self.venue_name, "The venue"), (self.venue_address, "The address"), (self.venue_map_url, "The map link")):
            if problem := text_problem(text, what=what, multiline=False):
                raise errors.InvalidSeries(problem)
        return replace(
            self, start_time=self.start_time.replace(second=0, microsecond=0), venue_name=self.venue_name.strip(),
            venue_address=self.venue_address.strip(), venue_map_url=self.venue_map_url.strip(),
        )


@dataclass(frozen=True)
class SeriesPlan:
    """What an organiser enters to start a series."""

    title: str
    description: str
    rule: Rule
    first_date: date
    template: Template
    rsvp_opens_days_before: int = 30
    ahead: int = 3

    def checked(self) -> SeriesPlan:
        if not self.title.strip():
            raise errors.InvalidSeries("A series needs a title.")
        for text, what, multiline in ((self.title.strip(), "The title", False), (self.description, "The description", True)):
            if problem := text_problem(text, what=what, multiline=multiline):
                raise errors.InvalidSeries(problem)
        if re.search(r"[{}]", _PLACEHOLDER.sub("", self.title)):
            raise errors.InvalidSeries("The title may use {month}, {year} and {date}, and no other braces.")
        try:
            rule = self.rule.checked()
        except RuleInvalid as error:
            raise errors.InvalidSeries(str(error)) from None
        if not 1 <= self.ahead <= MAX_AHEAD:
            raise errors.InvalidSeries(f"Between 1 and {MAX_AHEAD} upcoming meetups.")
        if not 0 <= self.rsvp_opens_days_before <= 365:
            raise errors.InvalidSeries("RSVPs open between 0 and 365 days before each meetup.")
        return replace(self, title=self.title.strip(), rule=rule, template=self.template.checked())


def title_for(pattern: str, day: date) -> str:
    """The occurrence's title: "{month} meetup" -> "January meetup"."""
    values = {"month": day.strftime("%B"), "year": str(day.year), "date": f"{day.day} {day:%B %Y}"}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], pattern)


@dataclass
class Series:
    version: int = 0
    started: bool = False
    slug: str = ""
    title: str = ""
    description: str = ""
    rule: Rule | None = None
    first_date: date | None = None
    rsvp_opens_days_before: int = 30
    ahead: int = 3
    templates: list[tuple[date, Template]] = field(default_factory=list)  # (from date, template), in order
    occurrences: dict[date, str] = field(default_factory=dict)  # date -> meetup slug
    skipped: dict[date, str] = field(default_factory=dict)  # date -> message
    ended: bool = False

    @classmethod
    def fold(cls, history: list[Event]) -> Series:
        s = cls()
        for event in history:
            s.version += 1
            match event:
                case e.SeriesStarted():
                    s.started, s.slug, s.title, s.description = True, event.slug, event.title, event.description
                    s.rule = Rule(event.frequency, event.interval, event.weekday, event.nth, event.day_of_month)
                    s.first_date = date.fromisoformat(event.first_date)
                    s.rsvp_opens_days_before, s.ahead = event.rsvp_opens_days_before, event.ahead
                    s.templates = [(s.first_date, _template(event))]
                case e.OccurrencesChanged():
                    s.templates.append((date.fromisoformat(event.from_date), _template(event)))
                case e.OccurrenceScheduled():
                    s.occurrences[date.fromisoformat(event.date)] = event.meetup_slug
                case e.OccurrenceSkipped():
                    s.skipped[date.fromisoformat(event.date)] = event.message
                case e.SeriesEnded():
                    s.ended = True
        return s

    def template_for(self, day: date) -> Template:
        """The template in force on `day`: the last change from that day or before."""
        current = self.templates[0][1]
        for since, template in self.templates:
            if since <= day:
                current = template
        return current

    def meets_on(self, day: date) -> bool:
        for candidate in dates(self.rule, first=self.first_date):
            if candidate >= day:
                return candidate == day
        return False

    def meetup_plan(self, day: date, zone: ZoneInfo) -> MeetupPlan:
        """The meetup of the occurrence on `day`."""
        t = self.template_for(day)
        starts = local_start(day, t.start_time, zone)
        return MeetupPlan(
            title=title_for(self.title, day)[:200], description=self.description, starts_at=starts,
            ends_at=starts + timedelta(minutes=t.minutes), venue_name=t.venue_name, venue_address=t.venue_address,
            venue_map_url=t.venue_map_url, capacity=t.capacity,
            rsvp_opens_at=starts - timedelta(days=self.rsvp_opens_days_before), rsvp_closes_at=starts,
        )

    def due(self, *, now: datetime, zone: ZoneInfo) -> list[date]:
        """The next `ahead` dates (not skipped) that start after now."""
        if not self.started or self.ended:
            return []
        at = self.template_for  # the start time may differ by date; compare each date at its own time
        found: list[date] = []
        for day in dates(self.rule, first=self.first_date):
            if day in self.skipped or local_start(day, at(day).start_time, zone) <= now:
                continue
            found.append(day)
            if len(found) == self.ahead:
                break
        return found


def _template(event) -> Template:
    return Template(
        start_time=time.fromisoformat(event.start_time), minutes=event.minutes, venue_name=event.venue_name,
        venue_address=event.venue_address, venue_map_url=event.venue_map_url, capacity=event.capacity,
    )


def occurrence_slug(series_slug: str, day: date, taken: set[str]) -> str:
    """"pyrva-2025-01-21", or with "-2", "-3"... if a meetup already has that address."""
    base = f"{series_slug}-{day.isoformat()}"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# -- decisions -----------------------------------------------------------------------------
def _existing(history: list[Event]) -> Series:
    s = Series.fold(history)
    if not s.started:
        raise errors.SeriesNotFound
    return s


def decide_start(history: list[Event], *, slug: str, plan: SeriesPlan, by) -> list[Event]:
    """Refuses a slug in use (or unfit for an address) and a rule, times or texts that
    make no sense; the first occurrence's meetup must itself be valid."""
    if history:
        raise errors.SeriesSlugTaken(slug)
    if not _SLUG.match(slug) or len(slug) > MAX_SLUG:
        raise errors.InvalidSeries(f"The slug is lower-case letters, digits and hyphens, at most {MAX_SLUG}.")
    p = plan.checked()
    t = p.template
    return [
        e.SeriesStarted(
            slug=slug, title=p.title, description=p.description, frequency=p.rule.frequency, interval=p.rule.interval,
            weekday=p.rule.weekday, nth=p.rule.nth, day_of_month=p.rule.day_of_month, first_date=p.first_date.isoformat(),
            start_time=t.start_time.strftime("%H:%M"), minutes=t.minutes, venue_name=t.venue_name,
            venue_address=t.venue_address, venue_map_url=t.venue_map_url, capacity=t.capacity,
            rsvp_opens_days_before=p.rsvp_opens_days_before, ahead=p.ahead, by=by,
        )
    ]


def decide_extend(history: list[Event], *, now: datetime, zone: ZoneInfo, taken: set[str]) -> list[Event]:
    """The occurrences due (the next `ahead` after now) that the series has not made yet;
    nothing once the series has ended. `taken`: meetup slugs already in use."""
    s = _existing(history)
    new: list[Event] = []
    used = set(taken)
    for day in s.due(now=now, zone=zone):
        if day in s.occurrences:
            continue
        slug = occurrence_slug(s.slug, day, used)
        used.add(slug)
        new.append(e.OccurrenceScheduled(date=day.isoformat(), meetup_slug=slug))
    return new


def decide_change_future(history: list[Event], *, from_date: date, template: Template, by) -> list[Event]:
    """"This and all future": refuses an ended series and a date the series does not
    meet on; nothing if the template in force already is this one."""
    s = _existing(history)
    if s.ended:
        raise errors.SeriesAlreadyEnded(s.title)
    if not s.meets_on(from_date):
        raise errors.NotAnOccurrence(from_date)
    t = template.checked()
    if s.template_for(from_date) == t and all(since <= from_date for since, _ in s.templates):
        return []
    return [
        e.OccurrencesChanged(
            from_date=from_date.isoformat(), start_time=t.start_time.strftime("%H:%M"), minutes=t.minutes,
            venue_name=t.venue_name, venue_address=t.venue_address, venue_map_url=t.venue_map_url, capacity=t.capacity,
            by=by,
        )
    ]


def decide_skip(history: list[Event], *, day: date, message: str, by) -> list[Event]:
    """Refuses a date the series does not meet on, one skipped already, and a skip
    without a message (members who RSVPed get it)."""
    s = _existing(history)
    if not s.meets_on(day):
        raise errors.NotAnOccurrence(day)
    if day in s.skipped:
        return []
    if not message.strip():
        raise errors.InvalidSeries("Please write a message for the members who RSVPed.")
    if problem := text_problem(message, what="The message"):
        raise errors.InvalidSeries(problem)
    return [e.OccurrenceSkipped(date=day.isoformat(), message=message.strip(), by=by)]


def decide_end(history: list[Event], *, by) -> list[Event]:
    """Refuses a series that has ended already."""
    s = _existing(history)
    if s.ended:
        raise errors.SeriesAlreadyEnded(s.title)
    return [e.SeriesEnded(by=by)]


__all__ = [
    "Series", "SeriesPlan", "Template", "decide_change_future", "decide_end", "decide_extend", "decide_skip", "decide_start",
    "occurrence_slug", "title_for",
]
