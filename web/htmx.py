"""htmx requests that get a fragment of a page."""

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request, except a history restore (the browser lost its cached copy of
    a page whose URL htmx pushed): that one needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request
