"""The site's 500 handler: a database that does not answer is a clear 503 page ("try again in
a minute"), not a 500 or a traceback; anything else is the plain 500 page. Neither page
touches the database (no session, no user, no template that could)."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1><p>{text}</p></main></body></html>
"""

UNAVAILABLE = PAGE.format(
    title="The site is unavailable for a moment",
    text="Our database is not answering just now. Nothing you did caused this; please try again in a minute.",
)
BROKEN = PAGE.format(
    title="Something went wrong",
    text="The page could not be shown because of an error on our side. It has been logged; please try again later.",
)


def database_down(error: BaseException | None) -> bool:
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Called by Django inside its exception handler: the exception is the one in hand.
    error = sys.exc_info()[1]
    if database_down(error):
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        response = HttpResponse(UNAVAILABLE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    return HttpResponse(BROKEN, status=500, content_type="text/html; charset=utf-8")
