"""What follows the log: projections (read models) and automations (side effects).

A consumer reads the events of the types it names, in log order, from its own tracked
position, and applies each page of them in one transaction together with the move of
that position (eventstore/runner.py, and the store for inline projections). So an event
is applied once and in order, whoever applies it, even after a crash: a transaction that
did not commit moved neither the consumer's rows nor its position.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from eventstore.events import Event

PAGE_SIZE = 1000


class Consumer(ABC):
    """Subclass Projection or Automation, not this."""

    name: ClassVar[str]
    # The event types it reads; () reads every event.
    events: ClassVar[tuple[type[Event], ...]] = ()
    # Brought up to date by the command that appends its events, in the command's
    # transaction (read-your-writes). Only projections may be; automations run behind.
    inline: ClassVar[bool] = False

    @abstractmethod
    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        """Write the effect of a page of (notification id, event) pairs, in order, in the
        transaction that also moves the position."""


_registry: dict[str, Consumer] = {}


def register[C: type[Consumer]](cls: C) -> C:
    """Class decorator: one instance per consumer class, found by its name."""
    if cls.name in _registry and type(_registry[cls.name]) is not cls:
        raise ValueError(f"Two consumers are named {cls.name!r}: {type(_registry[cls.name])} and {cls}")
    _registry[cls.name] = cls()
    return cls


def registered[C: Consumer](kind: type[C]) -> list[C]:
    """The registered consumers of one kind (Projection, Automation), by name."""
    return [c for _, c in sorted(_registry.items()) if isinstance(c, kind)]


def get[C: Consumer](kind: type[C], name: str) -> C:
    consumer = _registry.get(name)
    if not isinstance(consumer, kind):
        known = ", ".join(c.name for c in registered(kind)) or "none"
        raise KeyError(f"No {kind.__name__.lower()} named {name!r} (known: {known})")
    return consumer


def inline_for(types: set[type[Event]]) -> list[Consumer]:
    """The inline consumers that read any of these event types (no `events`: every event)."""
    return [c for c in _registry.values() if c.inline and (not c.events or types.intersection(c.events))]
