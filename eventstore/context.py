"""What the code running now is doing it for: the request it came from.

The web layer sets the request id when a request begins (taken from the trusted proxy's
`X-Request-ID` or generated); the store can then record it on the events the request
causes, so a line in the access log leads to the events and back. Outside a request
(the worker, a management command) there is none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("convene_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_scope(request_id: str | None) -> Iterator[None]:
    """Run the block as part of the request `request_id`."""
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)
