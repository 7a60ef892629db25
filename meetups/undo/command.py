"""The undo command: load the meetup's stream, decide (meetups/undo/decision.py: what can
be undone and what each undo refuses), append."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventstore.store import Recording, execute
from meetups.meetup import meetup_stream
from meetups.undo.decision import decide_undo


def undo_change(*, slug: str, version: int, by: UUID, now: datetime) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_undo(h, version=version, by=by, now=now))
