"""The undo of a decision: load the proposal's stream, decide (talks/undo/decision.py),
append."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventstore.store import Recording, execute
from talks.undo.agenda import is_on_an_agenda
from talks.undo.decision import decide_undo_decision


def undo_decision(*, proposal_id: UUID, version: int, by: UUID, now: datetime) -> list[Recording]:
    on_agenda = is_on_an_agenda(proposal_id)
    return execute(
        proposal_id, lambda h: decide_undo_decision(h, version=version, by=by, now=now, on_agenda=on_agenda)
    )
