"""An organiser undoes their own recent decision on a proposal (accepted, declined, kept
for later) by appending `ProposalDecisionUndone`: the proposal is in the state it had
before the decision again, the history shows both, and the speakers, who were mailed the
decision, are mailed a correction (talks/notify/automation.py).

Refused when the decision is not the organiser's own, is older than UNDO_WINDOW, was
undone already, or the proposal changed since (a later decision, the speaker confirmed
or withdrew); an accepted talk that is on a meetup's agenda must be taken off it first
(a talk on the schedule must be accepted)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventstore.errors import CommandRefused
from eventstore.events import Event
from eventstore.history import UNDO_WINDOW, recorded_actor
from talks import errors
from talks import events as e
from talks.proposal import ACCEPTED, STATUS_LABELS, Proposal

# "Recent": an older decision is changed by a new decision, not undone.

DECISIONS = (e.ProposalAccepted, e.ProposalDeclined, e.ProposalKeptForLater)
STATUS_CHANGES = (*DECISIONS, e.TalkConfirmed, e.ProposalWithdrawn, e.ProposalDecisionUndone)


def decide_undo_decision(history: list[Event], *, version: int, by: UUID, now: datetime, on_agenda: bool) -> list[Event]:
    proposal = Proposal.fold(history)
    if not proposal.exists:
        raise errors.ProposalNotFound
    if not 1 <= version <= len(history):
        raise errors.CannotUndo("There is no such change to undo.")
    target = history[version - 1]
    if not isinstance(target, DECISIONS):
        raise errors.CannotUndo("Only a decision (accept, decline, keep for later) can be undone.")
    if recorded_actor(target)[0] != by:
        raise errors.CannotUndo("You can only undo your own decisions.")
    if now - target.timestamp > UNDO_WINDOW:
        raise errors.CannotUndo(f"That decision is more than {UNDO_WINDOW.days} days old: decide again instead.")
    if any(isinstance(x, e.ProposalDecisionUndone) and x.undone_version == version for x in history):
        raise errors.CannotUndo("That decision has been undone already.")
    latest = max(i for i, x in enumerate(history, start=1) if isinstance(x, STATUS_CHANGES))
    if latest != version:
        raise errors.CannotUndo(f"The proposal has changed since: it is {STATUS_LABELS[proposal.status]} now.")
    if proposal.status == ACCEPTED and on_agenda:
        raise errors.CannotUndo("The talk is on a meetup's agenda: take it off the agenda first.")
    before = Proposal.fold(history[: version - 1]).status
    return [e.ProposalDecisionUndone(undone_version=version, status=before, by=by)]


def undoable_versions(history: list[Event], *, by: UUID, now: datetime, on_agenda: bool) -> set[int]:
    found = set()
    for version, event in enumerate(history, start=1):
        if isinstance(event, DECISIONS) and recorded_actor(event)[0] == by:
            try:
                decide_undo_decision(history, version=version, by=by, now=now, on_agenda=on_agenda)
            except CommandRefused:
                continue
            found.add(version)
    return found
