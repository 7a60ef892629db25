"""The worker makes each series' upcoming occurrences as time passes: once a meetup of
the series has started, the next date joins the ones ahead (a timer,
eventstore/timers.py). Safe twice and in two workers: `extend_series` decides from the
series' stream what is made already, and a race is a version conflict."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from eventstore.errors import CommandRefused
from eventstore.timers import Timer, register_timer
from meetups import events as e
from meetups.series.command import extend_series
from meetups.series.projection import SeriesListing

log = logging.getLogger(__name__)


@register_timer
class SeriesAhead(Timer):
    name = "meetups.series-ahead"
    every = timedelta(minutes=1)

    def run(self, now: datetime, using: str) -> int:
        made = 0
        for slug in SeriesListing.objects.using(using).filter(ended=False).values_list("slug", flat=True):
            try:
                made += sum(1 for r in extend_series(slug=slug, now=now) if isinstance(r.domain_event, e.MeetupScheduled))
            except CommandRefused as refusal:  # a series whose next meetup is refused waits for an organiser
                log.warning("Series %s: the next meetup was refused: %s", slug, refusal)
        return made
