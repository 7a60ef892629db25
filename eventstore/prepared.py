"""Prepared pages: the rendered output of public pages, kept until an event they depend on
arrives or their text changes with the clock (web/prepared.py serves them).

Two tables:

- `PageTag`, a projection (inline: in the command's transaction, so the next request
  sees the page as stale; read-your-writes): for every event, the last position that
  touched its tags, `s:<stream id>` (the event's stream) and `a:<app>` (the package its
  class lives in: `meetups`, `talks`, `membership`, `community`). A page names the tags it
  reads; it is fresh while none of them moved past the position it was rendered at.
- `PreparedPage`, the prepared output: a cache of what a view rendered at a known
  position of its tags, filled by the read path (web/prepared.py), not by a projector:
  it holds nothing that is not a function of the projections at that position (and of the
  clock, up to `expires_at`). A rebuild of the tags, or of any other projection, wipes it
  (`forget_prepared_pages`): it refills on the next requests.

docs/decisions/0019-prepared-pages.md says why it is built this way.
"""

from __future__ import annotations

from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, models

from eventstore.bulk import write_rows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection


class PageTag(models.Model):
    """Filled only by PageTags: a tag and the last position (notification id) of an event
    that touched it, with the time that event was recorded (a page's Last-Modified)."""

    tag = models.CharField(max_length=60, primary_key=True)
    position = models.BigIntegerField()
    recorded_us = models.BigIntegerField()  # microseconds since 1970 (UTC): one indexed read, no conversion


class PreparedPage(models.Model):
    """One rendered page, per key (scheme, host, path and query, variant, release)."""

    key = models.CharField(max_length=64, primary_key=True)  # sha256 of the key text
    path = models.CharField(max_length=2000)  # the key text, to read in psql
    body = models.BinaryField()
    headers = models.TextField()  # JSON: those the view set (Content-Type, Content-Disposition, ...)
    tags = models.TextField()  # space separated
    based_on = models.BigIntegerField()  # the highest position of its tags when it was rendered
    # Microseconds since 1970 (UTC): when that event was recorded (Last-Modified), and the
    # next moment its text changes with the clock (null: never).
    modified_us = models.BigIntegerField()
    expires_us = models.BigIntegerField(null=True)
    rendered_at = models.DateTimeField()


def microseconds(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def tags_of(event: Event) -> tuple[str, str]:
    return f"s:{event.originator_id}", f"a:{type(event).__module__.partition('.')[0]}"


def stream_tag(stream_id: object) -> str:
    return f"s:{stream_id}"


def app_tag(app: str) -> str:
    return f"a:{app}"


@register
class PageTags(Projection):
    name = "prepared-pages"
    models = (PageTag,)  # its rows; the prepared pages are a cache of them, wiped with them
    events = ()  # every event
    inline = True

    def wipe(self, using: str) -> None:
        super().wipe(using)
        forget_prepared_pages(using)

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        latest: dict[str, tuple[int, int]] = {}
        for position, event in page:
            at = microseconds(event.timestamp)
            for tag in tags_of(event):
                latest[tag] = (position, at)
        write_rows(
            PageTag,
            [PageTag(tag=tag, position=position, recorded_us=at) for tag, (position, at) in latest.items()],
            using=using,
            upsert=True,
        )


def forget_prepared_pages(using: str = DEFAULT_DB_ALIAS) -> None:
    """After a projection was rebuilt its rows may say what no new event announced (an
    erased member's name gone): every prepared page is rendered again."""
    PreparedPage.objects.using(using).all()._raw_delete(using)
