"""The meetups projection: one row per meetup with everything its page and the lists
need ready (rendered description, seat and waitlist counts)."""

from __future__ import annotations

from datetime import UTC

from django.db import models
from django.db.models import F
from django.utils import timezone

from eventstore.bulk import KeyedRows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection
from meetups import events as e
from meetups.meetup import CALENDAR_FACTS, same_time, significant_change
from web.markdown import render_markdown


class MeetupListing(models.Model):
    """Filled only by MeetupsProjection."""

    stream_id = models.UUIDField(primary_key=True)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    description_html = models.TextField(blank=True)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    venue_map_url = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField()
    going_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    attended_count = models.PositiveIntegerField(default=0)
    rsvp_opens_at = models.DateTimeField()
    rsvp_closes_at = models.DateTimeField()
    cancelled = models.BooleanField(default=False)
    cancel_message = models.TextField(blank=True)
    version = models.BigIntegerField()
    updated_at = models.DateTimeField()
    # The calendar entry (meetups/meetup.py significant_change): SEQUENCE rises only on a
    # new time, end or venue, or a cancellation; LAST-MODIFIED when what it shows changed.
    sequence = models.PositiveIntegerField(default=0)
    calendar_changed_at = models.DateTimeField(null=True, blank=True)
    # Each start it was moved from (ISO 8601), oldest first: schema.org's previousStartDate.
    previous_starts = models.JSONField(default=list, blank=True)

    class Meta:
        app_label = "community"
        ordering = ["starts_at"]
        verbose_name = "meetup"

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.going_count, 0)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def rsvp_is_open(self) -> bool:
        now = timezone.now()
        return not self.cancelled and self.rsvp_opens_at <= now < self.rsvp_closes_at and now < self.starts_at

    @property
    def no_show_count(self) -> int:
        return self.going_count - self.attended_count if self.is_past else 0

    @property
    def no_show_rate(self) -> float | None:
        return self.no_show_count / self.going_count if self.is_past and self.going_count else None


@register
class MeetupsProjection(Projection):
    name = "meetups"
    models = (MeetupListing,)
    events = (
        e.MeetupScheduled, e.MeetupDetailsChanged, e.MeetupRescheduled, e.RsvpWindowChanged, e.VenueChanged, e.CapacityChanged,
        e.MeetupCancelled, e.RsvpConfirmed, e.RsvpWaitlisted, e.RsvpCancelled, e.RsvpRemoved,
        e.WaitlistPromoted, e.AttendanceMarked, e.AttendanceUnmarked, e.ChangeUndone, e.MeetupReinstated,
    )

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        if all(type(ev) in COUNTER_EFFECT for _, ev in page):
            self._bump_counters(page, using)
            return
        rows = KeyedRows(MeetupListing, "stream_id", (ev.originator_id for _, ev in page), using=using)
        for _, event in page:
            key = event.originator_id
            if isinstance(event, e.MeetupScheduled):
                rows.add(
                    key,
                    MeetupListing(
                        stream_id=key, slug=event.slug, title=event.title, description=event.description,
                        description_html=render_markdown(event.description), starts_at=event.starts_at,
                        ends_at=event.ends_at, venue_name=event.venue_name, venue_address=event.venue_address,
                        venue_map_url=event.venue_map_url, capacity=event.capacity, rsvp_opens_at=event.rsvp_opens_at,
                        rsvp_closes_at=event.rsvp_closes_at, version=event.originator_version, updated_at=event.timestamp,
                        calendar_changed_at=event.timestamp,
                    ),
                )
                continue
            row = rows.get(key)
            venue = (row.venue_name, row.venue_address, row.venue_map_url)
            if significant_change(event, starts_at=row.starts_at, ends_at=row.ends_at, venue=venue):
                row.sequence += 1
                if isinstance(event, e.MeetupRescheduled) and not same_time(event.starts_at, row.starts_at):
                    row.previous_starts = [*row.previous_starts, row.starts_at.astimezone(UTC).isoformat()]
            if isinstance(event, CALENDAR_FACTS):
                row.calendar_changed_at = event.timestamp
            if (effect := COUNTER_EFFECT.get(type(event))) is not None:
                going, waitlist, attended = effect(event)
                row.going_count += going
                row.waitlist_count += waitlist
                row.attended_count += attended
            match event:
                case e.MeetupDetailsChanged():
                    row.title, row.description = event.title, event.description
                    row.description_html = render_markdown(event.description)
                case e.MeetupRescheduled():
                    row.starts_at, row.ends_at = event.starts_at, event.ends_at
                    row.rsvp_opens_at, row.rsvp_closes_at = event.rsvp_opens_at, event.rsvp_closes_at
                case e.RsvpWindowChanged():
                    row.rsvp_opens_at, row.rsvp_closes_at = event.rsvp_opens_at, event.rsvp_closes_at
                case e.VenueChanged():
                    row.venue_name, row.venue_address, row.venue_map_url = (
                        event.venue_name, event.venue_address, event.venue_map_url,
                    )
                case e.CapacityChanged():
                    row.capacity = event.capacity
                case e.MeetupCancelled():
                    row.cancelled, row.cancel_message = True, event.message
                case e.MeetupReinstated():
                    row.cancelled, row.cancel_message = False, ""
            row.version, row.updated_at = event.originator_version, event.timestamp
            rows.touch(key)
        rows.save()

    @staticmethod
    def _bump_counters(page: list[tuple[int, Event]], using: str) -> None:
        """RSVPs and check-ins only move counters: one UPDATE per meetup, without loading
        the row (what a command appending one RSVP needs, fast)."""
        deltas: dict = {}
        for _, ev in page:
            going, waitlist, attended = COUNTER_EFFECT[type(ev)](ev)
            d = deltas.setdefault(ev.originator_id, [0, 0, 0, ev])
            d[0] += going
            d[1] += waitlist
            d[2] += attended
            d[3] = ev
        for stream_id, (going, waitlist, attended, last) in deltas.items():
            MeetupListing.objects.using(using).filter(stream_id=stream_id).update(
                going_count=F("going_count") + going,
                waitlist_count=F("waitlist_count") + waitlist,
                attended_count=F("attended_count") + attended,
                version=last.originator_version,
                updated_at=last.timestamp,
            )


# (going, waitlist, attended) change caused by each counter event: the one place the
# seat counters are decided, for the one-UPDATE path and the row path alike.
COUNTER_EFFECT = {
    e.RsvpConfirmed: lambda ev: (1, 0, 0),
    e.RsvpWaitlisted: lambda ev: (0, 1, 0),
    e.RsvpCancelled: lambda ev: (-1, 0, 0) if ev.was_going else (0, -1, 0),
    e.RsvpRemoved: lambda ev: (-1, 0, 0) if ev.was_going else (0, -1, 0),
    e.WaitlistPromoted: lambda ev: (1, -1, 0),
    e.AttendanceMarked: lambda ev: (0, 0, 1),
    e.AttendanceUnmarked: lambda ev: (0, 0, -1),
}
