"""A speaker withdraws a proposal at any time before the talk is given; a scheduled
talk leaves the agenda in the same transaction, and the organisers are emailed."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.utils import timezone

from eventstore.events import Event
from eventstore.store import Recording, event_store, execute
from meetups.streams import meetup_stream
from talks import errors
from talks import events as e
from talks.meetup_agenda import MeetupAgenda, take_out_talk
from talks.proposal import WITHDRAWN, Proposal
from web.text import text_problem


def decide_withdraw(history: list[Event], *, by: UUID, given: bool, reason: str = "") -> list[Event]:
    """Only a speaker; not once the talk has been given; withdrawing twice is refused; the
    reason (optional) holds no control characters."""
    p = Proposal.fold(history)
    if not p.exists:
        raise errors.ProposalNotFound
    if by not in p.speakers:
        raise errors.NotASpeaker
    if p.status == WITHDRAWN:
        raise errors.ProposalWithdrawn
    if given:
        raise errors.TalkAlreadyGiven
    if problem := text_problem(reason, what="The reason"):
        raise errors.InvalidProposal(problem)
    return [e.ProposalWithdrawn(withdrawn_by=by, reason=reason.strip())]


def withdraw_proposal(*, proposal_id: UUID, by: UUID, reason: str = "", scheduled_at: str | None = None) -> list[Recording]:
    """`scheduled_at` is the slug of the meetup whose agenda has the talk, if any (found
    by the caller from the schedule projection); its stream decides whether the talk was
    given already."""
    with transaction.atomic():
        given = False
        if scheduled_at:
            meetup = MeetupAgenda.fold(event_store().load(meetup_stream(scheduled_at)))
            slot = meetup.slots.get(proposal_id)
            given = slot is not None and slot.starts_at <= timezone.now()
            if not meetup.scheduled or slot is None:
                scheduled_at = None
        recorded = execute(proposal_id, lambda h: decide_withdraw(h, by=by, given=given, reason=reason))
        if scheduled_at:
            recorded += take_out_talk(slug=scheduled_at, talk_id=proposal_id, by=str(by), reason="withdrawn")
        return recorded
