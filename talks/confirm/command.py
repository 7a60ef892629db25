"""A speaker confirms an accepted talk."""

from __future__ import annotations

from uuid import UUID

from eventstore.events import Event
from eventstore.store import Recording, execute
from talks import errors
from talks import events as e
from talks.proposal import ACCEPTED, CONFIRMED, STATUS_LABELS, Proposal


def decide_confirm(history: list[Event], *, by: UUID) -> list[Event]:
    """Only a speaker, only an accepted talk; confirming twice records nothing."""
    p = Proposal.fold(history)
    if not p.exists:
        raise errors.ProposalNotFound
    if by not in p.speakers:
        raise errors.NotASpeaker
    if p.status == CONFIRMED:
        return []
    if p.status != ACCEPTED:
        raise errors.WrongStatus(f"Only an accepted talk can be confirmed; this one is {STATUS_LABELS[p.status]}.")
    return [e.TalkConfirmed(confirmed_by=by)]


def confirm_talk(*, proposal_id: UUID, by: UUID) -> list[Recording]:
    return execute(proposal_id, lambda h: decide_confirm(h, by=by))
