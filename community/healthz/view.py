"""GET /healthz: is this web process able to serve, and is the site keeping up?

JSON: the database reachable, each projection's and automation's lag behind the log (events
and seconds), the unsent mail. 200 when all is well; 503 when the database does not answer
or a lag passes HEALTHZ_MAX_LAG_EVENTS / HEALTHZ_MAX_LAG_SECONDS (the worker is down or
stuck). The proxy and monitoring poll it; it reads no session and sets no cookie."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from eventstore.health import lags, unsent_mail

log = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        consumers = lags()
        mail = unsent_mail()
    except DatabaseError as error:
        log.warning("healthz: database unreachable: %s", error.__class__.__name__)
        # Drop the broken connection so the next request opens a new one.
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"ok": False, "database": False, "problems": ["database unreachable"]}, status=503)
    problems = [
        f"{lag.kind} {lag.name} is {lag.events} event(s) / {lag.seconds:.0f} s behind"
        for lag in consumers
        if lag.events > settings.HEALTHZ_MAX_LAG_EVENTS or lag.seconds > settings.HEALTHZ_MAX_LAG_SECONDS
    ]
    body = {
        "ok": not problems,
        "database": True,
        "consumers": [lag.as_json() for lag in consumers],
        "unsent_mail": mail,
        "thresholds": {"events": settings.HEALTHZ_MAX_LAG_EVENTS, "seconds": settings.HEALTHZ_MAX_LAG_SECONDS},
        "problems": problems,
    }
    return JsonResponse(body, status=503 if problems else 200)
