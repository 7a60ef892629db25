"""Test events: notes that people take, edit and pin (one stream per note)."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventstore.events import Event, released_as


@dataclass(frozen=True, kw_only=True)
class NoteTaken(Event):
    number: int
    author: str  # an email address
    title: str


@dataclass(frozen=True, kw_only=True)
class NoteEdited(Event):
    title: str
    text: str
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class NotePinned(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class NoteUnpinned(Event):
    pass


# As if NoteTaken had first been released in another module and moved here: the tests
# of moved event classes store events under this old topic (eventstore/tests/test_store.py).
released_as("eventstore.tests.app.released", [NoteTaken])
