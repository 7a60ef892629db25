"""The fast lane: the exports (iCalendar, the frab XML/JSON schedule, the Atom feed) answered
ahead of Django from the page this process keeps in memory (issue 13; docs/decisions/0019
"The fast lane").

Calendar apps and schedule readers poll the exports every few minutes, each subscriber on
its own, with no cookie; the exports are the same bytes for everyone (the `everyone`
variant of web/prepared.py) and nothing of the visitor is swapped into them. Once Django
has answered such a URL with a 200 from a prepared page with nothing swapped in
(`response.fast_lane`), this WSGI wrapper keeps the response's final headers (those every
middleware added: security headers, CSP, Permissions-Policy, Content-Length, ETag) beside
the URL. The next plain GET of the same URL, from the same scheme and host, is written out
here, with a request id of its own, while the page kept in memory is the same one
(web/prepared.py `Memory`: the generation has not moved, not expired, checked against the
database less than PREPARED_PAGES_MEMORY_SECONDS ago). Anything else goes to Django as
before: another method, a conditional request (Django answers the 304), htmx, a body, a
page moved on or expired (Django checks the database, keeps the new page; the lane then
keeps its new headers).

Never kept: a response that sets a cookie, varies on a request header (`Vary`), or carries
a CSP nonce; a request the lane does not know gets exactly Django's answer (the host is
checked by Django on the first request of each key: a key is only ever made from a request
Django answered with a 200).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.conf import settings

from community.middleware import request_id_offered
from eventstore.prepared import generation
from web.prepared import memory

# What a request is known by: any of these different, another answer may be due.
_KEY_ENVIRON = (
    "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO", "HTTP_HOST", "HTTP_X_FORWARDED_HOST",
    "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING",
)
# A request with any of these goes to Django (it answers them differently).
_TO_DJANGO = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_HX_REQUEST", "HTTP_RANGE")
MAX_KEPT = 256


class FastLane:
    def __init__(self, app: Callable) -> None:
        self.app = app
        self._kept: dict[tuple, tuple] = {}  # key: (digest, version, headers)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = _key(environ)
        if key is None:
            return self.app(environ, start_response)
        kept = self._kept.get(key)
        if kept is not None:
            digest, version, headers = kept
            page = memory.get(digest, generation.read(), time.time_ns() // 1000)
            if page is not None and page[2:] == version:
                request_id = request_id_offered(environ.get("HTTP_X_REQUEST_ID", ""))
                start_response("200 OK", [*headers, ("X-Request-ID", request_id)])
                return [page[0]]
        answered: list = []

        def capture(status, headers, exc_info=None):
            answered[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        lane = getattr(result, "fast_lane", None)
        if lane is not None and answered and answered[0].startswith("200 "):
            self._keep(key, lane, answered[1])
        return result

    def _keep(self, key: tuple, lane: tuple, headers: list[tuple[str, str]]) -> None:
        names = {name.lower() for name, _ in headers}
        if "set-cookie" in names or "vary" in names:
            return
        if any(name.lower().startswith("content-security-policy") and "nonce-" in value for name, value in headers):
            return
        if len(self._kept) >= MAX_KEPT:
            self._kept.clear()
        digest, based_on, expires_us, modified_us = lane
        kept_headers = tuple((name, value) for name, value in headers if name.lower() != "x-request-id")
        self._kept[key] = (digest, (based_on, expires_us, modified_us), kept_headers)


def _key(environ: dict) -> tuple | None:
    if (
        environ.get("REQUEST_METHOD") != "GET"
        or not settings.PREPARED_PAGES
        or settings.PREPARED_PAGES_MEMORY_MB <= 0
        or environ.get("CONTENT_LENGTH") not in (None, "", "0")
        or any(name in environ for name in _TO_DJANGO)
    ):
        return None
    return tuple(environ.get(name) for name in _KEY_ENVIRON)
