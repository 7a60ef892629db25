"""The base class of every domain event, and the topics events are stored under.

A domain event is a frozen dataclass of past-tense facts. The envelope (which stream,
which version in it, when, who did it and in which request) is stamped by the store when
the event is appended, so a decision returns bare facts and tests compare facts: the
envelope takes no part in `==`.

Who did it (docs/decisions/0011-actor-in-the-envelope.md): `actor_id` is the member who
did it (None when the system did), `actor_kind` one of ACTOR_KINDS, `actor_cause` why the
system did it ("promoted because of event 7": empty when a person did), `request_id` the
request it came from. The store takes them from eventstore.context (`acting_as`, set by
the web layer for the signed-in member, by the worker for automations); a decision may set
them itself for what the system does on its own account (an automatic promotion).
Events stored before the envelope had these fields load with the class defaults
(`actor_kind=""`: not recorded), so no upcasting is needed.

Event classes never move or change meaning once released; add a new class, or give the
class a `class_version` and an `upcast_vN_vN+1` static method (eventsourcing's upcasting).
A class that had to move anyway registers the module it was released in with
`released_as(...)`: events stored under the old topic still load as the new class, and
`topics_of()` (what every read by event type uses) names both topics, so a projection
rebuilt from the log finds the old events too (docs/decisions/0005-moved-event-classes.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from eventsourcing.utils import get_topic, register_topic

NO_STREAM = UUID(int=0)

ActorKind = Literal["member", "organiser", "system", ""]
ACTOR_KINDS: tuple[ActorKind, ...] = ("member", "organiser", "system")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class Event:
    originator_id: UUID = field(default=NO_STREAM, compare=False)
    originator_version: int = field(default=0, compare=False)
    timestamp: datetime = field(default_factory=utc_now, compare=False)
    # Plain defaults (not factories): dataclasses keep them as class attributes, which is
    # what an event stored without these fields reads (the mapper sets __dict__ directly).
    actor_id: UUID | None = field(default=None, compare=False)
    actor_kind: ActorKind = field(default="", compare=False)
    actor_cause: str = field(default="", compare=False)
    request_id: str = field(default="", compare=False)

    @property
    def stream_id(self) -> UUID:
        return self.originator_id


# Topics an event class was stored under before it moved, by class.
_old_topics: dict[type, list[str]] = {}


def released_as(old_module: str, classes: Iterable[type[Event]]) -> None:
    """These classes were released in `old_module` (same class names) and have moved:
    events stored under `old_module:Name` load as the class where it lives now."""
    for cls in classes:
        topic = f"{old_module}:{cls.__qualname__}"
        register_topic(topic, cls)
        if topic not in _old_topics.setdefault(cls, []):
            _old_topics[cls].append(topic)


def topics_of(classes: Iterable[type[Event]]) -> list[str]:
    """Every topic the events of these classes are stored under (current and old)."""
    return sorted({t for cls in classes for t in (get_topic(cls), *_old_topics.get(cls, ()))})
