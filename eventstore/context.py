"""What the code running now is doing it for: the request it came from, and who acts.

The web layer sets the request id when a request begins (taken from the trusted proxy's
`X-Request-ID` or generated); the store records it on the events the request causes, so
a line in the access log leads to the events and back. Outside a request (the worker, a
management command) there is none.

The actor is who the events appended now are done by (docs/decisions/0011-actor-in-the-envelope.md):
the signed-in member or organiser (set by membership's middleware), or the system with
its cause (the worker's automations, a management command). Code that runs with no actor
set is the system, cause unknown ("").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from uuid import UUID

from eventstore.events import ACTOR_KINDS, ActorKind

_request_id: ContextVar[str | None] = ContextVar("convene_request_id", default=None)


@dataclass(frozen=True)
class Actor:
    id: UUID | None
    kind: ActorKind
    cause: str = ""


SYSTEM = Actor(None, "system")
_actor: ContextVar[Actor | Callable[[], Actor]] = ContextVar("convene_actor", default=SYSTEM)


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


def current_actor() -> Actor:
    actor = _actor.get()
    return actor if isinstance(actor, Actor) else actor()


@contextmanager
def acting_as_found_by(find: Callable[[], Actor]) -> Iterator[None]:
    """Like `acting_as`, but who acts is found only when an event is appended: a request
    that appends nothing never looks at its user (nor its session: no `Vary: Cookie`)."""
    token = _actor.set(find)
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def acting_as(actor_id: UUID | None, kind: ActorKind, cause: str = "") -> Iterator[Actor]:
    """Events appended in the block are done by `actor_id` as `kind` ("member",
    "organiser", or "system" with `cause`, say "automation meetups.promotion-mail")."""
    if kind not in ACTOR_KINDS:
        raise ValueError(f"An actor is one of {ACTOR_KINDS}, not {kind!r}")
    actor = Actor(actor_id, kind, cause[:200])
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)
