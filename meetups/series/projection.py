"""The series projection: one row per series, what the organisers' admin lists and
edits (the form sends commands; only this projector writes the rows)."""

from __future__ import annotations

from datetime import date, time

from django.db import models

from eventstore.bulk import KeyedRows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection
from meetups import events as e
from meetups.series.rules import FREQUENCIES, ORDINALS, WEEKDAYS, Rule


class SeriesListing(models.Model):
    """Filled only by SeriesProjection. The time, length, venue and capacity are the
    latest template (what the series' newest occurrences get)."""

    FREQUENCY_CHOICES = [
        ("weekly", "Weekly (every N weeks, on the first date's weekday)"),
        ("monthly_weekday", "Monthly, on the Nth or last weekday"),
        ("monthly_day", "Monthly, on a day of the month"),
    ]
    assert [value for value, _ in FREQUENCY_CHOICES] == list(FREQUENCIES)

    stream_id = models.UUIDField(primary_key=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Occurrences get this and their date: slug-2025-01-21.")
    title = models.CharField(max_length=200, help_text="“{month}”, “{year}” and “{date}” are filled in for each meetup.")
    description = models.TextField(blank=True)
    frequency = models.CharField(max_length=20, choices=FREQUENCY_CHOICES)
    interval = models.PositiveSmallIntegerField("every N weeks", default=1, help_text="Weekly: every how many weeks.")
    weekday = models.PositiveSmallIntegerField(default=1, choices=list(enumerate(WEEKDAYS)), help_text="Monthly on a weekday.")
    nth = models.SmallIntegerField("week of the month", default=1, choices=[(n, word.capitalize()) for n, word in ORDINALS.items()],
                                   help_text="Monthly on a weekday: which one in the month.")
    day_of_month = models.PositiveSmallIntegerField(default=1, help_text="Monthly on a day: 1-31 (months without it are left out).")
    first_date = models.DateField(help_text="The series starts on or after this date.")
    start_time = models.TimeField(help_text="Wall-clock time in the group's time zone, the same all year.")
    minutes = models.PositiveIntegerField(default=120, help_text="How long each meetup lasts.")
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    venue_map_url = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField()
    rsvp_opens_days_before = models.PositiveSmallIntegerField("RSVPs open (days before)", default=30, help_text="RSVPs open this many days before each meetup.")
    ahead = models.PositiveSmallIntegerField("meetups ahead", default=3, help_text="How many upcoming meetups exist at any time.")
    rule_text = models.CharField("rule", max_length=100, blank=True)
    occurrence_count = models.PositiveIntegerField("meetups made", default=0)
    ended = models.BooleanField(default=False)
    version = models.BigIntegerField()
    updated_at = models.DateTimeField()

    class Meta:
        app_label = "community"
        ordering = ["title"]
        verbose_name = "series"
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title


@register
class SeriesProjection(Projection):
    name = "meetups.series"
    models = (SeriesListing,)
    events = (e.SeriesStarted, e.OccurrencesChanged, e.OccurrenceScheduled, e.OccurrenceSkipped, e.SeriesEnded)

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        rows = KeyedRows(SeriesListing, "stream_id", (ev.originator_id for _, ev in page), using=using)
        for _, event in page:
            key = event.originator_id
            if isinstance(event, e.SeriesStarted):
                first = date.fromisoformat(event.first_date)
                rule = Rule(event.frequency, event.interval, event.weekday, event.nth, event.day_of_month)
                rows.add(key, SeriesListing(
                    stream_id=key, slug=event.slug, title=event.title, description=event.description,
                    frequency=event.frequency, interval=event.interval, weekday=event.weekday, nth=event.nth,
                    day_of_month=event.day_of_month, first_date=first, start_time=time.fromisoformat(event.start_time),
                    minutes=event.minutes, venue_name=event.venue_name, venue_address=event.venue_address,
                    venue_map_url=event.venue_map_url, capacity=event.capacity,
                    rsvp_opens_days_before=event.rsvp_opens_days_before, ahead=event.ahead,
                    rule_text=rule.describe(first)[:100], version=event.originator_version, updated_at=event.timestamp,
                ))
                continue
            row = rows.get(key)
            match event:
                case e.OccurrencesChanged():
                    row.start_time, row.minutes = time.fromisoformat(event.start_time), event.minutes
                    row.venue_name, row.venue_address, row.venue_map_url = event.venue_name, event.venue_address, event.venue_map_url
                    row.capacity = event.capacity
                case e.OccurrenceScheduled():
                    row.occurrence_count += 1
                case e.SeriesEnded():
                    row.ended = True
            row.version, row.updated_at = event.originator_version, event.timestamp
            rows.touch(key)
        rows.save()
