"""Serving public pages from prepared output (issue 13; docs/decisions/0019-prepared-pages.md).

    @prepared(tags=lambda slug: [stream_tag(meetup_stream(slug)), app_tag("talks")],
              expires=next_change, variant=by_rsvp_state)
    def meetup_page(request, slug): ...

A GET asks for the page's prepared row and the highest position of the tags it depends on
(one query, eventstore/prepared.py). The row is written out when no tag moved past the
position it was rendered at and the clock has not reached the next moment its text
changes (`expires`); otherwise the view renders, as it always does, and what it rendered
is kept for the next request. The tags' positions are read BEFORE the view renders and
stored as the row's position: an event committed while it renders makes the row stale,
never a row that looks fresh and is not.

What is personal stays out of the kept output:
- the CSRF token and the CSP nonce: a page being prepared renders placeholders
  (`csrf_placeholder`, the last context processor), swapped for the request's own token
  and nonce when it is written out (asked for as a fresh render asks, so the CSRF cookie
  and the CSP header's nonce follow the same way);
- who is asking: `variant(request, kwargs)` names the version of the page this visitor
  sees ("anon", "member", "staff", or for the meetup page also the state of my RSVP); None
  means "this visitor's page is their own": it renders fresh. A page with flash messages
  waiting renders fresh too (they are shown once).
With PREPARED_PAGES off every request renders fresh; the bytes are the same either way
(but for the CSRF token, which differs on every response anyway).

Conditional GET: a page that is the same for every visitor of its variant ("anon",
"everyone") carries a weak ETag (its key, position and expiry) and Last-Modified (when the
latest event it reflects was recorded), and `Cache-Control: no-cache` (revalidate each
time: a heuristic freshness from Last-Modified would show a stale page); If-None-Match /
If-Modified-Since get a 304.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from eventstore.prepared import PageTag, PreparedPage, app_tag, generation, microseconds, stream_tag
from web.idempotency import KEY_PLACEHOLDER, new_key

__all__ = ["anonymous", "app_tag", "by_kind", "csrf_placeholder", "everyone", "prepared", "stream_tag"]

# Not a token (a token is 64 letters and digits): what a prepared page holds where the
# request's CSRF token goes.
CSRF_PLACEHOLDER = "csrf-token-goes-here-0c0e7a11"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
NONCE_PLACEHOLDER = "csp-nonce-goes-here-0c0e7a11"
_NONCE_BYTES = NONCE_PLACEHOLDER.encode()
_KEY_BYTES = KEY_PLACEHOLDER.encode()
_KEY_PATTERN = re.compile(re.escape(_KEY_BYTES))
# Variants whose page is the same for every visitor: they may be revalidated (ETag).
SHARED_VARIANTS = frozenset({"anon", ""})
# Headers of the view's response worth keeping (the rest are the middleware's, per response).
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Last-Modified", "Link", "Vary", "X-Robots-Tag")

STREAMED = ":streamed"  # in a row's headers: the view's response streamed

Variant = Callable[[HttpRequest, dict[str, Any]], "str | None"]


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: while a page is being prepared, its CSRF token and its CSP nonce
    (htmx's script tag carries it) are placeholders."""
    if not getattr(request, "_preparing_page", False):
        return {}
    if get_nonce(request) is None:
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {"csrf_token": CSRF_PLACEHOLDER, "csp_nonce": NONCE_PLACEHOLDER}


