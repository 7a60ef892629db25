"""The base class of every domain event.

A domain event is a frozen dataclass of past-tense facts. The envelope (which stream,
which version in it, when) is stamped by the store when the event is appended, so a
decision returns bare facts and tests compare facts: the envelope takes no part in `==`.

Event classes never move or change meaning once released; add a new class, or give the
class a `class_version` and an `upcast_vN_vN+1` static method (eventsourcing's upcasting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

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
