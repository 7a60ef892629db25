"""Builders for the event store's own tests: notes appended straight to the log."""

from __future__ import annotations

from uuid import UUID, uuid4

from eventstore.store import event_store
from eventstore.tests.app.events import NoteEdited, NotePinned, NoteTaken
from eventstore.tests.app.models import Note


def append_notes(count: int, *, project: bool = False) -> None:
    """`count` notes, each taken and edited: 2 x count events, appended in batches
    (without projecting them, unless asked)."""
    store = event_store()
    batch = []
    for i in range(count):
        stream = uuid4()
        batch += [
            NoteTaken(originator_id=stream, originator_version=1, number=i + 1, author=f"n{i}@example.com", title=f"N{i}"),
            NoteEdited(originator_id=stream, originator_version=2, title=f"Note {i}", text=str(i), tags=["t", str(i % 3)]),
        ]
        if len(batch) >= 1000:
            store.append_stamped(batch, project=project)
            batch = []
    if batch:
        store.append_stamped(batch, project=project)


def take_note(number: int, title: str = "A note", author: str = "ann@example.com") -> UUID:
    """One note through a command, projected inline."""
    stream = uuid4()
    event_store().execute(stream, lambda history: [NoteTaken(number=number, author=author, title=title)])
    return stream


def pin_note(stream: UUID) -> int:
    """Pin a note through a command (the test automation mails its author); returns the
    NotePinned event's notification id."""
    [recording] = event_store().execute(stream, lambda history: [NotePinned()])
    return recording.notification.id


def rows() -> list[tuple]:
    return list(Note.objects.order_by("number").values_list("note_id", "number", "title", "text", "tags", "version"))