def anonymous(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """Prepared for visitors who are not signed in; a member's page is their own."""
    return None if request.user.is_authenticated else "anon"


def by_kind(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The page differs only by whether one is signed in, and an organiser."""
    user = request.user
    if not user.is_authenticated:
        return "anon"
    return "staff" if user.is_staff else "member"


def everyone(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The same for everyone (exports: no session is looked at, as when rendered fresh)."""
    return ""


def prepared(
    *,
    tags: Callable[..., Iterable[str]],
    expires: Callable[[datetime], datetime | None],
    variant: Variant = anonymous,
    query: Iterable[str] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> Callable:
    """Serve the decorated view from prepared output (see the module's docstring).
    `tags(**kwargs)`: what the page depends on; `expires(now)`: the next moment its text
    changes; `query`: the parameters a prepared page may have (any other: fresh)."""
    allowed = frozenset(query)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (
                not settings.PREPARED_PAGES
                or request.method not in ("GET", "HEAD")
                or "HX-Request" in request.headers
                or any(name not in allowed for name in request.GET)
            ):
                return view(request, *args, **kwargs)
            which = variant(request, kwargs)
            if which is None or (variant is not everyone and len(get_messages(request))):
                return view(request, *args, **kwargs)
            names = sorted(set(tags(**kwargs)))
            key = f"{request.scheme}://{request.get_host()}{request.get_full_path()} {which} {release()}"
            digest = hashlib.sha256(key.encode()).hexdigest()
            now_us = microseconds(timezone.now())
            # Read before the database is: a commit after this moves it (see Generation).
            seen = generation.read() if settings.PREPARED_PAGES_MEMORY_MB > 0 else None
            kept = memory.get(digest, seen, now_us) if seen is not None else None
            if kept is None:
                kept = _from_database(request, view, args, kwargs, digest, key, names, expires, now_us, using)
                if isinstance(kept, HttpResponseBase):
                    return kept  # rendered, not kept: as the view made it
                if seen is not None:
                    memory.put(digest, seen, *kept)
            body, headers, based_on, expires_us, modified_us = kept
            content = _swap_token(request, body)
            # A page that streams when rendered is written out in one chunk: the same
            # kind of response either way.
            response = StreamingHttpResponse([content]) if STREAMED in headers else HttpResponse(content)
            for header, value in headers.items():
                if header != STREAMED:
                    response[header] = value
            if which == "" and content is body:
                # The same bytes for every visitor, nothing of theirs swapped in: the export
                # lane (community/fast_lane.py) may answer its next requests ahead of Django.
                response.fast_lane = (digest, based_on, expires_us, modified_us)
            if which in SHARED_VARIANTS:
                return _conditional(request, response, digest, based_on, expires_us, modified_us)
            return response

        return serve

    return decorate


def _from_database(request, view, args, kwargs, digest, key, names, expires, now_us, using):
    """(body, headers, based_on, expires_us, modified_us) of the prepared row if it is fresh,
    else of what the view renders now (stored for the next request); or the view's response
    itself when it is not to be kept (not a 200, cookies, its own Cache-Control)."""
    row, position, modified_us = _lookup(digest, names, using)
    if row is not None and row[2] >= position and (row[3] is None or now_us < row[3]):
        return bytes(row[0]), json.loads(row[1]), row[2], row[3], modified_us
    # The clock as the render starts: a moment passing while it renders makes the row
    # expire at it (a later `now` could skip it and keep old text).
    started = timezone.now()
    request._preparing_page = True
    try:
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.cookies or response.has_header("Cache-Control"):
            return _with_token(request, response)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    finally:
        request._preparing_page = False
    headers = {h: response[h] for h in _KEPT_HEADERS if response.has_header(h)}
    if response.streaming:
        headers[STREAMED] = "1"
    ends = expires(started)
    expires_us = microseconds(ends) if ends is not None else None
    _store(digest, key, body, headers, names, position, modified_us, expires_us, using)
    return body, headers, position, expires_us, modified_us


class Memory:
    """Prepared pages kept in this process, least recently served dropped first past
    PREPARED_PAGES_MEMORY_MB: served with no query while the generation (eventstore/prepared.py)
    is the one read before they were last checked, at most PREPARED_PAGES_MEMORY_SECONDS after
    that check, and before their expiry."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, digest: str, seen: int, now_us: int) -> tuple | None:
        page = self._pages.get(digest)
        if page is None:
            return None
        checked_generation, checked_at, size, body, headers, based_on, expires_us, modified_us = page
        if checked_generation != seen or (expires_us is not None and now_us >= expires_us) or (
            time.monotonic() - checked_at >= settings.PREPARED_PAGES_MEMORY_SECONDS
        ):
            return None
        with self._lock:
            if digest in self._pages:
                self._pages.move_to_end(digest)
        return body, headers, based_on, expires_us, modified_us

    def put(self, digest, seen, body, headers, based_on, expires_us, modified_us) -> None:
        budget = settings.PREPARED_PAGES_MEMORY_MB * 1_000_000
        size = len(body) + 500  # the tuple, the headers, the key
        with self._lock:
            old = self._pages.pop(digest, None)
            if old is not None:
                self._bytes -= old[2]
            if size * 8 > budget:  # one page never takes more than an eighth of it
                return
            self._pages[digest] = (seen, time.monotonic(), size, body, headers, based_on, expires_us, modified_us)
            self._bytes += size
            while self._bytes > budget:
                self._bytes -= self._pages.popitem(last=False)[1][2]

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)


memory = Memory()


def _lookup(digest: str, tags: list[str], using: str) -> tuple[tuple | None, int, int]:
    """The prepared row (body, headers, based_on, expires_us) if any, and the highest
    position of `tags` with the time its event was recorded (0, 0 before any): one query."""
    connection = connections[using]
    qn = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(tags)) or "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.position, t.recorded_us, p.body, p.headers, p.based_on, p.expires_us "
            f"FROM (SELECT 1 AS one) AS o "
            f"LEFT JOIN (SELECT {qn('position')}, recorded_us FROM {qn(PageTag._meta.db_table)} "
            f"WHERE tag IN ({marks}) ORDER BY {qn('position')} DESC LIMIT 1) AS t ON 1 = 1 "
            f"LEFT JOIN {qn(PreparedPage._meta.db_table)} AS p ON p.{qn('key')} = %s",
            [*tags, digest],
        )
        position, recorded_us, body, headers, based_on, expires_us = cursor.fetchone()
    row = (body, headers, based_on, expires_us) if body is not None else None
    return row, position or 0, recorded_us or 0


# Housekeeping of the table. A page whose query string has open values (`?tag=`, `?page=`,
# `?year=`) could otherwise be stored once per value anyone makes up: such rows are kept only
# while the table holds fewer than PREPARED_PAGES_MAX rows (past that, those pages render
# fresh: correct, only slower). About one store in PRUNE_EVERY drops the rows not rendered
# for a day (the previous release's, pages nobody reads): they render again if read.
PRUNE_EVERY = 50
PRUNE_AFTER = timedelta(days=1)


def _store(digest, key, body, headers, tags, based_on, modified_us, expires_us, using) -> None:
    rows = PreparedPage.objects.using(using)
    if random.randrange(PRUNE_EVERY) == 0:
        rows.filter(rendered_at__lt=timezone.now() - PRUNE_AFTER).delete()
    if "?" in key.partition(" ")[0] and not rows.filter(key=digest).exists() and rows.count() >= settings.PREPARED_PAGES_MAX:
        return
    PreparedPage.objects.using(using).bulk_create(
        [
            PreparedPage(
                key=digest, path=key[:2000], body=body, headers=json.dumps(headers), tags=" ".join(tags),
                based_on=based_on, modified_us=modified_us, expires_us=expires_us, rendered_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["path", "body", "headers", "tags", "based_on", "modified_us", "expires_us", "rendered_at"],
    )


def _swap_token(request: HttpRequest, body: bytes) -> bytes:
    """The request's own CSRF token and CSP nonce where the placeholders are (asked for
    as a fresh render asks: the cookie and the CSP header follow as they would)."""
    if _PLACEHOLDER_BYTES in body:
        body = body.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    if _KEY_BYTES in body:  # a new idempotency key for each form, as a fresh render makes
        body = _KEY_PATTERN.sub(lambda _: new_key().encode(), body)
    if _NONCE_BYTES in body:
        nonce = get_nonce(request)  # (a LazyNonce is false until generated: not `or`)
        body = body.replace(_NONCE_BYTES, str(nonce).encode() if nonce is not None else b"")
    return body


def _with_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A response rendered while preparing but not kept: its placeholder becomes the token."""
    if response.streaming:
        content = b"".join(response.streaming_content)
        kept = HttpResponse(_swap_token(request, content), status=response.status_code)
        for header, value in response.items():
            kept[header] = value
        kept.cookies = response.cookies
        return kept
    response.content = _swap_token(request, response.content)
    return response


def _conditional(request, response, digest: str, based_on: int, expires_us: int | None, modified_us: int):
    response["ETag"] = f'W/"{digest[:16]}-{based_on}-{expires_us or 0}"'
    if modified_us and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(modified_us // 1_000_000)
    response["Cache-Control"] = "no-cache"
    last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
    return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)


_release: str | None = None


def release() -> str:
    """What else a page is a function of: the code and templates (a deploy), and the
    settings that appear in pages. Worked out once per process."""
    global _release
    if _release is None:
        digest = hashlib.sha256()
        for name in ("SITE_URL", "SITE_NAME", "TIME_ZONE", "STATIC_URL", "LANGUAGE_CODE"):
            digest.update(f"{name}={getattr(settings, name, '')}\n".encode())
        base = Path(settings.BASE_DIR)
        for folder in ("eventstore", "web", "membership", "meetups", "talks", "community", "templates"):
            for path in sorted((base / folder).rglob("*")):
                if path.suffix in (".py", ".html", ".txt", ".xml") and "tests" not in path.parts:
                    stat = path.stat()
                    digest.update(f"{path.relative_to(base)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        manifest = Path(getattr(settings, "STATIC_ROOT", "") or base / "staticfiles") / "staticfiles.json"
        if manifest.exists():
            digest.update(manifest.read_bytes())
        _release = digest.hexdigest()[:12]
    return _release
