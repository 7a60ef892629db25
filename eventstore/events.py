"""The base class of every domain event, and the topics events are stored under.

A domain event is a frozen dataclass of past-tense facts. The envelope (which stream,
which version in it, when) is stamped by the store when the event is appended, so a
decision returns bare facts and tests compare facts: the envelope takes no part in `==`.

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
from uuid import UUID

from eventsourcing.utils import get_topic, register_topic

NO_STREAM = UUID(int=0)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class Event:
    originator_id: UUID = field(default=NO_STREAM, compare=False)
    originator_version: int = field(default=0, compare=False)
    timestamp: datetime = field(default_factory=utc_now, compare=False)

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
