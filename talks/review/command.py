"""Organisers review proposals (a score 1-5 and a comment each), decide (accept,
decline, keep for later, with a message emailed to the speakers), and open or close
the call for proposals."""

from __future__ import annotations

from contextlib import nullcontext
from uuid import UUID

from django.db import transaction

from eventstore.events import Event
from eventstore.store import Recording, execute
from talks import errors
from talks import events as e
from talks.meetup_agenda import take_out_talk
from talks.proposal import (
    ACCEPTED,
    CFP_STREAM,
    CONFIRMED,
    DECLINED,
    KEPT,
    STATUS_LABELS,
    SUBMITTED,
    WITHDRAWN,
    Proposal,
    cfp_is_open,
)
from web.text import text_problem

DECISIONS = {"accept": e.ProposalAccepted, "decline": e.ProposalDeclined, "keep": e.ProposalKeptForLater}
# Where each decision may be taken from.
ALLOWED_FROM = {"accept": {SUBMITTED, KEPT}, "decline": {SUBMITTED, KEPT, ACCEPTED}, "keep": {SUBMITTED}}


def decide_review(history: list[Event], *, reviewer_id: UUID, score: int, comment: str) -> list[Event]:
    """A score from 1 to 5 and a comment without control characters; reviewing again
    replaces one's review; not for withdrawn proposals; a reviewer cannot review their
    own proposal."""
    p = Proposal.fold(history)
    if not p.exists:
        raise errors.ProposalNotFound
    if p.status == WITHDRAWN:
        raise errors.ProposalWithdrawn
    if reviewer_id in p.speakers:
        raise errors.WrongStatus("You cannot review your own proposal.")
    if not 1 <= score <= 5:
        raise errors.InvalidProposal("A score is a whole number from 1 to 5.")
    if problem := text_problem(comment, what="The comment"):
        raise errors.InvalidProposal(problem)
    if p.reviews.get(reviewer_id) == (score, comment.strip()):
        return []
    return [e.ProposalReviewed(reviewer_id=reviewer_id, score=score, comment=comment.strip())]


def decide_decision(history: list[Event], *, decision: str, message: str, by: UUID) -> list[Event]:
    """Accept or decline an undecided proposal (an accepted, unconfirmed one may still be
    declined), or keep a new one for later; the message goes to the speakers, so it
    must be there, without control characters."""
    p = Proposal.fold(history)
    if not p.exists:
        raise errors.ProposalNotFound
    if decision not in DECISIONS:
        raise errors.InvalidProposal("Choose accept, decline or keep for later.")
    if p.status not in ALLOWED_FROM[decision]:
        raise errors.WrongStatus(f"That decision does not fit a proposal that is {STATUS_LABELS[p.status]}.")
    if not message.strip():
        raise errors.InvalidProposal("Please write a message for the speakers.")
    if problem := text_problem(message, what="The message"):
        raise errors.InvalidProposal(problem)
    return [DECISIONS[decision](message=message.strip(), decided_by=by)]


def decide_call_for_proposals(history: list[Event], *, open_it: bool, by: str) -> list[Event]:
    is_open = cfp_is_open(history)
    if open_it == is_open:
        raise errors.CallForProposalsAlready("open" if is_open else "closed")
    return [e.CallForProposalsOpened(opened_by=by) if open_it else e.CallForProposalsClosed(closed_by=by)]


def review_proposal(*, proposal_id: UUID, reviewer_id: UUID, score: int, comment: str) -> list[Recording]:
    return execute(proposal_id, lambda h: decide_review(h, reviewer_id=reviewer_id, score=score, comment=comment))


def decide_on_proposal(
    *, proposal_id: UUID, decision: str, message: str, by: UUID, scheduled_at: str | None = None
) -> list[Recording]:
    """`scheduled_at` is the slug of the meetup whose agenda has the talk, if any (found
    by the caller from the proposals projection): declining an accepted talk takes it
    off that agenda in the same transaction, so no declined talk keeps a slot."""
    with transaction.atomic() if scheduled_at else nullcontext():
        recorded = execute(proposal_id, lambda h: decide_decision(h, decision=decision, message=message, by=by))
        if scheduled_at and any(isinstance(r.domain_event, e.ProposalDeclined) for r in recorded):
            recorded += take_out_talk(slug=scheduled_at, talk_id=proposal_id, by=str(by))
        return recorded


def set_call_for_proposals(*, open_it: bool, by: str) -> list[Recording]:
    return execute(CFP_STREAM, lambda h: decide_call_for_proposals(h, open_it=open_it, by=by))


__all__ = [
    "ACCEPTED", "CONFIRMED", "DECLINED", "KEPT", "decide_call_for_proposals", "decide_decision", "decide_on_proposal",
    "decide_review", "review_proposal", "set_call_for_proposals",
]
