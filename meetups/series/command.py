"""Organisers start a series, change its occurrences (this one only, or this and all
future ones), skip one (a holiday) and end it; the worker makes the upcoming occurrences
as time passes (meetups/series/ahead.py). Each occurrence is a meetup with its own
stream, scheduled, revised and cancelled with the meetup decisions
(meetups/schedule/decisions.py), so the meetup's events, pages, feeds and mail are the
same as for a meetup made by hand: members who RSVPed are told when it moves or is
cancelled (meetups/notify/).

A command that touches the series and its meetups appends to each stream in its own
`execute` (each decided from its own history, version-checked), all in one transaction:
the series records an occurrence exactly when its meetup exists.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from eventstore.store import Recording, event_store, execute
from meetups import errors
from meetups import events as e
from meetups.meetup import Meetup
from meetups.schedule.decisions import (
    MeetupPlan,
    decide_cancel,
    decide_revise,
    decide_schedule,
)
from meetups.series.rules import local_start
from meetups.series.series import (
    Series,
    SeriesPlan,
    Template,
    decide_change_future,
    decide_end,
    decide_extend,
    decide_skip,
    decide_start,
)
from meetups.streams import meetup_stream, series_stream


def group_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _by_text(by: UUID | None) -> str:
    """The released meetup events name who did it as text."""
    return str(by) if by else "series"


def start_series(*, slug: str, plan: SeriesPlan, by: UUID | None, now: datetime) -> list[Recording]:
    """Records the series and makes its first upcoming occurrences at once."""
    with transaction.atomic():
        recordings = execute(series_stream(slug), lambda h: decide_start(h, slug=slug, plan=plan, by=by))
        return recordings + extend_series(slug=slug, now=now)


def extend_series(*, slug: str, now: datetime) -> list[Recording]:
    """Make the occurrences that are due and not made yet (idempotent: run by the
    worker again and again, by two workers at once)."""
    zone = group_zone()
    with transaction.atomic():
        series = Series.fold(event_store().load(series_stream(slug)))
        candidates = [f"{slug}-{day.isoformat()}" for day in series.due(now=now, zone=zone)]
        candidates += [f"{c}-{n}" for c in candidates for n in range(2, 6)]
        taken = {s for s, history in zip(candidates, _histories(candidates), strict=True) if history}
        recordings = execute(series_stream(slug), lambda h: decide_extend(h, now=now, zone=zone, taken=taken))
        if not recordings:
            return []
        series = Series.fold(event_store().load(series_stream(slug)))
        made = list(recordings)
        for recording in recordings:
            occurrence = recording.domain_event
            plan = series.meetup_plan(date.fromisoformat(occurrence.date), zone)
            made += execute(
                meetup_stream(occurrence.meetup_slug),
                lambda h, o=occurrence, p=plan: decide_schedule(h, slug=o.meetup_slug, plan=p, by=f"series:{slug}", now=now),
            )
        return made


def _histories(slugs: list[str]) -> list[list]:
    found = event_store().load_many([meetup_stream(s) for s in slugs], types=[e.MeetupScheduled])
    return [found[meetup_stream(s)] for s in slugs]


def _moved_plan(meetup: Meetup, *, day: date, template: Template, zone: ZoneInfo) -> MeetupPlan:
    """The occurrence's meetup with the template's time, length, venue and capacity; its
    title, description and the opening of its RSVPs kept (they close when it starts)."""
    starts = local_start(day, template.start_time, zone)
    closes = starts if meetup.rsvp_closes_at == meetup.starts_at else min(meetup.rsvp_closes_at, starts)
    return MeetupPlan(
        title=meetup.details[0], description=meetup.details[1], starts_at=starts,
        ends_at=starts + timedelta(minutes=template.minutes), venue_name=template.venue_name,
        venue_address=template.venue_address, venue_map_url=template.venue_map_url, capacity=template.capacity,
        rsvp_opens_at=meetup.rsvp_opens_at, rsvp_closes_at=closes,
    )


def change_occurrence(*, slug: str, day: date, template: Template, by: UUID | None, now: datetime) -> list[Recording]:
    """This occurrence only: its meetup moves (members who RSVPed are mailed); the
    series' later occurrences keep the series' template."""
    series = Series.fold(event_store().load(series_stream(slug)))
    meetup_slug = series.occurrences.get(day)
    if meetup_slug is None:
        raise errors.NotAnOccurrence(day)
    return _revise(meetup_slug, day=day, template=template.checked(), by=by, now=now)


def _revise(meetup_slug: str, *, day: date, template: Template, by: UUID | None, now: datetime) -> list[Recording]:
    zone = group_zone()

    def decide(history):
        meetup = Meetup.fold(history)
        if meetup.cancelled or meetup.has_ended(now):
            return []  # a cancelled or past meetup stays as it was
        return decide_revise(history, plan=_moved_plan(meetup, day=day, template=template, zone=zone), by=_by_text(by), now=now)

    return execute(meetup_stream(meetup_slug), decide)


def change_future_occurrences(*, slug: str, from_date: date, template: Template, by: UUID | None, now: datetime) -> list[Recording]:
    """This and all future occurrences: the series' template changes from `from_date`
    and every meetup already made from that date on moves with it."""
    with transaction.atomic():
        recordings = execute(series_stream(slug), lambda h: decide_change_future(h, from_date=from_date, template=template, by=by))
        series = Series.fold(event_store().load(series_stream(slug)))
        for day, meetup_slug in sorted(series.occurrences.items()):
            if day >= from_date and day not in series.skipped:
                recordings += _revise(meetup_slug, day=day, template=series.template_for(day), by=by, now=now)
        return recordings


def skip_occurrence(*, slug: str, day: date, message: str, by: UUID | None) -> list[Recording]:
    """No meetup that day: if its meetup is made already it is cancelled with the message
    (everyone who RSVPed is mailed it); otherwise it is never made."""
    with transaction.atomic():
        recordings = execute(series_stream(slug), lambda h: decide_skip(h, day=day, message=message, by=by))
        meetup_slug = Series.fold(event_store().load(series_stream(slug))).occurrences.get(day)
        if recordings and meetup_slug:
            recordings += execute(
                meetup_stream(meetup_slug),
                lambda h: [] if Meetup.fold(h).cancelled else decide_cancel(h, message=message, by=_by_text(by)),
            )
        return recordings


def end_series(*, slug: str, by: UUID | None) -> list[Recording]:
    return execute(series_stream(slug), lambda h: decide_end(h, by=by))


__all__ = [
    "change_future_occurrences", "change_occurrence", "end_series", "extend_series", "group_zone", "skip_occurrence",
    "start_series",
]
