"""The talks app's published read models, for the site's composed pages: a meetup's
agenda as the public pages show it, and when the talks' pages change with the clock."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min

from meetups.read_models import next_change as next_meetup_change
from talks.archive.projection import ArchiveEntry
from talks.schedule.agendas import AgendaItem, Speaker, agendas_of

__all__ = ["AgendaItem", "Speaker", "agendas_of", "next_change"]


def next_change(now: datetime) -> datetime | None:
    """The next moment after `now` at which a talks page changes with the clock alone: a
    meetup's (meetups.read_models.next_change), or a talk's slot starting (it enters the
    archive, which lists talks that have begun). For prepared pages (web/prepared.py)."""
    slot = ArchiveEntry.objects.filter(starts_at__gt=now).aggregate(first=Min("starts_at"))["first"]
    return min((m for m in (next_meetup_change(now), slot) if m is not None), default=None)
