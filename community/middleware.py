"""Site-wide middleware for running behind a proxy (issue 9).

- RequestIdMiddleware: every request gets an id (the trusted proxy's X-Request-ID, else a
  new one), runs inside eventstore.context.request_scope (so the events it causes can
  record it), and answers with it in X-Request-ID (gunicorn's access log prints it).
- BodySizeLimitMiddleware: 413 for a body larger than REQUEST_BODY_MAX_BYTES, before any
  of it is read.
- PrivatePagesMiddleware: Permissions-Policy on every response; `Cache-Control: private,
  no-store` on pages that carry personal data (a signed-in member's pages, the account and
  admin pages), so neither a shared cache nor the browser's back button keeps them.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from eventstore.context import request_scope

# What we accept from the proxy: nginx's $request_id is 32 hex digits; allow UUIDs and the
# like, never arbitrary text (it goes into logs and onto events).
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
PRIVATE_PREFIXES = ("/accounts/", "/admin/", "/members/me/")


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_of(request: HttpRequest) -> str:
    return request_id_offered(request.headers.get("X-Request-ID", ""))


def request_id_offered(offered: str) -> str:
    """The proxy's X-Request-ID when a trusted proxy stands in front (TRUSTED_PROXY_COUNT)
    and it looks like an id; otherwise a new one (a client's own header is not believed)."""
    if settings.TRUSTED_PROXY_COUNT and _REQUEST_ID.fullmatch(offered):
        return offered
    return new_request_id()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_of(request)
        with request_scope(request.request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class BodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.\n", status=400, content_type="text/plain")
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return HttpResponse(
                f"Request body too large (at most {settings.REQUEST_BODY_MAX_BYTES} bytes).\n",
                status=413,
                content_type="text/plain",
            )
        return self.get_response(request)


def carries_personal_data(request: HttpRequest) -> bool:
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    user = getattr(request, "user", None)
    # Only when the session was looked at anyway: an anonymous public page stays cacheable.
    return bool(user is not None and getattr(request, "session", None) is not None and request.session.accessed and user.is_authenticated)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if carries_personal_data(request):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response
