"""Test events: notes that people take, edit and pin (one stream per note)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from eventstore.events import Event, released_as
from eventstore.personal import PersonalData


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


@dataclass(frozen=True, kw_only=True)
class NoteSigned(Event):
    """A note signed by a person (test of personal data sealed with that person's key)."""

    personal_data: ClassVar = PersonalData(subject="person_id", fields={"signature": "someone", "remarks": []})

    person_id: UUID
    signature: str
    remarks: list[str] = field(default_factory=list)
    pages: int = 1
