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

And a counter, `generation`: a number in a small file shared by every process of the site
on this host (the web workers, the worker, management commands), moved after every commit
that moves a tag or wipes the prepared pages. A web worker that keeps pages in memory
(web/prepared.py) trusts them while the number is the one it read before it last checked
them against the database: a page hit then costs no query at all.

docs/decisions/0019-prepared-pages.md says why it is built this way.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import threading
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models, transaction

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
        generation.bump_on_commit(using)


def forget_prepared_pages(using: str = DEFAULT_DB_ALIAS) -> None:
    """After a projection was rebuilt its rows may say what no new event announced (an
    erased member's name gone): every prepared page is rendered again."""
    PreparedPage.objects.using(using).all()._raw_delete(using)
    generation.bump_on_commit(using)


class Generation:
    """A counter that moves after every commit that could make a prepared page stale, in an
    8-byte file mapped into memory (settings.PREPARED_PAGES_GENERATION_FILE, under var/).

    Reading it is a memory load, no system call. Moving it takes an exclusive `flock` on the
    file, so two writers never lose a step; it only ever goes up. A reader compares for
    equality: any other value (a step, a file made anew) means "check the database". It
    moves after the commit (`on_commit`), never before: a reader who sees the old number
    and then queries the database may read the state before the commit, but the number it
    keeps is then older than the one the commit leaves, so the next read checks again. The
    member who posted gets their response after their commit's callbacks ran, so their next
    request sees the new number (read-your-writes). Every process that appends events must
    share the file (the web workers, the worker, management commands: one VAR_DIR); a
    process that died between its commit and the step leaves pages kept in memory stale at
    most PREPARED_PAGES_MEMORY_SECONDS (the readers recheck that often anyway).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # opening the file
        self._step = threading.Lock()  # flock excludes processes, not threads of one
        self._setting: object = None
        self._fd = -1
        self._map: mmap.mmap | None = None
        # A forked child (gunicorn's workers) opens its own: a flock belongs to the open file,
        # which a child shares with its parent, so they would not exclude each other.
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._lock, self._step = threading.Lock(), threading.Lock()
        self._map, self._fd, self._setting = None, -1, None

    def _open(self) -> mmap.mmap:
        setting = settings.PREPARED_PAGES_GENERATION_FILE
        if self._map is not None and self._setting is setting:
            return self._map
        with self._lock:
            if self._map is None or self._setting is not setting:
                path = Path(setting)
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                if os.fstat(fd).st_size < 8:
                    os.ftruncate(fd, 8)  # zeros; two processes doing it at once agree
                if self._fd >= 0:
                    os.close(self._fd)
                self._map, self._fd, self._setting = mmap.mmap(fd, 8), fd, setting
            return self._map

    def read(self) -> int:
        return int.from_bytes(self._open()[:8], "little")

    def bump(self) -> None:
        mapped = self._open()
        with self._step:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                mapped[:8] = (int.from_bytes(mapped[:8], "little") + 1).to_bytes(8, "little")
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def bump_on_commit(self, using: str) -> None:
        """After the transaction commits (at once outside one); rolled back, never."""
        transaction.on_commit(self.bump, using=using)


generation = Generation()
