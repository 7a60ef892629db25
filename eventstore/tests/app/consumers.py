"""Test projections (notes, through KeyedRows; pins, of rarer events) and a test
automation (mail the author when a note is pinned)."""

from __future__ import annotations

from eventstore.automations import Automation, Outbox
from eventstore.bulk import KeyedRows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection
from eventstore.tests.app.events import NoteEdited, NotePinned, NoteTaken, NoteUnpinned
from eventstore.tests.app.models import Note, Pin


@register
class NotesProjection(Projection):
    name = "test-notes"
    models = (Note,)
    events = (NoteTaken, NoteEdited, NotePinned, NoteUnpinned)

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        rows = KeyedRows(Note, "note_id", (e.originator_id for _, e in page), using=using)
        for _, event in page:
            key = event.originator_id
            if isinstance(event, NoteTaken):
                rows.add(key, Note(
                    note_id=key, number=event.number, author=event.author, title=event.title, taken_at=event.timestamp,
                    changed_at=event.timestamp, version=event.originator_version,
                ))
                continue
            row = rows.get(key)
            match event:
                case NoteEdited():
                    row.title, row.text, row.tags = event.title, event.text, list(event.tags)
                case NotePinned():
                    row.pinned = True
                case NoteUnpinned():
                    row.pinned = False
            row.changed_at, row.version = event.timestamp, event.originator_version
            rows.touch(key)
        rows.save()


@register
class PinsProjection(Projection):
    name = "test-pins"
    models = (Pin,)
    events = (NotePinned, NoteUnpinned)

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        for _, event in page:
            if isinstance(event, NotePinned):
                Pin.objects.using(using).update_or_create(note_id=event.originator_id, defaults={"pinned_at": event.timestamp})
            else:
                Pin.objects.using(using).filter(note_id=event.originator_id).delete()


@register
class PinnedMail(Automation):
    name = "test-notes.pinned-mail"
    events = (NotePinned,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        note = Note.objects.get(note_id=event.originator_id)
        outbox.mail(key=(notification_id, note.author), to=note.author, subject=f"Pinned: {note.title}", body=note.text)
